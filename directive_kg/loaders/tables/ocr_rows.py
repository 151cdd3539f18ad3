"""OCR'd task tables flattened into running lines: rows found by number and capitalised openings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ...model import Task, TaskGroup
from ...text import squash
from ..dates import _FROM_YEAR, parse_deadline
from ..ocr import fold_aligned
from ..restore import restore
from ..segment import Doc
from ..units import find_units


@dataclass
class OcrTaskRow:
    """One row of a flattened OCR task table, read as far as the text allows."""

    start: int  # first line of the row
    end: int  # last line of the row
    group: str | None = None  # the annex's own group label ("I", "II", …)
    number: str | None = None  # the row number, only when printed as such
    text: str = ""  # the "nhiệm vụ" cell (left part of each line)
    full: str = ""  # the row's lines as printed
    units: list[tuple[str, bool]] = field(default_factory=list)  # units of the other cells, in reading order,
    # each with whether an unreadable unit name ("PhongVian", a bare "UBND") stands right before it
    output: str | None = None
    deadline: str | None = None
    recurring: bool = False


@dataclass
class OcrTaskTable:
    groups: list[TaskGroup]
    rows: list[OcrTaskRow]
    main_column: bool  # a "thực hiện chính" column: the committee chairs, a department carries out
    output_column: bool


# header words of task tables, which repeat on every page of a flattened table
_HEAD_VOCAB = frozenset(
    re.findall(
        r"\w+",
        "stt ten nhiem noi dung thwe thuc hien chinh quan chu tri chi phdi phoi "
        "hop thoi gian hoan thanh ket qua ghi tiet san pham phong don",
    )
)
_HEAD_PHRASES = (
    "co quan",
    "thoi gian",
    "chu tri",
    "phoi hop",
    "ten nhiem vu",
    "noi dung",
    "ghi chu",
    "chi tiet",
    "hoan thanh",
    "ket qua",
    "thuc hien chinh",
)
_HEAD_SHORT = {"tri", "hop", "tiet", "stt"}
_GROUP_WORDS = re.compile(
    r"^\W*(?:[ivxlt1]{1,5}\W+)?nh[a-z0-9]{1,3}m\s+(?:c[a-z]{1,2}c\s+)?nhi[a-z0-9]{0,2}m\s*vu\b"
)
_TITLE_PREFIX = re.compile(
    r"^[\W\d_]*(?:[ivxlt1]{1,5}(?![a-z])[\W_]*)?"
    r"(?:nh[a-z0-9]{1,3}m\s+(?:c[a-z]{1,2}c\s+)?nhi[a-z0-9]{0,2}m\s*vu\s*(?:ve\s+)?)?\W*"
)
_ROMAN_ONLY = re.compile(r"^\W*[ivxlt1]{1,5}\W*$")
_LEAD_ROMAN = re.compile(r"^\W*[ivxlt1]{1,5}(?![a-z])\W*")
# a row number at the start of a line: "5 |Hoan", "2|2 Hoach", "12 4 |", "1 h(gc", "23" (000, 001)
_ROW_NO = re.compile(
    r"^[\s|,.;:'\"“”]{0,4}(?P<n>\d{1,2})(?![\d/%,.]\d)"
    r"(?:\s*[|.,:;)\]]?\s*\d{1,2}(?![\d/%]))?(?=[\s|.,:;)\]=]|$)"
)
_LEAD_JUNK = re.compile(r"^[\s|,.;:'\"“”‘’)\]\\~_=\-]*")
# a gap between cells: a bar, or an isolated symbol OCR prints for a rule or a shadow ("lanh \ . chuyen")
_CELL_GAP = re.compile(r"\||(?<=\s)(?:[\\~^_=<>\[\]{}]+|[.:;])(?=\s|$)")
# a deadline cell's first line at the right edge of a text line: "… don nganh Xuyeén", "… 2025 va"
# (a word or an event needs the capital a cell starts with; "xuyên" only follows "thường")
_EDGE_DEADLINE = re.compile(
    r"\s(?:(?:(?:th[a-z0-9]{1,4}ng|nam|quy)\s+)?(?:\d{1,2}\s*/\s*)?20[2-4]\d(?:\s+va)?"
    r"|(?:hang|ca)\s+nam|(?<!th[a-z0-9]ng )(?<!th[a-z0-9]{2}ng )x[a-z]{0,2}y[a-z]{0,3}n"
    r"|(?P<word>th[a-z0-9]{1,4}ng|(?:sau\s+)?khi(?:\s+[a-z]{1,8}){0,3}))\s*$"
)
_DEADLINE_VOCAB = {
    "nam",
    "va",
    "cac",
    "cadc",
    "nhung",
    "tiep",
    "theo",
    "thang",
    "theng",
    "quy",
    "thuong",
    "xuyen",
    "hang",
    "ca",
    "trong",
}
_UNIT_LIKE = re.compile(
    r"(?:Phòng|Phong|Ban|Trung|UBND|VP|Văn phòng|Van phong|Công an|Cong an|Ủy ban|Uy ban)\S*"
)


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", fold_aligned(text)) if len(w) >= 2]


def _is_header_line(folded: str) -> bool:
    tokens = re.findall(r"[a-z]+", folded)
    long = [t for t in tokens if len(t) >= 3]
    if not long:
        return bool(tokens) and set(tokens) <= {"tt"}
    if sum(t in _HEAD_VOCAB for t in long) < 0.85 * len(long):
        return False
    phrases = sum(p in folded for p in _HEAD_PHRASES) + ("stt" in long) + bool(re.match(r"\W*tt\b", folded))
    return phrases >= 2 or (len(long) <= 3 and (phrases >= 1 or bool(set(long) & _HEAD_SHORT)))


def _alpha(text: str) -> str:
    return " ".join(re.findall(r"[a-z]+", fold_aligned(text)))


def _is_group_heading(folded: str, group_titles: list[str]) -> bool:
    if _GROUP_WORDS.match(folded):
        return True
    text = _alpha(_LEAD_ROMAN.sub("", folded))
    if len(text) < 45:
        return False
    for title in group_titles:
        n = min(len(text), len(title), 60)
        if n >= 30 and fuzz.ratio(text[:n], title[:n]) >= 80:
            return True
    return False


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out


def _resolve_number(printed: str, last: int, alone: bool) -> int | None:
    """The row number a printed number stands for, given the last row number read: numbers run in sequence
    (rows without a readable number may be skipped), and OCR may drop one digit ("9 1" for "19 1")."""
    n = int(printed)
    if last < n <= last + 10:
        return n
    if alone:  # a lone figure that breaks the sequence is a page number, not a row
        return None
    for m in range(last + 1, last + 6):
        if str(m) != printed and (str(m).endswith(printed) or str(m).startswith(printed)):
            return m
    return None


def _split_cells(line: str, body_start: int, next_line: str = "") -> tuple[str, str]:
    """A flattened row line → (the text cell's part, the other cells' part), cut at the first cell gap,
    unit name (also one that the next line completes: "Cac ban, nganh," ⏎ "doan the") or right-edge
    deadline."""
    rest = line[body_start:]
    lead = _LEAD_JUNK.match(rest)
    rest = rest[lead.end() :] if lead else rest
    cut = len(rest)
    gap = _CELL_GAP.search(rest)
    if gap:
        cut = gap.start()
    units = [u for u in find_units(rest + "\n" + next_line) if u[1] < len(rest)]
    if units:
        cut = min(cut, units[0][1])
    text, cells = rest[:cut], rest[cut:]
    edge = _EDGE_DEADLINE.search(fold_aligned(text))
    if edge and (not edge.group("word") or text[edge.start() + 1 : edge.start() + 2].isupper()):
        text, cells = text[: edge.start()], text[edge.start() :] + " " + cells
    return text.strip(), cells.strip()


def _edge_deadline(cells: str) -> str:
    """The deadline fragment a line's cells end with ("Thuqng", "9/2025", "2025 va"), or ''."""
    edge = _EDGE_DEADLINE.search(" " + fold_aligned(cells))
    return cells[max(0, edge.start() - 1) :].strip() if edge else ""


