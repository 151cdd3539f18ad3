"""One source per document: two files that are the same document in two forms (a scan and its OCR text, a
DOCX and its PDF) are loaded once.

Why: the builder names a document by its identifier, scope and year (graph/iris.py), so two forms of
one document land on the same node and every task comes twice, with two texts, two leads and two
deadlines (71/NQ-CP's scanned original beside its OCR text gave "191 tasks" and conflicting facts).
Files that share the bytes are caught earlier (build.py, by SHA-256); these differ in every byte.

Two sources are editions of one document when they get the same document IRI, the same date, and say
the same thing: as many tasks (within a tenth) whose texts, read in order, agree (rapidfuzz's ratio of
the folded texts at least `SAME_TEXT`: folding takes away most of what OCR damages, and the plain ratio,
unlike the token-set one, does not call two plans alike because they share their refrain; measured:
99.8 for 71/NQ-CP's scan against its OCR text, 80.6 for two plans whose tasks differ in subject). Two *different* documents that collide on an IRI (two
plans numbered alike, one commune unresolved) fail that test and are both kept, as before: nothing a
user loaded is dropped unless another file holds it. Of the editions, the richest read is kept (most
tasks, then indicators, then the source path in sorted order) and the others are reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..model import Extraction
from ..text import fold

SAME_TEXT = 90  # rapidfuzz ratio (0–100) of the two task lists' folded texts
TASK_SLACK = 0.1  # the task counts may differ by this share (a row OCR split or merged)
SAMPLE = 60  # tasks compared, in order (enough to tell two plans apart, cheap for a 189-task programme)


@dataclass(frozen=True)
class Edition:
    kept: str  # the source path loaded
    dropped: str  # the source path not loaded
    document: str  # the identifier (or IRI) both name


def _richness(ex: Extraction, relpath: str) -> tuple[int, int, str]:
    return (-len(ex.tasks), -len(ex.indicators), relpath)


def same_document(a: Extraction, b: Extraction) -> bool:
    """Whether two extractions that share a document IRI are one document in two forms."""
    if a.document.date != b.document.date:
        return False
    na, nb = len(a.tasks), len(b.tasks)
    if abs(na - nb) > TASK_SLACK * max(na, nb, 1):
        return False
    if not na and not nb:
        return fuzz.ratio(fold(a.document.title or ""), fold(b.document.title or "")) >= SAME_TEXT
    text_a = " ".join(fold(t.text) for t in a.tasks[:SAMPLE])
    text_b = " ".join(fold(t.text) for t in b.tasks[:SAMPLE])
    return fuzz.ratio(text_a, text_b) >= SAME_TEXT


def one_per_document(
    sources: list[tuple[str, Extraction]], iri_of: Callable[[Extraction], str]
) -> tuple[list[int], list[Edition]]:
    """The indexes of the sources to load (in their order) and the editions left out."""
    by_iri: dict[str, list[int]] = {}
    for k, (_, ex) in enumerate(sources):
        by_iri.setdefault(iri_of(ex), []).append(k)
    dropped: dict[int, Edition] = {}
    for iri, group in by_iri.items():
        if len(group) < 2:
            continue
        order = sorted(group, key=lambda k: _richness(sources[k][1], sources[k][0]))  # richest first
        for n, k in enumerate(order):
            if k in dropped:
                continue
            for j in order[n + 1 :]:
                if j not in dropped and same_document(sources[k][1], sources[j][1]):
                    name = sources[k][1].document.identifier or iri
                    dropped[j] = Edition(sources[k][0], sources[j][0], name)
    return [k for k in range(len(sources)) if k not in dropped], [dropped[k] for k in sorted(dropped)]
