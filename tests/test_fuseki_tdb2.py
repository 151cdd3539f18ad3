"""scripts/fuseki.sh's TDB2 dataset: persistent, default graph = union, same rows as `dkg query`.

Starts its own Fuseki (a free port, its own state directory) so the shared one is never restarted;
needs the Fuseki jar installed (scripts/fuseki.sh install).
"""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest
from conftest import DKG, ROOT
from services import _unavailable

from directive_kg.queries import list_queries, run
from directive_kg.serve.examples import EXAMPLE_PARAMS, bound_text
from directive_kg.stores.base import json_value as _json_value

SCRIPT = ROOT / "scripts" / "fuseki.sh"
pytestmark = pytest.mark.fuseki


def _jar_dir() -> Path:
    lib = Path(os.environ.get("DKG_FUSEKI_LIB", ROOT / ".services" / "fuseki" / "lib"))
    if not list(lib.glob("jena-fuseki-server-*.jar")):
        _unavailable("Fuseki jar", "scripts/fuseki.sh install", f"nothing in {lib}")
    return lib


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def fuseki(tmp_path_factory):
    env = dict(
        os.environ,
        DKG_FUSEKI_PORT=str(_free_port()),
        DKG_FUSEKI_STATE=str(tmp_path_factory.mktemp("fuseki")),
        DKG_FUSEKI_LIB=str(_jar_dir()),
    )
    env.pop("DKG_FUSEKI_MEM", None)

    def script(*args: str) -> str:
        proc = subprocess.run([str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=200)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return proc.stdout.strip()

    script("start")
    url = script("uri")
    proc = subprocess.run(
        [str(DKG), "build", str(ROOT / "examples/corpus"), "--store", url, "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    yield url, script
    script("stop")


def _count(url: str) -> int:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(url + "/sparql")
    client.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    client.setReturnFormat(JSON)
    return int(client.queryAndConvert()["results"]["bindings"][0]["n"]["value"])


def test_a_standard_client_sees_the_union_and_it_survives_a_restart(fuseki, store):
    url, script = fuseki
    expected = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    assert _count(url) == expected > 1000
    script("stop")
    script("start")
    assert _count(url) == expected


def test_every_named_query_gives_dkg_query_rows_through_sparqlwrapper(fuseki, store):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    from directive_kg.queries import _normalise
    from directive_kg.stores import QueryResult

    url, _ = fuseki
    for q in list_queries():
        params = EXAMPLE_PARAMS[q.name]
        expected = run(q.name, params, store, fresh=True)
        client = SPARQLWrapper(url + "/sparql")  # no default-graph-uri, no vendor graph name
        client.setMethod(POST)
        client.setQuery(bound_text(q.name, params))
        client.setReturnFormat(JSON)
        data = client.queryAndConvert()
        cols = data["head"]["vars"]
        rows = [[_json_value(b.get(c)) for c in cols] for b in data["results"]["bindings"]]
        got = _normalise(QueryResult(cols, rows), q.list_columns)  # GROUP_CONCAT order is the server's
        assert got.columns == expected.columns, q.name
        assert got.rows == expected.rows, q.name
