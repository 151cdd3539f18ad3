"""The Neo4j mapping an analyst meets (issue 19): plans by one label, scalar labels, Dates, full-text search.

Against the REAL Neo4j (scripts/neo4j.sh start), like tests/test_neo4j.py, whose helpers it uses: it
wipes the :Resource nodes of the database it is pointed at and pushes the example corpus.
Expected values come from the documents (examples/corpus/SOURCES.md), not from the code.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_neo4j import _driver, do_push, neo4j, wipe  # noqa: E402, F401 - neo4j is a fixture

from directive_kg.neo4j.mapping import project  # noqa: E402
from directive_kg.text import fold  # noqa: E402

pytestmark = pytest.mark.neo4j

# the four commune plans of examples/corpus (SOURCES.md): three "Kế hoạch" and a "Quyết định"
# promulgating an action plan (536/QĐ-UBND)
COMMUNE_PLANS = {
    "000_61e0d19b87fa339e.txt",
    "001_e82b588b1054be4d.txt",
    "002_0db9ce98a1f8cd50.txt",
    "003_0639612d418ec4a4.txt",
}


@pytest.fixture(scope="module")
def pushed(store, neo4j):  # noqa: F811 - the fixture imported above
    wipe(neo4j)
    do_push(store, neo4j)
    with _driver(neo4j) as driver:
        yield driver


def _rows(driver, query: str, **params):
    return [r.data() for r in driver.execute_query(query, params).records]


def test_every_plan_is_a_plan_whatever_its_form(pushed):
    rows = _rows(
        pushed, "MATCH (p:Plan) WHERE p.sourcePath IS NOT NULL RETURN p.sourcePath AS f, labels(p) AS l"
    )
    assert {r["f"] for r in rows} == COMMUNE_PLANS
    decision = _rows(pushed, "MATCH (p:Plan {identifier: '536/QĐ-UBND'}) RETURN labels(p) AS l")
    assert len(decision) == 1 and {"Plan", "Decision"} <= set(decision[0]["l"])
    # a resolution with task groups is not a plan
    assert not _rows(pushed, "MATCH (p:Plan {identifier: '57-NQ/TW'}) RETURN p")


def test_label_is_one_string_with_the_aliases_in_labels(pushed):
    assert _rows(pushed, "MATCH (n:Resource) WHERE n.label IS :: LIST<ANY> NOT NULL RETURN n.iri")[:3] == []
    rows = _rows(
        pushed,
        "MATCH (u:Unit) WHERE u.labels IS NOT NULL RETURN u.label AS label, u.labels AS labels",
    )
    assert rows, "the corpus has units named in two cases (a heading and mid-sentence)"
    for r in rows:
        assert isinstance(r["label"], str) and r["label"] in r["labels"] and len(r["labels"]) > 1
        assert r["label"][:1].isupper()


def test_one_unit_node_per_canonical_unit(pushed, store):
    units = store.query(
        "SELECT (COUNT(DISTINCT ?u) AS ?n) WHERE { ?u a <https://w3id.org/directive-kg/ontology#Unit> }"
    ).rows[0][0]
    got = _rows(pushed, "MATCH (u:Unit) RETURN count(u) AS n, count(DISTINCT u.iri) AS iris")[0]
    assert got["n"] == got["iris"] == int(units)


def test_dates_are_neo4j_dates(pushed):
    import neo4j.time

    row = _rows(pushed, "MATCH (d:LegalDocument {identifier: '536/QĐ-UBND'}) RETURN d.dateIssued AS d")
    value = next(r["d"] for r in row if r["d"] is not None)
    assert isinstance(value, neo4j.time.Date) and value.iso_format() == "2025-09-10"  # 10/9/2025
    # a date range query in Cypher's own terms
    rows = _rows(
        pushed,
        "MATCH (d:Plan) WHERE d.dateIssued >= date('2025-07-01') AND d.dateIssued < date('2025-08-01') "
        "RETURN d.identifier AS id",
    )
    assert "10/KH-UBND" in {r["id"] for r in rows}  # 23/7/2025


def test_constraints_and_a_full_text_index_without_diacritics(pushed):
    constraints = _rows(
        pushed, "SHOW CONSTRAINTS YIELD labelsOrTypes, properties RETURN labelsOrTypes AS l, properties AS p"
    )
    for label in ("Resource", "Plan", "Task", "Unit"):
        assert {"l": [label], "p": ["iri"]} in constraints, label
    _rows(pushed, "CALL db.awaitIndexes(120)")
    hits = _rows(
        pushed,
        "CALL db.index.fulltext.queryNodes('dkg_text', $q) YIELD node, score "
        "RETURN labels(node) AS l, node.text AS text, node.label AS label LIMIT 50",
        q='"chuyen doi so"',
    )
    tasks = [h for h in hits if "Task" in h["l"]]
    assert tasks and all("chuyen doi so" in fold(h["text"]) for h in tasks)
    assert any("chuyển đổi số" in h["text"] for h in tasks)  # found by words typed without diacritics
    units = _rows(
        pushed,
        "CALL db.index.fulltext.queryNodes('dkg_text', $q) YIELD node RETURN node.label AS label",
        q="phong van hoa",
    )
    assert any(fold(u["label"] or "").startswith("phong van hoa") for u in units)


def test_projection_rules_without_neo4j():
    """The pure mapping: Decision + tasks → Plan; label aliases; xsd:date → date."""
    import datetime

    from pyoxigraph import Literal, NamedNode, Quad

    dkg = "https://w3id.org/directive-kg/ontology#"
    g = NamedNode("urn:g")
    d, t, u = NamedNode("urn:d"), NamedNode("urn:t"), NamedNode("urn:u")
    rdf_type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    quads = [
        Quad(d, rdf_type, NamedNode(dkg + "Decision"), g),
        Quad(d, NamedNode(dkg + "hasTask"), t, g),
        Quad(
            d,
            NamedNode(dkg + "dateIssued"),
            Literal("2025-09-10", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#date")),
            g,
        ),
        Quad(u, label, Literal("các bộ, ngành"), g),
        Quad(u, label, Literal("Các bộ, ngành"), g),
    ]
    proj = project(quads)
    assert set(proj.node_labels("urn:d")) == {"Decision", "Plan"}
    assert proj.node_props("urn:d")["dateIssued"] == datetime.date(2025, 9, 10)
    props = proj.node_props("urn:u")
    assert props["label"] == "Các bộ, ngành" and props["labels"] == ["Các bộ, ngành", "các bộ, ngành"]
