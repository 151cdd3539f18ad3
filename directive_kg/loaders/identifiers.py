"""Parse and canonicalise Vietnamese document identifiers (`57-NQ/TW`, `10/KH-UBND`, `193/2025/QH15`).

Identifiers are the spine of the graph: the same document cited as
`57-NO/T W`, `57- NQ/TW` or `Nghị quyết số 57-NQ/TW` must become one key.
State documents are `number/[year/]TYPE-ISSUER`; Party documents are
`number-TYPE/ISSUER` (Hướng dẫn 36-HD/VPTW). OCR confusions of the type and
issuer symbols are undone from tables of known symbols, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# OCR'd or unaccented spellings of document-type symbols → canonical symbol.
TYPE_SYMBOLS: dict[str, str] = {
    "NQ": "NQ",
    "NO": "NQ",
    "N0": "NQ",
    "NQO": "NQ",
    "NQ0": "NQ",
    "QĐ": "QĐ",
    "QD": "QĐ",
    "QP": "QĐ",
    "QB": "QĐ",
    "QBD": "QĐ",
    "0D": "QĐ",
    "OD": "QĐ",
    "QDD": "QĐ",
    "Q": None,
    "KH": "KH",
    "CT": "CT",
    "CTR": "CTr",
    "TTR": "TTr",
    "HD": "HD",
    "BC": "BC",
    "TB": "TB",
    "KL": "KL",
    "ĐA": "ĐA",
    "DA": "DA",
    "NĐ": "NĐ",
    "ND": "NĐ",
    "NP": "NĐ",
    "TT": "TT",
    "QC": "QC",
    "QY": "QY",
    "CV": "CV",
    "TTLT": "TTLT",
    "PA": "PA",
    "ĐU": None,
}
TYPE_SYMBOLS = {k: v for k, v in TYPE_SYMBOLS.items() if v}

# Issuer symbols with their Vietnamese letters restored.
ISSUER_FIXES: dict[str, str] = {
    "TW": "TW",
    "T W": "TW",
    "TU": "TU",
    "ĐU": "ĐU",
    "DU": "ĐU",
    "PU": "ĐU",
    "BU": "ĐU",
    "BCĐTW": "BCĐTW",
    "BCDTW": "BCĐTW",
    "BCPTW": "BCĐTW",
    "BCĐ": "BCĐ",
    "BCD": "BCĐ",
    "BCP": "BCĐ",
    "UBND": "UBND",
    "HĐND": "HĐND",
    "HDND": "HĐND",
    "CP": "CP",
    "TTG": "TTg",
    "VPTW": "VPTW",
    "ĐUK": "ĐUK",
    "HU": "HU",
    "QU": "QU",
    "BTGTW": "BTGTW",
    "BTCTW": "BTCTW",
}
# Issuers that number their documents the Party way (number-TYPE/ISSUER).
PARTY_ISSUERS = {"TW", "TU", "ĐU", "BCĐTW", "VPTW", "HU", "QU", "ĐUK", "BTGTW", "BTCTW"}

KIND_BY_TYPE = {
    "NQ": "resolution",
    "QĐ": "decision",
    "KH": "plan",
    "CTr": "program",
    "CT": "directive",
    "KL": "conclusion",
    "HD": "guidance",
    "TTr": "submission",
    "NĐ": "other",
    "TB": "other",
    "BC": "other",
}

_L = "A-Za-zĐđ"
# number - [-] TYPE / ISSUER   (Party form; also tolerates "57- -NQ/TW", "03-KHIPU", "57-NO/T W")
_PARTY = re.compile(
    rf"(?<![\d/.\-{_L}])(\d{{1,4}})\s*-\s*-?\s*([{_L}0]{{1,4}}?)\s*(?:/|I(?=[PĐDb]U))\s*(T\s?W|BCĐTW|BCDTW|VPTW|TU|ĐU|DU|HU|QU|[A-ZĐ]{{2,8}}(?![a-zđ])|[bP]U)"
)
# number / [year /] TYPE [-| ] ISSUER[-ISSUER…]   (State form)
_STATE = re.compile(
    rf"(?<![\d/.\-{_L}])(\d{{1,4}})\s*/\s*(?:(\d{{4}})\s*/\s*)?([{_L}0]{{1,4}})(?:\s*[-–]\s*|\s)((?:[A-ZĐ][{_L}0-9&]{{0,9}})(?:\s*-\s*[A-ZĐ][{_L}0-9&]{{0,9}})*)"
)
# number / year / ISSUER   (laws and National Assembly resolutions: 193/2025/QH15)
_LAW = re.compile(
    rf"(?<![\d/.\-{_L}])(\d{{1,4}})\s*/\s*(\d{{4}})\s*/\s*(QH\d{{1,2}}|[A-ZĐ]{{2,6}}\d{{0,2}})(?![{_L}0-9/-])"
)


_DISPATCH = re.compile(
    r"(?<![a-zA-Z])(?:s[oốô0-9bd]{1,2})\s+(\d{1,5})\s*/\s*([A-ZĐ]{2,8}(?:\s*-\s*[A-ZĐ]{2,8})+)(?![A-Za-zĐđ0-9/])"
)


@dataclass(frozen=True)
class Identifier:
    number: str
    type: str | None
    issuer: str
    year: str | None = None
    party: bool = False

    @property
    def canonical(self) -> str:
        if self.party:
            return f"{self.number}-{self.type}/{self.issuer}"
        if self.type is None and self.year is None:
            return f"{self.number}/{self.issuer}"  # official letter (công văn): number/ISSUER-UNIT
        if self.type is None:
            return f"{self.number}/{self.year}/{self.issuer}"
        year = f"{self.year}/" if self.year else ""
        return f"{self.number}/{year}{self.type}-{self.issuer}"

    @property
    def kind(self) -> str:
        if self.type is None:
            if self.year is None:
                return "other"
            return "resolution" if self.issuer.startswith("QH") else "law"
        return KIND_BY_TYPE.get(self.type, "other")


@dataclass(frozen=True)
class Match:
    identifier: Identifier
    start: int
    end: int
    raw: str


def _type(token: str) -> str | None:
    key = token.upper().replace("Đ", "Đ")
    if key in TYPE_SYMBOLS:
        return TYPE_SYMBOLS[key]
    if token in {"CTr", "TTr"}:
        return token
    return None


def _issuer(token: str) -> str | None:
    token = re.sub(r"\s+", " ", token.strip())
    key = token.upper()
    if key in ISSUER_FIXES:
        return ISSUER_FIXES[key]
    if re.fullmatch(r"QH\d{1,2}", key):
        return key
    # Unknown symbols are kept only when printed as plain capitals (BKHCN, VHXH, BTTTT...).
    # "&" joins two merged bodies in one symbol: BNN&MT, QLCL&CGKT
    if re.fullmatch(r"[A-ZĐ][A-ZĐ0-9]{1,8}", token) or re.fullmatch(r"[A-ZĐ]{2,6}&[A-ZĐ]{2,6}", token):
        return token
    return None


def _number(text: str) -> str:
    return text.lstrip("0") and (text if len(text) <= 2 else text.lstrip("0")) or text


def parse(text: str) -> Identifier | None:
    """Parse one identifier written on its own (`57- NQ/TW`, `536/QP-UBND`); None if it is not one."""
    found = find_all(text)
    if len(found) != 1:
        return None
    m = found[0]
    rest = (text[: m.start] + text[m.end :]).strip(" .,;:")
    return m.identifier if not rest else None


def find_all(text: str) -> list[Match]:
    """Every identifier in `text`, leftmost first, without overlaps."""
    candidates = _law(text) + _party(text) + _state(text) + _dispatch(text)
    candidates.sort(key=lambda c: (c.start, -(c.end - c.start)))
    result: list[Match] = []
    last_end = -1
    for c in candidates:
        if c.start >= last_end:
            result.append(c)
            last_end = c.end
    return result


def _law(text: str) -> list[Match]:
    out = []
    for m in _LAW.finditer(text):
        issuer = _issuer(m.group(3))
        if issuer and (issuer.startswith("QH") or issuer in {"NĐ-CP"}):
            out.append(
                Match(Identifier(m.group(1), None, issuer, m.group(2)), m.start(), m.end(), m.group(0))
            )
    return out


def _party(text: str) -> list[Match]:
    out = []
    for m in _PARTY.finditer(text):
        typ, issuer = _type(m.group(2)), _issuer(m.group(3))
        if typ and issuer:
            ident = Identifier(m.group(1), typ, issuer, None, party=True)
            out.append(Match(ident, m.start(), m.end(), m.group(0)))
    return out


def _state(text: str) -> list[Match]:
    out = []
    for m in _STATE.finditer(text):
        typ = _type(m.group(3))
        if not typ:
            continue
        parts = [p for p in re.split(r"\s*-\s*", m.group(4))]
        issuers = _issuer_parts(parts)
        if not issuers:
            continue
        end = m.end()
        issuer = "-".join(issuers)
        if m.group(4).count("-") + 1 != len(issuers) or m.group(4) != m.group(4).strip():
            # shorten the span to what was used
            used = text[m.start(4) :]
            cut = 0
            for i, p in enumerate(parts[: len(issuers)]):
                cut = used.index(p[: len(issuers[i])], cut) + len(issuers[i])
            end = m.start(4) + cut
        if issuer.split("-")[0] in PARTY_ISSUERS and "-" not in issuer:
            ident = Identifier(m.group(1), typ, issuer, None, party=True)  # "15/KH-TU" is Party "15-KH/TU"
        else:
            ident = Identifier(m.group(1), typ, issuer, m.group(2))
        out.append(Match(ident, m.start(), end, text[m.start() : end]))
    return out


def _issuer_parts(parts: list[str]) -> list[str]:
    """The issuer symbols of a State number, up to the first part that is not one."""
    issuers: list[str] = []
    for p in parts:
        fixed = _issuer(p)
        if fixed is None:
            # a glued word ("UBNDngay") or junk: keep the known prefix, stop there
            prefix = re.match(r"[A-ZĐ]{2,6}", p)
            if prefix and _issuer(prefix.group(0)) in ISSUER_FIXES.values():
                issuers.append(_issuer(prefix.group(0)) or "")
            break
        issuers.append(fixed)
    return issuers


def _dispatch(text: str) -> list[Match]:
    """Official letters carry no type symbol ("công văn số 83/BKHCN-BTTTT-VP"): only after "số"."""
    out = []
    for m in _DISPATCH.finditer(text):
        parts = [_issuer(p) for p in re.split(r"\s*-\s*", m.group(2))]
        if all(parts) and not _type(parts[0] or ""):
            out.append(
                Match(
                    Identifier(m.group(1), None, "-".join(p for p in parts if p)),
                    m.start(1),
                    m.end(),
                    text[m.start(1) : m.end()],
                )
            )
    return out


# National Assembly terms (khóa): a QH symbol must fit the year it carries.
QH_TERMS = {
    11: (2002, 2007),
    12: (2007, 2011),
    13: (2011, 2016),
    14: (2016, 2021),
    15: (2021, 2026),
    16: (2026, 2031),
}


def impossible_reason(ident: Identifier) -> tuple[str, str | None] | None:
    """Why an identifier cannot exist, and the identifier most likely meant (or None)."""
    if ident.issuer.startswith("QH") and ident.year and ident.issuer[2:].isdigit():
        term = int(ident.issuer[2:])
        span = QH_TERMS.get(term)
        year = int(ident.year)
        if span and not span[0] <= year <= span[1]:
            likely = next((t for t, (a, b) in QH_TERMS.items() if a <= year <= b), None)
            intended = f"{ident.number}/{ident.year}/QH{likely}" if likely else None
            return (
                f"symbol QH{term} belongs to the National Assembly of term {term} "
                f"({span[0]}–{span[1]}) and cannot carry the year {year}",
                intended,
            )
    return None
