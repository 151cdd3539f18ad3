"""Mandate closure: which directives each task carries out, and which central mandates each plan covers.

"Which local tasks implement 57-NQ/TW?" walks `dkg:implements+` from every plan and every alignment
through the central task groups and tasks; at national scale (3,300 plans, 80,000 tasks) a SPARQL
engine spends most of a minute on those paths for each question. The answer only changes when the
graph does, so the builder computes it once and states it as `task dkg:carriesOut directive`:

* the task's plan implements the directive, directly or through other documents (`implements+`);
* or one of the task's alignments reaches a task group or task of a document that implements the
  directive or is it (`alignsWith` then `alignsWith?`, the anchor's document then `implements*`).

`gaps` asks the converse for every plan: which central task groups and 03/NQ-CP tasks has none of its
tasks taken up? A plan *covers* a mandate when one of its tasks aligns with it directly or through a
central task that aligns with it (`hasTask/alignsWith/alignsWith?`, the rule of `coverage` and of the
SHACL rule plan-covers-groups); stated as `plan dkg:covers mandate`, "not covered" is one lookup per
(plan, mandate) instead of a join over every alignment of the country.

The triples go into the named graph that states the task, so they travel (and are replaced) with it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import NamedNode, Quad

from ..ontology.vocab import DKG

IMPLEMENTS = NamedNode(DKG + "implements")
HAS_TASK = NamedNode(DKG + "hasTask")
HAS_TASK_GROUP = NamedNode(DKG + "hasTaskGroup")
ALIGNS_WITH = NamedNode(DKG + "alignsWith")
CARRIES_OUT = NamedNode(DKG + "carriesOut")
COVERS = NamedNode(DKG + "covers")


@dataclass
class Links:
    """The links the closures follow, read in one pass over every quad."""

    implements: dict[NamedNode, set[NamedNode]] = field(default_factory=lambda: defaultdict(set))
    aligns: dict[NamedNode, set[NamedNode]] = field(default_factory=lambda: defaultdict(set))
    owner: dict[NamedNode, NamedNode] = field(default_factory=dict)  # task or group -> its document
    home: dict[NamedNode, tuple[NamedNode, NamedNode]] = field(default_factory=dict)  # task -> (plan, graph)

    def add(self, quads: Iterable[Quad]) -> None:
        """Read the links of one graph (graphs are read in order: the first graph stating a task is its home)."""
        for q in quads:
            p = q.predicate
            if p == IMPLEMENTS:
                self.implements[q.subject].add(q.object)
            elif p == ALIGNS_WITH:
                self.aligns[q.subject].add(q.object)
            elif p == HAS_TASK:
                self.owner.setdefault(q.object, q.subject)
                self.home.setdefault(q.object, (q.subject, q.graph_name))
            elif p == HAS_TASK_GROUP:
                self.owner.setdefault(q.object, q.subject)


def index(graphs: dict[str, Iterable[Quad]]) -> Links:
    ix = Links()
    for quads in graphs.values():
        ix.add(quads)
    return ix


def _reach(
    start: NamedNode, implements: dict[NamedNode, set[NamedNode]], memo: dict[NamedNode, frozenset[NamedNode]]
) -> frozenset[NamedNode]:
    """`start` and every document it implements, transitively (cycles are harmless)."""
    if start in memo:
        return memo[start]
    seen = {start}
    stack = [start]
    while stack:
        for nxt in implements.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    memo[start] = frozenset(seen)
    return memo[start]


def carries_out(
    graphs: dict[str, Iterable[Quad]] | None = None, ix: Links | None = None
) -> dict[str, list[Quad]]:
    """The `dkg:carriesOut` quads to add, by named graph (the graph stating the task's `dkg:hasTask`)."""
    ix = ix or index(graphs or {})
    implements, aligns, owner = ix.implements, ix.aligns, ix.owner
    memo: dict[NamedNode, frozenset[NamedNode]] = {}
    added: dict[str, list[Quad]] = defaultdict(list)
    for task, (plan, graph) in ix.home.items():
        directives: set[NamedNode] = set()
        for doc in implements.get(plan, ()):
            directives |= _reach(doc, implements, memo)
        for target in aligns.get(task, ()):
            for anchor in (target, *aligns.get(target, ())):
                doc = owner.get(anchor)
                if doc is not None:
                    directives |= _reach(doc, implements, memo)
        added[graph.value].extend(Quad(task, CARRIES_OUT, d, graph) for d in sorted(directives, key=str))
    return dict(added)


def covers(graphs: dict[str, Iterable[Quad]] | None = None, ix: Links | None = None) -> dict[str, list[Quad]]:
    """The `dkg:covers` quads to add (plan → each mandate one of its tasks serves), by named graph.

    A quad goes into the graph of the first task (in graph order) that serves the mandate, the graph
    that states the plan's tasks.
    """
    ix = ix or index(graphs or {})
    seen: set[tuple[NamedNode, NamedNode]] = set()
    added: dict[str, list[Quad]] = defaultdict(list)
    for task, (plan, graph) in ix.home.items():
        for target in sorted(ix.aligns.get(task, ()), key=str):
            for mandate in (target, *sorted(ix.aligns.get(target, ()), key=str)):
                if (plan, mandate) not in seen:
                    seen.add((plan, mandate))
                    added[graph.value].append(Quad(plan, COVERS, mandate, graph))
    return dict(added)


DERIVED = (CARRIES_OUT, COVERS)


def closures(ix: Links) -> dict[str, dict[str, list[Quad]]]:
    """Both closures' quads to add, by closure (`carries_out`, `covers`) and then by named graph."""
    return {"carries_out": carries_out(ix=ix), "covers": covers(ix=ix)}


def derive(graphs: dict[str, list[Quad]]) -> dict[str, int]:
    """State both closures in `graphs` (in place), replacing any derived quads already there.

    Derived quads may already be present when a graph loaded by an earlier build is kept (its file
    failed this time, build.py): they were computed against the data of that build, so they are
    dropped and the closures computed again over everything. Returns the number added, by closure.
    """
    for name, quads in graphs.items():
        if any(q.predicate in DERIVED for q in quads):
            graphs[name] = [q for q in quads if q.predicate not in DERIVED]
    counts = {}
    for stat, added in closures(index(graphs)).items():
        for name, quads in added.items():
            graphs[name] = graphs[name] + quads
        counts[stat] = sum(map(len, added.values()))
    return counts
