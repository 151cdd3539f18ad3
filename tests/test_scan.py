"""OCR of scanned PDFs (loaders/scan.py) on the real scan of 71/NQ-CP, with the real Tesseract.

Five pages are read: the first page (prose), the first page of the indicator table (Phụ lục I)
and three pages of the task table (Phụ lục II), one of them with a task cut by the page break.
Every expected value was read off the page images (the same facts are in the reference OCR
text `71-NQ-CP.ocr.txt`), not from this module's output.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from directive_kg.loaders import scan
from directive_kg.text import fold

ROOT = Path(__file__).resolve().parents[1]
SCAN = ROOT.parent / "shared" / "corpus" / "central" / "71-NQ-CP.scanned.pdf"
PAGES = [1, 18, 25, 26, 27]
IN_CI = os.environ.get("CI") == "true"

have_tesseract = shutil.which("tesseract") is not None and shutil.which("pdftoppm") is not None
needs_ocr = pytest.mark.skipif(
    not IN_CI and not (have_tesseract and SCAN.exists()),
    reason="needs tesseract-ocr, tesseract-ocr-vie, poppler-utils and ../shared (CI installs them)",
)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ocr-cache")


@pytest.fixture(scope="module")
def five(cache: Path) -> scan.ScanResult:
    """The five pages OCR'd once, into an empty cache of this module's own."""
    os.environ[scan.CACHE_ENV] = str(cache)
    try:
        return scan.scan_pdf(SCAN.read_bytes(), 83, pages=PAGES, workers=2)
    finally:
        del os.environ[scan.CACHE_ENV]


def rows(page: scan.PageText) -> list[list[str]]:
    return [line.split(" | ") for line in page.text.split("\n") if " | " in line]


def row(page: scan.PageText, number: str) -> list[str]:
    """The table row whose TT cell is `number` ("5." or "5")."""
    found = [r for r in rows(page) if r[0].strip().rstrip(".") == number]
    assert len(found) == 1, (number, page.text)
    return found[0]


def has(cell: str, words: str) -> bool:
    """OCR drops and swaps diacritics ("đôi mới"): compare folded."""
    return fold(words) in fold(cell)


@needs_ocr
def test_five_pages_read(five: scan.ScanResult) -> None:
    assert [p.number for p in five.pages] == PAGES
    assert five.warnings == []
    assert five.ocred == 5 and five.cached == 0
    assert five.text.count("\f") == 4  # pages apart as in the reference OCR text


@needs_ocr
def test_prose_page(five: scan.ScanResult) -> None:
    first = five.pages[0]
    assert first.table_rows == 0
    assert "/NQ-CP" in first.text
    assert has(first.text, "Hà Nội, ngày 01 tháng 4 năm 2025")
    assert has(first.text, "Căn cứ Nghị quyết số 03/NQ-CP ngày 09 tháng 01 năm 2025")


@needs_ocr
def test_task_table_cells_in_their_columns(five: scan.ScanResult) -> None:
    page25, page26 = five.pages[2], five.pages[3]
    header = rows(page26)[0]
    assert len(header) == 6
    assert has(header[1], "Tên nhiệm vụ") and has(header[2], "chủ trì") and has(header[5], "hoàn thành")
    for r in rows(page26):
        assert len(r) == 6, r
    # task 5: lead, coordinating units, output and deadline each in its own column
    five_ = row(page26, "5")
    assert has(five_[1], "Đề án đánh giá mức độ hoàn thành nhiệm vụ")
    assert has(five_[2], "Bộ Nội vụ")
    assert has(five_[3], "Các bộ, ngành, địa phương")
    assert has(five_[4], "Đề án")
    assert has(five_[5], "Tháng 5/2025")
    # task 6 has no coordinating unit: the cell is empty, the deadline still in the last column
    six = row(page26, "6")
    assert six[3] == "" and has(six[5], "Thường xuyên")
    seven = row(page26, "7")
    assert has(seven[5], "Tháng 3/2025")
    # page 25: the group heading spans the columns (text in the second, the rest empty), then task 1
    group = rows(page25)[1]
    assert has(group[1], "Nâng cao nhận thức") and group[2:] == ["", "", "", ""]
    one = row(page25, "1")
    assert has(one[2], "Bộ Khoa học và Công nghệ") and has(one[5], "Tháng 4/2025")
    assert has(one[4], "Quyết định của Thủ tướng Chính phủ")


@needs_ocr
def test_row_cut_by_page_break_has_empty_number(five: scan.ScanResult) -> None:
    page27 = five.pages[4]
    cont = rows(page27)[1]  # task 8's text ends at the top of page 27
    assert cont[0] == "" and has(cont[1], "57-NQ/TW")
    ten = row(page27, "10")
    assert has(ten[1], "Luật Cán bộ, công chức") and has(ten[2], "Bộ Nội vụ") and has(ten[5], "Tháng 9/2025")


@needs_ocr
def test_indicator_table(five: scan.ScanResult) -> None:
    page18 = five.pages[1]
    header = rows(page18)[0]
    assert len(header) == 5 and has(header[2], "Đơn vị")
    second = row(page18, "2")
    assert has(second[1], "năng lực công nghệ") and has(second[2], "Thứ bậc")
    assert has(second[4], "Bộ Khoa học và Công nghệ")


@needs_ocr
def test_second_run_reads_the_cache(five: scan.ScanResult, cache: Path) -> None:
    entries = sorted(cache.rglob("*.json"))
    assert len(entries) == 5
    stamps = [e.stat().st_mtime_ns for e in entries]
    os.environ[scan.CACHE_ENV] = str(cache)
    try:
        again = scan.scan_pdf(SCAN.read_bytes(), 83, pages=PAGES)
    finally:
        del os.environ[scan.CACHE_ENV]
    assert again.cached == 5 and again.ocred == 0
    assert again.text == five.text
    assert [e.stat().st_mtime_ns for e in entries] == stamps  # nothing OCR'd, nothing rewritten


def two_pages(tmp_path: Path) -> Path:
    """Pages 26-27 of the scan as a PDF of their own (no text layer)."""
    writer = PdfWriter()
    reader = PdfReader(SCAN)
    for number in (26, 27):
        writer.add_page(reader.pages[number - 1])
    buffer = io.BytesIO()
    writer.write(buffer)
    path = tmp_path / "71-scan-excerpt.pdf"
    path.write_bytes(buffer.getvalue())
    return path


def dkg(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "directive_kg.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
    )


@needs_ocr
def test_no_ocr_refuses_scanned_pdf(tmp_path: Path) -> None:
    path = two_pages(tmp_path)
    env = {**os.environ, scan.CACHE_ENV: str(tmp_path / "cache")}
    for command in ("extract", "build"):
        extra = ["--store", str(tmp_path / "store")] if command == "build" else []
        res = dkg(command, str(path), "--no-ocr", *extra, env=env)
        assert res.returncode == 2, res.stderr
        assert f"error: {path}:" in res.stderr and "no text layer (scanned PDF?)" in res.stderr
        assert "Traceback" not in res.stderr
    assert not (tmp_path / "cache").exists()


@needs_ocr
def test_missing_tesseract_names_the_packages(tmp_path: Path) -> None:
    path = two_pages(tmp_path)
    bin_dir = tmp_path / "bin"  # pdftoppm is there, tesseract is not
    bin_dir.mkdir()
    (bin_dir / "pdftoppm").symlink_to(shutil.which("pdftoppm") or "/usr/bin/pdftoppm")
    env = {**os.environ, "PATH": str(bin_dir), scan.CACHE_ENV: str(tmp_path / "cache")}
    res = dkg("extract", str(path), env=env)
    assert res.returncode == 2
    lines = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, res.stderr
    assert str(path) in lines[0] and "apt-get install tesseract-ocr tesseract-ocr-vie" in lines[0]
    assert "Traceback" not in res.stderr


def test_row_numbers_read_back() -> None:
    """Roman in a group row, arabic in a task row; OCR's look-alikes mapped only where they fit."""
    assert [scan.row_number(t, group=True) for t in ("1.", "l.", "H.", "III.", "IV.", "11")] == [
        "I.",
        "I.",
        "II.",
        "III.",
        "IV.",
        "11",  # a parent indicator ("11 | Chỉ tiêu về …") spans the columns too: kept
    ]
    assert [scan.row_number(t, group=False) for t in ("l", "l.", "I", "l1.1", "2O.", "TT", "")] == [
        "1",
        "1.",
        "I",  # a capital I alone may be a roman heading ("I | Đến năm 2030" in Phụ lục I): kept
        "11.1",
        "20.",
        "TT",
        "",
    ]


