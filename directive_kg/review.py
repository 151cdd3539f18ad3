"""The review loop: a plan's links and best rejected candidates as a workbook, and its decisions back.

`write_review` writes, per task of a plan, every link the build made (method, score, wording matched)
and the candidates it rejected (a programme task among the four closest, below the link threshold),
with the task's and the central task's text and columns for the reviewer's decision. `read_review`
checks a filled workbook against the current store — a task that no longer exists, whose text changed,
a mandate that is not one, a decision that is not accept or reject — and returns every problem, one per
line; `apply_review` writes the decisions into the corrections file's `reviews:` section (reviewer and
date kept), which `dkg build --corrections` reads on every build (method `manual`). A link flagged suspect (the central
task it restates was changed or dropped by a later programme, graph/builder.py) shows the change; a
reviewer who accepts it clears the flag for that very change (the `cleared:` section): the link keeps
its method and score, and the flag comes back when the central task changes again. Nothing is applied
from a workbook with a problem.

Workbook cells are values, never formulas: a text starting with = + - @ is written with a leading
apostrophe (and read back without it).
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError
from .queries.read import read_query

FORMAT = "dkg-review 1"
SHEET, ABOUT = "Rà soát", "Thông tin"
# (key, Vietnamese column title); the reader finds columns by title
COLUMNS = [
    ("plan", "Kế hoạch"),
    ("task", "Mã nhiệm vụ"),
    ("task_text", "Nội dung nhiệm vụ"),
    ("mandate", "Nhiệm vụ/nhóm trung ương"),
    ("kind", "Loại"),
    ("central_text", "Nội dung trung ương"),
    ("score", "Điểm"),
    ("method", "Phương pháp"),
    ("evidence", "Từ ngữ khớp"),
    ("suspect", "Cảnh báo thay đổi"),
    ("proposed", "Đề xuất"),
    ("decision", "Quyết định (chấp nhận/loại)"),
    ("other", "Nhiệm vụ trung ương khác"),
]
PROPOSED = {"link": "đã liên kết", "candidate": "ứng viên bị loại", "none": "chưa liên kết"}
ACCEPT = {"chấp nhận", "chap nhan", "accept", "đồng ý", "dong y", "x", "ok"}
REJECT = {"loại", "loai", "reject", "không", "khong"}
_UNSAFE = ("=", "+", "-", "@")
_MANDATE = re.compile(r"^\S+#\S+$")


@dataclass
class ReviewRow:
    plan: str
    task: str  # the task id of `dkg extract` (t12, d3)
    task_text: str
    mandate: str | None = None
    kind: str | None = None
    central_text: str | None = None
    score: float | None = None
    method: str | None = None
    evidence: str | None = None
    proposed: str = "none"  # link, candidate or none
    suspect: str | None = None  # what a later programme changed in the central task (a suspect link)


@dataclass
class Decisions:
    """What a workbook decides, per `plan#task` key, or the problems that stop it from being applied."""

    plan: str = ""
    reviewer: str = ""
    accept: dict[str, list[str]] = field(default_factory=dict)
    reject: dict[str, list[str]] = field(default_factory=dict)
    cleared: dict[str, list[str]] = field(default_factory=dict)  # plan#task → the changes accepted
    problems: list[str] = field(default_factory=list)


def _plan_rows(store: Any, plan: str) -> tuple[str, dict[str, str], list[ReviewRow]]:
    """(the plan's key, task id → text, rows) from the store; InputError when the plan is not there."""
    result = store.query(read_query("review-rows"), {"q": plan})
    cols = result.columns
    rows = [dict(zip(cols, r, strict=True)) for r in result.rows]
    if not rows:
        raise InputError(plan, "no local plan with this identifier, IRI or source path in the store")
    key = str(rows[0]["pid"] or rows[0]["path"])
    texts: dict[str, str] = {}
    out: dict[tuple[str, str | None, str], ReviewRow] = {}
    for r in rows:
        task = str(r["t"]).rsplit("/task/", 1)[-1]
        texts[task] = str(r["text"] or "")
        if r["what"] is None:
            continue
        row = ReviewRow(
            key,
            task,
            texts[task],
            str(r["label"]),
            r["kind"] and str(r["kind"]),
            r["ctext"] and str(r["ctext"]),
            float(r["score"]),
            str(r["method"]),
            r["evidence"] and str(r["evidence"]),
            str(r["what"]),
            r["suspect"] and str(r["suspect"]),
        )
        k = (task, row.mandate, row.proposed)
        if k not in out or (row.score or 0) > (out[k].score or 0):
            out[k] = row
    listed = {task for task, _, _ in out}
    for task, text in texts.items():
        if task not in listed:
            out[(task, None, "none")] = ReviewRow(key, task, text)
    order = {"link": 0, "candidate": 1, "none": 2}
    return (
        key,
        texts,
        sorted(
            out.values(),
            key=lambda r: (_task_order(r.task), order[r.proposed], -(r.score or 0), r.mandate or ""),
        ),
    )


def _task_order(task: str) -> tuple[str, int, str]:
    m = re.match(r"([a-z]*)(\d+)(.*)", task)
    return (m.group(1), int(m.group(2)), m.group(3)) if m else (task, 0, "")


def safe_cell(value: object) -> object:
    """A value for a workbook cell that a spreadsheet never evaluates: texts starting with = + - @ get an apostrophe."""
    if isinstance(value, str) and value.startswith(_UNSAFE):
        return "'" + value
    return value


def _unsafe_back(value: object) -> str:
    text = "" if value is None else str(value)
    return text[1:] if text.startswith("'") and text[1:].startswith(_UNSAFE) else text


def write_review(store: Any, plan: str, out: str | Path, today: _dt.date | None = None) -> int:
    """Write the review workbook of a plan; returns the number of rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    key, _, rows = _plan_rows(store, plan)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([title for _, title in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        values = {
            "plan": r.plan,
            "task": r.task,
            "task_text": r.task_text,
            "mandate": r.mandate,
            "kind": {"group": "nhóm", "task": "nhiệm vụ"}.get(r.kind or "", r.kind),
            "central_text": r.central_text,
            "score": r.score,
            "method": r.method,
            "evidence": r.evidence,
            "suspect": r.suspect,
            "proposed": PROPOSED[r.proposed],
            "decision": None,
            "other": None,
        }
        ws.append([safe_cell(values[k]) for k, _ in COLUMNS])
    decision_col = next(i for i, (k, _) in enumerate(COLUMNS, 1) if k == "decision")
    letter = ws.cell(row=1, column=decision_col).column_letter
    dv = DataValidation(type="list", formula1='"chấp nhận,loại"', allow_blank=True)
    ws.add_data_validation(dv)
    if rows:
        dv.add(f"{letter}2:{letter}{len(rows) + 1}")
    widths = {
        "task_text": 60,
        "central_text": 60,
        "evidence": 30,
        "suspect": 30,
        "decision": 18,
        "other": 18,
        "mandate": 16,
    }
    for i, (k, _) in enumerate(COLUMNS, 1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = widths.get(k, 12)
        if k in ("task_text", "central_text"):
            for cell in ws.iter_cols(min_col=i, max_col=i, min_row=2):
                for c in cell:
                    c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    about = wb.create_sheet(ABOUT)
    for item in (
        ("định dạng", FORMAT),
        ("kế hoạch", key),
        ("ngày lập", (today or _dt.date.today()).isoformat()),
        ("người rà soát", None),
        (
            "cách dùng",
            "Cột 'Quyết định': 'chấp nhận' hoặc 'loại' liên kết/ứng viên của dòng; cột 'Nhiệm vụ trung ương "
            "khác': một nhiệm vụ trung ương (03/NQ-CP#12) được chấp nhận cho nhiệm vụ này. 'Chấp nhận' một "
            "liên kết có 'Cảnh báo thay đổi' là xác nhận liên kết dù nhiệm vụ trung ương đã thay đổi: cảnh báo "
            "được gỡ cho đúng thay đổi đó. Rồi: dkg review --apply TỆP --corrections corrections.yaml",
        ),
    ):
        about.append([safe_cell(v) for v in item])
    about.column_dimensions["A"].width = 16
    about.column_dimensions["B"].width = 100
    wb.save(out)
    return len(rows)


def read_review(store: Any, path: str | Path, reviewer: str | None = None) -> Decisions:
    """The decisions of a filled workbook, checked against the store: every problem is listed, one per line."""
    from openpyxl import load_workbook

    name = str(path)
    dec = Decisions()
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a file that is not a workbook
        raise InputError(name, f"not a review workbook (.xlsx): {type(exc).__name__}") from None
    if SHEET not in wb.sheetnames or ABOUT not in wb.sheetnames:
        raise InputError(name, f"not a review workbook: sheets '{SHEET}' and '{ABOUT}' expected")
    about = {_unsafe_back(r[0]): r[1] for r in wb[ABOUT].iter_rows(values_only=True) if r and r[0]}
    if about.get("định dạng") != FORMAT:
        dec.problems.append(f"{name}:{ABOUT}: format {about.get('định dạng')!r}, expected {FORMAT!r}")
    dec.plan = _unsafe_back(about.get("kế hoạch"))
    dec.reviewer = (reviewer or _unsafe_back(about.get("người rà soát"))).strip()
    if not dec.reviewer:
        dec.problems.append(f"{name}:{ABOUT}: no reviewer (fill 'người rà soát' or give --reviewer)")
    sheet = wb[SHEET].iter_rows(values_only=True)
    header = [_unsafe_back(h) for h in next(sheet, [])]
    where = {}
    required = ("plan", "task", "task_text", "mandate", "decision", "other")
    for k, title in COLUMNS:
        if title in header:
            where[k] = header.index(title)
        elif k in required:
            dec.problems.append(f"{name}:{SHEET}!1: column '{title}' missing")
    if any(k not in where for k in required):
        return dec
    if not dec.plan:
        dec.problems.append(f"{name}:{ABOUT}: no plan named")
        return dec
    try:
        key, texts, current = _plan_rows(store, dec.plan)
    except InputError:
        dec.problems.append(f"{name}:{ABOUT}: plan {dec.plan!r} is not in the store (stale workbook)")
        return dec
    mandates = {str(r[0]) for r in store.query(read_query("review-mandates")).rows}
    suspects = {(r.task, r.mandate): r.suspect for r in current if r.proposed == "link" and r.suspect}
    for n, row in enumerate(sheet, 2):
        if not row or all(v in (None, "") for v in row):
            continue
        _read_row(dec, f"{name}:{SHEET}!{n}", row, where, key, texts, mandates, suspects)
    wb.close()
    return dec


def _cell(row: tuple, where: dict[str, int], k: str) -> str:
    i = where.get(k)
    return _unsafe_back(row[i] if i is not None and i < len(row) else None).strip()


def _read_row(  # noqa: PLR0913 - one row against everything it is checked with
    dec: Decisions,
    place: str,
    row: tuple,
    where: dict,
    key: str,
    texts: dict[str, str],
    mandates: set[str],
    suspects: dict[tuple[str, str | None], str | None],
) -> None:
    decision, other = _cell(row, where, "decision").lower(), _cell(row, where, "other")
    if not decision and not other:
        return
    task, mandate = _cell(row, where, "task"), _cell(row, where, "mandate")
    if _cell(row, where, "plan") != key:
        dec.problems.append(f"{place}: plan {_cell(row, where, 'plan')!r} is not the workbook's plan {key!r}")
        return
    if task not in texts:
        dec.problems.append(f"{place}: task {task!r} of {key} no longer exists (stale workbook)")
        return
    if _cell(row, where, "task_text") != texts[task].strip():
        dec.problems.append(
            f"{place}: the text of task {task} changed since the workbook was written (stale)"
        )
        return
    target = f"{key}#{task}"
    if decision:
        if decision not in ACCEPT | REJECT:
            dec.problems.append(f"{place}: decision {decision!r} is neither 'chấp nhận' nor 'loại'")
        elif not mandate:
            dec.problems.append(
                f"{place}: a decision on a row without a mandate (name one in the last column)"
            )
        elif mandate not in mandates:
            dec.problems.append(f"{place}: mandate {mandate!r} is not in the store")
        elif decision in ACCEPT and _cell(row, where, "suspect"):
            # accepting a suspect link clears the flag for the change the reviewer saw, nothing more
            if suspects.get((task, mandate)) != _cell(row, where, "suspect"):
                dec.problems.append(
                    f"{place}: the change flagged on {task} → {mandate} is no longer "
                    f"{_cell(row, where, 'suspect')!r} (stale workbook)"
                )
            else:
                dec.cleared.setdefault(target, []).append(_cell(row, where, "suspect"))
        else:
            (dec.accept if decision in ACCEPT else dec.reject).setdefault(target, []).append(mandate)
    if other:
        if not _MANDATE.match(other) or other not in mandates:
            dec.problems.append(
                f"{place}: other mandate {other!r} is not a central group or task in the store"
            )
        else:
            dec.accept.setdefault(target, []).append(other)


def apply_review(dec: Decisions, corrections: str | Path, today: _dt.date | None = None) -> int:
    """Write the decisions into the corrections file's `reviews:` and `cleared:` sections; returns the
    tasks written.

    A later decision wins over an earlier one on the same mandate; the file's other sections are kept.
    """
    from .corrections import load_corrections

    if dec.problems:
        raise InputError(str(corrections), "the workbook has problems; nothing applied")
    path = Path(corrections)
    data: dict = {}
    if path.exists():
        load_corrections(path)  # a malformed corrections file is reported as such, not overwritten
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    reviews = data.setdefault("reviews", {}) or {}
    data["reviews"] = reviews
    date = (today or _dt.date.today()).isoformat()
    keys = sorted(set(dec.accept) | set(dec.reject))
    for k in keys:
        item = reviews.get(k) or {}
        accept, reject = list(item.get("accept") or []), list(item.get("reject") or [])
        for m in dec.accept.get(k, []):
            reject = [x for x in reject if x != m]
            accept += [m] if m not in accept else []
        for m in dec.reject.get(k, []):
            accept = [x for x in accept if x != m]
            reject += [m] if m not in reject else []
        reviews[k] = {"accept": accept, "reject": reject, "reviewer": dec.reviewer, "date": date}
    if dec.cleared:
        cleared = data.get("cleared") or {}
        for k, changes in sorted(dec.cleared.items()):
            seen = cleared.get(k) or []
            seen = [seen] if isinstance(seen, str) else list(seen)
            seen += [c for c in dict.fromkeys(changes) if c not in seen]
            cleared[k] = seen[0] if len(seen) == 1 else seen
        data["cleared"] = cleared
    keys = sorted(set(keys) | set(dec.cleared))
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    fd, tmp = tempfile.mkstemp(
        dir=path.parent if str(path.parent) else ".", prefix=".review-", suffix=".yaml"
    )
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
    return len(keys)
