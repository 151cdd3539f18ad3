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
    ("Phòng Văn hóa - Xã hội", r"\bp(?:hong|\.)\s*(?:v[a-z0-9]{1,2}n\s*h[a-z0-9]{1,2}|vh)\s*[-—–,]?\s*(?:x[a-z0-9&@]{0,2}\s*h[a-z0-9@]{0,3}i|xh)\b|\bp\.?\s*vhxh\b"),
    ("Phòng Kinh tế", r"\bphong\s*kinh\s*t[e€]\b(?!\s*-\s*xa)"),
    ("Văn phòng HĐND và UBND", r"\b(?:van\s*phong|vp)\s*h[dđp]nd\s*(?:va|-|—|–|&)?\s*ubnd\b|(?m:\bvp\s*h[dđp]nd\s*-?\s*$)"),
    # HCC = hành chính công; "Phục vụ HCC" names the centre even when "Trung tâm" stands in another
    # line of a flattened OCR cell ("Trungtdm" ⏎ "Phuc vu HCC", 001:565-567)
    ("Trung tâm Phục vụ hành chính công", r"\btrung\s*t[a-z]{1,2}m\s*(?:phuc\s*v[uy]\s*(?:hanh\s*chinh\s*cong|hcc)|pvhcc)\b"
                                          r"|\b(?:tt\s*)?pvhcc\b|\bphuc\s*v[uy]\s*hcc\b"),
    ("Công an xã", r"\bcong\s*an\s*(?:xa|phuong|dac khu)\b"),
    ("Công an tỉnh", r"\bcong\s*an\s*tinh\b"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam", r"\b(?:uy\s*ban\s*)?mat\s*tran\s*to\s*quoc\b|\bub\s*mttq|\bubmttq|\bmttq\b"),
    ("Ban Chỉ đạo", r"\bban\s*chi\s*dao\b"),
    ("Văn phòng Đảng ủy", r"\bvan\s*phong\s*dang\s*uy\b"),
    ("Sở Khoa học và Công nghệ", r"\bs[o&]\s*(?:khoa\s*hoc\s*va\s*cong\s*nghe|khcn)\b"),
    ("Ngân hàng Nhà nước", r"\bng[a-z]n\s*ha,?ng\s*nha\b"),
    ("Trạm Y tế", r"\btram\s*y\s*te\b"),
    ("Các trường học", r"\bcac\s*(?:truong\s*hoc|nha\s*truong)\b"),
    ("Ủy ban nhân dân xã", r"\b(?:ubnd|uy\s*ban\s*nhan\s*dan)\s*(?:xa|phuong|x[a-z0-9@&§]{0,1})\b(?!\s*(?!phong|van|vp|trung|cac|cong|ban|so)[a-z]{3,}\s+[a-z])"),
    ("Các phòng, ban, ngành, đơn vị", r"\bcac\s*phong,?\s*ban\s*,?\s*nganh\b|\bphong,\s*ban\s*(?:nganh)?,?\s*don\s*vi\b|\bphong,\s*ban\b"),
    ("Các ban, ngành, đoàn thể", r"\bc[a-z]{1,2}c\s*d?ban[,.]?\s*n[a-z]{0,2}an?h,?\s*doan\b|\bc[a-z]c\s*ban,?\s*nganh\b"),
    ("Các khối, xóm", r"\bc[a-z]c\s*khoi,?\s*xom\b"),
]
_COMPILED = [(name, re.compile(rx)) for name, rx in KNOWN_UNITS]

GENERIC_UNITS = {"Ủy ban nhân dân xã", "Các phòng, ban, ngành, đơn vị", "Các ban, ngành, đoàn thể", "Các khối, xóm"}


def find_units(text: str) -> list[tuple[str, int, int]]:
    """Known units named in `text`: (canonical name, start, end), in order of appearance."""
    folded = fold_aligned(text)
    found: list[tuple[str, int, int]] = []
    taken: list[tuple[int, int]] = []
    for name, rx in _COMPILED:
        for m in rx.finditer(folded):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            found.append((name, m.start(), m.end()))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda f: f[1])
    return found


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
