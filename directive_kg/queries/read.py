"""The read model: typed rows from the read queries in queries/read/*.rq, for every module that reads the graph.

Named queries (queries/*.rq) answer users; these answer the code (viz, reports, analytics, trace, the
kept answers). Each function runs one .rq file through the store API (so readers get the stores'
retries) and returns one dataclass per row, whose fields are the query's projected variables: a
renamed variable fails loudly here, not as a silently missing column in a view. No SPARQL lives in
Python.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from ..stores.base import GraphStore

R = TypeVar("R")


@cache
def read_query(name: str) -> str:
    """The text of queries/read/NAME.rq."""
    return resources.files(__package__).joinpath(f"read/{name}.rq").read_text(encoding="utf-8")


def _typed(store: GraphStore, name: str, row: type[R], params: dict[str, object] | None = None) -> list[R]:
    """Run queries/read/NAME.rq and build one `row` per result row, by column name."""
    result = store.query(read_query(name), params)
    wanted = {f.name for f in fields(row)}  # type: ignore[arg-type]
    if set(result.columns) != wanted:
        raise AssertionError(
            f"read/{name}.rq projects {sorted(result.columns)}, {row.__name__} has {sorted(wanted)}"
        )
    return [row(**dict(zip(result.columns, values, strict=True))) for values in result.rows]


# ------------------------------------------------------------------------------------------ viz


@dataclass(frozen=True)
class DocumentRow:
    """A document as the views draw it (viz-documents.rq); `ocr` is the literal's text ("true")."""

    d: str
    identifier: str | None
    level: str | None
    title: str | None
    date: str | None
    path: str | None
    line_start: int | None
    line_end: int | None
    province: str | None
    commune: str | None
    ocr: str | None


@dataclass(frozen=True)
class EdgeRow:
    """An implements edge: document `a` implements document `b` (viz-implements.rq)."""

    a: str
    b: str


@dataclass(frozen=True)
class PartRow:
    """A task group or task of a document (viz-parts.rq); `kind` is "group" or "task"."""

    n: str
    kind: str
    doc: str
    number: str | None
    text: str | None
    raw: str | None
    label: str | None
    grp: str | None
    deadline: str | None
    recurring: str | None
    output: str | None
    line_start: int | None
    line_end: int | None


@dataclass(frozen=True)
class UnitRow:
    """A unit of a task, in the role "lead" or "coordinating" (viz-units.rq)."""

    t: str
    role: str
    u: str
    label: str | None


@dataclass(frozen=True)
class AlignmentRow:
    """Node `n` aligned to `x` by `method` with the best `score` (viz-alignments.rq)."""

    n: str
    x: str
    method: str | None
    score: float | None


@dataclass(frozen=True)
class ServesRow:
    """Node `n` serves the central group numbered `gn` (viz-serves.rq)."""

    n: str
    gn: str


def documents(store: GraphStore) -> list[DocumentRow]:
    return _typed(store, "viz-documents", DocumentRow)


def implements(store: GraphStore) -> list[EdgeRow]:
    return _typed(store, "viz-implements", EdgeRow)


def parts(store: GraphStore) -> list[PartRow]:
    return _typed(store, "viz-parts", PartRow)


def task_units(store: GraphStore) -> list[UnitRow]:
    return _typed(store, "viz-units", UnitRow)


def alignments(store: GraphStore) -> list[AlignmentRow]:
    return _typed(store, "viz-alignments", AlignmentRow)


def serves(store: GraphStore) -> list[ServesRow]:
    return _typed(store, "viz-serves", ServesRow)


# -------------------------------------------------------------------------------------- reports


@dataclass(frozen=True)
class PlanRow:
    """A local plan (report-plans.rq): not central, with a source or tasks."""

    doc: str
    identifier: str | None
    level: str
    title: str | None
    date: str | None
    issuer: str | None
    province: str | None
    commune: str | None
    source: str | None


@dataclass(frozen=True)
class ParentRow:
    """Document `doc` implements `parent` (its identifier, else its IRI) (report-parents.rq)."""

    doc: str
    parent: str


@dataclass(frozen=True)
class TaskRow:
    """A task of a local document (report-tasks.rq); `recurring` counts its dkg:recurring true."""

    doc: str
    task: str
    number: str | None
    text: str | None
    group: str | None
    output: str | None
    line_start: int | None
    line_end: int | None
    recurring: int


@dataclass(frozen=True)
class TaskUnitRow:
    """A labelled unit of a local task in the role "lead" or "coordinating" (report-task-units.rq)."""

    task: str
    role: str
    unit: str
    label: str


@dataclass(frozen=True)
class DeadlineRow:
    """A deadline of a local task (report-task-deadlines.rq)."""

    task: str
    deadline: str


@dataclass(frozen=True)
class TaskAlignmentRow:
    """An alignment of a local task to a central group or task (report-alignments.rq)."""

    task: str
    kind: str
    central: str
    number: str
    method: str | None
    score: float | None
    via: str | None


@dataclass(frozen=True)
class CentralGroupRow:
    """A task group of the root mandate (report-central-groups.rq)."""

    number: str
    text: str | None


