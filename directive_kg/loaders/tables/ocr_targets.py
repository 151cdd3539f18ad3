"""OCR'd indicator tables: a row is a unit token followed by one value per year of the header."""

from __future__ import annotations

import re

from ...model import Indicator, Target
from ...text import squash
from ..ocr import fold_aligned
from ..segment import Doc
from ..units import find_units
from .targets import _YEAR_HEAD

_UNIT_TOKEN = re.compile(
    r"(?<![a-z0-9])(?P<unit>[%&]\s*(?:tong\s*chi|grdp|dan\s*s[o06]|gdp)?|doa\.?r?j?n?h\s*nghiep|san\s*pham)(?=\s)"
)
_VALUE_TOKENS = re.compile(
    r"(?:(?P<cmp>[>=<≥≤]|2(?=\s+\d))\s*)?(?P<num>\d{1,3}(?:[.,]\d+)?)|(?P<dash>[-–—\]])(?=\s|$)"
)
_HEADER_WORDS = re.compile(r"\b(stt|ten chi tieu|don vi|co quan chu tri|ket qua)\b")


def _ocr_value(cmp: str | None, num: str, unit: str) -> tuple[str, float, str] | None:
    raw = (cmp or "") + num
    value = float(num.replace(",", "."))
    if cmp in (">", "≥"):
        return (">=" if cmp == "≥" else ">"), value, raw
    if cmp in ("=", "2"):
        return ">=", value, raw  # OCR reads "≥" as "=" or "2"
    if cmp in ("<", "≤"):
        return ("<=" if cmp == "≤" else "<"), value, raw
    # "225" for "≥25", "270" for "≥70": a leading 2 glued to a plausible percentage
    if unit[:1] in "%&" and num.startswith("2") and len(num) == 3 and value > 100:
        return ">=", float(num[1:]), raw
    return "=", value, raw


def _header_years(doc: Doc, start: int, end: int) -> list[int]:
    """The years of the table: the first line near the annex's top that names at least three."""
    for i in range(start, min(end, start + 15) + 1):
        found = [int(y) for y in _YEAR_HEAD.findall(doc.fline(i))]
        if len(found) >= 3:
            return found
    return []


def _row_values(f: str, n_years: int) -> tuple[re.Match[str], list] | None:
    """The unit token of a row line and its values: the unit cell is the one followed by one value per year
    (a word inside the name is not)."""
    best: tuple[re.Match[str], list] | None = None
    for m in _UNIT_TOKEN.finditer(f):
        rest = f[m.end() :]
        values: list[tuple[str, float, str] | None] = []
        for v in _VALUE_TOKENS.finditer(rest):
            if re.search(r"[a-z]{3}", rest[: v.start()][-6:]) and values:
                break
            values.append(
                None if v.group("dash") else _ocr_value(v.group("cmp"), v.group("num"), m.group("unit"))
            )
            if len(values) == n_years:
                break
        if (
            len(values) >= max(2, n_years - 1)
            and any(values)
            and (best is None or len(values) >= len(best[1]))
        ):
            best = (m, values)
    return best


def indicators_from_ocr_annex(doc: Doc, start: int, end: int) -> list[Indicator]:
    """Indicator rows of an OCR'd annex: a unit token followed by one value per year; the name lines wait
    above it, a lower-case line after it continues its name, a numbered line without values heads a group."""
    years = _header_years(doc, start, end)
    if not years:
        return []
    out: list[Indicator] = []
    pending: list[str] = []  # name lines waiting for their row
    pending_start: int | None = None
    last: Indicator | None = None
    for i in range(start, end + 1):
        raw = doc.line(i)
        # same length as raw, so positions found here cut the raw line correctly
        f = fold_aligned(raw).replace("|", " ")
        if not f.strip():
            continue
        if len(set(_HEADER_WORDS.findall(f))) >= 2 or len(_YEAR_HEAD.findall(f)) >= 3:
            pending, pending_start = [], None
            continue
        best = _row_values(f, len(years))
        if best is not None:
            last = _ocr_indicator(raw, best, years, pending, pending_start or i, i)
            out.append(last)
            pending, pending_start = [], None
            continue
        stripped = re.sub(r"^\s*[\d.]+\s*\|?\s*", "", raw).strip(" |")
        if not stripped:
            continue
        if re.match(r"^\s*\d{1,2}\s*\|?\s+\S", raw) and not re.match(r"^\s*\d{1,2}\.\d", raw):
            # a numbered line without values is a group heading ("2 | Xếp hạng chuyển đổi số cấp xã")
            pending, pending_start = [], None
            last = None
            continue
        if stripped[0].isupper():
            if not pending:
                pending_start = i
            pending = (pending + [stripped])[-3:]
        elif last is not None and not pending:
            last.name = squash(last.name + " " + stripped)
            last.lines[1] = i
    return out


def _ocr_indicator(
    raw: str, best: tuple[re.Match[str], list], years: list[int], pending: list[str], first: int, i: int
) -> Indicator:
    m, values = best
    head = re.sub(r"^\s*[\d.]+\s*\|?\s*", "", raw[: m.start()]).strip(" |")
    targets = [Target(y, v[0], v[1], v[2]) for y, v in zip(years, values, strict=False) if v]
    unit = squash(raw[m.start() : m.end()]).replace("&", "%") or None
    tail_units = find_units(raw[m.end() :])
    return Indicator(
        name=squash(" ".join(pending + [head])),
        unit=unit,
        responsible_unit=tail_units[0][0] if tail_units else None,
        targets=targets,
        lines=[first, i],
        number=(re.match(r"\s*([\d.]+)", raw) or [None, None])[1],
    )
