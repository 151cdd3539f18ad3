"""The printed inspection report (`dkg report --out report.pdf`): an A4 HTML document printed by headless Chromium.

The workbook and the screen report list every column of every table; a printed page cannot (fifteen
columns fitted to an A4 width print at 4-5 pt). This document is written for paper: a cover (plans,
date, scope), an executive summary with conclusions, detail tables with only the columns a reader
checks (each row pointing to its source excerpt), an annex quoting the source lines verbatim, and a
sign-off block. Every coded value (level, rule, severity, method, status) goes through
`labels.value`, so the Vietnamese report prints Vietnamese words only. Fonts are 9 pt or more.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, select_autoescape

from ..errors import InputError
from .data import ReportData, Table
from .labels import PRINT, change_text, column, value, word
from .period import Period

MAX_EXCERPT = 6  # lines quoted for one task; a longer span prints its first and last lines
N_GROUPS = 7


@dataclass
class Excerpt:
    ref: str  # "A.12": the task's mark in the detail table and the annex
    label: str  # plan and task number
    lines: tuple[int, int]
    quoted: list[tuple[int, str]]  # (line number, text as in the file)
    skipped: int = 0  # lines left out in the middle of a long span


@dataclass
class PrintSection:
    key: str
    title: str
    headers: list[str]
    rows: list[list[str]]
    widths: list[str] = field(default_factory=list)  # CSS widths of the columns
    note: str = ""


def _t(key: str, lang: str) -> str:
    return PRINT[key][lang]


def plan_name(key: str, commune: str | None, lang: str) -> str:
    """A plan's identifier; an unnumbered plan (its key is an IRI) by its commune."""
    if "://" not in key:
        return key
    return f"{_t('unnumbered', lang)} {commune or key.rsplit('/', 1)[-1]}"


def _cell(v: object, lang: str) -> str:
    if v is None:
        return ""
    if isinstance(v, Period):
        return str(v)
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _source_file(source: str | None, roots: list[Path]) -> Path | None:
    if not source:
        return None
    p = Path(source)
    for candidate in [p] if p.is_absolute() else [r / p for r in roots] + [p]:
        if candidate.is_file():
            return candidate
    return None


def _quote(lines: list[str], start: int, end: int) -> tuple[list[tuple[int, str]], int]:
    """The lines start..end (1-based) as in the file; a span longer than MAX_EXCERPT keeps its ends."""
    span = list(range(start, min(end, len(lines)) + 1))
    if len(span) <= MAX_EXCERPT:
        return [(n, lines[n - 1]) for n in span], 0
    keep = span[: MAX_EXCERPT - 1] + span[-1:]
    return [(n, lines[n - 1]) for n in keep], len(span) - len(keep)


