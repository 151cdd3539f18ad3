"""Graph analytics with networkx: implementation paths, orphans and unit workload.

`to_networkx` reads documents, task groups, tasks and units from the store (queries/read.py) into a
DiGraph whose edges keep the RDF direction and carry a `kind`:

* ``implements``   document → document it implements
* ``has_task``     document → task;  ``has_group`` document → task group
* ``in_group``     task → its task group
* ``aligns_with``  task / group → central group or 03/NQ-CP task
* ``lead`` / ``coordinating``  task → unit

With ``indicators=True`` (the notebook API, directive_kg.Graph) it also holds indicators and targets:

* ``has_indicator`` document → indicator;  ``has_target`` indicator → target (year, comparator, value)
* ``contributes_to`` indicator → central indicator;  ``parent_target`` target → the parent's target
* ``responsible``  indicator → unit

An implementation path climbs implements, aligns_with and the inverse of has_task/has_group.
"""

from __future__ import annotations

import networkx as nx

from .errors import InputError
from .ontology.vocab import ROOT_MANDATE
from .queries import read
from .stores.base import GraphStore

UP_FORWARD = {"implements", "aligns_with"}
UP_BACKWARD = {"has_task", "has_group"}
ROOT = ROOT_MANDATE


def to_networkx(store: GraphStore, indicators: bool = False) -> nx.DiGraph:
    """Documents, groups, tasks and units of the store as a DiGraph with typed edges (+ indicators, targets)."""
    G = nx.DiGraph()
    for r in read.graph_nodes(store):
        if r.n in G and G.nodes[r.n].get("kind") == "document":
            continue  # a document typed twice keeps its document attributes
        G.add_node(
            r.n, kind=r.kind, label=r.label or r.identifier or r.n, identifier=r.identifier, level=r.level
        )
    edges = list(read.graph_edges(store))
    if indicators:
        for r in read.graph_indicator_nodes(store):
            label = r.label
            if r.kind == "target" and r.value is not None:
                label = f"{r.year}: {r.comparator or ''} {r.value:g} {r.measure_unit or ''}".replace(
                    "  ", " "
                ).strip()
            G.add_node(
                r.n,
                kind=r.kind,
                label=label or r.n,
                identifier=None,
                level=None,
                year=r.year,
                comparator=r.comparator,
                value=r.value,
                measure_unit=r.measure_unit,
            )
        edges += read.graph_indicator_edges(store)
    for e in edges:
        for node in (e.s, e.o):
            if node not in G:
                G.add_node(node, kind="other", label=node, identifier=None, level=None)
        G.add_edge(e.s, e.o, kind=e.kind)
    return G


def up_graph(G: nx.DiGraph) -> nx.DiGraph:
    """The 'upward' view: edges from a node towards the mandates it serves."""
    U = nx.DiGraph()
    U.add_nodes_from(G.nodes(data=True))
    for s, o, kind in G.edges(data="kind"):
        if kind in UP_FORWARD:
            U.add_edge(s, o, kind=kind)
        elif kind in UP_BACKWARD:
            U.add_edge(o, s, kind="task_of" if kind == "has_task" else "group_of")
    return U


def find_node(G: nx.DiGraph, ref: str) -> str:
    """A node by IRI or by document identifier."""
    if ref in G:
        return ref
    hits = sorted(
        n for n, ident in G.nodes(data="identifier") if ident == ref and G.nodes[n]["kind"] == "document"
    )
    if not hits:
        raise InputError(ref, "no such node: give a task or plan IRI or a document identifier")
    return hits[0]


def implementation_path(G: nx.DiGraph, node: str, root: str = ROOT) -> list[str] | None:
    """Shortest upward path from a task/plan (IRI or identifier) to the root mandate; None if there is none."""
    start, target = find_node(G, node), find_node(G, root)
    try:
        return nx.shortest_path(up_graph(G), start, target)
    except nx.NetworkXNoPath:
        return None


def orphans(G: nx.DiGraph, root: str = ROOT) -> list[str]:
    """Tasks and plans (documents with tasks) that have no upward path to the root mandate."""
    target = find_node(G, root)
    reaching = nx.ancestors(up_graph(G), target) | {target}
    candidates = [
        n
        for n, kind in G.nodes(data="kind")
        if kind == "task"
        or (kind == "document" and any(G.edges[n, t]["kind"] == "has_task" for t in G.successors(n)))
    ]
    return sorted(n for n in candidates if n not in reaching)


def unit_workload(G: nx.DiGraph) -> list[dict]:
    """Per unit: tasks led and coordinated, degree and betweenness centrality (undirected graph)."""
    undirected = G.to_undirected(as_view=True)
    degree = nx.degree_centrality(undirected) if len(G) > 1 else {}
    between = nx.betweenness_centrality(undirected, k=min(len(G), 500), seed=57) if len(G) > 2 else {}
    rows = []
    for n, kind in G.nodes(data="kind"):
        if kind != "unit":
            continue
        led = sum(1 for p in G.predecessors(n) if G.edges[p, n]["kind"] == "lead")
        coord = sum(1 for p in G.predecessors(n) if G.edges[p, n]["kind"] == "coordinating")
        if led == coord == 0:
            continue
        rows.append(
            {
                "unit": G.nodes[n]["label"],
                "iri": n,
                "led": led,
                "coordinated": coord,
                "degree": round(degree.get(n, 0.0), 6),
                "betweenness": round(between.get(n, 0.0), 6),
            }
        )
    rows.sort(key=lambda r: (-r["led"] - r["coordinated"], r["unit"], r["iri"]))
    return rows


def summary(G: nx.DiGraph, root: str = ROOT) -> dict:
    kinds: dict[str, int] = {}
    for _, kind in G.nodes(data="kind"):
        kinds[kind] = kinds.get(kind, 0) + 1
    lonely = orphans(G, root)
    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "node_kinds": dict(sorted(kinds.items())),
        "orphans": [{"iri": n, "kind": G.nodes[n]["kind"], "label": G.nodes[n]["label"]} for n in lonely],
        "workload": unit_workload(G),
    }
