"""Group by content: the 57-NQ/TW task group(s) a local task serves, read from the task's own text.

A plan's headings are a poor guide to what its tasks serve: outside the plans whose headings copy
57-NQ/TW's, "Ưu tiên đầu tư phát triển hạ tầng số" stands under an "institutions" heading, a heading
naming two subjects gives every task under it both groups, and an OCR'd heading matches nothing. So
each task is scored against every group by three pieces of evidence:

* content: the mean cosine (graph/retrieval.py) of the task with the three closest central texts of
  the group — the group's title, 57-NQ/TW's solution paragraphs under it and the central programme
  tasks filed under it (03/NQ-CP, 71/NQ-CP);
* subject words: how many of the group's subject words (`GROUP_KEYWORDS`) the task uses (at most 2);
* the heading prior: the group(s) the task's heading aligns with, split between them when it names
  several.

The weights were picked on `../shared/gold/tasks` (scripts/align_curve.py; a broad plateau, not a
peak); the score is turned into a probability with a softmax whose temperature was fitted there too.
A second group is given only when the content scores it almost as high as the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .retrieval import Index, clean, shared_wording

# The subject words of the seven central task groups of 57-NQ/TW (section III), folded.
GROUP_KEYWORDS: dict[int, tuple[str, ...]] = {
    1: ("nhan thuc", "tu duy", "tuyen truyen", "quan triet", "lanh dao, chi dao", "quyet tam chinh tri"),
    2: ("the che", "co che, chinh sach", "chinh sach", "phap luat"),
    3: ("ha tang", "dau tu"),
    4: ("nhan luc", "nhan tai", "dao tao"),
    5: (
        "co quan trong he thong chinh tri",
        "chinh quyen so",
        "quan tri",
        "an ninh mang",
        "chu quyen so",
        "xa hoi so",
    ),
    6: ("doanh nghiep", "kinh te so", "khoi nghiep"),
    7: ("hop tac quoc te", "hoi nhap quoc te", "lien ket vung"),
}

KEYWORD_WEIGHT = 0.08  # per subject word, at most two
HEADING_WEIGHT = 0.20  # shared between the groups the heading aligns with
TOP = 3  # central texts per group whose cosines are averaged
TEMPERATURE = 0.05  # softmax temperature turning scores into probabilities (fitted on the gold)
SECOND_GROUP = 0.995  # a second group only on a near tie of the scores (the gold rarely has one)


@dataclass(frozen=True)
class GroupLink:
    number: int  # 1..7
    score: float  # probability
    evidence: str


_KEYWORDS_CLEAN = {number: [(w, f" {clean(w)} ") for w in words] for number, words in GROUP_KEYWORDS.items()}


def keyword_hits(text: str) -> dict[int, list[str]]:
    """The subject words of each group the text uses (folded), in the order of GROUP_KEYWORDS."""
    folded = f" {clean(text)} "
    out: dict[int, list[str]] = {}
    for number, words in _KEYWORDS_CLEAN.items():
        found = [w for w, cw in words if cw in folded]
        if found:
            out[number] = found
    return out


RECENT = 2048  # texts whose content scores are kept (GroupModel._content)


class GroupModel:
    """The central texts of each group, indexed once per build; `classify` scores one task."""

    def __init__(self, titles: list[str], texts: list[tuple[int, str]], index: Index | None = None) -> None:
        self.n = len(titles)
        self.labels = np.array([i + 1 for i in range(self.n)] + [g for g, _ in texts], dtype=np.int64)
        self.texts = list(titles) + [t for _, t in texts]
        self.index = index or Index(self.texts)
        self._recent: dict[str, tuple[np.ndarray, np.ndarray, dict[int, list[str]]]] = {}

    def _sims(self, text: str) -> np.ndarray:
        return self._content(text)[0]

    def _content(self, text: str) -> tuple[np.ndarray, np.ndarray, dict[int, list[str]]]:
        """(cosines with every central text, content score per group, subject words used).

        The builder asks for each task of a plan several times: the probabilities of the whole plan for
        the restatement model first, then per task `classify` and its evidence; the answers of the
        last RECENT texts are kept (a plan has far fewer tasks), so each is computed once.
        """
        found = self._recent.get(text)
        if found is None:
            sims = self.index.cosines(text)
            content = np.zeros(self.n, dtype=np.float64)
            for k in range(self.n):
                mine = np.sort(sims[self.labels == k + 1])[-TOP:]
                content[k] = float(mine.mean()) if len(mine) else 0.0
            if len(self._recent) >= RECENT:
                self._recent.clear()
            found = self._recent[text] = (sims, content, keyword_hits(text))
        return found

    def scores(self, text: str, heading: list[int]) -> tuple[np.ndarray, np.ndarray, dict[int, list[str]]]:
        """Per group (index 0 = group 1): the total score, the content part, and the subject words used."""
        _, content, hits = self._content(text)
        total = content.copy()
        for number, words in hits.items():
            if number <= self.n:
                total[number - 1] += KEYWORD_WEIGHT * min(len(words), 2)
        for number in heading:
            if 1 <= number <= self.n:
                total[number - 1] += HEADING_WEIGHT / len(heading)
        return total, content, hits

    def probabilities(self, text: str) -> np.ndarray:
        """The probability of each group (index 0 = group 1) from the text alone, no heading prior.

        The restatement model (graph/align.py) uses it as a feature: it must not depend on where the
        plan put the task, or a heading would lend its score to every task under it.
        """
        if self.n == 0 or not clean(text):
            return np.full(self.n, 1 / max(self.n, 1))
        total, _, _ = self.scores(text, [])
        probs = np.exp((total - total.max()) / TEMPERATURE)
        return probs / probs.sum()

    def classify(self, text: str, heading: list[int] | None = None) -> list[GroupLink]:
        """The group(s) the text serves, best first, each with its probability and the wording matched."""
        if self.n == 0 or not clean(text):
            return []
        heading = heading or []
        total, content, hits = self.scores(text, heading)
        probs = np.exp((total - total.max()) / TEMPERATURE)
        probs /= probs.sum()
        order = [int(i) for i in np.argsort(-total)]
        chosen = [order[0]]
        if len(order) > 1 and total[order[1]] >= SECOND_GROUP * total[order[0]] and total[order[1]] > 0:
            chosen.append(order[1])
        return [
            GroupLink(k + 1, round(float(probs[k]), 3), self._evidence(text, k, hits, heading))
            for k in chosen
        ]

    def _evidence(self, text: str, k: int, hits: dict[int, list[str]], heading: list[int]) -> str:
        """The matched wording: the closest central text's shared words, the subject words, the heading."""
        sims = self._sims(text)
        mine = np.flatnonzero(self.labels == k + 1)
        parts = []
        if len(mine):
            best = int(mine[np.argmax(sims[mine])])
            _, _, words = shared_wording(self.index, text, best, limit=8)
            if words:
                parts.append(f"nội dung: {words}")
        if hits.get(k + 1):
            parts.append("từ khóa: " + ", ".join(hits[k + 1]))
        if k + 1 in heading:
            parts.append("tiêu đề mục")
        return "; ".join(parts)


_ROMAN = re.compile(r"^[IVX]+$")


def group_number(label: str | None) -> int:
    """The number of a central group label: "3", "III" → 3; 0 when it is not one."""
    label = (label or "").strip().upper()
    if label.isdigit():
        return int(label)
    if not _ROMAN.match(label):
        return 0
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, c in enumerate(label):
        v = values[c]
        total += -v if i + 1 < len(label) and values[label[i + 1]] > v else v
    return total
