"""The build's spool: graphs written to disk as they come, read back one at a time, bulk-loaded as a set."""

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

from directive_kg.stores import OxigraphStore
from directive_kg.stores.spool import Spool

S, P = NamedNode("urn:s"), NamedNode("urn:p")
G, H = NamedNode("urn:g"), NamedNode("urn:h")


def test_a_graph_added_in_parts_is_read_back_whole_and_alone():
    with Spool() as spool:
        spool.add("urn:g", [Quad(S, P, Literal("một"), G)])
        spool.add("urn:h", [Quad(S, P, Literal("hai"), H)])
        spool.add("urn:g", [Quad(S, P, Literal("ba"), G)])  # the closures come last, as a second part
        assert list(spool) == ["urn:g", "urn:h"]
        assert sorted(q.object.value for q in spool["urn:g"]) == ["ba", "một"]
        assert [q.object.value for q in spool["urn:h"]] == ["hai"]
        assert spool.triples == 3
        folder = spool.directory
    assert not folder.exists()  # the files go with the spool


def test_the_store_loads_a_spool_and_the_default_graph_is_the_merge(tmp_path):
    shared = Literal('văn bản có " ngoặc và <urn:g> . bên trong')  # the graph's name inside a literal
    with Spool() as spool:
        spool.add("urn:g", [Quad(S, P, shared, G), Quad(S, P, Literal("chỉ g"), G)])
        spool.add("urn:h", [Quad(S, P, shared, H)])
        store = OxigraphStore(tmp_path / "store")
        store.replace_all(spool)
    assert store.named_graphs() == ["urn:g", "urn:h"]
    assert len(store.graph_quads("urn:g")) == 2
    merged = store.quads_matching(graph=DefaultGraph())
    assert sorted(q.object.value for q in merged) == ["chỉ g", shared.value]  # stated twice, merged once


def test_a_quad_of_another_graph_still_reaches_the_merge(tmp_path):
    with Spool() as spool:
        spool.add("urn:g", [Quad(S, P, Literal("lạc"), H)])  # named urn:g, the quad says urn:h
        store = OxigraphStore(tmp_path / "store")
        store.replace_all(spool)
    assert [q.object.value for q in store.quads_matching(graph=DefaultGraph())] == ["lạc"]
