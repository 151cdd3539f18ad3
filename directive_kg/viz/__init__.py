"""Interactive, offline graph views for briefings (`dkg viz`): hierarchy, trace, coverage, units."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import InputError

VIEWS = ("hierarchy", "trace", "coverage", "units")


def build_page(
    view: str,
    store: Any,
    mandate: str | None = None,
    budget: int | None = None,
    roots: list[Path] | None = None,
    findings: bool = True,
) -> tuple[str, dict]:
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
        raise InputError(
            "--mandate", "the trace view needs --mandate (e.g. 57-NQ/TW, 57-NQ/TW#3, 03/NQ-CP#20)"
        )
    store.require()
    f = load_facts(store)
    names = central_group_names(f)
    if view == "coverage":
        result = run("coverage", {}, store)
        rows = [dict(zip(result.columns, r, strict=True)) for r in result.rows]
        heat, meta = coverage_data(f, rows, names)
        g = VizGraph(
            "coverage",
            "Mức độ phủ: kế hoạch × 7 nhóm nhiệm vụ của Nghị quyết 57-NQ/TW",
            subtitle="Số nhiệm vụ căn chỉnh với từng nhóm nhiệm vụ trung ương; ô trống là khoảng trống",
        )
        data = payload(g, names)
        data.update(
            {
                "coverage": heat,
                "meta": meta,
                "legend": {"kinds": [], "edges": [], "scale": legend_scale(heat["max"])},
                "stats": {"nodes": len(heat["rows"]), "edges": 0},
            }
        )
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
    return {
        "provinces": sorted({m["province"] for m in plans if m["province"]}),
        "plans": sorted(({"id": m["plan"], "label": m["label"]} for m in plans), key=lambda p: p["label"]),
        "units": [],
        "groups": [{"id": n, "label": f"{n}. {t}"} for n, t in sorted(names.items())],
    }
