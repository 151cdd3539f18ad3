"""`dkg serve`: the SPARQL 1.1 Protocol with a standard client (SPARQLWrapper), limits, rebuilds, the page.

The endpoint runs in this process (waitress in a thread, workers as child processes) on the example
store; every check goes over real HTTP on 127.0.0.1.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import DKG, ROOT
from listener import Listener

from directive_kg.queries import list_queries, run
from directive_kg.serve import Limits, Server
from directive_kg.serve.examples import EXAMPLE_PARAMS, bound_text
from directive_kg.stores import OxigraphStore
from directive_kg.stores.base import json_value as _json_value

SPARQLWrapper = pytest.importorskip("SPARQLWrapper")
DKG_NS = "https://w3id.org/directive-kg/ontology#"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module")
def server(store_path):
    srv = Server(Path(store_path), port=0, limits=Limits(timeout=20, workers=2), corpus=[ROOT])
    srv.start_in_thread()
    yield srv
    srv.close()


def _get(url: str, accept: str | None = None, data: bytes | None = None, ctype: str | None = None):
    req = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    if accept:
        req.add_header("Accept", accept)
    if ctype:
        req.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def _q(server, query: str, **extra: str) -> str:
    return f"{server.url}/sparql?" + urllib.parse.urlencode({"query": query, **extra})


def _rows_like_dkg(
    columns: list[str], rows: list[list[object]], lists: frozenset[str] = frozenset()
) -> list[list[object]]:
    """The normalisation `dkg query` applies (q_ columns dropped, rounded, deduplicated, sorted)."""
    from directive_kg.queries import _normalise
    from directive_kg.stores import QueryResult

    return _normalise(QueryResult(columns, rows), lists).rows


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_every_named_query_gives_dkg_query_rows_through_sparqlwrapper(server, store, method):
    from SPARQLWrapper import JSON, SPARQLWrapper

    for q in list_queries():
        params = EXAMPLE_PARAMS[q.name]
        expected = run(q.name, params, store, fresh=True)
        client = SPARQLWrapper(f"{server.url}/sparql")
        client.setMethod(method)
        client.setQuery(bound_text(q.name, params))
        client.setReturnFormat(JSON)
        data = client.queryAndConvert()
        cols = data["head"]["vars"]
        rows = [[_json_value(b.get(c)) for c in cols] for b in data["results"]["bindings"]]
        got = _rows_like_dkg(cols, rows, q.list_columns)  # GROUP_CONCAT order is the engine's
        assert [c for c in cols if not c.startswith("q_")] == expected.columns, q.name
        assert got == expected.rows, q.name
        assert got, f"{q.name}: the example should have rows on examples/corpus"


def test_default_graph_is_the_union_of_the_named_graphs(server):
    status, _, body = _get(_q(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    assert status == 200
    default = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    status, _, body = _get(
        _q(
            server,
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }",
        )
    )
    union = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    assert default == union > 1000
    # the 57-NQ/TW resolution is found without naming any graph
    status, _, body = _get(
        _q(server, f'ASK {{ ?d <{DKG_NS}identifier> "57-NQ/TW" }}'), "application/sparql-results+json"
    )
    assert json.loads(body) == {"head": {}, "boolean": True}


def test_content_negotiation_for_solutions(server):
    query = f'SELECT ?d ?id WHERE {{ ?d <{DKG_NS}identifier> ?id FILTER(?id = "536/QĐ-UBND") }}'
    status, ctype, body = _get(_q(server, query), "application/sparql-results+xml")
    assert status == 200 and ctype.startswith("application/sparql-results+xml")
    import xml.etree.ElementTree as ET

    ns = "{http://www.w3.org/2005/sparql-results#}"
    root = ET.fromstring(body)
    literal = root.find(f"{ns}results/{ns}result/{ns}binding[@name='id']/{ns}literal")
    assert literal is not None and literal.text == "536/QĐ-UBND"
    status, ctype, body = _get(_q(server, query), "text/csv")
    assert ctype.startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows[0] == ["d", "id"] and rows[1][1] == "536/QĐ-UBND" and rows[1][0].startswith("https://")
    assert body.count(b"\r\n") == 2
    status, ctype, body = _get(_q(server, query), "text/tab-separated-values")
    lines = body.decode("utf-8").splitlines()
    assert lines[0] == "?d\t?id" and lines[1].split("\t")[1] == '"536/QĐ-UBND"'
    assert lines[1].startswith("<https://")
    # format= wins over Accept (handy in a browser's address bar)
    status, ctype, _ = _get(_q(server, query, format="csv"), "application/sparql-results+json")
    assert ctype.startswith("text/csv")
    # a browser's Accept gets JSON; an Accept nothing can satisfy gets 406 with the types it can have
    status, ctype, _ = _get(_q(server, query), "text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    status, _, body = _get(_q(server, query), "image/png")
    assert status == 406 and b"application/sparql-results+json" in body


def test_construct_and_describe_in_rdf_formats(server):
    import rdflib

    query = (
        f"CONSTRUCT {{ ?d <{DKG_NS}identifier> ?id }} WHERE {{ ?d <{DKG_NS}identifier> ?id "
        'FILTER(?id IN ("57-NQ/TW", "03/NQ-CP")) FILTER(!CONTAINS(STR(?d), "/citation/")) }'
    )
    for accept, fmt in [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ]:
        status, ctype, body = _get(_q(server, query), accept)
        assert status == 200 and ctype.startswith(accept), accept
        g = rdflib.Graph().parse(data=body, format=fmt)
        ids = sorted(str(o) for o in g.objects(None, rdflib.URIRef(DKG_NS + "identifier")))
        assert ids == ["03/NQ-CP", "57-NQ/TW"], accept
    status, _, body = _get(_q(server, query), "text/turtle")
    assert b"@prefix dkg: <https://w3id.org/directive-kg/ontology#>" in body
    from SPARQLWrapper import TURTLE, SPARQLWrapper

    client = SPARQLWrapper(f"{server.url}/sparql")
    client.setQuery(f'DESCRIBE ?d WHERE {{ ?d <{DKG_NS}identifier> "57-NQ/TW" }}')
    client.setReturnFormat(TURTLE)
    g = rdflib.Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert len(g) > 3


def test_updates_are_refused_with_a_clear_body(server):
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    for url, data, ctype in [
        (f"{server.url}/sparql", update.encode(), "application/sparql-update"),
        (
            f"{server.url}/sparql",
            urllib.parse.urlencode({"update": update}).encode(),
            "application/x-www-form-urlencoded",
        ),
        (f"{server.url}/update", update.encode(), "application/sparql-update"),
        (_q(server, "PREFIX x: <urn:x#> DELETE WHERE { ?s ?p ?o }"), None, None),
    ]:
        status, _, body = _get(url, data=data, ctype=ctype)
        assert status == 403, url
        assert b"read-only" in body
    from SPARQLWrapper import POST, SPARQLWrapper

    client = SPARQLWrapper(f"{server.url}/sparql")
    client.setMethod(POST)
    client.setQuery(update)
    with pytest.raises(Exception, match="403|read-only|Forbidden"):
        client.query()
    # the data is untouched
    status, _, body = _get(_q(server, "ASK { <urn:a> <urn:b> <urn:c> }"))
    assert json.loads(body)["boolean"] is False


def test_bad_requests_get_one_clear_line(server):
    status, _, body = _get(_q(server, "SELECT WHERE {"))
    assert status == 400 and b"syntax error" in body.lower()
    status, _, body = _get(f"{server.url}/sparql", data=b"query=x", ctype="text/plain")
    assert status == 415
    status, _, body = _get(f"{server.url}/sparql")
    assert status == 400 and b"no query" in body
    status, _, body = _get(f"{server.url}/nowhere")
    assert status == 404
    req = urllib.request.Request(_q(server, "ASK {}"), headers={"Host": "attacker.example"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(req, timeout=10)
    assert info.value.code == 421


def test_a_query_over_the_timeout_is_stopped_and_the_endpoint_goes_on(store_path):
    srv = Server(Path(store_path), port=0, limits=Limits(timeout=1.0, workers=1))
    srv.start_in_thread()
    try:
        heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
        start = time.monotonic()
        status, _, body = _get(_q(srv, heavy))
        assert status == 503 and b"longer than 1 s" in body
        assert time.monotonic() - start < 10
        status, _, body = _get(_q(srv, "ASK { ?s ?p ?o }"))  # a fresh worker took the slot
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        srv.close()


def test_a_result_over_the_cap_is_refused_not_truncated(store_path):
    srv = Server(Path(store_path), port=0, limits=Limits(max_rows=10, workers=1))
    srv.start_in_thread()
    try:
        status, _, body = _get(_q(srv, "SELECT * WHERE { ?s ?p ?o }"))
        assert status == 400 and b"more than 10 rows" in body and b"LIMIT" in body
        status, _, body = _get(_q(srv, "SELECT * WHERE { ?s ?p ?o } LIMIT 10"))
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 10
    finally:
        srv.close()


def test_service_is_refused_unless_allowed(server, store_path):
    listener = Listener()
    query = f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}"
    try:
        for url, data, ctype in (
            (_q(server, query), None, None),
            (_q(server, query.replace("SERVICE", "\\u0053ERVICE")), None, None),  # an escape is decoded
            (f"{server.url}/sparql", query.lower().encode(), "application/sparql-query"),
            (f"{server.url}/query", urllib.parse.urlencode({"query": query}).encode(), FORM),
        ):
            status, _, body = _get(url, data=data, ctype=ctype)
            text = body.decode()
            assert status == 400 and text.count("\n") == 1, (status, text)
            assert "SERVICE" in text and "--allow-service" in text
        time.sleep(0.5)
        assert listener.connections == 0  # refused before any worker saw it
        # the word in a string, an IRI or a variable is not a federated query
        status, _, _ = _get(_q(server, 'SELECT ?service WHERE { BIND("SERVICE <http://x>" AS ?service) }'))
        assert status == 200
        allowed = Server(Path(store_path), port=0, limits=Limits(timeout=20, workers=1), allow_service=True)
        allowed.start_in_thread()
        try:
            status, _, _ = _get(_q(allowed, query))
        finally:
            allowed.close()
        assert status == 200
        assert listener.connections >= 1  # opted in: the query did go out to the address it names
    finally:
        listener.close()


def test_dkg_sparql_store_url_reads_the_endpoint(server, store):
    """`--store http://…` (the SPARQL server store) works against dkg serve: /query, graph parameters."""
    from directive_kg.stores import SparqlStore

    remote = SparqlStore(server.url)
    got = run("lineage", {"node": "10/KH-UBND"}, remote)
    assert got.rows == run("lineage", {"node": "10/KH-UBND"}, store, fresh=True).rows


def _build(corpus: Path, store: Path) -> None:
    proc = subprocess.run(
        [str(DKG), "build", str(corpus), "--store", str(store), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr


def test_rebuilds_while_a_client_queries(tmp_path):
    """Three builds swap generations under a querying client: every answer is 200 and whole."""
    small, large = tmp_path / "small", tmp_path / "large"
    small.mkdir()
    large.mkdir()
    files = sorted((ROOT / "examples/corpus").glob("*.txt"))
    shutil.copy(files[0], small)
    for f in files[:2]:
        shutil.copy(f, large)
    store = tmp_path / "store"
    _build(small, store)
    count_query = f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?p <{DKG_NS}hasTask> ?t }}"

    def tasks() -> int:
        return int(OxigraphStore(store).query(count_query).rows[0][0])

    n_small = tasks()
    srv = Server(store, port=0, limits=Limits(workers=2))
    srv.start_in_thread()
    seen: list[int] = []
    errors: list[str] = []
    stop = threading.Event()

    def client() -> None:
        while not stop.is_set():
            status, _, body = _get(_q(srv, count_query))
            if status != 200:
                errors.append(f"{status} {body[:200]!r}")
                continue
            seen.append(int(json.loads(body)["results"]["bindings"][0]["n"]["value"]))

    thread = threading.Thread(target=client)
    thread.start()
    try:
        _build(large, store)
        n_large = tasks()
        _build(small, store)
        _build(large, store)
        time.sleep(0.5)
    finally:
        stop.set()
        thread.join(60)
        srv.close()
    assert not errors
    assert n_large > n_small
    assert set(seen) <= {n_small, n_large}
    assert seen[-1] == n_large  # the last rebuild was picked up without a restart
    assert n_small in seen and len(seen) > 10


@pytest.mark.browser
def test_the_query_page_works_offline_in_chromium(server):
    from services import browser_or_skip

    pw, browser = browser_or_skip()
    outside: list[str] = []
    try:
        context = browser.new_context()

        def only_local(route) -> None:
            host = urllib.parse.urlsplit(route.request.url).hostname
            if host in ("127.0.0.1", "localhost"):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", only_local)  # every page of the context: the query page and the views it opens
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server.url + "/", wait_until="load")
        page.wait_for_selector(".yasqe .CodeMirror")
        assert page.locator("#named button").count() == len(list_queries())
        page.click("#named button[data-query='lineage']")
        page.wait_for_selector(".yasr table tbody tr", timeout=30_000)
        text = page.inner_text(".yasr")
        assert "taskOf" in text or "implements" in text
        assert not errors, errors
        views = {
            a.inner_text(): a.get_attribute("href") for a in page.locator("#views a[href^='/views/']").all()
        }
        assert {"board", "flow", "hierarchy", "coverage", "units", "trace"} <= set(views)

        def follow(name: str):
            """Open a view by its link on the query page (a new tab), as an analyst does."""
            with context.expect_page() as opened:
                page.click(f"#views a[href='{views[name]}']")
            view = opened.value
            view.on("pageerror", lambda e: errors.append(f"{name}: {e}"))
            view.wait_for_load_state("load", timeout=120_000)
            return view

        board = follow("board")
        # the national board: the official register's 34 provinces; Nghệ An's tile holds 10/KH-UBND,
        # the commune plan of Nghệ An in the example corpus
        assert "/ 34" in board.inner_text("#kpis")
        board.click(".tile[data-code='40']")
        assert board.inner_text("#rows tbody").count("10/KH-UBND") == 1
        flow = follow("flow")
        # the mandate flow of 57-NQ/TW: the numbered commune plans of the example corpus carry it out
        for plan in ("10/KH-UBND", "108/KH-UBND", "536/QĐ-UBND"):
            assert flow.locator(f".node[data-id='{plan}']").count() == 1, plan
        coverage = follow("coverage")
        assert "57-NQ/TW" in coverage.content()
        assert not errors, errors
        assert outside == [], outside
    finally:
        browser.close()
        pw.stop()


def test_views_beside_the_query_page(server):
    status, ctype, body = _get(f"{server.url}/views/")
    assert status == 200 and ctype.startswith("text/html")
    for view in ("board", "flow", "hierarchy", "coverage", "units", "trace"):
        assert f'href="/views/{view}"' in body.decode()
    status, _, body = _get(f"{server.url}/views/board?as-of=2026-13-40")
    assert status == 400 and body.decode().count("\n") == 1 and "as-of" in body.decode()
    status, _, body = _get(f"{server.url}/views/flow?" + urllib.parse.urlencode({"mandate": "99-NQ/TW"}))
    assert status == 400 and "99-NQ/TW" in body.decode(), body
    status, _, body = _get(f"{server.url}/views/nothing")
    assert status == 404 and "board" in body.decode()


def test_void_and_context_at_the_endpoint(server):
    import rdflib

    status, ctype, body = _get(f"{server.url}/void", "text/turtle")
    assert status == 200 and ctype.startswith("text/turtle")
    g = rdflib.Graph().parse(data=body, format="turtle")
    dataset = rdflib.URIRef("https://w3id.org/directive-kg/dataset")
    assert g.value(dataset, rdflib.URIRef("http://rdfs.org/ns/void#sparqlEndpoint")) == rdflib.URIRef(
        f"{server.url}/sparql"
    )
    status, ctype, body = _get(f"{server.url}/context.jsonld")
    assert status == 200 and json.loads(body)["@context"]["dkg"] == DKG_NS
