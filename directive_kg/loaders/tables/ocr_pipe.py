"""OCR'd tables printed one row per line with cells joined by ` | `: rows, repeated headers, page breaks.

An OCR of a ruled table (Tesseract per cell, or a scan's text layer) gives one line per row, cells joined
by ` | `, no leading bar, the header again on every page, and a row cut by a page break continued on the
next page with an empty number cell. This reader turns such a run into one `PipeTable` per table (the
first header names the columns; later headers of the same kind are page headers and are skipped), so the
readers of Markdown pipe tables (`tasks_from_pipe_table`, `indicators_from_pipe_table`) read them too.
Cells are cleaned of OCR rule debris (`_`, `—`, `¬`), rows with stray empty cells are brought back to
the header's width, and a row whose number cell is empty is glued cell by cell to the row before.
"""

from __future__ import annotations

import re

from ...text import squash
from ..ocr import fold_aligned
from ..segment import Doc
from .pipe import PipeTable

# words of column titles, folded; OCR damage in them ("phôi hợp", "Kêt quả", "T1") is folded away or tolerated
_HEAD_WORDS = (
    "tt",
    "t1",
    "nhiem vu",
    "chu tri",
    "phoi hop",
    "ket qua",
    "hoan thanh",
    "chi tieu",
    "don vi",
    "theo doi",
)
_JUNK_EDGE = "\t _—–-¬`'\"~^*|,.:;"


def clean_cell(cell: str) -> str:
    """A cell without the rule debris OCR leaves at its edges ("_ Tháng 5/2025", "Kê hoạch - ")."""
    text = squash(cell.replace("\u2014", " ").replace("¬", " "))
    text = text.strip(_JUNK_EDGE.replace(".", "").replace(")", ""))
    return re.sub(r"\s+[_—–¬]{1,3}\s+", " ", text).strip()


def _split(line: str) -> list[str]:
    """The cells of a row; a line opening with ` | ` has an empty first cell (a row continued over a page)."""
    return [c.strip() for c in line.rstrip("\n").split("|")]


def _header_kind(cells: list[str]) -> str | None:
    """'tasks' or 'indicators' for a row of column titles, else None."""
    folded = [re.sub(r"[^a-z0-9 ]+", " ", fold_aligned(c).lower()) for c in cells]
    folded = [" ".join(f.split()) for f in folded]
    hits = sum(any(w == f or (len(w) > 2 and w in f) for w in _HEAD_WORDS) for f in folded if f)
    if hits < 3 or not folded or len(folded[0]) > 4:
        return None
    joined = " ".join(folded)
    if "nhiem vu" in joined or "phoi hop" in joined:
        return "tasks"
    if any(w in joined for w in ("chi tieu", "don vi", "theo doi")):
        return "indicators"
    return None


def _fit(cells: list[str], width: int) -> list[str]:
    """Drop empty cells after the text cell until the row has the header's width (an OCR'd rule read as
    a bar leaves an empty cell: "(107) | CSDL Mã ngân hàng. | | Ngân hàng …")."""
    cells = list(cells)
    while len(cells) > width and len(cells) > 1 and not cells[0] and not cells[1]:
        del cells[0]  # "| | Đến năm 2030 |": a leading bar before the empty number cell
    k = 2
    while len(cells) > width and k < len(cells):
        if not cells[k]:
            del cells[k]
        else:
            k += 1
    return cells


def _is_heading(cells: list[str]) -> bool:
    """A row naming a part of the table (a group, "Đến năm 2030"): no number, or a non-numeric label, and
    nothing after the text cell."""
    num = cells[0] if cells else ""
    return not re.search(r"\d", num) and not any(cells[2:])


def ocr_pipe_tables(doc: Doc, start: int, end: int) -> list[PipeTable]:
    """Every OCR'd `a | b | c` table between lines start and end, one per kind of header, pages joined."""
    tables: list[PipeTable] = []
    current: PipeTable | None = None
    kind: str | None = None
    for i in range(start, end + 1):
        line = doc.line(i)
        if line.count("|") < 3:
            continue  # page numbers, rule debris, prose: the table goes on over them
        cells = _split(line)
        # a Markdown table opens with a bar ("| TT | Tên nhiệm vụ |"): that is `pipe.py`'s; OCR rows do not
        head = None if line.lstrip().startswith("|") else _header_kind(cells)
        if head is not None:
            if head != kind or current is None:
                header = [fold_aligned(c) for c in cells if c.strip()]
                current = PipeTable(header=header, rows=[], start=i, ocr=True)
                tables.append(current)
                kind = head
            continue  # the same header again: a new page of the same table
        if current is None:
            continue
        cells = _fit([clean_cell(c) for c in cells], len(current.header))
        if not any(cells):
            continue
        if not cells[0] and current.rows and not _is_heading(current.rows[-1][1]):
            first, prev = current.rows[-1]
            merged = [
                squash(f"{a} {b}")
                for a, b in zip(prev, cells + [""] * (len(prev) - len(cells)), strict=False)
            ]
            merged += cells[len(prev) :]
            current.rows[-1] = (first, merged)
            current.ends[first] = i
            continue
        current.rows.append((i, cells))
    return tables


