"""The drawable graph of a view: nodes, edges, the kinds' colours and shapes, and what was collapsed."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Kind:
    vi: str
    en: str
    shape: str
    color: str
    font_color: str = "#1b1b1b"
    font_size: int = 14


# one colour and one shape per kind; the legend is drawn from this table
KINDS: dict[str, Kind] = {
    "central": Kind("Văn bản trung ương", "central mandate", "star", "#c62828", font_size=22),
    "province": Kind("Kế hoạch cấp tỉnh", "provincial plan", "ellipse", "#ef6c00", "#ffffff", 20),
    "commune": Kind("Kế hoạch cấp xã", "commune plan", "box", "#2e7d32", "#ffffff", 20),
    "cgroup": Kind("Nhóm nhiệm vụ trung ương", "central task group", "hexagon", "#8e24aa", font_size=18),
    "ctask": Kind("Nhiệm vụ 03/NQ-CP", "central task", "triangle", "#d81b60", font_size=13),
    "group": Kind("Nhóm nhiệm vụ", "task group", "box", "#bbdefb", "#0d3c61", 16),
    "task": Kind("Nhiệm vụ", "task", "dot", "#1e88e5", font_size=12),
    "unit": Kind("Đơn vị chủ trì / phối hợp", "lead / coordinating unit", "diamond", "#00897b", font_size=16),
    "tasks-agg": Kind(
        "Nhiệm vụ (gộp, số lượng)", "tasks (collapsed, count)", "square", "#90a4ae", font_size=16
    ),
    "communes-agg": Kind(
        "Kế hoạch cấp xã (gộp theo tỉnh)",
        "commune plans (collapsed per province)",
        "box",
        "#a5d6a7",
        "#1b5e20",
        18,
    ),
    "units-agg": Kind("Đơn vị (gộp)", "units (collapsed)", "diamond", "#b2dfdb", font_size=14),
}

EDGE_STYLES: dict[str, dict] = {
    "implements": {"color": "#c62828", "width": 2, "vi": "triển khai (văn bản cấp dưới thực hiện)"},
    "has": {"color": "#78909c", "width": 1, "vi": "gồm"},
    "aligns": {"color": "#8e24aa", "width": 1, "dashes": True, "vi": "căn chỉnh với"},
    "lead": {"color": "#00897b", "width": 1.5, "vi": "chủ trì"},
    "coordinating": {"color": "#80cbc4", "width": 1, "dashes": True, "vi": "phối hợp"},
}


@dataclass
class VizNode:
    id: str
    kind: str
    label: str  # short, wrapped display label
    title: str = ""  # plain-text tooltip
    text: str = ""  # full text for search
    plan: str | None = None  # IRI of the document it belongs to (itself for a plan)
    parent: str | None = None  # the container it is laid out under (group, plan, province aggregate…)
    province: str | None = None
    units: list[str] = field(default_factory=list)  # unit labels (filter)
    cgroups: list[str] = field(default_factory=list)  # central group numbers it serves (filter)
    count: int = 0  # aggregated nodes: how many they stand for; units: workload
    details: dict = field(default_factory=dict)
    x: float = 0.0
    y: float = 0.0


@dataclass
class VizEdge:
    source: str
    target: str
    kind: str
    title: str = ""
    weight: int = 1


@dataclass
class VizGraph:
    view: str
    title: str
    nodes: dict[str, VizNode] = field(default_factory=dict)
    edges: list[VizEdge] = field(default_factory=list)
    collapsed: list[str] = field(default_factory=list)  # sentences saying what was aggregated
    subtitle: str = ""

    def add(self, node: VizNode) -> VizNode:
        return self.nodes.setdefault(node.id, node)

    def link(self, source: str, target: str, kind: str, title: str = "", weight: int = 1) -> None:
        if source in self.nodes and target in self.nodes and source != target:
            self.edges.append(VizEdge(source, target, kind, title, weight))

    def dedupe_edges(self) -> None:
        merged: dict[tuple[str, str, str], VizEdge] = {}
        for e in self.edges:
            key = (e.source, e.target, e.kind)
            if key in merged:
                merged[key].weight += e.weight
            else:
                merged[key] = e
        self.edges = list(merged.values())


def wrap(text: str, width: int = 24, lines: int = 3) -> str:
    """Word-wrap for a node label, cut with an ellipsis after `lines` lines."""
    words, out, cur = (text or "").split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            out.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    if cur:
        out.append(cur)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: max(1, width - 1)].rstrip(" ,;") + "…"
    return "\n".join(out)


def short(text: str, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip(" ,;") + "…"
