"""Builders for the bad inputs of docs/reliability.md: every file is made at test time from a clean plan."""

from __future__ import annotations

import io
import random
import unicodedata
import zipfile
from pathlib import Path

import docx
from pypdf import PdfWriter

from directive_kg.loaders.tcvn3 import TCVN3_HIGH

TONES = "\u0300\u0301\u0303\u0309\u0323"


def plan(number: str, commune: str, cites: list[str] | None = None, tasks: int = 3) -> str:
    """A small, clean commune Party plan (UTF-8 text) with `number` as its identifier."""
    basis = "".join(
        f"Căn cứ Kế hoạch số {c} ngày 01/7/2025 của Ban Thường vụ Đảng ủy xã;\n" for c in cites or []
    )
    items = "".join(
        f"- Nhiệm vụ {k}: tổ chức triển khai chuyển đổi số nội dung {k} tại xã {commune}; "
        f"Văn phòng Đảng ủy chủ trì, hoàn thành trong năm 2025.\n"
        for k in range(1, tasks + 1)
    )
    return (
        f"ĐẢNG BỘ TỈNH NGHỆ AN                 ĐẢNG CỘNG SẢN VIỆT NAM\n"
        f"ĐẢNG ỦY XÃ {commune.upper()}\n*\n"
        f"Số {number}                          {commune}, ngày 05 tháng 8 năm 2025\n\n"
        "KẾ HOẠCH\n"
        "thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị và Kế hoạch số 328-KH/TU "
        "ngày 24/4/2025 của Ban Chấp hành Đảng bộ tỉnh\n\n"
        f"{basis}"
        "Thực hiện Kế hoạch số 328-KH/TU ngày 24/4/2025 của Ban Chấp hành Đảng bộ tỉnh, Ban Thường vụ "
        "Đảng ủy xã xây dựng kế hoạch như sau:\n\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Quán triệt sâu sắc.\n"
        "II. NHIỆM VỤ, GIẢI PHÁP\n1. Nâng cao nhận thức\n"
        f"{items}"
        "III. TỔ CHỨC THỰC HIỆN\n1. Văn phòng Đảng ủy theo dõi, đôn đốc.\n"
    )


def to_cp1258(text: str) -> bytes:
    """Windows-1258 keeps ă â ê ô ơ ư đ precomposed and writes tones as combining marks."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")


def to_tcvn3(text: str) -> bytes:
    """TCVN3 (ABC) bytes; capitals with a tone, which TCVN3 lacks, are typed with the lower-case code."""
    table = {ch: code for code, ch in TCVN3_HIGH.items() if code >= 0xA0}
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 128:
            out.append(ord(ch))
        elif ch in table:
            out.append(table[ch])
        else:
            out.append(table[ch.lower()])
    return bytes(out)


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a real text layer (ASCII lines)."""
    body = (
        b"BT /F1 12 Tf 14 TL 72 720 Td\n"
        + b"".join(
            b"(" + line.encode("latin-1").replace(b"(", b"\\(").replace(b")", b"\\)") + b") Tj T*\n"
            for line in lines
        )
        + b"ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def scanned_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(["So: 12/KH-UBND", "KE HOACH"]))))
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def plan_docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bomb_docx(text: str) -> bytes:
    out = io.BytesIO(plan_docx(text))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/bomb.bin", b"\0" * (16 * 1024 * 1024))
    return out.getvalue()


def xxe_docx(text: str, url: str = "http://127.0.0.1:9/evil.dtd") -> bytes:
    """A DOCX whose main part pulls an external DTD and entity (classic XXE)."""
    data = plan_docx(text)
    src = zipfile.ZipFile(io.BytesIO(data))
    xml = src.read("word/document.xml")
    head, sep, rest = xml.partition(b"?>")
    evil = (
        head
        + sep
        + b'<!DOCTYPE w:document SYSTEM "'
        + url.encode()
        + b'" [<!ENTITY e SYSTEM "'
        + url.encode()
        + b'">]>'
        + rest.replace(b"<w:t>", b"<w:t>&e;", 1)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(
                info.filename, evil if info.filename == "word/document.xml" else src.read(info.filename)
            )
    return out.getvalue()


def binary(n: int = 4096, seed: int = 8) -> bytes:
    return random.Random(seed).randbytes(n)


def huge(path: Path, size: int = 100 * 1024 * 1024) -> Path:
    """A 100 MB text file (sparse where the file system allows, so it costs no disk)."""
    with path.open("wb") as handle:
        handle.write(b"Ke hoach so 1/KH-UBND\n")
        handle.truncate(size)
    return path
