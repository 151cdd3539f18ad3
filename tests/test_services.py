"""The real services answer: Neo4j over Bolt, Fuseki over SPARQL 1.1 Query/Update and the Graph Store Protocol.

Start them with `scripts/services.sh start`. Without them these tests skip, except under CI=true,
where they fail (see tests/services.py).
"""

from __future__ import annotations

import contextlib
import uuid

import neo4j
import pytest
import rdflib
import rdflib.compare
from services import (
    fuseki_url_or_skip,
    gsp_url,
    http_request,
    neo4j_auth,
    neo4j_uri_or_skip,
    sparql_ask,
    sparql_select,
    sparql_update,
)

TEST_LABEL = "DkgServicesTest"  # only these tests use it; every node gets a per-run token and is deleted
TEST_GRAPH_PREFIX = "urn:dkg:test:services:"


# ---------------------------------------------------------------------------------------------- Neo4j


@contextlib.contextmanager
def neo4j_scratch(uri: str):
    """(driver, token): nodes this test creates carry TEST_LABEL and the token, and are deleted afterwards."""
    token = uuid.uuid4().hex
    with neo4j.GraphDatabase.driver(uri, auth=neo4j_auth()) as driver:
        try:
            yield driver, token
        finally:
            driver.execute_query(f"MATCH (n:{TEST_LABEL} {{token: $token}}) DETACH DELETE n", token=token)
        assert _count(driver, token) == 0, "test nodes were not cleaned up"


def _count(driver, token: str) -> int:
    records, _, _ = driver.execute_query(
        f"MATCH (n:{TEST_LABEL} {{token: $token}}) RETURN count(n) AS n", token=token
    )
    return records[0]["n"]


@pytest.mark.neo4j
def test_neo4j_create_and_read_back_node():
    uri = neo4j_uri_or_skip()
    with neo4j_scratch(uri) as (driver, token):
        with driver.session() as session:
            created = session.run(
                f"CREATE (n:{TEST_LABEL} {{token: $token, name: $name, tags: $tags}}) RETURN elementId(n) AS id",
                token=token,
                name="Nghị quyết 57-NQ/TW",
                tags=["a", "b"],
            ).single()["id"]
        with driver.session() as session:
            record = session.run(
                f"MATCH (n:{TEST_LABEL} {{token: $token}}) RETURN elementId(n) AS id, n.name AS name, n.tags AS tags",
                token=token,
            ).single(strict=True)
        assert record["id"] == created
        assert record["name"] == "Nghị quyết 57-NQ/TW"
        assert record["tags"] == ["a", "b"]


@pytest.mark.neo4j
def test_neo4j_read_access_session_rejects_write():
    uri = neo4j_uri_or_skip()
    with neo4j_scratch(uri) as (driver, token):
        with driver.session(default_access_mode=neo4j.READ_ACCESS) as session:
            # A read is fine in a read session...
            assert session.run("RETURN 1 AS ok").single()["ok"] == 1
            # ...a write is refused by the server.
            with pytest.raises(neo4j.exceptions.ClientError) as excinfo:
                session.run(f"CREATE (:{TEST_LABEL} {{token: $token}})", token=token).consume()
        # Neo.ClientError.Statement.AccessMode "Writing in read access mode not allowed" on a single
        # server; a cluster may refuse it on a follower with a different code about read access.
        error = excinfo.value
        assert (
            error.code == "Neo.ClientError.Statement.AccessMode" or "read" in (error.message or "").lower()
        ), f"unexpected error for a write in a READ_ACCESS session: {error!r}"
        assert _count(driver, token) == 0


# --------------------------------------------------------------------------------------------- Fuseki


@contextlib.contextmanager
def fuseki_scratch_graph(url: str):
    """A fresh named-graph IRI in the dataset at url; the graph is dropped afterwards."""
    graph = f"{TEST_GRAPH_PREFIX}{uuid.uuid4().hex}"
    try:
        yield graph
    finally:
        sparql_update(url, f"DROP SILENT GRAPH <{graph}>")
    assert not sparql_ask(url, f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"), "test graph was not cleaned up"


@pytest.mark.fuseki
def test_fuseki_update_then_select_named_graph():
    url = fuseki_url_or_skip()
    with fuseki_scratch_graph(url) as graph:
        sparql_update(
            url,
            f"""
            PREFIX ex: <http://example.org/dkg-test#>
            INSERT DATA {{ GRAPH <{graph}> {{
                ex:task1 a ex:Task ; ex:label "Nhiệm vụ 1"@vi ; ex:order 1 .
                ex:task2 a ex:Task ; ex:label "Task 2"@en ; ex:order 2 .
            }} }}""",
        )
        rows = sparql_select(
            url,
            f"""
            PREFIX ex: <http://example.org/dkg-test#>
            SELECT ?task ?label WHERE {{ GRAPH <{graph}> {{ ?task a ex:Task ; ex:label ?label ; ex:order ?o }} }}
            ORDER BY ?o""",
        )
        assert rows == [
            {"task": "http://example.org/dkg-test#task1", "label": "Nhiệm vụ 1"},
            {"task": "http://example.org/dkg-test#task2", "label": "Task 2"},
        ]
        # The default graph is the union of the named graphs (scripts/fuseki.sh, TDB2): standard clients see it.
        assert sparql_ask(url, "ASK { <http://example.org/dkg-test#task1> ?p ?o }")


@pytest.mark.fuseki
def test_fuseki_graph_store_protocol_put_get_delete():
    url = fuseki_url_or_skip()
    with fuseki_scratch_graph(url) as graph:
        target = gsp_url(url, graph)
        turtle = """
            @prefix ex: <http://example.org/dkg-test#> .
            ex:directive ex:title "Nghị quyết 57" ; ex:hasTask ex:t1, ex:t2 .
        """
        status, _, body = http_request(
            "PUT", target, turtle.encode("utf-8"), {"Content-Type": "text/turtle; charset=utf-8"}
        )
        assert status in (200, 201, 204), f"PUT gave HTTP {status}: {body[:300]!r}"

        status, _, body = http_request("GET", target, headers={"Accept": "application/n-triples"})
        assert status == 200, f"GET gave HTTP {status}: {body[:300]!r}"
        got = rdflib.Graph().parse(data=body.decode("utf-8"), format="nt")
        expected = rdflib.Graph().parse(data=turtle, format="turtle")
        assert len(got) == 3
        assert rdflib.compare.isomorphic(got, expected)

        # PUT replaces the graph's contents.
        status, _, _ = http_request(
            "PUT", target, b"<urn:x:s> <urn:x:p> <urn:x:o> .", {"Content-Type": "application/n-triples"}
        )
        assert status in (200, 201, 204)
        assert sparql_select(url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}") == [
            {"n": "1"}
        ]

        status, _, body = http_request("DELETE", target)
        assert status in (200, 204), f"DELETE gave HTTP {status}: {body[:300]!r}"
        status, _, _ = http_request("GET", target, headers={"Accept": "application/n-triples"})
        assert status == 404
