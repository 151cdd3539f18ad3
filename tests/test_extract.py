"""End to end: `dkg extract FILE --format json` on the corpus, the gold score, and bad input.

Expected values are read in the documents themselves (file:line given with
each) and in examples/corpus/SOURCES.md; the gold facts are scored with the
shared checker's own `check_document`, imported from its path.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import random
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from directive_kg.cli import main
from directive_kg.text import fold

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
DKG = ROOT / ".venv" / "bin" / "dkg"
SHARED = Path("/work/shared")
CHECKER = SHARED / "tools" / "check_extraction.py"
GOLD = SHARED / "gold"

DOCS = {
    "000": CORPUS / "000_61e0d19b87fa339e.txt",
    "001": CORPUS / "001_e82b588b1054be4d.txt",
    "002": CORPUS / "002_0db9ce98a1f8cd50.txt",
    "003": CORPUS / "003_0639612d418ec4a4.txt",
    "03-NQ-CP": CORPUS / "central" / "03-NQ-CP.md",
    "57-NQ-TW": CORPUS / "central" / "57-NQ-TW.md",
}

KINDS = {
    "resolution",
    "decision",
    "plan",
    "program",
    "directive",
    "conclusion",
    "law",
    "guidance",
    "submission",
    "other",
}
LEVELS = {"central", "province", "commune"}
BODIES = {"party", "state", "front", "other"}
RELATIONS = {"implements", "basis", "mentions"}
COMPARATORS = {">=", ">", "=", "<=", "<"}
ISO_PARTIAL = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

_cache: dict[str, dict] = {}


def extract_json(key: str) -> dict:
    """The JSON `dkg extract FILE --format json` prints for one corpus document (run once per file)."""
    if key not in _cache:
        result = CliRunner().invoke(main, ["extract", str(DOCS[key]), "--format", "json"])
        assert result.exit_code == 0, (result.output, result.exception)
        _cache[key] = json.loads(result.stdout)
    return _cache[key]


def run_dkg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    return subprocess.run([str(DKG), *args], capture_output=True, text=True, timeout=120, cwd=cwd, env=env)


# ------------------------------------------------------------------ the JSON contract


@pytest.mark.parametrize("key", list(DOCS))
def test_json_has_the_contract_fields(key: str) -> None:
    out = extract_json(key)
    n_lines = DOCS[key].read_text(encoding="utf-8").count("\n") + 1

    assert {"source", "document", "references", "tasks", "indicators", "units"} <= set(out)
    src = out["source"]
    assert {"path", "sha256", "encoding", "ocr_suspect"} <= set(src)
    assert src["sha256"] == hashlib.sha256(DOCS[key].read_bytes()).hexdigest()

    doc = out["document"]
    assert {"identifier", "kind", "title", "issuer", "province", "date"} <= set(doc)
    assert doc["kind"] in KINDS
    assert {"name", "level", "body"} <= set(doc["issuer"])
    assert doc["issuer"]["level"] in LEVELS
    assert doc["issuer"]["body"] in BODIES
    assert doc["date"] is None or ISO_PARTIAL.match(doc["date"])

    keys = [r["identifier"] for r in out["references"]]
    assert len(keys) == len(set(keys)), "a document is listed twice"
    for ref in out["references"]:
        assert {"identifier", "kind", "issuer", "date", "relation", "resolved", "note"} <= set(ref)
        assert ref["relation"] in RELATIONS
        assert isinstance(ref["resolved"], bool)
        assert ref["identifier"] != doc["identifier"]
        assert " " not in ref["identifier"]

    for task in out["tasks"]:
        assert {
            "id",
            "text",
            "group",
            "lead_unit",
            "coordinating_units",
            "deadline",
            "output",
            "lines",
        } <= set(task)
        assert task["text"].strip()
        assert isinstance(task["coordinating_units"], list)
        assert task["lines"] and all(1 <= n <= n_lines for n in task["lines"])
    assert len({t["id"] for t in out["tasks"]}) == len(out["tasks"])

    for ind in out["indicators"]:
        assert {"name", "unit", "responsible_unit", "targets", "lines"} <= set(ind)
        assert ind["targets"]
        for target in ind["targets"]:
            assert {"year", "comparator", "value"} <= set(target)
            assert target["comparator"] in COMPARATORS
            assert isinstance(target["value"], (int, float))
        assert all(1 <= n <= n_lines for n in ind["lines"])

    for unit in out["units"]:
        assert {"name", "roles"} <= set(unit) and unit["name"] and unit["roles"]


# (identifier, kind, date, issuer level, OCR'd) as the document prints them
HEADERS = {
    "000": (
        "10/KH-UBND",
        "plan",
        "2025-07-23",
        "commune",
        True,
    ),  # line 4 "S6: 10 /KH-UBND … ngay 23 thang 7 nam 2025"
    "001": (
        "536/QĐ-UBND",
        "decision",
        "2025-09-10",
        "commune",
        True,
    ),  # line 2 "S6: 536/QP-UBND … ngay 10 thang 9 ndm 2025"
    "002": (
        "108/KH-UBND",
        "plan",
        "2025",
        "commune",
        True,
    ),  # line 2 "… ngay 05 thang //ndam 2025": month lost
    "003": (
        None,
        "plan",
        "2025-12",
        "commune",
        False,
    ),  # line 3 "Số: /KH-UBND", line 5 "ngày tháng 12 năm 2025"
    "03-NQ-CP": ("03/NQ-CP", "resolution", "2025-01-09", "central", False),  # lines 4-7
    "57-NQ-TW": ("57-NQ/TW", "resolution", "2024-12-22", "central", False),  # lines 3-5 "(ngày 22/12/2024)"
}


@pytest.mark.parametrize("key", list(HEADERS))
def test_document_header(key: str) -> None:
    identifier, kind, date, level, ocr = HEADERS[key]
    out = extract_json(key)
    doc = out["document"]
    assert (doc["identifier"], doc["kind"], doc["date"], doc["issuer"]["level"]) == (
        identifier,
        kind,
        date,
        level,
    )
    assert (
        out["source"]["ocr_suspect"] is ocr
    )  # SOURCES.md: 000-002 are OCR'd, 003 and the central texts clean


# ------------------------------------------------------------------ gold


def _load_checker():
    spec = importlib.util.spec_from_file_location("check_extraction", CHECKER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(
    not CHECKER.is_file() or not GOLD.is_dir(),
    reason="/work/shared (checker and gold facts) is absent; examples/corpus carries no gold copy",
)
def test_gold_score_at_least_90_percent() -> None:
    checker = _load_checker()
    ok = total = 0
    failed: list[str] = []
    for gold_path in sorted(GOLD.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        key = gold["file"][:3]
        assert DOCS[key].name == gold["file"]
        for passed, label in checker.check_document(gold, extract_json(key)):
            total += 1
            ok += bool(passed)
            if not passed:
                failed.append(f"{gold_path.stem}: {label}")
    assert total > 0
    assert ok / total >= 0.90, f"{ok}/{total}: " + "; ".join(failed)


# ------------------------------------------------------------------ 03/NQ-CP


def test_03_nq_cp_groups_and_tasks() -> None:
    out = extract_json("03-NQ-CP")
    # Phụ lục II (lines 390-546): group rows I.–VII., task rows 1.–140., every one with a "Cơ quan chủ trì"
    assert [g["label"] for g in out["groups"]] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert len(out["tasks"]) == 140
    assert all(t["lead_unit"] for t in out["tasks"])
    assert [t["group"] for t in out["tasks"]][:1] == ["I"] and out["tasks"][-1]["group"] == "VII"


def test_03_nq_cp_task_rows() -> None:
    tasks = extract_json("03-NQ-CP")["tasks"]
    t1 = tasks[0]  # line 393
    assert t1["text"].startswith("Xây dựng, trình Thủ tướng Chính phủ ban hành")
    assert t1["lead_unit"] == "Bộ Thông tin và Truyền thông"
    assert "Ban Tuyên giáo Trung ương" in t1["coordinating_units"]
    assert t1["output"] == "Quyết định của Thủ tướng Chính phủ"
    assert t1["deadline"] == "2025-06"
    assert 393 in t1["lines"]
    t75 = tasks[
        74
    ]  # line 469: "| 75. | Tham mưu Chính phủ thành lập Ủy ban Dữ liệu quốc gia | Bộ Công an | … | 3/2025 |"
    assert (t75["lead_unit"], t75["deadline"]) == ("Bộ Công an", "2025-03")
    t76 = tasks[75]  # line 470: "… | 2025 và những năm tiếp theo |"
    assert t76["deadline"] == "2025"


def test_03_nq_cp_coordinating_agencies_are_not_cut_at_va() -> None:
    # line 394, task 2: "Cơ quan phối hợp" = "Bộ Khoa học và Công nghệ, Bộ Thông tin và Truyền thông"
    t2 = extract_json("03-NQ-CP")["tasks"][1]
    cell = "Bộ Khoa học và Công nghệ, Bộ Thông tin và Truyền thông"
    assert t2["coordinating_units"]
    whole = {cell, "Bộ Khoa học và Công nghệ", "Bộ Thông tin và Truyền thông"}
    assert all(u in whole for u in t2["coordinating_units"]), t2["coordinating_units"]


def test_03_nq_cp_units_are_whole_names() -> None:
    # "Truyền thông", "Công nghệ", "Đầu tư", "Đào tạo" never stand alone in a cell of Phụ lục II: they are the
    # tails of "Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ", "Bộ Kế hoạch và Đầu tư", "Bộ Giáo dục
    # và Đào tạo"
    names = {u["name"] for u in extract_json("03-NQ-CP")["units"]}
    assert not names & {"Truyền thông", "Công nghệ", "Đầu tư", "Đào tạo", "Bộ Khoa học", "Bộ Thông tin"}


def _targets(out: dict, name: str) -> list[tuple]:
    return [
        (t["year"], t["comparator"], t["value"])
        for i in out["indicators"]
        if fold(name) in fold(i["name"])
        for t in i["targets"]
    ]


def test_03_nq_cp_annex_i_targets() -> None:
    out = extract_json("03-NQ-CP")
    # line 347, under "**I** | **Đến năm 2030**" (line 322): "| 13 | Tỉ lệ doanh nghiệp có hoạt động đổi mới sáng tạo | % | ≥ 40 |"
    assert (2030, ">=", 40) in _targets(out, "Tỉ lệ doanh nghiệp có hoạt động đổi mới sáng tạo")
    # line 348: "… (HDI) | > 0,7 |"
    assert (2030, ">", 0.7) in _targets(out, "góp phần quan trọng trong xây dựng, phát triển giá trị văn hoá")
    # line 332 (2030): "Quy mô kinh tế số | % GDP | ≥ 30"; line 375 under "Đến năm 2045" (374): "≥ 50"
    assert {(2030, ">=", 30), (2045, ">=", 50)} <= set(_targets(out, "Quy mô kinh tế số"))
    # line 376: "Chỉ số đổi mới sáng tạo toàn cầu | Thứ bậc | ≤ 30" (2045)
    assert (2045, "<=", 30) in _targets(out, "Chỉ số đổi mới sáng tạo toàn cầu")


def _annex_i_rows_with_a_figure() -> list[int]:
    """Line numbers of Phụ lục I rows (03-NQ-CP.md) whose 'Kết quả' cell starts with a figure, read from the text."""
    rows = []
    lines = DOCS["03-NQ-CP"].read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == "PHỤ LỤC I")
    end = next(i for i, line in enumerate(lines) if line.strip() == "PHỤ LỤC II")
    for i in range(start, end):
        cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
        if len(cells) >= 4 and re.match(r"^\d", cells[0]) and re.match(r"^(?:[≥≤<>]=?\s*)?\d", cells[3]):
            rows.append(i + 1)
    return rows


def test_03_nq_cp_every_numeric_annex_i_row_is_an_indicator() -> None:
    rows = _annex_i_rows_with_a_figure()
    assert len(rows) >= 40
    lines = {i["lines"][0] for i in extract_json("03-NQ-CP")["indicators"]}
    assert [r for r in rows if r not in lines] == []


def test_03_nq_cp_cell_with_two_targets() -> None:
    # line 326: "| 4 | Xếp hạng năng lực cạnh tranh số | Thứ bậc | ≤ 3 Đông Nam Á; ≤ 50 Thế giới |"
    targets = _targets(extract_json("03-NQ-CP"), "Xếp hạng năng lực cạnh tranh số")
    assert (2030, "<=", 3) in targets
    assert (2030, "<=", 50) in targets


# ------------------------------------------------------------------ 57-NQ/TW


def test_57_nq_tw_groups() -> None:
    out = extract_json("57-NQ-TW")
    # section "III- NHIỆM VỤ, GIẢI PHÁP" (line 45): groups "**1\\.**" … "**7\\.**" at lines 47-105
    assert [g["label"] for g in out["groups"]] == ["1", "2", "3", "4", "5", "6", "7"]
    assert out["groups"][6]["title"].startswith("Tăng cường hợp tác quốc tế")
    assert out["tasks"]
    assert all(47 <= t["lines"][0] <= 108 for t in out["tasks"])  # tasks stand in section III (lines 45-108)


def test_57_nq_tw_headline_targets() -> None:
    out = extract_json("57-NQ-TW")
    # line 33 (under "1\\. Đến năm 2030"): "Tỉ lệ doanh nghiệp có hoạt động đổi mới sáng tạo đạt trên 40% …"
    assert (2030, ">", 40) in _targets(out, "Tỉ lệ doanh nghiệp có hoạt động đổi mới sáng tạo")
    # line 33: "Quy mô kinh tế số đạt tối thiểu 30% GDP"; line 43 (under "2\\. Tầm nhìn đến năm 2045"): "… tối thiểu 50% GDP"
    assert {(2030, ">=", 30), (2045, ">=", 50)} <= set(_targets(out, "quy mô kinh tế số"))


def test_57_nq_tw_each_target_once() -> None:
    # line 33: "… đổi mới sáng tạo đạt trên 40% trong tổng số doanh nghiệp." is one target, named by the words
    # before the figure; the words after it do not name a second one
    out = extract_json("57-NQ-TW")
    forty = [
        i["name"]
        for i in out["indicators"]
        if any((t["year"], t["value"]) == (2030, 40) for t in i["targets"])
    ]
    assert len(forty) == 1, forty


# ------------------------------------------------------------------ relations


def test_001_title_names_what_the_decision_implements() -> None:
    # 001 lines 4-7, the title: "ban hanh Ke hoach hanh dong thuc hien Nghi quyet s6 71/NQ-CP …; Ke hoach hanh dong
    # so 359-KH/TU … va Ke hoach hanh dong s6 03-KH/PU …": the plan carries out all three
    refs = {r["identifier"]: r for r in extract_json("001")["references"]}
    assert {k: refs[k]["relation"] for k in ("71/NQ-CP", "359-KH/TU", "03-KH/ĐU")} == {
        "71/NQ-CP": "implements",
        "359-KH/TU": "implements",
        "03-KH/ĐU": "implements",
    }


def test_001_impossible_symbol_is_noted() -> None:
    # 001:240 "sO 193/2025/QH12": no such document; 193/2025/QH15 is meant (primer)
    refs = {r["identifier"]: r for r in extract_json("001")["references"]}
    assert "536/QĐ-UBND" not in refs  # its own number is not a reference
    note = refs["193/2025/QH12"]["note"]
    assert note and "193/2025/QH15" in note
    assert refs["193/2025/QH12"]["resolved"] is False
    assert refs["57-NQ/TW"]["resolved"] is True


def test_003_thuc_hien_sentence_lists_what_the_plan_implements() -> None:
    # 003:11: "Thực hiện Nghị quyết số 57-NQ/TW …; Nghị quyết số 71/NQ-CP …; Nghị quyết số 193/2025/QH15 …;
    # Kế hoạch số 219/KH-UBND … của UBND tỉnh …; UBND xã Dân Tiến ban hành kế hoạch thực hiện …"
    refs = {r["identifier"]: r["relation"] for r in extract_json("003")["references"]}
    assert refs["193/2025/QH15"] == "implements"
    assert refs["219/KH-UBND"] == "implements"


# ------------------------------------------------------------------ several files, table format


def test_several_files_give_a_json_array_in_order() -> None:
    result = CliRunner().invoke(main, ["extract", str(DOCS["001"]), str(DOCS["003"]), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 2
    assert [Path(d["source"]["path"]).name for d in data] == [DOCS["001"].name, DOCS["003"].name]
    assert [d["document"]["identifier"] for d in data] == ["536/QĐ-UBND", None]


def test_a_directory_gives_every_document() -> None:
    result = CliRunner().invoke(main, ["extract", str(CORPUS), "--format", "json"])
    assert result.exit_code == 0
    names = sorted(Path(d["source"]["path"]).name for d in json.loads(result.stdout))
    # SOURCES.md is not a document; central/71-NQ-CP.ocr.txt is (tests/test_programmes.py reads it)
    assert names == sorted([p.name for p in DOCS.values()] + ["71-NQ-CP.ocr.txt"])


def test_table_format_runs() -> None:
    proc = run_dkg("extract", str(DOCS["001"]), "--format", "table")
    assert proc.returncode == 0, proc.stderr
    assert "536/QĐ-UBND" in proc.stdout
    assert "Traceback" not in proc.stderr


# ------------------------------------------------------------------ bad input


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    empty = tmp / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp / "noise.txt"
    binary.write_bytes(random.Random(57).randbytes(4096))
    unknown = tmp / "plan.xyz"
    unknown.write_text("Kế hoạch số 10/KH-UBND\n", encoding="utf-8")
    undecodable = tmp / "broken.txt"
    # bytes undefined in Windows-1258 after a UTF-8 word: neither UTF-8 nor any supported legacy code page
    undecodable.write_bytes("Kế hoạch ".encode() + b"\x81\x8d\x8f\x90\x9d\xff\xfe bad\n")
    folder = tmp / "no_documents"
    folder.mkdir()
    (folder / "notes.csv").write_text("a,b\n", encoding="utf-8")
    missing = tmp / "missing.txt"
    return {
        "empty": (empty, "empty"),
        "binary": (binary, "binary"),
        "unknown extension": (unknown, "unsupported"),
        "undecodable": (undecodable, "encoding"),
        "directory without documents": (folder, "no documents"),
        "missing path": (missing, "no such file"),
    }


@pytest.mark.parametrize(
    "case",
    ["empty", "binary", "unknown extension", "undecodable", "directory without documents", "missing path"],
)
def test_bad_input_is_one_clean_error_line(tmp_path: Path, case: str) -> None:
    path, reason = _bad_inputs(tmp_path)[case]
    proc = run_dkg("extract", str(path), "--format", "json")
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert "{" not in proc.stdout  # no extraction for a bad file
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    naming = [line for line in lines if str(path) in line]
    assert len(naming) == 1, lines  # one line names the file …
    assert reason in naming[0].lower(), naming[0]  # … and says why
    assert lines[0] == naming[0]


def test_batch_with_one_bad_file_still_prints_the_good_one(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    proc = run_dkg("extract", str(DOCS["003"]), str(bad), "--format", "json")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    assert isinstance(data, list) and len(data) == 1
    assert Path(data[0]["source"]["path"]).name == DOCS["003"].name
    assert data[0]["document"]["kind"] == "plan"
    lines = proc.stderr.strip().splitlines()
    assert any(str(bad) in line and "empty" in line for line in lines)
    assert re.search(r"\b1\b.*\b2\b.*fail", lines[-1]), lines[-1]  # "1 of 2 input(s) failed"


def test_damaged_qh_symbol_does_not_crash_the_extraction(tmp_path: Path) -> None:
    # OCR can drop the term digits of a National Assembly symbol ("193/2025/QH15" → "193/2025/QH")
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "ỦY BAN NHÂN DÂN XÃ NGHĨA ĐÀN\nSố: 12/KH-UBND\nNghĩa Đàn, ngày 23 tháng 7 năm 2025\n\nKẾ HOẠCH\n"
        "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị\n\n"
        "Căn cứ Nghị quyết số 193/2025/QH của Quốc hội về thí điểm một số cơ chế, chính sách đặc biệt;\n",
        encoding="utf-8",
    )
    proc = run_dkg("extract", str(plan), "--format", "json")
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 0, proc.stderr[-500:]
    out = json.loads(proc.stdout)
    assert out["document"]["identifier"] == "12/KH-UBND"
    assert "57-NQ/TW" in {r["identifier"] for r in out["references"]}


@pytest.mark.parametrize(
    "ocr, shown",
    [
        # printed in the OCR'd 002_…txt section 7 and 000/001 group headings; pairs vouch for the reading
        ("hội nhập qudc tế", "hội nhập quốc tế"),
        ("đổi méi sáng tạo và chuyển ddi số", "đổi mới sáng tạo và chuyển đổi số"),
        ("Chiến lwoc phát triển hệ sinh thái khéi nghiệp", "Chiến lược phát triển hệ sinh thái khởi nghiệp"),
        ("nguồn nhân lgc chit lượng cao", "nguồn nhân lực chất lượng cao"),
        # a name is never "restored" from a common word ("giang" is "giảng" in "giảng dạy")
        ("Ủy ban nhân dân xã Trường Giang", "Ủy ban nhân dân xã Trường Giang"),
        # an unknown word with no neighbour to vouch for a reading stays as printed
        ("Krông Pắc", "Krông Pắc"),
    ],
)
def test_restore_corrects_misread_words_only_with_evidence(ocr, shown):
    from directive_kg.loaders.restore import restore

    assert restore(ocr) == shown
