"""The Neo4j projection against a REAL Neo4j (scripts/neo4j.sh start): push, idempotency, replacement of
changed documents, crash safety, read-only Cypher, parameter binding, unreachable servers, CLI.

The Neo4j tests delete every :Resource and :SourceGraph node of the database they are pointed at
(DKG_NEO4J_URI, default bolt://127.0.0.1:7687): point them at a scratch database.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))
from services import neo4j_auth, neo4j_uri_or_skip  # noqa: E402

from directive_kg import neo4j as ng  # noqa: E402
from directive_kg.cli.neo4j import cypher_command, neo4j_group  # noqa: E402
from directive_kg.cli.params import parse_param  # noqa: E402
from directive_kg.errors import EXIT_INPUT, EXIT_SERVICE, InputError, ServiceError  # noqa: E402
from directive_kg.stores import open_store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
EDITED_FILE = "003_0639612d418ec4a4.txt"  # a commune plan: one task paragraph is deleted
REMOVED_FILE = "002_0db9ce98a1f8cd50.txt"  # a commune plan: dropped from the corpus
DKG = "https://w3id.org/directive-kg/ontology#"


# ------------------------------------------------------------------------------------ fixtures


def _build(corpus: Path, store: Path) -> Path:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "directive_kg.cli",
            "build",
            str(corpus),
            "--store",
            str(store),
            "--format",
            "json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return store


@pytest.fixture(scope="module")
def stores(tmp_path_factory, store_path) -> dict[str, object]:
    """Three stores built from: the example corpus (the session's build); it with one task paragraph
    deleted; it without one file."""
    tmp = tmp_path_factory.mktemp("neo4j-stores")
    base = store_path

    edited_corpus = tmp / "edited-corpus"
    shutil.copytree(CORPUS, edited_corpus)
    path = edited_corpus / EDITED_FILE
    lines = path.read_text(encoding="utf-8").split("\n")
    hits = [i for i, line in enumerate(lines) if line.startswith("3.4. ")]
    assert hits, f"no task paragraph '3.4.' in {EDITED_FILE}"
    del lines[hits[0]]
    path.write_text("\n".join(lines), encoding="utf-8")
    edited = _build(edited_corpus, tmp / "edited")

    removed_corpus = tmp / "removed-corpus"
    shutil.copytree(CORPUS, removed_corpus)
    (removed_corpus / REMOVED_FILE).unlink()
    removed = _build(removed_corpus, tmp / "removed")
    return {
        "base": open_store(str(base)),
        "edited": open_store(str(edited)),
        "removed": open_store(str(removed)),
    }


@pytest.fixture(scope="module")
def neo4j() -> dict[str, object]:
    uri = neo4j_uri_or_skip()
    auth = neo4j_auth()
    user, password = auth if auth else (None, None)
    return {"uri": uri, "user": user, "password": password}


def _driver(conn):
    from neo4j import GraphDatabase

    auth = (conn["user"], conn["password"]) if conn["user"] else None
    return GraphDatabase.driver(conn["uri"], auth=auth, notifications_min_severity="OFF")


def wipe(conn) -> None:
    with _driver(conn) as d:
        d.execute_query("MATCH (n:Resource) DETACH DELETE n")
        d.execute_query("MATCH (n:SourceGraph) DETACH DELETE n")


def snapshot(conn) -> dict:
    """Everything the projection wrote, as comparable plain data."""
    with _driver(conn) as d:
        nodes = d.execute_query(
            "MATCH (n:Resource) RETURN n.iri AS iri, labels(n) AS labels, properties(n) AS props"
        ).records
        rels = d.execute_query(
            "MATCH (a:Resource)-[r]->(b:Resource) RETURN a.iri AS s, type(r) AS t, "
            "properties(r) AS props, b.iri AS o"
        ).records
        sources = d.execute_query("MATCH (s:SourceGraph) RETURN s.iri AS iri, properties(s) AS props").records
    return {
        "nodes": {
            # default=str: dates are Neo4j Dates (mapping /3)
            r["iri"]: json.dumps(
                [sorted(r["labels"]), r["props"]], sort_keys=True, ensure_ascii=False, default=str
            )
            for r in nodes
        },
        "rels": sorted(
            json.dumps([r["s"], r["t"], r["props"], r["o"]], sort_keys=True, ensure_ascii=False) for r in rels
        ),
        "sources": {r["iri"]: json.dumps(r["props"], sort_keys=True) for r in sources},
    }


def checksum(snap: dict) -> str:
    return hashlib.sha256(json.dumps(snap, sort_keys=True).encode()).hexdigest()


def do_push(store, conn, **kw) -> ng.PushReport:
    return ng.push(store, conn["uri"], conn["user"], conn["password"], **kw)


def cypher(conn, query: str, params: dict | None = None, **kw):
    return ng.run_cypher(query, params or {}, conn["uri"], conn["user"], conn["password"], **kw)


def sparql_count(store, cls: str) -> int:
    result = store.query(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <{DKG}{cls}> }}")
    return int(result.rows[0][0])


def graph_of(name: str) -> str:
    return "https://w3id.org/directive-kg/graph/source/" + name.replace(".", "-").lower()


@pytest.fixture(scope="module")
def fresh(stores, neo4j) -> dict[str, dict]:
    """Snapshot of each store pushed into an empty database: what any sequence of pushes must converge to."""
    snaps = {}
    for name in ("edited", "removed", "base"):  # base last: the database starts the tests holding it
        wipe(neo4j)
        report = do_push(stores[name], neo4j)
        assert report.graphs_removed == 0 and report.graphs_unchanged == 0
        snaps[name] = snapshot(neo4j)
    return snaps


def reset_to_base(stores, neo4j, fresh) -> None:
    if checksum(snapshot(neo4j)) != checksum(fresh["base"]):
        wipe(neo4j)
        do_push(stores["base"], neo4j)
    assert snapshot(neo4j) == fresh["base"]


# ----------------------------------------------------------------------- pure (no Neo4j needed)


def test_names():
    assert ng.relationship_type(DKG + "implements") == "IMPLEMENTS"
    assert ng.relationship_type(DKG + "legalBasis") == "LEGAL_BASIS"
    assert ng.relationship_type(DKG + "hasTaskGroup") == "HAS_TASK_GROUP"
    assert ng.relationship_type("http://www.w3.org/ns/prov#wasDerivedFrom") == "WAS_DERIVED_FROM"
    assert ng.relationship_type("http://example.org/x#bad-name") is None
    assert ng.relationship_type("http://example.org/x#a`]->(b) DELETE b//") is None
    assert ng.property_name("http://www.w3.org/2000/01/rdf-schema#label") == "label"
    assert ng.property_name(DKG + "iri") == "iriValue"


def test_check_read_only_lexing():
    ok = [
        "MATCH (t:Task) WHERE t.text CONTAINS 'CREATE (n) SET x' RETURN count(t)",
        "RETURN {set: 1, create: 2} AS m",
        "MATCH (n:Resource) RETURN n.set, n.`merge`",
        "MATCH (n) // DELETE n\nRETURN n",
        "CALL db.labels()",
        "CALL db.schema.visualization()",
        "CALL { MATCH (t:Task) RETURN t } RETURN count(t)",
        "MATCH (n:`DELETE`) RETURN n",
    ]
    for q in ok:
        ng.check_read_only(q)
    bad = [
        "CREATE (n)",
        "merge (n:X {a: 1})",
        "MATCH (n) DETACH DELETE n",
        "MATCH (n) SET n.a = 1",
        "MATCH (n) REMOVE n:Task",
        "CALL db.createLabel('X')",
        "CALL apoc.create.node(['X'], {})",
        "call APOC.periodic.iterate('', '', {})",
        "CALL `apoc`.`create`.node([], {})",
        "CALL db.index.fulltext.createNodeIndex('a', ['A'], ['b'])",
        "DROP INDEX dkg_task_number",
        "LOAD CSV FROM 'file:///x' AS r RETURN r",
        "MATCH (n) FOREACH (x IN [1] | SET n.a = x)",
    ]
    for q in bad:
        with pytest.raises(InputError, match="Cypher writes are not allowed: read-only"):
            ng.check_read_only(q)


def test_with_retries_backs_off_exponentially():
    from neo4j.exceptions import ServiceUnavailable, SessionExpired

    calls, sleeps = [], []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise (ServiceUnavailable if len(calls) == 1 else SessionExpired)("gone")
        return "ok"

    assert ng.with_retries(flaky, sleep=sleeps.append) == "ok"
    assert sleeps == [ng.RETRY_BASE_SECONDS, ng.RETRY_BASE_SECONDS * 2]
    sleeps.clear()

    def dead():
        raise ServiceUnavailable("down")

    with pytest.raises(ServiceUnavailable):
        ng.with_retries(dead, sleep=sleeps.append)
    assert len(sleeps) == ng.RETRY_TRIES - 1 and 3 <= ng.RETRY_TRIES <= 5


def test_parse_param():
    assert parse_param("id=57-NQ/TW") == ("id", "57-NQ/TW")
    assert parse_param("year=2030") == ("year", 2030)
    assert parse_param('n="2030"') == ("n", "2030")
    assert parse_param("xs=[1, 2]") == ("xs", [1, 2])
    assert parse_param("q=a=b") == ("q", "a=b")
    with pytest.raises(InputError):
        parse_param("no-equals")


def test_only_bolt_uris_are_accepted():
    for uri in ("http://127.0.0.1:7474", "https://x.databases.neo4j.io", "localhost:7687", ""):
        with pytest.raises(InputError, match="not a Neo4j URI"):
            ng.run_cypher("RETURN 1", {}, uri)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_neo4j_is_a_quick_service_error(stores):
    uri = f"bolt://127.0.0.1:{_free_port()}"
    for call in (lambda: ng.push(stores["base"], uri), lambda: ng.run_cypher("RETURN 1", {}, uri)):
        started = time.monotonic()
        with pytest.raises(ServiceError) as info:
            call()
        assert time.monotonic() - started < 15
        message = str(info.value)
        assert "\n" not in message and "unreachable" in message and uri in message


# ------------------------------------------------------------------------------ real Neo4j


@pytest.mark.neo4j
def test_push_matches_the_store(stores, neo4j, fresh):
    reset_to_base(stores, neo4j, fresh)
    base = stores["base"]
    for cls in ("Task", "LegalDocument", "Indicator", "Target", "Unit", "TaskGroup"):
        got = cypher(neo4j, f"MATCH (n:{cls}) RETURN count(n) AS n").rows[0][0]
        assert got == sparql_count(base, cls), cls
    from directive_kg.ontology.standard import derived_graphs  # the ontology and its entailments: not pushed

    graphs = {r[0] for r in base.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows}
    graphs -= derived_graphs()
    held = cypher(neo4j, "MATCH (s:SourceGraph) RETURN s.iri AS iri ORDER BY iri").rows
    assert {r[0] for r in held} == graphs
    # property types of the mapping
    row = cypher(
        neo4j, "MATCH (t:Target) RETURN t.year AS year, t.value AS value, t.comparator AS c LIMIT 1"
    ).rows[0]
    assert isinstance(row[0], int) and isinstance(row[1], float) and isinstance(row[2], str)
    row = cypher(
        neo4j,
        "MATCH (t:Task) WHERE t.deadline IS NOT NULL AND t.number IS NOT NULL "
        "RETURN t.deadline, t.lineStart, t.number, t.graphs LIMIT 1",
    ).rows[0]
    assert isinstance(row[0], str) and isinstance(row[1], int) and isinstance(row[2], str)
    assert isinstance(row[3], list) and row[3] == sorted(row[3])
    assert cypher(neo4j, "MATCH (c:Citation) RETURN c.resolved LIMIT 1").rows[0][0] in (True, False)
    # every relationship carries the graph it came from; documents implement 57-NQ/TW
    assert cypher(neo4j, "MATCH ()-[r]->() WHERE r.graph IS NULL RETURN count(r)").rows[0][0] == 0
    n_impl = cypher(neo4j, "MATCH (:LegalDocument)-[r:IMPLEMENTS]->(:LegalDocument) RETURN count(r)").rows[0][
        0
    ]
    assert n_impl == int(
        base.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?a <{DKG}implements> ?b }} }}").rows[0][0]
    )
    # schema
    constraints = cypher(
        neo4j, "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type RETURN labelsOrTypes, properties, type"
    ).rows
    assert [["Resource"], ["iri"], "UNIQUENESS"] in constraints
    indexes = cypher(
        neo4j, "SHOW INDEXES YIELD labelsOrTypes, properties RETURN labelsOrTypes, properties"
    ).rows
    assert [["LegalDocument"], ["identifier"]] in indexes and [["Task"], ["number"]] in indexes


@pytest.mark.neo4j
def test_push_twice_changes_nothing(stores, neo4j, fresh):
    reset_to_base(stores, neo4j, fresh)
    before = snapshot(neo4j)
    report = do_push(stores["base"], neo4j)
    assert report.graphs_replaced == 0 and report.graphs_removed == 0
    assert report.nodes == len(before["nodes"]) and report.relationships == len(before["rels"])
    assert checksum(snapshot(neo4j)) == checksum(before)


@pytest.mark.neo4j
def test_rebuilt_document_replaces_only_its_graph(stores, neo4j, fresh):
    reset_to_base(stores, neo4j, fresh)
    before = snapshot(neo4j)
    old = ng.project(ng.store_quads(stores["base"]))
    new = ng.project(ng.store_quads(stores["edited"]))
    changed = sorted(g for g in new.graphs if old.graphs[g].checksum != new.graphs[g].checksum)
    assert graph_of(EDITED_FILE) in changed and len(changed) < len(new.graphs)

    report = do_push(stores["edited"], neo4j)
    assert report.replaced == changed and report.removed == []
    after = snapshot(neo4j)
    assert after == fresh["edited"]  # same as pushing the rebuilt store into an empty database
    # a task of the edited document is gone
    assert len(after["nodes"]) < len(before["nodes"])
    # nodes the changed graphs never touched are untouched (property checksums equal)
    touched = {n for g in changed for n in old.graphs[g].nodes} | {
        n for g in changed for n in new.graphs[g].nodes
    }
    untouched = [iri for iri in before["nodes"] if iri not in touched]
    assert len(untouched) > len(before["nodes"]) / 2
    for iri in untouched:
        assert after["nodes"][iri] == before["nodes"][iri], iri
    # relationships of unchanged graphs are identical
    keep = [r for r in before["rels"] if json.loads(r)[2]["graph"] not in changed]
    assert keep == [r for r in after["rels"] if json.loads(r)[2]["graph"] not in changed]
    # back to the base corpus: again only that graph
    report = do_push(stores["base"], neo4j)
    assert report.replaced == changed
    assert snapshot(neo4j) == fresh["base"]


@pytest.mark.neo4j
def test_removed_document_disappears(stores, neo4j, fresh):
    reset_to_base(stores, neo4j, fresh)
    gone = graph_of(REMOVED_FILE)
    report = do_push(stores["removed"], neo4j)
    assert gone in report.removed and report.graphs_removed >= 1
    assert snapshot(neo4j) == fresh["removed"]
    assert cypher(neo4j, "MATCH (s:SourceGraph {iri: $g}) RETURN count(s)", {"g": gone}).rows[0][0] == 0
    assert (
        cypher(neo4j, "MATCH (n:Resource) WHERE $g IN n.graphs RETURN count(n)", {"g": gone}).rows[0][0] == 0
    )
    assert cypher(neo4j, "MATCH ()-[r]->() WHERE r.graph = $g RETURN count(r)", {"g": gone}).rows[0][0] == 0
    assert cypher(neo4j, "MATCH (n:Resource) WHERE size(n.graphs) = 0 RETURN count(n)").rows[0][0] == 0


@pytest.mark.neo4j
def test_run_cypher_rejects_writes_and_changes_nothing(stores, neo4j, fresh):
    reset_to_base(stores, neo4j, fresh)
    before = checksum(snapshot(neo4j))
    labels_before = sorted(r[0] for r in cypher(neo4j, "CALL db.labels() YIELD label RETURN label").rows)
    writes = [
        "CREATE (n)",
        "CREATE (n:Resource {iri: 'urn:evil'}) RETURN n",
        "MERGE (n:Evil {a: 1}) RETURN n",
        "MATCH (n) DETACH DELETE n",
        "MATCH (n:Task) SET n.text = 'pwned'",
        "MATCH (n:Task) REMOVE n:Task",
        "CALL db.createLabel('Evil')",
        "CALL apoc.create.node(['Evil'], {})",
        "MATCH (n:Task) WITH n LIMIT 1 CALL (n) { SET n.x = 1 } RETURN 1",
    ]
    for query in writes:
        with pytest.raises(InputError) as info:
            cypher(neo4j, query)
        assert str(info.value).startswith("<cypher>:-: Cypher writes are not allowed: read-only"), query
    # the server refuses writes too, without the client-side check (READ access mode)
    for query in writes[:7]:
        with pytest.raises(InputError) as info:
            cypher(neo4j, query, _precheck=False)
        assert str(info.value) == "<cypher>:-: Cypher writes are not allowed: read-only", query
    assert checksum(snapshot(neo4j)) == before
    assert (
        sorted(r[0] for r in cypher(neo4j, "CALL db.labels() YIELD label RETURN label").rows) == labels_before
    )
    # reads still work, including the legal CALLs
    assert cypher(neo4j, "CALL db.labels() YIELD label WHERE label = 'Task' RETURN label").rows == [["Task"]]
    with pytest.raises(InputError, match="Cypher error"):
        cypher(neo4j, "MATCH (n RETURN n")


@pytest.mark.neo4j
def test_parameters_are_bound_not_spliced(stores, neo4j, fresh):
    reset_to_base(stores, neo4j, fresh)
    before = checksum(snapshot(neo4j))
    query = "MATCH (d:LegalDocument {identifier: $id}) RETURN d.iri"
    assert len(cypher(neo4j, query, {"id": "57-NQ/TW"}).rows) == 1
    for evil in [
        "57-NQ/TW'}) DETACH DELETE d //",
        'x"}) MATCH (n) DETACH DELETE n RETURN 1 AS x //',
        "} RETURN 1 UNION MATCH (n) DETACH DELETE n RETURN 1 AS `d.iri` //",
        "$id",
        "`; CREATE (n) //",
        "57-NQ/TW\\' OR 1=1",
        "{identifier: '57-NQ/TW'}",
        "57-NQ/TW\n",
    ]:
        assert cypher(neo4j, query, {"id": evil}).rows == [], evil
    assert checksum(snapshot(neo4j)) == before
    # typed values and lists are bound too, and nodes come back as their iri
    rows = cypher(
        neo4j,
        "MATCH (t:Target) WHERE t.year IN $years RETURN t, t.year AS y LIMIT 1",
        {"years": [2030, 2035]},
    ).rows
    assert rows and rows[0][0].startswith("https://") and rows[0][1] in (2030, 2035)
    with pytest.raises(InputError):
        cypher(neo4j, "RETURN $x", {"x) RETURN 1 //": 1})


@pytest.mark.neo4j
def test_push_interrupted_inside_a_graph_rolls_it_back(stores, neo4j, fresh):
    reset_to_base(stores, neo4j, fresh)
    target = graph_of(EDITED_FILE)

    def die(graph: str, stage: str) -> None:
        if graph == target and stage == "relationships":
            raise RuntimeError("simulated crash mid-graph")

    with pytest.raises(RuntimeError, match="simulated crash"):
        do_push(stores["edited"], neo4j, batch_size=5, _hook=die)
    assert snapshot(neo4j) == fresh["base"]  # nothing of the half-written graph is visible
    report = do_push(stores["edited"], neo4j)
    assert target in report.replaced
    assert snapshot(neo4j) == fresh["edited"]


@pytest.mark.neo4j
def test_first_push_interrupted_after_some_graphs_is_repaired(stores, neo4j, fresh):
    wipe(neo4j)
    done: list[str] = []
    # the first graph commits; the second dies after its first batch of nodes
    with pytest.raises(RuntimeError):
        do_push(stores["base"], neo4j, batch_size=7, _hook=lambda g, s: _second_dies(g, s, done))
    held = [r[0] for r in cypher(neo4j, "MATCH (s:SourceGraph) RETURN s.iri").rows]
    assert held == done[:1]
    second = done[1]
    assert (
        cypher(neo4j, "MATCH (n:Resource) WHERE $g IN n.graphs RETURN count(n)", {"g": second}).rows[0][0]
        == 0
    )
    assert cypher(neo4j, "MATCH ()-[r]->() WHERE r.graph = $g RETURN count(r)", {"g": second}).rows[0][0] == 0
    report = do_push(stores["base"], neo4j)
    assert done[0] not in report.replaced and second in report.replaced
    assert snapshot(neo4j) == fresh["base"]


def _second_dies(graph: str, stage: str, seen: list[str]) -> None:
    if graph not in seen:
        seen.append(graph)
    if len(seen) == 2 and stage == "nodes":
        raise RuntimeError("simulated crash in the second graph")


# ------------------------------------------------------------------------------------------ CLI


@pytest.mark.neo4j
def test_cli_push_and_cypher(stores, neo4j, fresh, monkeypatch):
    reset_to_base(stores, neo4j, fresh)
    runner = CliRunner()
    env = {
        "DKG_NEO4J_URI": neo4j["uri"],
        "DKG_NEO4J_USER": neo4j["user"] or "",
        "DKG_NEO4J_PASSWORD": neo4j["password"] or "",
    }
    if not neo4j["user"]:
        env = {"DKG_NEO4J_URI": neo4j["uri"]}
        monkeypatch.delenv("DKG_NEO4J_USER", raising=False)
        monkeypatch.delenv("DKG_NEO4J_PASSWORD", raising=False)
    store = str(stores["base"].path)
    result = runner.invoke(neo4j_group, ["push", "--store", store, "--format", "json"], env=env)
    assert result.exit_code == 0, result.output + result.stderr
    report = json.loads(result.stdout)
    assert report["graphs_replaced"] == 0 and report["nodes"] == len(fresh["base"]["nodes"])
    result = runner.invoke(neo4j_group, ["push", "--format", "table"], env={**env, "DKG_STORE": store})
    assert result.exit_code == 0 and "graphs unchanged" in result.stdout

    result = runner.invoke(
        cypher_command,
        [
            "MATCH (d:LegalDocument {identifier: $id}) RETURN d.identifier AS id",
            "--param",
            "id=57-NQ/TW",
            "--format",
            "json",
        ],
        env=env,
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == [{"id": "57-NQ/TW"}]
    result = runner.invoke(
        cypher_command, ["MATCH (t:Task) RETURN count(t) AS n", "--format", "csv"], env=env
    )
    assert result.exit_code == 0 and result.stdout.splitlines()[0] == "n"

    result = runner.invoke(cypher_command, ["MATCH (n) DETACH DELETE n"], env=env)
    assert result.exit_code == EXIT_INPUT
    assert (
        result.stderr.count("\n") == 1
        and result.stderr.startswith("error: ")
        and "read-only" in result.stderr
    )
    assert "Traceback" not in result.output + result.stderr
    assert snapshot(neo4j) == fresh["base"]

    dead = {"DKG_NEO4J_URI": f"bolt://127.0.0.1:{_free_port()}"}
    for args, cmd in ((["RETURN 1"], cypher_command), (["push", "--store", store], neo4j_group)):
        result = runner.invoke(cmd, args, env=dead)
        assert result.exit_code == EXIT_SERVICE, result.output + result.stderr
        assert result.stderr.count("\n") == 1 and "unreachable" in result.stderr
        assert "Traceback" not in result.output + result.stderr


def test_cli_password_never_on_the_command_line_nor_printed(monkeypatch):
    runner = CliRunner()
    for cmd, args in ((cypher_command, ["RETURN 1"]), (neo4j_group, ["push"])):
        result = runner.invoke(cmd, [*args, "--password", "s3cret"])
        assert result.exit_code == 2 and "No such option" in result.stderr
    secret = "pa$$-w0rd-XYZ"
    dead = f"bolt://127.0.0.1:{_free_port()}"
    result = runner.invoke(
        cypher_command, ["RETURN 1", "--user", "neo4j", "--uri", dead], env={"DKG_NEO4J_PASSWORD": secret}
    )
    assert result.exit_code == EXIT_SERVICE
    assert secret not in result.output + result.stderr
    result = runner.invoke(
        cypher_command,
        ["RETURN 1", "--user", "neo4j", "--uri", dead, "--ask-password"],
        input=secret + "\n",
        env={"DKG_NEO4J_PASSWORD": ""},
    )
    assert result.exit_code == EXIT_SERVICE and secret not in result.output + result.stderr
    result = runner.invoke(
        cypher_command, ["RETURN 1", "--user", "someone", "--uri", dead], env={"DKG_NEO4J_PASSWORD": ""}
    )
    assert result.exit_code == EXIT_INPUT and "DKG_NEO4J_PASSWORD" in result.stderr
    help_text = runner.invoke(cypher_command, ["--help"]).output
    assert "--password" not in help_text.replace("--ask-password", "")
    assert re.search(r"--param", help_text)


# ------------------------------------------------------------------------------- hub membership

EX = "https://example.org/hub-test/"
HUB_GRAPH = EX + "graph/hub"


def _hub_store(path: Path, referencing: int, with_hub: bool = True):
    """A real store: graph `hub` states the hub document; graphs ref-00, ref-01, … each state a document
    that implements the hub and cites `ghost` (which no graph states); ref-00 also states `shared`,
    which ref-01 points at."""
    from pyoxigraph import Literal, NamedNode, Quad

    from directive_kg.stores import OxigraphStore

    def n(x: str) -> NamedNode:
        return NamedNode(EX + x)

    a, label = NamedNode(ng.RDF_TYPE), NamedNode(ng.RDFS_LABEL)
    graphs: dict[str, list] = {}
    if with_hub:
        g = NamedNode(HUB_GRAPH)
        graphs[HUB_GRAPH] = [
            Quad(n("hub"), a, NamedNode(DKG + "LegalDocument"), g),
            Quad(n("hub"), NamedNode(DKG + "identifier"), Literal("HUB-1"), g),
        ]
    for i in range(referencing):
        g = NamedNode(f"{EX}graph/ref-{i:02d}")
        doc = n(f"doc-{i:02d}")
        quads = [
            Quad(doc, a, NamedNode(DKG + "LegalDocument"), g),
            Quad(doc, label, Literal(f"doc {i}"), g),
            Quad(doc, NamedNode(DKG + "implements"), n("hub"), g),
            Quad(doc, NamedNode(DKG + "cites"), n("ghost"), g),
        ]
        if i == 0:
            quads += [
                Quad(n("shared"), a, NamedNode(DKG + "Unit"), g),
                Quad(n("shared"), label, Literal("shared"), g),
            ]
        if i == 1:
            quads.append(Quad(doc, NamedNode(DKG + "leadUnit"), n("shared"), g))
        graphs[g.value] = quads
    store = OxigraphStore(path)
    store.replace_all(graphs)
    return store


def _node(conn, name: str) -> dict | None:
    rows = cypher(
        conn,
        "MATCH (n:Resource {iri: $iri}) RETURN labels(n) AS labels, properties(n) AS props",
        {"iri": EX + name},
    ).rows
    return {"labels": sorted(rows[0][0]), **rows[0][1]} if rows else None


@pytest.mark.neo4j
def test_hub_membership_names_only_graphs_that_state_it(neo4j, tmp_path):
    """A node many graphs point at is not rewritten by each of them: its `graphs` names only the graphs that
    state something about it (at national scale, hub lists rewritten by ~3,400 graphs exhausted Neo4j's
    transaction memory); nodes nothing states and nothing points at any more are still deleted, and every
    incremental push still equals a fresh push of the same store."""
    k = 12
    stores = {
        name: _hub_store(tmp_path / name, refs, hub)
        for name, refs, hub in (
            ("all", k, True),
            ("hub-only", 0, True),
            ("no-hub", 2, False),
            ("one-ref", 1, False),
        )
    }
    wipe(neo4j)
    report = do_push(stores["all"], neo4j)
    assert report.graphs_replaced == k + 1
    hub = _node(neo4j, "hub")
    assert hub["graphs"] == [HUB_GRAPH]  # not the k graphs that point at it
    assert hub["labels"] == ["LegalDocument", "Resource"] and hub["identifier"] == "HUB-1"
    assert _node(neo4j, "shared")["graphs"] == [EX + "graph/ref-00"]
    assert _node(neo4j, "ghost") == {
        "labels": ["Resource"],
        "iri": EX + "ghost",
        "graphs": [],
    }  # only pointed at
    assert (
        cypher(
            neo4j,
            "MATCH (:Resource)-[r:IMPLEMENTS]->(:Resource {iri: $iri}) RETURN count(r)",
            {"iri": EX + "hub"},
        ).rows[0][0]
        == k
    )

    def fresh_snapshot(store) -> dict:
        wipe(neo4j)
        do_push(store, neo4j)
        return snapshot(neo4j)

    expected = {name: fresh_snapshot(store) for name, store in stores.items()}
    # every sequence below starts from what the previous push left, and must end where a fresh push ends
    do_push(stores["all"], neo4j)
    for name in ("hub-only", "all", "no-hub", "one-ref", "all", "one-ref", "hub-only"):
        do_push(stores[name], neo4j)
        assert snapshot(neo4j) == expected[name], name
        if name == "hub-only":  # every graph that pointed at the hub or the ghost is gone
            assert _node(neo4j, "hub")["graphs"] == [HUB_GRAPH]
            assert _node(neo4j, "ghost") is None and _node(neo4j, "shared") is None
            assert _node(neo4j, "doc-00") is None
        if name == "no-hub":  # the hub is no longer stated, but ref-00 and ref-01 still point at it
            assert _node(neo4j, "hub") == {"labels": ["Resource"], "iri": EX + "hub", "graphs": []}
        if name == "one-ref":  # `shared` is still stated by ref-00; nobody points at it any more
            assert _node(neo4j, "shared")["graphs"] == [EX + "graph/ref-00"]
            assert _node(neo4j, "doc-01") is None
    assert do_push(stores["hub-only"], neo4j).graphs_replaced == 0
    wipe(neo4j)


@pytest.mark.neo4j
def test_database_left_holding_the_example_corpus(stores, neo4j, fresh):
    """Last test: leave the database holding the example corpus, for people writing Cypher against it."""
    reset_to_base(stores, neo4j, fresh)
