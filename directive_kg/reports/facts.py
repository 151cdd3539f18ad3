"""Read-only SPARQL for the per-node facts the named queries do not return (plans, tasks, targets)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..ontology.vocab import ROOT_MANDATE

PREFIXES = """PREFIX dkg: <https://w3id.org/directive-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

# The plan key is the one the named queries use: the identifier, else the IRI.
PLANS = (
    PREFIXES
    + """
SELECT ?doc (MIN(?pid) AS ?identifier) ?level (MIN(?title_l) AS ?title) (MIN(?date_l) AS ?date)
       (MIN(?issuer_l) AS ?issuer) (MIN(?prov) AS ?province) (MIN(?commune_l) AS ?commune)
       (MIN(?source_l) AS ?source)
WHERE {
  ?doc dkg:issuerLevel ?level .
  FILTER(?level != "central")
  FILTER(EXISTS { ?doc dkg:sourcePath ?any_path } || EXISTS { ?doc dkg:hasTask ?any_task })
  OPTIONAL { ?doc dkg:identifier ?id_l BIND(STR(?id_l) AS ?pid) }
  OPTIONAL { ?doc dkg:title ?t BIND(STR(?t) AS ?title_l) }
  OPTIONAL { ?doc dkg:dateIssued ?d BIND(STR(?d) AS ?date_l) }
  OPTIONAL { ?doc dkg:issuedBy ?u . ?u rdfs:label ?ul BIND(STR(?ul) AS ?issuer_l) }
  OPTIONAL { ?doc dkg:sourcePath ?sp BIND(STR(?sp) AS ?source_l) }
  OPTIONAL {
    ?doc dkg:jurisdiction ?area .
    OPTIONAL { ?area a dkg:Commune ; rdfs:label ?cl BIND(STR(?cl) AS ?commune_l) }
    OPTIONAL { ?area dkg:locatedIn ?p . ?p rdfs:label ?pl }
    OPTIONAL { ?area a dkg:Province ; rdfs:label ?apl }
    BIND(STR(COALESCE(?pl, ?apl)) AS ?prov)
  }
}
GROUP BY ?doc ?level
"""
)

PARENTS = (
    PREFIXES
    + """
SELECT DISTINCT ?doc ?parent
WHERE {
  ?doc dkg:implements ?p .
  OPTIONAL { ?p dkg:identifier ?pid }
  BIND(COALESCE(STR(?pid), STR(?p)) AS ?parent)
}
"""
)

TASKS = (
    PREFIXES
    + """
SELECT ?doc ?task (MIN(?num) AS ?number) (MIN(?text_l) AS ?text) (MIN(?group_l) AS ?group)
       (MIN(?out) AS ?output) (MIN(?ls) AS ?line_start) (MAX(?le) AS ?line_end)
       (COUNT(?rec) AS ?recurring)
WHERE {
  ?doc dkg:hasTask ?task ;
       dkg:issuerLevel ?level .
  FILTER(?level != "central")
  OPTIONAL { ?task dkg:number ?n BIND(STR(?n) AS ?num) }
  OPTIONAL { ?task dkg:text ?tx BIND(STR(?tx) AS ?text_l) }
  OPTIONAL { ?task dkg:inGroup ?g . ?g rdfs:label ?gl BIND(STR(?gl) AS ?group_l) }
  OPTIONAL { ?task dkg:output ?o BIND(STR(?o) AS ?out) }
  OPTIONAL { ?task dkg:lineStart ?ls }
  OPTIONAL { ?task dkg:lineEnd ?le }
  OPTIONAL { ?task dkg:recurring true BIND(1 AS ?rec) }
}
GROUP BY ?doc ?task
"""
)

TASK_UNITS = (
    PREFIXES
    + """
SELECT DISTINCT ?task ?role ?unit ?label
WHERE {
  ?doc dkg:hasTask ?task ;
       dkg:issuerLevel ?level .
  FILTER(?level != "central")
  { ?task dkg:leadUnit ?unit BIND("lead" AS ?role) }
  UNION
  { ?task dkg:coordinatingUnit ?unit BIND("coordinating" AS ?role) }
  ?unit rdfs:label ?l .
  BIND(STR(?l) AS ?label)
}
"""
)

TASK_DEADLINES = (
    PREFIXES
    + """
SELECT DISTINCT ?task ?deadline
WHERE {
  ?doc dkg:hasTask ?task ;
       dkg:issuerLevel ?level .
  FILTER(?level != "central")
  ?task dkg:deadline ?d .
  BIND(STR(?d) AS ?deadline)
}
"""
)

