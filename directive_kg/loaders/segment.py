"""Segment a decoded document into header, preamble, numbered sections and annexes.

Every later stage works on a `Doc`: the raw lines (provenance), the repaired
lines (display) and the folded lines (matching), all indexed by the same
1-based line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .ocr import fold_aligned, repair_line

_MD_ESCAPE = re.compile(r"\\(?=[-.&*#_()\[\]+!>])")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+")
_MD_BOLD = re.compile(r"\*\*|__")
# emphasis marks a web page leaves around words ("*Hà Nội, ngày", "*(DN)*"): a star touching a word on one
# side only; a star followed by a space at a line start is a bullet and stays
_EMPHASIS = re.compile(r"(?:(?<=\s)|^)\*(?=[^\s*])|(?<=[^\s*])\*(?=\s|$|[,.;:)])")
# the closing blocks after a plan's last words: distribution list and signature
CLOSING_RX = re.compile(r"^\W*noi\s*nh[a-z]{1,2}n\s*:")  # on folded text: "Nơi nhận:", OCR "Noi nhén:"
_ROMAN = r"(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)"
SECTION_RX = re.compile(rf"^\s*(?P<num>{_ROMAN})\s*[.\-–:]\s*(?P<title>\S.*)$")
ANNEX_RX = re.compile(r"^\s*[~\-\s]*phu\s*luc\s*(?P<label>[ivx1l]{1,4}\b|\d{1,2}\b|(?=\s*$))", re.I)
KIND_WORDS = [
    ("ke hoach hanh dong", "plan"),
    ("ke hoach", "plan"),
    ("quyet dinh", "decision"),
    ("nghi quyet", "resolution"),
    ("chuong trinh hanh dong", "program"),
    ("chuong trinh", "program"),
    ("chi thi", "directive"),
    ("ket luan", "conclusion"),
    ("huong dan", "guidance"),
    ("to trinh", "submission"),
]


@dataclass
class Section:
    number: str  # roman numeral as printed (repaired)
    title: str
    start: int  # 1-based line of the heading
    end: int  # last line (inclusive)
    folded_title: str
    head_end: int = 0  # the heading's last line (a heading broken over two lines ends one line later)

    def __post_init__(self) -> None:
        self.head_end = self.head_end or self.start


@dataclass
class Annex:
    label: str  # "I", "II", "" when unnumbered
    start: int
    end: int


@dataclass
class Doc:
    path: str
    raw: list[str]  # index 0 is line 1
    rep: list[str]
    fl: list[str]
    sections: list[Section] = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)
    body_end: int = 0  # last line before the first annex

    @property
    def n(self) -> int:
        return len(self.raw)

    def line(self, i: int) -> str:
        return self.rep[i - 1]

    def fline(self, i: int) -> str:
        return self.fl[i - 1]

    def joined(self, start: int, end: int) -> tuple[str, str, list[int]]:
        """Repaired and folded text of lines start..end joined by '\n', and each char's line number."""
        rep = "\n".join(self.rep[start - 1 : end])
        fl = "\n".join(self.fl[start - 1 : end])
        owners: list[int] = []
        for i in range(start, end + 1):
            owners.extend([i] * (len(self.rep[i - 1]) + 1))
        return rep, fl, owners

    def section(self, *words: str, exclude: tuple[str, ...] = ()) -> Section | None:
        for s in self.sections:
            if all(w in s.folded_title for w in words) and not any(x in s.folded_title for x in exclude):
                return s
        return None


def _clean_markdown(line: str) -> str:
    line = _MD_HEADING.sub("", line)
    line = _MD_ESCAPE.sub("", line)
    return _clean_marks(line)


def _clean_marks(line: str) -> str:
    """Bold and emphasis marks removed: a legal-database page prints "**I. MỤC" and "*(DN)*" in plain text."""
    return _EMPHASIS.sub("", _MD_BOLD.sub("", line))


def roman_value(token: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, c in enumerate(token):
        v = values[c]
        total += -v if i + 1 < len(token) and values[token[i + 1]] > v else v
    return total


def build_doc(path: str, text: str, markdown: bool = False) -> Doc:
    raw = text.split("\n")
    rep = [repair_line(_clean_markdown(r) if markdown else _clean_marks(r)) for r in raw]
    fl = [fold_aligned(r) for r in rep]
    doc = Doc(path=path, raw=raw, rep=rep, fl=fl)
    _find_annexes(doc)
    _find_sections(doc)
    return doc


def _is_table_row(line: str) -> bool:
    return line.lstrip().startswith("|")


def _find_annexes(doc: Doc) -> None:
    starts: list[tuple[int, str]] = []
    for i in range(1, doc.n + 1):
        raw = doc.line(i)
        m = ANNEX_RX.match(doc.fline(i))
        if not m or _is_table_row(raw):
            continue
        # an annex heading is a short line in capitals ("PHỤ LỤC II"), not a mention in running text
        head = raw.strip()[:12]
        if sum(c.isupper() for c in head) < 4 or len(raw.strip()) > 40:
            continue
        label = m.group("label").upper().replace("1", "I").replace("L", "I")
        starts.append((i, label))
    for k, (i, label) in enumerate(starts):
        end = starts[k + 1][0] - 1 if k + 1 < len(starts) else doc.n
        doc.annexes.append(Annex(label=label, start=i, end=end))
    doc.body_end = doc.annexes[0].start - 1 if doc.annexes else doc.n


_ITEM_START = re.compile(r"^\s*(?:\d{1,2}\s*[.)]|[a-zđ]\s*\)|[-–•+*]\s|[IVX]{1,4}\s*[.\-–:])")


def _heading_title(doc: Doc, i: int, title: str) -> str:
    """A heading broken over two lines by a web page ("I. MỤC" ⏎ "ĐÍCH, YÊU CẦU") is one title: the next
    line joins it when it is in capitals too and is not an item of its own."""
    nxt = doc.line(i + 1).strip() if i < doc.n else ""
    letters = [c for c in nxt if c.isalpha()]
    if (
        nxt
        and letters
        and not _ITEM_START.match(nxt)
        and not _is_table_row(nxt)
        and len(nxt) <= 120
        and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
        and not title.endswith((".", ":"))
    ):
        return f"{title} {nxt}"
    return title


def _find_sections(doc: Doc) -> None:
    found: list[tuple[int, str, str, int]] = []
    last = 0
    for i in range(1, doc.body_end + 1):
        line = doc.line(i)
        if _is_table_row(line):
            continue
        m = SECTION_RX.match(line)
        if not m:
            continue
        value = roman_value(m.group("num"))
        printed = m.group("title").strip()
        title = _heading_title(doc, i, printed)
        # a section heading is short, mostly capitals, and numbered in sequence
        letters = [c for c in re.sub(r"\(.*", "", title) if c.isalpha()]
        caps = sum(c.isupper() for c in letters) / max(1, len(letters))
        if caps < 0.6 or len(title) > 160:
            continue
        if value == 1 or value == last + 1 or (last and value == last):
            found.append((i, m.group("num"), title, i + (title != printed)))
            last = value
    closings = [i for i in range(1, doc.body_end + 1) if CLOSING_RX.match(doc.fline(i))]
    for k, (i, num, title, head_end) in enumerate(found):
        end = found[k + 1][0] - 1 if k + 1 < len(found) else doc.body_end
        # a section ends before the distribution list ("Nơi nhận:") and the signature that follow it
        end = min([end] + [c - 1 for c in closings if i < c <= end])
        doc.sections.append(Section(num, title, i, end, fold_aligned(title), head_end))
