"""Read the document header: identifier, kind, title, issuer (name, level, body), province, date.

The header block of a Vietnamese administrative document is fixed by
Nghị định 30/2020/NĐ-CP (issuer top left, national motto top right, `Số:`,
place and date, the kind in capitals, then the title). OCR scrambles the two
columns onto the same lines, so the motto is cut away before reading the
issuer. Anything unreadable is left empty, never guessed.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ..catalog import Catalog
from ..model import DocumentInfo, Issuer
from .dates import parse_any, parse_long
from .identifiers import KIND_BY_TYPE, Identifier, find_all
from .segment import KIND_WORDS, Doc

_MOTTO = re.compile(r"(c[o0]ng\s*h[o0]a\s*x\w\s*h\w{1,3}i.*$|d[o0e]c\s*[l1]\w{1,2}p\s*-.*$|tu\s*do\s*-\s*hanh\s*phuc.*$"
                    r"|dang\s*cong\s*san\s*viet\s*nam.*$)")
_SO_LINE = re.compile(r"^\s*s[o06bde]{0,2}\s*(?:[:;]\s*|\s+(?=\d{1,4}\s*[-/]))")
ADMIN_WORDS = r"(?P<admin>xa|phuong|dac khu|tinh|thanh pho)"
_ADMIN_NAME = re.compile(rf"(?<![a-z]){ADMIN_WORDS}\s+(?P<name>[a-z][a-z\s]{{1,40}})")
CENTRAL_ISSUERS = [
    ("bo chinh tri", "Bộ Chính trị", "party"), ("ban bi thu", "Ban Bí thư", "party"),
    ("ban chap hanh trung uong", "Ban Chấp hành Trung ương Đảng", "party"),
    ("ban chi dao trung uong", "Ban Chỉ đạo Trung ương", "party"),
    ("thu tuong chinh phu", "Thủ tướng Chính phủ", "state"), ("chinh phu", "Chính phủ", "state"),
    ("uy ban thuong vu quoc hoi", "Ủy ban Thường vụ Quốc hội", "state"), ("quoc hoi", "Quốc hội", "state"),
]
BODY_WORDS = [
    ("uy ban nhan dan", "Ủy ban nhân dân", "state"), ("ubnd", "Ủy ban nhân dân", "state"),
    ("hoi dong nhan dan", "Hội đồng nhân dân", "state"), ("hdnd", "Hội đồng nhân dân", "state"),
    ("ban thuong vu dang uy", "Ban Thường vụ Đảng ủy", "party"), ("dang uy", "Đảng ủy", "party"),
    ("ban thuong vu tinh uy", "Ban Thường vụ Tỉnh ủy", "party"), ("tinh uy", "Tỉnh ủy", "party"),
    ("uy ban mat tran to quoc", "Ủy ban Mặt trận Tổ quốc Việt Nam", "front"), ("mat tran", "Mặt trận Tổ quốc", "front"),
]
ADMIN_DISPLAY = {"xa": "xã", "phuong": "phường", "dac khu": "đặc khu", "tinh": "tỉnh", "thanh pho": "thành phố"}
LEVEL_OF_ADMIN = {"xa": "commune", "phuong": "commune", "dac khu": "commune", "tinh": "province", "thanh pho": "province"}
_STOP_NAME = {"ban", "hanh", "ve", "thuc", "trien", "ngay", "nhiem", "ky", "doc", "cong", "so", "va", "tai", "trong",
              "cua", "theo", "quy", "dinh", "ke", "hoach", "de", "nam", "giai", "doan", "khoa", "uy"}


def _strip_motto(folded: str) -> str:
    return _MOTTO.sub("", folded)


def _name_words(rep_line: str, folded_line: str, start: int, max_words: int = 4) -> str | None:
    """Proper-name words from position `start`: capitalised words, stopping at a common word."""
    words = []
    for m in re.finditer(r"[^\s,.;:()\"“”]+", rep_line[start:]):
        word = m.group(0)
        fw = folded_line[start + m.start(): start + m.end()]
        if not word[0].isupper() or fw in _STOP_NAME or not word.isalpha():
            break
        words.append(word)
        if len(words) == max_words:
            break
    if not words:
        return None
    return " ".join(w if not w.isupper() else w[0] + w[1:].lower() for w in words)


def find_admin(doc: Doc, lines: range) -> tuple[str, str, int] | None:
    """(admin word, proper name, line) of the issuing area in the header lines.

    Party headers print the parent committee first ("ĐẢNG BỘ TỈNH NGHỆ AN" above "ĐẢNG ỦY XÃ YÊN
    THÀNH"): the issuer is the lowest level named, so a commune wins over a province.
    """
    found: list[tuple[str, str, int]] = []
    for i in lines:
        if i > doc.n:
            break
        folded = _strip_motto(doc.fline(i))
        for m in _ADMIN_NAME.finditer(folded):
            name = _name_words(doc.line(i)[: len(folded)], doc.fline(i)[: len(folded)], m.start("name"))
            if name and len(name) > 2:
                found.append((m.group("admin"), name, i))
    if not found:
        return None
    communes = [f for f in found if LEVEL_OF_ADMIN[f[0]] == "commune"]
    return (communes or found)[0]


def read_header(doc: Doc, catalog: Catalog) -> DocumentInfo:
    first_section = doc.sections[0].start if doc.sections else min(doc.n, 40)
    zone = range(1, min(doc.n, max(first_section, 12)) + 1)
    notes: list[str] = []

    ident: Identifier | None = None
    blank_number = False
    so_line = None
    for i in zone:
        m = _SO_LINE.match(doc.fline(i))
        if m:
            so_line = i
            rest = doc.line(i)[m.end():]
            if re.match(r"\s*\.{0,12}\s*/", rest):
                blank_number = True
                notes.append("the number is left blank in the source")
            else:
                found = find_all(rest)
                if found and found[0].start < 6:
                    ident = found[0].identifier
            break
    if ident is None and not blank_number:
        # no "Số:" line: a heading that starts with the kind ("Nghị quyết số 57-NQ/TW")
        for i in list(zone)[:12]:
            f = doc.fline(i).strip()
            if any(f.startswith(w + " so") for w, _ in KIND_WORDS):
                found = find_all(doc.line(i))
                if found:
                    ident = found[0].identifier
                    break

    # kind line and title
    kind = KIND_BY_TYPE.get(ident.type, "other") if ident and ident.type else None
    title_lines: list[str] = []
    title_start = None
    for i in zone:
        f = doc.fline(i).strip()
        raw = doc.line(i).strip()
        word = next((k for w, k in KIND_WORDS if f.startswith(w) and len(f) <= len(w) + 12), None)
        if word and sum(c.isupper() for c in raw) >= len([c for c in raw if c.isalpha()]) * 0.6:
            kind = kind or word
            title_start = i
            break
    if title_start:
        title_lines.append(doc.line(title_start).strip())
        for j in range(title_start + 1, min(doc.n, title_start + 8) + 1):
            text = doc.line(j).strip()
            if not text:
                if len(title_lines) > 1:
                    break
                continue
            if re.match(r"(can c|thuc hien|de trien)", doc.fline(j).strip()) and len(title_lines) > 2:
                break
            if _SO_LINE.match(doc.fline(j)) or text.isupper() and len(text) < 30 and len(title_lines) > 1:
                break
            title_lines.append(text)
    title = " ".join(title_lines) if title_lines else None
    if title is None and ident is None:
        for i in list(zone)[:6]:
            if doc.line(i).strip():
                title = doc.line(i).strip()
                break

    # date: the "<place>, ngày …" line, else the first date in the header zone
    date = None
    place_line = None
    for i in zone:
        f = doc.fline(i)
        if re.search(r",\s*ngay", f):
            d, _, _ = parse_long(f)
            if d:
                date, place_line = d, i
                break
    if date is None:
        for i in zone:
            d, _, _ = parse_any(doc.fline(i))
            if d:
                date = d
                break
    if date and len(date) < 10:
        notes.append("date only partly readable in the source")

    issuer, level, body, province = _issuer(doc, zone, so_line, place_line, ident, catalog)
    if ident:
        known = catalog.find(ident.canonical, province)
        if known:
            issuer = issuer if issuer and level != "central" else Issuer(known.issuer, known.level, known.body)
            province = province or known.province
            date = date or known.date
    if issuer and issuer.level == "central":
        province = None
    return DocumentInfo(
        identifier=ident.canonical if ident else None,
        kind=kind or "other",
        title=title,
        issuer=issuer or Issuer(None, None, None),
        province=province,
        date=date,
        number=ident.number if ident else None,
        symbol=ident.canonical.split(ident.number, 1)[1].lstrip("-/") if ident else None,
        lines=(1, title_start or (so_line or 1)),
        notes=notes,
    )


def _issuer(doc: Doc, zone: range, so_line: int | None, place_line: int | None, ident: Identifier | None,
            catalog: Catalog) -> tuple[Issuer | None, str | None, str | None, str | None]:
    head = range(1, (so_line or place_line or 6) + 3)
    head_text = " ".join(_strip_motto(doc.fline(i)) for i in head if i <= doc.n)
    # central issuers print their name in the header block
    for key, name, body in CENTRAL_ISSUERS:
        if re.search(rf"(?<![a-z]){key}(?![a-z])", head_text):
            return Issuer(name, "central", body), "central", body, None
    admin = find_admin(doc, head)
    if admin is None:
        # no header block (clean text pasted without it): "UBND xã Dân Tiến ban hành…" in the preamble
        pre_end = doc.sections[0].start if doc.sections else min(doc.n, 30)
        for i in range(1, pre_end + 1):
            f = doc.fline(i)
            for m in re.finditer(r"(ubnd|uy ban nhan dan|dang uy|hdnd)\s+" + ADMIN_WORDS + r"\s+", f):
                name = _name_words(doc.line(i), f, m.end())
                if name:
                    admin = (m.group("admin"), name, i)
                    break
            if admin:
                break
    body_name, body = None, None
    for key, name, b in BODY_WORDS:
        if re.search(rf"(?<![a-z]){key}(?![a-z])", head_text):
            body_name, body = name, b
            break
    if body is None and ident:
        issuer_sym = ident.issuer.split("-")[0]
        body = {"UBND": "state", "HĐND": "state", "ĐU": "party", "TU": "party", "CP": "state"}.get(issuer_sym)
        body_name = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "ĐU": "Đảng ủy", "TU": "Tỉnh ủy"}.get(issuer_sym)
    province = find_province(doc, catalog, head)
    if admin is None:
        return None, None, body, province
    admin_word, name, _ = admin
    level = LEVEL_OF_ADMIN[admin_word]
    if level == "province":
        province = province or _match_province(name, catalog)
    full = f"{body_name or 'Ủy ban nhân dân'} {ADMIN_DISPLAY[admin_word]} {name}"
    if province is None:
        province = find_province(doc, catalog, range(1, doc.body_end + 1))
    return Issuer(full, level, body or "state"), level, body, province


def _match_province(name: str, catalog: Catalog) -> str | None:
    from ..text import fold

    aliases = catalog.province_aliases()
    key = fold(name)
    if key in aliases:
        return aliases[key]
    best = max(aliases, key=lambda a: fuzz.ratio(a, key), default=None)
    if best and fuzz.ratio(best, key) >= 85:
        return aliases[best]
    return None


_PROVINCE_CUE = re.compile(r"(?<![a-z])(tinh|thanh pho)\s+(?!uy\b|than\b)(?P<rest>[a-z][a-z ]{2,30})")


def find_province(doc: Doc, catalog: Catalog, lines: range) -> str | None:
    """The province the text names most often after 'tỉnh'/'thành phố' (current or former names)."""
    aliases = catalog.province_aliases()
    if not aliases:
        return None
    counts: dict[str, int] = {}
    for i in lines:
        if i > doc.n:
            break
        f = doc.fline(i)
        for m in _PROVINCE_CUE.finditer(f):
            words = m.group("rest").split()
            for width in (3, 2, 1):
                cand = " ".join(words[:width])
                if len(cand) < 3:
                    continue
                best = max(aliases, key=lambda a, c=cand: fuzz.ratio(a, c))
                if fuzz.ratio(best, cand) >= 85 and len(best.split()) == width:
                    counts[aliases[best]] = counts.get(aliases[best], 0) + 1
                    break
    if not counts:
        return None
    return max(counts, key=lambda k: counts[k])
