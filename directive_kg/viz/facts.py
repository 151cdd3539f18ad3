"""Read documents, task groups, tasks, units and alignments from the store (read-only SPARQL) for the views."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..ontology.vocab import ROOT_MANDATE

PREFIX = """PREFIX dkg: <https://w3id.org/directive-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

DOCS = (
    PREFIX
    + """
SELECT ?d (MIN(STR(?id_l)) AS ?identifier) (MIN(STR(?lvl_l)) AS ?level) (MIN(STR(?ti_l)) AS ?title)
       (MIN(STR(?date_l)) AS ?date) (MIN(STR(?path_l)) AS ?path) (MIN(?ls) AS ?line_start) (MAX(?le) AS ?line_end)
       (MIN(STR(?prov_l)) AS ?province) (MIN(STR(?com_l)) AS ?commune) (MAX(STR(?ocr_l)) AS ?ocr)
WHERE {
  ?d a dkg:LegalDocument .
  OPTIONAL { ?d dkg:identifier ?id_l }
  OPTIONAL { ?d dkg:issuerLevel ?lvl_l }
  OPTIONAL { ?d dkg:title ?ti_l }
  OPTIONAL { ?d dkg:dateIssued ?date_l }
  OPTIONAL { ?d dkg:sourcePath ?path_l }
  OPTIONAL { ?d dkg:lineStart ?ls }
  OPTIONAL { ?d dkg:lineEnd ?le }
  OPTIONAL { ?d dkg:ocrSuspect ?ocr_l }
  OPTIONAL {
    ?d dkg:jurisdiction ?area .
    OPTIONAL { ?area a dkg:Commune ; rdfs:label ?com_l }
    OPTIONAL { ?area dkg:locatedIn ?p . ?p rdfs:label ?pl }
    OPTIONAL { ?area a dkg:Province ; rdfs:label ?al }
    BIND(COALESCE(?pl, ?al) AS ?prov_l)
  }
} GROUP BY ?d
"""
)

IMPLEMENTS = PREFIX + "SELECT DISTINCT ?a ?b WHERE { ?a dkg:implements ?b }"

PARTS = (
    PREFIX
    + """
SELECT ?n ?kind (MIN(?doc0) AS ?doc) (MIN(STR(?num_l)) AS ?number) (MIN(STR(?text_l)) AS ?text)
       (MIN(STR(?raw_l)) AS ?raw) (MIN(STR(?lab_l)) AS ?label) (MIN(?grp0) AS ?grp) (MIN(STR(?dl_l)) AS ?deadline)
       (MAX(STR(?rec_l)) AS ?recurring) (MIN(STR(?out_l)) AS ?output) (MIN(?ls) AS ?line_start) (MAX(?le) AS ?line_end)
WHERE {
  { ?doc0 dkg:hasTaskGroup ?n . BIND("group" AS ?kind) }
  UNION { ?doc0 dkg:hasTask ?n . BIND("task" AS ?kind) OPTIONAL { ?n dkg:inGroup ?grp0 } }
  OPTIONAL { ?n dkg:number ?num_l }
  OPTIONAL { ?n dkg:text ?text_l }
  OPTIONAL { ?n dkg:rawText ?raw_l }
  OPTIONAL { ?n rdfs:label ?lab_l }
  OPTIONAL { ?n dkg:deadline ?dl_l }
  OPTIONAL { ?n dkg:recurring ?rec_l }
  OPTIONAL { ?n dkg:output ?out_l }
  OPTIONAL { ?n dkg:lineStart ?ls }
  OPTIONAL { ?n dkg:lineEnd ?le }
} GROUP BY ?n ?kind
"""
)

UNITS = (
    PREFIX
    + """
SELECT ?t ?role ?u (MIN(STR(?l)) AS ?label) WHERE {
  { ?t dkg:leadUnit ?u . BIND("lead" AS ?role) } UNION { ?t dkg:coordinatingUnit ?u . BIND("coordinating" AS ?role) }
  OPTIONAL { ?u rdfs:label ?l }
} GROUP BY ?t ?role ?u
"""
)

ALIGNMENTS = (
    PREFIX
    + """
SELECT ?n ?x (MIN(STR(?m)) AS ?method) (MAX(?s) AS ?score) WHERE {
  ?n dkg:hasAlignment ?a . ?a dkg:alignedTo ?x .
  OPTIONAL { ?a dkg:method ?m } OPTIONAL { ?a dkg:score ?s }
} GROUP BY ?n ?x
"""
)

# the central group (of 57-NQ/TW) a task or group serves: directly or through a 03/NQ-CP task (as `coverage`)
SERVES = (
    PREFIX
    + """
SELECT DISTINCT ?n ?gn WHERE {
  ?n dkg:alignsWith ?x . ?x dkg:alignsWith? ?cg .
  ?root dkg:identifier "57-NQ/TW" ; dkg:hasTaskGroup ?cg . ?cg dkg:number ?gn_l .
  BIND(STR(?gn_l) AS ?gn)
}
"""
)

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


def load_facts(store) -> Facts:
    """Everything the views draw, in four read-only queries."""
    f = Facts()
    for d, ident, level, title, date, path, ls, le, prov, com, ocr in store.query(DOCS).rows:
        f.docs[d] = Doc(
            d, ident, level, title, date, path, _lines(ls, le), prov, com, str(ocr).lower() == "true"
        )
    f.implements = sorted((a, b) for a, b in store.query(IMPLEMENTS).rows)
    for n, kind, doc, num, text, raw, label, grp, dl, rec, out, ls, le in store.query(PARTS).rows:
        f.parts[n] = Part(
            n,
            kind,
            doc,
            num,
            text or label or "",
            raw,
            grp,
            dl,
            str(rec).lower() == "true",
            out,
            _lines(ls, le),
        )
    for t, role, u, label in store.query(UNITS).rows:
        (f.lead if role == "lead" else f.coordinating)[t].append(u)
        f.unit_labels[u] = label or u.rsplit("/", 1)[-1]
    for units in (*f.lead.values(), *f.coordinating.values()):
        units.sort(key=lambda u: (f.unit_labels[u], u))
    for n, x, method, score in store.query(ALIGNMENTS).rows:
        f.alignments[n].append((x, method, score))
    for n, gn in store.query(SERVES).rows:
        f.serves[n].add(gn)
    return f
