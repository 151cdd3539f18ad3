"""Decode a source file (txt, md, pdf, docx) into NFC Unicode text that keeps its line structure.

Everything after this stage works on lines and cites 1-based line numbers as
provenance, so the text this stage returns must break lines exactly where a
person opening the source would see them: "\\r\\n", "\\r" and "\\n" all become
"\\n", and characters that Python's ``str.splitlines`` would treat as extra
line breaks (form feed, vertical tab, U+2028/U+2029) become spaces so that
``text.split("\\n")`` and ``text.splitlines()`` agree.

Every way a file can be unusable ends in one ``InputError`` naming the file,
the place and the reason: users feed this stage whatever their office
produced, and a traceback tells them nothing. Decoding never touches the
network: PDF and DOCX parsers are given bytes already in memory, and DOCX XML
parts are screened for DTDs and entities before python-docx sees them.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import logging
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import docx
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError
from defusedxml.ElementTree import fromstring as safe_fromstring
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfReader
from pypdf.errors import DependencyError

from ..errors import InputError
from ..limits import check_docx_xml, check_pdf_pages, paused_time_limit, read_regular
from .tcvn3 import decode_tcvn3
from .xmlguard import declares_dtd

MIB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MIB
MAX_BYTES = DEFAULT_MAX_BYTES  # kept for callers of the first version
MAX_BYTES_ENV = "DKG_MAX_BYTES"

# A DOCX is a zip: refuse archives that would inflate far beyond any real plan.
DOCX_MAX_UNCOMPRESSED = 200 * MIB
DOCX_MAX_RATIO = 100
DOCX_RATIO_MIN_MEMBER = 1 * MIB  # small members compress wildly (runs of spaces); only big ones count
DOCX_MAX_MEMBERS = 10_000
CONTENT_TYPES = "[Content_Types].xml"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

SUPPORTED = (".txt", ".md", ".pdf", ".docx")

# Above this share of control characters a "text" is a binary file; below it,
# stray controls (a Ctrl-Z at the end, an escape from a copy-paste) are dropped.
CONTROL_SHARE_LIMIT = 0.01
# Legacy 8-bit guessing looks at the start of the file only; it is long enough
# to see thousands of syllables and keeps the cost flat for big files.
LEGACY_SAMPLE_BYTES = 512 * 1024

TCVN3_WARNING = "legacy TCVN3 text converted to Unicode"
BINARY_REASON = "binary file, not a text document"
ENCRYPTED_NEEDS_CRYPTO = "encrypted PDF (AES): reading it needs pip install 'pypdf[crypto]'"
SCANNED_REASON = "no text layer (scanned PDF?): run OCR first, e.g. ocrmypdf"


@dataclass
class Decoded:
    text: str
    encoding: str
    format: str
    sha256: str
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None


def max_bytes(path: str = "-") -> int:
    """The size limit, read at each call so a test or a batch can change it."""
    raw = os.environ.get(MAX_BYTES_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_BYTES
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value <= 0:
        raise InputError(path, f"{MAX_BYTES_ENV} must be a positive whole number of bytes, got {raw!r}")
    return value


def read_document(path: Path | str) -> Decoded:
    """The one door every source file goes through, so the checks live in one place.

    The size is checked from the file system before anything is read, so a
    stray disk image costs nothing; the hash is of the raw bytes, so the same
    upload is recognised whatever encoding it turns out to have.
    """
    path = Path(path)
    where = str(path)
    if path.is_dir():
        raise InputError(where, "is a directory, not a document")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        shown = f"'{suffix}'" if suffix else "(no extension)"
        raise InputError(where, f"unsupported file type {shown} (supported: {', '.join(SUPPORTED)})")
    # regular files only, at most min(limit, size) + 1 bytes (limits.py)
    data = read_regular(path, where, max_bytes(where))
    digest = hashlib.sha256(data).hexdigest()
    fmt = suffix.lstrip(".")
    if fmt == "pdf":
        text, warnings, pages = _decode_pdf(data, where)
        return Decoded(text, "pdf", fmt, digest, warnings, pages)
    if fmt == "docx":
        text, warnings = _decode_docx(data, where)
        return Decoded(text, "docx", fmt, digest, warnings)
    text, encoding, warnings = _decode_text(data, where)
    return Decoded(text, encoding, fmt, digest, warnings)


def _mib(n: int) -> str:
    value = n / MIB
    return f"{value:.1f}" if value >= 0.1 else f"{value:.2g}"


# --------------------------------------------------------------------------- text


def _decode_text(data: bytes, where: str) -> tuple[str, str, list[str]]:
    if not data.strip():
        raise InputError(where, "empty file")
    warnings: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        text = _utf8_after_bom(data, where, warnings)
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        text = _utf16(data[2:], codec, 2, where, warnings)
        encoding = "utf-16"
    elif b"\x00" in data:
        codec = _utf16_without_bom(data)
        if codec is None:
            raise InputError(where, BINARY_REASON, f"byte {data.index(0)}")
        try:
            text = _utf16(data, codec, 0, where, warnings)
        except InputError:
            raise InputError(where, BINARY_REASON) from None
        encoding = codec
    else:
        text, encoding = _utf8_or_legacy(data, where, warnings)
    return _finish_text(text, where, warnings, binary_check=True), encoding, warnings


def _utf8_after_bom(data: bytes, where: str, warnings: list[str]) -> str:
    """A BOM declares UTF-8, so a bad byte is an error at its offset, not a cue to guess."""
    body = data[len(codecs.BOM_UTF8) :]
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + len(codecs.BOM_UTF8)
        if _is_cut_tail(body, exc):
            warnings.append(f"truncated UTF-8 sequence at end of file dropped (byte {offset})")
            return body[: exc.start].decode("utf-8")
        raise InputError(where, f"invalid UTF-8 ({exc.reason})", f"byte {offset}") from None


def _is_cut_tail(data: bytes, exc: UnicodeDecodeError) -> bool:
    return exc.reason == "unexpected end of data" and exc.end == len(data) and len(data) - exc.start < 4


def _utf8_or_legacy(data: bytes, where: str, warnings: list[str]) -> tuple[str, str]:
    """UTF-8 first; a cut last character is forgiven only when the rest proves UTF-8."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc
    head = data[: first_bad.start]
    if _is_cut_tail(data, first_bad) and not head.isascii():
        # Earlier multi-byte sequences prove this is UTF-8; only the end is broken.
        warnings.append(f"truncated UTF-8 sequence at end of file dropped (byte {first_bad.start})")
        return head.decode("utf-8"), "utf-8"
    legacy = _guess_legacy(data)
    if legacy is not None:
        encoding, text = legacy
        if encoding == "tcvn3":
            warnings.append(TCVN3_WARNING)
        return text, encoding
    if _is_cut_tail(data, first_bad):
        warnings.append(f"truncated UTF-8 sequence at end of file dropped (byte {first_bad.start})")
        return head.decode("utf-8"), "utf-8"
    if _c0_share(data[:LEGACY_SAMPLE_BYTES]) > CONTROL_SHARE_LIMIT:
        raise InputError(where, BINARY_REASON)
    raise InputError(
        where,
        "not text in any supported encoding (UTF-8, UTF-16, Windows-1258, TCVN3)",
        f"byte {first_bad.start}",
    )


