"""The loader pipeline: decode → normalise → segment → extract, for one file."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from ..catalog import load_catalog
from ..model import Extraction, Indicator, Responsibility, SourceInfo, Task, TaskGroup, Unit
from ..text import squash
from .boilerplate import site_lines
from .dates import normalise_deadline
from .decode import read_document
from .header import annex_caption_identifiers, read_header
from .identifiers import find_all
from .indicators import prose_indicators, task_targets
from .ocr import fold_aligned, ocr_suspect
from .references import find_references
from .restore import restore, restore_place
from .segment import Doc, Section, build_doc
from .tables import (
    indicators_from_ocr_annex,
    indicators_from_pipe_table,
    pipe_tables,
    tasks_from_ocr_annex,
    tasks_from_pipe_table,
)
from .tasks import REGULAR_OPENING, apply_cross_references, extract_body_tasks, extract_duties, parse_items
from .units import GENERIC_UNITS, canonical_unit, find_units, localise, unit_key

_ANNEX_CITE = re.compile(r"phu\s*l[u\w]c\s*(?P<labels>(?:[ivx1l]{1,4}(?![a-z])(?:\s*[,;]\s*|\s+va\s+)?)+)?")
_DISTRICT = re.compile(r"(?<![a-z])huy[e¢€]n(?![a-z])")


def extract_file(path: Path) -> Extraction:
    decoded = read_document(path)
    doc = build_site_masked_doc(str(path), decoded.text, markdown=decoded.format == "md")
    return extract_doc(
        doc,
        SourceInfo(
            path=str(path),
            sha256=decoded.sha256,
            encoding=decoded.encoding,
            ocr_suspect=ocr_suspect(decoded.text),
            format=decoded.format,
            line_count=doc.n,
        ),
        list(getattr(decoded, "warnings", []) or []),
    )


def build_site_masked_doc(path: str, text: str, markdown: bool = False) -> Doc:
    """build_doc on the text with a web page's own lines blanked (boilerplate.py); raw lines kept."""
    lines = text.split("\n")
    site = site_lines(lines)
    masked = "\n".join("" if i in site else line for i, line in enumerate(lines))
    doc = build_doc(path, masked, markdown=markdown)
    doc.raw = lines
    return doc


def extract_doc(doc: Doc, source: SourceInfo, warnings: list[str] | None = None) -> Extraction:
    catalog = load_catalog()
    info = read_header(doc, catalog)
    own = find_all(info.identifier)[0].identifier if info.identifier else None
    level_word = "phường" if info.issuer.name and "phường" in info.issuer.name else "xã"
    own_keys = {i.canonical for i in annex_caption_identifiers(doc)}  # "(Kèm theo Công văn số …)"
    refs = find_references(doc, own, info.province, catalog, info.lines, own_keys=own_keys)
    groups, tasks, duties = _tasks(doc, level_word)
    _deadline_periods(tasks + duties)
    indicators = _indicators(doc)
    responsibilities = _responsibilities(doc, level_word)
    ex = Extraction(
        source=source,
        document=info,
        references=refs,
        groups=groups,
        tasks=tasks,
        indicators=indicators,
        responsibilities=responsibilities,
        duties=duties,
        warnings=list(warnings or []),
    )
    if source.ocr_suspect:
        _restore_display(ex)
    _register_spelling(ex)
    ex.units = _units(ex, level_word)
    ex.annexes_present = [a.label or "?" for a in doc.annexes]
    ex.annexes_cited = _annexes_cited(doc)
    ex.district_mentions = _districts(doc)
    for ref in refs:
        if ref.note:
            ex.warnings.append(f"citation {ref.raw!r} (line {ref.lines[0]}): {ref.note}")
    for note in info.notes:
        ex.warnings.append(note)
    ex.warnings += _task_warnings(doc, ex)
    if not info.identifier and not info.date and not info.issuer.name:
        ex.warnings.append(
            "no document header (number, issuer, date) found (line 1): loaded without an identifier"
        )
    return ex


