"""Fuzz suite (hypothesis) for the identifier, date, table and indicator parsers and the whole extractor.

Brief in CI (a few dozen examples per target); at length on demand:

    DKG_FUZZ=long .venv/bin/pytest tests/test_fuzz.py          # thousands of examples per target
    DKG_FUZZ_EXAMPLES=50000 DKG_FUZZ=long .venv/bin/pytest tests/test_fuzz.py

Inputs are drawn from the fragments real plans are made of (numbers, symbols, dates, table rows,
headings, OCR damage) mixed with arbitrary text, so the parsers' corners get reached. Every crash
found becomes a named regression test at the bottom of this file.
"""

from __future__ import annotations

import json
import math
import os
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from directive_kg.loaders import dates, identifiers, tables
from directive_kg.loaders.pipeline import extract_doc
from directive_kg.loaders.segment import build_doc
from directive_kg.model import SourceInfo
from directive_kg.text import fold

LONG = os.environ.get("DKG_FUZZ", "").strip().lower() == "long"
EXAMPLES = int(os.environ.get("DKG_FUZZ_EXAMPLES", "5000" if LONG else "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not LONG,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
PIPELINE = settings(FUZZ, max_examples=max(10, EXAMPLES // 4))

ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

# --------------------------------------------------------------------------------------------- fragments

NUMBER = st.integers(0, 99999).map(str) | st.sampled_from(
    ["", "0", "00", "1.5", "l0", "O3", "57-", "193/2025"]
)
TYPE = st.sampled_from(
    ["NQ", "KH", "QĐ", "QD", "QP", "CT", "TB", "CV", "ĐA", "TTr", "NĐ", "TT", "BC", "X", ""]
)
ISSUER = st.sampled_from(
    [
        "TW",
        "TU",
        "ĐU",
        "UBND",
        "CP",
        "TTg",
        "QH15",
        "QH12",
        "QH",
        "HĐND",
        "BCĐTW",
        "BKHCN-BTTTT",
        "VPTW",
        "HU",
        "UB",
        "Đ",
        "",
        "NO",
        "T W",
    ]
)
SEP = st.sampled_from(["/", "-", " / ", "/ ", " -", "–", "/-", "", " "])
IDENT = st.builds(lambda n, s1, t, s2, i: f"{n}{s1}{t}{s2}{i}", NUMBER, SEP, TYPE, SEP, ISSUER) | st.builds(
    lambda n, y, q: f"{n}/{y}/{q}", NUMBER, st.integers(1900, 2100).map(str), ISSUER
)
DAY = st.integers(-1, 40).map(str) | st.sampled_from(["01", "1O", "", "31", "29", "00"])
MONTH = st.integers(-1, 14).map(str) | st.sampled_from(["02", "l2", "", "00"])
YEAR = st.integers(1899, 2101).map(str) | st.sampled_from(["20025", "2O25", "25", ""])
DATE = st.one_of(
    st.builds(lambda d, m, y: f"ngày {d} tháng {m} năm {y}", DAY, MONTH, YEAR),
    st.builds(
        lambda d, s, m, y: f"{d}{s}{m}{s}{y}", DAY, st.sampled_from(["/", ".", "-", " / "]), MONTH, YEAR
    ),
    st.builds(lambda m, y: f"tháng {m}/{y}", MONTH, YEAR),
    st.builds(lambda q, y: f"Quý {q}/{y}", st.sampled_from(["I", "II", "III", "IV", "V", "1"]), YEAR),
    st.sampled_from(
        ["Thường xuyên", "hằng năm", "thuong xuyen", "Năm 2025", "2025-2030", "trước 30/6", "-", ""]
    ),
)
CELL = st.one_of(
    st.sampled_from(
        [
            "≥ 80",
            ">= 0,7",
            "≤5",
            "< 1",
            "= 3",
            "90%",
            "40 - 50",
            "tối thiểu 30",
            "ít nhất 2",
            "trên 95",
            "dưới 10",
            "-",
            "—",
            "",
            "**100**",
            "1.000",
            "1,5%",
            "≥",
            "%",
            "1e309",
            "99999999999999999999",
            "0",
            "∞",
            "NaN",
            "Phòng Kinh tế",
            "Sở KH&CN",
        ]
    ),
    st.builds(
        lambda c, v: f"{c}{v}",
        st.sampled_from(["", "≥", ">=", "<", "≤", "="]),
        st.floats(0, 1e6, allow_nan=False).map(lambda f: f"{f:g}".replace(".", ",")),
    ),
    st.text(max_size=12),
)
ROW = st.lists(CELL, min_size=1, max_size=7).map(
    lambda cells: "| " + " | ".join(c.replace("|", "") for c in cells) + " |"
)
HEADER_ROW = st.sampled_from(
    [
        "| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |",
        "| STT | Tên chỉ tiêu | Đơn vị tính | Năm 2025 | Năm 2030 | Năm 2035 |",
        "| TT | Chỉ tiêu | Đơn vị | 2025 | 2030 |",
        "|---|---|---|---|---|",
        "| | |",
    ]
)
HEADING = st.sampled_from(
    [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. NHIỆM VỤ, GIẢI PHÁP",
        "III. TỔ CHỨC THỰC HIỆN",
        "II. MỤC TIÊU",
        "1. Mục tiêu chung",
        "2. Mục tiêu cụ thể",
        "PHỤ LỤC I",
        "PHỤ LỤC II",
        "Phụ lục",
        "KẾ HOẠCH",
        "QUYẾT ĐỊNH:",
        "Điều 1.",
        "a)",
        "-",
        "+",
        "1.1.",
        "IV.",
        "V. KINH PHÍ",
        "Đến năm 2030:",
        "Đến năm 2025, phấn đấu",
        "* Đến năm 2035",
    ]
)
PROSE = st.sampled_from(
    [
        "Đến năm 2030, tỷ lệ dân số trưởng thành có chữ ký số đạt trên 80%.",
        "phấn đấu ít nhất 40% doanh nghiệp sử dụng nền tảng số; không dưới 1,5% tổng chi ngân sách.",
        "Văn phòng Đảng ủy chủ trì, phối hợp với Phòng Văn hóa - Xã hội theo dõi, đôn đốc, báo cáo.",
        "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;",
        "Thực hiện Kế hoạch số 328-KH/TU ngày 24/4/2025 của Ban Chấp hành Đảng bộ tỉnh,",
        "UBND xã chủ trì; hoàn thành trong Quý IV/2025.",
        "ỦY BAN NHÂN DÂN XÃ YÊN THÀNH",
        "Số: 10/KH-UBND",
        "S6: 536/QP-UBND Truong Giang, ngay 10 thang 9 ndm 2025",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Nghệ An, ngày 14 tháng 5 năm 2025",
        "ĐẢNG ỦY XÃ *",
    ]
)
LINE = st.one_of(
    HEADING,
    PROSE,
    ROW,
    HEADER_ROW,
    IDENT,
    DATE,
    st.text(max_size=40),
    st.builds(lambda a, b: f"{a} {b}", PROSE, IDENT),
    st.builds(lambda a, b: f"- {a} {b}", PROSE, DATE),
)
DOCUMENT = st.lists(LINE, min_size=1, max_size=40).map("\n".join)
NOISY = st.one_of(
    st.builds(lambda a, b, c: f"{a} số {b} {c}", st.text(max_size=20), IDENT, DATE), st.text(max_size=80)
)


# --------------------------------------------------------------------------------------------- identifiers


def _reparsed(canonical: str, ident: identifiers.Identifier) -> str | None:
    """The canonical form read back; an official letter (no type symbol) is only read after "số"."""
    if ident.type is None and ident.year is None:
        found = identifiers.find_all("số " + canonical)
        return found[0].identifier.canonical if len(found) == 1 else None
    again = identifiers.parse(canonical)
    return again.canonical if again else None


@FUZZ
@given(text=NOISY)
@example(text="số 0/NQBKHCN-BTTTT Thường xuyên")  # found by the long run: an official letter's canonical form
def test_identifiers_find_all(text: str) -> None:
    found = identifiers.find_all(text)
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start
    for m in found:
        assert 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.raw
        ident = m.identifier
        identifiers.impossible_reason(ident)
        assert _reparsed(ident.canonical, ident) == ident.canonical


@FUZZ
@given(text=IDENT | st.text(max_size=30))
def test_identifiers_parse(text: str) -> None:
    ident = identifiers.parse(text)
    if ident is not None:
        assert ident.canonical and "\n" not in ident.canonical
        assert _reparsed(ident.canonical, ident) == ident.canonical


# --------------------------------------------------------------------------------------------------- dates


def _valid_iso(value: str | None) -> bool:
    if value is None:
        return True
    if not ISO.match(value):
        return False
    import datetime as dt

    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        dt.date(*parts)
    elif len(parts) == 2:
        assert 1 <= parts[1] <= 12
    return 1900 <= parts[0] <= 2100


@FUZZ
@given(text=DATE | NOISY)
def test_dates(text: str) -> None:
    folded = fold(text)
    for parse in (dates.parse_long, dates.parse_any):
        value, start, end = parse(folded)
        assert _valid_iso(value)
        assert (start, end) == (-1, -1) or 0 <= start < end <= len(folded)
    value, recurring = dates.parse_deadline(folded)
    assert (value == "recurring") == recurring
    assert recurring or _valid_iso(value)


@FUZZ
@given(
    y=st.integers(-10, 10_000) | st.none(),
    m=st.integers(-5, 40) | st.none() | st.just(""),
    d=st.integers(-5, 40) | st.none() | st.just(""),
)
def test_iso(y: int | None, m: int | str | None, d: int | str | None) -> None:
    assert _valid_iso(dates.iso(y, m, d))


# ------------------------------------------------------------------------------------- tables, indicators


@FUZZ
@given(text=CELL)
def test_target_cell(text: str) -> None:
    parsed = tables.parse_target_cell(text)
    if parsed is not None:
        cmp, value = parsed
        assert cmp in {">=", "<=", ">", "<", "="}
        assert math.isfinite(value) and value >= 0, (text, parsed)


def _extract(text: str, markdown: bool):
    doc = build_doc("fuzz.md" if markdown else "fuzz.txt", text, markdown=markdown)
    return doc, extract_doc(
        doc, SourceInfo(path="fuzz.txt", sha256="0" * 64, encoding="utf-8", line_count=doc.n)
    )


@PIPELINE
@given(text=DOCUMENT, markdown=st.booleans())
def test_whole_extractor(text: str, markdown: bool) -> None:
    """Headers, citations, task lists, annex tables and prose targets: no exception, sane results."""
    doc, ex = _extract(text, markdown)
    json.dumps(ex.to_dict(), ensure_ascii=False)
    for item in [*ex.tasks, *ex.references, *ex.responsibilities]:
        for line in item.lines:
            assert 1 <= line <= doc.n, (item, doc.n)
    for ind in ex.indicators:
        for t in ind.targets:
            assert t.value is None or math.isfinite(t.value)
            assert t.year is None or 1900 <= int(t.year) <= 2100
    assert _valid_iso(ex.document.date)


# ----------------------------------------------------------------------------------- regression tests
# Every crash the fuzzers found, named after what it was.


@pytest.mark.parametrize(
    "text", ["1e309", "99999999999999999999999999999999999999" * 9 + "%", "≥ 1" + "0" * 400]
)
def test_regression_huge_target_value_is_not_infinite(text: str) -> None:
    parsed = tables.parse_target_cell(text)
    assert parsed is None or math.isfinite(parsed[1])


def test_regression_empty_and_blank_documents_extract() -> None:
    for text in ("\n", " \n\n", "|", "| |\n|---|", "PHỤ LỤC\n|"):
        _extract(text, False)
        _extract(text, True)
