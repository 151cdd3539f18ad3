"""Normalise the names of organisational units (`Phòng VH-XH` = `Phòng Văn hóa - Xã hội`).

Local plans abbreviate and OCR mangles unit names; the graph needs one node
per unit. Known units are recognised by folded patterns (data below); other
"Phòng …"/"Ban …" names are kept as written, title-cased.
"""

from __future__ import annotations

import re

from .ocr import fold_aligned

# (canonical name, folded regex). Order matters: specific before generic.
KNOWN_UNITS: list[tuple[str, str]] = [
    (
        "Phòng Văn hóa - Xã hội",
        r"\bp(?:hong|\.)\s*(?:v[a-z0-9]{1,2}n\s*h[a-z0-9]{1,2}|vh)\s*[-—–,]?\s*(?:x[a-z0-9&@]{0,2}\s*h[a-z0-9@]{0,3}i|xh)\b|\bp\.?\s*vhxh\b",
    ),
    ("Phòng Kinh tế", r"\bphong\s*kinh\s*t[e€]\b(?!\s*-\s*xa)"),
    (
        "Văn phòng HĐND và UBND",
        r"\b(?:van\s*phong|vp)\s*h[dđp]nd\s*(?:va|-|—|–|&)?\s*ubnd\b|(?m:\bvp\s*h[dđp]nd\s*-?\s*$)",
    ),
    # HCC = hành chính công; "Phục vụ HCC" names the centre even when "Trung tâm" stands in another
    # line of a flattened OCR cell ("Trungtdm" ⏎ "Phuc vu HCC", 001:565-567)
    (
        "Trung tâm Phục vụ hành chính công",
        r"\btrung\s*t[a-z]{1,2}m\s*(?:phuc\s*v[uy]\s*(?:hanh\s*chinh\s*cong|hcc)|pvhcc)\b"
        r"|\b(?:tt\s*)?pvhcc\b|\bphuc\s*v[uy]\s*hcc\b",
    ),
    ("Công an xã", r"\bcong\s*an\s*(?:xa|phuong|dac khu)\b"),
    ("Công an tỉnh", r"\bcong\s*an\s*tinh\b"),
    (
        "Ủy ban Mặt trận Tổ quốc Việt Nam",
        r"\b(?:uy\s*ban\s*)?mat\s*tran\s*to\s*quoc\b|\bub\s*mttq|\bubmttq|\bmttq\b",
    ),
    ("Ban Chỉ đạo", r"\bban\s*chi\s*dao\b"),
    ("Văn phòng Đảng ủy", r"\bvan\s*phong\s*dang\s*uy\b"),
    ("Sở Khoa học và Công nghệ", r"\bs[o&]\s*(?:khoa\s*hoc\s*va\s*cong\s*nghe|khcn)\b"),
    ("Ngân hàng Nhà nước", r"\bng[a-z]n\s*ha,?ng\s*nha\b"),
    ("Trạm Y tế", r"\btram\s*y\s*te\b"),
    ("Các trường học", r"\bcac\s*(?:truong\s*hoc|nha\s*truong)\b"),
    (
        "Ủy ban nhân dân xã",
        r"\b(?:ubnd|uy\s*ban\s*nhan\s*dan)\s*(?:xa|phuong|x[a-z0-9@&§]{0,1})\b(?!\s*(?!phong|van|vp|trung|cac|cong|ban|so)[a-z]{3,}\s+[a-z])",
    ),
    (
        "Các phòng, ban, ngành, đơn vị",
        r"\bcac\s*phong,?\s*ban\s*,?\s*nganh\b|\bphong,\s*ban\s*(?:nganh)?,?\s*don\s*vi\b|\bphong,\s*ban\b",
    ),
    (
        "Các ban, ngành, đoàn thể",
        r"\bc[a-z]{1,2}c\s*d?ban[,.]?\s*n[a-z]{0,2}an?h,?\s*doan\b|\bc[a-z]c\s*ban,?\s*nganh\b",
    ),
    ("Các khối, xóm", r"\bc[a-z]c\s*khoi,?\s*xom\b"),
]
# The fields of ministries (Bộ, central) and provincial departments (Sở): one canonical spelling each, with
# the abbreviations plans print (folded regex). "Bộ X" and "Sở X" are one unit per field whatever the case,
# diacritics or abbreviation ("Sở KH&CN" = "Sở Khoa học và Công nghệ").
FIELDS: list[tuple[str, str]] = [
    ("Khoa học và Công nghệ", r"khoa\s*hoc\s*(?:va|&)\s*cong\s*nghe|kh\s*&\s*cn|khcn"),
    ("Công Thương", r"cong\s*thuong"),
    ("Tài chính", r"tai\s*chinh"),
    ("Nội vụ", r"noi\s*vu"),
    ("Xây dựng", r"xay\s*dung"),
    ("Y tế", r"y\s*te"),
    ("Giáo dục và Đào tạo", r"giao\s*duc\s*(?:va|&)\s*dao\s*tao|gd\s*&\s*dt|gddt"),
    (
        "Văn hóa, Thể thao và Du lịch",
        r"van\s*hoa,?\s*the\s*thao\s*(?:va|&)\s*du\s*lich|vhttdl|vh,?\s*tt\s*&\s*dl",
    ),
    ("Nông nghiệp và Môi trường", r"nong\s*nghiep\s*(?:va|&)\s*moi\s*truong|nn\s*&\s*mt"),
    (
        "Nông nghiệp và Phát triển nông thôn",
        r"nong\s*nghiep\s*(?:va|&)\s*phat\s*trien\s*nong\s*thon|nn\s*&\s*ptnt",
    ),
    ("Tài nguyên và Môi trường", r"tai\s*nguyen\s*(?:va|&)\s*moi\s*truong|tn\s*&\s*mt"),
    ("Kế hoạch và Đầu tư", r"ke\s*hoach\s*(?:va|&)\s*dau\s*tu|kh\s*&\s*dt"),
    ("Thông tin và Truyền thông", r"thong\s*tin\s*(?:va|&)\s*truyen\s*thong|tt\s*&\s*tt"),
    (
        "Lao động - Thương binh và Xã hội",
        r"lao\s*dong\s*-?\s*thuong\s*binh\s*(?:va|&)\s*xa\s*hoi|ld\s*-?\s*tb\s*&\s*xh",
    ),
    ("Giao thông vận tải", r"giao\s*thong\s*van\s*tai"),
    ("Dân tộc và Tôn giáo", r"dan\s*toc\s*(?:va|&)\s*ton\s*giao"),
    ("Tư pháp", r"tu\s*phap"),
    ("Ngoại giao", r"ngoai\s*giao"),
    ("Ngoại vụ", r"ngoai\s*vu"),
    ("Quốc phòng", r"quoc\s*phong"),
    ("Công an", r"cong\s*an"),
]
_FIELD_RX = "|".join(f"(?P<f{k}>{rx})" for k, (_, rx) in enumerate(FIELDS))
# "Bộ"/"Sở" + a field, not followed by more name words that would make it another body
_MINISTRY = re.compile(rf"(?<![a-z])(?P<head>bo|so)\s+(?:{_FIELD_RX})(?![a-z&])")
# "Ban Quản lý các khu công nghệ cao và khu công nghiệp", "Ban Quản lý Khu kinh tế": the name runs to a
# comma, a semicolon, a bracket or the verb that follows it
_MANAGEMENT_BOARD = re.compile(
    r"(?<![a-z])ban\s+quan\s+ly\s+(?P<name>(?:(?!chu tri|phoi hop|thuc hien|tham muu|trien khai|to chuc|co trach"
    r"|xay dung|huong dan|theo doi|bao cao|de xuat|nghien cuu)[a-z0-9]+\s*){1,10}?)(?=\s*(?:[,;.()\n:]|$|chu tri"
    r"|phoi hop|thuc hien|tham muu|trien khai|to chuc|co trach|xay dung|huong dan|theo doi|bao cao|de xuat|nghien cuu))"
)
_COMPILED = [(name, re.compile(rx)) for name, rx in KNOWN_UNITS]