def _task_warnings(doc: Doc, ex: Extraction) -> list[str]:
    """What a person should check: a plan in which no task was found, a table whose columns were not read."""
    out: list[str] = []
    for table in pipe_tables(doc, 1, doc.n):
        header = " | ".join(h for h in table.header if h)
        task_like = any(w in header for w in ("nhiem vu", "noi dung", "chi tieu", "giai phap"))
        if (
            task_like
            and table.rows
            and tasks_from_pipe_table(doc, table, "xã") is None
            and indicators_from_pipe_table(doc, table) is None
        ):
            out.append(
                f"table at line {table.start}: columns not assigned (no lead-unit or target column in "
                f"header {header[:80]!r}): its {len(table.rows)} rows were not read"
            )
    if not ex.tasks and ex.document.kind in ("plan", "program"):
        out.append(
            f"no task found in {Path(doc.path).name}: no 'Nhiệm vụ'/'Giải pháp' section with items and no "
            f"task table was recognised"
        )
    return out


def _deadline_periods(tasks: list[Task]) -> None:
    """Each task's deadline as a period (quarter, interval, event, recurring from a year): dates.py."""
    for t in tasks:
        d = normalise_deadline(t.deadline)
        if d is None:
            continue
        t.deadline_kind, t.deadline_start, t.deadline_end = d.kind, d.start, d.end
        t.recurring_from = d.since


def _register_spelling(ex: Extraction) -> None:
    """The issuer's commune as the register spells it, wherever the displayed texts name it."""
    area = ex.document.issuer.area or ""
    kind = next((k for k in ("đặc khu", "phường", "xã") if area.startswith(k + " ")), None)
    if ex.document.issuer.level != "commune" or kind is None:
        return
    name = area[len(kind) + 1 :]
    d = ex.document
    d.title = restore_place(d.title, kind, name) if d.title else d.title
    for g in ex.groups:
        g.title = restore_place(g.title, kind, name)
    for t in ex.tasks:
        t.text = restore_place(t.text, kind, name)
    for i in ex.indicators:
        i.name = restore_place(i.name, kind, name)
    for r in ex.responsibilities:
        r.text = restore_place(r.text, kind, name)
    for t in ex.duties:
        t.text = restore_place(t.text, kind, name)


def _restore_display(ex: Extraction) -> None:
    """OCR'd text is displayed with restored diacritics; the text as printed stays in raw_text."""
    d = ex.document
    d.title = restore(d.title) if d.title else d.title
    if d.issuer.name and not d.issuer.code:  # a name resolved in the register is spelt as the register does
        d.issuer.name = restore(d.issuer.name)
    for g in ex.groups:
        g.title = restore(g.title)
    for t in ex.tasks:
        t.raw_text = t.raw_text or t.text
        t.text = restore(t.text)
        t.output = restore(t.output) if t.output else t.output
    for i in ex.indicators:
        i.name = restore(i.name)
    for r in ex.responsibilities:
        r.text = restore(r.text)
    for t in ex.duties:
        t.raw_text = t.raw_text or t.text
        t.text = restore(t.text)


def _task_sections(doc: Doc) -> list[Section]:
    return [
        s
        for s in doc.sections
        if ("nhiem vu" in s.folded_title or "giai phap" in s.folded_title)
        and "to chuc" not in s.folded_title
        and "noi dung, thoi gian" not in s.folded_title
    ]


def _duty_section(doc: Doc) -> Section | None:
    return doc.section("to chuc thuc hien")


