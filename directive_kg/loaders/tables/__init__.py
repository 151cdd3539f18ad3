"""Annex tables: pipe tables (Markdown, DOCX) and OCR'd tables flattened into running lines.

Pipe tables are read cell by cell with their header naming the columns.
OCR'd tables lose the grid: the cells of one row are interleaved over
several lines and the header repeats on every page. Two reassembly rules
cover what plans print:
- task tables are cut into rows by their row numbers (read in sequence,
  tolerating lost digits) and the capitalised lines that open a row's text;
  each line splits into the text cell (left) and the other cells (units,
  output, deadline at the right edge). Rows restating a body task enrich it;
  the others are tasks of their own (`read_ocr_task_table`, `tasks_from_ocr_annex`);
- indicator tables print one row per line with a unit column followed by one
  value per year of the header, so a row is found by that shape.
"""

from .ocr_rows import (
    OcrTaskRow,
    OcrTaskTable,
    _deadline_of,
    _resolve_number,
    read_ocr_task_table,
)
from .ocr_targets import indicators_from_ocr_annex
from .ocr_tasks import _match_rows, _row_units, enrich_from_ocr_annex, tasks_from_ocr_annex
from .pipe import PipeTable, pipe_tables, tasks_from_pipe_table
from .targets import indicators_from_pipe_table, parse_target_cell

__all__ = [
    "OcrTaskRow",
    "OcrTaskTable",
    "PipeTable",
    "_deadline_of",
    "_match_rows",
    "_resolve_number",
    "_row_units",
    "enrich_from_ocr_annex",
    "indicators_from_ocr_annex",
    "indicators_from_pipe_table",
    "parse_target_cell",
    "pipe_tables",
    "read_ocr_task_table",
    "tasks_from_ocr_annex",
    "tasks_from_pipe_table",
]
