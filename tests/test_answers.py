"""Answers materialised at build time (directive_kg/stores/answers.py): equal to the live SPARQL, never stale."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from directive_kg.queries import get_query, run
from directive_kg.queries.materialise import materialise
from directive_kg.stores import OxigraphStore
from directive_kg.stores.answers import COMPANION, listing, lookup

ROOT = Path(__file__).resolve().parent.parent
DKG = Path(sys.executable).parent / "dkg"
CORPUS = ROOT / "examples/corpus"


def _build(store: Path, *paths: Path, extra: tuple[str, ...] = ()) -> dict:
    proc = subprocess.run(
        [
            str(DKG),
            "build",
            *map(str, paths),
            "--store",
            str(store),
            "--format",
            "json",
            "--no-validate",
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _copy(store_path: str, tmp_path: Path) -> OxigraphStore:
    """A private copy of the session store (generation, companion and the `current` link)."""
    target = tmp_path / "store"
    shutil.copytree(store_path, target, symlinks=True)
    return OxigraphStore(target)


def test_build_keeps_the_country_wide_answers(store):
    kept = {(name, json.dumps(params, sort_keys=True)) for name, params, _ in listing(store)}
    # every central directive that local tasks carry out (the corpus has 57-NQ/TW, 03/NQ-CP, 71/NQ-CP, …)
    for mandate in ("57-NQ/TW", "03/NQ-CP", "71/NQ-CP", "193/2025/QH15"):
        assert ("implementers", json.dumps({"mandate": mandate})) in kept
    # every query that needs no parameter, asked without one
    for name in ("coverage", "gaps", "responsibilities", "targets-vs-parent", "unresolved-references"):
        assert (name, "{}") in kept
    # a provincial plan, a group or a 03/NQ-CP task is not kept: those run live
    assert not any(name == "implementers" and "#" in params for name, params in kept)
    assert ("deadlines", "{}") not in kept  # it needs a period


def test_every_kept_answer_equals_the_live_query(store):
    entries = list(listing(store))
    assert len(entries) >= 9
    for name, params, rows in entries:
        query = get_query(name)
        from directive_kg.queries import bind

        kept = lookup(store, name, query.sparql, bind(query, params))
        live = run(name, params, store, fresh=True)
        assert kept is not None, (name, params)
        assert kept.columns == live.columns, (name, params)
        assert kept.rows == live.rows, (name, params)
        assert rows == len(live.rows)
    assert any(rows > 50 for _, _, rows in entries)  # not a list of empty answers


def test_run_reads_the_kept_answer(store_path, tmp_path):
    """Proof that `run` serves the companion file: an answer changed there shows up; --fresh does not."""
    store = _copy(store_path, tmp_path)
    query = get_query("implementers")
    from directive_kg.queries import bind

    live = run("implementers", {"mandate": "57-NQ/TW"}, store, fresh=True)
    marker = [["MARKER"] + [None] * (len(live.columns) - 1)]
    path = store.companion(COMPANION)
    from directive_kg.stores.answers import key

    with sqlite3.connect(path) as con:
        done = con.execute(
            "UPDATE answer SET rows = ? WHERE key = ?",
            (json.dumps(marker), key("implementers", query.sparql, bind(query, {"mandate": "57-NQ/TW"}))),
        )
        assert done.rowcount == 1
    assert run("implementers", {"mandate": " 57-NQ/TW "}, store).rows == marker  # same bound value
    assert run("implementers", {"mandate": "57-NQ/TW"}, store, fresh=True).rows == live.rows
    proc = subprocess.run(
        [
            str(DKG),
            "query",
            "implementers",
            "-p",
            "mandate=57-NQ/TW",
            "--store",
            str(store.path),
            "--format",
            "json",
            "--fresh",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "MARKER" not in proc.stdout and len(json.loads(proc.stdout)) == len(live.rows)


def test_another_query_text_or_value_finds_nothing(store):
    from directive_kg.queries import bind

    query = get_query("implementers")
    bound = bind(query, {"mandate": "57-NQ/TW"})
    assert lookup(store, "implementers", query.sparql, bound) is not None
    assert lookup(store, "implementers", query.sparql + "\n# changed", bound) is None  # an upgraded query
    assert lookup(store, "implementers", query.sparql, bind(query, {"mandate": "57-NQ/TW#3"})) is None
    assert lookup(store, "lineage", query.sparql, bound) is None


def test_an_unreadable_companion_means_live_answers(store_path, tmp_path):
    store = _copy(store_path, tmp_path)
    live = run("gaps", {}, store, fresh=True)
    store.companion(COMPANION).write_bytes(b"not a database at all")
    assert lookup(store, "gaps", get_query("gaps").sparql, {"q_plan": ""}) is None
    assert run("gaps", {}, store).rows == live.rows
    store.companion(COMPANION).unlink()
    assert run("gaps", {}, store).rows == live.rows


def test_a_rebuild_never_serves_the_previous_answers(tmp_path):
    """Answers belong to one generation: after a rebuild with one plan fewer, the kept answer is the new one."""
    store_dir = tmp_path / "store"
    _build(store_dir, CORPUS)
    store = OxigraphStore(store_dir)
    before = run("implementers", {"mandate": "57-NQ/TW"}, store)
    first_generation = Path(store.companion(COMPANION))
    communes = sorted({str(r[0]) for r in before.rows if r[1] == "commune"})
    assert len(communes) >= 2
    # drop one commune plan: copy the corpus without the file whose plan is communes[0]
    smaller = tmp_path / "corpus"
    shutil.copytree(CORPUS, smaller)
    dropped = [p for p in smaller.rglob("*") if p.is_file() and _plan_of(store, p.name) == communes[0]]
    assert len(dropped) == 1, communes[0]
    dropped[0].unlink()
    _build(store_dir, smaller)
    after = run("implementers", {"mandate": "57-NQ/TW"}, store)
    assert after.rows == run("implementers", {"mandate": "57-NQ/TW"}, store, fresh=True).rows
    assert communes[0] not in {str(r[0]) for r in after.rows}
    assert len(after.rows) < len(before.rows)
    assert store.companion(COMPANION) != first_generation
    # a third build deletes the first generation and its companion with it
    _build(store_dir, smaller)
    assert not first_generation.exists()
    assert not first_generation.with_name(first_generation.name.partition(".")[0]).exists()
    leftovers = {p.name.partition(".")[0] for p in store_dir.iterdir() if p.name.startswith("gen-")}
    assert len(leftovers) == 2


def _plan_of(store: OxigraphStore, filename: str) -> str | None:
    rows = store.query("""PREFIX dkg: <https://w3id.org/directive-kg/ontology#>
        SELECT ?id ?path WHERE { ?d dkg:identifier ?id ; dkg:sourcePath ?path }""").rows
    return next((str(i) for i, p in rows if Path(str(p)).name == filename), None)


def test_no_answers_when_asked(tmp_path):
    summary = _build(tmp_path / "store", CORPUS, extra=("--no-answers",))
    store = OxigraphStore(tmp_path / "store")
    assert summary["answers"] is None
    assert not store.companion(COMPANION).exists()
    assert run("coverage", {}, store).rows  # the store answers live


def test_workers_give_the_same_answers(store_path, tmp_path):
    store = _copy(store_path, tmp_path)
    before = {(n, json.dumps(p)): r for n, p, r in listing(store)}
    generation = Path(store.companion(COMPANION)).name.partition(".")[0]
    done = materialise(OxigraphStore(store.path, generation=generation), workers=2)
    assert not done.failed
    assert {(n, json.dumps(p)): r for n, p, r in listing(store)} == before
    from directive_kg.queries import bind

    for name, params, _ in listing(store):  # the rows themselves, written by the workers
        query = get_query(name)
        assert (
            lookup(store, name, query.sparql, bind(query, params)).rows
            == run(name, params, store, fresh=True).rows
        )


def test_a_failing_prepare_publishes_nothing(store_path, tmp_path):
    store = _copy(store_path, tmp_path)
    current = store.companion(COMPANION)
    names = sorted(p.name for p in store.path.iterdir())

    def broken(generation: OxigraphStore) -> None:
        generation.companion("half-written").write_text("…")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        store.replace_all({"urn:dkg:graph:x": []}, prepare=broken)
    assert store.companion(COMPANION) == current
    assert sorted(p.name for p in store.path.iterdir()) == names


def test_the_build_summary_names_what_was_kept_and_what_was_not():
    from directive_kg.cli.render import answers_line

    line = answers_line(
        {
            "kept": [
                {"query": "gaps", "params": {}, "rows": 1200},
                {"query": "coverage", "params": {}, "rows": 4},
            ],
            "failed": ['implementers {"mandate": "57-NQ/TW"}: BrokenProcessPool: a worker died'],
        }
    )
    assert line.startswith("2 (1,204 rows;")
    assert "not kept (answered live): implementers" in line and "BrokenProcessPool" in line


def test_a_kept_central_graph_still_counts_for_the_closures(tmp_path):
    """03/NQ-CP loaded before and broken now: its graph is kept, and the closures are computed again over
    it (plans cover what they cover through its tasks; no stale derived quad stays in it)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    store_dir = tmp_path / "store"
    _build(store_dir, corpus)
    store = OxigraphStore(store_dir)
    (corpus / "central" / "03-NQ-CP.md").write_bytes(b"\x00\x01\x02" * 2000)
    proc = subprocess.run(
        [str(DKG), "build", str(corpus), "--store", str(store_dir), "--format", "json", "--no-validate"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode != 0 and "previously loaded version is kept" in proc.stderr
    assert "central/03-NQ-CP.md" in json.loads(proc.stdout)["kept_previous"]
    prefix = "PREFIX dkg: <https://w3id.org/directive-kg/ontology#>\n"
    covers = {tuple(r) for r in store.query(prefix + "SELECT DISTINCT ?p ?m WHERE { ?p dkg:covers ?m }").rows}
    paths = {
        tuple(r)
        for r in store.query(
            prefix
            + """SELECT DISTINCT ?p ?m WHERE {
        ?p dkg:hasTask ?t . { ?t dkg:alignsWith ?m } UNION { ?t dkg:alignsWith ?x . ?x dkg:alignsWith ?m } }"""
        ).rows
    }
    assert covers == paths
    through_03 = store.query(
        prefix
        + """SELECT (COUNT(*) AS ?n) WHERE {
        ?cp dkg:identifier "03/NQ-CP" ; dkg:hasTask ?c . ?c dkg:alignsWith ?g . ?p dkg:covers ?g ;
            dkg:issuerLevel ?level . FILTER(?level != "central") }"""
    ).rows[0][0]
    assert through_03 > 0
    twice = store.query(prefix + "SELECT ?g ?p ?m WHERE { GRAPH ?g { ?p dkg:covers ?m } }").rows
    assert len(twice) == len({(p, m) for _, p, m in twice})  # no derived quad stated twice
    assert run("gaps", {}, store).rows == run("gaps", {}, store, fresh=True).rows


class _CompanionsElsewhere(OxigraphStore):
    """A real store whose companion files would go to a directory that does not exist."""

    def companion(self, name: str):
        return (
            None
            if self.generation is None and not self.current.exists()
            else self.path / "no-such-directory" / name
        )


def test_answers_that_cannot_be_written_do_not_stop_the_build(tmp_path):
    from directive_kg.build import build

    store = _CompanionsElsewhere(tmp_path / "store")
    paths = sorted(p for p in CORPUS.rglob("*") if p.suffix in {".txt", ".md"} and p.name != "SOURCES.md")
    report = build(paths, [CORPUS], store)
    assert report.answers.failed and report.answers.failed[0][0] == "all"
    assert "unable to open database" in report.answers.failed[0][2]
    assert OxigraphStore(store.path).exists()  # published all the same
    assert run("coverage", {}, OxigraphStore(store.path)).rows
