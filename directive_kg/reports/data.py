"""ReportData: every table of the report, gathered once from the store (named queries + validation)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..errors import InputError
from ..queries import read, run
from ..stores.base import GraphStore
from ..text import fold
from .facts import TaskFacts, gather_tasks, parents_by_doc
from .labels import word
from .period import Period

AT_LEAST = {">=", ">", "=", "≥"}
AT_MOST = {"<=", "<", "≤"}


@dataclass
class Table:
    """One section of the report: column keys, typed rows (str, int, float, Period, None), column kinds."""

    key: str
    columns: list[str]
    rows: list[list[object]]
    kinds: dict[str, str] = field(default_factory=dict)  # column → int|float|percent|score|date|of_n|long


@dataclass
class Plan:
    doc: str  # IRI
    key: str  # identifier, else IRI (the named queries' "plan")
    identifier: str | None
    level: str
    title: str | None
    date: Period | None
    issuer: str | None
    province: str | None
    commune: str | None
    source: str | None


@dataclass
class ReportData:
    """Everything both outputs show; the XLSX and the HTML render the same tables."""

    lang: str
    as_of: dt.date
    generated: dt.datetime
    scope: str
    plans: list[Plan]
    central_groups: list[tuple[str, str]]  # (number, text) of the 57-NQ/TW groups
    tables: dict[str, Table]

    def table(self, key: str) -> Table:
        return self.tables[key]


# --------------------------------------------------------------------------------------------- scope
def _plans(store: GraphStore) -> list[Plan]:
    out = []
    for r in read.plans(store):
        key = r.identifier or r.doc
        out.append(
            Plan(
                r.doc,
                key,
                r.identifier,
                r.level,
                r.title,
                Period.parse(r.date),
                r.issuer,
                r.province,
                r.commune,
                r.source,
            )
        )
    return sorted(out, key=lambda p: p.key)


def select(plans: list[Plan], plan: str | None, province: str | None) -> list[Plan]:
    """The plans in scope: one plan (identifier, IRI or source file), a province's plans, or all."""
    if plan:
        wanted = plan.strip()
        chosen = [
            p
            for p in plans
            if wanted in (p.key, p.doc, p.source) or (p.source and p.source.rsplit("/", 1)[-1] == wanted)
        ]
        if not chosen:
            known = ", ".join(p.key if p.identifier else (p.source or p.key) for p in plans) or "none"
            raise InputError("--plan", f"no local plan {wanted!r} in the store (known: {known})")
        return chosen
    if province:
        chosen = [p for p in plans if p.province and fold(p.province) == fold(province)]
        if not chosen:
            known = ", ".join(sorted({p.province for p in plans if p.province})) or "none"
            raise InputError(
                "--province", f"no local plan of province {province!r} in the store (known: {known})"
            )
        return chosen
    return plans


# --------------------------------------------------------------------------------------------- helpers
def _deadline(t: TaskFacts, lang: str) -> Period | str | None:
    periods = [p for d in t.deadlines if (p := Period.parse(d))]
    if periods:
        return max(periods, key=lambda p: p.end)
    if t.deadlines:
        return "; ".join(t.deadlines)
    return word("recurring", lang) if t.recurring else None


def _overdue(t: TaskFacts, as_of: dt.date) -> bool:
    periods = [p for d in t.deadlines if (p := Period.parse(d))]
    return bool(periods) and max(p.end for p in periods) < as_of


def below_parent(
    value: float | None, parent_comparator: str | None, parent_value: float | None
) -> bool | None:
    """True when a local value is less ambitious than its parent target (the target-below-parent rule)."""
    if value is None or parent_value is None:
        return None
    cmp = (parent_comparator or "=").strip()
    if cmp in AT_MOST:
        return value > parent_value
    return value < parent_value


def _score(scores: dict[str, float | None]) -> float | None:
    known = [s for s in scores.values() if s is not None]
    return round(max(known), 3) if known else None


def _number(value: object) -> int | float | None:
    if value is None or isinstance(value, int | float):
        return value
    try:
        f = float(str(value))
    except ValueError:
        return None
    return int(f) if f.is_integer() else f