GENERIC_UNITS = {
    "Ủy ban nhân dân xã",
    "Các phòng, ban, ngành, đơn vị",
    "Các ban, ngành, đoàn thể",
    "Các khối, xóm",
}


def find_units(text: str) -> list[tuple[str, int, int]]:
    """Known units named in `text`: (canonical name, start, end), in order of appearance.

    A list ("Bộ Công Thương, Bộ Tài nguyên và Môi trường, Bộ Xây dựng") gives one entry per unit.
    """
    folded = fold_aligned(text)
    found: list[tuple[str, int, int]] = []
    taken: list[tuple[int, int]] = []

    def take(name: str, start: int, end: int) -> None:
        if not any(start < e and s < end for s, e in taken):
            found.append((name, start, end))
            taken.append((start, end))

    for name, rx in _COMPILED:
        for m in rx.finditer(folded):
            take(name, m.start(), m.end())
    for m in _MINISTRY.finditer(folded):
        if not text[m.start()].isupper():  # "cán bộ y tế", "cơ sở y tế": a common word, not a ministry
            continue
        field = next(FIELDS[k][0] for k in range(len(FIELDS)) if m.group(f"f{k}"))
        take(f"{'Bộ' if m.group('head') == 'bo' else 'Sở'} {field}", m.start(), m.end())
    for m in _MANAGEMENT_BOARD.finditer(folded):
        printed = text[m.start("name") : m.end("name")].strip()
        take(
            f"Ban Quản lý {printed[:1].lower() + printed[1:] if printed[:4].lower() == 'các ' else printed}",
            m.start(),
            m.start("name") + len(printed),
        )
    found.sort(key=lambda f: f[1])
    return found


