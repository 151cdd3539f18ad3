"""Build the drawable graph of each view (hierarchy, trace, units) from the store's facts and named queries."""

from __future__ import annotations

from collections import defaultdict

from ..errors import InputError
from .facts import ROOT, Doc, Facts, Part
from .model import VizGraph, VizNode, short, wrap

LOCAL_KINDS = {
    "province": "province"
}  # issuer level → node kind; every other non-central level is a commune plan


def doc_kind(doc: Doc) -> str:
    if doc.level == "central":
        return "central"
    return LOCAL_KINDS.get(doc.level or "", "commune")


def _where(doc: Doc) -> str:
    return " · ".join(x for x in (doc.commune, doc.province) if x)


def doc_node(f: Facts, doc: Doc) -> VizNode:
    kind = doc_kind(doc)
    where = _where(doc)
    label = doc.name if kind == "central" else "\n".join(x for x in (doc.name, short(where, 28)) if x)
    title = "\n".join(x for x in (doc.name, doc.title or "", where, doc.date or "") if x)
    details = {
        "identifier": doc.identifier,
        "title": doc.title,
        "date": doc.date,
        "level": doc.level,
        "province": doc.province,
        "commune": doc.commune,
        "source": doc.path,
        "lines": list(doc.lines) if doc.lines else None,
        "ocr": doc.ocr,
    }
    return VizNode(
        doc.iri,
        kind,
        label,
        title,
        text=" ".join(x for x in (doc.name, doc.title or "", where) if x),
        plan=doc.iri,
        province=doc.province,
        details=details,
    )


def _alignments(f: Facts, iri: str) -> list[dict]:
    return [
        {"to": f.label_of(x), "iri": x, "method": m, "score": s}
        for x, m, s in sorted(f.alignments.get(iri, []), key=lambda a: (-(a[2] or 0), a[0]))
    ]


def part_node(f: Facts, part: Part, kind: str | None = None) -> VizNode:
    doc = f.docs.get(part.doc)
    units = [f.unit_labels[u] for u in f.lead.get(part.iri, []) + f.coordinating.get(part.iri, [])]
    if part.kind == "group":
        kind = kind or "group"
        label = wrap(f"{part.number}. {part.text}" if part.number else part.text, 34, 3)
    else:
        kind = kind or "task"
        label = wrap(part.text, 22, 2)
    deadline = part.deadline or ("thường xuyên" if part.recurring else None)
    group = f.parts.get(part.group) if part.group else None
    details = {
        "identifier": f.label_of(part.iri),
        "plan": doc.name if doc else None,
        "date": doc.date if doc else None,
        "province": doc.province if doc else None,
        "commune": doc.commune if doc else None,
        "group": f"{group.number}. {short(group.text, 120)}" if group else None,
        "text": part.text,
        "raw": part.raw if part.raw and part.raw != part.text else None,
        "lead": [f.unit_labels[u] for u in f.lead.get(part.iri, [])],
        "coordinating": [f.unit_labels[u] for u in f.coordinating.get(part.iri, [])],
        "deadline": deadline,
        "output": part.output,
        "alignments": _alignments(f, part.iri),
        "source": doc.path if doc else None,
        "lines": list(part.lines) if part.lines else None,
    }
    return VizNode(
        part.iri,
        kind,
        label,
        short(part.text, 300),
        text=part.text,
        plan=part.doc,
        province=doc.province if doc else None,
        units=units,
        cgroups=sorted(f.serves.get(part.iri, set())),
        details=details,
    )


def task_number(part: Part) -> str:
    """The task's number in its document (t9 → 9), as printed next to its dot."""
    tail = part.iri.rsplit("/", 1)[-1]
    return tail[1:] if tail[:1] == "t" and tail[1:].isdigit() else (part.number or tail)[:5]


def unit_node(f: Facts, iri: str, led: int, coordinated: int) -> VizNode:
    label = f.unit_labels.get(iri, iri)
    return VizNode(
        iri,
        "unit",
        wrap(label, 24, 3),
        f"{label}\nchủ trì {led}, phối hợp {coordinated}",
        text=label,
        units=[label],
        count=led + coordinated,
        details={"identifier": label, "led": led, "coordinated": coordinated},
    )


def _implements_closure(f: Facts) -> dict[str, set[str]]:
    up: dict[str, set[str]] = defaultdict(set)
    for a, b in f.implements:
        up[a].add(b)
    closure: dict[str, set[str]] = {}

    def reach(n: str, seen: frozenset[str]) -> set[str]:
        if n in closure:
            return closure[n]
        out: set[str] = set()
        for m in up.get(n, ()):
            if m not in seen:
                out |= {m} | reach(m, seen | {m})
        closure[n] = out
        return out

    for n in list(up):
        reach(n, frozenset({n}))
    return closure


