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
from collections.abc import Sequence
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


# Restatement of central programme tasks (03/NQ-CP, 71/NQ-CP, any list of numbered tasks). Candidates come
# from TF-IDF (graph/retrieval.py) on the whole task and on each of its clauses, a local task often being
# several central tasks in one sentence. Two logistic models, both fitted on ../shared/gold/tasks
# (scripts/align_curve.py, docs/alignment.md), score them so the score reads as the probability that an
# auditor accepts the link:
#
# 1. the candidate model, on six features of the pair alone (CANDIDATE_WEIGHTS); its sixth feature is the
#    group prior: the probability (graph/groups.py, the task's own text, no heading) that the local task
#    serves the 57-NQ/TW group the central task is filed under;
# 2. the plan model (PLAN_WEIGHTS), on those six and four read from the whole plan (`Programme.align_plan`):
#    the candidate is the closest to the task or to one of its clauses; its cosine lead over the next candidate; a neighbouring task of the
#    plan confidently restates a central task printed close to it (plans restate a programme in its order);
#    and how far the task leads the plan's other tasks as a candidate for the same central task (its
#    candidate-model probability minus the best other task's: a central task is restated once per plan,
#    by the task closest to it).
#
# The programme's index repairs OCR damage in the local text first (graph/retrieval.py `Lexicon.repair`).
#
# Every candidate at or above RESTATES_THRESHOLD is kept, not only the best.

CANDIDATE_WEIGHTS = (
    2.02,
    0.77,
    5.58,
    1.34,
    2.53,
    1.81,
)  # whole cosine, best clause cosine, margin, cover c, cover l, group prior
CANDIDATE_BIAS = -5.07
# the six above, then: the task's best candidate, cosine lead, a neighbour in order, lead over the plan's
# other tasks
PLAN_WEIGHTS = (2.3, -1.61, 3.73, 0.9, 2.07, 1.27, -0.03, 1.84, 1.14, 2.0)
PLAN_BIAS = -3.84
RESTATES_THRESHOLD = 0.66  # picked on the leave-one-document-out curve in docs/alignment.md
NEIGHBOURS = 1  # tasks on either side whose links say where in the programme the plan is
NEAR = 5  # central tasks printed this close to a neighbour's link are "in order"
CONFIDENT = 0.5  # the candidate-model probability from which a neighbour's link says so
NO_GROUP_PRIOR = 1 / 7  # the group prior when the central task has no group or no group model is given
WEAK_THRESHOLD = 0.04  # below the link threshold, above this: a "weak" cover in `gaps`, shown for review
CANDIDATES = 4  # closest central tasks scored per task (and shown as weak covers, review candidates)
_CLAUSE = re.compile(r"[;:.]\s+|\n|…")


@dataclass(frozen=True)
class Restatement:
    target: int  # index into the programme's task list
    score: float  # probability that the local task restates the central task
    evidence: str  # the wording both share
    features: tuple[float, ...] = ()
    closest: bool = False  # the closest central task to the whole text or to one of its clauses


def logistic(weights: Sequence[float], bias: float, features: Sequence[float]) -> float:
    """The probability a logistic model gives to a feature vector."""
    z = bias + sum(w * f for w, f in zip(weights, features, strict=True))
    return 1 / (1 + math.exp(-z))


def plan_features(
    plan: Sequence[Sequence[Restatement]],
    candidate_model: tuple[Sequence[float], float] = (CANDIDATE_WEIGHTS, CANDIDATE_BIAS),
) -> list[list[tuple[float, ...]]]:
    """The plan model's ten features of every candidate of every task of one plan, tasks in plan order.

    `plan[i]` is task i's candidates from `Programme.candidates` (their first six features are read;
    `candidate_model` scores them, so a model fitted on other documents can be used, as
    scripts/align_curve.py does when it holds a document out).
    """
    probs = [[logistic(*candidate_model, r.features[:6]) for r in task] for task in plan]
    # per central task, the two tasks of the plan with the highest probability for it
    best_two: dict[int, list[tuple[float, int]]] = {}
    for i, task in enumerate(plan):
        for r, p in zip(task, probs[i], strict=True):
            best_two[r.target] = sorted([*best_two.get(r.target, []), (p, i)], reverse=True)[:2]
    out = []
    for i, task in enumerate(plan):
        near = [
            r.target
            for j in [*range(max(0, i - NEIGHBOURS), i), *range(i + 1, min(len(plan), i + 1 + NEIGHBOURS))]
            for r, p in zip(plan[j], probs[j], strict=True)
            if p >= CONFIDENT
        ]
        cosine = [max(r.features[0], r.features[1]) for r in task]
        feats = []
        for k, r in enumerate(task):
            # a task restating two central tasks in two clauses has two closest candidates: each leads
            # the rest, not the other
            others = [
                c
                for kk, (c, o) in enumerate(zip(cosine, task, strict=True))
                if kk != k and not (r.closest and o.closest)
            ]
            feats.append(
                (
                    *r.features[:6],
                    1.0 if r.closest else 0.0,
                    cosine[k] - (max(others) if others else 0.0),
                    1.0 if any(abs(r.target - n) <= NEAR for n in near) else 0.0,
                    probs[i][k] - _best_other(best_two[r.target], i),
                )
            )
        out.append(feats)
    return out