def _capitalised(text: str) -> bool:
    """The text opens with a capitalised word (its letters: OCR may put a symbol inside, "C}r")."""
    token = text.split()[0] if text.split() else ""
    word = "".join(c for c in token if c.isalpha())
    return len(word) >= 2 and word[0].isupper() and not any(c.isupper() for c in word[1:])


def _deadline_only(text: str) -> bool:
    words = _words(text)
    return bool(words) and all(
        w in _DEADLINE_VOCAB or re.fullmatch(r"th\w{1,4}ng|x\w{0,2}y\w{0,3}n", w) for w in words
    )


def read_ocr_task_table(
    doc: Doc,
    start: int,
    end: int,
    body_tasks: list[Task] | None = None,
    body_groups: list[TaskGroup] | None = None,
) -> OcrTaskTable:
    """Rows of a flattened OCR task table (the layout: see the module docstring and docs/extraction.md).

    A row is found by its number at a line start ("5 |Hoan thanh…"), read in sequence so that a lost
    digit ("9 1 |" for row 19) or a lost number still counts; a row's text starts on a capitalised line
    (after a group heading, after a sentence end or a blank line, or the opening words of a body task),
    chosen between two row numbers so that the rows they imply all start. The text cell is the left part
    of each line, cut at the first cell gap, unit name or right-edge deadline; what is right of it is
    the other cells: units (reading order), the output and the deadline.
    """
    titles = [_alpha(g.title) for g in (body_groups or [])]
    openings = [_alpha(t.text)[:60] for t in (body_tasks or [])]
    kinds, region = _classify_lines(doc, start, end, titles)  # 1. the lines
    # the columns, from the header lines (which repeat on every page)
    head_text = " ".join(doc.fline(i) for i in kinds if kinds[i] == "header")
    main_column = "thuc hien chinh" in head_text or "phong thuc" in head_text
    output_column = "ket qua" in head_text or "san pham" in head_text
    if region is None:
        return OcrTaskTable([], [], main_column, output_column)
    info = _line_features(doc, start, end, region, kinds, openings)  # 2. features of content lines
    starts = _row_starts(region, end, kinds, info)  # 3. row starts
    groups, rows, row_lines = _rows(doc, region, end, kinds, starts)  # 4. groups and rows
    for row in rows:
        _read_row(doc, row, row_lines[id(row)], info, main_column, output_column)
    return OcrTaskTable(groups, rows, main_column, output_column)


