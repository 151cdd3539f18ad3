"""The graph builder and the stores: counts, identity of documents, idempotence, atomicity, removal, corrections."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from directive_kg.cli import main
from directive_kg.store import OxigraphStore, open_store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
DKG = "PREFIX dkg: <https://w3id.org/directive-kg/ontology#>\n"

# A provincial plan written as the legal databases print it; its facts are those the primer gives
# for 348/KH-UBND (UBND tỉnh Nghệ An, 14/5/2025, implementing 71/NQ-CP and 328-KH/TU).
PLAN_348 = """ỦY BAN NHÂN DÂN TỈNH NGHỆ AN
Số: 348/KH-UBND
Nghệ An, ngày 14 tháng 5 năm 2025

KẾ HOẠCH
Triển khai thực hiện Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ và Kế hoạch hành động số 328-KH/TU ngày 24/4/2025 của Ban Chấp hành Đảng bộ tỉnh

I. NHIỆM VỤ, GIẢI PHÁP

1. Nâng cao nhận thức, đột phá về đổi mới tư duy

- Tổ chức quán triệt Nghị quyết số 57-NQ/TW đến cán bộ, đảng viên và Nhân dân trên địa bàn tỉnh.
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "directive_kg.cli", *args], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    store = tmp_path_factory.mktemp("store") / "s"
    res = CliRunner().invoke(main, ["build", str(CORPUS), "--store", str(store), "--format", "json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    return store, summary


def ask(store: Path, query: str, **params: str) -> list[list[object]]:
    return open_store(str(store)).query(DKG + query, params).rows


def test_summary_counts(built: tuple[Path, dict]) -> None:
    _, summary = built
    assert summary["documents"] == 6
    assert summary["central_tasks"] == 140  # 03/NQ-CP Phụ lục II
    assert summary["triples"] > 5000
    assert any(r.startswith("193/2025/QH12") for r in summary["references_unresolved"])


def test_03_has_140_tasks_in_7_groups(built: tuple[Path, dict]) -> None:
    store, _ = built
    rows = ask(store, """SELECT (COUNT(DISTINCT ?t) AS ?n) (COUNT(DISTINCT ?g) AS ?groups) WHERE {
        ?d dkg:identifier "03/NQ-CP" ; dkg:hasTask ?t . ?t dkg:inGroup ?g ; dkg:leadUnit ?u }""")
    assert rows == [[140, 7]]


def test_every_commune_plan_reaches_57(built: tuple[Path, dict]) -> None:
    store, _ = built
    rows = ask(store, """SELECT ?d (COUNT(?m) > 0 AS ?reaches) WHERE {
        ?d dkg:issuerLevel "commune" .
        OPTIONAL { ?d dkg:implements+ ?m . ?m dkg:identifier "57-NQ/TW" } } GROUP BY ?d""")
    assert len(rows) == 4
    assert all(r[1] for r in rows), rows


def test_copied_task_aligns_to_03_task_9(built: tuple[Path, dict]) -> None:
    # 536/QĐ-UBND III.1.f restates 03/NQ-CP task 9 ("Phấn đấu bố trí tỷ lệ phù hợp cán bộ …"), primer
    store, _ = built
    rows = ask(store, """SELECT ?method WHERE {
        ?plan dkg:identifier "536/QĐ-UBND" ; dkg:hasTask ?t .
        ?t dkg:hasAlignment ?a . ?a dkg:alignedTo ?c ; dkg:method ?method .
        ?cp dkg:identifier "03/NQ-CP" ; dkg:hasTask ?c . ?c dkg:number "9" }""")
    assert rows and rows[0][0] == "similarity"


def test_rebuild_gives_identical_sorted_nquads(built: tuple[Path, dict], tmp_path: Path) -> None:
    store, _ = built
    first = sorted(open_store(str(store)).dump_nquads().splitlines())
    res = CliRunner().invoke(main, ["build", str(CORPUS), "--store", str(store), "--format", "json"])
    assert res.exit_code == 0
    assert sorted(open_store(str(store)).dump_nquads().splitlines()) == first


def test_cited_and_loaded_document_are_one_node(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    shutil.copytree(CORPUS, corpus)
    (corpus / "348-KH-UBND-nghe-an.txt").write_text(PLAN_348, encoding="utf-8")
    store = tmp_path / "s"
    assert CliRunner().invoke(main, ["build", str(corpus), "--store", str(store)]).exit_code == 0
    rows = ask(store, """SELECT DISTINCT ?d WHERE { ?d a dkg:LegalDocument ; dkg:identifier "348/KH-UBND" }""")
    assert len(rows) == 1
    node = rows[0][0]
    cited = ask(store, """SELECT ?d ?path WHERE { ?p dkg:identifier "10/KH-UBND" ; dkg:implements ?d .
                                                  ?d dkg:sourcePath ?path }""", d=_iri(node))
    assert cited == [[node, "348-KH-UBND-nghe-an.txt"]]


def _iri(value: object):
    from pyoxigraph import NamedNode

    return NamedNode(str(value))


def test_removed_document_leaves_the_store(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    shutil.copytree(CORPUS, corpus)
    store = tmp_path / "s"
    CliRunner().invoke(main, ["build", str(corpus), "--store", str(store)])
    assert ask(store, 'ASK { ?d dkg:identifier "108/KH-UBND" ; dkg:sourcePath ?p }') == [[True]]
    (corpus / "002_0db9ce98a1f8cd50.txt").unlink()
    CliRunner().invoke(main, ["build", str(corpus), "--store", str(store)])
    assert ask(store, 'ASK { ?d dkg:identifier "108/KH-UBND" ; dkg:sourcePath ?p }') == [[False]]
    assert ask(store, 'ASK { ?d dkg:identifier "10/KH-UBND" ; dkg:sourcePath ?p }') == [[True]]


def test_changed_document_replaces_only_its_graph(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    shutil.copytree(CORPUS, corpus)
    store = tmp_path / "s"
    CliRunner().invoke(main, ["build", str(corpus), "--store", str(store)])
    before = _by_graph(store)
    f = corpus / "003_0639612d418ec4a4.txt"
    f.write_text(f.read_text(encoding="utf-8").replace("Công an xã\n", "Công an xã Dân Tiến\n"), encoding="utf-8")
    CliRunner().invoke(main, ["build", str(corpus), "--store", str(store)])
    after = _by_graph(store)
    changed = {g for g in before if before[g] != after.get(g)}
    assert len(changed) == 1 and "003" in next(iter(changed))


def _by_graph(store: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in open_store(str(store)).dump_nquads().splitlines():
        graph = line.rsplit(" ", 2)[-2]
        out.setdefault(graph, []).append(line)
    return {g: sorted(v) for g, v in out.items()}


def test_corrections_fix_a_citation_and_are_recorded(tmp_path: Path) -> None:
    fixes = tmp_path / "fixes.yaml"
    fixes.write_text('citations:\n  "193/2025/QH12": "193/2025/QH15"\n', encoding="utf-8")
    store = tmp_path / "s"
    res = CliRunner().invoke(main, ["build", str(CORPUS), "--store", str(store), "--corrections", str(fixes),
                                    "--format", "json"])
    assert res.exit_code == 0, res.output
    assert not any(r.startswith("193/2025/QH12") for r in json.loads(res.stdout)["references_unresolved"])
    rows = ask(store, """SELECT ?note WHERE { ?c a dkg:Citation ; dkg:identifier "193/2025/QH15" ;
                                               dkg:resolved true ; dkg:note ?note }""")
    assert rows and "corrections file" in rows[0][0]


def test_corrections_with_a_syntax_error_are_refused(tmp_path: Path) -> None:
    fixes = tmp_path / "bad.yaml"
    fixes.write_text("citations:\n  a: [unclosed\n", encoding="utf-8")
    res = run("build", str(CORPUS), "--store", str(tmp_path / "s"), "--corrections", str(fixes))
    assert res.returncode == 2
    assert "bad.yaml:line" in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "s").exists()


def test_sparql_rejects_updates(built: tuple[Path, dict]) -> None:
    store, _ = built
    before = OxigraphStore(store).triple_count()
    for update in ["INSERT DATA { <a:b> <a:c> <a:d> }", "DELETE WHERE { ?s ?p ?o }", "CLEAR ALL", "DROP ALL",
                   "LOAD <http://example.org/x>", "PREFIX x: <a:> DELETE DATA { x:a x:b x:c }"]:
        res = run("sparql", update, "--store", str(store))
        assert res.returncode == 2, update
        assert "read-only" in res.stderr
    assert OxigraphStore(store).triple_count() == before


@pytest.mark.parametrize("attempt", range(4))
def test_killed_build_leaves_old_or_new_state(tmp_path: Path, attempt: int) -> None:
    corpus = tmp_path / "c"
    shutil.copytree(CORPUS, corpus)
    store = tmp_path / "s"
    assert run("build", str(corpus), "--store", str(store)).returncode == 0
    old = sorted(open_store(str(store)).dump_nquads().splitlines())
    (corpus / "003_0639612d418ec4a4.txt").unlink()
    proc = subprocess.Popen([sys.executable, "-m", "directive_kg.cli", "build", str(corpus), "--store", str(store)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(random.Random(attempt).uniform(0.2, 2.0))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    now = sorted(open_store(str(store)).dump_nquads().splitlines())
    assert run("build", str(corpus), "--store", str(store)).returncode == 0
    new = sorted(open_store(str(store)).dump_nquads().splitlines())
    assert now in (old, new)