# OCR's readings of digits in a number cell ("ó0." for 60, "6S." for 65, "G7." for 67, "L58." for 158)
_DIGIT_LOOKS = str.maketrans({"ó": "6", "S": "5", "G": "6", "L": "1", "I": "1", "l": "1", "O": "0", "o": "0"})
_SUB_CELL = re.compile(r"^[(\[{]|[)}\]]\.?$|^[@Œ]|^q\d")  # "(1)", "q0)", "@)", "Œ)", "G1)": an item of a row


def _digits(cell: str) -> int | None:
    m = re.match(r"^\D{0,2}(\d{1,3})", cell.translate(_DIGIT_LOOKS))
    return int(m.group(1)) if m else None


def row_kinds(rows: list[list[str]]) -> list[tuple[str, int | None]]:
    """Each row of an OCR'd task table as ("group", None), ("task", its number), or ("item", None): an
    enumerated part of the row before ("(3) Nghị định quy định …"). Task numbers run 1, 2, 3 … through
    the table, so a damaged number ("520." for 50, "144." printed twice) is read as the next in sequence,
    unless the printed one skips one row and the next row confirms it (a row the OCR lost)."""
    kinds: list[tuple[str, int | None]] = []
    last = 0
    mains = [k for k, c in enumerate(rows) if c and c[0] and not _SUB_CELL.search(c[0].strip())]
    for idx, cells in enumerate(rows):
        num = (cells[0] if cells else "").strip()
        if not num:
            kinds.append(("item", None))
            continue
        if _SUB_CELL.search(num):
            kinds.append(("item", None))
            continue
        rest_empty = not any(cells[2:])
        printed = _digits(num) if re.search(r"\d", num) else None
        nxt = next((k for k in mains if k > idx), None)
        nxt_printed = _digits(rows[nxt][0]) if nxt is not None else None
        if rest_empty and (printed is None or (printed == last + 1 and nxt_printed == printed)):
            kinds.append(("group", None))  # "H. | Khẩn trương …", "1. | Nâng cao …" before task 1
            continue
        n = last + 1
        if printed == last + 2 and nxt_printed == printed + 1:
            n = printed  # the OCR lost a row: keep the printed number
        kinds.append(("task", n))
        last = n
    return kinds


_ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
_DUE = re.compile(
    r"(?:(?:tháng|quý)\s*)?\d{1,2}\s*/\s*20\d\d|(?:năm\s*)?20\d\d|thường\s+xuyên|hằng\s+năm|hàng\s+năm", re.I
)


def _due_cell(cell: str) -> str:
    """The deadline inside a cell that OCR mixed with the output's last words ("Tháng thác sử dụng 12/2025")."""
    m = _DUE.search(cell)
    if not m:
        return cell
    text = m.group(0)
    if re.match(r"\d", text) and re.search(r"tháng", cell, re.I):
        text = "Tháng " + text
    return text


def tasks_from_ocr_rows(table: PipeTable, level_word: str) -> tuple[list, list]:
    """Groups and tasks of an OCR'd task table: groups numbered in order (OCR reads "II" as "H."),
    tasks by `row_kinds`, an enumerated item's text appended to its task, its unit and deadline taken
    when the task row itself leaves them empty (the row "147. … gồm:" and its items (1)–(12))."""
    from ...model import Task, TaskGroup
    from ..tasks import deadline_value
    from .pipe import _col, _split_units, _unit_or_text

    h = table.header

    def col(default: int, *words: str) -> int:
        found = _col(h, *words)
        return default if found is None else found

    c_text, c_lead, c_coord = col(1, "nhiem vu", "noi dung"), col(2, "chu tri"), col(3, "phoi hop")
    c_out, c_due = col(4, "ket qua"), col(5, "thoi gian", "hoan thanh")

    def cell(cells: list[str], k: int) -> str:
        return cells[k].strip() if k < len(cells) else ""

    rows = [cells for _, cells in table.rows]
    groups: list[TaskGroup] = []
    tasks: list[Task] = []
    items: dict[int, list[tuple[str, str, str]]] = {}
    for (line, cells), (kind, number) in zip(table.rows, row_kinds(rows), strict=True):
        end = table.end_of(line)
        if kind == "group":
            label = _ROMANS[len(groups)] if len(groups) < len(_ROMANS) else str(len(groups) + 1)
            groups.append(
                TaskGroup(
                    id=f"g{len(groups) + 1}",
                    label=label,
                    title=squash(cell(cells, c_text)),
                    lines=[line, end],
                )
            )
            continue
        if kind == "item":
            if tasks:
                t = tasks[-1]
                t.text = squash(f"{t.text} {cells[0]} {cell(cells, c_text)}")
                t.lines[1] = end
                items.setdefault(len(tasks) - 1, []).append(
                    (cell(cells, c_lead), cell(cells, c_due), cell(cells, c_out))
                )
            continue
        deadline, recurring = deadline_value(_due_cell(cell(cells, c_due)))
        tasks.append(
            Task(
                id=f"a{len(tasks) + 1}",
                text=squash(cell(cells, c_text)),
                group=groups[-1].label if groups else None,
                lead_unit=_unit_or_text(unit_cell(cell(cells, c_lead)), level_word),
                coordinating_units=_split_units(unit_cell(cell(cells, c_coord)), level_word),
                deadline=deadline,
                output=cell(cells, c_out) or None,
                lines=[line, end],
                source="annex",
                number=str(number),
                recurring=recurring,
            )
        )
    for k, parts in items.items():
        t = tasks[k]
        leads = list(dict.fromkeys(u for u, _, _ in parts if u))
        if not t.lead_unit and leads:
            t.lead_unit = _unit_or_text(unit_cell(leads[0]), level_word)
            t.coordinating_units = list(dict.fromkeys(t.coordinating_units + leads[1:]))
        if not t.deadline:
            dues = [deadline_value(_due_cell(d))[0] for _, d, _ in parts if d]
            dues = [d for d in dues if d and re.match(r"20\d\d", d)]
            t.deadline = max(dues) if dues else t.deadline
        if not t.output:
            t.output = next((o for _, _, o in parts if o), None)
    return groups, tasks