def _classify_lines(doc: Doc, start: int, end: int, titles: list[str]) -> tuple[dict[int, str], int | None]:
    """Each line's kind (blank | header | heading | roman | content) and the first header or heading line."""
    kinds: dict[int, str] = {}
    region = None
    for i in range(start, end + 1):
        f = doc.fline(i)
        if not f.strip():
            kinds[i] = "blank"
        elif _is_header_line(f):
            kinds[i] = "header"
        elif _ROMAN_ONLY.match(f):
            kinds[i] = "roman"
        elif _is_group_heading(f, titles):
            kinds[i] = "heading"
        else:
            kinds[i] = "content"
        if region is None and kinds[i] in ("header", "heading"):
            region = i
    return kinds, region


def _line_features(
    doc: Doc, start: int, end: int, region: int, kinds: dict[int, str], openings: list[str]
) -> dict[int, dict]:
    """Per content line: its row number (read in sequence), its text and cell parts and the evidence that
    it opens a row (capitalised, after a full stop or a blank, the opening words of a body task)."""
    info: dict[int, dict] = {}
    last_n = 0
    prev_text_line: int | None = None
    for i in range(region, end + 1):
        if kinds[i] != "content":
            continue
        line = doc.line(i)
        m = _ROW_NO.match(line)
        number = None
        body_start = 0
        if m:
            alone = not re.search(r"[A-Za-zÀ-ỹ]", line[m.end() :])
            resolved = _resolve_number(m.group("n"), last_n, alone)
            if resolved is not None:
                number = last_n = resolved
                body_start = m.end()
        nxt = doc.line(i + 1) if i < end and kinds.get(i + 1) == "content" else ""
        text, cells = _split_cells(line, body_start, nxt)
        words = _words(text)
        prev = prev_text_line
        info[i] = {
            "alone": bool(m) and number is not None and not line[m.end() :].strip(" |.:;,"),
            "number": number,
            "printed": m.group("n") if (m and number) else None,
            "text": text,
            "cells": cells,
            "words": len(words),
            "cap": _capitalised(text) and len(words) >= 3 and not _deadline_only(text),
            "after_stop": prev is not None and info[prev]["text"].rstrip().endswith((".", ";")),
            "after_blank": i > start and kinds.get(i - 1) in ("blank", "header"),
            "opens_body": bool(openings)
            and len(words) >= 3
            and max(fuzz.ratio(_alpha(text)[:45], o[:45]) for o in openings) >= 80,
        }
        if words:
            prev_text_line = i
    return info