# --------------------------------------------------------------------------------------------- tables
def _summary(
    plans: list[Plan],
    tasks: list[TaskFacts],
    coverage: dict[str, list[int]],
    parents: dict,
    findings: list,
    n_groups: int,
) -> Table:
    by_doc: dict[str, list[TaskFacts]] = defaultdict(list)
    for t in tasks:
        by_doc[t.doc].append(t)
    sev: dict[str, Counter] = defaultdict(Counter)
    for f in findings:
        sev[f.document][f.severity] += 1
    out = []
    for p in plans:
        ts = by_doc.get(p.doc, [])
        n = len(ts)
        groups = coverage.get(p.key, [0] * n_groups)
        out.append(
            [
                p.key,
                p.title,
                p.issuer,
                p.date,
                p.level,
                p.province,
                p.commune,
                "; ".join(parents.get(p.doc, [])),
                n,
                round(sum(1 for t in ts if t.lead) / n, 4) if n else None,
                round(sum(1 for t in ts if t.deadlines or t.recurring) / n, 4) if n else None,
                sev[p.doc]["violation"],
                sev[p.doc]["warning"],
                sev[p.doc]["info"],
                sum(1 for c in groups if c),
                p.source,
            ]
        )
    cols = [
        "plan",
        "title",
        "issuer",
        "date",
        "level",
        "province",
        "commune",
        "implements",
        "tasks",
        "lead_share",
        "deadline_share",
        "violations",
        "warnings",
        "infos",
        "groups_covered",
        "source",
    ]
    kinds = {
        "title": "long",
        "date": "date",
        "tasks": "int",
        "lead_share": "percent",
        "deadline_share": "percent",
        "violations": "int",
        "warnings": "int",
        "infos": "int",
        "groups_covered": "of_n",
    }
    return Table("summary", cols, out, kinds)


def _coverage(plans: list[Plan], coverage: dict[str, list[int]], n_groups: int) -> Table:
    cols = ["plan", "level", "tasks"] + [f"g{i}" for i in range(1, n_groups + 1)]
    out = []
    for p in plans:
        counts = coverage.get(p.key)
        total = counts[0] if counts else 0
        groups = counts[1:] if counts else [0] * n_groups
        out.append([p.key, p.level, total, *groups])
    return Table("coverage", cols, out, {c: "int" for c in cols[2:]})


def _tasks(plans: list[Plan], tasks: list[TaskFacts], unit_labels: dict[str, str], lang: str) -> Table:
    plan_of = {p.doc: p for p in plans}
    out = []
    for t in sorted(tasks, key=lambda t: (plan_of[t.doc].key, t.line_start or 0, t.iri)):
        p = plan_of[t.doc]
        groups = sorted(t.groups, key=lambda g: (len(g), g))
        central = sorted(t.central_tasks, key=lambda k: (k.split("#")[0], len(k), k))
        out.append(
            [
                p.key,
                t.group,
                t.number,
                "; ".join(groups) or None,
                _score(t.groups),
                "; ".join(central) or None,
                _score(t.central_tasks),
                t.text,
                "; ".join(sorted(unit_labels.get(u, u) for u in t.lead)) or None,
                "; ".join(sorted(unit_labels.get(u, u) for u in t.coordinating)) or None,
                _deadline(t, lang),
                t.output,
                p.source,
                t.line_start,
                t.line_end,
            ]
        )
    cols = [
        "plan",
        "group",
        "number",
        "central_groups",
        "group_score",
        "central_task",
        "task_score",
        "text",
        "lead_unit",
        "coordinating_units",
        "deadline",
        "output",
        "source",
        "line_start",
        "line_end",
    ]
    kinds = {
        "group": "long",
        "group_score": "score",
        "task_score": "score",
        "text": "long",
        "lead_unit": "long",
        "coordinating_units": "long",
        "deadline": "date",
        "output": "long",
        "line_start": "int",
        "line_end": "int",
    }
    return Table("tasks", cols, out, kinds)


