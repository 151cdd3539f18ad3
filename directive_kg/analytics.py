"""Graph analytics with networkx: implementation paths, orphans and unit workload.

`to_networkx` reads documents, task groups, tasks and units from the store (read-only SPARQL) into a
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

from typing import Any

import networkx as nx

from .errors import InputError

PREFIX = """PREFIX dkg: <https://w3id.org/directive-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

NODES = (
    PREFIX
    + """
SELECT ?n ?kind (MIN(STR(?l)) AS ?label) (MIN(STR(?id)) AS ?identifier) (MIN(STR(?lvl)) AS ?level) WHERE {
  { ?n a dkg:LegalDocument . BIND("document" AS ?kind) }
  UNION { ?n a dkg:TaskGroup . BIND("group" AS ?kind) }
  UNION { ?n a dkg:Task . BIND("task" AS ?kind) }
  UNION { ?n a dkg:Unit . BIND("unit" AS ?kind) }
  OPTIONAL { ?n rdfs:label ?l }
  OPTIONAL { ?n dkg:identifier ?id }
  OPTIONAL { ?n dkg:issuerLevel ?lvl }
} GROUP BY ?n ?kind
"""
)

EDGES = (
    PREFIX
    + """
SELECT DISTINCT ?s ?kind ?o WHERE {
  { ?s dkg:implements ?o . BIND("implements" AS ?kind) }
  UNION { ?s dkg:hasTask ?o . BIND("has_task" AS ?kind) }
  UNION { ?s dkg:hasTaskGroup ?o . BIND("has_group" AS ?kind) }
  UNION { ?s dkg:inGroup ?o . BIND("in_group" AS ?kind) }
  UNION { ?s dkg:alignsWith ?o . ?o a ?t . FILTER(?t IN (dkg:Task, dkg:TaskGroup)) BIND("aligns_with" AS ?kind) }
  UNION { ?s dkg:leadUnit ?o . BIND("lead" AS ?kind) }
  UNION { ?s dkg:coordinatingUnit ?o . BIND("coordinating" AS ?kind) }
}
"""
)

INDICATOR_NODES = (
    PREFIX
    + """
SELECT ?n ?kind (MIN(STR(?l)) AS ?label) (MIN(?y) AS ?year) (MIN(STR(?c)) AS ?comparator) (MIN(?v) AS ?value)
       (MIN(STR(?mu)) AS ?measure_unit) WHERE {
  { ?n a dkg:Indicator . BIND("indicator" AS ?kind) } UNION { ?n a dkg:Target . BIND("target" AS ?kind) }
  OPTIONAL { ?n rdfs:label ?l }
  OPTIONAL { ?n dkg:year ?y }
  OPTIONAL { ?n dkg:comparator ?c }
  OPTIONAL { ?n dkg:value ?v }
  OPTIONAL { ?n dkg:measureUnit ?mu }
} GROUP BY ?n ?kind
"""
)

INDICATOR_EDGES = (
    PREFIX
    + """
SELECT DISTINCT ?s ?kind ?o WHERE {
  { ?s dkg:hasIndicator ?o . BIND("has_indicator" AS ?kind) }
  UNION { ?s dkg:hasTarget ?o . BIND("has_target" AS ?kind) }
  UNION { ?s dkg:contributesTo ?o . BIND("contributes_to" AS ?kind) }
  UNION { ?s dkg:parentTarget ?o . BIND("parent_target" AS ?kind) }
  UNION { ?s a dkg:Indicator ; dkg:responsibleUnit ?o . BIND("responsible" AS ?kind) }
}
"""
)

UP_FORWARD = {"implements", "aligns_with"}
UP_BACKWARD = {"has_task", "has_group"}
ROOT = "57-NQ/TW"


def to_networkx(store: Any, indicators: bool = False) -> nx.DiGraph:
    """Documents, groups, tasks and units of the store as a DiGraph with typed edges (+ indicators, targets)."""
    G = nx.DiGraph()
    for n, kind, label, identifier, level in store.query(NODES).rows:
        if n in G and G.nodes[n].get("kind") == "document":
            continue  # a document typed twice keeps its document attributes
        G.add_node(n, kind=kind, label=label or identifier or n, identifier=identifier, level=level)
    edges = list(store.query(EDGES).rows)
    if indicators:
        for n, kind, label, year, comparator, value, measure_unit in store.query(INDICATOR_NODES).rows:
            if kind == "target" and value is not None:
                label = f"{year}: {comparator or ''} {value:g} {measure_unit or ''}".replace(
                    "  ", " "
                ).strip()
            G.add_node(
                n,
                kind=kind,
                label=label or n,
                identifier=None,
                level=None,
                year=year,
                comparator=comparator,
                value=value,
                measure_unit=measure_unit,
            )
        edges += store.query(INDICATOR_EDGES).rows
    for s, kind, o in edges:
        for node in (s, o):
            if node not in G:
                G.add_node(node, kind="other", label=node, identifier=None, level=None)
        G.add_edge(s, o, kind=kind)
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