# --------------------------------------------------------------------------- hierarchy
def hierarchy(f: Facts) -> VizGraph:
    """Central mandates → provincial plans → commune plans → task groups → tasks → lead units."""
    g = VizGraph(
        "hierarchy",
        "Hệ thống văn bản thực hiện Nghị quyết 57-NQ/TW",
        subtitle="Văn bản trung ương → kế hoạch cấp tỉnh → kế hoạch cấp xã → nhóm nhiệm vụ → nhiệm vụ"
        " → đơn vị chủ trì",
    )
    in_chain = {d for edge in f.implements for d in edge}
    with_parts = {p.doc for p in f.parts.values()}
    for doc in sorted(f.docs.values(), key=lambda d: d.iri):
        if doc.iri in in_chain or doc.iri in with_parts:
            g.add(doc_node(f, doc))
    for a, b in _reduced(f.implements, set(g.nodes)):
        g.link(b, a, "implements", "triển khai")
    for doc_iri, node in list(g.nodes.items()):
        if node.kind == "central":
            continue
        for grp in f.doc_groups(doc_iri):
            gn = g.add(part_node(f, grp))
            gn.parent = doc_iri
            g.link(doc_iri, grp.iri, "has")
        for task in f.doc_tasks(doc_iri):
            tn = g.add(part_node(f, task))
            tn.label = task_number(task)  # the text is in the tooltip, the details and the search
            tn.parent = task.group if task.group in g.nodes else doc_iri
            g.link(tn.parent, task.iri, "has")
    led: dict[str, list[str]] = defaultdict(list)
    for t in [n for n in g.nodes.values() if n.kind == "task"]:
        for u in f.lead.get(t.id, []):
            led[u].append(t.id)
    for u, tasks in led.items():
        un = g.add(unit_node(f, u, len(tasks), len([t for t, us in f.coordinating.items() if u in us])))
        un.province = g.nodes[tasks[0]].province
        for t in tasks:
            g.link(t, u, "lead", "chủ trì")
    _ancestors(g, f)
    return g


def _reduced(edges: list[tuple[str, str]], keep: set[str]) -> list[tuple[str, str]]:
    """Implements edges without the ones implied by a longer chain (a commune plan → its province → 57-NQ/TW)."""
    import networkx as nx

    d = nx.DiGraph([(a, b) for a, b in edges if a in keep and b in keep])
    if not nx.is_directed_acyclic_graph(d):
        return sorted(d.edges)
    return sorted(nx.transitive_reduction(d).edges)


def _ancestors(g: VizGraph, f: Facts) -> None:
    """Each node's containers and the mandates its plan implements: kept visible when the node matches a filter."""
    closure = _implements_closure(f)
    for n in g.nodes.values():
        anc, p = [], n.parent
        while p and p in g.nodes and p not in anc:
            anc.append(p)
            p = g.nodes[p].parent
        plan = n.plan or (anc[-1] if anc else None)
        if plan and plan != n.id and plan not in anc and plan in g.nodes:
            anc.append(plan)
        anc += [m for m in sorted(closure.get(plan or n.id, ())) if m in g.nodes and m not in anc]
        n.details["anc"] = anc


# --------------------------------------------------------------------------- trace
def resolve_mandate(f: Facts, mandate: str) -> str:
    """IRI of a mandate given as 57-NQ/TW, 57-NQ/TW#3 or 03/NQ-CP#20."""
    ident, _, part = mandate.strip().partition("#")
    docs = sorted(d.iri for d in f.docs.values() if d.identifier == ident.strip())
    if not docs:
        raise InputError(
            mandate, "no such directive in the store (give e.g. 57-NQ/TW, 57-NQ/TW#3, 03/NQ-CP#20)"
        )
    if not part.strip():
        return docs[0]
    hits = sorted(
        (p.kind != "group", p.iri) for p in f.parts.values() if p.doc in docs and p.number == part.strip()
    )
    if not hits:
        raise InputError(mandate, f"{ident} has no task group or task numbered {part.strip()}")
    return hits[0][1]


def trace(f: Facts, mandate: str, rows: list[dict]) -> VizGraph:
    """Only what implements the mandate: its central groups / 03/NQ-CP tasks, the plans, their tasks, lead units."""
    root = resolve_mandate(f, mandate)
    g = VizGraph(
        "trace",
        f"Truy vết thực hiện {mandate}",
        subtitle="Nhiệm vụ địa phương thực hiện văn bản, nhóm nhiệm vụ hoặc nhiệm vụ trung ương đã chọn",
    )
    if not rows:
        raise InputError(mandate, "no local task carries out this mandate")
    g.add(_central(f, root))
    for r in rows:
        _trace_row(g, f, root, r)
    _anchor_centrals(g, f, root)
    for n in g.nodes.values():
        if n.kind == "unit":
            n.details["led"] = n.count
            n.title = f"{n.text}\nchủ trì {n.count} nhiệm vụ trong truy vết này"
    g.dedupe_edges()
    _ancestors(g, f)
    return g


