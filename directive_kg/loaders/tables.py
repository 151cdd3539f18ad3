"""Annex tables: pipe tables (Markdown, DOCX) and OCR'd tables flattened into running lines.

Pipe tables are read cell by cell with their header naming the columns.
OCR'd tables lose the grid: the cells of one row are interleaved over
several lines and the header repeats on every page. Two reassembly rules
cover what plans print:
- task tables restate the body's tasks, so each body task is located in the
  annex by fuzzy matching its opening words, and the annex text between two
  located tasks is that row: its units and deadline belong to the task;
- indicator tables print one row per line with a unit column followed by one
  value per year of the header, so a row is found by that shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..model import Indicator, Target, Task, TaskGroup
from ..text import squash
from .dates import parse_deadline
from .ocr import fold_aligned
from .restore import restore
from .segment import Doc
from .units import find_units

# ---------------------------------------------------------------- pipe tables


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


_YEAR_HEAD = re.compile(r"(?<!\d)(20[2-5]\d)(?!\d)")
_VALUE = re.compile(r"(?P<cmp>≥|>=|≤|<=|>|<|=)?\s*(?P<v>\d+(?:[.,]\d+)?)\s*%?")


def parse_target_cell(text: str) -> tuple[str, float] | None:
    """'≥ 80' → ('>=', 80.0); '> 0,7' → ('>', 0.7); '90' → ('=', 90.0); '40 - 50' → ('>=', 40.0)."""
    t = text.replace("**", "").strip()
    if not t or t in {"-", "—", "–"}:
        return None
    m = re.match(r"\s*(?P<cmp>≥|>=|≤|<=|>|<|=)?\s*(?:tối thiểu|ít nhất|trên|dưới)?\s*(?P<v>\d+(?:[.,]\d+)?)\s*%?(?P<rest>.*)$", t)
    if not m:
        return None
    cmp = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", ">": ">", "<": "<", "=": "="}.get(m.group("cmp") or "", "=")
    low = t.lower()
    if cmp == "=":
        if "tối thiểu" in low or "ít nhất" in low:
            cmp = ">="
        elif low.startswith("trên"):
            cmp = ">"
    if re.match(r"\s*[-–]\s*\d", m.group("rest") or ""):
        cmp = ">="  # a range "40 - 50": at least the lower bound
    return cmp, float(m.group("v").replace(",", "."))


def indicators_from_pipe_table(doc: Doc, table: PipeTable) -> list[Indicator] | None:
    h = table.header
    c_name = _col(h, "chi tieu", "ten chi tieu")
    if c_name is None:
        return None
    c_unit = _col(h, "don vi", exclude=("chu tri", "theo doi", "thuc hien"))
    c_resp = _col(h, "chu tri", "co quan", "theo doi")
    year_cols = {k: int(m.group(1)) for k, hh in enumerate(h) if (m := _YEAR_HEAD.search(hh))}
    c_value = _col(h, "ket qua", "muc tieu", "chi tieu den") if not year_cols else None
    out: list[Indicator] = []
    year_ctx: int | None = None
    for line, cells in table.rows:
        num = cells[0] if cells else ""
        name = cells[c_name] if c_name < len(cells) else ""
        ym = re.search(r"(?:đến|den)\s+năm\s+(20\d\d)|đến năm (20\d\d)", fold_aligned(name) and name.lower())
        if _ROMAN_CELL.match(num.replace("*", "")) or (not re.search(r"\d", num) and ym):
            year_m = _YEAR_HEAD.search(name)
            year_ctx = int(year_m.group(1)) if year_m else year_ctx
            continue
        if not name.strip():
            continue
        targets: list[Target] = []
        if year_cols:
            for k, year in year_cols.items():
                if k < len(cells) and (p := parse_target_cell(cells[k])):
                    targets.append(Target(year, p[0], p[1], cells[k].strip()))
        elif c_value is not None and c_value < len(cells):
            for part in cells[c_value].split(";"):  # "≤ 3 Đông Nam Á; ≤ 50 Thế giới": two targets
                p = parse_target_cell(part)
                if p:
                    targets.append(Target(year_ctx, p[0], p[1], part.strip()))
        if not targets:
            continue
        unit = cells[c_unit].strip() if c_unit is not None and c_unit < len(cells) else None
        resp = cells[c_resp].strip() if c_resp is not None and c_resp < len(cells) else None
        if unit and "%" in unit and targets and any(t.raw and "%" in t.raw for t in targets):
            unit = unit
        out.append(Indicator(name=squash(name.replace("**", "")), unit=unit or None,
                             responsible_unit=resp or None, targets=targets, lines=[line, line],
                             number=num.strip(" .*") or None))
    return out


# ---------------------------------------------------------------- OCR'd task tables


def _anchor_key(text: str, words: int = 9) -> str:
    return " ".join(fold_aligned(text).split()[:words])


def enrich_from_ocr_annex(doc: Doc, tasks: list[Task], start: int, end: int, level_word: str) -> int:
    """Locate each body task in an OCR'd annex task table and take its units and deadline from there.

    Returns how many tasks were located.
    """
    lines = list(range(start, end + 1))
    if not lines or not tasks:
        return 0
    folded = [" ".join(doc.fline(i).replace("|", " ").split()) for i in lines]
    task_keys = [" ".join(fold_aligned(t.text).split()) for t in tasks]
    # each annex line that carries enough words votes for the body task whose text contains it
    first_line: dict[int, int] = {}
    for k, text in enumerate(folded):
        words = re.sub(r"[^a-z ]", " ", text).split()
        if len(" ".join(w for w in words if len(w) > 1)) < 25:
            continue
        scores = [fuzz.partial_ratio(text, key) for key in task_keys]
        best = max(range(len(tasks)), key=lambda t: scores[t])
        if scores[best] >= 82 and best not in first_line:
            first_line[best] = k
    located = [(k, tasks[t]) for t, k in first_line.items()]
    located.sort(key=lambda x: x[0])
    header_rx = re.compile(r"(noi dung|ten nhiem vu|co quan|phoi hop|thoi gian|ghi chu|chi tiet)")
    for n, (k, task) in enumerate(located):
        stop = located[n + 1][0] if n + 1 < len(located) else min(len(lines), k + 25)
        row_lines = [lines[j] for j in range(max(0, k - 3), stop) if not header_rx.search(folded[j])]
        row_text = "\n".join(doc.line(i) for i in row_lines)
        units = [u for u, _, _ in find_units(row_text)]
        # reading order follows the columns: chủ trì (often "UBND xã"), thực hiện chính, phối hợp
        carriers = [u for u in units if u != "Ủy ban nhân dân xã"]
        if carriers and not task.lead_unit:
            task.lead_unit = carriers[0]
        coords = [u for u in units if u != task.lead_unit and u != "Ủy ban nhân dân xã"]
        if coords and not task.coordinating_units:
            task.coordinating_units = list(dict.fromkeys(coords))
        if not task.deadline:
            own = [lines[j] for j in range(max(0, k - 1), stop)]
            deadline, recurring = _deadline_in(doc, own)
            if deadline:
                task.deadline, task.recurring = deadline, recurring
        task.source = "both"
        task.lines = [task.lines[0], task.lines[1], lines[k], lines[stop - 1]]
    return len(located)


_DEADLINE_PHRASE = re.compile(
    r"(?:(?:nam|thang|quy)\s+)?(?:\d{1,2}\s*/\s*)?20[2-4]\d(?:\s*va\s*(?:cac|c\w{1,3})\s*nam\s*tiep\s*theo)?"
    r"|th\w{1,4}\s*\n?\s*x\w{0,2}y\w{0,3}n|ca\s*nam|hang\s*nam")


def _deadline_in(doc: Doc, lines: list[int]) -> tuple[str | None, bool]:
    text = "\n".join(doc.fline(i) for i in lines)
    for m in _DEADLINE_PHRASE.finditer(text):
        phrase = m.group(0)
        # skip years inside document citations ("ngày 22/12/2024", "57-NQ/TW … 2025")
        before = text[max(0, m.start() - 8): m.start()]
        if re.search(r"\d\s*/\s*$", before) or "ngay" in before:
            continue
        deadline, recurring = parse_deadline(phrase)
        if deadline:
            return deadline, recurring
    # event-based deadlines ("Khi tỉnh ban hành Kế hoạch", "Sau khi Quyết định … được ban hành") are kept as written
    flat = " ".join(text.split())
    m = _EVENT_DEADLINE.search(flat)
    if m:
        return squash(m.group(0)), False
    # in a flattened OCR row the deadline column is the right edge: "… Khi tinh ban" ends a line and its
    # continuation ("hanh Ke hoach") ends the next ones; keep the opening as printed, marked as cut
    for i in lines:
        m = _EVENT_AT_LINE_END.search(doc.fline(i))
        if m:
            return restore(squash(doc.line(i)[m.start():m.end()])) + " …", False
    return None, False


_EVENT_AT_LINE_END = re.compile(r"\b(?:sau khi|khi)(?:\s+[a-z]{1,8}){1,3}\s*$")
_EVENT_DEADLINE = re.compile(r"(?:sau khi|khi)\s+(?:[a-z]{1,8}\s+){0,8}?(?:ban\s*hanh|phe\s*duyet|co\s*hieu\s*luc)"
                             r"|trien\s*khai\s*theo\s*huong\s*dan")


# ---------------------------------------------------------------- OCR'd indicator tables

_UNIT_TOKEN = re.compile(r"(?<![a-z0-9])(?P<unit>[%&]\s*(?:tong\s*chi|grdp|dan\s*s[o06]|gdp)?|doa\.?r?j?n?h\s*nghiep|san\s*pham)(?=\s)")
_VALUE_TOKENS = re.compile(r"(?:(?P<cmp>[>=<≥≤]|2(?=\s+\d))\s*)?(?P<num>\d{1,3}(?:[.,]\d+)?)|(?P<dash>[-–—\]])(?=\s|$)")
_HEADER_WORDS = re.compile(r"\b(stt|ten chi tieu|don vi|co quan chu tri|ket qua)\b")


def _ocr_value(cmp: str | None, num: str, unit: str) -> tuple[str, float, str] | None:
    raw = (cmp or "") + num
    value = float(num.replace(",", "."))
    if cmp in (">", "≥"):
        return (">=" if cmp == "≥" else ">"), value, raw
    if cmp in ("=", "2"):
        return ">=", value, raw  # OCR reads "≥" as "=" or "2"
    if cmp in ("<", "≤"):
        return ("<=" if cmp == "≤" else "<"), value, raw
    # "225" for "≥25", "270" for "≥70": a leading 2 glued to a plausible percentage
    if unit[:1] in "%&" and num.startswith("2") and len(num) == 3 and value > 100:
        return ">=", float(num[1:]), raw
    return "=", value, raw


def indicators_from_ocr_annex(doc: Doc, start: int, end: int) -> list[Indicator]:
    years: list[int] = []
    for i in range(start, min(end, start + 15) + 1):
        found = [int(y) for y in _YEAR_HEAD.findall(doc.fline(i))]
        if len(found) >= 3:
            years = found
            break
    if not years:
        return []
    out: list[Indicator] = []
    pending: list[str] = []  # name lines waiting for their row
    pending_start: int | None = None
    last: Indicator | None = None
    for i in range(start, end + 1):
        raw = doc.line(i)
        # same length as raw, so positions found here cut the raw line correctly
        f = fold_aligned(raw).replace("|", " ")
        if not f.strip():
            continue
        if len(set(_HEADER_WORDS.findall(f))) >= 2 or len(_YEAR_HEAD.findall(f)) >= 3:
            pending, pending_start = [], None
            continue
        best: tuple[re.Match[str], list] | None = None
        for m in _UNIT_TOKEN.finditer(f):
            rest = f[m.end():]
            values: list[tuple[str, float, str] | None] = []
            for v in _VALUE_TOKENS.finditer(rest):
                if re.search(r"[a-z]{3}", rest[: v.start()][-6:]) and values:
                    break
                if v.group("dash"):
                    values.append(None)
                else:
                    values.append(_ocr_value(v.group("cmp"), v.group("num"), m.group("unit")))
                if len(values) == len(years):
                    break
            # the unit cell is the one followed by one value per year (a word inside the name is not)
            if len(values) >= max(2, len(years) - 1) and any(values) and (best is None or len(values) >= len(best[1])):
                best = (m, values)
        if best is not None:
            m, values = best
            head = re.sub(r"^\s*[\d.]+\s*\|?\s*", "", raw[: m.start()]).strip(" |")
            name = squash(" ".join(pending + [head]))
            targets = [Target(y, v[0], v[1], v[2]) for y, v in zip(years, values, strict=False) if v]
            unit = squash(raw[m.start(): m.end()]).replace("&", "%") or None
            last = Indicator(name=name, unit=unit, responsible_unit=None,
                             targets=targets, lines=[pending_start or i, i],
                             number=(re.match(r"\s*([\d.]+)", raw) or [None, None])[1])
            tail_units = find_units(raw[m.end():])
            if tail_units:
                last.responsible_unit = tail_units[0][0]
            out.append(last)
            pending, pending_start = [], None
            continue
        stripped = re.sub(r"^\s*[\d.]+\s*\|?\s*", "", raw).strip(" |")
        if not stripped:
            continue
        if re.match(r"^\s*\d{1,2}\s*\|?\s+\S", raw) and not re.match(r"^\s*\d{1,2}\.\d", raw):
            # a numbered line without values is a group heading ("2 | Xếp hạng chuyển đổi số cấp xã")
            pending, pending_start = [], None
            last = None
            continue
        if stripped[0].isupper():
            if not pending:
                pending_start = i
            pending.append(stripped)
            if len(pending) > 3:
                pending = pending[-3:]
        elif last is not None and not pending:
            last.name = squash(last.name + " " + stripped)
            last.lines[1] = i
    return out
