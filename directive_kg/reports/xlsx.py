"""The compliance workbook: one sheet per report section (openpyxl), typed cells, filters, print setup."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .data import ReportData, Table
from .labels import ORDER, column, section, shown, word
from .period import Period

MAX_CELL = 32_000  # Excel holds at most 32 767 characters in a cell
WIDTHS = {
    "plan": 22,
    "title": 40,
    "issuer": 28,
    "date": 12,
    "level": 10,
    "province": 14,
    "commune": 14,
    "implements": 30,
    "tasks": 8,
    "lead_share": 10,
    "deadline_share": 10,
    "violations": 9,
    "warnings": 9,
    "infos": 10,
    "groups_covered": 10,
    "source": 26,
    "group": 36,
    "number": 7,
    "central_groups": 11,
    "group_score": 9,
    "central_task": 16,
    "task_score": 9,
    "text": 70,
    "lead_unit": 26,
    "coordinating_units": 30,
    "deadline": 12,
    "output": 30,
    "line_start": 8,
    "line_end": 8,
    "indicator": 50,
    "year": 7,
    "comparator": 8,
    "value": 10,
    "measure": 10,
    "parent_indicator": 50,
    "parent_comparator": 9,
    "parent_value": 10,
    "difference": 10,
    "below_parent": 11,
    "parent_basis": 16,
    "unit": 36,
    "led": 9,
    "coordinated": 10,
    "overdue": 11,
    "rule": 24,
    "severity": 11,
    "message": 70,
    "document": 18,
    "focus": 40,
}
GROUP_WIDTH = 11
HEADER_FILL = PatternFill("solid", fgColor="FFD9E1F2")
GAP_FILL = PatternFill("solid", fgColor="FFF4CCCC")
LOW_FILL = PatternFill("solid", fgColor="FFE2F0D9")
HIGH_FILL = PatternFill("solid", fgColor="FFA9D18E")
FLAG_FILL = PatternFill("solid", fgColor="FFF8CBAD")
NUMBER_FORMATS = {"int": "0", "percent": "0.0%", "score": "0.000", "float": "General"}


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL]


def _put(ws: Worksheet, row: int, col: int, value: object, kind: str, n_groups: int) -> None:
    cell = ws.cell(row=row, column=col)
    if isinstance(value, Period):
        cell.value = value.start
        cell.number_format = value.excel_format
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "dd/mm/yyyy"
    elif isinstance(value, bool):
        cell.value = value
    elif isinstance(value, int | float):
        cell.value = value
        cell.number_format = f'0"/{n_groups}"' if kind == "of_n" else NUMBER_FORMATS.get(kind, "General")
    elif value is not None:
        cell.value = _text(str(value))
        cell.data_type = "s"  # never a formula, even for "=" or "=…" in a document
    if kind == "long" or isinstance(value, str) and len(value) > 40:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    else:
        cell.alignment = Alignment(vertical="top")


def _header(ws: Worksheet, table: Table, data: ReportData) -> None:
    titles = dict(data.central_groups)
    for i, key in enumerate(table.columns, start=1):
        if key.startswith("g") and key[1:].isdigit():
            n = key[1:]
            label = f"{word('group', data.lang)} {n}. {titles.get(n, '')}".strip()
            width = GROUP_WIDTH
        else:
            label, width = column(key, data.lang), WIDTHS.get(key, 14)
        cell = ws.cell(row=1, column=i, value=label)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(i)].width = width


# Printing: A4 landscape, 10 mm side margins, fitted to the page width. Fitting fifteen columns printed
# the text at 4-5 pt; so the printed width is kept at most PRINT_WIDTH_PT / MIN_SCALE: the audit detail
# columns (scores, line numbers, source file) fold into a collapsed column group (one click on "+"
# shows them; hidden columns do not print), then the wrapped text columns narrow until the sheet fits.
# Cells are 11 pt; the estimate below runs about 13 % wide of what LibreOffice prints (its own column
# metrics), so MIN_SCALE 1.0 by the estimate prints at 9.5 pt or more (tests/test_pdf.py converts it).
BASE_FONT_PT = 11
MIN_SCALE = 1.0
SIDE_MARGIN_IN = 0.4
PRINT_WIDTH_PT = (11.69 - 2 * SIDE_MARGIN_IN) * 72
DETAIL_COLUMNS = (
    "line_end",
    "line_start",
    "group_score",
    "task_score",
    "source",
    "infos",
    "parent_comparator",
    "difference",
    "implements",
    "output",
    "focus",
    "coordinating_units",
    "title",
)
WRAPPED = (
    "plan",
    "province",
    "commune",
    "text",
    "message",
    "indicator",
    "parent_indicator",
    "title",
    "group",
    "issuer",
    "unit",
    "lead_unit",
)
MIN_WRAPPED_WIDTH = 12


def column_points(width: float) -> float:
    """Printed width of a column (Excel: 7 px a character unit plus 5 px padding, at 96 dpi)."""
    return (width * 7 + 5) * 0.75


def print_scale(ws: Worksheet) -> float:
    """The scale Excel/LibreOffice print the sheet at when it is fitted to one page wide."""
    total = sum(
        column_points(d.width or 13)
        for letter, d in ws.column_dimensions.items()
        if not d.hidden and ws[f"{letter}1"].value is not None
    )
    return min(1.0, PRINT_WIDTH_PT / total) if total else 1.0


def _fit_print_width(ws: Worksheet, table: Table) -> None:
    letters = {key: get_column_letter(i) for i, key in enumerate(table.columns, start=1)}
    for key in DETAIL_COLUMNS:
        if print_scale(ws) >= MIN_SCALE:
            return
        if key in letters:
            ws.column_dimensions.group(letters[key], letters[key], outline_level=1, hidden=True)
    wrapped = [letters[k] for k in WRAPPED if k in letters and not ws.column_dimensions[letters[k]].hidden]
    for _ in range(40):  # narrow every wrapped column by the same share, the widest text stays widest
        if print_scale(ws) >= MIN_SCALE or not wrapped:
            break
        for c in wrapped:
            width = ws.column_dimensions[c].width or 13
            ws.column_dimensions[c].width = max(MIN_WRAPPED_WIDTH, round(width * 0.93, 1))
    ws.sheet_properties.outlinePr.summaryRight = False


def _print_setup(ws: Worksheet, data: ReportData, name: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins.left = ws.page_margins.right = SIDE_MARGIN_IN
    ws.print_options.gridLines = True
    ws.print_title_rows = "1:1"
    ws.oddHeader.left.text = f"{word('title', data.lang)} — {name}"
    ws.oddHeader.right.text = f"{word('as_of', data.lang)} {data.as_of:%d/%m/%Y}"
    ws.oddFooter.left.text = f"{word('scope', data.lang)}: {data.scope}"
    ws.oddFooter.right.text = f"{word('page', data.lang)} &P / &N"


def _lines(text: str, width: float, per_unit: float) -> int:
    """How many lines wrapped text takes in a column of this width (per_unit: characters per width unit)."""
    per_line = max(int(width * per_unit) - 4, 1)  # minus what word wrapping leaves at line ends
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def _fit_height(ws: Worksheet, row: int, texts: list[tuple[str, float]], per_unit: float = 1.2) -> None:
    """Set the row height for its wrapped text: LibreOffice does not re-flow row heights of an XLSX on load."""
    lines = max((_lines(t, w, per_unit) for t, w in texts), default=1)
    if lines > 1:
        ws.row_dimensions[row].height = min(409, 15 * lines + 2)


def _width(ws: Worksheet, col: int) -> float:
    return ws.column_dimensions[get_column_letter(col)].width or 13


def _sheet(ws: Worksheet, table: Table, data: ReportData) -> None:
    n_groups = len(data.central_groups) or 7
    _header(ws, table, data)
    _fit_print_width(ws, table)  # the final widths, before the row heights are worked out from them
    _fit_height(
        ws,
        1,
        [(str(ws.cell(row=1, column=c).value), _width(ws, c)) for c in range(1, len(table.columns) + 1)],
        1.25,
    )
    for r, row in enumerate(table.rows, start=2):
        wrapped = []
        for c, (key, value) in enumerate(zip(table.columns, row, strict=True), start=1):
            kind = table.kinds.get(key, "") or ("long" if key in WRAPPED else "")
            _put(ws, r, c, shown(key, value, data.lang), kind, n_groups)
            if isinstance(value, str) and ws.cell(row=r, column=c).alignment.wrap_text:
                wrapped.append((value, _width(ws, c)))
        _fit_height(ws, r, wrapped)
    last_row = max(len(table.rows) + 1, 2)
    last_col = get_column_letter(len(table.columns))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last_col}{last_row}"


def _coverage_rules(ws: Worksheet, table: Table) -> None:
    first = table.columns.index("g1") + 1 if "g1" in table.columns else None
    if first is None or not table.rows:
        return
    cells = f"{get_column_letter(first)}2:{get_column_letter(len(table.columns))}{len(table.rows) + 1}"
    ws.conditional_formatting.add(
        cells,
        CellIsRule(
            operator="equal",
            formula=["0"],
            fill=GAP_FILL,
            font=Font(bold=True, color="FF9C0006"),
            stopIfTrue=True,
        ),
    )
    ws.conditional_formatting.add(cells, CellIsRule(operator="between", formula=["1", "2"], fill=LOW_FILL))
    ws.conditional_formatting.add(
        cells, CellIsRule(operator="greaterThanOrEqual", formula=["3"], fill=HIGH_FILL)
    )


def _summary_rules(ws: Worksheet, table: Table, n_groups: int) -> None:
    if not table.rows or "groups_covered" not in table.columns:
        return
    col = get_column_letter(table.columns.index("groups_covered") + 1)
    ws.conditional_formatting.add(
        f"{col}2:{col}{len(table.rows) + 1}",
        CellIsRule(operator="lessThan", formula=[str(n_groups)], fill=GAP_FILL),
    )


def _flag_cells(ws: Worksheet, table: Table, key: str, values: set[str]) -> None:
    if key not in table.columns:
        return
    c = table.columns.index(key) + 1
    for r, row in enumerate(table.rows, start=2):
        if row[c - 1] in values:
            ws.cell(row=r, column=c).fill = FLAG_FILL
            ws.cell(row=r, column=c).font = Font(bold=True)


def build_workbook(data: ReportData) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = word("title", data.lang)
    wb.properties.creator = "directive-kg"
    wb.properties.subject = (
        f"{word('scope', data.lang)}: {data.scope}; {word('as_of', data.lang)} {data.as_of}"
    )
    for key in ORDER:
        name = section(key, data.lang)
        ws = wb.create_sheet(name)
        table = data.table(key)
        _sheet(ws, table, data)
        _print_setup(ws, data, name)
    n_groups = len(data.central_groups) or 7
    _coverage_rules(wb[section("coverage", data.lang)], data.table("coverage"))
    _summary_rules(wb[section("summary", data.lang)], data.table("summary"), n_groups)
    _flag_cells(
        wb[section("targets", data.lang)], data.table("targets"), "below_parent", {word("yes", data.lang)}
    )
    _flag_cells(
        wb[section("findings", data.lang)], data.table("findings"), "severity", {word("violation", data.lang)}
    )
    return wb


def workbook_bytes(data: ReportData) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    buffer = io.BytesIO()
    build_workbook(data).save(buffer)
    return buffer.getvalue()
