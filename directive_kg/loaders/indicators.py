"""Quantitative targets written as prose ("… đạt trên 90%" under "Tầm nhìn đến năm 2030").

Sentences of a targets section are cut at ';' and '.', and each clause with
a percentage is read as name + comparator + value. The year is the one the
clause names, else the one of the heading it stands under. In a task
section only a clause that sets a figure for a year it names is a target
("phải đạt 90% trong năm 2025"): the rest of a task is work, not a target.
"""

from __future__ import annotations

import re

from ..model import Indicator, Target
from ..text import fold, squash
from .segment import Doc, Section

_YEAR_HEADING = re.compile(r"(?:den|toi)\s*(?:het\s*)?(?:n\w{1,2}m\s*)?(?P<y>20[2-6]\d)")
# a clause ends at ';', '.' or a blank line (an item under a heading: "a) Đến hết năm 2025: Có ≥ 30% …")
_CLAUSE = re.compile(r"(?:[^;.\n]|\n(?![ \t]*\n))+[.;]?")
_AFTER = re.compile(
    r"(?P<name>[a-z][^%]{8,}?)\s+(?:dat|chiem|len|toi|la|o\s+muc)\s+(?P<cmp>tren|hon|it\s*nhat|toi\s*thieu|khong\s*duoi|tu|duoi|khoang)?\s*"
    r"(?P<v>\d{1,3}(?:[.,]\d{1,2})?)\s*(?P<unit>%)"
)
_BEFORE = re.compile(
    r"(?P<cmp>it\s*nhat|toi\s*thieu|tren|khong\s*duoi)\s+(?P<v>\d{1,3}(?:[.,]\d{1,2})?)\s*(?P<unit>%)\s+(?P<name>[a-z][^%]{8,80})"
)
# a share that opens its clause: "- 100% các khu công nghệ cao …", "Đến hết năm 2025: Có ≥ 30% DNNVV …"
_LEADING = re.compile(
    r"^[\s\-–•+]*(?:[a-zđ]\)\s*)?(?:(?:den|toi)\s+(?:het\s+)?(?:n\w{1,2}m\s+)?20\d\d\s*[,:]?\s*)?(?:co\s+)?"
    r"(?P<cmp>≥|>=|>|tren|it\s*nhat|toi\s*thieu)?\s*(?P<v>\d{1,3}(?:[.,]\d{1,2})?)\s*(?P<unit>%)\s+(?P<name>[a-z][^%]{8,})"
)
# a count with its floor, in a clause without a share: "… cho tối thiểu 2 dự án …"
_COUNT = re.compile(r"(?P<cmp>toi\s*thieu|it\s*nhat)\s+(?P<v>\d{1,4})\s+(?P<unit>[a-z]+(?:\s+[a-z]+)?)")
CMP = {
    "≥": ">=",
    ">=": ">=",
    ">": ">",
    "tren": ">",
    "hon": ">",
    "it nhat": ">=",
    "toi thieu": ">=",
    "khong duoi": ">=",
    "tu": ">=",
    "duoi": "<",
    "khoang": "=",
}


def _cmp(word: str | None) -> str:
    return CMP.get(re.sub(r"\s+", " ", word or "").strip(), "=")


def prose_indicators(doc: Doc, sections: list[Section]) -> list[Indicator]:
    out: list[Indicator] = []
    for section in sections:
        year: int | None = None
        rep, fl, owners = doc.joined(section.start, section.end)
        # headings that set the year: short lines such as "a) Tầm nhìn đến năm 2030", "1. Đến năm 2030"
        heading_years: list[tuple[int, int]] = []
        offset = 0
        for i in range(section.start, section.end + 1):
            line = doc.fline(i)
            m = _YEAR_HEADING.search(line)
            if m and len(line.strip()) < 60:
                heading_years.append((offset, int(m.group("y"))))
            offset += len(line) + 1

        for clause_m in _CLAUSE.finditer(fl):
            clause = clause_m.group(0)
            start = clause_m.start()
            year = next((y for o, y in reversed(heading_years) if o <= start), None)
            own_year = _YEAR_HEADING.search(clause)
            taken: set[int] = set()  # a value read by one pattern is not read again by the other
            y = int(own_year.group("y")) if own_year else year
            lead = _LEADING.match(clause)
            if lead and y is not None:
                taken.add(lead.start("v"))
                a, b = start + lead.start("name"), start + lead.end("name")
                out.append(_indicator(rep, owners, a, b, start + lead.start(), start + lead.end(), lead, y))
            elif y is not None and "%" not in clause and (count := _COUNT.search(clause)):
                a, b = (
                    start + len(clause) - len(clause.lstrip(" \n-–•+")),
                    start + len(clause.rstrip(" .;\n")),
                )
                out.append(
                    _indicator(rep, owners, a, b, start + count.start(), start + count.end(), count, y)
                )
            for rx in (_AFTER, _BEFORE):
                for m in rx.finditer(clause):
                    if m.start("v") in taken:
                        continue
                    taken.add(m.start("v"))
                    a, b = start + m.start("name"), start + m.end("name")
                    name = squash(rep[a:b])
                    lead = re.match(
                        r"^[-–•\s]*(?:[a-zđ]\)\s*|\d{1,2}\.\s*)?(?:(?:den|toi)\s+(?:n\w{1,2}m\s+)?20\d\d\s*[,:]?\s*)?",
                        fold(name),
                    )
                    name = name[lead.end() :] if lead else name
                    if len(name) < 8 or fold(name).startswith(("nam ", "den ")):
                        continue
                    y = int(own_year.group("y")) if own_year else year
                    if y is None:
                        continue
                    first, last = owners[a], owners[min(b, len(owners) - 1)]
                    out.append(
                        Indicator(
                            name=name,
                            unit=m.group("unit"),
                            responsible_unit=None,
                            targets=[
                                Target(
                                    y,
                                    _cmp(m.group("cmp")),
                                    float(m.group("v").replace(",", ".")),
                                    squash(rep[start + m.start() : start + m.end()]),
                                )
                            ],
                            lines=[first, last],
                        )
                    )
    return out


