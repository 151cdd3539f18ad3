"""Security: read-only queries on every engine, bound parameters, no network while parsing, escaped HTML,
output paths that stay where they are put, Neo4j credentials kept out of command lines and logs.

The hostile corpus is tests/fixtures/hostile/: a plan whose title, task texts and unit names carry
script tags, attribute breakers, template syntax and SPARQL/Cypher/SQL fragments.
"""

from __future__ import annotations

import dataclasses
import html
import io
import logging
import os
import re
import socket
import subprocess
import sys
import urllib.parse
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from services import fuseki_url_or_skip, http_request, neo4j_auth, neo4j_uri_or_skip

from directive_kg import neo4j as ng
from directive_kg.cli import main
from directive_kg.errors import EXIT_INPUT, EXIT_SERVICE, InputError
from directive_kg.outputs import child_path, safe_name, write_output
from directive_kg.stores import OxigraphStore, SparqlStore, bind_rows, bind_values, open_store

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
DKG = "PREFIX dkg: <https://w3id.org/directive-kg/ontology#>\n"
PAYLOAD_MARKERS = [
    "<script>alert(",
    "</textarea><",
    "<img src=x onerror",
    "<svg onload",
    "<iframe src=javascript",
    "</script><script>",
]
ATTRIBUTE_BREAKER = re.compile(r'(?<!\\)"onerror=alert\(')  # \" inside a JSON string is data

SPARQL_UPDATES = [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE DATA { <urn:a> <urn:b> <urn:c> }",
    "LOAD <http://127.0.0.1:9/evil.ttl>",
    "CLEAR ALL",
    "CLEAR DEFAULT",
    "DROP ALL",
    "DROP GRAPH <urn:g>",
    "CREATE GRAPH <urn:g>",
    "ADD DEFAULT TO <urn:g>",
    "MOVE DEFAULT TO <urn:g>",
    "COPY DEFAULT TO <urn:g>",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "insert data { <urn:a> <urn:b> <urn:c> }",
    "  \n\tDrOp  ALL",
    "# a comment\nDROP ALL",
    "PREFIX x: <urn:x#>\nBASE <urn:b/>\nDELETE WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    'DELETE { ?s ?p ?o } INSERT { ?s ?p "x" } WHERE { ?s ?p ?o }',
]
CYPHER_WRITES = [
    "CREATE (n:Evil)",
    "MERGE (n:Evil {a: 1})",
    "MATCH (n) DELETE n",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Task) SET n.text = 'x'",
    "MATCH (n:Task) REMOVE n.text",
    "CALL db.createLabel('Evil')",
    "CALL apoc.create.node(['Evil'], {})",
    "CALL { CREATE (n:Evil) } RETURN 1",
    "MATCH (n:Task) WITH n LIMIT 1 CALL (n) { SET n.x = 1 } RETURN 1",
    "FOREACH (x IN [1] | CREATE (:Evil))",
    "LOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS r RETURN r",
    "create (n:Evil)",
    "/* c */ MERGE (n:Evil)",
    "MATCH (n) // c\nDETACH DELETE n",
    "MATCH (n:`Task`) SET n:`Evil`",
    "CREATE INDEX evil IF NOT EXISTS FOR (n:Evil) ON (n.x)",
    "DROP CONSTRAINT dkg_resource_iri",
    "STOP DATABASE neo4j",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
]


# ------------------------------------------------------------------------------------------------ fixtures


def dkg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "directive_kg.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("hostile") / "s"
    res = CliRunner().invoke(main, ["build", str(HOSTILE), "--store", str(store), "--format", "json"])
    assert res.exit_code == 0, res.output
    return store


def hostile_strings() -> list[str]:
    """The hostile fragments of the fixture, as the auditor would see them in a document."""
    text = (HOSTILE / "hostile-plan.txt").read_text(encoding="utf-8")
    return sorted(
        {
            m.group(0)
            for m in re.finditer(r"<[^>\n]{1,40}>|\"onerror=[^ ]+|\{\{[^}]+\}\}|'; DROP[^|\n]{0,20}", text)
        }
    )


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.script_data: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_data.append(data)


