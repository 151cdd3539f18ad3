"""Find every document a text cites, canonicalised, with its relation (implements / basis / mentions).

A citation's relation comes from the clause it stands in: "Căn cứ …" is a
legal basis, "Thực hiện …" / "triển khai thực hiện …" (and the title of a plan)
say what the document carries out; everything else is a mention. The same
document cited several ways is one reference whose strongest relation wins.
"""

from __future__ import annotations

import bisect
import re

from ..catalog import Catalog
from ..model import Reference
from .dates import parse_any
from .identifiers import Identifier, find_all, impossible_reason
from .segment import Doc

_BASIS = re.compile(r"(?<![a-z])(c[a-z]n\s+c[a-z]{1,2}|can cu)(?![a-z])")
_IMPLEMENTS = re.compile(r"(?<![a-z])(th[a-z]{1,3}\s*hi[a-z]{1,2}n|trien khai)(?![a-z])")
_CLAUSE_BREAK = re.compile(r"\.\s|\n\s*\n")
_SUB_BREAK = re.compile(r";")
_OF = re.compile(
    r"\s*c(?:ua|[a-z]{1,3}a)\s+(?P<who>[^,;()\n]{3,80}?)(?=\s+(?:ve|thuc|trien|tai|ban|sua|va|$)|[,;()]|\.\s)"
)
RANK = {"implements": 3, "basis": 2, "mentions": 1}


class _Clauses:
    """Where clauses, sub-clauses and "thực hiện" words are in the text, found once (linear time).

    Why (issue 22): the clause of each citation was found by rescanning the text from its start, so a
    file of repeated citations took time in the square of its size (800 KB: 44 s). Each question
    below is a binary search over positions collected in one pass.
    """

    def __init__(self, fl: str) -> None:
        self.breaks = [m.end() for m in _CLAUSE_BREAK.finditer(fl)]
        self.semicolons = [m.start() for m in _SUB_BREAK.finditer(fl)]
        spans = [m.span() for m in _IMPLEMENTS.finditer(fl)]
        self.impl_starts = [a for a, _ in spans]
        self.impl_ends = [b for _, b in spans]

    def start(self, pos: int) -> int:
        """Where the clause holding `pos` starts (after the last sentence or paragraph break)."""
        k = bisect.bisect_right(self.breaks, pos) - 1
        return self.breaks[k] if k >= 0 else 0

    def last_semicolon(self, start: int, end: int) -> int | None:
        """The last ';' in [start, end), or None."""
        k = bisect.bisect_left(self.semicolons, end) - 1
        return self.semicolons[k] if k >= 0 and self.semicolons[k] >= start else None

    def implements(self, start: int, end: int) -> bool:
        """Whether a "thực hiện" / "triển khai" word lies wholly in [start, end)."""
        k = bisect.bisect_left(self.impl_starts, start)
        return k < len(self.impl_starts) and self.impl_ends[k] <= end


def find_references(
    doc: Doc,
    own: Identifier | None,
    province: str | None,
    catalog: Catalog,
    title_lines: tuple[int, int] | None,
    own_keys: set[str] | None = None,
) -> list[Reference]:
    """Every document the text cites; the document's own number (header, annex caption) is never one."""
    rep, fl, owners = doc.joined(1, doc.n)
    preamble_end = doc.sections[0].start if doc.sections else doc.body_end
    refs: dict[str, Reference] = {}
    clauses = _Clauses(fl)
    for m in find_all(rep):
        ident = m.identifier
        key = ident.canonical
        if (own and key == own.canonical) or key in (own_keys or ()):
            continue
        line = owners[m.start] if m.start < len(owners) else doc.n
        clause_from = clauses.start(m.start)
        in_title = bool(title_lines and title_lines[0] <= line <= title_lines[1])
        # a "Căn cứ" paragraph is one clause per ';'; a "Thực hiện A; B; C" sentence governs all its parts
        semicolon = clauses.last_semicolon(clause_from, m.start)
        sub_from = clause_from if semicolon is None else semicolon + 1
        clause_head = fl[clause_from : min(clause_from + 40, m.start)]
        sub_head = fl[sub_from : min(sub_from + 40, m.start)]
        if _BASIS.search(sub_head) or (
            _BASIS.search(clause_head) and not clauses.implements(sub_from, m.start)
        ):
            relation = "basis"
        elif (in_title or line < preamble_end) and clauses.implements(clause_from, m.start):
            relation = "implements"
        else:
            relation = "mentions"
        after = fl[m.end : m.end + 120]
        date, d0, _ = parse_any(after[:40])
        issuer = None
        tail_rep = rep[m.end : m.end + 120]
        tail_fl = fl[m.end : m.end + 120]
        om = _OF.search(tail_fl[:70])
        if om:
            who = tail_rep[om.start("who") : om.end("who")].strip()
            issuer = re.sub(r"\s+", " ", who)
        if key in refs:
            ref = refs[key]
            if RANK[relation] > RANK[ref.relation]:
                ref.relation = relation
            ref.lines.append(line)
            ref.date = ref.date or date
            ref.issuer = ref.issuer or issuer
            continue
        refs[key] = Reference(
            identifier=key,
            kind=ident.kind,
            issuer=issuer,
            date=date,
            relation=relation,
            resolved=False,
            note=None,
            raw=re.sub(r"\s+", " ", m.raw),
            lines=[line],
        )
    for ref in refs.values():
        ident = next((x.identifier for x in find_all(ref.identifier)), None)
        known = catalog.find(ref.identifier, province)
        if known:
            ref.resolved = True
            ref.kind = known.kind
            ref.date = known.date or ref.date
            ref.issuer = known.issuer if known.level == "central" or not ref.issuer else ref.issuer
            if known.level == "province" and ref.issuer and "tinh" in ref.issuer.lower().replace("ỉ", "i"):
                ref.note = f"'{ref.issuer}' read as the citing plan's own province ({province})"
                ref.issuer = known.issuer
        elif ident:
            why = impossible_reason(ident)
            if why:
                reason, intended = why
                ref.intended = intended
                ref.note = f"no such document: {reason}" + (
                    f"; most likely {intended} was meant" if intended else ""
                )
        ref.lines = sorted(set(ref.lines))
    return sorted(refs.values(), key=lambda r: r.lines[0])