def _best_other(best_two: list[tuple[float, int]], task: int) -> float:
    """The highest candidate-model probability another task of the plan has for the same central task."""
    return next((p for p, i in best_two if i != task), 0.0)


def clauses(text: str) -> list[str]:
    """The clauses of a task sentence long enough to restate a central task on their own."""
    return [p for p in _CLAUSE.split(text) if len(p.split()) >= 4]


class Programme:
    """A central programme's numbered tasks, indexed once; aligns any plan's tasks against it."""

    def __init__(self, identifier: str, texts: list[str], groups: list[int] | None = None) -> None:
        self.identifier = identifier
        self.texts = texts
        self.groups = groups or [0] * len(
            texts
        )  # the 57-NQ/TW group (1..7) each task is filed under, 0 = none
        self.index = Index(texts, repair=True)  # local plans are often OCR'd: read damaged syllables

    def candidates(
        self, text: str, k: int = CANDIDATES, group_probs: Sequence[float] | None = None
    ) -> list[Restatement]:
        """The k closest central tasks, each scored as a probability, best first (threshold not applied).

        `group_probs` is the probability of each group (index 0 = group 1) for the local task, from
        `GroupModel.probabilities`; without it the group prior is neutral.
        """
        import numpy as np

        if not self.texts or len(_clean(text)) < 20:
            return []
        whole = self.index.cosines(text)
        best_clause = whole.copy()
        closest = {int(np.argmax(whole))}  # the closest central task to the whole text and to each clause
        for part in clauses(text):
            sims = self.index.cosines(part)
            best_clause = np.maximum(best_clause, sims)
            if sims.max() > 0:
                closest.add(int(np.argmax(sims)))
        combined = np.maximum(whole, best_clause)
        order = [int(i) for i in np.argsort(-combined)[:k] if combined[i] > 0]
        out = []
        for j, i in enumerate(order):
            others = [float(combined[o]) for jj, o in enumerate(order) if jj != j]
            # over the mean of the others, not the best other: a task restating two central tasks has
            # two close candidates, and each of them still stands out of the rest
            margin = float(combined[i]) - (sum(others) / len(others) if others else 0.0)
            cover_c, cover_l, words = shared_wording(self.index, text, i)
            group = self.groups[i]
            prior = (
                float(group_probs[group - 1])
                if group_probs is not None and 1 <= group <= len(group_probs)
                else NO_GROUP_PRIOR
            )
            feats = (float(whole[i]), float(best_clause[i]), margin, cover_c, cover_l, prior)
            p = logistic(CANDIDATE_WEIGHTS, CANDIDATE_BIAS, feats)
            out.append(Restatement(i, round(p, 3), words, feats, i in closest))
        return sorted(out, key=lambda r: -r.score)

    def align_plan(
        self, texts: Sequence[str], group_probs: Sequence[Sequence[float] | None] | None = None
    ) -> list[list[Restatement]]:
        """Every task of one plan (in the plan's order) with its candidates scored by the plan model, best
        first (threshold not applied): what the build links and what `gaps` shows as weak covers."""
        probs = list(group_probs) if group_probs is not None else [None] * len(texts)
        plan = [self.candidates(text, group_probs=gp) for text, gp in zip(texts, probs, strict=True)]
        out = []
        for task, feats in zip(plan, plan_features(plan), strict=True):
            scored = [
                Restatement(
                    r.target, round(logistic(PLAN_WEIGHTS, PLAN_BIAS, f), 3), r.evidence, f, r.closest
                )
                for r, f in zip(task, feats, strict=True)
            ]
            out.append(sorted(scored, key=lambda r: -r.score))
        return out

    def restatements(
        self, text: str, threshold: float = RESTATES_THRESHOLD, group_probs: Sequence[float] | None = None
    ) -> list[Restatement]:
        """Every central task a text restates on its own (a plan of one task), best first."""
        return [r for r in self.align_plan([text], [group_probs])[0] if r.score >= threshold]