# a segment of a unit list that starts like a unit name (kept as written when no pattern knows it)
_UNIT_HEAD = re.compile(
    r"^(?:bo|ban|so|uy ban|ubnd|cac|van phong|tong|ngan hang|vien|dai|tap doan|thong tan|hoi"
    r"|phong|trung tam|cong an|doan|mat tran|cuc|chi cuc)\b"
)


def split_units(text: str) -> list[str]:
    """A cell or phrase listing units → one canonical name per unit, in order, each once.

    Units a pattern knows get their canonical name; the other comma- or semicolon-separated parts that
    start like a unit name ("Đài Phát thanh và Truyền hình tỉnh") are kept as written. "và" is not a
    separator: it belongs to names ("Bộ Khoa học và Công nghệ").
    """
    out: list[str] = []
    for part in re.split(r"([;,\n])", text):
        if part in ";,\n" or not part.strip():
            continue
        known = find_units(part)
        if known:
            out += [name for name, _, _ in known]
            continue
        cleaned = " ".join(part.split()).strip(" .:-")
        if (
            cleaned[:1].isupper()
            and _UNIT_HEAD.match(fold_aligned(cleaned).lower())
            and len(cleaned.split()) >= 2
        ):
            out.append(cleaned)
    return list(dict.fromkeys(out))


def canonical_unit(name: str) -> str:
    """The canonical name when `name` is one known unit and nothing more; else the name as written."""
    text = " ".join(name.split())
    units = find_units(text)
    if len(units) == 1 and units[0][1] < 3 and units[0][2] >= len(text) - 6:
        return units[0][0]
    return text


def unit_key(name: str) -> str:
    """The key two spellings of one unit share: its canonical name folded (case, diacritics)."""
    return " ".join(fold_aligned(canonical_unit(name)).lower().split())


def normalise_unit(text: str, level_word: str = "xã") -> str | None:
    """The canonical name of the first unit named in `text` (None when none is recognised)."""
    units = find_units(text)
    if not units:
        return None
    name = units[0][0]
    return localise(name, level_word)


def localise(name: str, level_word: str) -> str:
    if name in {"Công an xã", "Ủy ban nhân dân xã"} and level_word != "xã":
        return name.replace("xã", level_word)
    return name
