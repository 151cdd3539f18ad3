"""Faults: builds killed at random points, readers during a build, servers that go away mid-push.

Everything here runs the real command line (subprocesses) on a small corpus made at test time, and
the real Fuseki and Neo4j behind a TCP relay that drops connections (tests/faultproxy.py).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from faultproxy import CuttingProxy
from hostile_inputs import plan
from services import fuseki_url_or_skip, neo4j_auth, neo4j_uri_or_skip

from directive_kg.errors import EXIT_SERVICE, ServiceError
from directive_kg.stores import OxigraphStore, open_store

ROOT = Path(__file__).resolve().parent.parent
KILL_ITERATIONS = int(os.environ.get("DKG_KILL_ITERATIONS", "16"))


def dkg(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "directive_kg.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def make_corpus(root: Path, version: str) -> Path:
    """Two small corpora that differ in every way a rebuild can differ: a changed, a removed, an added plan."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "a.txt").write_text(
        plan("31-KH/ĐU", "Yên Thành", tasks=3 if version == "old" else 5), encoding="utf-8"
    )
    if version == "old":
        (root / "b.txt").write_text(plan("32-KH/ĐU", "Diễn Châu", cites=["31-KH/ĐU"]), encoding="utf-8")
    else:
        (root / "c.txt").write_text(plan("33-KH/ĐU", "Quỳnh Lưu", tasks=4), encoding="utf-8")
    return root


def nquads(store: str | Path) -> list[str]:
    return sorted(line for line in open_store(str(store)).dump_nquads().splitlines() if line.strip())


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The old and new corpora, a template store holding the old state, and both states' N-Quads."""
    tmp = tmp_path_factory.mktemp("faults")
    old, new = make_corpus(tmp / "old", "old"), make_corpus(tmp / "new", "new")
    template = tmp / "template"
    assert dkg("build", str(old), "--store", str(template)).returncode == 0
    probe = tmp / "probe"
    started = time.monotonic()
    assert dkg("build", str(new), "--store", str(probe)).returncode == 0
    seconds = time.monotonic() - started
    result = {
        "old": old,
        "new": new,
        "template": template,
        "old_nq": nquads(template),
        "new_nq": nquads(probe),
        "seconds": seconds,
        "tmp": tmp,
    }
    assert result["old_nq"] != result["new_nq"]
    return result


def _new_generation(store: Path, before: set[str], proc: subprocess.Popen, limit: float) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        if {p.name for p in store.glob("gen-*")} - before:
            return True
        time.sleep(0.002)
    return False