_C0_JUNK = bytes(b for b in range(32) if chr(b) not in "\t\n\r\f\v") + b"\x7f"


def _c0_share(data: bytes) -> float:
    """Counted on bytes, not on a guessed decoding, which could turn letters into controls."""
    if not data:
        return 0.0
    return (len(data) - len(data.translate(None, _C0_JUNK))) / len(data)


def _utf16_without_bom(data: bytes) -> str | None:
    """Text in UTF-16 puts the NULs of its ASCII characters on one side of each pair."""
    sample = data[: 64 * 1024]
    pairs = len(sample) // 2
    if pairs == 0:
        return None
    even = sample[0::2].count(0) / pairs
    odd = sample[1::2].count(0) / pairs
    if odd >= 0.2 and even <= 0.02:
        return "utf-16-le"
    if even >= 0.2 and odd <= 0.02:
        return "utf-16-be"
    return None


def _utf16(body: bytes, codec: str, offset: int, where: str, warnings: list[str]) -> str:
    if len(body) % 2:
        body = body[:-1]
        warnings.append("odd trailing byte of UTF-16 text dropped")
    try:
        return body.decode(codec)
    except UnicodeDecodeError as exc:
        if exc.reason in ("unexpected end of data", "truncated data") and exc.end == len(body):
            warnings.append(f"truncated UTF-16 sequence at end of file dropped (byte {exc.start + offset})")
            return body[: exc.start].decode(codec)
        raise InputError(where, f"invalid UTF-16 ({exc.reason})", f"byte {exc.start + offset}") from None