def assert_inert(page: str, allowed_tags: set[str] | None = None) -> None:
    """No hostile string became markup: no event-handler attribute, no injected element, no payload text
    outside an escaped form; with `allowed_tags`, no other element at all."""
    for marker in PAYLOAD_MARKERS:
        assert marker not in page, f"unescaped {marker!r} in the page"
    assert not ATTRIBUTE_BREAKER.search(page), "an unescaped attribute breaker in the page"
    parser = _Collector()
    parser.feed(page)
    for tag, attrs in parser.tags:
        if allowed_tags is not None:
            assert tag in allowed_tags, f"unexpected <{tag}> element"
        for name, value in attrs:
            assert not (name.startswith("on") and value and "alert" in value), f"<{tag} {name}={value!r}>"
            assert not (value or "").strip().lower().startswith("javascript:"), f"<{tag} {name}={value!r}>"
    for data in parser.script_data:
        assert not re.fullmatch(r"\s*alert\(\d+\)\s*", data), "an injected <script> element"


# --------------------------------------------------------------------------------------- HTML escaping

VALIDATE_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "h1",
    "p",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


def test_validate_html_escapes_the_hostile_corpus(hostile_store: Path, tmp_path: Path) -> None:
    res = CliRunner().invoke(
        main,
        ["validate", "--store", str(hostile_store), "--format", "html", "--fail-on", "never", "--lang", "en"],
    )
    assert res.exit_code == 0, res.output
    assert_inert(res.stdout, VALIDATE_TAGS)
    assert "&lt;script&gt;" in res.stdout  # the strings are there, escaped
    page = tmp_path / "validate.html"
    page.write_text(res.stdout, encoding="utf-8")
    run_in_browser([page])


