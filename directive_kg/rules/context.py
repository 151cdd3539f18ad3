"""The cross-document context: the few facts about other documents the cross rules read, and derived parents.

Document rules run on each document graph + the catalog. Cross rules need other documents, but only a
few facts of them: the context (every document's identifier, level, date, the documents it
implements, mandates, the central task groups and one alignment that reaches each). Cross rules then
run per batch of documents on batch + catalog + context, which is what the whole union would give
them (their targets are the documents of the batch: the context carries no dkg:sourcePath), at a
cost that grows linearly with the corpus and spreads over the worker pool.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from ..stores.base import GraphStore
from .shapes import DKG
from .source import Graphs, Triple, with_predicates

CONTEXT_PREDICATES = (DKG.implements, DKG.mandate, DKG.dateIssued, DKG.issuerLevel, DKG.identifier)
DERIVE_PREDICATES = (
    DKG.issuerLevel,
    DKG.hasIndicator,
    DKG.text,
    DKG.measureUnit,
    DKG.contributesTo,
    DKG.hasTarget,
    DKG.year,
    DKG.value,
    DKG.comparator,
    DKG.parentValue,
)


def derive_parent_targets(data: Graph) -> list[tuple[Node, URIRef, Node]]:
    """Parent targets for local indicators the store holds without dkg:contributesTo.

    The builder links indicators itself (graph/align.py, align_indicators); this
    covers stores built before it did, or loaded from elsewhere, with the same
    matching, so the "less ambitious than the parent" rule still has a parent.
    Returns the dkg:parentValue / parentComparator / parentTarget triples to add.
    """
    from ..graph.align import align_indicators

    central, local = [], []
    for doc, level in data.subject_objects(DKG.issuerLevel):
        for ind in data.objects(doc, DKG.hasIndicator):
            entry = (ind, str(data.value(ind, DKG.text) or ""), str(data.value(ind, DKG.measureUnit) or ""))
            if str(level) == "central":
                central.append(entry)
            elif (ind, DKG.contributesTo, None) not in data:
                local.append(entry)
    out: list[tuple[Node, URIRef, Node]] = []
    if not central or not local:
        return out
    links = align_indicators([(t, u) for _, t, u in local], [(t, u) for _, t, u in central])
    for (ind, _, _), link in zip(local, links, strict=True):
        if link is None:
            continue
        parents = {}
        for pt in data.objects(central[link.target][0], DKG.hasTarget):
            year, value = data.value(pt, DKG.year), data.value(pt, DKG.value)
            if year is not None and value is not None:
                parents[_int(year)] = (pt, value, data.value(pt, DKG.comparator) or Literal("="))
        for t in data.objects(ind, DKG.hasTarget):
            year = data.value(t, DKG.year)
            if year is None or (t, DKG.parentValue, None) in data or _int(year) not in parents:
                continue
            pt, value, cmp = parents[_int(year)]
            out += [
                (t, DKG.parentValue, value),
                (t, DKG.parentComparator, Literal(str(cmp))),
                (t, DKG.parentTarget, pt),
            ]
    return out


def _int(value: Node) -> int:
    """An xsd:integer literal (a year) as an int."""
    return int(value)  # type: ignore[call-overload]


def central_groups(store: GraphStore | None, graphs: Graphs | None) -> set[Node]:
    """The task groups of the central documents."""
    group_triples = with_predicates(store, graphs, (DKG.hasTaskGroup,))
    levels = {s for s, _p, o in with_predicates(store, graphs, (DKG.issuerLevel,)) if str(o) == "central"}
    return {o for s, _p, o in group_triples if s in levels}


def context(store: GraphStore | None, graphs: Graphs | None, groups: set[Node]) -> list[Triple]:
    """The facts cross rules read about other documents (see the module docstring)."""
    ctx = with_predicates(store, graphs, CONTEXT_PREDICATES)
    docs = {s for s, _p, _o in ctx}
    central = {s for s, p, o in ctx if p == DKG.issuerLevel and str(o) == "central"}
    parts = with_predicates(store, graphs, (DKG.hasTaskGroup, DKG.hasTask))
    central_parts = {o for s, _p, o in parts if s in central}
    extra = [t for t in parts if t[0] in central]
    extra += [t for t in with_predicates(store, graphs, (RDF.type,)) if t[0] in docs]
    # the alignments of central tasks and groups (a local task may serve a group through a 03/NQ-CP task);
    # "some local group aligns with this central group": one witness per group is the same fact
    witness: dict[Node, Triple] = {}
    for t in sorted(with_predicates(store, graphs, (DKG.alignsWith,))):
        if t[0] in central_parts:
            extra.append(t)
        elif t[2] in groups:
            witness.setdefault(t[2], t)
    # the central groups' names, so that `plan-covers-groups` names a missing group by its label in every
    # batch, not only in the batch that holds the central document (issue 21: found comparing with Jena)
    extra += [t for t in with_predicates(store, graphs, (RDFS.label,)) if t[0] in groups]
    return ctx + extra + sorted(witness.values())