def _row_starts(region: int, end: int, kinds: dict[int, str], info: dict[int, dict]) -> set[int]:
    """The lines that open a row: forced ones (after a group heading, a number alone on its line), then
    between two row numbers m and n the n - m best candidates, and after the last number the likely ones."""
    starts: set[int] = set()
    suppressed: set[int] = set()
    pending_heading: int | None = None
    order = [i for i in range(region, end + 1) if kinds[i] in ("content", "heading")]
    for k, i in enumerate(order):
        if kinds[i] == "heading":
            pending_heading = i
            continue
        f = info[i]
        if pending_heading is not None and (f["number"] is not None or f["cap"]):
            starts.add(i)
            pending_heading = None
        if f["alone"]:
            # a number alone on its line opens its row; the cells follow on the next lines
            starts.add(i)
            nxt = next((j for j in order[k + 1 :] if kinds[j] == "content" and info[j]["words"]), None)
            if nxt is not None:
                suppressed.add(nxt)

    def score(i: int) -> int:
        f = info[i]
        return 3 * f["opens_body"] + 2 * (f["after_stop"] or f["after_blank"]) + (f["number"] is not None)

    # a row opens on a capitalised line, or on its number line when that has no text of its own
    candidates = [
        i
        for i in info
        if i not in suppressed
        and (info[i]["cap"] or (info[i]["number"] is not None and info[i]["words"] < 2))
    ]
    anchors = [(i, info[i]["number"]) for i in sorted(info) if info[i]["number"] is not None]
    prev_line, prev_n = region, 0
    for line_no, n in anchors:
        # rows prev_n+1 … n all start in (prev_line, line_no]
        have = [s for s in starts if prev_line < s <= line_no]
        extra = n - prev_n - len(have)
        pool = sorted(
            (c for c in candidates if prev_line < c <= line_no and c not in starts),
            key=lambda c: (-score(c), c),
        )
        starts.update(pool[: max(0, extra)])
        if not any(prev_line < s <= line_no for s in starts):
            starts.add(line_no)
        prev_line, prev_n = line_no, n
    starts.update(c for c in candidates if c > prev_line and score(c) >= 2)
    return starts


def _rows(
    doc: Doc, region: int, end: int, kinds: dict[int, str], starts: set[int]
) -> tuple[list[TaskGroup], list[OcrTaskRow], dict[int, list[int]]]:
    """The annex's groups (numbered I, II, … in order: printed numerals are too damaged) and its rows, each
    with its content lines."""
    groups: list[TaskGroup] = []
    rows: list[OcrTaskRow] = []
    group_label: str | None = None
    current: OcrTaskRow | None = None
    row_lines: dict[int, list[int]] = {}
    for i in range(region, end + 1):
        kind = kinds[i]
        if kind == "heading":
            current = None
            group_label = _roman(len(groups) + 1)
            groups.append(TaskGroup(id=f"a{len(groups) + 1}", label=group_label, title="", lines=[i, i]))
            continue
        if kind != "content":
            continue
        if i in starts:
            current = OcrTaskRow(start=i, end=i, group=group_label)
            rows.append(current)
            row_lines[id(current)] = []
        if current is None:
            continue
        current.end = i
        row_lines[id(current)].append(i)
    for g in groups:
        _group_title(doc, g, end, kinds, starts)
    return groups, rows, row_lines


