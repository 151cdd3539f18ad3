"""Documents, task groups, tasks, units and alignments for the views, from the read model (queries/read.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..ontology.vocab import ROOT_MANDATE
from ..queries import read
from ..stores.base import GraphStore

ROOT = ROOT_MANDATE


@dataclass
class Doc:
    iri: str
    identifier: str | None
    level: str | None
    title: str | None
    date: str | None
    path: str | None
    lines: tuple[int, int] | None
    province: str | None
    commune: str | None
    ocr: bool

    @property
    def name(self) -> str:
        """The identifier, or for an unnumbered plan its commune/province and the IRI's tail."""
        if self.identifier:
            return self.identifier
        where = self.commune or self.province
        return f"(không số) {where}" if where else f"(không số) {self.iri.rsplit('/', 1)[-1]}"


@dataclass
class Part:
    """A task group or a task of a document."""

    iri: str
    kind: str  # "group" | "task"
    doc: str
    number: str | None
    text: str
    raw: str | None
    group: str | None
    deadline: str | None
    recurring: bool
    output: str | None
    lines: tuple[int, int] | None


@dataclass
class Facts:
    docs: dict[str, Doc] = field(default_factory=dict)
    implements: list[tuple[str, str]] = field(default_factory=list)
    parts: dict[str, Part] = field(default_factory=dict)
    lead: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # task → unit IRIs
    coordinating: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    unit_labels: dict[str, str] = field(default_factory=dict)
    alignments: dict[str, list[tuple[str, str | None, float | None]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    serves: dict[str, set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )  # node → central group numbers

    def doc_tasks(self, doc: str) -> list[Part]:
        return sorted((p for p in self.parts.values() if p.doc == doc and p.kind == "task"), key=_part_order)

    def doc_groups(self, doc: str) -> list[Part]:
        return sorted((p for p in self.parts.values() if p.doc == doc and p.kind == "group"), key=_part_order)

    def central_groups(self) -> dict[str, Part]:
        """Number → task group of 57-NQ/TW."""
        roots = [d.iri for d in self.docs.values() if d.identifier == ROOT]
        return {p.number or "": p for p in self.parts.values() if p.kind == "group" and p.doc in roots}

    def label_of(self, iri: str) -> str:
        """A short human name for any node: document identifier, 'identifier #n' for parts, unit name."""
        if iri in self.docs:
            return self.docs[iri].name
        if iri in self.parts:
            p = self.parts[iri]
            doc = self.docs.get(p.doc)
            return f"{doc.name if doc else ''} #{p.number or iri.rsplit('/', 1)[-1]}".strip()
        return self.unit_labels.get(iri, iri)


def _natural(value: str | None) -> tuple:
    import re

    return tuple(int(x) if x.isdigit() else x for x in re.split(r"(\d+)", value or ""))


def _part_order(p: Part) -> tuple:
    return (_natural(p.number) if p.kind == "group" else (), p.lines or (0, 0), _natural(p.iri))


def _lines(start: object, end: object) -> tuple[int, int] | None:
    if start is None:
        return None
    return int(start), int(end if end is not None else start)


def load_facts(store: GraphStore) -> Facts:
    """Everything the views draw, in six read-only queries (queries/read/viz-*.rq)."""
    f = Facts()
    for d in read.documents(store):
        f.docs[d.d] = Doc(
            d.d,
            d.identifier,
            d.level,
            d.title,
            d.date,
            d.path,
            _lines(d.line_start, d.line_end),
            d.province,
            d.commune,
            str(d.ocr).lower() == "true",
        )
    f.implements = sorted((e.a, e.b) for e in read.implements(store))
    for p in read.parts(store):
        f.parts[p.n] = Part(
            p.n,
            p.kind,
            p.doc,
            p.number,
            p.text or p.label or "",
            p.raw,
            p.grp,
            p.deadline,
            str(p.recurring).lower() == "true",
            p.output,
            _lines(p.line_start, p.line_end),
        )
    for u in read.task_units(store):
        (f.lead if u.role == "lead" else f.coordinating)[u.t].append(u.u)
        f.unit_labels[u.u] = u.label or u.u.rsplit("/", 1)[-1]
    for units in (*f.lead.values(), *f.coordinating.values()):
        units.sort(key=lambda u: (f.unit_labels[u], u))
    for a in read.alignments(store):
        f.alignments[a.n].append((a.x, a.method, a.score))
    for sv in read.serves(store):
        f.serves[sv.n].add(sv.gn)
    return f
