"""Keep a view under its node budget: collapse tasks into counts per container, then communes and units per province."""

from __future__ import annotations

from collections import defaultdict

from .model import VizGraph, VizNode

DEFAULT_BUDGET = 1500
UNKNOWN_PROVINCE = "(chưa rõ tỉnh)"


def _merge(g: VizGraph, mapping: dict[str, str], new: dict[str, VizNode]) -> None:
    """Replace the mapped nodes by their aggregates; edges follow, parallel ones add their weights."""
    for old in mapping:
        del g.nodes[old]
    g.nodes.update(new)
    for e in g.edges:
        e.source = mapping.get(e.source, e.source)
        e.target = mapping.get(e.target, e.target)
    g.edges = [e for e in g.edges if e.source != e.target and e.source in g.nodes and e.target in g.nodes]
    g.dedupe_edges()
    for n in g.nodes.values():
        if n.parent in mapping:
            n.parent = mapping[n.parent]
        anc = n.details.get("anc")
        if anc:
            n.details["anc"] = list(
                dict.fromkeys(mapping.get(a, a) for a in anc if mapping.get(a, a) != n.id)
            )


def _absorb(agg: VizNode, n: VizNode, weight: int = 1) -> None:
    agg.count += weight
    agg.units = sorted(set(agg.units) | set(n.units))
    agg.cgroups = sorted(set(agg.cgroups) | set(n.cgroups))
    agg.text = (agg.text + " " + n.text)[:4000]


def collapse_tasks(g: VizGraph) -> int:
    """Every task becomes part of one count node per container (group, plan or unit)."""
    mapping: dict[str, str] = {}
    new: dict[str, VizNode] = {}
    for n in [n for n in g.nodes.values() if n.kind == "task"]:
        key = f"agg:tasks:{n.parent or n.plan or 'none'}"
        if key not in new:
            new[key] = VizNode(
                key,
                "tasks-agg",
                "",
                parent=n.parent,
                plan=n.plan,
                province=n.province,
                details={"anc": list(n.details.get("anc", []))},
            )
        _absorb(new[key], n)
        mapping[n.id] = key
    for agg in new.values():
        agg.label = f"{agg.count} nhiệm vụ"
        agg.title = f"{agg.count} nhiệm vụ (gộp)"
        agg.details.update({"identifier": agg.label, "count": agg.count})
    _merge(g, mapping, new)
    return len(mapping)


def collapse_communes(g: VizGraph) -> int:
    """Commune plans and everything under them become one node per province."""
    communes = {n.id for n in g.nodes.values() if n.kind == "commune"}
    mapping: dict[str, str] = {}
    new: dict[str, VizNode] = {}
    plans: dict[str, set[str]] = defaultdict(set)
    for n in list(g.nodes.values()):
        plan = n.id if n.id in communes else (n.plan if n.plan in communes else None)
        if plan is None:
            continue
        prov = g.nodes[plan].province or UNKNOWN_PROVINCE
        key = f"agg:communes:{prov}"
        if key not in new:
            new[key] = VizNode(key, "communes-agg", "", province=prov, details={"anc": []})
        plans[key].add(plan)
        _absorb(new[key], n, 0)
        new[key].details["anc"] += [a for a in n.details.get("anc", []) if a not in communes]
        mapping[n.id] = key
    for key, agg in new.items():
        agg.count = len(plans[key])
        agg.label = f"{agg.count} kế hoạch cấp xã\n{agg.province}"
        agg.title = agg.label.replace("\n", " — ")
        agg.details.update({"identifier": agg.title, "count": agg.count, "province": agg.province})
    _merge(g, mapping, new)
    return sum(len(p) for p in plans.values())


def collapse_units(g: VizGraph) -> int:
    """Units become one count node per province."""
    mapping: dict[str, str] = {}
    new: dict[str, VizNode] = {}
    for n in [n for n in g.nodes.values() if n.kind == "unit"]:
        key = f"agg:units:{n.province or UNKNOWN_PROVINCE}"
        if key not in new:
            new[key] = VizNode(key, "units-agg", "", province=n.province, details={"anc": []})
        _absorb(new[key], n)
        mapping[n.id] = key
    for agg in new.values():
        agg.label = f"{agg.count} đơn vị\n{agg.province or UNKNOWN_PROVINCE}"
        agg.title = agg.label.replace("\n", " — ")
        agg.details.update({"identifier": agg.title, "count": agg.count})
    _merge(g, mapping, new)
    return len(mapping)


def apply_budget(g: VizGraph, budget: int = DEFAULT_BUDGET) -> None:
    """Collapse step by step until the view has at most `budget` nodes; say in the graph what was collapsed."""
    start = len(g.nodes)
    if start <= budget:
        return
    steps = (
        (collapse_tasks, "{n} nhiệm vụ được gộp thành nút đếm theo nhóm nhiệm vụ / kế hoạch / đơn vị"),
        (collapse_communes, "{n} kế hoạch cấp xã được gộp theo tỉnh"),
        (collapse_units, "{n} đơn vị được gộp theo tỉnh"),
    )
    for step, sentence in steps:
        done = step(g)
        if done:
            g.collapsed.append(sentence.format(n=done))
        if len(g.nodes) <= budget:
            break
    g.collapsed.insert(
        0,
        f"Đồ thị có {start} nút, vượt ngân sách {budget} nút: đã gộp để trình chiếu được "
        f"(còn {len(g.nodes)} nút).",
    )
