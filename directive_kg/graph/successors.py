"""Successor links: which task of a later programme carries on each task of the earlier one, and how.

71/NQ-CP replaced 03/NQ-CP's programme; most tasks carried on (often with an earlier deadline, or a
lead renamed after the 2025 ministry mergers), some were split in two or merged, some dropped, and new
ones added. Each earlier task is compared with every later task on folded text (the OCR'd text of 71
loses diacritics, folding makes that harmless): the best match above `LINK` is its successor; a second
match of its own (one no other earlier task claims) above `SPLIT` makes it a split; two earlier tasks
whose best match is the same later task are merged into it; no match is dropped; later tasks nobody
carries on are new. A successor that keeps text, lead and deadline is `same`, otherwise `changed` with
the fields and their old and new values. An auditor overrides the pairing in the corrections file:
`successors: {"03/NQ-CP#14": "71/NQ-CP#17"}` (a list for a split, "" or "dropped" for dropped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from ..model import Task
from ..text import fold

LINK = 0.62  # combined similarity for a successor
SPLIT = 0.80  # … for a second successor (a split)
SAME_TEXT = 0.93  # folded text this close is the same text (OCR noise, punctuation)


@dataclass
class Change:
    field: str  # text | lead | deadline
    old: str | None
    new: str | None


@dataclass
class Succession:
    old: str | None  # "03/NQ-CP#14", None for a new task
    new: str | None  # "71/NQ-CP#17", None when dropped
    relation: str  # same | changed | split | merged | dropped | new
    score: float
    method: str = "similarity"  # similarity | manual
    changes: list[Change] = field(default_factory=list)


def _clean(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", fold(text)).split())


def similarity(a: str, b: str) -> float:
    """How far two task texts say the same thing: the mean of token-set and plain ratio on folded text
    (token-set alone calls a short text a perfect match of any text containing its words)."""
    x, y = _clean(a)[:400], _clean(b)[:400]
    if not x or not y:
        return 0.0
    return (fuzz.token_set_ratio(x, y) + fuzz.ratio(x, y)) / 200


def similarities(a: list[str], b: list[str]) -> list[list[float]]:
    """`similarity` of every text of `a` with every text of `b`, each text folded once and every pair
    scored at once (rapidfuzz's cdist: 140 × 189 pairs one by one took most of a build's time)."""
    x, y = [_clean(t)[:400] for t in a], [_clean(t)[:400] for t in b]
    if not x or not y:
        return [[0.0] * len(y) for _ in x]
    both = process.cdist(x, y, scorer=fuzz.token_set_ratio, dtype=np.float64) + process.cdist(
        x, y, scorer=fuzz.ratio, dtype=np.float64
    )
    return [
        [float(v) / 200 if xi and y[j] else 0.0 for j, v in enumerate(row)]
        for xi, row in zip(x, both, strict=True)
    ]


def _unit_key(name: str | None) -> str:
    return _clean(name or "")


def changes(old: Task, new: Task, text_similarity: float | None = None) -> list[Change]:
    """Which of text, lead and deadline the later task changed, with the old and new values
    (`text_similarity`: the pair's `similarity` when the caller has it already)."""
    out = []
    same = similarity(old.text, new.text) if text_similarity is None else text_similarity
    if same < SAME_TEXT:
        out.append(Change("text", old.text, new.text))
    if _unit_key(old.lead_unit) != _unit_key(new.lead_unit):
        out.append(Change("lead", old.lead_unit, new.lead_unit))
    if (old.deadline or "") != (new.deadline or ""):
        out.append(Change("deadline", old.deadline, new.deadline))
    return out


ADJACENT = 2  # a split's parts are printed in neighbouring rows
PART = 80  # token-set and partial ratio (0-100) of a part against the earlier task it comes from


def _adjacent_splits(
    pairs: dict[str, list[tuple[str, float, str]]], old_key: dict[str, Task], new_key: dict[str, Task]
) -> None:
    """A later task nobody carries on, printed next to an earlier task's successor and restating a part
    of that earlier task ("Luật Thuế thu nhập cá nhân" out of "… Luật Thuế thu nhập doanh nghiệp; Luật
    Thuế thu nhập cá nhân; …"), is another part of a split: the whole text scores too low for `LINK`."""
    claimed = {n for ps in pairs.values() for n, _, _ in ps}
    number = {k: int(t.number) for k, t in new_key.items() if (t.number or "").isdigit()}
    for n, task in new_key.items():
        if n in claimed or n not in number:
            continue
        best: tuple[float, str] | None = None
        for o, ps in pairs.items():
            if (
                not ps
                or ps[0][2] == "manual"
                or not any(abs(number.get(m, -99) - number[n]) <= ADJACENT for m, _, _ in ps)
            ):
                continue
            x, y = _clean(task.text)[:400], _clean(old_key[o].text)[:400]
            part = min(fuzz.token_set_ratio(x, y), fuzz.partial_ratio(x, y))
            if part >= PART and (best is None or part > best[0]):
                best = (part, o)
        if best:
            pairs[best[1]].append((n, round(best[0] / 100, 3), "similarity"))
            claimed.add(n)


MERGE_GAP = 0.15  # an earlier task this much weaker than the best claimant of a later task looks elsewhere


def _prefer_free(
    pairs: dict[str, list[tuple[str, float, str]]],
    olds: list[str],
    news: list[str],
    scores: list[list[float]],
    group: dict[str, str | None],
) -> None:
    """Two earlier tasks whose best match is the same later task are merged into it only when both match
    it about as well: the weaker one takes its best later task nobody else claims, if that still reaches
    `LINK` in the same task group ("Xây dựng Luật Nhà giáo …" goes to "Xây dựng Luật Nhà giáo", not to
    the decree both mention)."""
    best_of: dict[str, float] = {}
    for ps in pairs.values():
        for n, sc, _ in ps:
            best_of[n] = max(best_of.get(n, 0.0), sc)
    claimed = {n for ps in pairs.values() for n, _, _ in ps}
    for i, o in enumerate(olds):
        ps = pairs[o]
        if len(ps) != 1 or ps[0][2] == "manual" or ps[0][1] >= best_of[ps[0][0]] - MERGE_GAP:
            continue
        free = [
            j
            for j in range(len(news))
            if news[j] not in claimed and scores[i][j] >= LINK and group[news[j]] == group[o]
        ]
        if free:
            j = max(free, key=lambda j: scores[i][j])
            pairs[o] = [(news[j], scores[i][j], "similarity")]
            claimed.add(news[j])


Pairs = dict[str, list[tuple[str, float, str]]]  # earlier task → [(later task, score, method)]


def _best_pairs(
    olds: list[str], news: list[str], scores: list[list[float]], manual: dict[str, object]
) -> Pairs:
    """Each earlier task's best later task at `LINK` or above, or the auditor's pairing."""
    pairs: Pairs = {}
    for i, o in enumerate(olds):
        override = manual.get(o)
        if override is not None:
            targets = override if isinstance(override, list) else [override]
            pairs[o] = [(str(t), 1.0, "manual") for t in targets if str(t) and str(t) != "dropped"]
            continue
        j = max(range(len(news)), key=lambda j: scores[i][j], default=None)
        pairs[o] = [(news[j], scores[i][j], "similarity")] if j is not None and scores[i][j] >= LINK else []
    return pairs


def _close_splits(pairs: Pairs, olds: list[str], news: list[str], scores: list[list[float]]) -> None:
    """A second or third later task that matches an earlier one at `SPLIT`, and no other earlier task
    claims, is another part of it."""
    claimed = {n for ps in pairs.values() for n, _, _ in ps}
    for i, o in enumerate(olds):
        if not pairs[o] or pairs[o][0][2] == "manual":
            continue
        for j in sorted(range(len(news)), key=lambda j: -scores[i][j])[1:3]:
            if scores[i][j] >= SPLIT and news[j] not in claimed:
                pairs[o].append((news[j], scores[i][j], "similarity"))
                claimed.add(news[j])


def _relation(n_parts: int, n_claimants: int, ch: list[Change]) -> str:
    if n_parts > 1:
        return "split"
    if n_claimants > 1:
        return "merged"
    return "changed" if ch else "same"


def link_programmes(
    old_id: str,
    old_tasks: list[Task],
    new_id: str,
    new_tasks: list[Task],
    manual: dict[str, object] | None = None,
) -> list[Succession]:
    """Every earlier task's successor(s) and every new task, in programme order."""
    manual = manual or {}
    old_key = {f"{old_id}#{t.number}": t for t in old_tasks if t.number}
    new_key = {f"{new_id}#{t.number}": t for t in new_tasks if t.number}
    olds, news = list(old_key), list(new_key)
    scores = similarities([old_key[o].text for o in olds], [new_key[n].text for n in news])
    pairs = _best_pairs(olds, news, scores, manual)
    _prefer_free(pairs, olds, news, scores, {k: t.group for k, t in (old_key | new_key).items()})
    _close_splits(pairs, olds, news, scores)
    _adjacent_splits(pairs, old_key, new_key)
    row, col = {o: i for i, o in enumerate(olds)}, {n: j for j, n in enumerate(news)}
    by_new: dict[str, list[str]] = {}
    for o, ps in pairs.items():
        for n, _, _ in ps:
            by_new.setdefault(n, []).append(o)
    out: list[Succession] = []
    for o in olds:
        if not pairs[o]:
            out.append(Succession(o, None, "dropped", 0.0, "manual" if o in manual else "similarity"))
        for n, score, method in pairs[o]:
            if n in new_key:  # a correction may name a task the later programme does not have
                ch = changes(old_key[o], new_key[n], scores[row[o]][col[n]])
                relation = _relation(len(pairs[o]), len(by_new[n]), ch)
                out.append(Succession(o, n, relation, round(score, 3), method, ch))
    out += [Succession(None, n, "new", 0.0) for n in news if n not in by_new]
    return out
