"""Render a view as one self-contained HTML file: pyvis builds nodes/edges/options, our template inlines every asset."""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import TYPE_CHECKING

from jinja2 import Environment

if TYPE_CHECKING:
    from pyvis.network import Network

from .layout import font_size, node_radius
from .model import EDGE_STYLES, KINDS, VizGraph, short

VIS_DIR = "lib/vis-9.1.2"
LEVEL_NAMES = {"central": "Trung ương (bộ, ngành)", "province": "Cấp tỉnh", "commune": "Cấp xã"}
LEVEL_ORDER = list(LEVEL_NAMES)
FONT = "'Noto Sans', 'DejaVu Sans', 'Segoe UI', Arial, sans-serif"


def _asset(name: str) -> str:
    return resources.files("directive_kg.viz").joinpath("assets", name).read_text("utf-8")


def vis_js() -> str:
    """vis-network as shipped inside the pyvis package, without its source-map comment (no request at all)."""
    text = resources.files("pyvis").joinpath(VIS_DIR, "vis-network.min.js").read_text("utf-8")
    return re.sub(r"//# sourceMappingURL=\S*", "", text)


def script_json(value: object) -> str:
    """JSON safe inside <script type=application/json>: no '<', '>', '&' or line separators left as is."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


def _options(view: str) -> dict:
    smooth = (
        {"enabled": False}
        if view == "units"
        else {"enabled": True, "type": "cubicBezier", "forceDirection": "vertical", "roundness": 0.45}
    )
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "hierarchical": {"enabled": False}},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "hideEdgesOnDrag": view == "units",
            "zoomSpeed": 0.6,
        },
        "nodes": {
            "font": {"face": FONT, "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"min": 10, "max": 48, "label": {"enabled": False, "drawThreshold": 7}},
            "borderWidth": 1.5,
            "shapeProperties": {"borderRadius": 4},
        },
        "edges": {
            "smooth": smooth,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
            "color": {"inherit": False},
            "selectionWidth": 2.5,
            "hoverWidth": 1.5,
        },
    }


def _severity(details: dict) -> str | None:
    sev = {f["severity"] for f in details.get("findings", [])}
    return "violation" if "violation" in sev else ("warning" if "warning" in sev else None)


def network(g: VizGraph) -> Network:
    """The view as a pyvis Network (nodes with fixed positions, physics off)."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="remote")
    for n in g.nodes.values():
        k = KINDS[n.kind]
        boxed = k.shape in ("box", "ellipse")
        color = {
            "background": k.color,
            "border": "#37474f" if boxed else k.color,
            "highlight": {"background": "#ffd54f", "border": "#ff6f00"},
            "hover": {"background": k.color, "border": "#ff6f00"},
        }
        font_color = k.font_color if boxed else ("#7f0000" if n.kind == "central" else "#1b1b1b")
        opts: dict = {
            "x": round(n.x, 1),
            "y": round(n.y, 1),
            "physics": False,
            "title": n.title or n.label,
            "font": {"color": font_color, "size": font_size(n)},
        }
        if boxed:
            opts["font"]["strokeWidth"] = 0  # light text on a filled box needs no halo
        else:
            opts["size"] = round(node_radius(n), 1)
            if n.kind in ("central", "cgroup", "unit", "units-agg"):
                opts["font"]["background"] = "rgba(255,255,255,0.85)"  # readable over the edges it sits on
        if _severity(n.details) == "violation":
            opts["borderWidth"] = 4
            color["border"] = "#d50000"
        net.add_node(n.id, label=n.label or " ", shape=k.shape, color=color, **opts)
    for e in g.edges:
        style = EDGE_STYLES[e.kind]
        opts = {
            "color": {
                "color": style["color"],
                "opacity": 0.55 if e.kind in ("lead", "coordinating") else 0.8,
            },
            "width": style["width"] + (min(6.0, e.weight**0.5) if e.weight > 1 else 0),
            "dashes": style.get("dashes", False),
            "title": e.title or style["vi"] + (f" ×{e.weight}" if e.weight > 1 else ""),
        }
        if g.view == "units" and e.kind == "coordinating":
            opts["hidden"] = True  # shown when one of its ends is selected: the overview stays readable
        if e.kind == "has" and g.nodes[e.target].kind in (
            "task",
            "tasks-agg",
        ):  # the grid shows who holds a task
            opts.update(
                {
                    "smooth": False,
                    "width": 0.6,
                    "arrows": {"to": {"enabled": False}},
                    "color": {"color": style["color"], "opacity": 0.35},
                }
            )
        net.add_edge(e.source, e.target, **opts)
    net.options = _options(g.view)
    return net