def test_validate_html_escapes_every_field() -> None:
    from directive_kg.rules import Finding, ValidationResult, format_html

    evil = hostile_strings()
    assert len(evil) >= 10
    fields = {f: "" for f in Finding.__dataclass_fields__}
    findings = []
    for text in evil:
        values = {k: (text if isinstance(v, str) or v is None else v) for k, v in fields.items()}
        values.update(severity="violation", lines=None, messages={})
        findings.append(Finding(**{k: values[k] for k in fields}))
    required = {
        f.name: {}
        for f in dataclasses.fields(ValidationResult)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    page = format_html(ValidationResult(**{**required, "findings": findings, "report": None}), "en")
    assert_inert(page, VALIDATE_TAGS)
    for text in evil:
        assert html.escape(text) in page


def _command_params(name: str) -> set[str]:
    command = main.commands.get(name)
    return {opt for p in (command.params if command else []) for opt in getattr(p, "opts", [])}


def _html_outputs(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix.lower() in (".html", ".htm") and p.is_file())


def test_viz_html_escapes_the_hostile_corpus(hostile_store: Path, tmp_path: Path) -> None:
    command = main.commands.get("viz")
    if "--out" not in _command_params("viz"):
        pytest.skip("dkg viz has no --out option yet")
    views = next(
        (
            p.type.choices
            for p in command.params
            if isinstance(p, click.Argument) and isinstance(p.type, click.Choice)
        ),
        [None],
    )
    for view in views:
        out = tmp_path / f"{view}.html"
        args = [
            "viz",
            *([view] if view else []),
            "--store",
            str(hostile_store),
            "--out",
            str(out),
            "--corpus",
            str(HOSTILE),
        ]
        if view in ("trace", "flow"):
            args += ["--mandate", "57-NQ/TW"]
        res = CliRunner().invoke(main, args)
        assert res.exit_code == 0, (view, res.output)
        assert_inert(out.read_text(encoding="utf-8"))
    run_in_browser(sorted(tmp_path.glob("*.html")))


def run_in_browser(pages: list[Path]) -> None:
    """Open each page in headless Chromium and hover every element: no alert() may ever run."""
    from services import browser_or_skip

    pw, browser = browser_or_skip()
    dialogs: list[str] = []
    try:
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in pages:
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_timeout(300)
            for box in page.locator("canvas, td, li, text, g").all()[:60]:
                try:
                    box.hover(timeout=300)
                except Exception:  # noqa: BLE001 - invisible elements cannot be hovered; fine
                    continue
    finally:
        browser.close()
        pw.stop()
    assert not dialogs, f"script from a document string ran: {dialogs}"


def test_report_html_escapes_the_hostile_corpus(hostile_store: Path, tmp_path: Path) -> None:
    if "--out" not in _command_params("report"):
        pytest.skip("dkg report has no --out option yet")
    out = tmp_path / "report.html"
    res = CliRunner().invoke(
        main, ["report", "--store", str(hostile_store), "--out", str(out), "--lang", "en"]
    )
    assert res.exit_code == 0, res.output
    assert_inert(out.read_text(encoding="utf-8"))
    run_in_browser([out])


# ------------------------------------------------------------------------------------------- output paths


def test_export_out_writes_atomically(hostile_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.nq"
    out.write_text("old", encoding="utf-8")
    res = dkg("export", "--store", str(hostile_store), "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert out.read_text(encoding="utf-8").startswith("<") and os.stat(out).st_mode & 0o777 != 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nq"]  # no temporary file left behind


def test_export_out_refuses_symlinks_directories_and_missing_parents(
    hostile_store: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("precious", encoding="utf-8")
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    (chosen / "graph.nq").symlink_to(outside)
    (chosen / "dir.nq").mkdir()
    cases = {
        chosen / "graph.nq": "symbolic link",
        chosen / "dir.nq": "directory",
        chosen / "missing" / "graph.nq": "no such directory",
    }
    for out, reason in cases.items():
        res = dkg("export", "--store", str(hostile_store), "--out", str(out))
        assert res.returncode == EXIT_INPUT, (out, res.stderr)
        assert len(res.stderr.strip().splitlines()) == 1 and reason in res.stderr.lower(), res.stderr
        assert "Traceback" not in res.stderr
    assert outside.read_text(encoding="utf-8") == "precious"
    assert (chosen / "graph.nq").is_symlink()


def test_output_names_cannot_leave_the_directory(tmp_path: Path) -> None:
    root = tmp_path / "out"
    root.mkdir()
    (root / "link").symlink_to(tmp_path)
    for name in ("../x.html", "/etc/passwd", "a/../../x", "link/x.html", "", "sub/../../x"):
        with pytest.raises(InputError):
            child_path(root, name)
    assert child_path(root, "plan.html") == root.resolve() / "plan.html"
    assert child_path(root, "sub/plan.html") == root.resolve() / "sub" / "plan.html"
    for text in ("10/KH-UBND", "../../etc/passwd", "..", "a\\b", "<script>", "\x00x", "C:\\x"):
        name = safe_name(text)
        assert "/" not in name and "\\" not in name and not name.startswith(".") and "\x00" not in name
        child_path(root, name)  # a made-up name is always a child
    with pytest.raises(InputError, match="symbolic link"):
        write_output(root / "link", "x")


# --------------------------------------------------------------------------------- read-only everywhere


@pytest.mark.parametrize("update", SPARQL_UPDATES)
def test_sparql_updates_refused_by_every_local_entry_point(hostile_store: Path, update: str) -> None:
    store = OxigraphStore(hostile_store)
    before = store.dump_nquads()
    res = CliRunner().invoke(main, ["sparql", update, "--store", str(hostile_store)])
    assert res.exit_code == EXIT_INPUT and res.exception is None or isinstance(res.exception, SystemExit)
    assert res.stderr.startswith("error: <query>:")
    with pytest.raises(InputError):
        store.query(update)
    # the engine itself refuses, without our guard: Oxigraph's query() parses queries only
    from pyoxigraph import Store

    with pytest.raises(SyntaxError):
        Store.read_only(str((hostile_store / "current").resolve())).query(update)
    assert store.dump_nquads() == before


def test_sparql_file_and_named_query_entry_points_are_read_only(hostile_store: Path, tmp_path: Path) -> None:
    store = OxigraphStore(hostile_store)
    before = store.dump_nquads()
    for k, update in enumerate(SPARQL_UPDATES):
        query_file = tmp_path / f"u{k}.rq"
        query_file.write_text(update, encoding="utf-8")
        res = CliRunner().invoke(main, ["sparql", "-f", str(query_file), "--store", str(hostile_store)])
        assert res.exit_code == EXIT_INPUT, update
        # a named query's parameter is data, whatever it holds
        res = CliRunner().invoke(
            main,
            [
                "query",
                "gaps",
                "-p",
                f'plan=x" }} {update} #',
                "--store",
                str(hostile_store),
                "--format",
                "json",
            ],
        )
        # read as a plan's name (or, holding "://", as a plan IRI): not one the store has, so one line
        # with the nearest names (issue 19) or no rows
        named = res.exit_code == EXIT_INPUT and "no plan 'x\"" in res.output
        assert named or (res.exit_code == 0 and res.stdout.strip() == "[]"), res.output
    assert store.dump_nquads() == before


@pytest.mark.fuseki
def test_sparql_updates_refused_by_the_server_store() -> None:
    url = fuseki_url_or_skip()
    store = SparqlStore(url)
    before = store.triple_count()
    for update in SPARQL_UPDATES:
        res = CliRunner().invoke(main, ["sparql", update, "--store", url])
        assert res.exit_code == EXIT_INPUT, update
        with pytest.raises(InputError):
            store.query(update)
        # without our guard, the query endpoint refuses updates too
        status, _, _ = http_request(
            "POST",
            url + "/query",
            urllib.parse.urlencode({"query": update}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 400, (update, status)
    assert store.triple_count() == before


@pytest.fixture(scope="module")
def neo4j_conn(hostile_store: Path) -> dict[str, object]:
    uri = neo4j_uri_or_skip()
    auth = neo4j_auth()
    conn = {"uri": uri, "user": auth[0] if auth else None, "password": auth[1] if auth else None}
    ng.push(open_store(str(hostile_store)), **conn)
    return conn


def _neo4j_state(conn: dict) -> tuple:
    rows = ng.run_cypher(
        "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r, "
        "collect(DISTINCT labels(n)) AS l",
        {},
        **conn,
    ).rows
    return rows[0][0], rows[0][1], sorted(map(str, rows[0][2]))


@pytest.mark.neo4j
@pytest.mark.parametrize("query", CYPHER_WRITES)
def test_cypher_writes_refused_by_every_entry_point(neo4j_conn: dict, query: str) -> None:
    before = _neo4j_state(neo4j_conn)
    with pytest.raises(InputError, match="read-only|Cypher error"):
        ng.run_cypher(query, {}, **neo4j_conn)
    env = {"DKG_NEO4J_URI": str(neo4j_conn["uri"])}
    if neo4j_conn["user"]:
        env.update(DKG_NEO4J_USER=str(neo4j_conn["user"]), DKG_NEO4J_PASSWORD=str(neo4j_conn["password"]))
    res = CliRunner().invoke(main, ["cypher", query], env=env)
    assert res.exit_code == EXIT_INPUT and "Traceback" not in res.output + res.stderr, res.stderr
    # the named queries take values only: a write in a parameter is a string to compare with
    res = CliRunner().invoke(
        main,
        [
            "query",
            "implementers",
            "-p",
            f"mandate={query}",
            "--engine",
            "neo4j",
            "--uri",
            str(neo4j_conn["uri"]),
            "--format",
            "json",
        ],
        env=env,
    )
    assert res.exit_code == 0 and res.stdout.strip() == "[]", res.output
    assert _neo4j_state(neo4j_conn) == before


@pytest.mark.neo4j
def test_server_refuses_cypher_writes_without_our_check(neo4j_conn: dict) -> None:
    before = _neo4j_state(neo4j_conn)
    for query in CYPHER_WRITES:
        if query.startswith(("LOAD CSV", "STOP", "TERMINATE", "CALL apoc")):
            continue  # not writes the READ access mode is about (or a procedure Community lacks)
        with pytest.raises(InputError):
            ng.run_cypher(query, {}, _precheck=False, **neo4j_conn)
    assert _neo4j_state(neo4j_conn) == before


# ------------------------------------------------------------------------------ bound, never spliced

HOSTILE_TEXT = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.sampled_from(
            [
                '"',
                "'",
                "}",
                "{",
                "\n",
                "\r",
                "\\",
                "#",
                "?x",
                "$x",
                "<",
                ">",
                " ; DROP ALL",
                " DELETE WHERE { ?s ?p ?o }",
                "`",
                "/*",
                "*/",
                "//",
                "MATCH (n) DETACH DELETE n",
                "\u2028",
                "\x00",
                "57-NQ/TW",
                "é",
            ]
        ),
        max_size=12,
    ).map("".join),
)


@settings(max_examples=150, deadline=None)
@given(value=HOSTILE_TEXT)
def test_bind_values_round_trips_any_string(value: str) -> None:
    """The VALUES block a remote endpoint gets holds the value as one literal, whatever it contains."""
    from pyoxigraph import Store

    text = bind_values("SELECT ?x WHERE { }", {"x": value})
    rows = [[sol["x"].value] for sol in Store().query(text)]
    assert rows == [[value]]


@settings(max_examples=100, deadline=None)
@given(values=st.lists(HOSTILE_TEXT, min_size=1, max_size=5))
def test_bind_rows_binds_each_row_as_terms(values: list[str]) -> None:
    """A batch bound with bind_rows (queries/links.py) comes back row for row, whatever the values hold;
    an IRI that would close the block is refused by pyoxigraph, not written into the text."""
    from pyoxigraph import NamedNode, Store

    text = bind_rows("SELECT ?x ?i WHERE { }", ["x", "i"], [[v, k] for k, v in enumerate(values)])
    rows = sorted((int(sol["i"].value), sol["x"].value) for sol in Store().query(text))
    assert [v for _, v in rows] == values
    with pytest.raises(ValueError):
        bind_rows("SELECT ?t WHERE { }", ["t"], [[NamedNode("https://x.example/a> } ?t ?p ?o . #")]])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=HOSTILE_TEXT)
def test_local_store_parameters_are_bound(hostile_store: Path, value: str) -> None:
    store = OxigraphStore(hostile_store)
    q = DKG + "SELECT ?id WHERE { ?d dkg:identifier ?id }"
    ids = {r[0] for r in store.query(q).rows}  # the union default graph: each identifier once
    rows = store.query(q.replace("SELECT", "SELECT DISTINCT"), {"id": value}).rows
    assert rows == ([[value]] if value in ids else [])


@pytest.mark.fuseki
@settings(max_examples=40, deadline=None)
@given(value=HOSTILE_TEXT)
def test_server_store_parameters_are_bound(value: str) -> None:
    store = SparqlStore(fuseki_url_or_skip())
    assert store.query("SELECT ?x WHERE { }", {"x": value}, union=False).rows == [[value]]


@pytest.mark.neo4j
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=HOSTILE_TEXT)
def test_cypher_parameters_are_bound(neo4j_conn: dict, value: str) -> None:
    assert ng.run_cypher("RETURN $x AS x", {"x": value}, **neo4j_conn).rows == [[value]]
    rows = ng.run_cypher(
        "MATCH (d:LegalDocument {identifier: $id}) RETURN d.identifier", {"id": value}, **neo4j_conn
    ).rows
    assert rows in ([], [[value]])


# --------------------------------------------------------------------------------- no network in parsing


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any attempt to open a socket fails the test (a guard, not a stand-in for a service)."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args)[:80])
        raise AssertionError("network access while parsing")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_ontology_and_shapes_load_from_the_package_only(no_network: list[str]) -> None:
    import rdflib

    from directive_kg.catalog import load_catalog
    from directive_kg.rules import load_shapes

    owl_imports = rdflib.URIRef("http://www.w3.org/2002/07/owl#imports")
    ontology = rdflib.Graph().parse(
        data=resources.files("directive_kg.ontology").joinpath("dkg.ttl").read_text("utf-8"), format="turtle"
    )
    assert len(ontology) > 100 and not list(ontology.objects(None, owl_imports))
    shapes = load_shapes()
    assert len(shapes) > 50 and not list(shapes.objects(None, owl_imports))
    assert load_catalog().provinces
    assert not no_network


def test_shacl_run_does_not_follow_owl_imports(no_network: list[str]) -> None:
    import rdflib

    from directive_kg.rules import load_shapes, run_shacl

    shapes = load_shapes()
    shapes.add(
        (rdflib.URIRef("urn:x:shapes"), rdflib.OWL.imports, rdflib.URIRef("http://127.0.0.1:9/evil.ttl"))
    )
    data = rdflib.Graph()
    data.add((rdflib.URIRef("urn:x:data"), rdflib.OWL.imports, rdflib.URIRef("http://127.0.0.1:9/evil2.ttl")))
    run_shacl(data, shapes)
    assert not no_network


def test_build_and_validate_of_hostile_inputs_open_no_socket(no_network: list[str], tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from hostile_inputs import plan, plan_docx, xxe_docx

    from directive_kg.build import build
    from directive_kg.corrections import load_corrections
    from directive_kg.rules import validate

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "hostile.txt").write_text(
        (HOSTILE / "hostile-plan.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (corpus / "xxe.docx").write_bytes(xxe_docx(plan("42-KH/ĐU", "Yên Thành")))
    (corpus / "ok.docx").write_bytes(plan_docx(plan("43-KH/ĐU", "Diễn Châu")))
    fixes = tmp_path / "fixes.yaml"
    fixes.write_text("citations:\n  '1/KH-UBND': '2/KH-UBND'\n", encoding="utf-8")
    store = OxigraphStore(tmp_path / "s")
    paths = sorted(corpus.iterdir())
    report = build(paths, [corpus], store, load_corrections(fixes))
    assert [e.place for e in report.errors] == ["word/document.xml"]
    assert len(report.sources) == 2
    validate(store, workers=1)
    assert not no_network


# ------------------------------------------------------------------------------------------ credentials


def test_no_password_option_anywhere() -> None:
    def walk(group, prefix=()):
        for name, command in getattr(group, "commands", {}).items():
            yield (*prefix, name), command
            yield from walk(command, (*prefix, name))

    for path, command in walk(main):
        options = {opt for p in command.params for opt in getattr(p, "opts", [])}
        assert not {o for o in options if "password" in o and o != "--ask-password"}, path


def test_password_never_printed_nor_logged(caplog: pytest.LogCaptureFixture) -> None:
    secret = "S3cret-pa55-XYZ"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"bolt://127.0.0.1:{s.getsockname()[1]}"
    runner = CliRunner()
    env = {"DKG_NEO4J_PASSWORD": secret}
    for args in (
        ["cypher", "RETURN 1", "--user", "neo4j", "--uri", dead],
        ["neo4j", "push", "--user", "neo4j", "--uri", dead, "--store", str(ROOT / "no-such-store")],
        ["query", "coverage", "--engine", "neo4j", "--user", "neo4j", "--uri", dead],
    ):
        with caplog.at_level(logging.DEBUG):
            res = runner.invoke(main, args, env=env)
        assert res.exit_code in (EXIT_INPUT, EXIT_SERVICE), res.output
        assert secret not in res.output + res.stderr + caplog.text
    # a password put into the URI is refused without being echoed
    uri = f"bolt://neo4j:{secret}@127.0.0.1:7687"
    res = runner.invoke(main, ["cypher", "RETURN 1", "--uri", uri])
    assert res.exit_code == EXIT_INPUT and secret not in res.output + res.stderr
    assert "NEO4J_PASSWORD" in res.stderr
    res = runner.invoke(main, ["cypher", "RETURN 1"], env={"DKG_NEO4J_URI": uri})
    assert res.exit_code == EXIT_INPUT and secret not in res.output + res.stderr


@pytest.mark.neo4j
def test_password_not_in_driver_debug_logs(neo4j_conn: dict, caplog: pytest.LogCaptureFixture) -> None:
    """A real connection with credentials and the driver's DEBUG log on: the secret never shows."""
    secret = "S3cret-" + os.urandom(4).hex()
    user = neo4j_conn["user"] or "neo4j"
    password = neo4j_conn["password"] or secret
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("neo4j")
    old = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        try:
            ng.run_cypher("RETURN 1", {}, str(neo4j_conn["uri"]), user, str(password))
        except Exception as exc:  # noqa: BLE001 - auth on with a wrong password: the message is checked too
            assert secret not in str(exc)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)
    assert stream.getvalue() and secret not in stream.getvalue() + caplog.text