def print_model(data: ReportData, store: Any, roots: list[Path]) -> dict[str, Any]:
    """Everything the printed report shows, in the report's language."""
    from ..queries import run

    lang = data.lang
    commune = {p.key: p.commune for p in data.plans}
    name = {p.key: plan_name(p.key, p.commune, lang) for p in data.plans}
    scope_keys = set(name)

    # ---- gaps of the plans in scope (status when the alignment issue's column exists)
    gaps_result = run("gaps", {}, store)
    gap_rows = [dict(zip(gaps_result.columns, r, strict=True)) for r in gaps_result.rows]
    # the gaps query lists every applicable mandate with its status; a covered one is no gap
    gap_rows = [r for r in gap_rows if r["plan"] in scope_keys and (r.get("status") or "gap") != "covered"]
    statuses = Counter(value("status", r.get("status") or "gap", lang) for r in gap_rows)

    # ---- suspect links, when the graph has a query for them
    from ..viz.board import suspect_query

    sq = suspect_query()
    suspects = None
    if sq:
        res = run(sq, {}, store)
        cols = list(res.columns)
        suspects = [
            dict(zip(cols, r, strict=True))
            for r in res.rows
            if "plan" not in cols or r[cols.index("plan")] in scope_keys
        ]

    tasks = data.table("tasks")
    ti = {c: i for i, c in enumerate(tasks.columns)}
    n_tasks = len(tasks.rows)
    overdue = [
        r for r in tasks.rows if isinstance(r[ti["deadline"]], Period) and r[ti["deadline"]].end < data.as_of
    ]
    no_lead = sum(1 for r in tasks.rows if not r[ti["lead_unit"]])
    no_deadline = sum(1 for r in tasks.rows if r[ti["deadline"]] in (None, ""))

    findings = data.table("findings")
    by_rule: Counter = Counter()
    for r in findings.rows:
        by_rule[(r[0], r[1])] += 1
    rules = sorted(
        {rule for rule, _ in by_rule}, key=lambda k: -sum(n for (r, _), n in by_rule.items() if r == k)
    )
    sev_words = [word(s, lang) for s in ("violation", "warning", "info")]
    rule_rows = [
        [value("rule", rule, lang)] + [str(by_rule.get((rule, s), 0)) for s in sev_words] for rule in rules
    ]

    cov = data.table("coverage")
    full = sum(1 for r in cov.rows if all(r[3:]))
    missing = [
        PRINT["cov_missing"][lang].format(
            plan=name.get(r[0], r[0]), groups=", ".join(str(i + 1) for i, c in enumerate(r[3:]) if not c)
        )
        for r in cov.rows
        if r[2] and not all(r[3:])
    ]
    violations = sum(n for (r, s), n in by_rule.items() if s == word("violation", lang))
    top_violation = max(
        ((n, r) for (r, s), n in by_rule.items() if s == word("violation", lang)), default=(0, None)
    )[1]
    day = f"{data.as_of:%d/%m/%Y}"
    conclusions = [PRINT["cov_full"][lang].format(n=full, total=len(cov.rows))]
    if gap_rows:
        conclusions.append(PRINT["concl_gaps"][lang].format(n=len(gap_rows)))
    conclusions.append(PRINT["concl_lead"][lang].format(n=no_lead, total=n_tasks, m=no_deadline))
    conclusions.append(PRINT["concl_overdue"][lang].format(n=len(overdue), day=day))
    if violations:
        conclusions.append(
            PRINT["concl_violations"][lang].format(n=violations, rule=value("rule", top_violation, lang))
        )
    figures = [
        [_t("plans", lang), str(len(data.plans))],
        [_t("tasks", lang), str(n_tasks)],
        [_t("full_coverage", lang), f"{full}/{len(cov.rows)}"],
        [
            _t("gaps", lang),
            f"{len(gap_rows)}"
            + (" (" + "; ".join(f"{s}: {n}" for s, n in sorted(statuses.items())) + ")" if gap_rows else ""),
        ],
        [_t("suspects", lang), str(len(suspects)) if suspects is not None else _t("no_suspects", lang)],
        [_t("overdue", lang) + f" ({day})", str(len(overdue))],
        [_t("no_lead", lang), str(no_lead)],
        [_t("no_deadline", lang), str(no_deadline)],
    ]

    # ---- annex: the source lines of every task, quoted as they are in the file
    excerpts: list[Excerpt] = []
    ref_of: dict[int, str] = {}
    files: dict[str, list[str] | None] = {}
    for i, r in enumerate(tasks.rows):
        src, ls, le = r[ti["source"]], r[ti["line_start"]], r[ti["line_end"]]
        if not src or ls is None:
            continue
        if src not in files:
            f = _source_file(src, roots)
            files[src] = f.read_text("utf-8", errors="replace").splitlines() if f else None
        ref = f"A.{len(excerpts) + 1}"
        ref_of[i] = ref
        quoted, skipped = _quote(files[src], int(ls), int(le or ls)) if files[src] else ([], 0)
        excerpts.append(
            Excerpt(
                ref,
                f"{name.get(r[ti['plan']], r[ti['plan']])} — {r[ti['number']] or ''}".strip(" —"),
                (int(ls), int(le or ls)),
                quoted,
                skipped,
            )
        )
    annex_files = sorted({(p.source or "", name[p.key]) for p in data.plans if p.source}, key=lambda x: x[1])

    sections = _sections(data, name, gap_rows, ref_of, suspects)
    return {
        "lang": lang,
        "title": word("title", lang),
        "kind": _t("cover_kind", lang),
        "sub": _t("cover_sub", lang),
        "scope": data.scope,
        "as_of": day,
        "generated": data.generated.strftime("%d/%m/%Y %H:%M"),
        "plans": [
            {
                "name": name[p.key],
                "title": p.title or "",
                "issuer": p.issuer or "",
                "date": str(p.date) if p.date else "",
                "level": value("level", p.level, lang),
                "where": ", ".join(x for x in (p.commune, p.province) if x),
                "source": p.source or "",
            }
            for p in data.plans
        ],
        "figures": figures,
        "missing": missing,
        "rule_rows": rule_rows,
        "sev_words": sev_words,
        "conclusions": conclusions,
        "sections": sections,
        "excerpts": excerpts,
        "annex_files": annex_files,
        "missing_files": sorted(s for s, lines in files.items() if lines is None),
        "w": {k: v[lang] for k, v in PRINT.items()},
        "groups": data.central_groups,
        "commune": commune,
        "words": {k: word(k, lang) for k in ("scope", "as_of", "generated", "group", "no_rows")},
        "cols": {k: column(k, lang) for k in ("plan", "title", "source", "date", "rule")},
    }