def _group_title(doc: Doc, g: TaskGroup, end: int, kinds: dict[int, str], starts: set[int]) -> None:
    """A group heading's title runs until the first row (its lower-case continuation lines included)."""
    last = g.lines[0]
    parts = [doc.line(last)]
    j = last + 1
    while j <= end and j not in starts and kinds[j] in ("content", "blank"):
        if kinds[j] == "content":
            parts.append(doc.line(j))
            last = j
        j += 1
    title = squash(" ".join(parts))
    prefix = _TITLE_PREFIX.match(fold_aligned(title))
    title = title[prefix.end() :] if prefix else title
    g.title = squash(title.replace("“", "").replace("”", "").replace('"', "").strip(" |:.-"))
    g.lines = [g.lines[0], last]


def _read_row(
    doc: Doc, row: OcrTaskRow, lines: list[int], info: dict[int, dict], main_column: bool, output_column: bool
) -> None:
    texts: list[str] = []
    cells: list[str] = []
    edges: list[str] = []  # the deadline column: right-edge fragments and deadline-only lines
    outputs: list[str] = []
    kept_prev = False
    closed = False  # the text ended with a full stop and other cells followed: the rest is cells
    for i in lines:
        f = info[i]
        if f["number"] is not None and row.number is None and f["printed"] == str(f["number"]):
            row.number = str(f["number"])
        text = f["text"]
        keep = (
            bool(text)
            and not closed
            and not _deadline_only(text)
            and (f["words"] >= 3 or (kept_prev and f["words"] >= 1))
        )
        if not keep and texts and texts[-1].rstrip().endswith("."):
            closed = True
        if keep:
            texts.append(text)
        elif text:
            cells.append(text)
            if _deadline_only(text):
                edges.append(text)
        kept_prev = keep
        cell = f["cells"]
        if not cell:
            continue
        cells.append(cell)
        if edge := _edge_deadline(cell):
            edges.append(edge)
        units = find_units(cell)
        if units and output_column:
            tail = cell[units[-1][2] :].rsplit("|", 1)[-1]  # the cells after the last unit: the output's
            edge = _EDGE_DEADLINE.search(" " + fold_aligned(tail))
            tail = tail[: max(0, edge.start() - 1)] if edge else tail
            if not _UNIT_LIKE.search(tail):  # another unit's name: the columns are not separable here
                outputs.append(tail)
    row.text = squash(" ".join(texts)).strip(" ,;|")
    row.full = squash(" ".join(doc.line(i) for i in lines))
    joined = "\n".join(cells)
    prev_end = 0
    for name, s, e in find_units(joined):
        segment = joined[max(prev_end, joined.rfind("\n", 0, s) + 1) : s]
        row.units.append((name, bool(_UNIT_LIKE.search(segment))))
        prev_end = e
    row.deadline, row.recurring = _deadline_of("\n".join(edges))
    if not row.deadline:
        row.deadline, row.recurring = _deadline_of(joined)
    if row.deadline and row.deadline.endswith(" …"):
        row.deadline = _complete_event(doc, lines, row.deadline)
    out = squash(" ".join(o.strip(" |]['\".,;:-") for o in outputs if o.strip(" |]['\".,;:-")))
    if out and _clean_words(out) and len(_words(out)) >= 1:
        row.output = out


def _clean_words(text: str, share: float = 0.8) -> bool:
    """Mostly real words: tokens of letters only, lower-case after a first capital."""
    tokens = text.split()
    if not tokens:
        return False
    good = sum(bool(re.fullmatch(r"[A-Za-zÀ-ỹĐđ]?[a-zà-ỹđ]+[,.;]?", t)) for t in tokens)
    return good >= share * len(tokens)


