"""Mandate closure: which directives each task carries out, materialised at build time.

"Which local tasks implement 57-NQ/TW?" walks `dkg:implements+` from every plan and every alignment
through the central task groups and tasks; at national scale (3,300 plans, 80,000 tasks) a SPARQL
engine spends most of a minute on those paths for each question. The answer only changes when the
graph does, so the builder computes it once and states it as `task dkg:carriesOut directive`:

* the task's plan implements the directive, directly or through other documents (`implements+`);
* or one of the task's alignments reaches a task group or task of a document that implements the
  directive or is it (`alignsWith` then `alignsWith?`, the anchor's document then `implements*`).

The triples go into the named graph that states the task, so they travel (and are replaced) with it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from pyoxigraph import NamedNode, Quad

from .iris import DKG

IMPLEMENTS = NamedNode(DKG + "implements")
HAS_TASK = NamedNode(DKG + "hasTask")
HAS_TASK_GROUP = NamedNode(DKG + "hasTaskGroup")
ALIGNS_WITH = NamedNode(DKG + "alignsWith")
CARRIES_OUT = NamedNode(DKG + "carriesOut")


def _reach(start: NamedNode, implements: dict[NamedNode, set[NamedNode]],
           memo: dict[NamedNode, frozenset[NamedNode]]) -> frozenset[NamedNode]:
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


def carries_out(graphs: dict[str, Iterable[Quad]]) -> dict[str, list[Quad]]:
    """The `dkg:carriesOut` quads to add, by named graph (the graph stating the task's `dkg:hasTask`)."""
    implements: dict[NamedNode, set[NamedNode]] = defaultdict(set)
    aligns: dict[NamedNode, set[NamedNode]] = defaultdict(set)
    owner: dict[NamedNode, NamedNode] = {}
    home: dict[NamedNode, tuple[NamedNode, NamedNode]] = {}  # task -> (plan, graph)
    for quads in graphs.values():
        for q in quads:
            p = q.predicate
            if p == IMPLEMENTS:
                implements[q.subject].add(q.object)
            elif p == ALIGNS_WITH:
                aligns[q.subject].add(q.object)
            elif p == HAS_TASK:
                owner.setdefault(q.object, q.subject)
                home.setdefault(q.object, (q.subject, q.graph_name))
            elif p == HAS_TASK_GROUP:
                owner.setdefault(q.object, q.subject)
    memo: dict[NamedNode, frozenset[NamedNode]] = {}
    added: dict[str, list[Quad]] = defaultdict(list)
    for task, (plan, graph) in home.items():
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
