"""Reach the real services the integration tests need: Neo4j (Bolt) and a SPARQL 1.1 server (Fuseki).

Use from a test::

    from services import neo4j_uri_or_skip, fuseki_url_or_skip

    @pytest.mark.neo4j
    def test_something():
        uri = neo4j_uri_or_skip()          # bolt://127.0.0.1:7687 unless DKG_NEO4J_URI says otherwise
        ...

When a service does not answer, the test is SKIPPED with the command that starts it, except when the
environment has CI=true: then it FAILS, because CI (.ci/run) starts both services and a missing one
is a broken build, not an optional extra.

Environment:
  DKG_NEO4J_URI       Bolt URI (default bolt://127.0.0.1:7687, what scripts/neo4j.sh starts)
  DKG_NEO4J_USER      user name, if the server has authentication on (default: no auth)
  DKG_NEO4J_PASSWORD  password for DKG_NEO4J_USER
  DKG_FUSEKI_URL      dataset URL of a Fuseki-style server (default http://127.0.0.1:3030/dkg):
                      SPARQL query at URL/query, update at URL/update, Graph Store Protocol at URL/data
  DKG_FUSEKI_USER / DKG_FUSEKI_PASSWORD   HTTP basic auth for it, if needed
"""

from __future__ import annotations

import base64
import functools
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

DEFAULT_NEO4J_URI = "bolt://127.0.0.1:7687"
DEFAULT_FUSEKI_URL = "http://127.0.0.1:3030/dkg"
PROBE_TIMEOUT = 5.0


def in_ci() -> bool:
    """True when running under CI (CI=true), where a missing service is a failure."""
    return os.environ.get("CI", "").strip().lower() == "true"


def _unavailable(what: str, start_hint: str, detail: str) -> None:
    reason = f"{what} not running: {start_hint} ({detail})"
    if in_ci():
        pytest.fail(
            f"{reason}. CI=true, so this is a failure, not a skip: "
            "CI must install and start the services (scripts/services.sh start).",
            pytrace=False,
        )
    pytest.skip(reason)


# ---------------------------------------------------------------------------------------------- Neo4j


def neo4j_uri() -> str:
    return os.environ.get("DKG_NEO4J_URI", "").strip() or DEFAULT_NEO4J_URI


def neo4j_auth() -> tuple[str, str] | None:
    """(user, password) from DKG_NEO4J_USER / DKG_NEO4J_PASSWORD, or None for a server without auth."""
    user = os.environ.get("DKG_NEO4J_USER", "").strip()
    return (user, os.environ.get("DKG_NEO4J_PASSWORD", "")) if user else None


@functools.cache
def _neo4j_problem(uri: str, auth: tuple[str, str] | None) -> str | None:
    """None if `RETURN 1` works at uri, else a one-line description of what went wrong."""
    try:
        from neo4j import GraphDatabase
    except ImportError as e:  # pragma: no cover - neo4j is a project dependency
        return f"neo4j driver not importable: {e}"
    try:
        with (
            GraphDatabase.driver(uri, auth=auth, connection_timeout=PROBE_TIMEOUT) as driver,
            driver.session() as session,
        ):
            value = session.run("RETURN 1 AS ok").single()["ok"]
        return None if value == 1 else f"RETURN 1 gave {value!r}"
    except Exception as e:  # any failure means "not usable"
        return f"{type(e).__name__}: {e}".splitlines()[0]


def neo4j_uri_or_skip() -> str:
    """The Bolt URI of a Neo4j that answers; otherwise skip the test (fail under CI=true)."""
    uri = neo4j_uri()
    problem = _neo4j_problem(uri, neo4j_auth())
    if problem is not None:
        _unavailable(f"Neo4j at {uri}", "scripts/neo4j.sh start", problem)
    return uri


# --------------------------------------------------------------------------------------------- Fuseki


def fuseki_url() -> str:
    return (os.environ.get("DKG_FUSEKI_URL", "").strip() or DEFAULT_FUSEKI_URL).rstrip("/")