# ---------------------------------------------------------------- legacy 8-bit

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_ONSETS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
# Vowel clusters of Vietnamese rhymes, without tone marks.
_NUCLEI_TEXT = (
    "a ă â e ê i o ô ơ u ư y "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ ưa ưi ươ ưu uy yê "
    "iêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu yêu"
)
_NUCLEI = sorted(_NUCLEI_TEXT.split(), key=len, reverse=True)
_SYLLABLE = re.compile(rf"(?:{_ONSETS})?(?:{'|'.join(_NUCLEI)})(?:ch|ng|nh|c|m|n|p|t)?")
MAX_TOKEN_CHARS = 24
_TOKEN_SPLIT = re.compile(r"[\s!-/:-@\[-`{-~]+")


def _is_syllable(token: str) -> bool:
    """Toneless shape check: the wrong 8-bit decoding yields symbols, stray capitals or two tones."""
    if not (token.islower() or token.isupper() or token.istitle() or _capital_font_word(token)):
        return False
    base = unicodedata.normalize("NFD", token.lower())
    if sum(ch in _TONES for ch in base) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(ch for ch in base if ch not in _TONES))
    return _SYLLABLE.fullmatch(base) is not None


def _capital_font_word(token: str) -> bool:
    """TCVN3 capitals with tones ("HOạCH") were lower-case codes shown in an all-capital font."""
    return all(ch.isupper() or not ch.isascii() for ch in token if ch.isalpha())


@lru_cache(maxsize=65536)
def _verdict(raw: str) -> int:
    """+1 for a Vietnamese syllable, -1 for a non-ASCII word that is not one, 0 for plain ASCII.

    Cached: a language has a few thousand syllables, so a long file repeats them.
    """
    token = raw.strip("".join(ch for ch in set(raw) if unicodedata.category(ch).startswith("P")))
    if not token or token.isascii():
        return 0
    return 1 if _is_syllable(token) else -1


def _vietnamese_score(text: str) -> tuple[int, int]:
    """(valid, invalid) counts over the words that carry non-ASCII letters."""
    valid = invalid = 0
    for raw in _TOKEN_SPLIT.split(unicodedata.normalize("NFC", text)):
        if raw.isascii():
            continue
        # No syllable is that long, and the cache should not keep long junk alive.
        verdict = _verdict(raw) if len(raw) <= MAX_TOKEN_CHARS else -1
        valid += verdict > 0
        invalid += verdict < 0
    return valid, invalid


def _guess_legacy(data: bytes) -> tuple[str, str] | None:
    """Windows-1258 or TCVN3, whichever reads as more Vietnamese; None when neither does.

    Both code pages decode nearly any byte string, so validity says nothing:
    only the words do. A TCVN3 file read as Windows-1258 is full of symbols
    and capitals inside words ("NghÞ quyÕt"); a Windows-1258 file read as
    TCVN3 stacks two tones on one vowel.
    """
    sample = data[:LEGACY_SAMPLE_BYTES]
    best: tuple[int, str] | None = None
    for encoding, decode in (("cp1258", _decode_cp1258), ("tcvn3", decode_tcvn3)):
        try:
            text = decode(sample)
        except UnicodeDecodeError:
            continue
        if _control_share(text) > CONTROL_SHARE_LIMIT:
            continue
        valid, invalid = _vietnamese_score(text)
        if valid == 0 and invalid == 0:
            # Only spaces or symbols beyond ASCII: the words read the same either way.
            plausible, score = encoding == "cp1258", 0
        else:
            plausible, score = valid >= 1 and valid >= 2 * invalid, valid - invalid
        if plausible and (best is None or score > best[0]):
            best = (score, encoding)
    if best is None:
        return None
    encoding = best[1]
    try:
        return encoding, (_decode_cp1258 if encoding == "cp1258" else decode_tcvn3)(data)
    except UnicodeDecodeError:
        return None  # an undefined byte past the sample