def _indicator(
    rep: str, owners: list[int], a: int, b: int, ma: int, mb: int, m: re.Match[str], year: int
) -> Indicator:
    """One target: the name is rep[a:b], the figure and its comparator the match at rep[ma:mb]."""
    name = squash(re.sub(r"^[\s\-–•+]*(?:[a-zđ]\)\s*)?", "", rep[a:b]))
    u = ma + m.start("unit") - m.start()
    while ma < mb and rep[ma] in " \n\t-–•+":  # the target starts at its first word, not at the bullet
        ma += 1
    return Indicator(
        name=name,
        unit=rep[u : u + len(m.group("unit"))],
        responsible_unit=None,
        targets=[
            Target(year, _cmp(m.group("cmp")), float(m.group("v").replace(",", ".")), squash(rep[ma:mb]))
        ],
        lines=[owners[min(a, ma)], owners[min(max(b, mb), len(owners) - 1)]],
    )


# a figure a task sets for a year its clause names: "phải đạt 90% trong năm 2025", "phấn đấu đạt 500.000 thuê
# bao", "số hoá 100% dữ liệu văn bằng … trong năm 2026"; "đến nay mới đạt 39,5%" is the current state
_TASK_TARGET = re.compile(
    r"(?<!moi )(?<!da )(?<!chua )\b(?:dat|so\s*hoa)\s+(?P<v>\d{1,3}(?:\.\d{3})+(?!\d)|\d{1,3}(?:,\d{1,2})?)"
    r"\s*(?P<unit>%|[a-z]+\s+[a-z]+)"
)
_IN_YEAR = re.compile(r"\b(?:trong|vao|den|cuoi|het)\s+(?:het\s+)?nam\s+(?P<y>20\d\d)\b")
_TASK_CLAUSE = re.compile(r"(?:[^;.\n]|\.(?=\d)|\n(?![ \t]*\n))+[.;]?")  # "500.000" stays in its clause


def task_targets(doc: Doc, sections: list[Section]) -> list[Indicator]:
    """Targets a task section sets with their year: one indicator per figure, named by its clause."""
    out: list[Indicator] = []
    for section in sections:
        rep, fl, owners = doc.joined(section.start, section.end)
        for cm in _TASK_CLAUSE.finditer(fl):
            clause, base = cm.group(0), cm.start()
            years = [(y.start(), int(y.group("y"))) for y in _IN_YEAR.finditer(clause)]
            if not years:
                continue
            for m in _TASK_TARGET.finditer(clause):
                after = [y for pos, y in years if pos > m.end()]
                before = [y for pos, y in years if pos < m.start()]
                year = after[0] if after else before[-1] if before else None
                if year is None:
                    continue
                raw = m.group("v")
                value = float(
                    raw.replace(".", "")
                    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw)
                    else raw.replace(",", ".")
                )
                a, b = base, base + len(clause)
                name = squash(re.sub(r"^[\W\d]*(?:\(\d+\)\s*)?", "", rep[a:b].strip()))
                unit_at = base + m.start("unit")
                out.append(
                    Indicator(
                        name=name[:300],
                        unit=rep[unit_at : unit_at + len(m.group("unit"))],
                        responsible_unit=None,
                        targets=[Target(year, "=", value, squash(rep[base + m.start() : base + m.end()]))],
                        lines=[
                            owners[a + len(clause) - len(clause.lstrip())],
                            owners[min(b - 1, len(owners) - 1)],
                        ],
                    )
                )
    return out