def _tasks(doc: Doc, level_word: str) -> tuple[list[TaskGroup], list[Task], list[Task]]:
    """Groups, tasks and the duties no annex row restates."""
    body_groups: list[TaskGroup] = []
    body_tasks: list[Task] = []
    for section in _task_sections(doc):
        g, t = extract_body_tasks(doc, section)
        body_groups += g
        body_tasks += t
    duty_section = _duty_section(doc)
    duties = extract_duties(doc, duty_section, level_word) if duty_section else []
    table_groups: list[TaskGroup] = []
    table_tasks: list[Task] = []
    for table in pipe_tables(doc, 1, doc.n):
        parsed = tasks_from_pipe_table(doc, table, level_word)
        if parsed and parsed[1]:
            table_groups += parsed[0]
            table_tasks += parsed[1]
    if table_tasks:
        tasks, duties = merge_table_rows(table_tasks, body_tasks, duties)
        groups = (
            (table_groups or body_groups)
            if len(tasks) == len(table_tasks)
            else body_groups + [g for g in table_groups if g.label not in {b.label for b in body_groups}]
        )
    else:
        tasks, groups = list(body_tasks), list(body_groups)
        for annex in doc.annexes:
            head = " ".join(doc.fline(i) for i in range(annex.start, min(annex.end, annex.start + 40) + 1))
            if any(w in head for w in ("chu tri", "chi tri", "thuc hien chinh", "phoi hop")):
                # rows restating a body task enrich it; the other rows are the annex's own tasks
                annex_groups, annex_tasks = tasks_from_ocr_annex(
                    doc, body_tasks, body_groups, annex.start, annex.end, level_word
                )
                groups += annex_groups
                tasks += annex_tasks
        for n, g in enumerate(groups, 1):
            g.id = f"g{n}"
    for n, t in enumerate(tasks, 1):
        t.id = f"t{n}"
        if not t.deadline and REGULAR_OPENING.search(" ".join(fold_aligned(t.text).split()[:10])):
            t.recurring = True  # "Thường xuyên tuyên truyền …", "Triển khai tuyên truyền thường xuyên, …"
        if t.recurring and t.deadline != "recurring":
            t.deadline = "recurring"
    apply_cross_references(doc, tasks, duties)  # "chủ trì các nhiệm vụ tại mục III.2"
    for n, d in enumerate(duties, 1):
        d.id = f"d{n}"
    return groups, tasks, duties


def merge_table_rows(rows: list[Task], body: list[Task], duties: list[Task]) -> tuple[list[Task], list[Task]]:
    """Annex rows merged with the body item or duty each restates (one to one, best first): the row gives
    the lead, coordinating units and deadline, the body its lines. When the table is the plan's full list
    (as many rows as body items, and half the items restated: 03/NQ-CP's Phụ lục II) the body items only
    summarise it and are dropped;
    when it lists some key tasks ("Danh mục các nhiệm vụ trọng tâm"), the other body items stay tasks.
    Returns the tasks in reading order and the duties no row restates."""
    candidates = body + duties
    keys = [fold_aligned(c.text)[:200] for c in candidates]
    row_keys = [fold_aligned(row.text)[:200] for row in rows]
    matched: dict[int, int] = {}
    used: set[int] = set()
    # a row restates a task of the task sections before a duty (a duty may repeat a task word for word)
    # the row rewords the item (token sets) or states a part of it (a longer item holds the row); every
    # pair scored at once (rapidfuzz's cdist: 03/NQ-CP's 140 rows against its body took seconds pair by pair)
    scores = (
        np.maximum(
            process.cdist(row_keys, keys, scorer=fuzz.token_set_ratio, dtype=np.float64),
            process.cdist(row_keys, keys, scorer=fuzz.partial_ratio, dtype=np.float64),
        )
        if row_keys and keys
        else np.zeros((len(row_keys), len(keys)))
    )
    for pool in (range(len(body)), range(len(body), len(candidates))):
        pairs = [
            (float(scores[r, c]), r, c)
            for r in range(len(row_keys))
            if r not in matched
            for c in pool
            if scores[r, c] >= ROW_MATCH
        ]
        for _score, r, c in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
            if r in matched or c in used:
                continue
            matched[r] = c
            used.add(c)
    for r, c in matched.items():
        row, item = rows[r], candidates[c]
        row.source = "both"
        row.lines = item.lines[:2] + row.lines[:2]
    full_list = len(rows) >= len(body) and 2 * len(used & set(range(len(body)))) >= len(body)
    if full_list:  # the table's order is the programme's numbering
        tasks = rows
    else:
        kept_body = [b for k, b in enumerate(body) if k not in used]
        tasks = sorted(rows + kept_body, key=lambda t: (t.lines[0], t.lines[1]))
    left = [d for k, d in enumerate(duties, len(body)) if k not in used]
    return tasks, left


# an annex row restates a body item at 78 or more (617:412 ⏎ 176 rewords it: 78); rows that do not reach
# 76 (310:443, 456 against the items nearest them)
ROW_MATCH = 78


