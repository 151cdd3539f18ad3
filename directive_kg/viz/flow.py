"""The flow of a mandate (`dkg viz flow --mandate 57-NQ/TW`): a Sankey diagram and a collapsible trace tree.

Columns: mandate → task group of 57-NQ/TW → central task (03/NQ-CP) → province → local plan. A band's
width is the number of local tasks on that path (the `implementers` named query opened into one row per
local task and central mandate it aligns with, queries/links.py; a task aligned with two central tasks runs on two paths). Gaps are
empty ends: a group no local task serves, and the 03/NQ-CP tasks assigned to localities that no plan
carries out (the `gaps` query), drawn as dashed red boxes with nothing flowing out.

The graph view of the same trace drew hundreds of crossing edges; here each column keeps at most
`COLUMN_BUDGET` boxes (the smallest central tasks of a group and the smallest plans merge into one
"… khác" box), so the page stays readable for a whole province or the whole country. The layout is
computed here and drawn as inline SVG; text is escaped by Jinja (and by textContent in the script).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..queries.links import implementer_links

COLUMN_BUDGET = 30  # boxes per column: each needs LABEL_PX for its label, the rest of HEIGHT is for the bands
WIDTH, HEIGHT = 1880, 960
LABEL_PX = 17
NODE_W = 14
PAD = 6  # px between boxes of a column
COLUMNS = ["mandate", "group", "ctask", "province", "plan"]
COLUMN_TITLES = {
    "mandate": "Văn bản chỉ đạo",
    "group": "Nhóm nhiệm vụ 57-NQ/TW",
    "ctask": "Nhiệm vụ Trung ương (03/NQ-CP)",
    "province": "Tỉnh, thành phố",
    "plan": "Kế hoạch địa phương",
}
DIRECT = "trực tiếp theo nhóm (không qua nhiệm vụ 03/NQ-CP)"
NO_GROUP = "chưa gắn với nhóm nào"
NO_PROVINCE = "chưa rõ tỉnh"
MAX_TREE_TASKS = 4000  # leaves in the collapsible tree; beyond, plans show their counts only


@dataclass
class FlowNode:
    id: str
    column: str
    label: str
    title: str
    value: int = 0
    gap: bool = False
    x: float = 0
    y: float = 0
    h: float = 0
    members: list[str] = field(default_factory=list)  # merged boxes: the labels they stand for


@dataclass
class FlowLink:
    source: str
    target: str
    value: int
    sy: float = 0
    ty: float = 0


@dataclass
class Flow:
    mandate: str
    nodes: dict[str, FlowNode]
    links: list[FlowLink]
    rows: list[
        list[Any]
    ]  # [group, ctask, province, plan node ids, plan, province, commune, text, aligned, method, score]
    tree: list[dict]
    columns: list[str]
    tasks: int


def _short(text: str, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def flow_data(store: Any, mandate: str) -> Flow:
    """Paths of every local task carrying out the mandate, merged to the column budget, laid out."""
    from .facts import load_facts
    from .views import central_group_names, resolve_mandate

    if not mandate.strip():
        raise InputError(
            "--mandate", "the flow view needs --mandate (e.g. 57-NQ/TW, 57-NQ/TW#3, 03/NQ-CP#20)"
        )
    f = load_facts(store)
    root_iri = resolve_mandate(f, mandate)
    rows = implementer_links(store, mandate)  # `implementers` opened into one row per (task, link)
    if not rows:
        raise InputError(mandate, "no local task carries out this mandate")
    names = central_group_names(f)
    central = f.central_groups()
    group_iri = {p.iri: n for n, p in central.items()}

    root_part = f.parts.get(root_iri)
    columns = list(COLUMNS)
    if root_part is not None and root_part.kind == "group":
        columns.remove("mandate")
    elif root_part is not None:
        columns = [c for c in columns if c not in ("mandate", "group")]

    paths = _paths(f, rows, root_iri, group_iri)
    labels = _labels(f, paths, root_iri, names)
    _merge(paths, columns, labels)
    nodes, links = _nodes_links(paths, columns, labels)
    # ---- gaps: groups no local task serves, 03/NQ-CP tasks (for localities) no plan carries out
    if "group" in columns and "mandate" in columns:
        _group_gaps(nodes, names)
    if "ctask" in columns:
        _ctask_gaps(store, f, nodes, columns, root_iri)

    flow = Flow(
        mandate,
        nodes,
        [FlowLink(a, b, v) for (a, b), v in links.items()],
        [],
        [],
        columns,
        len({p["row"]["task"] for p in paths}),
    )
    _layout(flow)
    flow.rows = [
        [
            p.get("group") if "group" in columns else None,
            p["ctask"],
            p["province"],
            p["plan"],
            p["plan_label"],
            p["row"]["province"] or "",
            p["row"]["commune"] or "",
            p["row"]["text"] or "",
            f.label_of(p["row"]["aligned_to"]) if p["row"]["aligned_to"] else "",
            p["row"]["method"] or "",
            p["row"]["score"],
        ]
        for p in paths
    ]
    flow.tree = _tree(flow, paths, labels, columns)
    return flow


def _paths(f: Any, rows: list[dict], root_iri: str, group_iri: dict[str, str]) -> list[dict]:
    """One path (mandate, group, central task, province, plan) per distinct (local task, group, central task)."""

    def group_of(aligned: str | None) -> str:
        if aligned in group_iri:
            return group_iri[aligned]
        served = sorted(f.serves.get(aligned or "", set()), key=lambda g: (len(g), g))
        return served[0] if served else ""

    paths: list[dict[str, str]] = []
    seen: set[tuple] = set()
    for r in rows:
        aligned = r["aligned_to"]
        g = group_of(aligned)
        ctask = aligned if aligned and aligned not in group_iri and aligned in f.parts else ""
        key = (r["task"], g, ctask)
        if key in seen:
            continue
        seen.add(key)
        paths.append(
            {
                "mandate": root_iri,
                "group": f"g:{g}" if g else "g:",
                "ctask": ctask or f"direct:{g}",
                "province": f"p:{r['province'] or ''}",
                "plan": r["plan"],
                "row": r,
            }
        )
    return paths


def _labels(f: Any, paths: list[dict], root_iri: str, names: dict[str, str]) -> dict[str, tuple[str, str]]:
    labels: dict[str, tuple[str, str]] = {}  # node id → (label, tooltip)
    labels[root_iri] = (f.label_of(root_iri), f.label_of(root_iri))
    for n, text in names.items():
        labels[f"g:{n}"] = (_short(f"{n}. {text}", 52), f"Nhóm {n}. {text}")
    labels["g:"] = (NO_GROUP, NO_GROUP)
    for p in paths:
        c = p["ctask"]
        if c.startswith("direct:"):
            labels[c] = ("trực tiếp theo nhóm", DIRECT)
        elif c not in labels:
            part = f.parts[c]
            labels[c] = (_short(f"{f.label_of(c)} {part.text}", 46), f"{f.label_of(c)}: {part.text}")
        prov = p["province"]
        labels.setdefault(prov, (prov[2:] or NO_PROVINCE, prov[2:] or NO_PROVINCE))
        d = f.docs.get(_doc_of(f, p["row"]["task"]))
        name = d.name if d else p["plan"]
        where = p["row"]["commune"] or ""
        p["plan_label"] = name
        labels.setdefault(
            p["plan"], (_short(f"{name} · {where}" if where else name, 40), f"{name} {where}".strip())
        )
    return labels


def _merge(paths: list[dict], columns: list[str], labels: dict[str, tuple[str, str]]) -> None:
    """Merge the small boxes of crowded columns: keep the largest, fold the rest by their parent box."""
    counts = {c: Counter(p[c] for p in paths) for c in columns}
    # provinces are never merged: there are 34 (and "unknown"), each worth its own box
    for column, parent in (("ctask", "group"), ("plan", "province")):
        if column not in columns or len(counts[column]) <= COLUMN_BUDGET:
            continue
        keep_n = COLUMN_BUDGET - (len({p[parent] for p in paths}) if parent and parent in columns else 1)
        keep = {
            k for k, _ in sorted(counts[column].items(), key=lambda kv: (-kv[1], kv[0]))[: max(keep_n, 1)]
        }
        merged: dict[str, list[str]] = defaultdict(list)
        for p in paths:
            if p[column] in keep:
                continue
            home = p[parent] if parent and parent in columns else ""
            mid = f"other:{column}:{home}"
            if p[column] not in merged[mid]:
                merged[mid].append(p[column])
            p[column] = mid
        for mid, members in merged.items():
            where = labels.get(mid.split(":", 2)[2], ("", ""))[0] if parent else ""
            what = {"ctask": "nhiệm vụ TW", "plan": "kế hoạch", "province": "tỉnh"}[column]
            label = f"{len(members)} {what} khác" + (
                f" ({_short(where, 18)})" if where and column != "ctask" else ""
            )
            labels[mid] = (label, label + ": " + "; ".join(labels[m][1] for m in members[:40]))
        counts[column] = Counter(p[column] for p in paths)


def _nodes_links(
    paths: list[dict], columns: list[str], labels: dict[str, tuple[str, str]]
) -> tuple[dict[str, FlowNode], Counter]:
    nodes: dict[str, FlowNode] = {}
    links: Counter = Counter()
    for p in paths:
        chain = [p[c] for c in columns]
        for c, n in zip(columns, chain, strict=True):
            if n not in nodes:
                lab, tip = labels.get(n, (n, n))
                nodes[n] = FlowNode(n, c, lab, tip)
            nodes[n].value += 1
        for a, b in zip(chain, chain[1:], strict=False):
            links[(a, b)] += 1
    return nodes, links


def _group_gaps(nodes: dict[str, FlowNode], names: dict[str, str]) -> None:
    """A dashed box for each group of the mandate no local task serves."""
    for n, text in names.items():
        if f"g:{n}" not in nodes:
            nodes[f"g:{n}"] = FlowNode(
                f"g:{n}", "group", _short(f"{n}. {text}", 44) + " — chưa có", f"Nhóm {n}. {text}", gap=True
            )


def _doc_of(f: Any, task: str) -> str | None:
    part = f.parts.get(task)
    return part.doc if part else None


def _ctask_gaps(store: Any, f: Any, nodes: dict[str, FlowNode], columns: list[str], root: str) -> None:
    """One dashed box per group: the 03/NQ-CP tasks for localities that no local plan carries out."""
    from ..queries import run

    res = run("gaps", {}, store)
    gi = {c: i for i, c in enumerate(res.columns)}
    status = gi.get("status")  # covered / weak / gap per plan and applicable mandate (alignment issue)
    listed: set[str] = set()
    covered: set[str] = set()
    for r in res.rows:
        if r[gi["kind"]] != "task":
            continue
        listed.add(r[gi["mandate"]])
        if status is not None and r[status] == "covered":
            covered.add(r[gi["mandate"]])
    nowhere = sorted(listed - covered)
    by_group: dict[str, list[str]] = defaultdict(list)
    cp = {
        p.number: p for p in f.parts.values() if p.kind == "task" and f.docs[p.doc].identifier == "03/NQ-CP"
    }
    for m in nowhere:
        part = cp.get(m.partition("#")[2])
        if part is None:
            continue
        served = sorted(f.serves.get(part.iri, set()), key=lambda g: (len(g), g))
        g = served[0] if served else ""
        if "group" in columns and f"g:{g}" not in nodes:
            continue
        if "group" not in columns and f.parts.get(root) and g not in f.serves.get(part.iri, set()):
            continue
        by_group[g].append(f"{m}: {part.text}")
    for g, items in sorted(by_group.items()):
        nodes[f"gap:{g}"] = FlowNode(
            f"gap:{g}",
            "ctask",
            f"{len(items)} nhiệm vụ 03/NQ-CP chưa có địa phương thực hiện",
            "\n".join(items[:40]),
            gap=True,
            members=[f"g:{g}"],
        )


def _layout(flow: Flow) -> None:
    """x by column, y stacked by value (scaled to the tallest column), bands offset inside their boxes."""
    cols = flow.columns
    x_step = (WIDTH - 360) / max(len(cols) - 1, 1)
    by_col: dict[str, list[FlowNode]] = {c: [] for c in cols}
    for n in flow.nodes.values():
        by_col[n.column].append(n)
    order: dict[str, float] = {}
    # order: groups by number, then every box by the mean position of what flows into it
    incoming: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for link in flow.links:
        incoming[link.target].append((link.source, link.value))
    for gap in [n for n in flow.nodes.values() if n.gap and n.members]:
        incoming[gap.id].append((gap.members[0], 0))
    # every box takes at least LABEL_PX (its label's line); the bands share what is left of HEIGHT
    crowded = max(len(ns) for ns in by_col.values())
    tallest = max(sum(n.value for n in ns) for ns in by_col.values()) or 1
    scale = max(0.01, (HEIGHT - 40 - LABEL_PX * crowded) / tallest)
    for ci, c in enumerate(cols):
        ns = by_col[c]

        def key(n: FlowNode, c: str = c) -> tuple:
            ins = incoming.get(n.id, [])
            if c == "group":  # the groups in their own order (1 … 7), gaps among them
                return (_natural_key(n.id), False, 0, n.id)
            if ins:
                pos = sum(order.get(s, 0) * max(v, 1) for s, v in ins) / sum(max(v, 1) for _s, v in ins)
            else:
                pos = _natural_key(n.id)
            return (pos, n.id.startswith("other:"), -n.value, n.id)

        ns.sort(key=key)
        y = 30.0
        for n in ns:
            n.x = 10 + ci * x_step
            n.h = max(3.0, n.value * scale) if not n.gap else 12.0
            n.y = y
            order[n.id] = y + n.h / 2
            y += max(n.h + PAD, LABEL_PX)
    out_off: dict[str, float] = defaultdict(float)
    in_off: dict[str, float] = defaultdict(float)
    for link in sorted(flow.links, key=lambda k: (order[k.source], order[k.target])):
        s = flow.nodes[link.source]
        link.sy = s.y + out_off[link.source] + link.value * scale / 2
        out_off[link.source] += link.value * scale
    for link in sorted(flow.links, key=lambda k: (order[k.target], order[k.source])):
        t = flow.nodes[link.target]
        link.ty = t.y + in_off[link.target] + link.value * scale / 2
        in_off[link.target] += link.value * scale
    flow.scale = scale  # type: ignore[attr-defined]
    flow.height = max(n.y + n.h for n in flow.nodes.values()) + 30  # type: ignore[attr-defined]


def _natural_key(value: str) -> float:
    import re

    m = re.search(r"(\d+)$", value)
    return float(m.group(1)) if m else 1e6


def _tree(flow: Flow, paths: list[dict], labels: dict, columns: list[str]) -> list[dict]:
    """mandate → group → central task → province → plan → tasks, each level with its label and count."""
    levels = [c for c in columns if c != "mandate"] + ["task"]
    root: dict = {"children": {}, "count": 0}
    shown = 0
    for p in sorted(paths, key=lambda p: tuple(flow.nodes[p[c]].y for c in columns if c != "mandate")):
        node = root
        node["count"] += 1
        for level in levels[:-1]:
            key = p[level]
            node = node["children"].setdefault(
                key,
                {
                    "children": {},
                    "count": 0,
                    "label": labels.get(key, (key, key))[0 if key.startswith("other:") else 1],
                },
            )
            node["count"] += 1
        if shown < MAX_TREE_TASKS:
            node.setdefault("tasks", []).append(p["row"]["text"] or p["row"]["task"])
            shown += 1

    def plain(n: dict) -> list[dict]:
        return [
            {"label": c["label"], "count": c["count"], "children": plain(c), "tasks": c.get("tasks", [])}
            for c in n["children"].values()
        ]

    return plain(root)


def render_flow(flow: Flow) -> str:
    from jinja2 import Environment

    from .html import _asset, script_json

    cols = flow.columns
    x_step = (WIDTH - 360) / max(len(cols) - 1, 1)
    env = Environment(autoescape=True)
    return env.from_string(_asset("flow.html")).render(
        title=f"Luồng thực hiện {flow.mandate}",
        subtitle=(
            f"{flow.tasks} nhiệm vụ địa phương; độ rộng dải = số nhiệm vụ địa phương trên đường đó "
            "(một nhiệm vụ gắn với hai nhiệm vụ Trung ương đi trên hai đường). Ô đỏ nét đứt: khoảng trống."
        ),
        width=WIDTH,
        height=int(flow.height),  # type: ignore[attr-defined]
        nodes=list(flow.nodes.values()),
        links=flow.links,
        nodes_by_id=flow.nodes,
        node_w=NODE_W,
        headers=[(10 + i * x_step, COLUMN_TITLES[c]) for i, c in enumerate(cols)],
        last_x=10 + (len(cols) - 1) * x_step,
        tree=flow.tree,
        css=_asset("flow.css"),
        app=_asset("flow.js"),
        data=script_json({"rows": flow.rows, "mandate": flow.mandate}),
        max_tree=MAX_TREE_TASKS,
    )


def build_flow(store: Any, mandate: str) -> tuple[str, Flow]:
    store.require()
    flow = flow_data(store, mandate)
    return render_flow(flow), flow