def _legend(g: VizGraph) -> dict:
    kinds = [k for k in KINDS if any(n.kind == k for n in g.nodes.values())]
    edges = [k for k in EDGE_STYLES if any(e.kind == k for e in g.edges)]
    marks = (
        [{"vi": "viền đỏ: có vi phạm quy tắc kiểm tra", "color": "#d50000"}]
        if any(_severity(n.details) == "violation" for n in g.nodes.values())
        else []
    )
    return {
        "kinds": [
            {
                "kind": k,
                "vi": KINDS[k].vi,
                "en": KINDS[k].en,
                "shape": KINDS[k].shape,
                "color": KINDS[k].color,
            }
            for k in kinds
        ],
        "edges": [
            {
                "kind": k,
                "vi": EDGE_STYLES[k]["vi"]
                + (" (hiện khi chọn nút)" if g.view == "units" and k == "coordinating" else ""),
                "color": EDGE_STYLES[k]["color"],
                "dashes": bool(EDGE_STYLES[k].get("dashes")),
            }
            for k in edges
        ],
        "marks": marks,
    }


def _facets(g: VizGraph, group_names: dict[str, str]) -> dict:
    provinces = sorted({n.province for n in g.nodes.values() if n.province})
    plans = sorted(
        {
            (n.plan, g.nodes[n.plan].details.get("identifier") or g.nodes[n.plan].label.split("\n")[0])
            if n.plan in g.nodes
            else (n.plan, n.details.get("plan") or n.plan)  # units view: the plans are not drawn
            for n in g.nodes.values()
            if n.plan and (n.plan in g.nodes or n.details.get("plan"))
        },
        key=lambda p: p[1],
    )
    levels = sorted(
        {lv for n in g.nodes.values() for lv in n.details.get("levels", [])}, key=LEVEL_ORDER.index
    )
    units = sorted({u for n in g.nodes.values() for u in n.units})
    groups = sorted({c for n in g.nodes.values() for c in n.cgroups}, key=lambda c: (len(c), c))
    return {
        "provinces": provinces,
        "plans": [{"id": i, "label": label} for i, label in plans],
        "units": units,
        "groups": [{"id": c, "label": f"{c}. {group_names.get(c, '')}".strip()} for c in groups],
        "levels": [{"id": lv, "label": LEVEL_NAMES[lv]} for lv in levels],
    }


def payload(g: VizGraph, group_names: dict[str, str]) -> dict:
    """Everything the page script needs, as plain JSON."""
    net = network(g)
    nodes, edges, _heading, _h, _w, options = net.get_network_data()
    meta = {
        n.id: {
            "kind": n.kind,
            "kindName": KINDS[n.kind].vi,
            "label": short(n.text, 90) if n.kind == "task" else n.label.replace("\n", " "),
            "text": n.text,
            "province": n.province,
            "plan": n.plan,
            "units": n.units,
            "cgroups": n.cgroups,
            "count": n.count,
            "details": n.details,
        }
        for n in g.nodes.values()
    }
    return {
        "view": g.view,
        "title": g.title,
        "subtitle": g.subtitle,
        "collapsed": g.collapsed,
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "meta": meta,
        "legend": _legend(g),
        "facets": _facets(g, group_names),
        "stats": {"nodes": len(nodes), "edges": len(edges)},
    }


def render_page(data: dict, title: str) -> str:
    """The HTML page: template, our CSS and JS, vis-network and the data, all inline."""
    env = Environment(autoescape=True)
    template = env.from_string(_asset("page.html"))
    needs_vis = data["view"] != "coverage"
    return template.render(
        title=title,
        css=_asset("app.css"),
        vis=vis_js() if needs_vis else "",
        app=_asset("app.js"),
        data=script_json(data),
        view=data["view"],
        node_count=data["stats"]["nodes"],
    )