@dataclass(frozen=True)
class TargetRow:
    """A target of an indicator and whether the builder linked it to a parent (report-targets.rq)."""

    doc: str
    level: str
    target: str
    indicator: str | None
    year: int | None
    comparator: str | None
    value: float | None
    measure: str | None
    linked: int


def plans(store: GraphStore) -> list[PlanRow]:
    return _typed(store, "report-plans", PlanRow)


def parents(store: GraphStore) -> list[ParentRow]:
    return _typed(store, "report-parents", ParentRow)


def local_tasks(store: GraphStore) -> list[TaskRow]:
    return _typed(store, "report-tasks", TaskRow)


def local_task_units(store: GraphStore) -> list[TaskUnitRow]:
    return _typed(store, "report-task-units", TaskUnitRow)


def local_task_deadlines(store: GraphStore) -> list[DeadlineRow]:
    return _typed(store, "report-task-deadlines", DeadlineRow)


def local_task_alignments(store: GraphStore) -> list[TaskAlignmentRow]:
    return _typed(store, "report-alignments", TaskAlignmentRow)


def central_groups(store: GraphStore) -> list[CentralGroupRow]:
    return _typed(store, "report-central-groups", CentralGroupRow)


def targets(store: GraphStore) -> list[TargetRow]:
    return _typed(store, "report-targets", TargetRow)


# ------------------------------------------------------------------------------- analytics, trace


@dataclass(frozen=True)
class NodeRow:
    """A document, group, task or unit (graph-nodes.rq); `kind` names which."""

    n: str
    kind: str
    label: str | None
    identifier: str | None
    level: str | None


@dataclass(frozen=True)
class TypedEdgeRow:
    """An edge `s` → `o` of a kind (graph-edges.rq: implements, has_task, …)."""

    s: str
    kind: str
    o: str


@dataclass(frozen=True)
class IndicatorNodeRow:
    """An indicator or target (graph-indicator-nodes.rq); targets carry year, comparator, value, unit."""

    n: str
    kind: str
    label: str | None
    year: int | None
    comparator: str | None
    value: float | None
    measure_unit: str | None


@dataclass(frozen=True)
class LabelRow:
    """The label and identifier of one node (node-label.rq)."""

    n: str
    label: str | None
    identifier: str | None


def graph_nodes(store: GraphStore) -> list[NodeRow]:
    return _typed(store, "graph-nodes", NodeRow)


def graph_edges(store: GraphStore) -> list[TypedEdgeRow]:
    return _typed(store, "graph-edges", TypedEdgeRow)


def graph_indicator_nodes(store: GraphStore) -> list[IndicatorNodeRow]:
    return _typed(store, "graph-indicator-nodes", IndicatorNodeRow)


def graph_indicator_edges(store: GraphStore) -> list[TypedEdgeRow]:
    return _typed(store, "graph-indicator-edges", TypedEdgeRow)


def node_label(store: GraphStore, iri: str) -> str:
    """A node's name as analytics labels it: its rdfs:label, else its identifier, else the IRI.

    Only documents, groups, tasks and units have names; any other node (or no node) is its IRI.
    """
    from pyoxigraph import NamedNode

    try:
        node: Any = NamedNode(iri)
    except ValueError:
        return iri
    rows = _typed(store, "node-label", LabelRow, {"n": node})
    if not rows:
        return iri
    return rows[0].label or rows[0].identifier or iri


# ------------------------------------------------------------------------------------ the build


def central_directives(store: GraphStore) -> list[str]:
    """Identifiers of the central directives local tasks carry out (central-directives.rq)."""
    return [str(row[0]) for row in store.query(read_query("central-directives")).rows]


def task_count(store: GraphStore) -> int:
    """How many tasks the documents have (task-count.rq)."""
    return int(str(store.query(read_query("task-count")).rows[0][0] or 0))


# ------------------------------------------------------------------------------------------ known values


@dataclass(frozen=True)
class ValueRow:
    """One known value (known-*.rq)."""

    v: str


def known_values(store: GraphStore, kind: str) -> list[str]:
    """The values of one kind the store holds: levels, plans, directives, parts, units (known-KIND.rq)."""
    return sorted({str(r.v) for r in _typed(store, f"known-{kind}", ValueRow) if r.v is not None})


# ------------------------------------------------------------------------------------------ dataset description


@dataclass(frozen=True)
class GraphCountRow:
    """The triples of one named graph (void-graphs.rq)."""

    g: str
    n: int


@dataclass(frozen=True)
class GraphSourceRow:
    """The source file of one document's graph (void-sources.rq)."""

    g: str
    path: str


@dataclass(frozen=True)
class CountRow:
    """One count (void-subjects.rq)."""

    n: int


@dataclass(frozen=True)
class ClassCountRow:
    """The instances of one dkg: class (void-classes.rq)."""

    c: str
    n: int


def void_graphs(store: GraphStore) -> list[GraphCountRow]:
    return _typed(store, "void-graphs", GraphCountRow)


def void_sources(store: GraphStore) -> list[GraphSourceRow]:
    return _typed(store, "void-sources", GraphSourceRow)


def void_subjects(store: GraphStore) -> int:
    return int(_typed(store, "void-subjects", CountRow)[0].n)


def void_classes(store: GraphStore) -> list[ClassCountRow]:
    return _typed(store, "void-classes", ClassCountRow)