def _decode_cp1258(data: bytes) -> str:
    return data.decode("cp1258")


# ------------------------------------------------------------------ finishing

# Control characters other than tab and the line/page breaks, and lone surrogates
# (only a broken UTF-16 file yields those). A regex keeps 20 MiB files fast.
_JUNK = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_LIKE = re.compile(r"[\f\v\u2028\u2029]")
UNASSIGNED_SAMPLE_CHARS = 64 * 1024


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_JUNK.findall(text)) / len(text)


def _unassigned_share(text: str) -> float:
    """Bytes read as UTF-16 by mistake land on unassigned code points; real text does not.

    Only a sample is checked, and such characters are never removed: a newer
    Unicode than Python's may have assigned them since.
    """
    sample = text[:UNASSIGNED_SAMPLE_CHARS]
    if not sample:
        return 0.0
    return sum(1 for ch in sample if ord(ch) > 0x7F and unicodedata.category(ch) == "Cn") / len(sample)


def _finish_text(text: str, where: str, warnings: list[str], *, binary_check: bool) -> str:
    """One shape for every format: NFC, "\\n" line ends, no stray controls."""
    if binary_check and (
        _control_share(text) > CONTROL_SHARE_LIMIT or _unassigned_share(text) > CONTROL_SHARE_LIMIT
    ):
        raise InputError(where, BINARY_REASON)
    text, junk = _JUNK.subn("", text)
    if junk:
        warnings.append(f"{junk} control character(s) removed")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _LINE_LIKE.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise InputError(where, "empty file")
    return text


# ------------------------------------------------------------------------ PDF


@contextmanager
def _captured_pypdf_log(warnings: list[str]) -> Iterator[None]:
    """pypdf reports repairs through logging; they belong in the result, not on stderr."""
    logger = logging.getLogger("pypdf")
    seen: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    handler = _Collect(logging.WARNING)
    old_propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate
        for message in dict.fromkeys(seen):
            warnings.append(f"pypdf: {message}")


def _decode_pdf(data: bytes, where: str) -> tuple[str, list[str], int]:
    warnings: list[str] = []
    with _captured_pypdf_log(warnings):
        # pypdf raises far more than PdfReadError on malformed files (KeyError,
        # ValueError, RecursionError...), so any failure here is a corrupt PDF.
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    opened = bool(reader.decrypt(""))
                except DependencyError:
                    raise InputError(where, ENCRYPTED_NEEDS_CRYPTO) from None
                if not opened:
                    raise InputError(where, "encrypted PDF: cannot open without a password")
            page_count = len(reader.pages)
            check_pdf_pages(page_count, where)  # limits.py: DKG_MAX_PDF_PAGES
        except InputError:
            raise
        except DependencyError:  # AES without the cryptography package: encrypted, not corrupt
            raise InputError(where, ENCRYPTED_NEEDS_CRYPTO) from None
        except Exception as exc:  # noqa: BLE001 — hostile bytes: any parser failure is a corrupt file
            raise InputError(where, f"corrupt PDF ({_reason(exc)})") from None
        texts: list[str] = []
        empty: list[int] = []
        for number in range(1, page_count + 1):
            try:
                page_text = reader.pages[number - 1].extract_text() or ""
            except DependencyError:
                raise InputError(where, ENCRYPTED_NEEDS_CRYPTO) from None
            except Exception as exc:  # noqa: BLE001 — hostile bytes: any parser failure is a corrupt file
                raise InputError(where, f"corrupt PDF ({_reason(exc)})", f"page {number}") from None
            if not page_text.strip():
                empty.append(number)
            texts.append(page_text.rstrip("\r\n"))
    if page_count == 0:
        raise InputError(where, "PDF has no pages")
    if len(empty) == page_count:
        return _scanned_pdf(data, where, page_count, warnings)
    if empty:
        warnings.append(f"no text layer on page(s) {', '.join(map(str, empty))} (scanned?)")
    text = _finish_text("\n".join(texts) + "\n", where, warnings, binary_check=False)
    return text, warnings, page_count


