"""Reading the store for validation: named graph names and their triples, as rdflib terms.

A store that keeps generations is read through the store API, pinned to the generation the run
started from (workers get the pinned store and open their own handle); any other store is read once,
every graph in memory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from pyoxigraph import DefaultGraph, NamedNode
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ..stores.base import GraphStore

Triple = tuple[Node, Node, Node]
Graphs = dict[str, list[Triple]]


def term(t: Any) -> Node:
    """A pyoxigraph term as an rdflib term."""
    kind = type(t).__name__
    if kind == "NamedNode":
        return URIRef(t.value)
    if kind == "BlankNode":
        return BNode(t.value)
    if t.language:
        return Literal(t.value, lang=t.language)
    dt = t.datatype.value if t.datatype is not None else None
    if dt in (None, str(XSD.string)):
        return Literal(t.value)
    return Literal(t.value, datatype=URIRef(dt))


def triple(q: Any) -> Triple:
    """The (subject, predicate, object) of a pyoxigraph quad, as rdflib terms."""
    return (term(q.subject), term(q.predicate), term(q.object))


def store_graphs(store: GraphStore) -> Graphs:
    """Triples (as rdflib terms) of every named graph of the store, read once."""
    out: Graphs = defaultdict(list)
    for q in store.quads():
        g = getattr(q.graph_name, "value", "") or ""
        out[g].append(triple(q))
    for name in store.named_graphs():  # a graph the dump did not carry is asked for itself
        if name not in out:
            out[name] = [triple(q) for q in store.graph_quads(name)]
    return dict(out)


def graph(*parts: Iterable[Triple]) -> Graph:
    """One rdflib graph holding every triple of `parts`."""
    g = Graph()
    for part in parts:
        for t in part:
            g.add(t)
    return g


def read(store: GraphStore) -> tuple[list[str], Graphs | None, GraphStore | None]:
    """Graph names, and their triples when the store cannot be read by the workers themselves.

    The third value is the store pinned to the generation the run started from, which the workers
    read themselves (None when the triples are given).
    """
    store.require()
    if store.supports_generations:
        pinned = store.pinned()
        return pinned.named_graphs(), None, pinned
    graphs = store_graphs(store)
    return sorted(graphs), graphs, None


def with_predicates(store: GraphStore | None, graphs: Graphs | None, preds: Iterable[Node]) -> list[Triple]:
    """Every triple (RDF merge of the named graphs) whose predicate is one of `preds`."""
    if graphs is not None:
        wanted = set(preds)
        return list({t for ts in graphs.values() for t in ts if t[1] in wanted})
    assert store is not None  # the pinned store (see read), when the triples are not in memory
    return [triple(q) for p in preds for q in store.quads_matching(None, NamedNode(str(p)), DefaultGraph())]


def doc_triples_of(store: GraphStore, name: str) -> list[Triple]:
    """The triples of one named graph of a (pinned) store."""
    return [triple(q) for q in store.graph_quads(name)]


def graph_of(
    store: GraphStore | None, graphs: Graphs | None, doc_names: list[str], subjects: set[Node]
) -> dict[Node, str]:
    """The document graph that states each of `subjects` (the targets that got derived parent values)."""
    if not subjects:
        return {}
    if graphs is not None:
        out: dict[Node, str] = {}
        for name in doc_names:
            out.update(dict.fromkeys({s for s, _p, _o in graphs[name] if s in subjects}, name))
        return out
    assert store is not None
    found: dict[Node, str] = {}
    for subject in subjects:
        for q in store.quads_matching(NamedNode(str(subject))):
            if isinstance(q.graph_name, NamedNode):
                found[subject] = q.graph_name.value
                break
    return found