def unit_cell(text: str) -> str:
    """A unit cell without the rule marks OCR reads inside names ("Bộ Công -_ Thương", "Văn phòng Chính _
    phủ", "Bộ Giáo dục và - Đào tạo"); a dash between two names ("Văn hóa - Xã hội") is kept."""
    text = re.sub(r"(?<=\S)\s+(?:[_.¬—]+|-_|_-)(?=\s)", "", text)
    text = re.sub(r"(?<=\bvà)\s+-(?=\s)", "", text)
    text = re.sub(r"\s+-(?=\s+[a-zà-ỹđ])", "", text)
    return squash(text).strip(" .,-_")


def indicators_from_ocr_rows(table: PipeTable) -> list | None:
    """The indicators of an OCR'd target table (TT | Chỉ tiêu | Đơn vị | Kết quả | Cơ quan theo dõi): every
    numbered row, also one with a qualitative result only or a parent ("11 | Chỉ tiêu về … |  |  |"), both
    without targets; numbers 1, 2, 3 … in sequence ("li" for 11), sub-indicators ("11.1") as printed. A row
    without a number after a year heading is the heading's first indicator (the OCR lost its "1")."""
    from ...model import Indicator, Target
    from ..units import find_units
    from .pipe import _col
    from .targets import parse_target_cell

    h = table.header
    if any("nhiem vu" in c or "phoi hop" in c for c in h):
        return None  # a task table
    c_unit = _col(h, "don vi", exclude=("chu tri", "theo doi")) or 2
    c_value = _col(h, "ket qua", "muc tieu") or 3
    c_resp = _col(h, "chu tri", "theo doi") or 4
    out: list[Indicator] = []
    year: int | None = None
    last = 0
    for line, cells in table.rows:
        num, name = cells[0].strip(" .-"), (cells[1] if len(cells) > 1 else "").strip()
        if not name:
            continue
        ym = re.search(r"(?:đến|den)\s+năm\s+(20\d\d)", name, re.I)
        if ym and not any(cells[2:]):
            year = int(ym.group(1))
            continue
        sub = re.match(r"^(\d{1,2})\s*[.,]\s*(\d{1,2})$", num.translate(_DIGIT_LOOKS))  # "II.1": 11.1
        if sub:
            number = f"{sub.group(1)}.{sub.group(2)}"
        else:
            printed = _digits(num) if re.search(r"\d", num) else None
            last = printed if printed == last + 1 else last + 1
            number = str(last)
        raw = cells[c_value].strip() if c_value < len(cells) else ""
        targets: list[Target] = []
        for part in raw.split(";"):
            p = parse_target_cell(part.replace("S0", "80").lstrip("_«» "))
            if p:  # a qualitative result ("Đạt mức trên trung bình của thế giới") is no target, as in pipe tables
                targets.append(Target(year, p[0], p[1], part.strip()))
        unit = cells[c_unit].strip() if c_unit < len(cells) else ""
        resp = unit_cell(cells[c_resp]) if c_resp < len(cells) else ""
        named = find_units(resp)
        if named and named[0][1] > 0:  # OCR debris before the name (">" „ ^ - Lộ : , Bộ Tài chính")
            resp = named[0][0]
        out.append(
            Indicator(
                name=squash(name),
                unit=unit or None,
                responsible_unit=resp or None,
                targets=targets,
                lines=[line, table.end_of(line)],
                number=number,
            )
        )
    return out