def _targets(store: GraphStore, plans: list[Plan], derived: list[tuple[str, str, str]], lang: str) -> Table:
    keys = {p.doc: p.key for p in plans}
    facts = read.targets(store)
    measure: dict[tuple, str] = {}
    central_text = {t.target: t.indicator for t in facts if t.level == "central"}
    for t in facts:
        if t.doc in keys and t.measure:
            measure[(keys[t.doc], t.indicator, t.year, t.comparator, t.value)] = t.measure
    out = []
    # 1. the targets the builder linked to a parent: the rows of the targets-vs-parent named query
    named = run("targets-vs-parent", {}, store)
    scope_keys = set(keys.values())
    for r in (dict(zip(named.columns, row, strict=True)) for row in named.rows):
        if r["plan"] not in scope_keys:
            continue
        m = measure.get((r["plan"], r["indicator"], r["year"], r["comparator"], r["value"]))
        flag = below_parent(r["value"], r["parent_comparator"], r["parent_value"])
        out.append(
            [
                r["plan"],
                r["indicator"],
                _number(r["year"]),
                r["comparator"],
                _number(r["value"]),
                m,
                r["parent_indicator"],
                r["parent_comparator"],
                _number(r["parent_value"]),
                _number(r["difference"]),
                word("yes", lang) if flag else None,
                word("graph", lang) if r["parent_value"] is not None else None,
            ]
        )
    # 2. every other local target; validation may have derived its parent by similarity
    extra: dict[str, dict[str, str]] = defaultdict(dict)
    for s, p, o in derived:
        extra[s][p.rsplit("#", 1)[-1]] = o
    for t in facts:
        if t.doc not in keys or t.linked:
            continue
        d = extra.get(t.target, {})
        pv = _number(d.get("parentValue"))
        value = _number(t.value)
        pc = d.get("parentComparator")
        flag = below_parent(value, pc, pv)
        diff = round(value - pv, 6) if value is not None and pv is not None else None
        out.append(
            [
                keys[t.doc],
                t.indicator,
                _number(t.year),
                t.comparator,
                value,
                t.measure,
                central_text.get(d.get("parentTarget", "")),
                pc,
                pv,
                diff,
                word("yes", lang) if flag else None,
                word("derived", lang) if d else None,
            ]
        )
    out.sort(key=lambda r: (r[0], r[1] or "", r[2] or 0, str(r[4])))
    cols = [
        "plan",
        "indicator",
        "year",
        "comparator",
        "value",
        "measure",
        "parent_indicator",
        "parent_comparator",
        "parent_value",
        "difference",
        "below_parent",
        "parent_basis",
    ]
    kinds = {
        "indicator": "long",
        "parent_indicator": "long",
        "year": "int",
        "value": "float",
        "parent_value": "float",
        "difference": "float",
    }
    return Table("targets", cols, out, kinds)


def _units(
    store: GraphStore, plans: list[Plan], tasks: list[TaskFacts], unit_labels: dict[str, str], as_of: dt.date
) -> Table:
    keys = {p.doc: p.key for p in plans}
    overdue: Counter = Counter()
    for t in tasks:
        if _overdue(t, as_of):
            for u in t.lead:
                overdue[(unit_labels.get(u, u), keys[t.doc])] += 1
    named = run("responsibilities", {}, store)
    scope_keys = set(keys.values())
    out = [
        [unit, plan, led, coordinated, overdue[(unit, plan)]]
        for unit, plan, led, coordinated in named.rows
        if plan in scope_keys
    ]
    cols = ["unit", "plan", "led", "coordinated", "overdue"]
    return Table("units", cols, out, {"led": "int", "coordinated": "int", "overdue": "int"})


def _findings(findings: list, lang: str) -> Table:
    out = [
        [
            f.rule,
            word(f.severity, lang) if f.severity in ("violation", "warning", "info") else f.severity,
            f.message,
            f.document_label or f.document,
            f.focus_label if f.focus_label != f.document_label else None,
            f.lines[0] if f.lines else None,
            f.lines[1] if f.lines else None,
            f.source_path or None,
        ]
        for f in findings
    ]
    cols = ["rule", "severity", "message", "document", "focus", "line_start", "line_end", "source"]
    return Table(
        "findings", cols, out, {"message": "long", "focus": "long", "line_start": "int", "line_end": "int"}
    )


# --------------------------------------------------------------------------------------------- gather
def gather(
    store: GraphStore,
    plan: str | None = None,
    province: str | None = None,
    lang: str = "vi",
    as_of: dt.date | None = None,
) -> ReportData:
    """Read the store once: named queries, the facts they lack, and the validation findings."""
    from ..rules import validate

    as_of = as_of or dt.date.today()
    all_plans = _plans(store)
    plans = select(all_plans, plan, province)
    docs = {p.doc for p in plans}
    groups = sorted(
        ((g.number, g.text or "") for g in read.central_groups(store)), key=lambda g: (len(g[0]), g[0])
    )
    n_groups = len(groups) or 7
    cov = run("coverage", {}, store)
    coverage = {r[0]: [int(c) for c in r[2:]] for r in cov.rows}  # plan → [tasks, group1 … group7]
    task_map, unit_labels = gather_tasks(store)
    tasks = [t for t in task_map.values() if t.doc in docs]
    result = validate(store, lang=lang)
    everything = plan is None and province is None
    findings = [f for f in result.findings if everything or f.document in docs]
    tables = {
        "summary": _summary(
            plans, tasks, {k: v[1:] for k, v in coverage.items()}, parents_by_doc(store), findings, n_groups
        ),
        "coverage": _coverage(plans, coverage, n_groups),
        "tasks": _tasks(plans, tasks, unit_labels, lang),
        "targets": _targets(store, plans, result.derived, lang),
        "units": _units(store, plans, tasks, unit_labels, as_of),
        "findings": _findings(findings, lang),
    }
    scope = plan or province or word("all", lang)
    return ReportData(lang, as_of, dt.datetime.now().replace(microsecond=0), scope, plans, groups, tables)
