"""The per-node facts the named queries do not return (plans, tasks, targets), from the read model."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..ontology.vocab import ROOT_MANDATE
from ..queries import read
from ..queries.read import read_query
from ..stores.base import GraphStore

# The report's read queries (queries/read/report-*.rq), by their former names: `rows(store, PLANS)`
# still gives the rows as dicts; queries/read.py gives them typed.
PLANS = read_query("report-plans")
PARENTS = read_query("report-parents")
TASKS = read_query("report-tasks")
TASK_UNITS = read_query("report-task-units")
TASK_DEADLINES = read_query("report-task-deadlines")
ALIGNMENTS = read_query("report-alignments")
CENTRAL_GROUPS = read_query("report-central-groups")
TARGETS = read_query("report-targets")


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


def rows(store: GraphStore, sparql: str) -> list[dict]:
    """The rows of a read-only query as dicts keyed by column."""
    result = store.query(sparql)
    return [dict(zip(result.columns, r, strict=True)) for r in result.rows]


def _best(old: float | None, new: float | None) -> float | None:
    if old is None:
        return new
    return old if new is None else max(old, new)


def gather_tasks(store: GraphStore) -> tuple[dict[str, TaskFacts], dict[str, str]]:
    """Every local task with its units, deadlines and alignments; and unit IRI → label."""
    tasks: dict[str, TaskFacts] = {}
    for r in read.local_tasks(store):
        tasks[r.task] = TaskFacts(
            r.task, r.doc, r.number, r.text, r.group, r.output, r.line_start, r.line_end, bool(r.recurring)
        )
    labels: dict[str, str] = {}
    for u in read.local_task_units(store):
        labels[u.unit] = min(labels.get(u.unit, u.label), u.label)
        t = tasks.get(u.task)
        if t is not None:
            bucket = t.lead if u.role == "lead" else t.coordinating
            if u.unit not in bucket:
                bucket.append(u.unit)
    for d in read.local_task_deadlines(store):
        if d.task in tasks:
            tasks[d.task].deadlines.append(d.deadline)
    for a in read.local_task_alignments(store):
        _align(tasks.get(a.task), a)
    for t in tasks.values():
        t.deadlines.sort()
    return tasks, labels


def _align(t: TaskFacts | None, a: read.TaskAlignmentRow) -> None:
    """Record one alignment on its task: a root-mandate group directly, a central task and its groups."""
    if t is None:
        return
    score = float(a.score) if a.score is not None else None
    if a.kind == "group" and a.central == ROOT_MANDATE:
        t.groups[a.number] = _best(t.groups.get(a.number), score)
    elif a.kind == "task":
        key = f"{a.central}#{a.number}"
        t.central_tasks[key] = _best(t.central_tasks.get(key), score)
        if a.via:
            t.groups[a.via] = _best(t.groups.get(a.via), score)


def parents_by_doc(store: GraphStore) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for r in read.parents(store):
        out[r.doc].append(r.parent)
    return {k: sorted(set(v)) for k, v in out.items()}