def test_deadline_figures_swapped_only_when_shapes_agree() -> None:
    assert scan.swap_figures("Tháng 3/2025", "Thang 5/2025") == "Tháng 5/2025"
    assert scan.swap_figures("Tháng 5/2025", "Thang 2025") == "Tháng 5/2025"  # "5/" lost by eng: kept
    assert scan.swap_figures("Thường xuyên", "Thuong xuyén") == "Thường xuyên"
    assert scan.swap_figures("Quý II/2025", "Quy 11/2025") == "Quý II/2025"


def test_page_that_fails_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page whose image cannot be rendered (a PDF whose page 2 is broken) is named; page 1 is kept."""
    pytest.importorskip("pytesseract")
    if not have_tesseract and not IN_CI:
        pytest.skip("needs tesseract and pdftoppm")
    path = two_pages(tmp_path) if SCAN.exists() else None
    if path is None:
        pytest.skip("needs ../shared")
    monkeypatch.setenv(scan.CACHE_ENV, str(tmp_path / "cache"))
    data = path.read_bytes()
    # Page 3 does not exist in a two-page PDF: pdftoppm fails on it as on a broken page.
    result = scan.scan_pdf(data, 3, pages=[1, 3], workers=1)
    assert result.ocred == 1
    assert len(result.warnings) == 1 and result.warnings[0].startswith("page 3: OCR failed")
    assert "Tháng" in result.pages[0].text