def _sections(
    data: ReportData,
    name: dict[str, str],
    gaps: list[dict],
    ref_of: dict[int, str],
    suspects: list[dict] | None,
) -> list[PrintSection]:
    lang = data.lang

    def col(t: Table, key: str) -> int:
        return t.columns.index(key)

    def pick(t: Table, keys: list[str], fmt: dict | None = None) -> list[list[str]]:
        fmt = fmt or {}
        idx = [col(t, k) for k in keys]
        out = []
        for r in t.rows:
            out.append(
                [fmt[k](r[i]) if k in fmt else _cell(r[i], lang) for k, i in zip(keys, idx, strict=True)]
            )
        return out

    plan_fmt = {"plan": lambda v: name.get(v, v), "level": lambda v: value("level", v, lang)}
    out: list[PrintSection] = []

    s = data.table("summary")
    keys = [
        "plan",
        "issuer",
        "date",
        "level",
        "tasks",
        "lead_share",
        "deadline_share",
        "groups_covered",
        "violations",
        "warnings",
    ]
    pct = lambda v: f"{v * 100:.0f} %" if v is not None else ""  # noqa: E731
    out.append(
        PrintSection(
            "summary",
            PRINT["plans_in_scope"][lang],
            [column(k, lang) for k in keys],
            pick(
                s,
                keys,
                {
                    **plan_fmt,
                    "lead_share": pct,
                    "deadline_share": pct,
                    "groups_covered": lambda v: f"{v}/{N_GROUPS}",
                },
            ),
        )
    )
    c = data.table("coverage")
    out.append(
        PrintSection(
            "coverage",
            column("groups_covered", lang),
            [column("plan", lang), column("level", lang), column("tasks", lang)]
            + [f"{word('group', lang)} {n}" for n, _ in data.central_groups],
            pick(c, c.columns, plan_fmt),
            note=word("legend", lang),
        )
    )
    gap_headers = [
        column("plan", lang),
        _t("mandate", lang),
        _t("kind", lang),
        _t("content", lang),
        _t("status", lang),
    ]
    out.append(
        PrintSection(
            "gaps",
            _t("gaps_table", lang),
            gap_headers,
            [
                [
                    name.get(g["plan"], g["plan"]),
                    g["mandate"],
                    value("kind", g["kind"], lang),
                    g["title"] or "",
                    value("status", g.get("status") or "gap", lang),
                ]
                for g in gaps
            ],
            ["14%", "14%", "11%", "47%", "14%"],
        )
    )
    if suspects:
        cols = list(suspects[0])
        out.append(
            PrintSection(
                "suspects",
                _t("suspects", lang),
                [column(k, lang) for k in cols],
                [
                    [change_text(r[k], lang) if k == "change" else _cell(r[k], lang) for k in cols]
                    for r in suspects
                ],
            )
        )
    t = data.table("tasks")
    ti = {k: i for i, k in enumerate(t.columns)}
    out.append(
        PrintSection(
            "tasks",
            PRINT_TITLES["tasks"][lang],
            [column(k, lang) for k in ("plan", "number", "text", "central_groups", "lead_unit", "deadline")]
            + [_t("ref", lang)],
            [
                [
                    name.get(r[ti["plan"]], r[ti["plan"]]),
                    _cell(r[ti["number"]], lang),
                    _cell(r[ti["text"]], lang),
                    _cell(r[ti["central_groups"]], lang),
                    _cell(r[ti["lead_unit"]], lang),
                    _cell(r[ti["deadline"]], lang),
                    ref_of.get(i, ""),
                ]
                for i, r in enumerate(t.rows)
            ],
            ["11%", "6%", "41%", "8%", "16%", "9%", "9%"],
        )
    )
    tg = data.table("targets")
    gi = {k: i for i, k in enumerate(tg.columns)}

    def target(r: list, prefix: str) -> str:
        return " ".join(
            _cell(r[gi[k]], lang) for k in (f"{prefix}comparator", f"{prefix}value") if r[gi[k]] is not None
        )

    out.append(
        PrintSection(
            "targets",
            PRINT_TITLES["targets"][lang],
            [
                column("plan", lang),
                column("indicator", lang),
                column("year", lang),
                _t("target", lang),
                column("measure", lang),
                _t("parent_target", lang),
                column("below_parent", lang),
                _t("parent_source", lang),
            ],
            [
                [
                    name.get(r[gi["plan"]], r[gi["plan"]]),
                    _cell(r[gi["indicator"]], lang),
                    _cell(r[gi["year"]], lang),
                    target(r, ""),
                    _cell(r[gi["measure"]], lang),
                    target(r, "parent_"),
                    _cell(r[gi["below_parent"]], lang),
                    _basis(r[gi["parent_basis"]], lang),
                ]
                for r in tg.rows
            ],
            ["12%", "33%", "7%", "9%", "9%", "10%", "8%", "12%"],
        )
    )
    u = data.table("units")
    out.append(
        PrintSection(
            "units",
            PRINT_TITLES["units"][lang],
            [column(k, lang) for k in u.columns],
            pick(u, u.columns, plan_fmt),
            ["40%", "18%", "14%", "14%", "14%"],
        )
    )
    fd = data.table("findings")
    fi = {k: i for i, k in enumerate(fd.columns)}
    out.append(
        PrintSection(
            "findings",
            PRINT_TITLES["findings"][lang],
            [column(k, lang) for k in ("rule", "severity", "message", "document")] + [_t("lines", lang)],
            [
                [
                    value("rule", r[fi["rule"]], lang),
                    _cell(r[fi["severity"]], lang),
                    _cell(r[fi["message"]], lang),
                    _cell(r[fi["document"]], lang) + (f" — {r[fi['focus']]}" if r[fi["focus"]] else ""),
                    _lines(r[fi["line_start"]], r[fi["line_end"]]),
                ]
                for r in fd.rows
            ],
            ["18%", "10%", "36%", "28%", "8%"],
        )
    )
    return out


