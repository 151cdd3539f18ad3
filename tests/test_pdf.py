"""`dkg report --out report.pdf`: the printed inspection report, and the workbook's print settings.

Read back from the PDF itself (pypdf for the text sizes and page boxes, pdftotext for the words): no
text under 9 pt, A4 pages, a cover, a summary, the annex quoting the source lines and a sign-off; the
Vietnamese report prints no coded English value. The workbook is printed by LibreOffice and read the same way.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_viz import CORPUS, ROOT, _build

from directive_kg.reports import write_report
from directive_kg.reports.labels import VALUES

A4 = (595.28, 841.89)
AS_OF = "2025-09-15"


def _chromium_or_skip() -> None:
    from services import chromium_or_skip

    chromium_or_skip()


@pytest.fixture(scope="module")
def pdfs(store_path, tmp_path_factory) -> dict[str, Path]:
    _chromium_or_skip()
    out = {}
    for lang in ("vi", "en"):
        target = tmp_path_factory.mktemp("pdf") / f"report-{lang}.pdf"
        write_report(str(target), str(store_path), lang=lang, as_of=AS_OF, roots=[CORPUS])
        out[lang] = target
    return out


def text_sizes(pdf: Path) -> list[tuple[int, float, str]]:
    """(page, size in pt, text) of every text run: the font size times the text and graphics scales."""
    from pypdf import PdfReader

    runs: list[tuple[int, float, str]] = []
    for number, page in enumerate(PdfReader(str(pdf)).pages, start=1):

        def visit(text, cm, tm, _font, size, number=number):
            if text.strip():
                runs.append((number, size * math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3]), text))

        page.extract_text(visitor_text=visit)
    return runs


def page_boxes(pdf: Path) -> list[tuple[float, float]]:
    from pypdf import PdfReader

    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(str(pdf)).pages]


def is_a4(box: tuple[float, float]) -> bool:
    w, h = sorted(box)
    return abs(w - A4[0]) < 2 and abs(h - A4[1]) < 2


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_pdf_is_a4_with_no_text_under_9_pt(pdfs):
    for lang, pdf in pdfs.items():
        boxes = page_boxes(pdf)
        assert len(boxes) > 5 and all(is_a4(b) for b in boxes), lang
        runs = text_sizes(pdf)
        assert runs, lang
        small = [(p, round(s, 2), t[:30]) for p, s, t in runs if s < 8.95]
        assert small == [], (lang, small[:5])


def test_cover_summary_annex_and_sign_off(pdfs):
    text = pdf_text(pdfs["vi"])
    first = text.split("\f")[0]
    assert "BÁO CÁO KIỂM TRA" in first and "Tính đến ngày" in first and "15/09/2025" in first
    assert "Phạm vi" in first and "tất cả kế hoạch địa phương" in first
    assert "10/KH-UBND" in first and "108/KH-UBND" in first  # the plans on the cover
    for heading in (
        "Tóm tắt kết quả kiểm tra",
        "Kết luận",
        "Phát hiện theo quy tắc",
        "Khoảng trống",
        "Phụ lục: trích dẫn nguồn",
        "NGƯỜI LẬP BÁO CÁO",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "(Ký, ghi rõ họ tên)",
    ):
        assert heading in text, heading
    # the annex quotes the file: line 1 of the plan 10/KH-UBND (000_…txt) is its issuer's heading
    source = (CORPUS / "000_61e0d19b87fa339e.txt").read_text("utf-8").splitlines()
    quoted = re.findall(r"^\s*(\d+)│ (.*)$", text, flags=re.M)
    assert len(quoted) > 100
    flat = lambda s: " ".join(s.split())  # noqa: E731  pdftotext re-spaces a line
    lines_10 = {flat(x) for x in source}
    assert sum(1 for _n, t in quoted if flat(t) in lines_10) > 20


def test_no_english_value_in_the_vietnamese_report(pdfs):
    vi, en = pdf_text(pdfs["vi"]), pdf_text(pdfs["en"])
    for kind, codes in VALUES.items():
        for code in codes:
            pattern = r"(?<![\w/#-])" + re.escape(code) + r"(?![\w-])"
            assert not re.search(pattern, vi), (kind, code)
    # the rule names, levels and severities in Vietnamese; the English report has the English ones
    assert "Nhiệm vụ có đơn vị chủ trì" in vi and "cấp xã" in vi and "cảnh báo" in vi
    assert "Task has a lead unit" in en and "Executive summary" in en and "PREPARED BY" in en
    assert "Tóm tắt" not in en


def test_every_rule_has_a_label():
    ids = set(
        re.findall(
            r'dkg:ruleId "([^"]+)"', (ROOT / "directive_kg" / "shapes" / "rules.ttl").read_text("utf-8")
        )
    )
    assert ids and ids <= set(VALUES["rule"])


def test_workbook_prints_readably_from_libreoffice(store_path, tmp_path):
    soffice = shutil.which("soffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed")
    import openpyxl

    from directive_kg.reports.xlsx import print_scale

    book = tmp_path / "report.xlsx"
    write_report(str(book), str(store_path), as_of=AS_OF)
    wb = openpyxl.load_workbook(book)
    for ws in wb:
        assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert print_scale(ws) >= 0.99, ws.title
    tasks = wb["Nhiệm vụ"]
    assert tasks["H2"].alignment.wrap_text  # the task text wraps
    codes = {c for kind in ("level", "rule") for c in VALUES[kind]}
    cells = {str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None}
    assert not cells & codes, cells & codes  # the workbook in Vietnamese words too
    assert "cấp xã" in cells and "Nhiệm vụ có đơn vị chủ trì" in cells
    proc = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(book),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    pdf = tmp_path / "report.pdf"
    assert proc.returncode == 0 and pdf.is_file(), proc.stderr
    assert all(is_a4(b) for b in page_boxes(pdf))
    small = [(p, round(s, 2), t[:30]) for p, s, t in text_sizes(pdf) if s < 8.95]
    assert small == [], small[:5]


def test_suspect_changes_in_vietnamese():
    from directive_kg.reports.labels import change_text

    # the builder's wording of a suspect link (programme issue): fields and "dropped by" in English
    assert change_text("lead Bộ A → Bộ B; deadline 2025 → 2026 (71/NQ-CP#12)", "vi") == (
        "đơn vị chủ trì Bộ A → Bộ B; thời hạn 2025 → 2026 (71/NQ-CP#12)"
    )
    assert change_text("dropped by 71/NQ-CP", "vi") == "bị bỏ trong 71/NQ-CP"
    assert change_text("dropped by 71/NQ-CP", "en") == "dropped by 71/NQ-CP"


def test_hostile_text_prints_as_text(tmp_path):
    _chromium_or_skip()
    from test_board import HOSTILE

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.md").write_text(HOSTILE.read_text("utf-8"), encoding="utf-8")
    (corpus / "57-NQ-TW.md").write_text(
        (CORPUS / "central" / "57-NQ-TW.md").read_text("utf-8"), encoding="utf-8"
    )
    _build(corpus, tmp_path / "store")
    pdf = tmp_path / "hostile.pdf"
    write_report(str(pdf), str(tmp_path / "store"), as_of=AS_OF, roots=[corpus])
    text = " ".join(pdf_text(pdf).split())
    assert "<script>alert(1)</script>" in text  # printed as the document wrote it, not run
    assert "<img src=x onerror=alert(3)>" in text
