"""Tests for the decode stage: every input is built in tmp_path at test time.

The TCVN3 bytes are written out by hand (and the table is checked against
glibc's TCVN5712-1 converter where the machine has it) so the tests do not
merely invert the module's own table.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import socket
import subprocess
import time
import tracemalloc
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from hostile_inputs import TONES, to_cp1258
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from directive_kg.errors import InputError
from directive_kg.loaders import decode as decode_module
from directive_kg.loaders.decode import Decoded, read_document
from directive_kg.loaders.tcvn3 import TCVN3_HIGH, decode_tcvn3

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"

SAMPLE = (
    "Kế hoạch thực hiện Nghị quyết số 57-NQ/TW của Ủy ban nhân dân xã Nghĩa Đàn\n"
    "Điều 1. Đảng ủy, Ủy ban nhân dân xã chỉ đạo; Sở Khoa học và Công nghệ chủ trì.\n"
    "Thời hạn hoàn thành: quý IV năm 2025 (ưu tiên chuyển đổi số).\n"
)

# TCVN3 has no capital vowels with tones ("Ủy" is typed with the lower-case
# code), so its sample starts with a lower-case "ủy".
TCVN3_TEXT = (
    "Kế hoạch thực hiện Nghị quyết số 57-NQ/TW của ủy ban nhân dân xã Nghĩa Đàn\n"
    "Đảng ủy chỉ đạo; Sở Khoa học và Công nghệ chủ trì.\n"
)
TCVN3_BYTES = (
    b"K\xd5 ho\xb9ch th\xf9c hi\xd6n Ngh\xde quy\xd5t s\xe8 57-NQ/TW c\xf1a \xf1y ban nh\xa9n d\xa9n "
    b"x\xb7 Ngh\xdca \xa7\xb5n\n"
    b"\xa7\xb6ng \xf1y ch\xd8 \xae\xb9o; S\xeb Khoa h\xe4c v\xb5 C\xabng ngh\xd6 ch\xf1 tr\xd7.\n"
)


@pytest.fixture(autouse=True, scope="module")
def no_network() -> Iterator[None]:
    """Decoding must never open a socket: make any attempt fail loudly."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access while decoding")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket, "socket", refuse)
        mp.setattr(socket, "create_connection", refuse)
        mp.setattr(socket, "getaddrinfo", refuse)
        yield


@pytest.fixture(autouse=True)
def default_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DKG_MAX_BYTES", raising=False)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def expect_error(path: Path, *fragments: str) -> InputError:
    with pytest.raises(InputError) as info:
        read_document(path)
    message = str(info.value)
    assert message.startswith(str(path) + ":"), message
    for fragment in fragments:
        assert fragment in message, message
    return info.value


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# ----------------------------------------------------------------- plain text


def test_utf8(tmp_path: Path) -> None:
    data = SAMPLE.encode()
    doc = read_document(write(tmp_path, "plan.txt", data))
    assert isinstance(doc, Decoded)
    assert (doc.text, doc.encoding, doc.format, doc.warnings) == (SAMPLE, "utf-8", "txt", [])
    assert doc.sha256 == hashlib.sha256(data).hexdigest()


def test_markdown_format(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "plan.md", ("# " + SAMPLE).encode()))
    assert doc.format == "md"
    assert doc.text == "# " + SAMPLE


def test_utf8_bom(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "plan.txt", SAMPLE.encode("utf-8-sig")))
    assert (doc.text, doc.encoding) == (SAMPLE, "utf-8-sig")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(codec, b"")
    doc = read_document(write(tmp_path, "plan.txt", bom + SAMPLE.encode(codec)))
    assert (doc.text, doc.encoding) == (SAMPLE, "utf-16")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path: Path, codec: str) -> None:
    doc = read_document(write(tmp_path, "plan.txt", SAMPLE.encode(codec)))
    assert (doc.text, doc.encoding) == (SAMPLE, codec)


def test_cp1258(tmp_path: Path) -> None:
    data = to_cp1258(SAMPLE)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    doc = read_document(write(tmp_path, "plan.txt", data))
    assert (doc.text, doc.encoding, doc.warnings) == (SAMPLE, "cp1258", [])
    assert unicodedata.is_normalized("NFC", doc.text)


