"""Dates and deadlines, read only as precisely as the source allows.

Header lines and deadline cells are copied from the corpus (file:line given
with each); they are folded with ocr.fold_aligned exactly as the pipeline
folds them before matching.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from directive_kg.loaders.dates import iso, parse_any, parse_deadline, parse_long
from directive_kg.loaders.ocr import fold_aligned

ISO_SHAPE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _valid_iso(value: str) -> bool:
    if not ISO_SHAPE.match(value):
        return False
    parts = [int(p) for p in value.split("-")]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        return False
    if len(parts) == 3:
        try:
            dt.date(*parts)
        except ValueError:
            return False
    return True


# (line as printed, expected ISO date, where)
HEADER_LINES = [
    ("S6: 10 /KH-UBND Nghia Pan, ngay 23 thang 7 nam 2025", "2025-07-23", "000:4"),
    ("S6: 536/QP-UBND Truong Giang, ngay 10 thang 9 ndm 2025", "2025-09-10", "001:2 ('ndm' for 'năm')"),
    # the month is lost in OCR ("thang //ndam"): only the year is readable
    ("S6: 108 /KH-UBND Tran Bién, ngay 05 thang //ndam 2025", "2025", "002:2"),
    # the day is left blank in the source
    ("Dân Tiến, ngày tháng 12 năm 2025", "2025-12", "003:5"),
    ("Hà Nội, ngày 09 tháng 01 năm 2025", "2025-01-09", "central/03-NQ-CP.md:5"),
    (
        "(Kém theo Ké hoach s6: 10 /KH-UBND ngay23 thang 7 nam 2025 ciia UBND xd Nghia Pan)",
        "2025-07-23",
        "000:387, 'ngay' glued to the day",
    ),
    (
        "thực hiện Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị",
        "2024-12-22",
        "central/03-NQ-CP.md:8",
    ),
]


@pytest.mark.parametrize(("line", "expected", "where"), HEADER_LINES, ids=[h[2] for h in HEADER_LINES])
def test_parse_long_on_header_lines(line: str, expected: str, where: str) -> None:
    folded = fold_aligned(line)
    date, start, end = parse_long(folded)
    assert date == expected, where
    assert 0 <= start < end <= len(folded)
    assert folded[start:end].startswith("ngay")


@pytest.mark.parametrize(("line", "expected", "where"), HEADER_LINES, ids=[h[2] for h in HEADER_LINES])
def test_parse_any_agrees_on_header_lines(line: str, expected: str, where: str) -> None:
    assert parse_any(fold_aligned(line))[0] == expected, where


@pytest.mark.parametrize(
    ("line", "expected", "where"),
    [
        ("Can cir Nghi quyét s6 57-NO/T W ngay 22/12/2024 cua B Chinh tri", "2024-12-22", "001:16"),
        ("Can cit Nghi quyét sé 71/NO-CP ngay 01/4/2025 ciia Chinh phii", "2025-04-01", "001:19"),
        ("Ké hoach hanh dong s 328-KH/TU, ngay 24/04/2025 cua Ban", "2025-04-24", "000:13"),
        ("Nghị quyết số 57-NQ/TW (ngày 22/12/2024) của Bộ Chính trị", "2024-12-22", "central/57-NQ-TW.md:5"),
        ("Can cir Ké hoach hanh déng sé6 327/QD-UBND ngay ngay 26/5/2025 ciia", "2025-05-26", "001:29"),
    ],
)
def test_parse_any_numeric_dates_in_citations(line: str, expected: str, where: str) -> None:
    date, start, end = parse_any(fold_aligned(line))
    assert date == expected, where
    assert start >= 0 and end > start


def test_parse_any_takes_the_first_date() -> None:
    # 003:9 names 01/4/2025 before 12/9/2025
    line = (
        "Thực hiện Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ và Kế hoạch hành động "
        "số 15-KH/TU ngày 12/9/2025 của Ban Thường vụ Tỉnh ủy"
    )
    assert parse_any(fold_aligned(line))[0] == "2025-04-01"


@pytest.mark.parametrize(
    "line",
    [
        "Số: /KH-UBND",  # 003:3
        "Quy ché lam viéc cua UBND xa Truong Giang nhiém ky 2021-2026;",  # 001:42
        "KE HOACH HANH PONG",  # 002:3
        "",
    ],
)
def test_no_date(line: str) -> None:
    assert parse_any(fold_aligned(line)) == (None, -1, -1)
    assert parse_long(fold_aligned(line)) == (None, -1, -1)


# ------------------------------------------------------------ deadlines

# (cell as printed, expected deadline, recurring, where)
DEADLINES = [
    ("Tháng 9/2025", "2025-09", False, "brief; 03-NQ-CP.md prints 'Tháng 5/2025', 'Tháng 10/2025'"),
    ("Tháng 5/2025", "2025-05", False, "central/03-NQ-CP.md Phụ lục II"),
    ("Tháng 10/2025", "2025-10", False, "central/03-NQ-CP.md Phụ lục II"),
    ("6/2025", "2025-06", False, "central/03-NQ-CP.md:392 (task 1)"),
    ("06/2025", "2025-06", False, "central/03-NQ-CP.md Phụ lục II"),
    ("12/2028", "2028-12", False, "central/03-NQ-CP.md Phụ lục II"),
    ("2025", "2025", False, "central/03-NQ-CP.md Phụ lục II"),
    ("Thường xuyên", "recurring", True, "central/03-NQ-CP.md Phụ lục II"),
    ("Nhiệm vụ thường xuyên", "recurring", True, "central/03-NQ-CP.md Phụ lục II"),
    ("Hằng năm", "recurring", True, "central/03-NQ-CP.md Phụ lục II"),
    ("Thuong\nxuyén", "recurring", True, "000:458-459, OCR, broken over the line"),
    ("Năm 2025 và các năm tiếp theo", "2025", False, "brief"),
    ("2025 và những năm tiếp theo", "2025", False, "central/03-NQ-CP.md:471"),
    ("Nam 2025 va\ncadc nam ti€p", "2025", False, "000:524-525, OCR"),
    ("Nim 2025", "2025", False, "000:437 ('Nim' for 'Năm')"),
]


@pytest.mark.parametrize(("cell", "expected", "recurring", "where"), DEADLINES, ids=[d[0] for d in DEADLINES])
def test_parse_deadline(cell: str, expected: str, recurring: bool, where: str) -> None:
    assert parse_deadline(fold_aligned(cell)) == (expected, recurring), where


def test_quarter_deadline_is_not_read_as_a_month() -> None:
    # central/03-NQ-CP.md:522 "| Quý II/2025 |": the second quarter of 2025.
    # Acceptable: the year only, or a month inside the quarter; never another month.
    deadline, recurring = parse_deadline(fold_aligned("Quý II/2025"))
    assert recurring is False
    assert deadline is not None and deadline.startswith("2025")
    if deadline != "2025" and re.fullmatch(r"2025-\d{2}", deadline):
        assert deadline in {"2025-04", "2025-05", "2025-06"}


@pytest.mark.parametrize(
    "cell",
    [
        "",
        "Khi tỉnh ban hành",  # event-based, no date
        "Phat trién kinh té so trong linh vuc Thuong mai",  # 000:617: 'Thuong' is not 'thường xuyên'
        "Phòng Văn hóa - Xã hội",
    ],
)
def test_deadline_absent(cell: str) -> None:
    assert parse_deadline(fold_aligned(cell)) == (None, False)


# ------------------------------------------------------------ iso


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ((2025, 7, 23), "2025-07-23"),
        (("2025", "07", "23"), "2025-07-23"),
        ((2025, 12, None), "2025-12"),
        ((2025, 12, ""), "2025-12"),
        ((2025, None, None), "2025"),
        ((2025, 13, 5), "2025"),  # no month 13: year only, and no day without its month
        ((2025, 0, 5), "2025"),
        ((2025, None, 5), "2025"),
        ((2025, 12, 32), "2025-12"),
        ((2025, 12, 0), "2025-12"),
        ((2025, 2, 30), "2025-02"),  # 30 February does not exist
        ((2025, 4, 31), "2025-04"),  # nor 31 April
        ((2024, 2, 29), "2024-02-29"),  # a leap day does
        ((2025, 2, 29), "2025-02"),  # but not in 2025
    ],
)
def test_iso_keeps_only_readable_parts(parts: tuple, expected: str) -> None:
    assert iso(*parts) == expected


def test_iso_without_a_year_is_none() -> None:
    assert iso(None, 7, 23) is None


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1900, max_value=2100),
    st.one_of(st.none(), st.integers(-5, 40)),
    st.one_of(st.none(), st.integers(-5, 40)),
)
@example(2025, 2, 30)
def test_iso_never_invents(year: int, month: int | None, day: int | None) -> None:
    value = iso(year, month, day)
    assert value is not None and _valid_iso(value)
    assert value[:4] == f"{year:04d}"
    if len(value) >= 7:
        assert int(value[5:7]) == month
    if len(value) == 10:
        assert int(value[8:10]) == day


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_parse_any_never_raises(text: str) -> None:
    value, start, end = parse_any(text)
    if value is None:
        assert (start, end) == (-1, -1)
    else:
        assert 0 <= start < end <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789/-. ngaythmqu\n")), max_size=60))
def test_date_parsers_never_raise_on_date_like_noise(text: str) -> None:
    for fn in (parse_any, parse_long):
        value, _, _ = fn(text)
        assert value is None or ISO_SHAPE.match(value)
    parse_deadline(text)


# ------------------------------------------------------------ deadlines as periods (issue 16, item 6)

from directive_kg.loaders.dates import normalise_deadline  # noqa: E402

PERIODS = [
    # printed, kind, start, end, shown as
    ("Quý II/2025", "quarter", "2025-04-01", "2025-06-30", "Quý II/2025"),
    ("Quí IV-2025", "quarter", "2025-10-01", "2025-12-31", "Quí IV-2025"),  # dongthap annex, 'Quí'
    ("Quý III Năm 2026", "quarter", "2026-07-01", "2026-09-30", "Quý III Năm 2026"),  # hanoi annex
    ("Quý IV/2025- Quý II/2026", "interval", "2025-10-01", "2026-06-30", "Quý IV/2025- Quý II/2026"),
    ("Tháng 9/2025", "date", "2025-09-01", "2025-09-30", "2025-09"),
    ("tháng 9 năm 2025", "date", "2025-09-01", "2025-09-30", "2025-09"),
    ("2025", "date", "2025-01-01", "2025-12-31", "2025"),
]


@pytest.mark.parametrize(("printed", "kind", "start", "end", "shown"), PERIODS, ids=[p[0] for p in PERIODS])
def test_deadline_period(printed: str, kind: str, start: str, end: str, shown: str) -> None:
    d = normalise_deadline(printed)
    assert d is not None and (d.kind, d.start, d.end, d.text) == (kind, start, end, shown)


def test_quarter_is_due_by_its_last_month_in_iso() -> None:
    assert parse_deadline(fold_aligned("Quý II/2025")) == ("2025-06", False)
    assert parse_deadline(fold_aligned("Quý IV/2025 - Quý II/2026")) == ("2026-06", False)
    assert parse_deadline("quy12000") == (None, False)  # fuzz case: "Quý 1" needs a separator before its year


@pytest.mark.parametrize(
    "printed",
    [
        "Sau khi Đề án của Bộ Nội vụ được phê duyệt và hướng dẫn của tỉnh",  # 000 annex, the whole phrase
        "Khi tỉnh ban hành Quyết định số 12/QĐ-UBND ngày 5/6/2025",  # a date inside an event is not its date
        "Triển khai theo hướng dẫn của cấp có thẩm quyền",
    ],
)
def test_event_deadline_is_kept_whole_and_never_dated(printed: str) -> None:
    assert parse_deadline(fold_aligned(printed)) == (None, False)
    d = normalise_deadline(printed)
    assert d is not None and (d.kind, d.text, d.start, d.end) == ("event", printed, None, None)


@pytest.mark.parametrize(
    "printed",
    [
        "Hằng năm",
        "Hàng năm",
        "Mỗi năm",
        "hằng quý",
        "Hing nam",
        "hang ndm",
        "Kế hoạch công tác hằng năm",
        "Cả năm",
    ],
)
def test_every_year_forms_are_recurring(printed: str) -> None:
    assert parse_deadline(fold_aligned(printed)) == ("recurring", True)


def test_recurring_from_a_year() -> None:
    d = normalise_deadline("Năm 2025 và các năm tiếp theo")
    assert d is not None and (d.kind, d.recurring, d.since, d.start, d.end) == (
        "recurring",
        True,
        2025,
        "2025-01-01",
        None,
    )