# Each alignment of a local task, the central node it points at (a group or a task of a central document)
# and, for a central task, the 57-NQ/TW groups it serves (the same rule as the coverage query).
ALIGNMENTS = (
    PREFIXES
    + """
SELECT DISTINCT ?task ?kind ?central ?number ?method ?score ?via
WHERE {
  ?doc dkg:hasTask ?task ;
       dkg:issuerLevel ?level .
  FILTER(?level != "central")
  ?task dkg:hasAlignment ?a .
  ?a dkg:alignedTo ?x .
  OPTIONAL { ?a dkg:method ?m BIND(STR(?m) AS ?method) }
  OPTIONAL { ?a dkg:score ?score }
  ?cdoc dkg:issuerLevel "central" ;
        dkg:identifier ?cid .
  { ?cdoc dkg:hasTaskGroup ?x BIND("group" AS ?kind) } UNION { ?cdoc dkg:hasTask ?x BIND("task" AS ?kind) }
  ?x dkg:number ?xn .
  BIND(STR(?cid) AS ?central)
  BIND(STR(?xn) AS ?number)
  OPTIONAL {
    ?x dkg:alignsWith ?cg .
    ?root dkg:identifier "57-NQ/TW" ;
          dkg:hasTaskGroup ?cg .
    ?cg dkg:number ?cgn .
    BIND(STR(?cgn) AS ?via)
  }
}
"""
)

CENTRAL_GROUPS = (
    PREFIXES
    + """
SELECT DISTINCT ?number ?text
WHERE {
  ?root dkg:identifier "57-NQ/TW" ;
        dkg:hasTaskGroup ?g .
  ?g dkg:number ?n .
  OPTIONAL { ?g dkg:text ?t }
  BIND(STR(?n) AS ?number)
  BIND(STR(?t) AS ?text)
}
"""
)

# Every target of every indicator (local and central), and whether the builder linked it to a parent:
# linked targets are exactly the rows of the targets-vs-parent query.
TARGETS = (
    PREFIXES
    + """
SELECT ?doc ?level ?target (MIN(?itext) AS ?indicator) (MIN(?y) AS ?year) (MIN(?c) AS ?comparator)
       (MIN(?v) AS ?value) (MIN(?mu) AS ?measure) (MIN(?lk) AS ?linked)
WHERE {
  ?doc dkg:hasIndicator ?i ;
       dkg:issuerLevel ?level .
  ?i dkg:hasTarget ?target .
  OPTIONAL { ?i dkg:text ?it BIND(STR(?it) AS ?itext) }
  OPTIONAL { ?target dkg:year ?y }
  OPTIONAL { ?target dkg:comparator ?cl BIND(STR(?cl) AS ?c) }
  OPTIONAL { ?target dkg:value ?v }
  OPTIONAL { ?target dkg:measureUnit ?m BIND(STR(?m) AS ?mu) }
  BIND(IF(EXISTS { ?i dkg:contributesTo ?any_parent } || EXISTS { ?target dkg:parentValue ?any_value }, 1, 0)
       AS ?lk)
}
GROUP BY ?doc ?level ?target
"""
)


@dataclass
class TaskFacts:
    """One local task as the graph states it."""

    iri: str
    doc: str
    number: str | None
    text: str | None
    group: str | None
    output: str | None
    line_start: int | None
    line_end: int | None
    recurring: bool
    lead: list[str] = field(default_factory=list)  # unit IRIs
    coordinating: list[str] = field(default_factory=list)
    deadlines: list[str] = field(default_factory=list)
    groups: dict[str, float | None] = field(default_factory=dict)  # 57-NQ/TW group number → best score
    central_tasks: dict[str, float | None] = field(default_factory=dict)  # "03/NQ-CP#62" → score


def rows(store, sparql: str) -> list[dict]:
    result = store.query(sparql)
    return [dict(zip(result.columns, r, strict=True)) for r in result.rows]


def _best(old: float | None, new: float | None) -> float | None:
    if old is None:
        return new
    return old if new is None else max(old, new)


def gather_tasks(store) -> tuple[dict[str, TaskFacts], dict[str, str]]:
    """Every local task with its units, deadlines and alignments; and unit IRI → label."""
    tasks: dict[str, TaskFacts] = {}
    for r in rows(store, TASKS):
        tasks[r["task"]] = TaskFacts(
            r["task"],
            r["doc"],
            r["number"],
            r["text"],
            r["group"],
            r["output"],
            r["line_start"],
            r["line_end"],
            bool(r["recurring"]),
        )
    labels: dict[str, str] = {}
    for r in rows(store, TASK_UNITS):
        labels[r["unit"]] = min(labels.get(r["unit"], r["label"]), r["label"])
        t = tasks.get(r["task"])
        if t is not None:
            bucket = t.lead if r["role"] == "lead" else t.coordinating
            if r["unit"] not in bucket:
                bucket.append(r["unit"])
    for r in rows(store, TASK_DEADLINES):
        if r["task"] in tasks:
            tasks[r["task"]].deadlines.append(r["deadline"])
    for r in rows(store, ALIGNMENTS):
        t = tasks.get(r["task"])
        if t is None:
            continue
        score = float(r["score"]) if r["score"] is not None else None
        if r["kind"] == "group" and r["central"] == ROOT_MANDATE:
            t.groups[r["number"]] = _best(t.groups.get(r["number"]), score)
        elif r["kind"] == "task":
            key = f"{r['central']}#{r['number']}"
            t.central_tasks[key] = _best(t.central_tasks.get(key), score)
            if r["via"]:
                t.groups[r["via"]] = _best(t.groups.get(r["via"]), score)
    for t in tasks.values():
        t.deadlines.sort()
    return tasks, labels


def parents_by_doc(store) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for r in rows(store, PARENTS):
        out[r["doc"]].append(r["parent"])
    return {k: sorted(set(v)) for k, v in out.items()}