def test_tcvn3_detected_and_converted(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "plan.txt", TCVN3_BYTES.replace(b"\n", b"\r\n")))
    assert doc.encoding == "tcvn3"
    assert doc.text == TCVN3_TEXT
    assert "legacy TCVN3 text converted to Unicode" in doc.warnings


@pytest.mark.parametrize(
    ("raw", "word"),
    [
        (b"Ngh\xde quy\xd5t", "Nghị quyết"),
        (b"K\xd5 ho\xb9ch", "Kế hoạch"),
        (b"\xf1y ban nh\xa9n d\xa9n", "ủy ban nhân dân"),
        (b"\xa7\xb6ng \xf1y", "Đảng ủy"),
        (b"Ch\xddnh ph\xf1", "Chính phủ"),
        (b"chuy\xd3n \xae\xe6i s\xe8 qu\xe8c gia", "chuyển đổi số quốc gia"),
        (b"\xae\xe9t ph\xb8", "đột phá"),
        (b"\xa1n u\xe8ng \xa4 \xa5 \xa6 \xa2 \xa3", "Ăn uống Ô Ơ Ư Â Ê"),
        (b"ng\xad\xeai d\xa9n \xadu ti\xaan", "người dân ưu tiên"),
    ],
)
def test_tcvn3_words(raw: bytes, word: str) -> None:
    assert decode_tcvn3(raw) == word


def test_tcvn3_has_no_toned_capitals() -> None:
    """A capital "Ủ" can only be written with the lower-case code: the case is gone from the bytes."""
    assert decode_tcvn3(b"\xf1Y BAN") == "ủY BAN"


def test_tcvn3_table_covers_every_lowercase_letter_once() -> None:
    letters = {nfc(v + t) for v in "aăâeêioôơuưy" for t in ["", *TONES]} - set("aeiouy") | {"đ"}
    assert len(letters) == 67
    values = [TCVN3_HIGH[b] for b in range(0xA0, 0x100) if b in TCVN3_HIGH]
    for letter in letters:
        assert values.count(letter) == 1, letter
    assert {TCVN3_HIGH[b] for b in range(0xA1, 0xA8)} == set("ĂÂÊÔƠƯĐ")


def _glibc_tcvn(byte: int) -> str | None:
    result = subprocess.run(
        ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes([byte]), capture_output=True, check=False
    )
    return result.stdout.decode() if result.returncode == 0 else None


@pytest.mark.skipif(shutil.which("iconv") is None, reason="no iconv on this machine")
def test_tcvn3_table_agrees_with_glibc() -> None:
    if _glibc_tcvn(0xB8) != "á":
        pytest.skip("iconv here has no TCVN5712-1")
    for byte in range(0xA0, 0x100):
        assert TCVN3_HIGH.get(byte) == _glibc_tcvn(byte), hex(byte)


def test_neither_legacy_encoding_plausible(tmp_path: Path) -> None:
    path = write(tmp_path, "french.txt", b"caf\xe9 r\xe9sum\xe9 d\xe9j\xe0 vu\n")
    expect_error(path, "byte 3", "not text in any supported encoding")


def test_invalid_utf8_in_middle_names_offset(tmp_path: Path) -> None:
    data = SAMPLE.encode()
    path = write(tmp_path, "plan.txt", data[:40] + b"\x81\x82" + data[40:])
    err = expect_error(path, "byte 40")
    assert err.place == "byte 40"