def _auth_headers() -> dict[str, str]:
    user = os.environ.get("DKG_FUSEKI_USER", "").strip()
    if not user:
        return {}
    token = base64.b64encode(f"{user}:{os.environ.get('DKG_FUSEKI_PASSWORD', '')}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def http_request(
    method: str,
    url: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30.0,
) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request with the SPARQL server's credentials; returns (status, headers, body).

    HTTP error statuses are returned, not raised; connection errors are raised.
    """
    req = urllib.request.Request(
        url, data=body, method=method, headers={**_auth_headers(), **(headers or {})}
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, dict(resp.headers.items()), resp.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers.items()), e.read()


def sparql_query(url: str, query: str, accept: str = "application/sparql-results+json") -> bytes:
    """POST a SPARQL query to URL/query; returns the response body (raises AssertionError on HTTP error)."""
    status, _, body = http_request(
        "POST",
        f"{url}/query",
        urllib.parse.urlencode({"query": query}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
    )
    assert status == 200, f"SPARQL query failed with HTTP {status}: {body[:500]!r}"
    return body


def sparql_select(url: str, query: str) -> list[dict[str, str]]:
    """Run a SELECT; returns one {variable: value} dict per solution (values as plain strings)."""
    result = json.loads(sparql_query(url, query))
    return [{k: v["value"] for k, v in row.items()} for row in result["results"]["bindings"]]


def sparql_ask(url: str, query: str) -> bool:
    return bool(json.loads(sparql_query(url, query))["boolean"])


def sparql_update(url: str, update: str) -> None:
    """POST a SPARQL Update to URL/update (raises AssertionError on HTTP error)."""
    status, _, body = http_request(
        "POST",
        f"{url}/update",
        urllib.parse.urlencode({"update": update}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status in (200, 204), f"SPARQL update failed with HTTP {status}: {body[:500]!r}"


def gsp_url(url: str, graph: str) -> str:
    """Graph Store Protocol address of a named graph (indirect identification: URL/data?graph=G)."""
    return f"{url}/data?" + urllib.parse.urlencode({"graph": graph})


@functools.cache
def _fuseki_problem(url: str) -> str | None:
    """None if `ASK {}` works at url/query, else a one-line description of what went wrong."""
    try:
        status, _, body = http_request(
            "GET",
            f"{url}/query?" + urllib.parse.urlencode({"query": "ASK {}"}),
            headers={"Accept": "application/sparql-results+json"},
            timeout=PROBE_TIMEOUT,
        )
        if status != 200:
            return f"ASK {{}} at {url}/query gave HTTP {status}"
        if json.loads(body).get("boolean") is not True:
            return f"ASK {{}} at {url}/query did not answer true"
        return None
    except Exception as e:  # any failure means "not usable"
        return f"{type(e).__name__}: {e}".splitlines()[0]


def fuseki_url_or_skip() -> str:
    """The dataset URL of a SPARQL server that answers; otherwise skip the test (fail under CI=true)."""
    url = fuseki_url()
    problem = _fuseki_problem(url)
    if problem is not None:
        _unavailable(f"Fuseki at {url}", "scripts/fuseki.sh start", problem)
    return url


# ----------------------------------------------------------------------- headless browser, office, poppler


def chromium_path() -> str | None:
    """Debian's Chromium (what .ci/run installs), or DKG_CHROMIUM when set."""
    import shutil

    return (
        os.environ.get("DKG_CHROMIUM", "").strip()
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


def chromium_or_skip() -> str:
    """Path of a headless-capable Chromium; otherwise skip the test (fail under CI=true)."""
    path = chromium_path()
    if not path:
        _unavailable("Chromium", "apt-get install chromium", "no chromium on PATH")
    return path


def program_or_skip(name: str, package: str) -> str:
    """Path of a command-line program from a Debian package (soffice, pdftotext…); skip or fail when absent."""
    import shutil

    path = shutil.which(name)
    if not path:
        _unavailable(name, f"apt-get install {package}", f"no {name} on PATH")
    return path


def kglab_python_or_skip() -> str:
    """The python of the kglab environment (scripts/kglab-env.sh); skip (fail under CI=true) without it."""
    python = Path(__file__).resolve().parent.parent / ".venv-kglab" / "bin" / "python"
    if not python.exists():
        _unavailable("kglab", "scripts/kglab-env.sh", f"no {python}")
    return str(python)


def browser_or_skip():
    """A Playwright Chromium browser (Debian's binary, no downloaded one) for tests that need a real page.

    Returns (playwright, browser); close both when done. Skips (fails under CI=true) when either is missing.
    """
    path = chromium_or_skip()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as e:
        _unavailable("playwright", "pip install -e '.[test]'", str(e))
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(executable_path=path, args=["--no-sandbox", "--disable-gpu"])
    except Exception as e:
        pw.stop()
        _unavailable("Chromium", "apt-get install chromium", f"{type(e).__name__}: {e}".splitlines()[0])
    return pw, browser


# ------------------------------------------------------------------------------------ Apache Jena SHACL


def jena_or_skip() -> None:
    """Java and the Jena jar that scripts/jena-shacl.sh runs; otherwise skip the test (fail under CI=true)."""
    import shutil
    import subprocess
    from pathlib import Path

    if shutil.which("java") is None:
        _unavailable("Java", "apt-get install default-jre-headless", "no java on PATH")
    script = Path(__file__).resolve().parents[1] / "scripts" / "fuseki.sh"
    jar = subprocess.run([str(script), "jar"], capture_output=True, text=True, check=False).stdout.strip()
    if not jar or not Path(jar).is_file():
        _unavailable("The Jena jar", "scripts/fuseki.sh install", f"{jar or 'no path'} is missing")
