"""OCR'd task-table rows matched to the body's tasks: enrich them, or become tasks of their own."""

from __future__ import annotations

from rapidfuzz import fuzz

from ...model import Task, TaskGroup
from ..segment import Doc
from ..units import find_units, localise
from .ocr_rows import OcrTaskRow, _alpha, _clean_words, _words, read_ocr_task_table


def _match_rows(rows: list[OcrTaskRow], tasks: list[Task]) -> dict[int, int]:
    """Row index → body task index, for rows that restate a body task (one to one, best scores first)."""
    keys = [_alpha(t.text) for t in tasks]
    scores: dict[tuple[int, int], float] = {}
    for r, row in enumerate(rows):
        key = _alpha(row.text)
        if len(key.split()) < 4 or len(key) < 20:
            continue
        full = _alpha(row.full)  # the whole lines: the text may name a unit the cut stopped at
        for t, tk in enumerate(keys):
            scores[r, t] = max(fuzz.partial_ratio(key[:90], tk), fuzz.partial_ratio(full[:90], tk))
    out: dict[int, int] = {}
    used: set[int] = set()
    for (r, t), _s in sorted(((p, s) for p, s in scores.items() if s >= 75), key=lambda x: (-x[1], x[0])):
        if r in out or t in used:
            continue
        out[r] = t
        used.add(t)
    # rows follow the body's order: a row between the rows of body tasks t-1 and t+1 restates task t
    # when it resembles it at all (the annex rewords: "Phối hợp triển khai Đề án …" for "Triển khai …")
    for r in range(1, len(rows) - 1):
        before, after = out.get(r - 1), out.get(r + 1)
        if r in out or before is None or after != before + 2 or before + 1 in used:
            continue
        if scores.get((r, before + 1), 0) >= 60:
            out[r] = before + 1
            used.add(before + 1)
    return out


def _row_units(row: OcrTaskRow, main_column: bool, own_text: str = "") -> tuple[str | None, list[str]]:
    """Lead and coordinating units of a row; units its own text names (as often) are not cells."""
    named = [u for u, _, _ in find_units(own_text)] if own_text else []
    names = [u for u, _ in row.units]
    units: list[tuple[str, bool]] = []
    for u, unclear in row.units:
        if named.count(u) and names.count(u) <= named.count(u):
            continue
        units.append((u, unclear))
    carriers = [(u, unclear) for u, unclear in units if not (main_column and u == "Ủy ban nhân dân xã")]
    lead = None if not carriers or carriers[0][1] else carriers[0][0]
    committee = next((k for k, (u, _) in enumerate(units) if u == "Ủy ban nhân dân xã"), None)
    if main_column and committee is not None and committee + 1 < len(units):
        # the thực hiện chính cell stands right after the chủ trì cell (UBND xã); a phối hợp cell broken
        # over the line above is read before both (000:546-547) and does not lead
        after, unclear = units[committee + 1]
        lead = lead if unclear else after
    units = [u for u, _ in units]
    coords = [u for u in dict.fromkeys(units) if u != lead and u != "Ủy ban nhân dân xã"]
    return lead, coords


def tasks_from_ocr_annex(
    doc: Doc, tasks: list[Task], groups: list[TaskGroup], start: int, end: int, level_word: str
) -> tuple[list[TaskGroup], list[Task]]:
    """Read an OCR'd annex task table: rows restating a body task give it their units, output and deadline
    (the body task is `source="both"`); the other readable rows are tasks of their own (`source="annex"`) in
    the annex's own groups, which are returned with them."""
    table = read_ocr_task_table(doc, start, end, tasks, groups)
    matched = _match_rows(table.rows, tasks)
    new_tasks: list[Task] = []
    for r, row in enumerate(table.rows):
        if r in matched:
            task = tasks[matched[r]]
            lead, coords = _row_units(row, table.main_column, task.text)
            if lead and not task.lead_unit:
                task.lead_unit = lead
            if coords and not task.coordinating_units:
                task.coordinating_units = [c for c in coords if c != task.lead_unit]
            if row.deadline and not task.deadline:
                task.deadline, task.recurring = row.deadline, row.recurring
            if row.output and not task.output:
                task.output = row.output
            task.source = "both"
            task.lines = [task.lines[0], task.lines[1], row.start, row.end]
            continue
        if len(_words(row.text)) < 5 or not _clean_words(row.text, 0.6):
            continue  # a row whose text cannot be read is not made up
        lead, coords = _row_units(row, table.main_column)
        new_tasks.append(
            Task(
                id=f"a{len(new_tasks) + 1}",
                text=row.text,
                group=row.group,
                lead_unit=lead and localise(lead, level_word),
                coordinating_units=[localise(c, level_word) for c in coords],
                deadline=row.deadline,
                output=row.output,
                lines=[row.start, row.end],
                source="annex",
                number=row.number,
                recurring=row.recurring,
            )
        )
    used = {t.group for t in new_tasks}
    new_groups = [g for g in table.groups if g.label in used]
    taken = {g.label for g in groups}
    for g in new_groups:
        if g.label in taken:  # the body numbers its groups the same way: keep both apart
            old = g.label
            g.label = f"PL-{g.label}"
            for t in new_tasks:
                if t.group == old:
                    t.group = g.label
    return new_groups, new_tasks


def enrich_from_ocr_annex(doc: Doc, tasks: list[Task], start: int, end: int, level_word: str) -> int:
    """Locate body tasks in an OCR'd annex task table (units, output, deadline); returns how many."""
    before = sum(t.source == "both" for t in tasks)
    tasks_from_ocr_annex(doc, tasks, [], start, end, level_word)
    return sum(t.source == "both" for t in tasks) - before