def test_line_endings_and_nfc(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", SAMPLE)
    assert decomposed != SAMPLE
    lines = decomposed.split("\n")
    data = (lines[0] + "\r\n" + lines[1] + "\r" + lines[2] + "\n").encode()
    doc = read_document(write(tmp_path, "plan.txt", data))
    assert doc.text == SAMPLE


def test_line_structure_kept(tmp_path: Path) -> None:
    """Characters that splitlines() treats as breaks must not add lines the source does not have."""
    data = "một\fhai\vba\u2028bốn\u2029năm\nsáu\n".encode()
    doc = read_document(write(tmp_path, "plan.txt", data))
    assert doc.text == "một hai ba bốn năm\nsáu\n"
    assert doc.text.splitlines() == doc.text.split("\n")[:-1]


def test_truncated_utf8(tmp_path: Path) -> None:
    data = SAMPLE.rstrip("\n").encode() + "ế".encode()[:2]
    doc = read_document(write(tmp_path, "plan.txt", data))
    assert doc.encoding == "utf-8"
    assert doc.text == SAMPLE.rstrip("\n")
    assert any("truncated" in w for w in doc.warnings)


def test_truncated_utf8_with_bom(tmp_path: Path) -> None:
    data = SAMPLE.encode("utf-8-sig") + "ạ".encode()[:1]
    doc = read_document(write(tmp_path, "plan.txt", data))
    assert (doc.text, doc.encoding) == (SAMPLE, "utf-8-sig")
    assert any("truncated" in w for w in doc.warnings)


def test_invalid_utf8_after_bom_names_offset(tmp_path: Path) -> None:
    data = SAMPLE.encode("utf-8-sig")
    err = expect_error(write(tmp_path, "plan.txt", data[:10] + b"\xff" + data[10:]), "invalid UTF-8")
    assert err.place == "byte 10"


def test_cp1258_not_mistaken_for_tcvn3(tmp_path: Path) -> None:
    """Some cp1258 bytes are TCVN3 letters too; the syllable score still picks cp1258."""
    text = "Nghị quyết số 57 về chuyển đổi số quốc gia\n" * 3
    doc = read_document(write(tmp_path, "plan.txt", to_cp1258(text)))
    assert (doc.text, doc.encoding) == (text, "cp1258")


def test_stray_control_characters_removed(tmp_path: Path) -> None:
    data = (SAMPLE * 5).encode() + b"\x1a"
    doc = read_document(write(tmp_path, "plan.txt", data))
    assert doc.text == SAMPLE * 5
    assert any("control" in w for w in doc.warnings)


# ----------------------------------------------------------------- bad input


def test_random_bytes_are_binary(tmp_path: Path) -> None:
    path = write(tmp_path, "noise.txt", os.urandom(4096))
    expect_error(path, "binary file, not a text document")


def test_nul_bytes_are_binary(tmp_path: Path) -> None:
    data = SAMPLE.encode() + b"\x00\x01\x02\x00" + SAMPLE.encode()
    expect_error(write(tmp_path, "plan.txt", data), "binary file, not a text document")


def test_control_heavy_text_is_binary(tmp_path: Path) -> None:
    data = bytes(b % 32 for b in range(1, 2000) if b % 32 not in (0, 9, 10, 13)) + b"abc"
    expect_error(write(tmp_path, "plan.txt", data), "binary file, not a text document")


@pytest.mark.parametrize(
    "data",
    [
        ("\x01\x02\x03\x04\x05\x06\x07\x08" * 50 + "abc").encode(),  # UTF-8 controls
        b"\xff\xfe" + ("\u0378\u0379\u0380\u0381\u0382\u0383" * 50).encode("utf-16-le"),  # unassigned
    ],
    ids=["controls", "unassigned"],
)
def test_decodable_but_not_text_is_binary(tmp_path: Path, data: bytes) -> None:
    expect_error(write(tmp_path, "plan.txt", data), "binary file, not a text document")


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n ", b"\xef\xbb\xbf", b"\xff\xfe \x00\n\x00"])
def test_empty(tmp_path: Path, data: bytes) -> None:
    expect_error(write(tmp_path, "plan.txt", data), "empty file")


def test_unsupported_extension(tmp_path: Path) -> None:
    path = write(tmp_path, "plan.xyz", b"hello")
    expect_error(path, "unsupported file type '.xyz' (supported: .txt, .md, .pdf, .docx)")


def test_no_extension(tmp_path: Path) -> None:
    expect_error(write(tmp_path, "README", b"hello"), "unsupported file type")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "plans.txt"
    folder.mkdir()
    expect_error(folder, "directory")


def test_missing_file(tmp_path: Path) -> None:
    expect_error(tmp_path / "absent.txt", "no such file")


def test_too_large_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: costs no disk
    tracemalloc.start()
    started = time.perf_counter()
    try:
        expect_error(path, "file too large (100.0 MiB > limit 20.0 MiB)")
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 1024 * 1024


def test_limit_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DKG_MAX_BYTES", str(len(SAMPLE.encode())))
    assert read_document(write(tmp_path, "ok.txt", SAMPLE.encode())).text == SAMPLE
    expect_error(write(tmp_path, "big.txt", SAMPLE.encode() + b"x"), "file too large")


def test_bad_limit_in_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DKG_MAX_BYTES", "lots")
    expect_error(write(tmp_path, "plan.txt", b"hello"), "DKG_MAX_BYTES")


# ----------------------------------------------------------------------- PDF


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF whose Helvetica text maps to Unicode through a /ToUnicode CMap.

    Helvetica's own encoding has no Vietnamese letters, so each non-ASCII
    character gets a spare byte code and the CMap says which character it is:
    the text layer is right even though no glyph would print correctly.
    """
    chars = sorted({c for page in pages for line in page for c in line if not 32 <= ord(c) < 127})
    assert len(chars) < 128
    codes = {c: 0x80 + i for i, c in enumerate(chars)}

    def pdf_string(line: str) -> bytes:
        out = bytearray(b"(")
        for c in line:
            if c in "()\\":
                out += b"\\"
            out.append(codes.get(c, ord(c)))
        return bytes(out + b")")

    bfchar = b"".join(b"<%02X> <%04X>\n" % (code, ord(c)) for c, code in codes.items())
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        + b"%d beginbfchar\n" % len(codes)
        + bfchar
        + b"endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    kids = b" ".join(b"%d 0 R" % (5 + 2 * i) for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    for i, page in enumerate(pages):
        body = b"BT /F1 12 Tf 14 TL 72 720 Td\n"
        body += b"".join(pdf_string(line) + b" Tj T*\n" for line in page) + b"ET"
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (6 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PDF_PAGES = [SAMPLE.rstrip("\n").split("\n"), ["Trang hai: Đảng ủy (giám sát)", "dòng cuối"]]


def pdf_bytes(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_text_layer(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "plan.pdf", make_pdf(PDF_PAGES)))
    assert (doc.encoding, doc.format, doc.pages) == ("pdf", "pdf", 2)
    assert doc.text == SAMPLE + "Trang hai: Đảng ủy (giám sát)\ndòng cuối\n"
    assert unicodedata.is_normalized("NFC", doc.text)


def test_pdf_blank_page_is_warned(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(make_pdf(PDF_PAGES[:1]))))
    writer.add_blank_page(612, 792)
    doc = read_document(write(tmp_path, "plan.pdf", pdf_bytes(writer)))
    assert doc.text == SAMPLE + "\n"  # the blank page is one empty line
    assert any("page(s) 2" in w for w in doc.warnings)


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.add_blank_page(612, 792)
    path = write(tmp_path, "scan.pdf", pdf_bytes(writer))
    expect_error(path, "no text layer (scanned PDF?)", "OCR")


def test_pdf_encrypted(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(make_pdf(PDF_PAGES))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    expect_error(write(tmp_path, "locked.pdf", pdf_bytes(writer)), "encrypted PDF")


def test_pdf_encrypted_with_empty_password_opens(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(make_pdf(PDF_PAGES))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    doc = read_document(write(tmp_path, "owner-only.pdf", pdf_bytes(writer)))
    assert doc.text.startswith(SAMPLE)


def test_pdf_repaired_by_pypdf_reports_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = make_pdf(PDF_PAGES).replace(b"/Root 1 0 R", b"/Root 9 0 R")
    doc = read_document(write(tmp_path, "repaired.pdf", data))
    assert doc.text.startswith(SAMPLE)
    assert any(w.startswith("pypdf: ") for w in doc.warnings)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("data", [b"%PDF-1.4\ngarbage\n", b"not a pdf at all", b"%PDF-1.7\n%%EOF\n"])
def test_pdf_corrupt(tmp_path: Path, data: bytes) -> None:
    expect_error(write(tmp_path, "broken.pdf", data), "corrupt PDF (")


# ---------------------------------------------------------------------- DOCX


def docx_bytes(document: object) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def sample_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Kế hoạch thực hiện Nghị quyết số 57-NQ/TW")
    document.add_paragraph("Trước bảng: các nhiệm vụ cụ thể")
    table = document.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"], strict=True):
        cell.text = text
    row = table.rows[1].cells
    row[0].text = "Xây dựng | cơ sở dữ liệu"
    row[0].add_paragraph("số")
    row[1].text = "Sở Khoa học và Công nghệ"
    row[2].text = "2025"
    merged = table.rows[2].cells[0].merge(table.rows[2].cells[1])
    merged.text = "Tổng hợp báo cáo"
    table.rows[2].cells[2].text = "Quý IV"
    document.add_paragraph("Sau bảng: tổ chức thực hiện")
    document.add_paragraph("Dòng một\nDòng hai")
    return docx_bytes(document)


DOCX_LINES = [
    "Kế hoạch thực hiện Nghị quyết số 57-NQ/TW",
    "Trước bảng: các nhiệm vụ cụ thể",
    "| Nhiệm vụ | Cơ quan chủ trì | Thời hạn |",
    "| Xây dựng \\| cơ sở dữ liệu số | Sở Khoa học và Công nghệ | 2025 |",
    "| Tổng hợp báo cáo |  | Quý IV |",
    "Sau bảng: tổ chức thực hiện",
    "Dòng một",
    "Dòng hai",
]


def test_docx_paragraphs_and_table_in_order(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "plan.docx", sample_docx()))
    assert (doc.encoding, doc.format) == ("docx", "docx")
    assert doc.text == "\n".join(DOCX_LINES) + "\n"


def rewrite_zip(data: bytes, change: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, change.get(info.filename, src.read(info.filename)))
    return out.getvalue()


XXE = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize("part", ["word/document.xml", "[Content_Types].xml"])
def test_docx_xxe_refused(tmp_path: Path, part: str) -> None:
    data = sample_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read(part)
    head, sep, rest = xml.partition(b"?>")
    assert sep
    evil = head + sep + XXE + rest.replace("Trước bảng".encode(), b"&e;")
    path = write(tmp_path, "evil.docx", rewrite_zip(data, {part: evil}))
    err = expect_error(path, "DOCX carries an XML entity/DTD declaration (XXE); refused")
    assert err.place == part


def test_docx_zip_bomb_ratio(tmp_path: Path) -> None:
    data = sample_docx()
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/bomb.bin", b"\0" * (16 * 1024 * 1024))
    expect_error(write(tmp_path, "bomb.docx", out.getvalue()), "zip bomb suspected")


def test_docx_zip_bomb_total_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decode_module, "DOCX_MAX_UNCOMPRESSED", 1024 * 1024)
    out = io.BytesIO(sample_docx())
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/photo.bin", os.urandom(2 * 1024 * 1024))
    expect_error(write(tmp_path, "big.docx", out.getvalue()), "zip bomb suspected")


def test_docx_xxe_in_part_named_like_data(tmp_path: Path) -> None:
    """The screen goes by declared content type, not by the .xml suffix."""
    data = sample_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml")
    types = types.replace(
        b"</Types>", b'<Override PartName="/word/extra.dat" ContentType="application/xml"/></Types>'
    )
    out = io.BytesIO(rewrite_zip(data, {"[Content_Types].xml": types}))
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("word/extra.dat", b'<?xml version="1.0"?>' + XXE + b"<r>&e;</r>")
    err = expect_error(write(tmp_path, "evil.docx", out.getvalue()), "(XXE); refused")
    assert err.place == "word/extra.dat"


def test_docx_svg_image_with_doctype_is_fine(tmp_path: Path) -> None:
    data = sample_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml")
    types = types.replace(b"</Types>", b'<Default Extension="svg" ContentType="image/svg+xml"/></Types>')
    out = io.BytesIO(rewrite_zip(data, {"[Content_Types].xml": types}))
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr(
            "word/media/logo.svg",
            b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
            b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg/>',
        )
    doc = read_document(write(tmp_path, "logo.docx", out.getvalue()))
    assert doc.text == "\n".join(DOCX_LINES) + "\n"


def test_docx_content_control_paragraphs_kept_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Trước")
    inner = document.add_paragraph("Trong ô nội dung")
    document.add_paragraph("Sau")
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    inner._p.addprevious(sdt)
    sdt.append(content)
    content.append(inner._p)
    doc = read_document(write(tmp_path, "form.docx", docx_bytes(document)))
    assert doc.text == "Trước\nTrong ô nội dung\nSau\n"


def test_docx_ole_file(tmp_path: Path) -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    expect_error(write(tmp_path, "locked.docx", data), "not a valid DOCX", "OLE")


def test_docx_not_a_zip(tmp_path: Path) -> None:
    expect_error(write(tmp_path, "plan.docx", SAMPLE.encode()), "not a valid DOCX")


def test_docx_zip_without_document(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    expect_error(write(tmp_path, "plan.docx", out.getvalue()), "not a valid DOCX")


def test_docx_without_text(tmp_path: Path) -> None:
    expect_error(write(tmp_path, "blank.docx", docx_bytes(docx.Document())), "empty")


# ------------------------------------------------------------------ properties


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".txt", ".md", ".pdf", ".docx"]))
def test_arbitrary_bytes_only_raise_input_error(fuzz_dir: Path, data: bytes, suffix: str) -> None:
    path = write(fuzz_dir, "fuzz" + suffix, data)
    try:
        doc = read_document(path)
    except InputError as err:
        assert str(err).startswith(str(path) + ":")
        return
    assert unicodedata.is_normalized("NFC", doc.text)
    assert "\r" not in doc.text
    assert doc.text.strip()


@pytest.fixture(scope="module")
def valid_inputs() -> dict[str, bytes]:
    return {
        ".pdf": make_pdf(PDF_PAGES),
        ".docx": sample_docx(),
        ".txt": SAMPLE.encode() + to_cp1258(SAMPLE),
        ".md": TCVN3_BYTES + SAMPLE.encode("utf-16-le"),
    }


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    suffix=st.sampled_from([".txt", ".md", ".pdf", ".docx"]),
    edits=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 64), st.binary(max_size=16)),
        min_size=1,
        max_size=8,
    ),
)
def test_damaged_files_only_raise_input_error(
    fuzz_dir: Path, valid_inputs: dict[str, bytes], suffix: str, edits: list[tuple[float, int, bytes]]
) -> None:
    """Real files with bytes cut out and spliced in: the shapes that reach a parser's corners."""
    data = bytearray(valid_inputs[suffix])
    for where, cut, insert in edits:
        at = int(where * len(data))
        data[at : at + cut] = insert
    path = write(fuzz_dir, "damaged" + suffix, bytes(data))
    try:
        doc = read_document(path)
    except InputError as err:
        assert str(err).startswith(str(path) + ":")
        return
    assert unicodedata.is_normalized("NFC", doc.text)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxy àáảãạếệịọủứừ\n.,")), min_size=1)
)
def test_utf8_text_round_trips(fuzz_dir: Path, text: str) -> None:
    path = write(fuzz_dir, "round.txt", text.encode())
    if not text.strip():
        with pytest.raises(InputError):
            read_document(path)
        return
    assert read_document(path).text == nfc(text)


# --------------------------------------------------------------- real corpus


CORPUS_FILES = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".txt", ".md"))


def test_corpus_is_there() -> None:
    assert CORPUS_FILES


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_decodes(path: Path) -> None:
    doc = read_document(path)
    assert doc.encoding == "utf-8"
    raw = path.read_bytes().decode("utf-8")
    assert doc.text.split("\n")[0] == raw.split("\n")[0].rstrip("\r")
    assert doc.text.count("\n") == raw.count("\n")