PRINT_TITLES = {
    "tasks": {"vi": "Nhiệm vụ của kế hoạch", "en": "Plan tasks"},
    "targets": {"vi": "Chỉ tiêu so với cấp trên", "en": "Targets against the parent"},
    "units": {"vi": "Đơn vị chủ trì và phối hợp", "en": "Lead and coordinating units"},
    "findings": {"vi": "Phát hiện của các quy tắc kiểm tra", "en": "Findings of the validation rules"},
}


def _lines(a: object, b: object) -> str:
    if a is None:
        return ""
    return str(a) if b in (None, a) else f"{a}–{b}"


def _basis(v: object, lang: str) -> str:
    """The targets table prints the basis already translated ('đồ thị'); map it back to the reader's words."""
    if v in (None, ""):
        return ""
    for code in ("graph", "derived"):
        if v in (code, word(code, "vi"), word(code, "en")):
            return value("basis", code, lang)
    return str(v)


def print_html(model: dict[str, Any]) -> str:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = env.from_string(resources.files(__package__).joinpath("print.html.j2").read_text("utf-8"))
    return template.render(**model)


def pdf_bytes(html: str) -> bytes:
    """Print the page to PDF with headless Chromium (A4 from the page's CSS, no header or footer, offline)."""
    from ..viz.snapshot import chromium

    with tempfile.TemporaryDirectory(prefix="dkg-pdf-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        out = Path(tmp) / "report.pdf"
        cmd = [
            chromium(),
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--disable-extensions",
            "--proxy-server=127.0.0.1:9",
            "--proxy-bypass-list=<-loopback>",
            f"--user-data-dir={tmp}/profile",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise InputError("--out", f"Chromium could not print the report ({exc})") from None
        if proc.returncode != 0 or not out.is_file():
            tail = (proc.stderr or "").strip().splitlines()[-1:] or ["no output"]
            raise InputError("--out", f"Chromium could not print the report ({tail[0]})")
        return out.read_bytes()


def render_pdf(data: ReportData, store: Any, roots: list[Path] | None = None) -> tuple[bytes, str]:
    """The PDF and the HTML it was printed from."""
    html = print_html(print_model(data, store, roots or [Path.cwd()]))
    return pdf_bytes(html), html


__all__ = ["pdf_bytes", "plan_name", "print_html", "print_model", "render_pdf"]
