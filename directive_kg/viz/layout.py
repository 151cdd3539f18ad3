"""Precomputed positions (physics off): top-down layers with plan blocks for hierarchy/trace, unit clusters for units."""

from __future__ import annotations

import math
from collections import defaultdict

from .model import KINDS, VizGraph, VizNode

GAP_X = 28
BLOCK_GAP = 50
ROW_GAP = 36
CELL_W = 185  # a task with a text label in a plan block; a numbered task takes a narrow cell
CONTENT = {"group", "task", "tasks-agg"}
GROUP_COLUMNS, LOOSE_COLUMNS = 3, 4


def cell(g: VizGraph, ids: list[str]) -> tuple[float, float, int]:
    """Cell width, height and columns of a task grid, from the tasks' labels."""
    labels = [g.nodes[i].label for i in ids]
    lines = max((s.count("\n") + 1 if s else 0 for s in labels), default=1)
    longest = max((len(line) for s in labels for line in s.split("\n")), default=0)
    if longest <= 5:
        return max(34.0, longest * 8.0 + 12), 22 + 15 * lines, 6
    return CELL_W, 26 + 15 * lines, 0


def font_size(n: VizNode) -> int:
    """The kind's font size; a unit's grows with its workload."""
    base = KINDS[n.kind].font_size
    return round(base - 2 + min(10.0, 1.6 * math.sqrt(n.count))) if n.kind == "unit" else base


def size(n: VizNode) -> tuple[float, float]:
    """Estimated drawn width and height of a node (label included)."""
    k = KINDS[n.kind]
    fs = font_size(n)
    lines = n.label.split("\n") if n.label else []
    text_w = max((len(s) for s in lines), default=0) * fs * 0.56
    text_h = len(lines) * fs * 1.25
    if k.shape in ("box", "ellipse", "database", "circle"):
        pad = 34 if k.shape == "ellipse" else 22
        return text_w + pad, text_h + 18
    radius = node_radius(n)
    return max(text_w, 2 * radius) + 6, 2 * radius + text_h + 6


def node_radius(n: VizNode) -> float:
    if n.kind == "unit":
        return 12 + min(26.0, 3.2 * math.sqrt(max(n.count, 1)))
    return {"central": 18, "cgroup": 22, "ctask": 14, "task": 7, "tasks-agg": 12, "units-agg": 16}.get(
        n.kind, 10
    )


def _resolve(
    ids: list[str],
    desired: dict[str, float | None],
    widths: dict[str, float],
    max_width: float,
    pinned: set[str] = frozenset(),
) -> tuple[dict[str, float], int]:
    """Spread a row without overlaps, as close to the desired x as possible; wrap into sub-rows if too wide."""
    order = sorted(ids, key=lambda i: (desired[i] is None, desired[i] or 0.0, i))
    total = sum(widths[i] + GAP_X for i in order)
    rows = max(1, math.ceil(total / max(max_width, 1.0))) if not pinned else 1
    xs: dict[str, float] = {}
    known = [desired[i] for i in order if desired[i] is not None]
    anchor = sum(known) / len(known) if known else 0.0
    for r in range(rows):
        sub = order[r::rows]
        pos: list[float] = []
        for k, i in enumerate(sub):
            want = desired[i] if desired[i] is not None else (pos[-1] if pos else anchor)
            if k:
                want = max(want, pos[-1] + (widths[sub[k - 1]] + widths[i]) / 2 + GAP_X)
            pos.append(want)
        disp = [p - desired[i] for p, i in zip(pos, sub, strict=True) if desired[i] is not None]
        if not pinned and disp:
            shift = sum(disp) / len(disp)
            pos = [p - shift for p in pos]
        xs.update(zip(sub, pos, strict=True))
    return xs, rows


def _neighbours(g: VizGraph) -> dict[str, set[str]]:
    nb: dict[str, set[str]] = defaultdict(set)
    for e in g.edges:
        nb[e.source].add(e.target)
        nb[e.target].add(e.source)
    return nb


