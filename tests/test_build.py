"""The graph builder and the stores: counts, identity of documents, idempotence, atomicity, removal, corrections."""

from __future__ import annotations

import io
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
from rich.console import Console

from directive_kg.cli import main
from directive_kg.cli.render import group_unresolved, print_build_summary, unresolved_lines
from directive_kg.stores import OxigraphStore, open_store

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
    return subprocess.run(
        [sys.executable, "-m", "directive_kg.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def built(example_build: tuple[str, dict]) -> tuple[Path, dict]:
    """The session's build of the example corpus (conftest.py) and its JSON summary."""
    store, summary = example_build
    return Path(store), summary


def ask(store: Path, query: str, **params: str) -> list[list[object]]:
    return open_store(str(store)).query(DKG + query, params).rows


def test_summary_counts(built: tuple[Path, dict]) -> None:
    _, summary = built
    assert summary["documents"] == 7  # four commune plans, 57-NQ/TW, 03/NQ-CP, 71/NQ-CP
    # 03/NQ-CP Phụ lục II: 140; 71/NQ-CP Phụ lục II (71-NQ-CP.ocr.txt lines 820-1348): 189, each with a lead
    assert summary["central_tasks"] == 140 + 189
    assert summary["triples"] > 5000
    assert any(r.startswith("193/2025/QH12") for r in summary["references_unresolved"])


def test_unresolved_summary_groups_counts_and_caps() -> None:
    # national shape: one identifier cited by thousands of plans, a long tail, plans known only by path
    entries = [f"05/2022/QĐ-TTg (in {n}/KH-UBND)" for n in range(1, 3000)]
    entries += [f"05/2022/QĐ-TTg (in /tmp/nat/corpus/cao-bang/xa-{n}.txt)" for n in range(300)]
    entries += ["05/2022/QĐ-TTg (in 03/NQ-CP)"]
    for k in range(1, 71):  # 70 more identifiers; identifier k cited by k % 7 + 1 documents
        entries += [f"{k}/2021/NĐ-CP (in {d}/QĐ-UBND)" for d in range(k % 7 + 1)]
    random.Random(7).shuffle(entries)  # order of the input does not matter
    lines = unresolved_lines(entries)
    total = 3300 + sum(k % 7 + 1 for k in range(1, 71))
    assert lines[0] == f"{total:,} citations of 71 identifiers"
    # most-cited first; document numbers are preferred to paths as examples
    assert lines[1] == "05/2022/QĐ-TTg — 3,300 documents (03/NQ-CP, 1/KH-UBND, …)"
    # ties (7 documents: k = 6, 13, 20, …) are ordered by identifier (string order)
    assert lines[2] == "13/2021/NĐ-CP — 7 documents (0/QĐ-UBND, 1/QĐ-UBND, …)"
    assert [ln.split(" — ")[0] for ln in lines[2:11]] == [
        "13/2021/NĐ-CP",
        "20/2021/NĐ-CP",
        "27/2021/NĐ-CP",
        "34/2021/NĐ-CP",
        "41/2021/NĐ-CP",
        "48/2021/NĐ-CP",
        "55/2021/NĐ-CP",
        "6/2021/NĐ-CP",
        "62/2021/NĐ-CP",
    ]
    assert len(lines) == 1 + 10 + 1
    assert lines[-1] == "… and 61 more cited identifiers: dkg query unresolved-references"
    # the structured grouping keeps everything, strings untouched (NFC in, the same NFC out)
    groups = group_unresolved(entries)
    assert len(groups) == 71 and sum(len(names) for _, names in groups) == total
    assert groups[0][0] == "05/2022/QĐ-TTg" and groups[0][0].encode() == "05/2022/QĐ-TTg".encode()
    assert groups[0][1][-1] == "/tmp/nat/corpus/cao-bang/xa-99.txt"


def test_unresolved_summary_short_list_is_shown_in_full() -> None:
    entries = ["193/2025/QH12 (in 536/QĐ-UBND)", "02/KH-BCĐ (in examples/corpus/003.txt)"]
    assert unresolved_lines(entries) == [
        "2 citations of 2 identifiers",
        "02/KH-BCĐ — 1 document (examples/corpus/003.txt)",
        "193/2025/QH12 — 1 document (536/QĐ-UBND)",
    ]
    assert unresolved_lines(["1/QĐ (in a/KH)", "1/QĐ (in b/KH)"]) == [
        "2 citations of 1 identifier",
        "1/QĐ — 2 documents (a/KH, b/KH)",
    ]
    assert (
        unresolved_lines(["1/QĐ (in a/KH)", "1/QĐ (in b/KH)", "1/QĐ (in c/KH)"])[1]
        == "1/QĐ — 3 documents (a/KH, b/KH, …)"
    )
    assert unresolved_lines([]) == []
    # eleven identifiers: ten shown, then the pointer in the singular
    many = [f"{n:02d}/QĐ (in 1/KH)" for n in range(11)]
    assert unresolved_lines(many)[-1] == "… and 1 more cited identifier: dkg query unresolved-references"


def test_build_table_on_example_corpus_is_compact(built: tuple[Path, dict]) -> None:
    _, summary = built
    entries = summary["references_unresolved"]  # JSON keeps the complete list, one string per citing document
    assert entries and all(" (in " in e and e.endswith(")") for e in entries)
    identifiers = {e.split(" (in ")[0] for e in entries}
    console = Console(record=True, width=200, file=io.StringIO())
    print_build_summary(summary, [], console)
    text = console.export_text()
    assert f"{len(entries)} citations of {len(identifiers)} identifiers" in text
    # 107/2021/NĐ-CP is cited by 03/NQ-CP (task 73) and by 71/NQ-CP (71-NQ-CP.ocr.txt:1153, task 92): first of
    # the identifiers cited by two documents (ties in identifier order)
    assert "107/2021/NĐ-CP — 2 documents (03/NQ-CP, 71/NQ-CP)" in text
    assert f"… and {len(identifiers) - 10} more cited identifiers: dkg query unresolved-references" in text
    cell = text[text.index("references unresolved") : text.index("alignments")]
    assert cell.count("\n") == 1 + 10 + 1


def test_03_has_140_tasks_in_7_groups(built: tuple[Path, dict]) -> None:
    store, _ = built
    rows = ask(
        store,
        """SELECT (COUNT(DISTINCT ?t) AS ?n) (COUNT(DISTINCT ?g) AS ?groups) WHERE {
        ?d dkg:identifier "03/NQ-CP" ; dkg:hasTask ?t . ?t dkg:inGroup ?g ; dkg:leadUnit ?u }""",
    )
    assert rows == [[140, 7]]


def test_every_commune_plan_reaches_57(built: tuple[Path, dict]) -> None:
    store, _ = built
    rows = ask(
        store,
        """SELECT ?d (COUNT(?m) > 0 AS ?reaches) WHERE {
        ?d dkg:issuerLevel "commune" .
        OPTIONAL { ?d dkg:implements+ ?m . ?m dkg:identifier "57-NQ/TW" } } GROUP BY ?d""",
    )
    assert len(rows) == 4
    assert all(r[1] for r in rows), rows


def test_copied_task_aligns_to_71_task_9(built: tuple[Path, dict]) -> None:
    # 536/QĐ-UBND III.1.f restates 03/NQ-CP task 9 ("Phấn đấu bố trí tỷ lệ phù hợp cán bộ …"), primer; the plan
    # (10/9/2025) cites only 71/NQ-CP, the programme in force on its date, whose task 9 carries 03's on
    # (71-NQ-CP.ocr.txt:838 "9. | Phấn đấu bố trí tỉ lệ phù hợp cán bộ có chuyên môn …")
    store, _ = built
    rows = ask(
        store,
        """SELECT ?method WHERE {
        ?plan dkg:identifier "536/QĐ-UBND" ; dkg:hasTask ?t .
        ?t dkg:hasAlignment ?a . ?a dkg:alignedTo ?c ; dkg:method ?method .
        ?cp dkg:identifier "71/NQ-CP" ; dkg:hasTask ?c . ?c dkg:number "9" .
        ?old dkg:number "9" ; dkg:succeededBy ?c }""",
    )
    assert rows and rows[0][0] == "similarity"


def test_rebuild_gives_identical_sorted_nquads(built: tuple[Path, dict], tmp_path: Path) -> None:
    shared, _ = built
    store = tmp_path / "store"  # a copy: the session's store is read by other tests
    shutil.copytree(shared, store, symlinks=True)
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
    rows = ask(
        store, """SELECT DISTINCT ?d WHERE { ?d a dkg:LegalDocument ; dkg:identifier "348/KH-UBND" }"""
    )
    assert len(rows) == 1
    node = rows[0][0]
    cited = ask(
        store,
        """SELECT ?d ?path WHERE { ?p dkg:identifier "10/KH-UBND" ; dkg:implements ?d .
                                                  ?d dkg:sourcePath ?path }""",
        d=_iri(node),
    )
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
    f.write_text(
        f.read_text(encoding="utf-8").replace("Công an xã\n", "Công an xã Dân Tiến\n"), encoding="utf-8"
    )
    CliRunner().invoke(main, ["build", str(corpus), "--store", str(store)])
    after = _by_graph(store)
    from directive_kg.ontology.standard import derived_graphs  # entailed from every document: may change

    changed = {g for g in before if before[g] != after.get(g) and g.strip("<>") not in derived_graphs()}
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
    res = CliRunner().invoke(
        main, ["build", str(CORPUS), "--store", str(store), "--corrections", str(fixes), "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    assert not any(r.startswith("193/2025/QH12") for r in json.loads(res.stdout)["references_unresolved"])
    rows = ask(
        store,
        """SELECT ?note WHERE { ?c a dkg:Citation ; dkg:identifier "193/2025/QH15" ;
                                               dkg:resolved true ; dkg:note ?note }""",
    )
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
    for update in [
        "INSERT DATA { <a:b> <a:c> <a:d> }",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "DROP ALL",
        "LOAD <http://example.org/x>",
        "PREFIX x: <a:> DELETE DATA { x:a x:b x:c }",
    ]:
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
    proc = subprocess.Popen(
        [sys.executable, "-m", "directive_kg.cli", "build", str(corpus), "--store", str(store)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(random.Random(attempt).uniform(0.2, 2.0))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    now = sorted(open_store(str(store)).dump_nquads().splitlines())
    assert run("build", str(corpus), "--store", str(store)).returncode == 0
    new = sorted(open_store(str(store)).dump_nquads().splitlines())
    assert now in (old, new)


# 348/KH-UBND's opening as a legal-database page prints it: header cells, bold marks, "Số:" ⏎ number
PLAN_348_WEB = """|
**ỦY BAN NHÂN
DÂN**
TỈNH NGHỆ AN
--------
|
**CỘNG HÒA XÃ
HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số:
348/KH-UBND
|
*Nghệ An, ngày
14 tháng 5 năm 2025*
|

**KẾ HOẠCH**

Triển khai thực hiện Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ và Kế hoạch hành động số 328-KH/TU ngày 24/4/2025 của Ban Chấp hành Đảng bộ tỉnh
"""


def test_web_page_opening_and_its_citation_are_one_node(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(CORPUS / "000_61e0d19b87fa339e.txt", corpus)  # 10/KH-UBND cites 348/KH-UBND (000:11)
    (corpus / "348-web.txt").write_text(PLAN_348_WEB, encoding="utf-8")
    store = tmp_path / "s"
    assert CliRunner().invoke(main, ["build", str(corpus), "--store", str(store)]).exit_code == 0
    rows = ask(
        store, """SELECT DISTINCT ?d WHERE { ?d a dkg:LegalDocument ; dkg:identifier "348/KH-UBND" }"""
    )
    assert len(rows) == 1
    codes = ask(
        store,
        """SELECT ?code WHERE { ?p dkg:identifier "10/KH-UBND" ; dkg:jurisdiction ?a .
                                               ?a dkg:officialCode ?code }""",
    )
    assert [str(r[0]) for r in codes] == ["16941"]  # xã Nghĩa Đàn in the register


def test_plans_scored_in_worker_processes_give_the_same_graphs() -> None:
    """The link step shares the plans' scoring among forked workers (Builder._all_candidates); the graphs
    must be exactly those of scoring every plan in this process."""
    from directive_kg.build import Source, extract_all, relative
    from directive_kg.catalog import load_catalog
    from directive_kg.graph.builder import Builder

    root = Path(__file__).resolve().parent.parent / "examples" / "corpus"
    paths = sorted(
        p for p in root.rglob("*") if p.is_file() and p.suffix in {".txt", ".md"} and p.name != "SOURCES.md"
    )
    sources = [
        Source(ex, relative(p, [root])) for p, ex in zip(paths, extract_all(paths, workers=1), strict=True)
    ]
    graphs = {}
    for workers in (1, 2):
        builder = Builder(load_catalog(), workers=workers)
        graphs[workers] = {name: sorted(map(str, quads)) for name, quads in builder.graphs(sources)}
    local_plans = [s for s in sources if s.extraction.document.issuer.level == "commune"]
    assert len(local_plans) >= 2 * 2  # enough plans that two workers are used (MIN_PLANS_PER_WORKER)
    assert graphs[1] == graphs[2]
    assert sum("alignedTo" in q for qs in graphs[2].values() for q in qs) > 100  # plans were aligned
