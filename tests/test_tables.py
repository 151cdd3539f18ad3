"""Annex tables: Markdown pipe tables, target cells, and OCR'd indicator tables.

The small tables here are written by hand in the shape of the corpus annexes
(central/03-NQ-CP.md Phụ lục II for tasks; 001 lines 401–510 for the
flattened OCR indicator table); the last tests read the real 001 annex and
check the rows against its text, line by line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from directive_kg.loaders.segment import build_doc
from directive_kg.loaders.tables import (
    indicators_from_ocr_annex,
    parse_target_cell,
    pipe_tables,
    tasks_from_pipe_table,
)
from directive_kg.text import fold

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
GOLD = Path("/work/shared/gold")
DOC_001 = CORPUS / "001_e82b588b1054be4d.txt"

VH = "Phòng Văn hóa - Xã hội"

# ------------------------------------------------------------------ pipe task tables

TASK_TABLE = """\
PHỤ LỤC II

DANH MỤC CÁC NHIỆM VỤ

| TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Kết quả | Thời gian hoàn thành |
|---|---|---|---|---|---|
|  **I.** | Nâng cao nhận thức, đột phá về đổi mới tư duy |  |   |   |   |
| 1. | Tuyên truyền sâu rộng nội dung Nghị quyết số 57-NQ/TW | Phòng Văn hóa - Xã hội | Các ban, ngành, đoàn thể | Kế hoạch tuyên truyền | 6/2025 |
| 2. | Duy trì hoạt động của Tổ công nghệ số cộng đồng | Phòng VH-XH | Công an xã; Các khối, xóm | Báo cáo | Thường xuyên |
|  | tại các khối, xóm trên địa bàn xã |  |  |  |  |
|  **II.** | Hoàn thiện thể chế |  |   |   |   |
| 3. | Rà soát quy chế làm việc của UBND xã | Văn phòng HĐND và UBND |  |  | Năm 2025 và các năm tiếp theo |
| 4. | Xây dựng cơ sở dữ liệu dùng chung của tỉnh | Sở Khoa học và Công nghệ tỉnh Nghệ An | Phòng Kinh tế | Cơ sở dữ liệu | Tháng 9/2025 |
"""
#  line numbers in TASK_TABLE:  5 header, 6 separator, 7 group I, 8 task 1, 9 task 2,
#  10 continuation of task 2, 11 group II, 12 task 3, 13 task 4


@pytest.fixture(scope="module")
def task_table():
    doc = build_doc("annex.md", TASK_TABLE, markdown=True)
    tables = pipe_tables(doc, 1, doc.n)
    assert len(tables) == 1
    parsed = tasks_from_pipe_table(doc, tables[0], "xã")
    assert parsed is not None
    return tables[0], parsed


def test_pipe_table_header_and_rows(task_table) -> None:
    table, _ = task_table
    assert table.header == [
        "tt",
        "ten nhiem vu",
        "co quan chu tri",
        "co quan phoi hop",
        "ket qua",
        "thoi gian hoan thanh",
    ]
    # the separator row is not a row; the group rows and the continuation row are
    assert [line for line, _ in table.rows] == [7, 8, 9, 10, 11, 12, 13]


def test_pipe_table_groups(task_table) -> None:
    _, (groups, _) = task_table
    assert [(g.label, g.title) for g in groups] == [
        ("I", "Nâng cao nhận thức, đột phá về đổi mới tư duy"),
        ("II", "Hoàn thiện thể chế"),
    ]
    assert [g.lines[0] for g in groups] == [7, 11]


def test_pipe_table_tasks(task_table) -> None:
    _, (_, tasks) = task_table
    assert [t.number for t in tasks] == ["1", "2", "3", "4"]
    assert [t.group for t in tasks] == ["I", "I", "II", "II"]
    assert all(t.source == "annex" for t in tasks)

    t1, t2, t3, t4 = tasks
    assert t1.text == "Tuyên truyền sâu rộng nội dung Nghị quyết số 57-NQ/TW"
    assert t1.lead_unit == VH
    assert t1.coordinating_units == ["Các ban, ngành, đoàn thể"]
    assert t1.output == "Kế hoạch tuyên truyền"
    assert (t1.deadline, t1.recurring) == ("2025-06", False)
    assert t1.lines == [8, 8]

    assert t2.lead_unit == VH  # "Phòng VH-XH"
    assert t2.coordinating_units == ["Công an xã", "Các khối, xóm"]
    assert (t2.deadline, t2.recurring) == ("recurring", True)

    assert t3.lead_unit == "Văn phòng HĐND và UBND"
    assert t3.coordinating_units == []
    assert t3.output is None
    assert t3.deadline == "2025"

    # an agency the normaliser does not know is kept as written
    assert t4.lead_unit == "Sở Khoa học và Công nghệ tỉnh Nghệ An"
    assert t4.coordinating_units == ["Phòng Kinh tế"]
    assert t4.deadline == "2025-09"


def test_continuation_row_joins_the_task_above(task_table) -> None:
    _, (_, tasks) = task_table
    t2 = tasks[1]
    assert t2.text == ("Duy trì hoạt động của Tổ công nghệ số cộng đồng tại các khối, xóm trên địa bàn xã")
    assert t2.lines == [9, 10]
    assert len(tasks) == 4  # the continuation is not a task of its own


MAIN_UNIT_TABLE = """\
| TT | Nội dung | Cơ quan chủ trì | Phòng thực hiện chính | Cơ quan phối hợp | Thời gian hoàn thành |
|---|---|---|---|---|---|
| 1 | Phát triển kinh tế số trong lĩnh vực thương mại điện tử | UBND xã | Phòng Kinh tế | Các ban, ngành, đoàn thể | 12/2025 |
"""


def test_lead_unit_is_the_one_that_carries_the_task_out() -> None:
    # contract: with both "Cơ quan chủ trì" and "Phòng thực hiện chính", the lead is the one that acts
    doc = build_doc("annex.md", MAIN_UNIT_TABLE, markdown=True)
    (table,) = pipe_tables(doc, 1, doc.n)
    _, tasks = tasks_from_pipe_table(doc, table, "xã")
    assert len(tasks) == 1
    assert tasks[0].lead_unit == "Phòng Kinh tế"
    assert tasks[0].deadline == "2025-12"


def test_table_without_a_lead_column_is_not_a_task_table() -> None:
    text = (
        "| TT | Chỉ tiêu | Đơn vị | Kết quả |\n|---|---|---|---|\n| 1 | Quy mô kinh tế số | % GDP | ≥ 30 |\n"
    )
    doc = build_doc("annex.md", text, markdown=True)
    (table,) = pipe_tables(doc, 1, doc.n)
    assert tasks_from_pipe_table(doc, table, "xã") is None


def test_text_outside_tables_and_two_tables() -> None:
    text = (
        "Đoạn văn có | một dấu gạch\n\n"
        "| A | B |\n|---|---|\n| 1 | x |\n\n"
        "| C | D |\n|---|---|\n| 2 | y |\n| 3 | z |\n"
    )
    doc = build_doc("t.md", text, markdown=True)
    tables = pipe_tables(doc, 1, doc.n)
    assert [t.header for t in tables] == [["a", "b"], ["c", "d"]]
    assert [[cells for _, cells in t.rows] for t in tables] == [[["1", "x"]], [["2", "y"], ["3", "z"]]]


# ------------------------------------------------------------------ target cells

# (cell as printed, expected (comparator, value), where)
TARGET_CELLS = [
    ("≥ 80", (">=", 80.0), "central/03-NQ-CP.md:334"),
    ("> 0,7", (">", 0.7), "central/03-NQ-CP.md:348 (HDI)"),
    ("90", ("=", 90.0), "central/03-NQ-CP.md:335"),
    ("40 - 50", (">=", 40.0), "central/03-NQ-CP.md:353 (a range: at least its lower bound)"),
    ("≤ 30", ("<=", 30.0), "central/03-NQ-CP.md:376"),
    (">= 30", (">=", 30.0), "central/03-NQ-CP.md:341"),
    ("≥ 3% và tăng dần theo yêu cầu phát triển", (">=", 3.0), "central/03-NQ-CP.md:351"),
    ("100%", ("=", 100.0), "central/03-NQ-CP.md:358"),
    ("09", ("=", 9.0), "central/03-NQ-CP.md:359"),
    ("≥ 03", (">=", 3.0), "central/03-NQ-CP.md:367"),
    ("20% - 50%", (">=", 20.0), "central/03-NQ-CP.md:380"),
    ("**≥ 50**", (">=", 50.0), "bold Markdown"),
    ("tối thiểu 5", (">=", 5.0), "57-NQ/TW wording ('Tối thiểu có 5 doanh nghiệp')"),
    ("trên 80", (">", 80.0), "57-NQ/TW wording ('đạt trên 80%')"),
]


@pytest.mark.parametrize(("cell", "expected", "where"), TARGET_CELLS, ids=[c[0] for c in TARGET_CELLS])
def test_parse_target_cell(cell: str, expected: tuple[str, float], where: str) -> None:
    assert parse_target_cell(cell) == expected, where


@pytest.mark.parametrize(
    "cell",
    [
        "-",
        "—",
        "",
        "  ",
        "Đạt mức trên trung bình của thế giới",  # central/03-NQ-CP.md:324, a qualitative target
        "Một số lĩnh vực đạt trình độ quốc tế",  # central/03-NQ-CP.md:325
    ],
)
def test_parse_target_cell_without_a_figure(cell: str) -> None:
    assert parse_target_cell(cell) is None


# ------------------------------------------------------------------ OCR indicator tables

# Modelled on 001 lines 401–510: the header repeats "nam" over the year row,
# every row prints its number, name, unit and one value per year on one line
# (the name may start on the line above or continue on the line below), and
# "≥" is read as "=", as "2 " before the figure, or glued as a leading "2"
# ("225" for ≥25, "270" for ≥70; 001:413).
OCR_ANNEX = """\
 PHU LUC I
