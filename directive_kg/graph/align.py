"""Alignment: which central task group, 03/NQ-CP task or parent indicator a local item serves.

Each link carries its method and score so an auditor can judge it: `heading`
(the local group restates a central heading), `keyword` (the heading speaks
of one group's subject), `similarity` (a task copies a central task's text)
and `manual` (a correction). Matching is on folded text with rapidfuzz, so
OCR'd plans without diacritics still match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..text import fold

# The subject words of the seven central task groups of 57-NQ/TW (section III), folded.
GROUP_KEYWORDS: dict[int, tuple[str, ...]] = {
    1: ("nhan thuc", "tu duy", "tuyen truyen", "quan triet", "lanh dao, chi dao", "quyet tam chinh tri"),
    2: ("the che", "co che, chinh sach", "chinh sach", "phap luat"),
    3: ("ha tang", "dau tu"),
    4: ("nhan luc", "nhan tai", "dao tao"),
    5: ("co quan trong he thong chinh tri", "chinh quyen so", "quan tri", "an ninh mang", "chu quyen so",
        "xa hoi so"),
    6: ("doanh nghiep", "kinh te so", "khoi nghiep"),
    7: ("hop tac quoc te", "hoi nhap quoc te", "lien ket vung"),
}

HEADING_THRESHOLD = 0.72
TASK_THRESHOLD = 0.80
INDICATOR_THRESHOLD = 0.72


@dataclass(frozen=True)
class Link:
    target: int  # index into the candidate list
    method: str
    score: float


def _clean(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]+", " ", fold(text))


def align_heading(title: str, central_titles: list[str]) -> list[Link]:
    """Central groups a local group heading serves (best heading match, else keyword matches)."""
    t = _clean(title)
    if not t.strip() or not central_titles:
        return []
    choices = [_clean(c) for c in central_titles]
    best = process.extractOne(t, choices, scorer=fuzz.token_set_ratio)
    if best and best[1] / 100 >= HEADING_THRESHOLD:
        return [Link(best[2], "heading", round(best[1] / 100, 3))]
    links = []
    for number, words in GROUP_KEYWORDS.items():
        if number - 1 < len(central_titles) and any(re.search(rf"\b{re.escape(w)}\b", fold(title)) for w in words):
            links.append(Link(number - 1, "keyword", 0.6))
    # a heading matching many subjects ("Giám sát, đánh giá, tuyên truyền") keeps only its first
    return links[:2]


def align_texts(texts: list[str], candidates: list[str], threshold: float = TASK_THRESHOLD) -> list[Link | None]:
    """For each text, the candidate it restates (token-set similarity on folded text) or None."""
    cands = [_clean(c)[:400] for c in candidates]
    out: list[Link | None] = []
    for text in texts:
        t = _clean(text)[:400]
        if len(t) < 20 or not cands:
            out.append(None)
            continue
        best = process.extractOne(t, cands, scorer=fuzz.token_set_ratio)
        # token_set_ratio is generous with short candidates: require real overlap both ways
        if (best and best[1] / 100 >= threshold
                and fuzz.ratio(t[: len(cands[best[2]])], cands[best[2]]) / 100 >= threshold - 0.25):
            out.append(Link(best[2], "similarity", round(best[1] / 100, 3)))
            continue
        out.append(None)
    return out
