"""Pipe tables: rows of cells under a header that names the columns; task tables read from them.

Two layouts print them. Markdown and DOCX put one row on a line (`| 1 | Nội dung | Sở KH&CN |`). A
legal-database page puts each cell on lines of its own between lines holding a lone `|`: one bar
separates two cells, two bars in a row close a row and open the next; a cell may run over several
lines (hard line breaks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...model import Task, TaskGroup
from ...text import squash
from ..ocr import fold_aligned
from ..segment import Doc
from ..tasks import deadline_value
from ..units import find_units


@dataclass
class PipeTable:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (first line, cells)
    ends: dict[int, int] = field(default_factory=dict)  # first line → last line, for rows over several lines
    start: int = 0  # the header's line
    ocr: bool = False  # an OCR'd table (`ocr_pipe.py`): row numbers damaged, read in sequence

    def end_of(self, line: int) -> int:
        return self.ends.get(line, line)


def _cells(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]


def pipe_tables(doc: Doc, start: int, end: int) -> list[PipeTable]:
    """Every table between lines start and end, in any layout (OCR'd `a | b` rows too), in reading order."""
    from .ocr_pipe import ocr_pipe_tables  # it builds PipeTables: imported here, not at the top

    ocr = ocr_pipe_tables(doc, start, end)
    spans = [(t.start, max([t.end_of(r) for r, _ in t.rows] or [t.start])) for t in ocr]
    rows = [t for t in _row_tables(doc, start, end) if not any(a <= t.start <= b for a, b in spans)]
    return sorted(rows + bar_tables(doc, start, end) + ocr, key=lambda t: t.start)


def _is_bar(line: str) -> bool:
    return line.strip() == "|"


def bar_tables(doc: Doc, start: int, end: int) -> list[PipeTable]:
    """Tables whose cells stand on lines of their own between lone `|` lines (a legal-database page).

    Two bars in a row close a row, unless the row is still short of the header's cells and has more than
    one cell: then the second bar closes an empty cell (a row of one cell is a group heading)."""
    tables: list[PipeTable] = []
    i = start
    while i <= end:
        if not _is_bar(doc.line(i)):
            i += 1
            continue
        rows, i = _read_bar_rows(doc, i, end)
        tables += _tables_of(rows, tables[-1] if tables else None)
    return tables


_HEADER_CELL = re.compile(
    r"^(?:s?tt|(?:ten |noi dung[ /]*)?nhiem vu|noi dung|.*\bchu tri\b.*|.*\bphoi hop\b.*|thoi (?:gian|han)"
    r".*|ket qua.*|san pham.*|ghi chu|don vi.*|(?:ten )?chi tieu.*|van ban giao.*|tien do.*"
    r"|tinh trang.*|.*thuc hien chinh.*)$"
)


def _header_run(cells: list[str]) -> int | None:
    """Where a row's trailing run of column titles starts (at least three short cells such as "STT",
    "Nhiệm vụ", "Cơ quan chủ trì"): a page may hold the document's text and a table's header in one row."""
    k = len(cells)
    while (
        k > 0 and len(cells[k - 1]) <= 40 and _HEADER_CELL.match(fold_aligned(cells[k - 1]).lower().strip())
    ):
        k -= 1
    return k if len(cells) - k >= 3 else None


def _tables_of(rows: list[tuple[int, int, list[str]]], previous: PipeTable | None) -> list[PipeTable]:
    """Rows → tables: a row of column titles opens a table; rows before any such row continue the previous
    table when they have its width (a table broken by a heading or a page), else their first row heads them."""
    tables: list[PipeTable] = []
    current: PipeTable | None = None
    for k, (first, last, cells) in enumerate(rows):
        run = _header_run(cells)
        if run is not None:
            current = PipeTable(header=[fold_aligned(c) for c in cells[run:]], rows=[], start=first)
            tables.append(current)
            continue
        if current is None:
            if (
                previous is not None
                and len(cells) > 2
                and (abs(len(cells) - len(previous.header)) <= 1 or _NUM_CELL.match(cells[0]))
            ):
                current = previous
            elif k == 0 and len(rows) >= 2:
                current = PipeTable(header=[fold_aligned(c) for c in cells], rows=[], start=first)
                tables.append(current)
                continue
            else:
                continue
        current.rows.append((first, cells))
        current.ends[first] = last
    return tables


def _read_bar_rows(doc: Doc, i: int, end: int) -> tuple[list[tuple[int, int, list[str]]], int]:
    rows: list[tuple[int, int, list[str]]] = []  # (first line, last line, cells)
    cells: list[str] = []
    cell: list[str] | None = None
    first = last = 0
    width = 0
    while i <= end:
        line = doc.line(i)
        if not line.strip():
            break  # a blank line ends the table
        if _is_bar(line):
            if cell is not None:
                cells.append(squash(" ".join(cell)))
                cell = None
            elif cells and (len(cells) == 1 or not width or len(cells) >= width):
                rows.append((first, last, cells))
                width = width or len(cells)
                cells = []
            elif cells:
                cells.append("")  # an empty cell
            i += 1
            continue
        if cell is None:
            cell = []
            if not cells:
                first = i
        cell.append(line.strip())
        last = i
        i += 1
    if cell is not None:
        cells.append(squash(" ".join(cell)))
    if cells:
        rows.append((first, last, cells))
    return rows, i + 1


def _row_tables(doc: Doc, start: int, end: int) -> list[PipeTable]:
    tables: list[PipeTable] = []
    current: PipeTable | None = None
    for i in range(start, end + 1):
        line = doc.line(i)
        if not line.lstrip().startswith("|") or line.count("|") < 3:
            current = None
            continue
        cells = _cells(line)
        if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
            continue
        if current is None:
            current = PipeTable(header=[fold_aligned(c) for c in cells], rows=[], start=i)
            tables.append(current)
            continue
        current.rows.append((i, cells))
    return tables


def _col(header: list[str], *words: str, exclude: tuple[str, ...] = ()) -> int | None:
    for k, h in enumerate(header):
        if any(w in h for w in words) and not any(x in h for x in exclude):
            return k
    return None


_ROMAN_CELL = re.compile(r"^\s*(?P<r>[IVX]{1,4})\s*\.?\s*$")
_ROMAN_TITLE = re.compile(r"^\s*(?P<r>[IVX]{1,4})\s*[.\-–:]\s*(?=\S)")  # "I. NÂNG CAO NHẬN THỨC…" in one cell
_NUM_CELL = re.compile(r"^\s*(?P<n>\d{1,3}(?:\.\d{1,2})?)\s*\.?\s*$")


def tasks_from_pipe_table(
    doc: Doc, table: PipeTable, level_word: str
) -> tuple[list[TaskGroup], list[Task]] | None:
    if table.ocr:
        from .ocr_pipe import tasks_from_ocr_rows

        if "nhiem vu" not in " ".join(table.header) and "phoi hop" not in " ".join(table.header):
            return None
        return tasks_from_ocr_rows(table, level_word)
    h = table.header
    c_text = _col(h, "nhiem vu", "noi dung", "cong viec")
    # the lead column: "Cơ quan chủ trì"; else the one unit column a table has ("Đơn vị thực hiện", "Cơ quan
    # thực hiện", "Trách nhiệm thực hiện"), never the time column ("Thời gian thực hiện")
    c_lead = (
        _col(h, "chu tri")
        if _col(h, "chu tri") is not None
        else _col(h, "don vi thuc hien", "co quan thuc hien", "trach nhiem", "don vi chu", "phu trach")
    )
    if c_text is None or c_lead is None:
        return None
    c_main = _col(h, "thuc hien chinh", "phong thuc hien")
    c_coord = _col(h, "phoi hop")
    c_out = _col(h, "ket qua", "san pham")
    c_due = _col(h, "thoi gian", "thoi han", "hoan thanh", "tien do")
    c_num = 0
    groups: list[TaskGroup] = []
    tasks: list[Task] = []
    group_label: str | None = None

    def cell(cells: list[str], k: int | None) -> str:
        return cells[k].strip() if k is not None and k < len(cells) else ""

    for line, cells in table.rows:
        num, text = cell(cells, c_num), cell(cells, c_text)
        roman = _ROMAN_CELL.match(num) or (len([c for c in cells if c]) == 1 and _ROMAN_TITLE.match(num))
        if roman:
            group_label = roman.group("r")
            title = text or num[roman.end() :]
            groups.append(
                TaskGroup(
                    id=f"g{len(groups) + 1}",
                    label=group_label,
                    title=squash(title),
                    lines=[line, table.end_of(line)],
                )
            )
            continue
        numeric = _NUM_CELL.match(num)
        if not numeric:
            if not num and text and tasks:  # a row continued over a page break
                tasks[-1].text = squash(tasks[-1].text + " " + text)
                tasks[-1].lines[1] = line
            continue
        lead_cell = cell(cells, c_main) or cell(cells, c_lead)
        lead = _unit_or_text(lead_cell, level_word)
        coords = _split_units(cell(cells, c_coord), level_word)
        deadline, recurring = deadline_value(cell(cells, c_due))
        tasks.append(
            Task(
                id=f"a{len(tasks) + 1}",
                text=squash(text),
                group=group_label,
                lead_unit=lead,
                coordinating_units=coords,
                deadline=deadline,
                output=cell(cells, c_out) or None,
                lines=[line, table.end_of(line)],
                source="annex",
                number=numeric.group("n"),
                recurring=recurring,
            )
        )
    return groups, tasks


def _unit_or_text(text: str, level_word: str) -> str | None:
    text = squash(text)
    if not text:
        return None
    units = find_units(text)
    if units and units[0][1] < 3 and len(units) == 1 and units[0][2] >= len(text) - 6:
        return units[0][0]
    return text


def _split_units(text: str, level_word: str) -> list[str]:
    text = squash(text)
    if not text:
        return []
    known = find_units(text)
    if known:
        return list(dict.fromkeys(name for name, _, _ in known))
    # agencies are listed with commas or semicolons; "và" belongs to names ("Bộ Khoa học và Công nghệ")
    return [
        p.strip()
        for p in re.split(
            r";\s*|,\s*(?=(?:Bộ|Ban|Sở|Ủy|UBND|Các|Văn phòng|Tổng|Ngân hàng|Viện|Đài|Tập đoàn|Thông tấn|Hội|Phòng|Trung tâm|Công an|VTV|VOV|TTXVN)\b)",
            text,
        )
        if p.strip()
    ]
