"""The printable report: one standalone, offline HTML page (Jinja2, autoescaped) with the same tables."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from jinja2 import Environment, select_autoescape

from .data import ReportData, Table
from .labels import ORDER, WORDS, column, section, shown, word
from .period import Period


@dataclass
class Cell:
    text: str
    cls: str = ""
    style: str = ""


def _format(value: object, kind: str, n_groups: int) -> Cell:
    if value is None:
        return Cell("")
    if isinstance(value, Period):
        return Cell(str(value), "num")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return Cell(str(value), "long" if kind == "long" else "")
    if kind == "percent":
        return Cell(f"{value * 100:.1f} %", "num")
    if kind == "score":
        return Cell(f"{value:.3f}", "num")
    if kind == "of_n":
        return Cell(f"{value}/{n_groups}", "num")
    if isinstance(value, float):
        return Cell(f"{value:g}", "num")
    return Cell(str(value), "num")


def heat(count: int, top: int) -> Cell:
    """A coverage cell: red when the group has no task, else green deepening with the count."""
    if not count:
        return Cell("0", "heat gap")
    share = count / top if top else 1.0
    light = round(92 - 45 * share)  # HSL lightness: 92 % for one task … 47 % for the most
    ink = "#fff" if light < 60 else "#111"
    return Cell(str(count), "heat", f"background: hsl(120, 45%, {light}%); color: {ink}")


def _headers(table: Table, data: ReportData) -> list[str]:
    return [
        f"{word('group', data.lang)} {k[1:]}"
        if k.startswith("g") and k[1:].isdigit()
        else column(k, data.lang)
        for k in table.columns
    ]


def _rows(table: Table, data: ReportData) -> list[list[Cell]]:
    n_groups = len(data.central_groups) or 7
    groups = [i for i, k in enumerate(table.columns) if k.startswith("g") and k[1:].isdigit()]
    top = max((int(r[i]) for r in table.rows for i in groups), default=0)
    flag = {"below_parent": word("yes", data.lang), "severity": word("violation", data.lang)}
    out = []
    for row in table.rows:
        cells = []
        for i, (key, value) in enumerate(zip(table.columns, row, strict=True)):
            if i in groups:
                cells.append(heat(int(value or 0), top))
                continue
            cell = _format(shown(key, value, data.lang), table.kinds.get(key, ""), n_groups)
            cell.cls = f"{cell.cls} c-{key}".strip()
            if key in flag and value == flag[key]:
                cell.cls += " flag"
            cells.append(cell)
        out.append(cells)
    return out


def render_html(data: ReportData) -> str:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = env.from_string(resources.files(__package__).joinpath("report.html.j2").read_text("utf-8"))
    sections = [
        {
            "key": k,
            "name": section(k, data.lang),
            "headers": _headers(data.table(k), data),
            "rows": _rows(data.table(k), data),
        }
        for k in ORDER
    ]
    return template.render(
        lang=data.lang,
        title=word("title", data.lang),
        scope=data.scope,
        as_of=f"{data.as_of:%d/%m/%Y}",
        generated=data.generated.isoformat(sep=" "),
        sections=sections,
        groups=data.central_groups,
        words={k: v[data.lang] for k, v in WORDS.items()},
    )