def _scanned_pdf(data: bytes, where: str, page_count: int, warnings: list[str]) -> tuple[str, list[str], int]:
    """No text layer: OCR the pages (scan.py), unless OCR is off (--no-ocr), which keeps the refusal."""
    from . import scan

    if not scan.ocr_enabled():
        raise InputError(where, SCANNED_REASON)
    try:
        with paused_time_limit():  # OCR (minutes for a long scan) is not counted in DKG_FILE_TIMEOUT
            result = scan.scan_pdf(data, page_count)
    except scan.OcrUnavailable as exc:
        raise InputError(where, f"no text layer (scanned PDF): {exc}") from None
    if not result.text.strip():
        failed = next((p.error for p in result.pages if p.error), None)
        raise InputError(
            where, "no text layer (scanned PDF?) and OCR read no text" + (f" ({failed})" if failed else "")
        )
    warnings.extend([f"no text layer: {page_count} page(s) read by OCR (Tesseract, vie)", *result.warnings])
    return _finish_text(result.text, where, warnings, binary_check=False), warnings, page_count


def _reason(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


# ----------------------------------------------------------------------- DOCX

NOT_DOCX = "not a valid DOCX"


def _decode_docx(data: bytes, where: str) -> tuple[str, list[str]]:
    warnings: list[str] = []
    if data.startswith(OLE_MAGIC):
        raise InputError(
            where, f"{NOT_DOCX} (an OLE file: a password-protected DOCX or an old .doc; save it as .docx)"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 — hostile bytes: any parser failure is a corrupt file
        # zipfile meets hostile bytes with BadZipFile, but also ValueError, zlib.error, struct.error...
        raise InputError(where, f"{NOT_DOCX} (not a zip archive: {_reason(exc)})") from None
    with archive:
        _check_zip_bomb(archive, where)
        check_docx_xml(archive, where)  # limits.py: DKG_MAX_DOCX_XML
        _check_xml_parts(archive, where)
    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_docx_lines(document))
    except Exception as exc:  # noqa: BLE001 — hostile bytes: any parser failure is a corrupt file
        # python-docx raises KeyError/ValueError/lxml errors on broken packages.
        raise InputError(where, f"{NOT_DOCX} ({_reason(exc)})") from None
    text = _finish_text("\n".join(lines) + "\n", where, warnings, binary_check=False)
    return text, warnings


def _check_zip_bomb(archive: zipfile.ZipFile, where: str) -> None:
    """Sizes come from the zip headers; zipfile refuses to inflate past them, so they bind."""
    infos = archive.infolist()
    if len(infos) > DOCX_MAX_MEMBERS:
        raise InputError(where, f"zip bomb suspected ({len(infos)} parts > {DOCX_MAX_MEMBERS})")
    total = 0
    for info in infos:
        total += info.file_size
        if total > DOCX_MAX_UNCOMPRESSED:
            raise InputError(
                where,
                f"zip bomb suspected (inflates to more than {_mib(DOCX_MAX_UNCOMPRESSED)} MiB)",
                info.filename,
            )
        if info.file_size >= DOCX_RATIO_MIN_MEMBER and (
            info.compress_size == 0 or info.file_size / info.compress_size > DOCX_MAX_RATIO
        ):
            raise InputError(
                where,
                f"zip bomb suspected (compression ratio above {DOCX_MAX_RATIO})",
                info.filename,
            )


def _check_xml_parts(archive: zipfile.ZipFile, where: str) -> None:
    """python-docx parses with lxml; no part reaches it with a DTD or an entity in it.

    A part's name does not say whether python-docx will parse it ([Content_Types]
    can declare any name as the main document), so every part declared as XML
    is screened. Images are left alone: an SVG may carry a harmless DOCTYPE and
    python-docx never parses it.
    """
    names = archive.namelist()
    types = _content_types(archive, where) if CONTENT_TYPES in names else ({}, {})
    for name in names:
        if not _is_xml_part(name, types):
            continue
        part = _read_part(archive, name, where)
        if declares_dtd(part):  # any encoding, parsed as python-docx parses it (xmlguard.py)
            raise InputError(where, "DOCX carries an XML entity/DTD declaration (XXE); refused", name)
        try:
            safe_fromstring(part, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        except DefusedXmlException:
            raise InputError(
                where, "DOCX carries an XML entity/DTD declaration (XXE); refused", name
            ) from None
        except ParseError:
            # Malformed but harmless: python-docx reports it if it needs the part.
            continue


def _read_part(archive: zipfile.ZipFile, name: str, where: str) -> bytes:
    try:
        return archive.read(name)
    except Exception as exc:  # noqa: BLE001 — hostile bytes: any parser failure is a corrupt file
        # A damaged member fails in zlib, struct or zipfile itself, each with its own exception.
        raise InputError(where, f"{NOT_DOCX} (damaged part: {_reason(exc)})", name) from None


def _content_types(archive: zipfile.ZipFile, where: str) -> tuple[dict[str, str], dict[str, str]]:
    """(extension → content type, part name → content type) from [Content_Types].xml."""
    part = _read_part(archive, CONTENT_TYPES, where)
    try:
        root = safe_fromstring(part, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise InputError(
            where, "DOCX carries an XML entity/DTD declaration (XXE); refused", CONTENT_TYPES
        ) from None
    except ParseError as exc:
        raise InputError(where, f"{NOT_DOCX} (malformed XML: {exc})", CONTENT_TYPES) from None
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for element in root:
        tag = element.tag.rsplit("}", 1)[-1]
        kind = element.get("ContentType", "").lower()
        if tag == "Default":
            defaults[element.get("Extension", "").lower()] = kind
        elif tag == "Override":
            overrides[element.get("PartName", "").lstrip("/").lower()] = kind
    return defaults, overrides


def _is_xml_part(name: str, types: tuple[dict[str, str], dict[str, str]]) -> bool:
    defaults, overrides = types
    lowered = name.lower()
    kind = overrides.get(lowered) or defaults.get(lowered.rsplit(".", 1)[-1] if "." in lowered else "", "")
    if kind.startswith("image/"):
        return False
    return lowered.endswith((".xml", ".rels")) or kind.endswith(("+xml", "/xml"))


def _docx_lines(document: DocxDocument) -> Iterator[str]:
    """Walk the body XML in order so tables sit between the paragraphs around them."""
    paragraph_tag, table_tag, sdt_tag, content_tag = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")

    def walk(parent: BaseOxmlElement) -> Iterator[str]:
        for child in parent.iterchildren():
            if child.tag == paragraph_tag:
                yield from Paragraph(child, document).text.split("\n")
            elif child.tag == table_tag:
                yield from _table_lines(Table(child, document))
            elif child.tag == sdt_tag:
                # Content controls (form fields, cover pages) wrap ordinary body content.
                for content in child.iterchildren(content_tag):
                    yield from walk(content)

    yield from walk(document.element.body)


_CELL_BREAKS = re.compile(r"\s*[\r\n\v\f\u2028\u2029]+\s*")


def _table_lines(table: Table) -> Iterator[str]:
    """One Markdown pipe row per table row; a cell spanning columns is written once."""
    for row in table.rows:
        cells: list[str] = []
        previous: object = None
        for cell in row.cells:
            if cell._tc is previous:
                cells.append("")
                continue
            previous = cell._tc
            text = _CELL_BREAKS.sub(" ", cell.text).strip()
            cells.append(text.replace("|", "\\|"))
        yield "| " + " | ".join(cells) + " |"
