"""Indicator tables with a header (pipe tables): one target per value cell, years from the header."""

from __future__ import annotations

import math
import re

from ...model import Indicator, Target
from ...text import squash
from ..ocr import fold_aligned
from ..segment import Doc
from .pipe import _ROMAN_CELL, PipeTable, _col

_YEAR_HEAD = re.compile(r"(?<!\d)(20[2-5]\d)(?!\d)")
_VALUE = re.compile(r"(?P<cmp>≥|>=|≤|<=|>|<|=)?\s*(?P<v>\d+(?:[.,]\d+)?)\s*%?")


def parse_target_cell(text: str) -> tuple[str, float] | None:
    """'≥ 80' → ('>=', 80.0); '> 0,7' → ('>', 0.7); '90' → ('=', 90.0); '40 - 50' → ('>=', 40.0)."""
    t = text.replace("**", "").strip()
    if not t or t in {"-", "—", "–"}:
        return None
    m = re.match(
        r"\s*(?P<cmp>≥|>=|≤|<=|>|<|=)?\s*(?:tối thiểu|ít nhất|trên|dưới)?\s*(?P<v>\d+(?:[.,]\d+)?)\s*%?(?P<rest>.*)$",
        t,
    )
    if not m:
        return None
    cmp = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", ">": ">", "<": "<", "=": "="}.get(
        m.group("cmp") or "", "="
    )
    low = t.lower()
    if cmp == "=":
        if "tối thiểu" in low or "ít nhất" in low:
            cmp = ">="
        elif low.startswith("trên"):
            cmp = ">"
    if re.match(r"\s*[-–]\s*\d", m.group("rest") or ""):
        cmp = ">="  # a range "40 - 50": at least the lower bound
    value = float(m.group("v").replace(",", "."))
    if not math.isfinite(value):  # hundreds of digits overflow to inf: not a target anyone wrote
        return None
    return cmp, value


def indicators_from_pipe_table(doc: Doc, table: PipeTable) -> list[Indicator] | None:
    if table.ocr:
        from .ocr_pipe import indicators_from_ocr_rows

        return indicators_from_ocr_rows(table)
    h = table.header
    c_name = _col(h, "chi tieu", "ten chi tieu")
    if c_name is None:
        return None
    c_unit = _col(h, "don vi", exclude=("chu tri", "theo doi", "thuc hien"))
    c_resp = _col(h, "chu tri", "co quan", "theo doi")
    year_cols = {k: int(m.group(1)) for k, hh in enumerate(h) if (m := _YEAR_HEAD.search(hh))}
    c_value = _col(h, "ket qua", "muc tieu", "chi tieu den") if not year_cols else None
    out: list[Indicator] = []
    year_ctx: int | None = None
    for line, cells in table.rows:
        num = cells[0] if cells else ""
        name = cells[c_name] if c_name < len(cells) else ""
        ym = re.search(r"(?:đến|den)\s+năm\s+(20\d\d)|đến năm (20\d\d)", fold_aligned(name) and name.lower())
        if _ROMAN_CELL.match(num.replace("*", "")) or (not re.search(r"\d", num) and ym):
            year_m = _YEAR_HEAD.search(name)
            year_ctx = int(year_m.group(1)) if year_m else year_ctx
            continue
        if not name.strip():
            continue
        targets: list[Target] = []
        if year_cols:
            for k, year in year_cols.items():
                if k < len(cells) and (p := parse_target_cell(cells[k])):
                    targets.append(Target(year, p[0], p[1], cells[k].strip()))
        elif c_value is not None and c_value < len(cells):
            for part in cells[c_value].split(";"):  # "≤ 3 Đông Nam Á; ≤ 50 Thế giới": two targets
                p = parse_target_cell(part)
                if p:
                    targets.append(Target(year_ctx, p[0], p[1], part.strip()))
        if not targets:
            continue
        unit = cells[c_unit].strip() if c_unit is not None and c_unit < len(cells) else None
        resp = cells[c_resp].strip() if c_resp is not None and c_resp < len(cells) else None
        if unit and "%" in unit and targets and any(t.raw and "%" in t.raw for t in targets):
            unit = unit
        out.append(
            Indicator(
                name=squash(name.replace("**", "")),
                unit=unit or None,
                responsible_unit=resp or None,
                targets=targets,
                lines=[line, line],
                number=num.strip(" .*") or None,
            )
        )
    return out