def _deadline_of(text: str) -> tuple[str | None, bool]:
    """The deadline in the cells of a row (folded matching, as printed for events)."""
    f = fold_aligned(text)
    # "Năm 2025 và các năm tiếp theo" (OCR'd "Nam 2025 va ⏎ cadc nam ti€p"): recurring from that year,
    # not the year alone
    if since := _FROM_YEAR.search(f):
        return f"Năm {since.group('y')} và các năm tiếp theo", False  # recurring_from: dates.py
    for m in _DEADLINE_PHRASE.finditer(f):
        before = f[max(0, m.start() - 8) : m.start()]
        if re.search(r"\d\s*/\s*$", before) or "ngay" in before:
            continue
        deadline, recurring = parse_deadline(m.group(0))
        if deadline:
            return deadline, recurring
    flat = squash(text)
    m = _EVENT_DEADLINE.search(fold_aligned(flat))
    if m:
        return restore(flat[m.start() : m.end()]), False
    for raw, fl in zip(text.split("\n"), f.split("\n"), strict=True):
        m = _EVENT_AT_LINE_END.search(fl)
        if m:
            return restore(squash(raw[m.start() : m.end()])) + " …", False
    return None, False


# the second half of a verb a line end split off ("Khi tỉnh ban" ⏎ "hành …"): the verbs of event deadlines
_SPLIT_VERBS = {"ban": "ban hành", "phe": "phê duyệt"}
# the deadline column's next words at the right edge of the next line: a capitalised clean word and the
# lower-case words after it ("… doi méi sang Quyét dinh", "… N hanh Quyét")
_EDGE_WORDS = re.compile(r"(?<!\S)(?P<w>[A-ZÀ-ỸĐ][a-zà-ỹđ]+(?:\s+[a-zà-ỹđ]+)?)\s*$")


def _complete_event(doc: Doc, lines: list[int], deadline: str) -> str:
    """An event deadline cut at a line end ("Khi tinh ban …") completed as far as the next line allows:
    a split verb gets its second half, and the capitalised words the next line ends with follow
    ("Khi tỉnh ban hành Quyết", "Sau khi Quyết định"); else the ellipsis stays."""
    head = deadline[:-2]
    folded = fold_aligned(head).lower()
    at = next((i for i in lines if fold_aligned(doc.line(i)).lower().rstrip().endswith(folded)), None)
    if at is None:
        return deadline
    words = head.split()
    last = fold_aligned(words[-1]).lower()
    completed = " ".join(words[:-1] + [_SPLIT_VERBS[last]]) if last in _SPLIT_VERBS else head
    nxt = next((i for i in lines if i > at and doc.line(i).strip()), None)
    edge = _EDGE_WORDS.search(doc.line(nxt)) if nxt else None
    if edge:
        return f"{completed} {restore(edge.group('w'))}"
    return completed if completed != head else deadline


_DEADLINE_PHRASE = re.compile(
    r"(?:(?:nam|thang|quy)\s+)?(?:\d{1,2}\s*/\s*)?20[2-4]\d(?:\s*va\s*(?:cac|c\w{1,3})\s*nam\s*tiep\s*theo)?"
    r"|th\w{1,4}\s*\n?\s*x\w{0,2}y\w{0,3}n|ca\s*nam|hang\s*nam"
)
_EVENT_AT_LINE_END = re.compile(r"\b(?:sau khi|khi)(?:\s+[a-z]{1,8}){0,3}\s*$")
_EVENT_DEADLINE = re.compile(
    r"(?:sau khi|khi)\s+(?:[a-z]{1,8}\s+){0,8}?(?:ban\s*hanh|phe\s*duyet|co\s*hieu\s*luc)"
    r"|trien\s*khai\s*theo\s*h[a-z]{1,2}ng\s*d[a-z]{1,2}n(?:\s+c[a-z]{1,2}\s+c[a-z]p"
    r"(?:\s+c[a-z0-9]{1,2}\s+th[a-z]m\s+quy[a-z]{1,2}n)?)?"
)