~ DANH MUC CAC CHI TIEU CU THE
STT Ten chi tieu Don vi Den het Den Den Den Den Co quan chu tri
nam nam nam nam nam theo doi, danh gia
q 2025 2030 2035 | 2040 2045
1 Trinh do, nang luc cong nghe, doi moi sang tao
cua doanh nghiep
Ty le doanh nghiep su dung ket qua nghien cuu
12 tu vien, truong trong san xuat/kinh doanh. % =10 225 =40 2 60 270 Phong Kinh te
14 Ty le doanh nghiep vua va nho dia phuong ung % 30 60 85 95 100
dung cong nghe so
5 Tong chi ngan sach hang nam cho khoa hoc, | % tong chi > 1.0 >1.5 >2 >2.5 >3
9.3 | Ty le phu song 6G tren dia ban % dan so - 50 80 100 100

Ghi chu: (-): Chua thuc hien; (X): Thuc hien
"""


def _by_number(indicators, number: str):
    hits = [i for i in indicators if i.number == number]
    assert len(hits) == 1, f"row {number}: {[(i.number, i.name) for i in indicators]}"
    return hits[0]


def _targets(indicator) -> list[tuple[int, str, float]]:
    return [(t.year, t.comparator, t.value) for t in indicator.targets]


@pytest.fixture(scope="module")
def ocr_indicators():
    doc = build_doc("annex.txt", OCR_ANNEX)
    return indicators_from_ocr_annex(doc, 1, doc.n)


def test_ocr_annex_finds_every_row(ocr_indicators) -> None:
    assert [i.number for i in ocr_indicators] == ["12", "14", "5", "9.3"]


def test_ocr_annex_repairs_comparators(ocr_indicators) -> None:
    row = _by_number(ocr_indicators, "12")
    # "=10 225 =40 2 60 270" is ≥10, ≥25, ≥40, ≥60, ≥70
    assert _targets(row) == [
        (2025, ">=", 10.0),
        (2030, ">=", 25.0),
        (2035, ">=", 40.0),
        (2040, ">=", 60.0),
        (2045, ">=", 70.0),
    ]
    assert [t.raw for t in row.targets] == ["=10", "225", "=40", "260", "270"]
    assert row.unit == "%"
    assert row.responsible_unit == "Phòng Kinh tế"
    assert row.lines[1] == 9
    assert "nghien cuu tu vien, truong" in fold(row.name)


def test_ocr_annex_bare_figures(ocr_indicators) -> None:
    row = _by_number(ocr_indicators, "14")
    assert _targets(row) == [
        (2025, "=", 30.0),
        (2030, "=", 60.0),
        (2035, "=", 85.0),
        (2040, "=", 95.0),
        (2045, "=", 100.0),
    ]
    assert row.lines == [10, 11]


def test_ocr_annex_name_continues_on_the_next_lower_case_line(ocr_indicators) -> None:
    row = _by_number(ocr_indicators, "14")
    assert fold(row.name).endswith("dung cong nghe so")


def test_ocr_annex_unit_is_the_cell_before_the_values(ocr_indicators) -> None:
    # row 14 is named "Ty le doanh nghiep vua va nho dia phuong ung dung cong nghe so" and its
    # unit is "%": "doanh nghiep" inside the name is not the unit column
    row = _by_number(ocr_indicators, "14")
    assert row.unit == "%"
    assert fold(row.name) == "ty le doanh nghiep vua va nho dia phuong ung dung cong nghe so"


def test_ocr_annex_decimals(ocr_indicators) -> None:
    row = _by_number(ocr_indicators, "5")
    assert _targets(row) == [
        (2025, ">", 1.0),
        (2030, ">", 1.5),
        (2035, ">", 2.0),
        (2040, ">", 2.5),
        (2045, ">", 3.0),
    ]


def test_ocr_annex_unit_and_name_after_a_cell_bar(ocr_indicators) -> None:
    # "… cho khoa hoc, | % tong chi > 1.0 …": the unit is "% tong chi", the name ends at "khoa hoc,"
    row = _by_number(ocr_indicators, "5")
    assert row.unit == "% tong chi"
    assert row.name == "Tong chi ngan sach hang nam cho khoa hoc,"


def test_ocr_annex_dash_is_an_empty_year(ocr_indicators) -> None:
    row = _by_number(ocr_indicators, "9.3")
    assert _targets(row) == [(2030, "=", 50.0), (2035, "=", 80.0), (2040, "=", 100.0), (2045, "=", 100.0)]


def test_ocr_annex_unit_words_after_the_percent_sign(ocr_indicators) -> None:
    # "9.3 | Ty le phu song 6G tren dia ban % dan so - 50 …"
    row = _by_number(ocr_indicators, "9.3")
    assert row.unit == "% dan so"
    assert row.name == "Ty le phu song 6G tren dia ban"


def test_ocr_annex_header_and_group_heading_are_not_part_of_a_name(ocr_indicators) -> None:
    # the column header ("STT Ten chi tieu Don vi …") and the heading of group 1 ("1 Trinh do, nang
    # luc cong nghe, doi moi sang tao / cua doanh nghiep": numbered on its own line, no unit, no
    # values) come before row 1.2, which is named "Ty le doanh nghiep su dung ket qua nghien cuu
    # tu vien, truong trong san xuat/kinh doanh."
    row = _by_number(ocr_indicators, "12")
    assert fold(row.name).startswith("ty le doanh nghiep su dung ket qua nghien cuu")


def test_ocr_annex_without_a_year_row_gives_nothing() -> None:
    doc = build_doc("annex.txt", "PHU LUC I\nTy le dan so % 30 60 85 95 100\n")
    assert indicators_from_ocr_annex(doc, 1, doc.n) == []


# ------------------------------------------------------------------ the real 001 annex


@pytest.fixture(scope="module")
def annex_001():
    from directive_kg.loaders.pipeline import extract_file

    return extract_file(DOC_001).indicators


# (name words as OCR'd in the line or as restored for display, year, comparator, value, line in 001)
ROWS_001 = [
    (("vua va nho", "va nho"), 2030, "=", 60.0, "416: '% 30 60 85 95 100'"),
    (("boi dudng", "boi duong", "chuc cap xa"), 2025, ">", 80.0, "419: '% > 80 100 100 100 100'"),
    (("tlep can", "tiep can"), 2035, "=", 95.0, "425: '% 80 90 95 97 99'"),
    (
        ("truc tuyen toz", "truc tuyen toan", "toan trinh"),
        2025,
        ">",
        80.0,
        "447-448: '% > 80 100 100 | 100 100'",
    ),
    (("theo dbi", "theo doi"), 2040, "=", 70.0, "452-453: '% 50 55 60 70 100'"),
    (("chi dao",), 2030, "=", 90.0, "455-456: '% 60 90 100 | 100 | 100'"),
    (("ngan sach",), 2045, ">", 3.0, "471: '% tong chi > 1.0 >1.5 59 >2.5 >3'"),
    (("ngan sach",), 2030, ">", 1.5, "471"),
    (("lien thong",), 2030, "=", 80.0, "495-496: '% 50 80 100 100 100'"),
    (("khoan giao",), 2030, "=", 80.0, "503: '% 50 80 100 100 100'"),
    (("stc khoe", "suc khoe"), 2030, "=", 95.0, "507: '% 80 95 100 | 100 | 100'"),
]


@pytest.mark.parametrize(
    ("names", "year", "cmp", "value", "line"), ROWS_001, ids=[r[4][:3] for r in ROWS_001]
)
def test_real_001_indicator_rows(annex_001, names, year, cmp, value, line) -> None:
    hits = [i for i in annex_001 if any(n in fold(i.name) for n in names)]
    assert hits, f"no indicator named {names} (line {line})"
    assert any((t.year, t.comparator, t.value) == (year, cmp, value) for i in hits for t in i.targets), line


@pytest.mark.skipif(not GOLD.is_dir(), reason="/work/shared/gold is not available")
def test_real_001_covers_the_gold_indicators(annex_001) -> None:
    gold = json.loads((GOLD / "001_e82b588b1054be4d.json").read_text(encoding="utf-8"))
    for want in gold["indicators_must"]:
        names = want["name"] if isinstance(want["name"], list) else [want["name"]]
        assert any(
            any(n in fold(i.name) for n in names)
            and any(t.year == want["year"] and abs(t.value - want["value"]) < 1e-6 for t in i.targets)
            for i in annex_001
        ), want


def test_real_001_row_1_2_with_glued_comparators(annex_001) -> None:
    # 001:412-413: "Ty Ié doanh nghiép sir dung két qua nghién cuu" / "12 tir vién, trudng …
    # & =10 225 =40 2 60 270": the unit cell "%" is OCR'd as "&"; targets ≥10, ≥25, ≥40, ≥60, ≥70
    hits = [i for i in annex_001 if "nghien cuu" in fold(i.name)]
    assert hits, "row 1.2 (lines 412-413) is missing"
    assert (2030, ">=", 25.0) in _targets(hits[0]) and (2045, ">=", 70.0) in _targets(hits[0])


def test_real_001_row_15_keeps_its_years(annex_001) -> None:
    # 001:505: "% ] > 10 20 30 40": "]" is the dash of an empty 2025 cell, so >10 is 2030 and 40 is 2045
    hits = [i for i in annex_001 if "chir ky so" in fold(i.name) or "chu ky so" in fold(i.name)]
    assert hits
    assert _targets(hits[0]) == [(2030, ">", 10.0), (2035, "=", 20.0), (2040, "=", 30.0), (2045, "=", 40.0)]


def test_real_001_unit_words_are_not_values(annex_001) -> None:
    # 001:494: "Ty Ié phu song 6G trén dia ban % dan s6 - 50 80 100": "dan s6" is the unit "% dân số";
    # its "6" is not a target
    hits = [i for i in annex_001 if "6g" in fold(i.name)]
    assert hits
    assert all(t.value != 6.0 for t in hits[0].targets)


# ------------------------------------------------------------------ flattened OCR task tables

# Modelled on 001:521-600 (Phụ lục II): header cells one per line, a group heading "Nhóm các nhiệm vụ về …",
# rows whose cells are interleaved over several lines, the row number on a middle line ("1 h(gc"), lost
# (", |Hoan") or at the start ("5 |Hoan"), deadlines at the right edge ("Thuqng" ⏎ "Xuyeén", "Théng" ⏎ "9/2025").
OCR_TASKS = """\
PHU LUC II
DANH MUC CAC NHIEM VU CHU YEU
TT

