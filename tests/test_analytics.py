"""networkx analytics on the example graph: implementation paths, orphans, unit workload."""

from __future__ import annotations

import sys
from pathlib import Path

import networkx as nx
import pytest

from directive_kg.analytics import implementation_path, orphans, to_networkx, unit_workload
from directive_kg.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
DKG = Path(sys.executable).parent / "dkg"
ROOT_IRI = "https://w3id.org/directive-kg/doc/vn/2024/57-nq_tw"


@pytest.fixture(scope="module")
def G(store) -> nx.DiGraph:
    return to_networkx(store)


def test_graph_shape(G):
    kinds = {k for _, k in G.nodes(data="kind")}
    assert {"document", "group", "task", "unit"} <= kinds
    edge_kinds = {k for *_, k in G.edges(data="kind")}
    assert {"implements", "has_task", "in_group", "aligns_with", "lead", "coordinating"} <= edge_kinds


def test_paths_reach_57(G):
    plan = next(
        n for n, i in G.nodes(data="identifier") if i == "10/KH-UBND" and G.nodes[n]["kind"] == "document"
    )
    task = sorted(t for t in G.successors(plan) if G.edges[plan, t]["kind"] == "has_task")[0]
    path = implementation_path(G, task)
    assert path[0] == task and path[-1] == ROOT_IRI and len(path) == 3
    assert implementation_path(G, "10/KH-UBND") == [plan, ROOT_IRI]
    assert implementation_path(G, "03/NQ-CP")[-1] == ROOT_IRI
    with pytest.raises(InputError):
        implementation_path(G, "no-such-plan")


def test_orphans(G):
    assert orphans(G) == []  # every example task and plan reaches 57-NQ/TW
    H = G.copy()
    H.add_node("urn:x:plan", kind="document", label="x", identifier="X/KH", level="commune")
    H.add_node("urn:x:task", kind="task", label="t", identifier=None, level=None)
    H.add_edge("urn:x:plan", "urn:x:task", kind="has_task")
    assert orphans(H) == ["urn:x:plan", "urn:x:task"]
    H.add_edge("urn:x:plan", ROOT_IRI, kind="implements")
    assert orphans(H) == []


def test_unit_workload(G, store):
    rows = unit_workload(G)
    by_label = {}
    for r in rows:
        by_label.setdefault(r["unit"], r)
    assert by_label["Bộ Thông tin và Truyền thông"]["led"] == 24
    local = by_label["Phòng Văn hóa - Xã hội"]
    # the busiest Phòng Văn hóa - Xã hội leads as many tasks as the store says it does (counted apart)
    led = store.query("""PREFIX dkg: <https://w3id.org/directive-kg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?u (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t dkg:leadUnit ?u . ?u rdfs:label "Phòng Văn hóa - Xã hội"@vi }
        GROUP BY ?u ORDER BY DESC(?n) LIMIT 1""").rows
    assert led and local["led"] == led[0][1] >= 10
    assert 0 < local["degree"] <= 1 and local["betweenness"] >= 0
    assert rows == sorted(rows, key=lambda r: (-r["led"] - r["coordinated"], r["unit"], r["iri"]))