def _central(f: Facts, iri: str) -> VizNode:
    """A central anchor of the trace: a document, a central group or a central task."""
    if iri in f.docs:
        return doc_node(f, f.docs[iri])
    part = f.parts.get(iri)
    if part is None:
        return VizNode(
            iri, "ctask", wrap(iri.rsplit("/", 1)[-1], 20, 1), iri, text=iri, details={"identifier": iri}
        )
    node = part_node(f, part, "cgroup" if part.kind == "group" else "ctask")
    node.label = (
        wrap(f"{f.label_of(iri)}\n{short(part.text, 60)}", 24, 4)
        if part.kind == "group"
        else wrap(f.label_of(iri), 18, 2)
    )
    return node


def _trace_row(g: VizGraph, f: Facts, root: str, r: dict) -> None:
    """One row of the `implementers` query: the plan, its task, what it aligns with, its lead unit."""
    task = r["task"]
    part = f.parts.get(task)
    doc = f.docs.get(part.doc) if part else None
    if doc is not None and doc.iri not in g.nodes:
        g.add(doc_node(f, doc))
    if part is not None and task not in g.nodes:
        tn = g.add(part_node(f, part))
        tn.parent = doc.iri if doc else None
        g.link(part.doc, task, "has")
    if r["aligned_to"]:
        if r["aligned_to"] not in g.nodes:
            g.add(_central(f, r["aligned_to"]))
        score = f" {r['score']:.2f}" if r["score"] is not None else ""
        g.link(r["aligned_to"], task, "aligns", f"căn chỉnh ({r['method'] or ''}{score})")
    elif doc is not None:
        g.link(root, doc.iri, "implements", "triển khai")
    if r["lead_unit"]:
        uid = f"unit:{r['lead_unit']}"
        if uid not in g.nodes:
            g.add(
                VizNode(
                    uid,
                    "unit",
                    wrap(r["lead_unit"], 24, 3),
                    r["lead_unit"],
                    text=r["lead_unit"],
                    units=[r["lead_unit"]],
                    details={"identifier": r["lead_unit"]},
                )
            )
        g.nodes[uid].count += 1
        g.link(task, uid, "lead", "chủ trì")


def _anchor_centrals(g: VizGraph, f: Facts, root: str) -> None:
    """Connect the central anchors to the mandate: a 03/NQ-CP task to the central group it aligns with."""
    for n in list(g.nodes.values()):
        if n.kind not in ("cgroup", "ctask") or n.id == root:
            continue
        ups = [x for x, _m, _s in f.alignments.get(n.id, []) if x in g.nodes and g.nodes[x].kind == "cgroup"]
        parent = ups[0] if ups else root
        n.parent = parent
        g.link(parent, n.id, "aligns" if ups else "has")


# --------------------------------------------------------------------------- units
def units(f: Facts) -> VizGraph:
    """Units and the tasks they lead or coordinate, each unit sized by its workload."""
    g = VizGraph(
        "units",
        "Đơn vị chủ trì và phối hợp",
        subtitle="Kích thước theo khối lượng: số nhiệm vụ chủ trì + phối hợp",
    )
    tasks = sorted(set(f.lead) | set(f.coordinating))
    led: dict[str, int] = defaultdict(int)
    coord: dict[str, int] = defaultdict(int)
    for t in tasks:
        for u in f.lead.get(t, []):
            led[u] += 1
        for u in f.coordinating.get(t, []):
            coord[u] += 1
    for u in sorted(set(led) | set(coord)):
        g.add(unit_node(f, u, led[u], coord[u]))
    for t in tasks:
        part = f.parts.get(t)
        if part is None:
            continue
        node = g.add(part_node(f, part))
        node.label = ""  # dots around their unit; the text is in the tooltip and the details
        home = f.lead.get(t) or f.coordinating.get(t)
        node.parent = max(home, key=lambda u: (led[u] + coord[u], u)) if home else None
        for u in f.lead.get(t, []):
            g.link(t, u, "lead", "chủ trì")
            g.nodes[u].province = g.nodes[u].province or node.province
        for u in f.coordinating.get(t, []):
            g.link(t, u, "coordinating", "phối hợp")
        level = doc_kind(f.docs[part.doc]) if part.doc in f.docs else None
        if level:  # the level filter: a task by its plan's level, a unit by the levels of its tasks
            node.details["levels"] = [level]
            for u in f.lead.get(t, []) + f.coordinating.get(t, []):
                levels = g.nodes[u].details.setdefault("levels", [])
                if level not in levels:
                    levels.append(level)
    _ancestors(g, f)  # a task's home unit is its parent, so it stays visible when the task matches a filter
    return g


def central_group_names(f: Facts) -> dict[str, str]:
    return {num: p.text for num, p in sorted(f.central_groups().items())}


__all__ = ["ROOT", "central_group_names", "hierarchy", "resolve_mandate", "trace", "units"]
