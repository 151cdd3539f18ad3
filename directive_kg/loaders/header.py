"""Read the document header: identifier, kind, title, issuer (name, level, body, official code), province, date.

The header block of a Vietnamese administrative document is fixed by
Nghị định 30/2020/NĐ-CP: the issuer top left (a Party document prints its
parent committee above the issuing one), the national motto top right,
`Số:`, place and date, the kind in capitals, then the title. Only that block
names the issuer — a body named in the title or the preamble is a cited
author, never the issuer. OCR scrambles the two columns onto one line (the
motto is cut away), and a web page wraps header lines ("Số:" ⏎ "2610/QĐ-UBND",
"ngày 24" ⏎ "tháng 11 năm 2025") and puts the columns in `|` cells: those
lines are joined first. Anything unreadable is left empty, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..catalog import Catalog
from ..model import DocumentInfo, Issuer
from .dates import parse_any, parse_long
from .identifiers import KIND_BY_TYPE, Identifier, find_all
from .ocr import fold_aligned
from .places import communes_named, find_commune
from .places import find_province as register_province
from .segment import KIND_WORDS, Doc

_MOTTO = re.compile(
    r"(c[o0]ng\s*h[o0]a\s*x\w\s*h\w{1,3}i.*$|^\s*h[o0]a\s*x\w\s*h\w{1,3}i\s*ch\w{1,2}\s*ngh.*$|d[o0e]c\s*[l1]\w{1,2}p\s*-.*$|tu\s*do\s*-\s*hanh\s*phuc.*$"
    r"|dang\s*cong\s*san\s*viet\s*nam.*$)"
)
_SO_LINE = re.compile(r"^\s*s[o06bde]{0,2}\s*(?:[:;]\s*|\s+(?=\d{1,4}\s*[-/]))")
ADMIN_WORDS = r"(?P<admin>xa|phuong|dac khu|tinh|thanh pho)"
_ADMIN_NAME = re.compile(rf"(?<![a-z]){ADMIN_WORDS}\s+(?P<name>[a-z][a-z\s]{{1,40}})")
# "TỈNH ỦY GIA LAI", "THÀNH ỦY HÀ NỘI": a province's Party committee names its province after "ủy"
_PROVINCE_PARTY = re.compile(r"(?<![a-z])(?P<body>tinh|thanh)\s*uy\s+(?P<name>[a-z][a-z\s]{1,40})")
CENTRAL_ISSUERS = [
    ("bo chinh tri", "Bộ Chính trị", "party"),
    ("ban bi thu", "Ban Bí thư", "party"),
    ("ban chap hanh trung uong", "Ban Chấp hành Trung ương Đảng", "party"),
    ("ban chi dao trung uong", "Ban Chỉ đạo Trung ương", "party"),
    ("van phong trung uong dang", "Văn phòng Trung ương Đảng", "party"),
    ("van phong chinh phu", "Văn phòng Chính phủ", "state"),
    ("thu tuong chinh phu", "Thủ tướng Chính phủ", "state"),
    ("chinh phu", "Chính phủ", "state"),
    ("uy ban thuong vu quoc hoi", "Ủy ban Thường vụ Quốc hội", "state"),
    ("quoc hoi", "Quốc hội", "state"),
]
BODY_WORDS = [
    ("uy ban nhan dan", "Ủy ban nhân dân", "state"),
    ("ubnd", "Ủy ban nhân dân", "state"),
    ("hoi dong nhan dan", "Hội đồng nhân dân", "state"),
    ("hdnd", "Hội đồng nhân dân", "state"),
    ("ban thuong vu dang uy", "Ban Thường vụ Đảng ủy", "party"),
    ("dang uy", "Đảng ủy", "party"),
    ("ban thuong vu tinh uy", "Ban Thường vụ Tỉnh ủy", "party"),
    ("tinh uy", "Tỉnh ủy", "party"),
    ("thanh uy", "Thành ủy", "party"),
    ("uy ban mat tran to quoc", "Ủy ban Mặt trận Tổ quốc Việt Nam", "front"),
    ("mat tran", "Mặt trận Tổ quốc", "front"),
]
_BODY_RX = [(re.compile(rf"(?<![a-z]){key}(?![a-z])"), name, body) for key, name, body in BODY_WORDS]
# the upper line of a Party header names the parent organisation ("ĐẢNG BỘ TỈNH …"): never the issuer
_PARENT_LINE = re.compile(r"^\s*dang\s*bo\b")
ADMIN_DISPLAY = {
    "xa": "xã",
    "phuong": "phường",
    "dac khu": "đặc khu",
    "tinh": "tỉnh",
    "thanh pho": "thành phố",
}
LEVEL_OF_ADMIN = {
    "xa": "commune",
    "phuong": "commune",
    "dac khu": "commune",
    "tinh": "province",
    "thanh pho": "province",
}
_STOP_NAME = {
    "ban",
    "hanh",
    "ve",
    "thuc",
    "trien",
    "ngay",
    "nhiem",
    "ky",
    "doc",
    "cong",
    "so",
    "va",
    "tai",
    "trong",
    "cua",
    "theo",
    "quy",
    "dinh",
    "ke",
    "hoach",
    "de",
    "nam",
    "giai",
    "doan",
    "khoa",
    "uy",
}
# kinds that KIND_WORDS (segment.py) does not list: a notice or an official letter is "other"
_MORE_KIND_WORDS = [
    ("thong bao ket luan", "other"),
    ("thong bao", "other"),
    ("cong van", "other"),
    ("bao cao", "other"),
    ("nghi dinh", "other"),
    ("thong tu", "other"),
    ("luat", "law"),
]
_MARKUP = re.compile(r"\*+|_{2,}|^\s*#+\s*")
_BREAK = re.compile(r"^\s*(?:\|\s*)+$")
_SEPARATOR = re.compile(r"^\s*[-_=~–—.*]{3,}\s*$")
_PROPER = {
    "chinh phu": "Chính phủ",
    "trung uong": "Trung ương",
    "quoc hoi": "Quốc hội",
    "dang": "Đảng",
    "viet nam": "Việt Nam",
    "nha nuoc": "Nhà nước",
}


@dataclass
class HeaderLine:
    """One logical header line: a source line, or the wrapped lines of one cell joined."""

    no: int  # first source line
    end: int  # last source line
    text: str  # repaired, markup removed
    folded: str  # fold_aligned(text)


def _strip_motto(folded: str) -> str:
    return _MOTTO.sub("", folded)


def _clean(line: str) -> str:
    return " ".join(_MARKUP.sub(" ", line).split())


def _zone(doc: Doc) -> range:
    """The lines the header can stand on: from the first line with text to the first section."""
    first = next((i for i in range(1, doc.n + 1) if doc.line(i).strip()), 1)
    first_section = doc.sections[0].start if doc.sections else first + 45
    return range(first, min(doc.n, max(first_section, first + 11), first + 60) + 1)


def header_lines(doc: Doc, zone: range) -> list[HeaderLine]:
    """The header zone as logical lines: `|` cells joined, wrapped `Số:` and date lines joined."""
    out: list[HeaderLine] = []
    cell: list[int] = []
    opened_by_bar = True  # the zone starts where the page's cells start (or its first line)

    def flush(closed_by_bar: bool) -> None:
        if cell and opened_by_bar and closed_by_bar and len(cell) <= 6:
            text = " ".join(_clean(doc.line(i)) for i in cell)
            out.append(HeaderLine(cell[0], cell[-1], text, fold_aligned(text)))
        else:
            out.extend(HeaderLine(i, i, _clean(doc.line(i)), fold_aligned(_clean(doc.line(i)))) for i in cell)
        cell.clear()

    for i in zone:
        line = doc.line(i)
        if _SEPARATOR.match(line):  # the rule under the issuer's name: part of its cell
            continue
        if not line.strip() or _BREAK.match(line):
            bar = "|" in line
            flush(bar)
            opened_by_bar = bar or (opened_by_bar and not line.strip())
            continue
        cell.append(i)
    flush(False)
    return _join_wrapped(out)


def _join_wrapped(lines: list[HeaderLine]) -> list[HeaderLine]:
    """Join 'Số:' with the number on the next line, and a date cut after 'ngày …' with its rest."""
    out: list[HeaderLine] = []
    for hl in lines:
        if out:
            prev = out[-1]
            bare_so = (
                _SO_LINE.match(prev.folded) and not prev.folded[_SO_LINE.match(prev.folded).end() :].strip()
            )
            cut_date = re.search(r"ngay\s*\d{0,2}\s*/?\s*$", prev.folded) and re.match(
                r"\s*(?:\d{1,2}\s*)?(?:/\s*)?thang", hl.folded
            )
            if bare_so or cut_date:
                text = f"{prev.text} {hl.text}"
                out[-1] = HeaderLine(prev.no, hl.end, text, fold_aligned(text))
                continue
        out.append(hl)
    return out


def _number(lines: list[HeaderLine]) -> tuple[Identifier | None, bool, HeaderLine | None]:
    """(identifier, number left blank, the 'Số:' line) from the header lines."""
    for hl in lines:
        m = _SO_LINE.match(hl.folded)
        if not m:
            continue
        rest = hl.text[m.end() :]
        if re.match(r"\s*\.{0,12}\s*/", rest):
            return None, True, hl
        found = find_all(rest)
        return (found[0].identifier if found and found[0].start < 6 else None), False, hl
    # no "Số:" line: a heading that starts with the kind ("Nghị quyết số 57-NQ/TW")
    for hl in lines[:12]:
        f = hl.folded.strip()
        if any(f.startswith(w + " so") for w, _ in KIND_WORDS):
            found = find_all(hl.text)
            if found:
                return found[0].identifier, False, None
    return None, False, None


def _unreadable_number(
    so_line: HeaderLine, issuer: Issuer, date: str | None, catalog: Catalog
) -> Identifier | None:
    """The identifier of a header whose number OCR destroyed ("Số:‡4. /NQ-CP"): the symbol after the slash,
    the issuer and the full date still single out one central document of the catalog, or none."""
    # the symbol after the slash, or after the damaged number when OCR lost the slash too ("Số:‡4+. NQ-CP")
    m = re.search(r"(?:/|[^\w\s]\s)\s*([A-ZĐ]{1,6}(?:-[A-ZĐ]{1,8}){1,3})\b", so_line.text)
    if not m or not date or len(date) < 10 or issuer.level != "central":
        return None
    symbol = m.group(1).upper()
    hits = [
        d
        for d in catalog.documents
        if d.level == "central"
        and d.date == date
        and d.identifier.upper().endswith("/" + symbol)
        and (not issuer.name or d.issuer == issuer.name)
    ]
    if len(hits) != 1:
        return None
    found = find_all(hits[0].identifier)
    return found[0].identifier if found else None


# OCR junk before the kind word: marks ("_—. NGHỊ QUYẾT") or a stray syllable cut off by punctuation
# ("cớ, NGHỊ QUYẾT": a stamp's edge read as letters)
_KIND_JUNK = re.compile(r"^[\W\d_]*(?:[^\W\d_]{1,3}[^\w\s]+\s*)?[\W\d_]*")


def _kind_line(lines: list[HeaderLine]) -> tuple[str | None, HeaderLine | None]:
    for hl in lines:
        f = _KIND_JUNK.sub("", hl.folded)
        word = next(
            (k for w, k in KIND_WORDS + _MORE_KIND_WORDS if f.startswith(w) and len(f) <= len(w) + 12), None
        )
        letters = [c for c in hl.text if c.isalpha()]
        if word and sum(c.isupper() for c in letters) >= len(letters) * 0.6:
            return word, hl
    return None, None


def _title(doc: Doc, kind_line: HeaderLine) -> tuple[str, int]:
    """The kind line and the title lines under it (a capitalised title stops at the first lower-case line)."""
    title_lines = [_KIND_JUNK.sub("", kind_line.text)]
    last = kind_line.end
    capitals = None
    for j in range(kind_line.end + 1, min(doc.n, kind_line.end + 8) + 1):
        text = _clean(doc.line(j))
        f = fold_aligned(text)
        if not text:
            if len(title_lines) > 1:
                break
            continue
        letters = [c for c in text if c.isalpha()]
        upper = bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
        if capitals is None:
            capitals = upper
        elif capitals and not upper:
            break
        if re.match(r"(can c|thuc hien|de trien)", f) and len(title_lines) > 2:
            break
        if _SO_LINE.match(f) or (upper and len(text) < 30 and len(title_lines) > 1 and not capitals):
            break
        title_lines.append(text)
        last = j
    return " ".join(title_lines), last


def _date(lines: list[HeaderLine], before: int) -> tuple[str | None, HeaderLine | None]:
    """The '<place>, ngày … tháng … năm …' date of the header; else a date of the header block that
    no identifier precedes (a date after '57-NQ/TW' is the cited document's, never this one's)."""
    head = [hl for hl in lines if hl.no < before]
    for hl in head:
        if re.search(r",\s*ngay", hl.folded):
            d, _, _ = parse_long(hl.folded)
            if d:
                return d, hl
    for hl in head:
        d, start, _ = parse_any(hl.folded)
        if d and not find_all(hl.text[max(0, start - 40) : start]):
            return d, None
    return None, None


def read_header(doc: Doc, catalog: Catalog) -> DocumentInfo:
    zone = _zone(doc)
    lines = header_lines(doc, zone)
    notes: list[str] = []
    ident, blank, so_line = _number(lines)
    if blank:
        notes.append(f"the number is left blank in the source (line {so_line.no if so_line else zone.start})")
    word, kind_line = _kind_line(lines)
    kind = (KIND_BY_TYPE.get(ident.type, "other") if ident and ident.type else None) or word
    title, title_end = _title(doc, kind_line) if kind_line else (None, None)
    if title is None and ident is None:
        title = next((hl.text for hl in lines[:6] if hl.text), None)
    block_end = min(x.no for x in (so_line, kind_line) if x) if (so_line or kind_line) else zone.start + 6
    date, place_line = _date(lines, kind_line.no if kind_line else block_end + 3)
    if date and len(date) < 10:
        notes.append(
            f"date only partly readable in the source (line {place_line.no if place_line else block_end})"
        )
    if ident is None and not blank:
        ident = next(iter(annex_caption_identifiers(doc)), None)
        if ident:
            notes.append(f"the number {ident.canonical} is read from the annex caption, not the header")
    block = [hl for hl in lines if hl.no < block_end] + ([so_line] if so_line else [])
    issuer, province = _issuer(doc, block, ident, catalog)
    if ident is None and not blank and so_line is not None:
        ident = _unreadable_number(so_line, issuer, date, catalog)
        if ident:
            notes.append(
                f"the number is unreadable in the source (line {so_line.no}); {ident.canonical} is the "
                "catalog's only document with this symbol, issuer and date"
            )
    known = catalog.find(ident.canonical, province) if ident else None
    if known:
        issuer = (
            issuer
            if issuer.name and issuer.level != "central"
            else Issuer(known.issuer, known.level, known.body)
        )
        province = province or known.province
        date = date or known.date
    notes += _issuer_notes(issuer, province, date, zone.start, block_end)
    if issuer.level == "central":
        province = None
    prov_place = register_province(province) if province else None
    return DocumentInfo(
        identifier=ident.canonical if ident else None,
        kind=kind or "other",
        title=title,
        issuer=issuer,
        province=province,
        date=date,
        number=ident.number if ident else None,
        symbol=ident.canonical.split(ident.number, 1)[1].lstrip("-/") if ident else None,
        lines=(zone.start, title_end or (so_line.end if so_line else zone.start)),
        notes=notes,
        province_code=prov_place.code if prov_place else None,
    )


_NAME_WORD = re.compile(r"[^\s,.;:()\"“”]+")


def _name_words(rep_line: str, folded_line: str, start: int, max_words: int = 4) -> str | None:
    """Proper-name words from position `start`: capitalised words, stopping at a common word."""
    words = []
    for m in _NAME_WORD.finditer(rep_line, start):  # from `start`, no copy of the rest (long lines)
        word = m.group(0)
        fw = folded_line[m.start() : m.end()]
        if not word[0].isupper() or fw in _STOP_NAME or not word.isalpha():
            break
        words.append(word)
        if len(words) == max_words:
            break
    if not words:
        return None
    return " ".join(w if not w.isupper() else w[0] + w[1:].lower() for w in words)


def _agency_case(text: str) -> str:
    """'VĂN PHÒNG CHÍNH PHỦ' → 'Văn phòng Chính phủ', 'BỘ KHOA HỌC VÀ CÔNG NGHỆ' → 'Bộ Khoa học và Công nghệ':
    the head word, the first word of the name and every word after 'và', ',' or '-' are capitalised."""
    words = text.lower().split()
    if not words:
        return text
    head = 2 if fold_aligned(" ".join(words[:2])) in {"van phong", "uy ban"} else 1
    out = []
    for k, w in enumerate(words):
        after_joint = k > 0 and (words[k - 1] in {"và", "va", "-"} or words[k - 1].endswith(","))
        out.append(w[0].upper() + w[1:] if k == 0 or k == head or after_joint else w)
    joined = " ".join(out)
    for key, proper in _PROPER.items():
        f = fold_aligned(joined)
        pieces, last = [], 0
        for m in re.finditer(rf"(?<![a-z]){key}(?![a-z])", f):  # one pass: long lines stay linear
            pieces += [joined[last : m.start()], proper]
            last = m.end()
        joined = "".join(pieces) + joined[last:]
    return joined


@dataclass
class _Found:
    """What one header line names: a central body, a local body, an area."""

    central: tuple[str, str] | None = None  # (name, body kind)
    body: tuple[str, str] | None = None  # (display name, body kind)
    admin: tuple[str, str] | None = None  # (admin word, proper name)
    party_province: str | None = None  # "Tỉnh ủy Gia Lai" → "Gia Lai"


def _read_line(hl: HeaderLine) -> _Found:
    # the number ("Số: 10/KH-UBND") names the issuer's type, not the issuer: blank it out first
    folded, text = hl.folded, hl.text
    pieces, last = [], 0
    for m in sorted(find_all(text), key=lambda m: m.start):  # one pass: long lines stay linear
        begin = max(m.start, last)
        if m.end > begin:
            pieces += [folded[last:begin], " " * (m.end - begin)]
            last = m.end
    folded = "".join(pieces) + folded[last:]
    so = _SO_LINE.match(folded)
    if so:  # "Số: /KH-UBND" (blank number) and the symbol as printed
        sym = re.match(r"[^\s,]*", folded[so.end() :])
        cut = so.end() + (sym.end() if sym else 0)
        folded = " " * cut + folded[cut:]
    f = _strip_motto(folded)
    text = text[: len(f)]
    lead = len(f) - len(f.lstrip())
    f, text = f.strip(), text[lead:].rstrip()
    found = _Found()
    for key, name, body in CENTRAL_ISSUERS:
        if f.startswith(key):
            found.central = (name, body)
            return found
    if re.match(r"bo\s+(?!chinh tri)[a-z]", f):  # a ministry: "BỘ KHOA HỌC VÀ CÔNG NGHỆ"
        found.central = (_agency_case(text), "state")
        return found
    pp = _PROVINCE_PARTY.search(f)
    if pp:
        name = _name_words(text, f, pp.start("name"))
        if name:
            found.body = ("Tỉnh ủy" if pp.group("body") == "tinh" else "Thành ủy", "party")
            found.party_province = name
            return found
    for rx, name, body in _BODY_RX:
        if rx.search(f):
            found.body = (name, body)
            break
    for m in _ADMIN_NAME.finditer(f):
        name = _name_words(text, f, m.start("name"))
        if name and len(name) > 2:
            found.admin = (m.group("admin"), name)
            if LEVEL_OF_ADMIN[m.group("admin")] == "commune":
                break
    return found


def _issuer(
    doc: Doc, block: list[HeaderLine], ident: Identifier | None, catalog: Catalog
) -> tuple[Issuer, str | None]:
    """The issuer and its province, from the lowest line of the header block that names a body or area."""
    read = [(hl, _read_line(hl)) for hl in block]
    named = [(hl, f) for hl, f in read if f.central or f.body or f.admin or f.party_province]
    # the issuing line is the lowest one; a Party header's upper "ĐẢNG BỘ …" line is its parent
    lowest = next(
        (x for x in reversed(named) if not _PARENT_LINE.match(x[0].folded)), named[-1] if named else None
    )
    if lowest and lowest[1].central:
        name, body = lowest[1].central
        return Issuer(name, "central", body), None
    if lowest is None:
        return _issuer_from_preamble(doc, ident, catalog)
    k = named.index(lowest)
    admin = next((f.admin for _, f in reversed(named[: k + 1]) if f.admin), None)
    body = next(
        (f.body for hl, f in reversed(named[: k + 1]) if f.body and not _PARENT_LINE.match(hl.folded)), None
    )
    body = body or _body_from_symbol(ident)
    parent = [f.admin for hl, f in named if _PARENT_LINE.match(hl.folded) and f.admin]
    if lowest[1].party_province:
        return _resolve(doc, catalog, ("tinh", lowest[1].party_province), body, name_only=True)
    if admin is None:
        province = find_province(doc, catalog, range(1, doc.body_end + 1))
        return Issuer(body[0] if body else None, None, body[1] if body else None), province
    return _resolve(doc, catalog, admin, body, parent=parent[0] if parent else None)


def _body_from_symbol(ident: Identifier | None) -> tuple[str, str] | None:
    """The issuing body a number symbol names (…/KH-UBND → Ủy ban nhân dân, …-KH/ĐU → Đảng ủy)."""
    if not ident:
        return None
    sym = ident.issuer.split("-")[0]
    return {
        "UBND": ("Ủy ban nhân dân", "state"),
        "HĐND": ("Hội đồng nhân dân", "state"),
        "ĐU": ("Đảng ủy", "party"),
        "TU": ("Tỉnh ủy", "party"),
    }.get(sym)


def _issuer_from_preamble(doc: Doc, ident: Identifier | None, catalog: Catalog) -> tuple[Issuer, str | None]:
    """No header block (clean text pasted without it): only the issuing sentence of the preamble counts,
    "UBND xã Dân Tiến ban hành kế hoạch …" — a body named elsewhere in it is a cited author."""
    pre_end = doc.sections[0].start if doc.sections else min(doc.n, 30)
    for i in range(1, pre_end + 1):
        f = doc.fline(i)
        for m in re.finditer(r"(ubnd|uy ban nhan dan|dang uy|hdnd)\s+" + ADMIN_WORDS + r"\s+", f):
            name = _name_words(doc.line(i), f, m.end())
            if name and re.match(r"[\sa-z]{0,40}?\b(ban hanh|xay dung)\b", f[m.end() :][len(name) :]):
                body = next(
                    ((n, b) for rx, n, b in _BODY_RX if rx.match(f, m.start())), _body_from_symbol(ident)
                )
                return _resolve(doc, catalog, (m.group("admin"), name), body)
    return Issuer(None, None, None), find_province(doc, catalog, range(1, doc.body_end + 1))


def _resolve(
    doc: Doc,
    catalog: Catalog,
    admin: tuple[str, str],
    body: tuple[str, str] | None,
    parent: tuple[str, str] | None = None,
    name_only: bool = False,
) -> tuple[Issuer, str | None]:
    """Name, level and official code of a local issuer, its area resolved against the 2025 register."""
    admin_word, printed = admin
    level = LEVEL_OF_ADMIN[admin_word]
    body_name, body_kind = body or ("Ủy ban nhân dân", "state")
    if level == "province":
        province = _match_province(printed, catalog) or printed
        place = register_province(province)
        name = place.name if place else printed
        full = f"{body_name} {name}" if name_only else f"{body_name} {ADMIN_DISPLAY[admin_word]} {name}"
        return Issuer(
            full, level, body_kind, place.code if place else None, place.full_name if place else None
        ), (place.name if place else province)
    province = None
    if parent and LEVEL_OF_ADMIN[parent[0]] == "province":
        province = _match_province(parent[1], catalog)
    province = province or find_province(doc, catalog, range(1, doc.body_end + 1))
    place = find_commune(printed, admin_word, province)
    name = place.name if place else printed
    return (
        Issuer(
            f"{body_name} {ADMIN_DISPLAY[admin_word]} {name}",
            level,
            body_kind,
            place.code if place else None,
            place.full_name if place else None,
        ),
        province,
    )


def _issuer_notes(
    issuer: Issuer, province: str | None, date: str | None, first: int, block_end: int
) -> list[str]:
    """What a person should check in the header: no date, no issuer, an area not in the register."""
    notes = []
    if date is None:
        notes.append(f"no date found in the header (lines {first}-{block_end}): the document is undated")
    if issuer.name is None:
        notes.append(f"no issuer found in the header block (lines {first}-{block_end})")
    elif issuer.level in ("commune", "province") and issuer.code is None:
        notes.append(_unresolved_note(issuer, province))
    return notes


def _unresolved_note(issuer: Issuer, province: str | None) -> str:
    label = issuer.name or ""
    if issuer.level == "province" or province:
        return (
            f"the issuer's area in '{label}' is not in the register of 2025 units"
            f"{' of ' + province if province else ''}: kept as printed, no code"
        )
    m = _ADMIN_NAME.search(fold_aligned(label))
    same = communes_named(label[m.start("name") :]) if m else []
    where = ", ".join(f"{p.province} ({p.code})" for p in same[:4]) or "none"
    return (
        f"the issuer '{label}': the text names no province, so its area is not looked up in the register "
        f"(units of that name: {where}); kept as printed, no code"
    )


_CAPTION = re.compile(r"^\W*\(?\s*kem theo\b")


def annex_caption_identifiers(doc: Doc) -> list[Identifier]:
    """Identifiers an annex caption gives as the document's own ("(Kèm theo Thông báo số 624/TB-VPCP …)")."""
    out: list[Identifier] = []
    for i in range(1, doc.n + 1):
        if _CAPTION.match(doc.fline(i)):
            text = " ".join(_clean(doc.line(j)) for j in range(i, min(doc.n, i + 1) + 1))
            found = find_all(text[:160])
            if found and found[0].identifier not in out:
                out.append(found[0].identifier)
    return out


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
        for m in _PROVINCE_CUE.finditer(doc.fline(i)):
            hit = _alias_at(m.group("rest").split(), aliases)
            if hit:
                counts[hit] = counts.get(hit, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda k: counts[k])


def _alias_at(words: list[str], aliases: dict[str, str]) -> str | None:
    for width in (3, 2, 1):
        cand = " ".join(words[:width])
        if len(cand) < 3:
            continue
        best = max(aliases, key=lambda a, c=cand: fuzz.ratio(a, c))
        if fuzz.ratio(best, cand) >= 85 and len(best.split()) == width:
            return aliases[best]
    return None
