"""Interactive, offline graph views for briefings (`dkg viz`): hierarchy, trace, coverage, units."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..errors import InputError, user_errors

VIEWS = ("hierarchy", "trace", "coverage", "units")


def build_page(view: str, store, mandate: str | None = None, budget: int | None = None,
               roots: list[Path] | None = None, findings: bool = True) -> tuple[str, dict]:
    """The HTML page of a view and its data (what the page reports: stats, collapsed…)."""
    from ..queries import run
    from .aggregate import DEFAULT_BUDGET, apply_budget
    from .coverage import coverage_data, legend_scale
    from .details import attach_excerpts, attach_findings
    from .facts import load_facts
    from .html import payload, render_page
    from .layout import layout
    from .model import VizGraph
    from .views import central_group_names, hierarchy, trace, units

    if view not in VIEWS:
        raise InputError(view, f"no such view; the views are: {', '.join(VIEWS)}")
    if view == "trace" and not (mandate or "").strip():
        raise InputError("--mandate", "the trace view needs --mandate (e.g. 57-NQ/TW, 57-NQ/TW#3, 03/NQ-CP#20)")
    if hasattr(store, "exists") and not store.exists():
        raise InputError(str(store.path), "no store here yet: run 'dkg build CORPUS' first")
    f = load_facts(store)
    names = central_group_names(f)
    if view == "coverage":
        result = run("coverage", {}, store)
        rows = [dict(zip(result.columns, r, strict=True)) for r in result.rows]
        heat, meta = coverage_data(f, rows, names)
        g = VizGraph("coverage", "Mức độ phủ: kế hoạch × 7 nhóm nhiệm vụ của Nghị quyết 57-NQ/TW",
                     subtitle="Số nhiệm vụ căn chỉnh với từng nhóm nhiệm vụ trung ương; ô trống là khoảng trống")
        data = payload(g, names)
        data.update({"coverage": heat, "meta": meta,
                     "legend": {"kinds": [], "edges": [], "scale": legend_scale(heat["max"])},
                     "stats": {"nodes": len(heat["rows"]), "edges": 0}})
        data["facets"].update(_coverage_facets(meta, names))
        return render_page(data, g.title), data
    if view == "hierarchy":
        g = hierarchy(f)
    elif view == "units":
        g = units(f)
    else:
        result = run("implementers", {"mandate": mandate or ""}, store)
        g = trace(f, mandate or "", [dict(zip(result.columns, r, strict=True)) for r in result.rows])
    apply_budget(g, budget or int(os.environ.get("DKG_VIZ_BUDGET", DEFAULT_BUDGET)))
    layout(g)
    if findings:
        from ..rules import validate

        attach_findings(g, validate(store, lang="vi").findings)
    attach_excerpts(g, roots or [Path.cwd()])
    data = payload(g, names)
    return render_page(data, g.title), data


def _coverage_facets(meta: dict, names: dict[str, str]) -> dict:
    plans = [m for m in meta.values() if m["kind"] == "plan"]
    return {"provinces": sorted({m["province"] for m in plans if m["province"]}),
            "plans": sorted(({"id": m["plan"], "label": m["label"]} for m in plans), key=lambda p: p["label"]),
            "units": [], "groups": [{"id": n, "label": f"{n}. {t}"} for n, t in sorted(names.items())]}


@click.command("viz")
@click.argument("view", type=click.Choice(VIEWS))
@click.option("--mandate", default=None, help="trace: a directive (57-NQ/TW), a central group (57-NQ/TW#3) "
                                              "or a 03/NQ-CP task (03/NQ-CP#20).")
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="HTML file to write (default dkg-VIEW.html); it embeds everything and works offline.")
@click.option("--png", type=click.Path(dir_okay=False), default=None, help="Also save a PNG (headless Chromium).")
@click.option("--svg", type=click.Path(dir_okay=False), default=None, help="coverage: also save an SVG.")
@click.option("--store", "store_spec", envvar="DKG_STORE", default=None,
              help="Store path (default ./.dkg/store) or a SPARQL endpoint URL (http://…/dataset).")
@click.option("--corpus", multiple=True, type=click.Path(file_okay=False),
              help="Corpus root(s) for source excerpts (default: the current directory).")
@click.option("--budget", type=click.IntRange(min=10), default=None,
              help="Node budget before aggregation (default 1500, or DKG_VIZ_BUDGET).")
@click.option("--findings/--no-findings", default=True, show_default=True,
              help="Run the validation rules and show their findings in the node details.")
def command(view: str, mandate: str | None, out: str | None, png: str | None, svg: str | None,
            store_spec: str | None, corpus: tuple[str, ...], budget: int | None, findings: bool) -> None:
    """Draw VIEW (hierarchy, trace --mandate X, coverage, units) as one offline HTML page for briefings."""
    from ..store import open_store

    with user_errors():
        if svg and view != "coverage":
            raise InputError("--svg", "only the coverage view has an SVG form (use --png for the graph views)")
        html, data = build_page(view, open_store(store_spec), mandate, budget, [Path(c) for c in corpus], findings)
        target = Path(out or f"dkg-{view}.html")
        target.write_text(html, encoding="utf-8")
        click.echo(f"{target}: {view}, {data['stats']['nodes']} nodes"
                   + (f", {len(data['collapsed'])} collapse step(s)" if data.get("collapsed") else ""), err=True)
        if svg:
            from .coverage import to_svg

            Path(svg).write_text(to_svg(data["coverage"], data["title"]), encoding="utf-8")
            click.echo(f"{svg}: SVG", err=True)
        if png:
            from .snapshot import WINDOW, screenshot

            rows = len(data["coverage"]["rows"]) if view == "coverage" else 0
            screenshot(html, Path(png), (1640, min(4000, 270 + 72 * rows)) if view == "coverage" else WINDOW)
            click.echo(f"{png}: PNG", err=True)
