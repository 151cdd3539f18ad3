"""Alignment: which central task group, 03/NQ-CP task or parent indicator a local item serves.

Each link carries its method and score so an auditor can judge it: `heading`
(the local group restates a central heading), `keyword` (the heading speaks
of one group's subject), `content` (the task's own text serves the group,
graph/groups.py), `similarity` (a task restates a central programme task,
`Programme.restatements`) and `manual` (a correction or a review). Matching is
on folded text, so OCR'd plans without diacritics still match.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from ..text import fold
from .groups import GROUP_KEYWORDS
from .retrieval import Index, shared_wording

HEADING_THRESHOLD = 0.72
VERBATIM_THRESHOLD = 0.95
TASK_THRESHOLD = 0.80
INDICATOR_THRESHOLD = 0.72


@dataclass(frozen=True)
class Link:
    target: int  # index into the candidate list
    method: str
    score: float


@lru_cache(maxsize=1 << 16)
def _clean(text: str) -> str:
    # cached: every plan is compared with the same central texts, and plans copy the same task texts
    return re.sub(r"[^a-z0-9 ]+", " ", fold(text))


def _keyword_links(title: str, n_central: int) -> list[Link]:
    """Groups whose subject words the heading uses, in the order the heading names them."""
    folded = fold(title)
    hits: list[tuple[int, int]] = []
    for number, words in GROUP_KEYWORDS.items():
        if number - 1 >= n_central:
            continue
        positions = [m.start() for w in words for m in re.finditer(rf"\b{re.escape(w)}\b", folded)]
        if positions:
            hits.append((min(positions), number - 1))
    return [Link(index, "keyword", 0.6) for _, index in sorted(hits)]


def align_heading(title: str, central_titles: list[str]) -> list[Link]:
    """Central groups a local group heading serves.

    Every heading repeats "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi
    số", so whole-heading similarity alone is fooled by that refrain: a
    "Phát triển nguồn nhân lực" heading scores best against group 1. The
    subject words decide instead, and the similar heading is taken when it
    names the same subject, when the heading names no known subject, or when
    it is a near-verbatim restatement.
    """
    t = _clean(title)
    if not t.strip() or not central_titles:
        return []
    choices = [_clean(c) for c in central_titles]
    best = process.extractOne(t, choices, scorer=fuzz.token_set_ratio)
    heading = (
        Link(best[2], "heading", round(best[1] / 100, 3))
        if best and best[1] / 100 >= HEADING_THRESHOLD
        else None
    )
    keywords = _keyword_links(title, len(central_titles))
    if heading and (
        not keywords or heading.score >= VERBATIM_THRESHOLD or heading.target in {k.target for k in keywords}
    ):
        return [heading]
    # a heading matching many subjects ("Giám sát, đánh giá, tuyên truyền") keeps only its first two
    return keywords[:2]


def align_texts(
    texts: list[str], candidates: list[str], threshold: float = TASK_THRESHOLD
) -> list[Link | None]:
    """For each text, the candidate it restates (token-set similarity on folded text) or None."""
    cands = [_clean(c)[:400] for c in candidates]
    out: list[Link | None] = []
    for text in texts:
        t = _clean(text)[:400]
        if len(t) < 20 or not cands:
            out.append(None)
            continue
        best = process.extractOne(t, cands, scorer=fuzz.token_set_ratio, score_cutoff=threshold * 100)
        # token_set_ratio is generous with short candidates: require real overlap both ways
        if (
            best
            and best[1] / 100 >= threshold
            and fuzz.ratio(t[: len(cands[best[2]])], cands[best[2]]) / 100 >= threshold - 0.25
        ):
            out.append(Link(best[2], "similarity", round(best[1] / 100, 3)))
            continue
        out.append(None)
    return out


# an indicator that quotes a central one inside a longer sentence ("Tỷ lệ chi … đạt 3% tổng chi ngân sách")
INDICATOR_PARTIAL = 0.80  # rapidfuzz partial_ratio on folded text
INDICATOR_TOKENS = 0.75  # … and token_set_ratio


@lru_cache(maxsize=4096)
def _unit_kind(unit: str) -> tuple[bool, str]:
    words = re.sub(r"[^a-z0-9% ]+", " ", fold(unit)).replace("%", " % ").split()
    rest = [w for w in words if w != "%"]
    return "%" in words, rest[0] if rest else ""


def units_compatible(a: str, b: str) -> bool:
    """Can targets in unit a be compared with targets in unit b? (a share with a share, a count with a count)."""
    (pa, wa), (pb, wb) = _unit_kind(a), _unit_kind(b)
    return pa == pb and (not wa or not wb or wa.startswith(wb) or wb.startswith(wa))


def align_indicators(local: list[tuple[str, str]], central: list[tuple[str, str]]) -> list[Link | None]:
    """For each local (name, unit), the central indicator it sets a target for, or None.

    First the name restates a central name (`align_texts`); failing that, the
    local name quotes a central one inside a longer sentence, in a compatible
    unit. Both are reported as `similarity` with their score.
    """
    links = align_texts([name for name, _ in local], [name for name, _ in central], INDICATOR_THRESHOLD)
    folded = [_clean(name) for name, _ in central]
    for i, ((name, unit), link) in enumerate(zip(local, links, strict=True)):
        if link is not None:
            continue
        text = _clean(name)
        best: tuple[tuple[float, float], int] | None = None
        for j, (ctext, (_, cunit)) in enumerate(zip(folded, central, strict=True)):
            if len(ctext) < 20 or not units_compatible(unit, cunit):
                continue
            score = (fuzz.partial_ratio(ctext, text) / 100, fuzz.token_set_ratio(ctext, text) / 100)
            if (
                score[0] >= INDICATOR_PARTIAL
                and score[1] >= INDICATOR_TOKENS
                and (best is None or score > best[0])
            ):
                best = (score, j)
        if best:
            links[i] = Link(best[1], "similarity", round(best[0][1], 3))
    return links


# ---------------------------------------------------------------------------------------------- programmes
# Restatement of central programme tasks (03/NQ-CP, 71/NQ-CP, any list of numbered tasks). Candidates come
# from TF-IDF (graph/retrieval.py) on the whole task and on each of its clauses, a local task often being
# several central tasks in one sentence; the top candidates are scored by a logistic model of five
# features, fitted on ../shared/gold/tasks (scripts/align_curve.py, docs/alignment.md), so the score
# reads as the probability that the task restates the central one. Every candidate at or above
# RESTATES_THRESHOLD is kept, not only the best.

RESTATES_WEIGHTS = (
    3.76,
    4.51,
    2.36,
    3.09,
    4.22,
)  # whole cosine, best clause cosine, margin, cover c, cover l
RESTATES_BIAS = -8.21
RESTATES_THRESHOLD = 0.40  # picked on the gold: the precision/recall curve in docs/alignment.md
WEAK_THRESHOLD = 0.03  # a top candidate below the link threshold but above this: a "weak" cover in `gaps`, shown for review
CANDIDATES = 5
_CLAUSE = re.compile(r"[;:.]\s+|\n|…")


@dataclass(frozen=True)
class Restatement:
    target: int  # index into the programme's task list
    score: float  # probability that the local task restates the central task
    evidence: str  # the wording both share
    features: tuple[float, ...] = ()


def clauses(text: str) -> list[str]:
    """The clauses of a task sentence long enough to restate a central task on their own."""
    return [p for p in _CLAUSE.split(text) if len(p.split()) >= 4]


class Programme:
    """A central programme's numbered tasks, indexed once; aligns any plan's tasks against it."""

    def __init__(self, identifier: str, texts: list[str]) -> None:
        self.identifier = identifier
        self.texts = texts
        self.index = Index(texts)

    def candidates(self, text: str, k: int = CANDIDATES) -> list[Restatement]:
        """The k closest central tasks, each scored as a probability, best first (threshold not applied)."""
        import numpy as np

        if not self.texts or len(_clean(text)) < 20:
            return []
        whole = self.index.cosines(text)
        best_clause = whole.copy()
        for part in clauses(text):
            best_clause = np.maximum(best_clause, self.index.cosines(part))
        combined = np.maximum(whole, best_clause)
        order = [int(i) for i in np.argsort(-combined)[:k] if combined[i] > 0]
        out = []
        for j, i in enumerate(order):
            others = [float(combined[o]) for jj, o in enumerate(order) if jj != j]
            margin = float(combined[i]) - (max(others) if others else 0.0)
            cover_c, cover_l, words = shared_wording(self.index, text, i)
            feats = (float(whole[i]), float(best_clause[i]), margin, cover_c, cover_l)
            z = RESTATES_BIAS + sum(w * f for w, f in zip(RESTATES_WEIGHTS, feats, strict=True))
            out.append(Restatement(i, round(1 / (1 + math.exp(-z)), 3), words, feats))
        return sorted(out, key=lambda r: -r.score)

    def restatements(self, text: str, threshold: float = RESTATES_THRESHOLD) -> list[Restatement]:
        """Every central task the text restates (score at or above the threshold), best first."""
        return [r for r in self.candidates(text) if r.score >= threshold]
