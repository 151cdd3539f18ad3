"""Reading the store for validation: named graph names and their triples, as rdflib terms.

An embedded Oxigraph store is read through one read-only handle on the generation the run
started from (workers open their own); a SPARQL endpoint is read once, every graph in memory.
"""

from __future__ import annotations

import os
import urllib.parse
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ..errors import InputError

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


def store_graphs(store: Any) -> Graphs:
    """Triples (as rdflib terms) of every named graph of the store."""
    out: Graphs = defaultdict(list)
    if hasattr(store, "quads"):
        for q in store.quads():
            g = getattr(q.graph_name, "value", "") or ""
            out[g].append(triple(q))
        return dict(out)
    # a SPARQL endpoint: one CONSTRUCT per named graph
    from pyoxigraph import RdfFormat, parse

    names = [row[0] for row in store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows]
    for name in names:
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"
        body = store._post(
            store.query_url,
            urllib.parse.urlencode({"query": query}).encode(),
            "application/x-www-form-urlencoded",
            "application/n-triples",
            600,
        )
        out[name] = [triple(t) for t in parse(body, format=RdfFormat.N_TRIPLES)]
    return dict(out)


def graph(*parts: Iterable[Triple]) -> Graph:
    """One rdflib graph holding every triple of `parts`."""
    g = Graph()
    for part in parts:
        for t in part:
            g.add(t)
    return g


def read(store: Any) -> tuple[list[str], Graphs | None, str | None]:
    """Graph names, and their triples when the store cannot be read by the workers themselves.

    The third value is the path of the store generation the workers open read-only (None when the
    triples are given).
    """
    from pyoxigraph import Store

    from ..store import OxigraphStore

    if isinstance(store, OxigraphStore):
        if not store.exists():
            raise InputError(str(store.path), "no store here yet: run 'dkg build CORPUS' first")
        generation = os.path.realpath(store.current)
        names = sorted(g.value for g in Store.read_only(generation).named_graphs())
        return names, None, generation
    graphs = store_graphs(store)
    return sorted(graphs), graphs, None


def with_predicates(store: str | None, graphs: Graphs | None, preds: Iterable[Node]) -> list[Triple]:
    """Every triple (RDF merge of the named graphs) whose predicate is one of `preds`."""
    if graphs is not None:
        wanted = set(preds)
        return list({t for ts in graphs.values() for t in ts if t[1] in wanted})
    from pyoxigraph import DefaultGraph, NamedNode, Store

    assert store is not None  # the generation path (see read), when the triples are not in memory
    s = Store.read_only(store)
    return [
        triple(q) for p in preds for q in s.quads_for_pattern(None, NamedNode(str(p)), None, DefaultGraph())
    ]


def doc_triples_of(generation: str, name: str) -> list[Triple]:
    """The triples of one named graph of a store generation."""
    from pyoxigraph import NamedNode, Store

    return [
        triple(q) for q in Store.read_only(generation).quads_for_pattern(None, None, None, NamedNode(name))
    ]


def graph_of(
    store: str | None, graphs: Graphs | None, doc_names: list[str], subjects: set[Node]
) -> dict[Node, str]:
    """The document graph that states each of `subjects` (the targets that got derived parent values)."""
    if not subjects:
        return {}
    if graphs is not None:
        out: dict[Node, str] = {}
        for name in doc_names:
            out.update(dict.fromkeys({s for s, _p, _o in graphs[name] if s in subjects}, name))
        return out
    from pyoxigraph import DefaultGraph, NamedNode, Store

    assert store is not None
    s = Store.read_only(store)
    found: dict[Node, str] = {}
    for subject in subjects:
        for q in s.quads_for_pattern(NamedNode(str(subject)), None, None, None):
            if not isinstance(q.graph_name, DefaultGraph):
                found[subject] = q.graph_name.value
                break
    return found