def test_build_killed_at_random_points_leaves_old_or_new_state(states: dict, tmp_path: Path) -> None:
    """SIGKILL in a loop: half the kills at a random time in the whole run, half inside the store write."""
    rng = random.Random(57)
    outcomes = {"old": 0, "new": 0}
    for i in range(KILL_ITERATIONS):
        store = tmp_path / f"s{i}"
        shutil.copytree(states["template"], store, symlinks=True)
        before = {p.name for p in store.glob("gen-*")}
        proc = subprocess.Popen(
            [sys.executable, "-m", "directive_kg.cli", "build", str(states["new"]), "--store", str(store)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if i % 2:
            _new_generation(store, before, proc, limit=states["seconds"] * 3)
            time.sleep(rng.uniform(0, 0.05))
        else:
            time.sleep(rng.uniform(0, states["seconds"] * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = nquads(store)  # opens: a failure here is a broken store
        assert now in (states["old_nq"], states["new_nq"]), (
            f"iteration {i}: a state that is neither old nor new"
        )
        outcomes["old" if now == states["old_nq"] else "new"] += 1
        if i == KILL_ITERATIONS - 1:  # the next build after a kill succeeds and cleans up the debris
            assert dkg("build", str(states["new"]), "--store", str(store)).returncode == 0
            assert nquads(store) == states["new_nq"]
            generations = {p.name.partition(".")[0] for p in store.glob("gen-*")}  # gen-X and its companions
            assert len(generations) <= 2 and not list(store.glob(".current-*"))  # new + previous
            assert not list(
                store.glob("*.tmp")
            )  # a killed build's half-written answers went with its generation
            kept = dkg("query", "gaps", "--store", str(store), "--format", "json")
            live = dkg("query", "gaps", "--store", str(store), "--format", "json", "--fresh")
            assert kept.returncode == 0 and kept.stdout == live.stdout
        shutil.rmtree(store)
    assert outcomes["old"] and outcomes["new"], outcomes  # the kills landed on both sides of the switch


def _answers(store: Path) -> tuple[str, str]:
    q = dkg("query", "coverage", "--store", str(store), "--format", "json")
    v = dkg("validate", "--store", str(store), "--format", "json", "--fail-on", "never")
    assert q.returncode == 0 and v.returncode == 0, q.stderr + v.stderr
    return q.stdout, v.stdout


def test_readers_during_builds_see_one_state_or_the_other(states: dict, tmp_path: Path) -> None:
    store = tmp_path / "s"
    shutil.copytree(states["template"], store, symlinks=True)
    probe = tmp_path / "probe"
    assert dkg("build", str(states["new"]), "--store", str(probe)).returncode == 0
    expected = {_answers(store), _answers(probe)}
    stop = threading.Event()
    failures: list[str] = []

    def writer() -> None:
        for k in range(6):
            res = dkg("build", str(states["new" if k % 2 == 0 else "old"]), "--store", str(store))
            if res.returncode != 0:
                failures.append(f"build {k}: {res.stderr[-300:]}")
        stop.set()

    def reader(which: str) -> None:
        while not stop.is_set():
            res = dkg(
                *(
                    {
                        "query": ["query", "coverage", "--format", "json"],
                        "validate": ["validate", "--format", "json", "--fail-on", "never"],
                    }[which]
                ),
                "--store",
                str(store),
            )
            if res.returncode != 0:
                failures.append(f"{which} failed during a build: {res.stderr[-300:]}")
                continue
            if res.stdout not in {pair[0 if which == "query" else 1] for pair in expected}:
                failures.append(f"{which} saw a state that is neither old nor new")

    inner: list[int] = []

    def in_process_reader() -> None:
        s = OxigraphStore(store)
        while not stop.is_set():
            try:
                rows = s.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
            except Exception as exc:  # noqa: BLE001 - any failure of a reader is the finding
                failures.append(f"in-process reader: {type(exc).__name__}: {exc}")
                continue
            inner.append(int(rows[0][0]))

    threads = [threading.Thread(target=writer)] + [
        threading.Thread(target=reader, args=(w,)) for w in ("query", "validate")
    ]
    threads.append(threading.Thread(target=in_process_reader))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    assert not failures, failures
    assert set(inner) <= {len(states["old_nq"]), len(states["new_nq"])}


# ------------------------------------------------------------------------------- SPARQL server going away


def _fuseki_port(url: str) -> tuple[int, str]:
    parts = urllib.parse.urlsplit(url)
    return parts.port or 80, parts.path


@pytest.mark.fuseki
def test_sparql_server_going_away_mid_push(states: dict) -> None:
    url = fuseki_url_or_skip()
    port, path = _fuseki_port(url)
    assert dkg("build", str(states["old"]), "--store", url).returncode == 0
    assert nquads(url) == states["old_nq"]

    # the connection drops for good in the middle of the update: a clear error, exit 3, nothing half-written
    with CuttingProxy(port, cut_after=20_000, cuts=None) as proxy:
        res = dkg("build", str(states["new"]), "--store", f"http://127.0.0.1:{proxy.port}{path}")
    assert res.returncode == EXIT_SERVICE, res.stderr
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "SPARQL server" in errors[0] and "Traceback" not in res.stderr
    assert proxy.cut_count == 3  # three tries, each cut
    assert nquads(url) == states["old_nq"]

    # a transient drop (request cut once, then the answer to an applied update lost once): retried, applied once
    for cut_response in (False, True):
        assert dkg("build", str(states["old"]), "--store", url).returncode == 0
        with CuttingProxy(port, cut_after=20_000, cuts=1, cut_response=cut_response) as proxy:
            res = dkg("build", str(states["new"]), "--store", f"http://127.0.0.1:{proxy.port}{path}")
        assert res.returncode == 0, res.stderr
        assert proxy.cut_count == 1
        assert nquads(url) == states["new_nq"]


# --------------------------------------------------------------------------------------- Neo4j going away


def _neo4j_snapshot(uri: str, auth: tuple[str, str] | None) -> dict:
    from neo4j import GraphDatabase

    with GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF") as d:
        nodes = d.execute_query(
            "MATCH (n:Resource) RETURN n.iri AS iri, labels(n) AS l, properties(n) AS p"
        ).records
        rels = d.execute_query(
            "MATCH (a:Resource)-[r]->(b:Resource) RETURN a.iri AS s, type(r) AS t, "
            "properties(r) AS p, b.iri AS o"
        ).records
        graphs = d.execute_query("MATCH (s:SourceGraph) RETURN s.iri AS iri, s.checksum AS c").records
    return {
        "nodes": sorted(
            json.dumps([r["iri"], sorted(r["l"]), r["p"]], sort_keys=True, ensure_ascii=False, default=str)
            for r in nodes
        ),
        "rels": sorted(
            json.dumps([r["s"], r["t"], r["p"], r["o"]], sort_keys=True, ensure_ascii=False, default=str)
            for r in rels
        ),
        "graphs": sorted((r["iri"], r["c"]) for r in graphs),
    }


def _wipe(uri: str, auth: tuple[str, str] | None) -> None:
    from neo4j import GraphDatabase

    with GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF") as d:
        d.execute_query("MATCH (n:Resource) DETACH DELETE n")
        d.execute_query("MATCH (n:SourceGraph) DETACH DELETE n")


def _assert_same(got: dict, want: dict) -> None:
    for key in want:
        extra, missing = sorted(set(got[key]) - set(want[key])), sorted(set(want[key]) - set(got[key]))
        assert not extra and not missing, (key, extra[:5], missing[:5])


@pytest.mark.neo4j
def test_neo4j_going_away_mid_push(states: dict, tmp_path: Path) -> None:
    from directive_kg import neo4j as ng

    uri = neo4j_uri_or_skip()
    auth = neo4j_auth()
    user, password = auth if auth else (None, None)
    port = int(uri.rsplit(":", 1)[1])
    new_store = tmp_path / "new"
    assert dkg("build", str(states["new"]), "--store", str(new_store)).returncode == 0
    old, new = open_store(str(states["template"])), open_store(str(new_store))

    _wipe(uri, auth)
    ng.push(new, uri, user, password)
    fresh_new = _neo4j_snapshot(uri, auth)
    _wipe(uri, auth)
    ng.push(old, uri, user, password)
    fresh_old = _neo4j_snapshot(uri, auth)

    # gone for good mid-push: ServiceError (exit 3 on the command line), one line, after the retries
    with CuttingProxy(port, cut_after=30_000, gone=True) as proxy:
        with pytest.raises(ServiceError) as info:
            ng.push(new, f"bolt://127.0.0.1:{proxy.port}", user, password, batch_size=50)
        assert "\n" not in str(info.value) and "Neo4j at bolt://127.0.0.1" in str(info.value)
    # each graph is one transaction: what is in Neo4j is whole graphs of the old or the new push
    partial = _neo4j_snapshot(uri, auth)
    assert set(partial["graphs"]) <= set(fresh_old["graphs"]) | set(fresh_new["graphs"])
    ng.push(old, uri, user, password)
    with CuttingProxy(port, cut_after=30_000, gone=True) as proxy:
        env = {**os.environ, "DKG_NEO4J_URI": f"bolt://127.0.0.1:{proxy.port}"}
        res = subprocess.run(
            [
                sys.executable,
                "-m",
                "directive_kg.cli",
                "neo4j",
                "push",
                "--store",
                str(new_store),
                "--batch-size",
                "50",
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=120,
        )
        assert res.returncode == EXIT_SERVICE and "Traceback" not in res.stderr
        assert len(res.stderr.strip().splitlines()) == 1 and res.stderr.startswith("error: Neo4j at")
    # the next successful push leaves nothing of the interrupted one behind
    ng.push(new, uri, user, password)
    got = _neo4j_snapshot(uri, auth)
    _assert_same(got, fresh_new)
    assert got == fresh_new  # and no relationship twice

    # a transient drop: the retry policy carries the push through
    ng.push(old, uri, user, password)
    with CuttingProxy(port, cut_after=30_000, cuts=1) as proxy:
        report = ng.push(new, f"bolt://127.0.0.1:{proxy.port}", user, password, batch_size=50)
        assert proxy.cut_count == 1 and report.graphs_replaced >= 1
    assert _neo4j_snapshot(uri, auth) == fresh_new