def _indicators(doc: Doc) -> list[Indicator]:
    target_sections = [
        s for s in doc.sections if "muc tieu" in s.folded_title or "chi tieu" in s.folded_title
    ]
    out = prose_indicators(doc, target_sections) + task_targets(doc, _task_sections(doc))
    for table in pipe_tables(doc, 1, doc.n):
        parsed = indicators_from_pipe_table(doc, table)
        if parsed:
            out += parsed
    for annex in doc.annexes:
        head = " ".join(doc.fline(i) for i in range(annex.start, min(annex.end, annex.start + 8) + 1))
        if "chi tieu" in head and not any(
            doc.line(i).lstrip().startswith("|") for i in range(annex.start, annex.end + 1)
        ):
            out += indicators_from_ocr_annex(doc, annex.start, annex.end)
    return out


def _responsibilities(doc: Doc, level_word: str) -> list[Responsibility]:
    section = doc.section("to chuc thuc hien")
    if section is None:
        return []
    out: list[Responsibility] = []
    for item in parse_items(doc, section.head_end + 1, section.end):
        text = item.text
        units = find_units(text[:200])
        if not units:
            continue
        name = localise(units[0][0], level_word)
        out.append(Responsibility(unit=name, text=text, lines=[item.start, item.end]))
    return out


def _roles(text: str, unit_end: int) -> list[str]:
    f = fold_aligned(text)
    after = f[unit_end : unit_end + 80]
    roles = []
    if "chu tri" in after or "thuong truc" in f[:200] or "dau moi" in after:
        roles.append("lead")
    if "phoi hop" in after[:30]:
        roles.append("coordinating")
    if "theo doi" in f or "don doc" in f or "kiem tra" in f or "giam sat" in f:
        roles.append("monitoring")
    if "kinh phi" in f:
        roles.append("funding")
    if "bao cao" in f or "tham muu" in f:
        roles.append("reporting")
    return roles or ["responsible"]


def _units(ex: Extraction, level_word: str) -> list[Unit]:
    """One unit per meaning (units.unit_key: case, diacritics, abbreviations), its spellings kept as aliases."""
    roles: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}

    def add(name: str | None, role: str) -> None:
        if not name:
            return
        printed = squash(name)
        if len(printed) > 80 or len(printed) < 3:
            return
        key = unit_key(printed)
        names.setdefault(key, localise(canonical_unit(printed), level_word))
        if printed != names[key] and printed not in aliases.setdefault(key, []):
            aliases[key].append(printed)
        lst = roles.setdefault(key, [])
        if role not in lst:
            lst.append(role)

    for t in ex.tasks:
        add(t.lead_unit, "lead")
        for c in t.coordinating_units:
            add(c, "coordinating")
    for ind in ex.indicators:
        add(ind.responsible_unit, "monitoring")
    for r in ex.responsibilities:
        units = find_units(r.text[:200])
        end = units[0][2] if units else 0
        for role in _roles(r.text, end):
            add(r.unit, role)
    return [Unit(name=names[k], roles=rs, aliases=aliases.get(k, [])) for k, rs in roles.items()]


def _annexes_cited(doc: Doc) -> list[str]:
    cited: list[str] = []
    for i in range(1, doc.body_end + 1):
        for m in _ANNEX_CITE.finditer(doc.fline(i)):
            labels = m.group("labels")
            if not labels:
                label = ""
            else:
                for lab in re.split(r"[,;\s]+|va", labels):
                    lab = lab.strip().upper().replace("1", "I").replace("L", "I")
                    if lab and re.fullmatch(r"[IVX]{1,4}", lab) and lab not in cited:
                        cited.append(lab)
                continue
            if label not in cited:
                cited.append(label)
    return cited


def _districts(doc: Doc) -> list[dict]:
    """Every mention of a district (huyện), body and annex rows alike (site boilerplate is blanked)."""
    found = []
    for i in range(1, doc.n + 1):
        f = doc.fline(i)
        for m in _DISTRICT.finditer(f):
            a, b = max(0, m.start() - 30), min(len(f), m.end() + 30)
            found.append({"line": i, "text": squash(doc.line(i)[a:b])})
    return found


__all__ = ["extract_file", "extract_doc", "GENERIC_UNITS"]
