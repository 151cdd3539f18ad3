"""Pipe tables (Markdown, DOCX): rows of cells under a header that names the columns; task tables."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import Task, TaskGroup
from ...text import squash
from ..dates import parse_deadline
from ..ocr import fold_aligned
from ..segment import Doc
from ..units import find_units


@dataclass
class PipeTable:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line, cells)


def _cells(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]


def pipe_tables(doc: Doc, start: int, end: int) -> list[PipeTable]:
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
            current = PipeTable(header=[fold_aligned(c) for c in cells], rows=[])
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
_NUM_CELL = re.compile(r"^\s*(?P<n>\d{1,3}(?:\.\d{1,2})?)\s*\.?\s*$")


def tasks_from_pipe_table(doc: Doc, table: PipeTable, level_word: str) -> tuple[list[TaskGroup], list[Task]] | None:
    h = table.header
    c_text = _col(h, "nhiem vu", "noi dung")
    c_lead = _col(h, "chu tri")
    if c_text is None or c_lead is None:
        return None
    c_main = _col(h, "thuc hien chinh", "phong thuc hien")
    c_coord = _col(h, "phoi hop")
    c_out = _col(h, "ket qua", "san pham")
    c_due = _col(h, "thoi gian", "thoi han", "hoan thanh")
    c_num = 0
    groups: list[TaskGroup] = []
    tasks: list[Task] = []
    group_label: str | None = None

    def cell(cells: list[str], k: int | None) -> str:
        return cells[k].strip() if k is not None and k < len(cells) else ""

    for line, cells in table.rows:
        num, text = cell(cells, c_num), cell(cells, c_text)
        roman = _ROMAN_CELL.match(num)
        if roman:
            group_label = roman.group("r")
            groups.append(TaskGroup(id=f"g{len(groups) + 1}", label=group_label, title=squash(text), lines=[line, line]))
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
        deadline_text = cell(cells, c_due)
        deadline, recurring = parse_deadline(fold_aligned(deadline_text))
        tasks.append(Task(id=f"a{len(tasks) + 1}", text=squash(text), group=group_label, lead_unit=lead,
                          coordinating_units=coords, deadline=deadline or (deadline_text or None),
                          output=cell(cells, c_out) or None, lines=[line, line], source="annex",
                          number=numeric.group("n"), recurring=recurring))
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
    return [p.strip() for p in re.split(r";\s*|,\s*(?=(?:Bộ|Ban|Sở|Ủy|UBND|Các|Văn phòng|Tổng|Ngân hàng|Viện|Đài|Tập đoàn|Thông tấn|Hội|Phòng|Trung tâm|Công an|VTV|VOV|TTXVN)\b)", text) if p.strip()]
