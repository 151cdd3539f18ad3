"""`dkg review`: the workbook of a plan's links and rejected candidates, and its decisions applied
to the corrections file (issue 17 point 6). Real workbooks (openpyxl), the real store, the real CLI.

Expected rows come from reading examples/corpus/000_61e0d19b87fa339e.txt (10/KH-UBND, Nghĩa Đàn): its
task t12 "Triển khai các nền tảng số dùng chung, kết nối với các nền tảng số quốc gia, nền tảng số dùng
chung của ngành, lĩnh vực đảm bảo hoạt động thống nhất, liên thông trên môi trường số" restates 03/NQ-CP
task 58 ("Triển khai các nền tảng số quốc gia, nền tảng số dùng chung của ngành, lĩnh vực, vùng …").
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from directive_kg.graph.align import RESTATES_THRESHOLD
from directive_kg.review import ABOUT, COLUMNS, SHEET, safe_cell
from directive_kg.stores import open_store

ROOT = Path(__file__).resolve().parent.parent
TITLE = dict(COLUMNS)


def dkg(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "directive_kg.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=900,
    )


@pytest.fixture(scope="module")
def workbook(store_path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("review") / "review.xlsx"
    done = dkg("review", "--plan", "10/KH-UBND", "--out", str(out), "--store", store_path)
    assert done.returncode == 0, done.stderr
    return out


def _rows(path: Path) -> tuple[list[str], list[list]]:
    ws = load_workbook(path)[SHEET]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return rows[0], rows[1:]


def _col(header: list[str], key: str) -> int:
    return header.index(TITLE[key])


def test_workbook_lists_links_and_rejected_candidates_per_task(workbook, store):
    header, rows = _rows(workbook)
    assert header == [t for _, t in COLUMNS]
    task, mandate, proposed = _col(header, "task"), _col(header, "mandate"), _col(header, "proposed")
    t12 = [r for r in rows if r[task] == "t12"]
    assert any(r[mandate] == "03/NQ-CP#58" and r[proposed] == "đã liên kết" for r in t12)
    row58 = next(r for r in t12 if r[mandate] == "03/NQ-CP#58")
    assert (
        row58[_col(header, "method")] == "similarity"
        and RESTATES_THRESHOLD <= row58[_col(header, "score")] <= 1
    )
    assert "nền tảng số quốc gia" in row58[_col(header, "central_text")]
    assert row58[_col(header, "evidence")]
    assert any(r[proposed] == "ứng viên bị loại" for r in rows)  # best rejected candidates are shown
    # every task of the plan has a row, linked or not
    listed = store.query(
        "PREFIX dkg: <https://w3id.org/directive-kg/ontology#> SELECT ?t WHERE { "
        '?p dkg:identifier "10/KH-UBND" ; dkg:hasTask ?t }'
    )
    assert {str(r[0]).rsplit("/task/", 1)[1] for r in listed.rows} == {r[task] for r in rows}
    about = {r[0]: r[1] for r in load_workbook(workbook)[ABOUT].iter_rows(values_only=True)}
    assert about["kế hoạch"] == "10/KH-UBND" and about["người rà soát"] is None


def test_no_cell_is_a_formula(workbook):
    for ws in load_workbook(workbook).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                assert not (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@"))), cell
    assert safe_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert safe_cell("- Tuyên truyền") == "'- Tuyên truyền"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)" and safe_cell("+84") == "'+84"
    assert safe_cell("Xây dựng") == "Xây dựng" and safe_cell(0.5) == 0.5


def _fill(
    src: Path,
    dst: Path,
    decisions: dict[tuple[str, str], tuple[str | None, str | None]],
    reviewer: str | None,
):
    wb = load_workbook(src)
    ws = wb[SHEET]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        key = (row[_col(header, "task")].value, row[_col(header, "mandate")].value)
        if key in decisions:
            decision, other = decisions[key]
            row[_col(header, "decision")].value = decision
            row[_col(header, "other")].value = other
    if reviewer:
        about = wb[ABOUT]
        for row in about.iter_rows():
            if row[0].value == "người rà soát":
                row[1].value = reviewer
    wb.save(dst)


def test_apply_writes_reviews_with_reviewer_and_date_and_the_build_uses_them(workbook, store_path, tmp_path):
    header, rows = _rows(workbook)
    task, mandate = _col(header, "task"), _col(header, "mandate")
    # a row of t12 for another 03/NQ-CP task (a rejected candidate or a second link)
    other12 = next(
        r[mandate]
        for r in rows
        if r[task] == "t12" and (r[mandate] or "").startswith("03/NQ-CP#") and r[mandate] != "03/NQ-CP#58"
    )
    filled = tmp_path / "filled.xlsx"
    _fill(
        workbook,
        filled,
        {("t12", "03/NQ-CP#58"): ("chấp nhận", "03/NQ-CP#12"), ("t12", other12): ("loại", None)},
        reviewer="Nguyễn Văn A",
    )
    corrections = tmp_path / "corrections.yaml"
    corrections.write_text('units:\n  "Phòng VH-XH": "Phòng Văn hóa - Xã hội"\n', encoding="utf-8")
    done = dkg("review", "--apply", str(filled), "--corrections", str(corrections), "--store", store_path)
    assert done.returncode == 0, done.stderr
    data = yaml.safe_load(corrections.read_text(encoding="utf-8"))
    assert data["units"] == {"Phòng VH-XH": "Phòng Văn hóa - Xã hội"}  # other sections kept
    review = data["reviews"]["10/KH-UBND#t12"]
    assert review["reviewer"] == "Nguyễn Văn A" and len(review["date"]) == 10
    # the link to 58 is suspect (71/NQ-CP#74, its successor, moved the deadline): accepting it clears
    # that change and keeps the link as the build made it; the mandate named in the last column is manual
    assert review["accept"] == ["03/NQ-CP#12"] and review["reject"] == [other12]
    assert "71/NQ-CP#74" in data["cleared"]["10/KH-UBND#t12"]
    # the build reads the section: the rejected link is gone, the accepted ones are manual
    store = tmp_path / "store"
    built = dkg(
        "build",
        str(ROOT / "examples/corpus"),
        "--store",
        str(store),
        "--corrections",
        str(corrections),
        "--no-answers",
    )
    assert built.returncode in (0, 2), built.stderr
    links = open_store(str(store)).query(
        "PREFIX dkg: <https://w3id.org/directive-kg/ontology#> SELECT ?n ?method WHERE { "
        '?p dkg:identifier "10/KH-UBND" ; dkg:hasTask ?t . FILTER(STRENDS(STR(?t), "/task/t12")) '
        '?t dkg:hasAlignment ?a . ?a dkg:alignedTo ?x ; dkg:method ?method . ?c dkg:identifier "03/NQ-CP" ; '
        "dkg:hasTask ?x . ?x dkg:number ?n }"
    )
    methods = {str(n): str(m) for n, m in links.rows}
    assert methods.get("58") == "similarity" and methods.get("12") == "manual"  # named in the last column
    assert other12.split("#")[1] not in methods


def test_a_stale_or_malformed_workbook_is_refused_whole(workbook, store_path, tmp_path):
    bad = tmp_path / "stale.xlsx"
    wb = load_workbook(workbook)
    ws = wb[SHEET]
    header = [c.value for c in ws[1]]
    rows = list(ws.iter_rows(min_row=2))
    rows[0][_col(header, "task")].value = "t999"  # a task that no longer exists
    rows[0][_col(header, "decision")].value = "chấp nhận"
    rows[1][_col(header, "decision")].value = "có lẽ"  # not a decision
    rows[2][_col(header, "other")].value = "03/NQ-CP#9999"  # not a mandate
    rows[3][_col(header, "decision")].value = "loại"  # a good row: still not applied
    wb[ABOUT]["B4"] = "Trần Thị B"
    wb.save(bad)
    corrections = tmp_path / "corrections.yaml"
    corrections.write_text("reviews: {}\n", encoding="utf-8")
    done = dkg("review", "--apply", str(bad), "--corrections", str(corrections), "--store", store_path)
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert "Traceback" not in done.stderr
    assert any("t999" in line and "no longer exists" in line for line in lines)
    assert any("có lẽ" in line for line in lines)
    assert any("03/NQ-CP#9999" in line for line in lines)
    assert len(lines) == 4  # one line per problem and the summary
    assert corrections.read_text(encoding="utf-8") == "reviews: {}\n"  # nothing applied
    # not a workbook at all
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook", encoding="utf-8")
    done = dkg("review", "--apply", str(junk), "--corrections", str(corrections), "--store", store_path)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and "junk.xlsx" in done.stderr


SUSPECTS = (
    "PREFIX dkg: <https://w3id.org/directive-kg/ontology#> SELECT ?t ?reason ?method WHERE { "
    '?p dkg:identifier "10/KH-UBND" ; dkg:hasTask ?t . ?t dkg:hasAlignment ?a . '
    "?a dkg:suspectReason ?reason ; dkg:method ?method }"
)


def test_accepting_a_suspect_link_clears_that_change_only(workbook, store_path, tmp_path):
    # 10/KH-UBND t1 (propaganda on 57-NQ/TW) restates 03/NQ-CP task 1, whose lead (Bộ Thông tin và Truyền
    # thông → Bộ Khoa học và Công nghệ) and deadline (6/2025 → 4/2025) 71/NQ-CP task 1 changed
    header, rows = _rows(workbook)
    task, mandate, suspect = _col(header, "task"), _col(header, "mandate"), _col(header, "suspect")
    row = next(r for r in rows if r[task] == "t1" and r[mandate] == "03/NQ-CP#1")
    change = row[suspect]
    assert "Bộ Khoa học và Công nghệ" in change and "71/NQ-CP#1" in change
    filled = tmp_path / "filled.xlsx"
    _fill(workbook, filled, {("t1", "03/NQ-CP#1"): ("chấp nhận", None)}, reviewer="Lê Văn C")
    corrections = tmp_path / "corrections.yaml"
    done = dkg("review", "--apply", str(filled), "--corrections", str(corrections), "--store", store_path)
    assert done.returncode == 0, done.stderr
    data = yaml.safe_load(corrections.read_text(encoding="utf-8"))
    assert data["cleared"] == {"10/KH-UBND#t1": change}
    assert "10/KH-UBND#t1" not in (data.get("reviews") or {})  # not turned into a manual link
    store = tmp_path / "store"
    built = dkg(
        "build", str(ROOT / "examples/corpus"), "--store", str(store), "--corrections", str(corrections)
    )
    assert built.returncode in (0, 2), built.stderr
    before = {str(t).rsplit("/task/", 1)[1] for t, _, _ in open_store(store_path).query(SUSPECTS).rows}
    after = open_store(str(store)).query(SUSPECTS).rows
    assert "t1" in before and "t1" not in {str(t).rsplit("/task/", 1)[1] for t, _, _ in after}
    assert before - {"t1"} == {str(t).rsplit("/task/", 1)[1] for t, _, _ in after}  # the others stay
    # a workbook whose flagged change is not the store's any more is stale: nothing applied
    wb = load_workbook(filled)
    ws = wb[SHEET]
    for cells in ws.iter_rows(min_row=2):
        if cells[task].value == "t1" and cells[mandate].value == "03/NQ-CP#1":
            cells[suspect].value = "deadline 2025-06 → 2025-03 (71/NQ-CP#1)"
    stale = tmp_path / "stale.xlsx"
    wb.save(stale)
    again = tmp_path / "again.yaml"
    done = dkg("review", "--apply", str(stale), "--corrections", str(again), "--store", store_path)
    assert done.returncode == 2 and "no longer" in done.stderr and not again.exists()