def _block(
    g: VizGraph,
    owner: str,
    children: dict[str, list[str]],
    x0: float,
    y0: float,
    loose_columns: int = LOOSE_COLUMNS,
) -> tuple[float, float]:
    """Lay out a plan's groups (a column of boxes) with their tasks in a grid to the right; returns (width, height)."""
    kids = children.get(owner, [])
    groups = [c for c in kids if g.nodes[c].kind == "group"]
    loose = [c for c in kids if g.nodes[c].kind != "group"]
    gw = max((size(g.nodes[c])[0] for c in groups), default=0.0)
    cw, ch, narrow = cell(g, [t for c in kids for t in ([c] if c in loose else children.get(c, []))])
    cols = narrow or (GROUP_COLUMNS if groups else loose_columns)
    y = y0
    width = 0.0
    if loose:
        rows = math.ceil(len(loose) / cols)
        for k, t in enumerate(loose):
            g.nodes[t].x = x0 + cw / 2 + (k % cols) * cw
            g.nodes[t].y = y + (k // cols) * ch
        y += rows * ch + 20
        width = cols * cw
    for grp in groups:
        gn = g.nodes[grp]
        gh = size(gn)[1]
        tasks = children.get(grp, [])
        rows = max(1, math.ceil(len(tasks) / cols))
        block_h = max(gh, rows * ch)
        gn.x, gn.y = x0 + gw / 2, y + min(gh, block_h) / 2 - ch / 4
        for k, t in enumerate(tasks):
            g.nodes[t].x = x0 + gw + 24 + cw / 2 + (k % cols) * cw
            g.nodes[t].y = y + (k // cols) * ch
        y += block_h + 12
        width = max(width, gw + 24 + cols * cw)
    return width, y - y0


def layered(g: VizGraph, top_rows: list[list[str]], tight: set[int] = frozenset()) -> None:
    """Top rows of documents (given), then one block per plan with content, then the units at the bottom.

    Rows whose index is in `tight` follow the previous row closely (a deeper row of the same level).
    """
    children: dict[str, list[str]] = defaultdict(list)
    for n in g.nodes.values():
        if n.kind in CONTENT and n.parent in g.nodes:
            children[n.parent].append(n.id)
    placed_top = {i for row in top_rows for i in row}
    owners = [i for row in top_rows for i in row if children.get(i)]
    owners.sort(key=lambda i: (g.nodes[i].province or "~", g.nodes[i].kind != "province", g.nodes[i].label))
    # heights of the top rows
    ys: list[float] = []
    y = 0.0
    for r, row in enumerate(top_rows):
        h = max((size(g.nodes[i])[1] for i in row), default=0.0)
        if r in tight:
            y -= ROW_GAP - 20
        ys.append(y + h / 2)
        y += h + ROW_GAP
    band_top = y + 10
    cols = _columns(g, owners, children, band_top)
    x = 0.0
    bottom = band_top
    for o in owners:
        w, h = _block(g, o, children, x, band_top, cols)
        w = max(w, size(g.nodes[o])[0])
        g.nodes[o].x = x + w / 2
        x += w + BLOCK_GAP
        bottom = max(bottom, band_top + h)
    band_width = max(x - BLOCK_GAP, 1200.0)
    nb = _neighbours(g)
    placed = {
        i for n in g.nodes.values() if n.kind in CONTENT and n.parent in g.nodes for i in (n.id,)
    } | set(owners)
    # units and other nodes below the blocks
    below = [i for i, n in g.nodes.items() if i not in placed_top and i not in placed]
    if below:
        desired = {i: _mean([g.nodes[m].x for m in nb[i] if m in placed]) for i in below}
        widths = {i: size(g.nodes[i])[0] for i in below}
        xs, nrows = _resolve(below, desired, widths, band_width)
        hmax = max(size(g.nodes[i])[1] for i in below)
        order = sorted(below, key=lambda i: xs[i])
        for k, i in enumerate(order):
            g.nodes[i].x = xs[i]
            g.nodes[i].y = bottom + 60 + hmax / 2 + (k % nrows if nrows > 1 else 0) * (hmax + 16)
        placed |= set(below)
    # the document rows, bottom-up: each node over the middle of what it is linked to below it
    for r in range(len(top_rows) - 1, -1, -1):
        row = top_rows[r]
        widths = {i: size(g.nodes[i])[0] for i in row}
        pinned = {i for i in row if i in owners}
        desired = {
            i: g.nodes[i].x if i in pinned else _mean([g.nodes[m].x for m in nb[i] if m in placed])
            for i in row
        }
        xs, _ = _resolve(row, desired, widths, band_width * 4, pinned)
        for i in row:
            g.nodes[i].x = xs[i]
            g.nodes[i].y = ys[r]
        placed |= set(row)
    # rows with a node linked only to rows above it: place again, now that every row has its x
    for r, row in enumerate(top_rows):
        if all(i in owners or any(m in placed and g.nodes[m].y > ys[r] for m in nb[i]) for i in row):
            continue
        widths = {i: size(g.nodes[i])[0] for i in row}
        pinned = {i for i in row if i in owners}
        desired = {
            i: g.nodes[i].x
            if i in pinned or any(g.nodes[m].y > ys[r] for m in nb[i])
            else _mean([g.nodes[m].x for m in nb[i]])
            for i in row
        }
        xs, _ = _resolve(row, desired, widths, band_width * 4, pinned)
        for i in row:
            g.nodes[i].x = xs[i]


def _columns(
    g: VizGraph, owners: list[str], children: dict[str, list[str]], band_top: float, aspect: float = 1.6
) -> int:
    """Columns for plans whose tasks hang directly under them: the count that gives the page's aspect ratio."""
    best, best_cost = LOOSE_COLUMNS, math.inf
    for cols in range(1, 7):
        width, height = 0.0, 0.0
        for o in owners:
            w, h = _block(g, o, children, 0.0, 0.0, cols)
            width += max(w, size(g.nodes[o])[0]) + BLOCK_GAP
            height = max(height, h)
        cost = abs(math.log(max(width, 1.0) / max(band_top + height + 150, 1.0) / aspect))
        if cost < best_cost:
            best, best_cost = cols, cost
    return best


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _depths(members: list[str], up: dict[str, set[str]]) -> dict[str, int]:
    """Longest chain of implements edges from each member up to a member that implements no other member."""
    inside = set(members)
    depth: dict[str, int] = {}

    def d(i: str, seen: frozenset[str]) -> int:
        if i not in depth:
            ups = [u for u in up.get(i, ()) if u in inside and u not in seen]
            depth[i] = 1 + max((d(u, seen | {u}) for u in ups), default=-1)
        return depth[i]

    for i in members:
        d(i, frozenset({i}))
    return depth


def depth_rows(g: VizGraph, kind_rows: list[set[str]]) -> tuple[list[list[str]], set[int]]:
    """Rows for document kinds, each split by implements-depth among documents of the same row.

    Also returns the indexes of the rows that are a deeper row of the same kinds (drawn closer together).
    """
    up: dict[str, set[str]] = defaultdict(set)
    for e in g.edges:
        if e.kind == "implements":
            up[e.target].add(e.source)
    rows: list[list[str]] = []
    tight: set[int] = set()
    for kinds in kind_rows:
        members = sorted(i for i, n in g.nodes.items() if n.kind in kinds and n.parent is None)
        depth = _depths(members, up)
        for level in range(max(depth.values(), default=-1) + 1):
            rows.append([i for i in members if depth[i] == level])
            if level and rows[-1]:
                tight.add(len([r for r in rows if r]) - 1)
    return [r for r in rows if r], tight


def clusters(g: VizGraph) -> None:
    """Units view: each unit with the tasks it is home to in rings around it (label sector left free), packed in rows."""
    members: dict[str, list[str]] = defaultdict(list)
    for n in g.nodes.values():
        if n.kind != "unit" and n.kind != "units-agg" and n.parent in g.nodes:
            members[n.parent].append(n.id)
    units = sorted(
        (i for i, n in g.nodes.items() if n.kind in ("unit", "units-agg")),
        key=lambda i: (-g.nodes[i].count, g.nodes[i].label),
    )
    spec: dict[str, tuple[float, float, float, list[tuple[float, float]]]] = {}
    for u in units:
        r0 = node_radius(g.nodes[u]) + 40
        slots: list[tuple[float, float]] = []
        ring, n = 0, len(members[u])
        while len(slots) < n:
            radius = r0 + ring * 26
            usable = 2 * math.pi * (220 / 360)  # leave 140° below the unit for its label
            cap = min(max(6, int(radius * usable / 22)), n - len(slots))
            for k in range(cap):
                a = 1.5 * math.pi + math.radians(70) + usable * (k + 0.5) / cap  # from just right of the gap
                slots.append((radius * math.cos(a), radius * math.sin(a)))
            ring += 1
        radius = node_radius(g.nodes[u])
        label_h = size(g.nodes[u])[1] - 2 * radius
        outer = r0 + max(ring - 1, 0) * 26 if n else radius
        w = max(2 * outer + 16, size(g.nodes[u])[0] + 16)
        top = outer if n else radius  # from the top of the cell to the unit's centre
        h = top + max(outer if n else 0.0, radius + label_h) + 16
        spec[u] = (w, h, top, slots[:n])
    area = sum((w + 24) * (h + 24) for w, h, _t, _s in spec.values())
    row_width = max(900.0, math.sqrt(area * 2.3))
    x = y = 0.0
    row_h = 0.0
    for u in units:
        w, h, top, slots = spec[u]
        if x > 0 and x + w > row_width:
            x, y = 0.0, y + row_h + 24
            row_h = 0.0
        cx, cy = x + w / 2, y + top
        g.nodes[u].x, g.nodes[u].y = cx, cy
        for t, (dx, dy) in zip(sorted(members[u], key=lambda t: g.nodes[t].text), slots, strict=True):
            g.nodes[t].x, g.nodes[t].y = cx + dx, cy - dy
        x += w + 24
        row_h = max(row_h, h)
    # a task without a unit (not expected in this view) goes below everything
    loose = [n for n in g.nodes.values() if n.kind not in ("unit", "units-agg") and n.parent not in g.nodes]
    for k, n in enumerate(loose):
        n.x, n.y = (k % 20) * 40.0, y + row_h + 80 + (k // 20) * 40


def layout(g: VizGraph) -> None:
    if g.view == "units":
        clusters(g)
        return
    if g.view == "trace":
        root = next(iter(g.nodes))
        cg = [i for i, n in g.nodes.items() if n.kind == "cgroup" and i != root]
        ct = [i for i, n in g.nodes.items() if n.kind == "ctask" and i != root]
        plans = [
            i
            for i, n in g.nodes.items()
            if n.kind in ("province", "commune", "communes-agg") or (n.kind == "central" and i != root)
        ]
        rows = [[root], sorted(cg), sorted(ct), sorted(plans)]
        layered(g, [r for r in rows if r])
        return
    rows, tight = depth_rows(g, [{"central"}, {"province"}, {"commune", "communes-agg"}])
    layered(g, rows, tight)