Tén nhiém vu

Co quan chu
tri

Co quan phdi
hop

Két qua

Thoi gian
hoan thanh

Nhém cac nhiém vu vé “Nang cao nhan thirc ve chuyen doi so”

Cu thé hoa nhiém vu chuyén ddi so, phat trién khoa

1 hoc, cong nghe trong chuong trinh, Phong, ban Ké hoach cong tac Thuqng
ké hoach cong tac hang nam ctia co quan, to chuc nganh Xuyeén

, |Hoan thanh xay dung, cap nhat diéu chinh ké hoach | PhongVian | Phong, ban Ké hoach Théng
trien khai Chuong trinh hanh dong ctia Chinh phu | nganh, don vi ' 9/2025

T Nhém cic nhiém vu “Hoan thien the che”

3 |Hoan thanh s6 héa quy trinh nghiép vu ni bg, ho so| Phong, ban | Trungtdm | Hoan thanh s6 hoa quy trinh Thang

tai liéu, két qua gidi quyét thu tuc hanh chinh trong cac | nganh, don vi | Phuc vu HCC | nghiép vu noi bo 9/2025
"""

OCR_TASK_BODY = [
    # the body restates row 1 (001:171 "Người đứng đầu phải cụ thể hóa nhiệm vụ chuyển đổi số …")
    "Cụ thể hóa nhiệm vụ chuyển đổi số, phát triển khoa học, công nghệ trong chương trình, kế hoạch công tác "
    "hằng năm của cơ quan, tổ chức.",
    "Phát động phòng trào thi đua trong toàn xã.",
]


@pytest.fixture(scope="module")
def ocr_task_table():
    from directive_kg.loaders.tables import read_ocr_task_table

    doc = build_doc("annex.txt", OCR_TASKS)
    return doc, read_ocr_task_table(doc, 1, doc.n)


def test_ocr_task_table_rows_and_groups(ocr_task_table) -> None:
    doc, table = ocr_task_table
    assert [g.label for g in table.groups] == ["I", "II"]  # numbered in sequence, whatever OCR made of "II"
    assert fold(table.groups[0].title).startswith("nang cao nhan thirc")
    assert [(r.group, r.number) for r in table.rows] == [("I", "1"), ("I", None), ("II", "3")]
    assert table.output_column and not table.main_column


def test_ocr_task_table_text_is_the_left_cell(ocr_task_table) -> None:
    doc, table = ocr_task_table
    first, second, third = table.rows
    # the row starts on the capitalised line above its number, and stops before the unit and output cells
    assert fold(first.text).startswith("cu the hoa nhiem vu chuyen ddi so")
    assert "phong, ban" not in fold(first.text) and "xuyeen" not in fold(first.text)
    assert (
        fold(second.text)
        == "hoan thanh xay dung, cap nhat dieu chinh ke hoach trien khai chuong trinh hanh dong ctia chinh phu"
    )
    assert fold(third.text).startswith(
        "hoan thanh s6 hea quy trinh nghiep vu ni bg, ho so tai lieu"
    )  # as printed


def test_ocr_task_table_deadlines_at_the_right_edge(ocr_task_table) -> None:
    _, table = ocr_task_table
    assert [(r.deadline, r.recurring) for r in table.rows] == [
        ("recurring", True),  # "Thuqng" ⏎ "Xuyeén"
        ("2025-09", False),  # "Théng" ⏎ "9/2025"
        ("2025-09", False),
    ]


def test_ocr_task_table_units_and_output(ocr_task_table) -> None:
    from directive_kg.loaders.tables import _row_units

    _, table = ocr_task_table
    first, second, third = table.rows
    assert _row_units(first, False) == ("Các phòng, ban, ngành, đơn vị", [])
    assert first.output == "Ké hoach cong tac"
    # "PhongVian" (the chủ trì cell, unreadable) stands before "Phong, ban" (phối hợp): no lead is made up
    assert _row_units(second, False) == (None, ["Các phòng, ban, ngành, đơn vị"])
    # "Trungtdm" ⏎ "Phuc vu HCC": one cell broken over two lines, read by its abbreviation
    assert _row_units(third, False) == (
        "Các phòng, ban, ngành, đơn vị",
        ["Trung tâm Phục vụ hành chính công"],
    )
    assert third.output == "Hoan thanh s6 hoa quy trinh nghiép vu noi bo"


def test_ocr_task_table_rows_become_tasks_or_enrich_the_body() -> None:
    from directive_kg.loaders.tables import tasks_from_ocr_annex
    from directive_kg.model import Task, TaskGroup

    doc = build_doc("annex.txt", OCR_TASKS)
    body = [
        Task(
            id=f"t{k}",
            text=t,
            group="1",
            lead_unit=None,
            coordinating_units=[],
            deadline=None,
            output=None,
            lines=[100 + k, 100 + k],
        )
        for k, t in enumerate(OCR_TASK_BODY)
    ]
    body_groups = [TaskGroup(id="g1", label="1", title="Nâng cao nhận thức", lines=[99, 99])]
    groups, new = tasks_from_ocr_annex(doc, body, body_groups, 1, doc.n, "xã")
    # row 1 restates body task 0: merged, with the annex's cells and lines
    assert body[0].source == "both" and body[0].deadline == "recurring"
    assert body[0].lead_unit == "Các phòng, ban, ngành, đơn vị" and body[0].lines[2] == 20
    assert body[1].source == "body" and body[1].deadline is None
    # rows 2 and 3 restate nothing: tasks of their own, in the annex's own groups
    assert [(t.source, t.group, t.number, t.deadline) for t in new] == [
        ("annex", "I", None, "2025-09"),
        ("annex", "II", "3", "2025-09"),
    ]
    assert new[1].coordinating_units == ["Trung tâm Phục vụ hành chính công"]
    assert [g.label for g in groups] == ["I", "II"]


def test_ocr_task_table_unreadable_row_is_not_a_task() -> None:
    from directive_kg.loaders.tables import tasks_from_ocr_annex

    # 000:530-531: row 10, whose text cell OCR lost; its deadline is readable but no text is made up
    text = (
        OCR_TASKS
        + "4 ] 2 o e o g NS | pNDa | Phone Kinh | Cicban, nginh, | Thuing\n<4 i & nehe : Phong VH-XH\n"
    )
    doc = build_doc("annex.txt", text)
    _, new = tasks_from_ocr_annex(doc, [], [], 1, doc.n, "xã")
    assert [t.number for t in new] == ["1", None, "3"]  # rows 1-3 only (row 1 has no body task here)


def test_row_numbers_in_sequence_with_lost_digits() -> None:
    from directive_kg.loaders.tables import _resolve_number

    assert _resolve_number("9", 18, alone=False) == 19  # 000:598 "9 1 |=" for row 19
    assert _resolve_number("2", 19, alone=False) == 20  # 000:605 "2 2 :" for row 20
    assert _resolve_number("0", 9, alone=False) == 10  # 000:530 "0 ]" for row 10
    assert (
        _resolve_number("0", 20, alone=False) is None
    )  # 000:606 "0 dé dam bao": the "0" of "20" on a new line
    assert _resolve_number("23", 22, alone=True) == 23  # 000:627 a number alone on its line
    assert _resolve_number("2", 5, alone=True) is None  # a lone figure out of sequence is a page number


# ------------------------------------------------------------------ the real OCR task annexes (000, 001)

DOC_000 = CORPUS / "000_61e0d19b87fa339e.txt"


@pytest.fixture(scope="module")
def tasks_000():
    from directive_kg.loaders.pipeline import extract_file

    return extract_file(DOC_000)


@pytest.fixture(scope="module")
def tasks_001():
    from directive_kg.loaders.pipeline import extract_file

    return extract_file(DOC_001)


def _task_at(ex, line: int):
    hits = [t for t in ex.tasks if line in range(t.lines[-2], t.lines[-1] + 1)]
    assert hits, f"no task covers line {line}"
    return hits[0]


def test_real_000_annex_rows_without_a_body_task(tasks_000) -> None:
    annex = [t for t in tasks_000.tasks if t.source == "annex"]
    # rows 7 (000:467 "Tham muu gop y sua d6i Luat T6 chirc chinh quyén dia phuong"), 23, 24, 25 (000:627, 644,
    # 663: the number alone on its line, then the cells one per line)
    assert [t.lines[0] for t in annex] == [467, 627, 644, 663]
    assert [t.number for t in annex] == [None, "23", "24", "25"]
    assert [t.group for t in annex] == ["II", "VI", "VI", "VI"]
    # 000:635-642 "UBND xa" / "Phong Kinh té" / "Céac ban, nganh," / "doan the" / "2025"
    assert (annex[1].lead_unit, annex[1].coordinating_units, annex[1].deadline) == (
        "Phòng Kinh tế",
        ["Các ban, ngành, đoàn thể"],
        "2025",
    )
    assert annex[2].deadline == "recurring"  # 000:661 "Ca nam"
    # 000:483-487 "Trién khai" / "theo hudng" / "dan cta cap" / "c6 tham" / "quyén": an event, kept as text
    assert annex[0].deadline == "Triển khai theo hướng dẫn của cấp có thẩm quyền"
    assert "theo hướng" not in annex[0].text


def test_real_000_rows_merged_into_body_tasks(tasks_000) -> None:
    # row 18 (000:577-581): "Nang cao chat lugng d6i ngii can b, gido vién" restates the body item at 240;
    # its deadline "Thuong" (578, right edge) ⏎ "xuyén" (580) is recurring
    row18 = _task_at(tasks_000, 579)
    assert row18.source == "both" and row18.lines[0] == 240 and row18.deadline == "recurring"
    # row 20 (000:603-607): the text names MTTQ and the service centre (as the body item at 257 does);
    # the lead is the "VP HPND -" ⏎ "UBND" cell
    row20 = _task_at(tasks_000, 605)
    assert row20.lines[0] == 257 and row20.lead_unit == "Văn phòng HĐND và UBND"
    assert "Ủy ban Mặt trận Tổ quốc Việt Nam" not in row20.coordinating_units
    # row 3 (000:416-423) rewords the body item at 125 and stands between rows 2 and 4 (body items 119, 135)
    assert _task_at(tasks_000, 419).lines[0] == 125


def test_real_001_annex_ii(tasks_001) -> None:
    annex = [t for t in tasks_001.tasks if t.source == "annex"]
    # rows 2 (001:547, number lost), 5 (565), 6 (575-583), 8 (595-600) restate no body task
    assert [(t.lines[0], t.number, t.group) for t in annex] == [
        (547, None, "I"),
        (565, "5", "II"),
        (575, "6", "II"),
        (595, "8", "IV"),
    ]
    assert [t.deadline for t in annex] == ["2025-09", "2025-09", "2025-12", "2025"]  # 548, 567, 579, 595
    # 001:547 "| PhongVian | Phong, ban …": the chủ trì cell is unreadable, so there is no lead
    assert annex[0].lead_unit is None and annex[0].coordinating_units == ["Các phòng, ban, ngành, đơn vị"]
    # 001:565-567 "| Phong, ban | Trungtdm |" ⏎ "| nganh, don vi | Phuc vu HCC |"
    assert annex[1].lead_unit == "Các phòng, ban, ngành, đơn vị"
    assert annex[1].coordinating_units == ["Trung tâm Phục vụ hành chính công"]
    assert annex[2].coordinating_units == [
        "Trung tâm Phục vụ hành chính công"
    ]  # 577 "Trung tam" ⏎ 579 "Phuc vu HCC"
    # row 3 (001:549-554, number at 551) restates the body item at 201 ("Phấn đấu bố trí tỷ lệ …")
    row3 = _task_at(tasks_001, 551)
    assert row3.lines[0] == 201 and row3.deadline == "recurring"  # 549 "Thudng" ⏎ 553 "Xuyén"
    assert {g.label for g in tasks_001.groups} >= {"I", "II", "IV"}


def test_000_row_13_lead_is_the_unit_beside_ubnd_xa():
    # 000:545-548: "… Khi tinh ban" / "Céc ban, nganh," / "13 5 … | UBND xa Phong VH-XH N hanh Quyét" / "doan the"
    # columns chủ trì | thực hiện chính | phối hợp: UBND xã | Phòng VH-XH | Các ban, ngành, đoàn thể
    from directive_kg.loaders.pipeline import extract_file

    ex = extract_file(DOC_000)
    task = next(t for t in ex.tasks if fold(t.text).startswith("tep trung nguon luc dau tu"))
    assert task.lead_unit == "Phòng Văn hóa - Xã hội"
