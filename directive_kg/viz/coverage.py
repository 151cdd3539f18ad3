"""Coverage heat map: local plans × the 7 central task groups (the `coverage` named query), as page data and as SVG."""

from __future__ import annotations

from html import escape

from .facts import Facts
from .model import short

GROUPS = [str(i) for i in range(1, 8)]
LOW, HIGH = (222, 235, 247), (8, 69, 148)  # light → dark blue


def colour(count: int, top: int) -> tuple[str, str]:
    """Cell fill and ink for a count (0 is a gap and drawn differently)."""
    t = 0.0 if top <= 1 else (count - 1) / (top - 1)
    rgb = tuple(round(a + (b - a) * t) for a, b in zip(LOW, HIGH, strict=True))
    return "#" + "".join(f"{c:02x}" for c in rgb), ("#ffffff" if t > 0.45 else "#0d2b4a")


def _doc_for(f: Facts, plan: str) -> str | None:
    if plan in f.docs:
        return plan
    hits = sorted(d.iri for d in f.docs.values() if d.identifier == plan and d.level != "central")
    return hits[0] if hits else None


def coverage_data(f: Facts, rows: list[dict], names: dict[str, str]) -> tuple[dict, dict]:
    """The heat map (groups, rows with counts and colours) and the per-row / per-cell details for the page."""
    top = max((r[f"group{g}"] for r in rows for g in GROUPS), default=0)
    meta: dict[str, dict] = {}
    out_rows = []
    for r in rows:
        doc_iri = _doc_for(f, r["plan"])
        doc = f.docs.get(doc_iri) if doc_iri else None
        name = doc.name if doc else r["plan"]
        counts = [int(r[f"group{g}"]) for g in GROUPS]
        row_id = doc_iri or r["plan"]
        tasks = f.doc_tasks(doc_iri) if doc_iri else []
        cell_ids = []
        for g, c in zip(GROUPS, counts, strict=True):
            cid = f"cell:{row_id}#{g}"
            cell_ids.append(cid)
            served = [t for t in tasks if g in f.serves.get(t.iri, set())]
            meta[cid] = {
                "kind": "cell",
                "kindName": "Ô bản đồ phủ",
                "label": f"{name} × nhóm {g}",
                "text": "",
                "details": {
                    "plan": name,
                    "group": f"{g}. {names.get(g, '')}",
                    "count": c,
                    "cells": [
                        {
                            "text": t.text,
                            "lines": list(t.lines) if t.lines else None,
                            "lead": "; ".join(f.unit_labels[u] for u in f.lead.get(t.iri, [])),
                            "deadline": t.deadline,
                        }
                        for t in served
                    ],
                },
            }
        meta[row_id] = {
            "kind": "plan",
            "kindName": "Kế hoạch",
            "label": name,
            "text": doc.title if doc else "",
            "province": doc.province if doc else None,
            "plan": row_id,
            "units": [],
            "cgroups": [g for g, c in zip(GROUPS, counts, strict=True) if c],
            "details": {"identifier": name, "province": doc.province if doc else None},
        }
        colours = [colour(c, top) if c else ("", "") for c in counts]
        out_rows.append(
            {
                "id": row_id,
                "plan": name,
                "level": r["level"],
                "tasks": r["tasks"],
                "province": doc.province if doc else None,
                "commune": doc.commune if doc else None,
                "counts": counts,
                "colors": [c[0] for c in colours],
                "ink": [c[1] for c in colours],
                "cellIds": cell_ids,
            }
        )
    groups = [{"n": g, "name": names.get(g, ""), "short": short(names.get(g, ""), 46)} for g in GROUPS]
    return {"groups": groups, "rows": out_rows, "max": top}, meta


def legend_scale(top: int) -> list[dict]:
    steps = sorted({1, max(1, (top + 1) // 2), max(top, 1)})
    return [{"vi": "trống: không nhiệm vụ nào (khoảng trống)", "color": "#ffffff", "gap": True}] + [
        {"vi": f"{s} nhiệm vụ", "color": colour(s, top)[0]} for s in steps
    ]


def _wrap(text: str, width: int) -> list[str]:
    out, cur = [], ""
    for w in text.split():
        if cur and len(cur) + 1 + len(w) > width:
            out.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    return out + ([cur] if cur else [])


def to_svg(heat: dict, title: str) -> str:
    """A static heat map for slides (text escaped, fonts generic, no external reference)."""
    cw, ch, left, head = 112, 46, 300, 112
    rows, groups = heat["rows"], heat["groups"]
    width = left + 70 + cw * len(groups) + 20
    height = 60 + head + ch * len(rows) + 70
    e = escape
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="Noto Sans, DejaVu Sans, Arial, sans-serif">',
        '<defs><pattern id="gap" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="8" height="8" fill="#ffffff"/><rect width="2" height="8" fill="#fdecea"/></pattern></defs>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="16" y="32" font-size="20" font-weight="600" fill="#0d3c61">{e(title)}</text>',
    ]
    y0 = 60 + head
    out.append(
        f'<text x="{left + 35}" y="{y0 - 10}" font-size="12" text-anchor="middle" fill="#37474f">Số NV</text>'
    )
    for i, g in enumerate(groups):
        x = left + 70 + i * cw
        out.append(
            f'<text x="{x + cw / 2}" y="{60 + 16}" font-size="13" font-weight="600" text-anchor="middle" '
            f'fill="#37474f">Nhóm {e(g["n"])}</text>'
        )
        for k, line in enumerate(_wrap(g["short"], 17)[:6]):
            out.append(
                f'<text x="{x + cw / 2}" y="{60 + 34 + k * 15}" font-size="11" text-anchor="middle" '
                f'fill="#455a64">{e(line)}</text>'
            )
    for j, r in enumerate(rows):
        y = y0 + j * ch
        sub = " · ".join(x for x in (r["commune"], r["province"], r["level"]) if x)
        out.append(f'<rect x="10" y="{y + 2}" width="{left - 14}" height="{ch - 4}" rx="4" fill="#eceff1"/>')
        out.append(
            f'<text x="18" y="{y + 20}" font-size="14" font-weight="600" fill="#1b1b1b">{e(short(r["plan"], 34))}</text>'
        )
        out.append(f'<text x="18" y="{y + 36}" font-size="11" fill="#546e7a">{e(short(sub, 44))}</text>')
        out.append(f'<rect x="{left}" y="{y + 2}" width="66" height="{ch - 4}" rx="4" fill="#eceff1"/>')
        out.append(
            f'<text x="{left + 33}" y="{y + ch / 2 + 5}" font-size="14" text-anchor="middle" fill="#37474f">'
            f"{e(str(r['tasks']))}</text>"
        )
        for i, c in enumerate(r["counts"]):
            x = left + 70 + i * cw
            if c:
                out.append(
                    f'<rect x="{x + 2}" y="{y + 2}" width="{cw - 4}" height="{ch - 4}" rx="4" fill="{r["colors"][i]}"/>'
                )
                out.append(
                    f'<text x="{x + cw / 2}" y="{y + ch / 2 + 7}" font-size="19" font-weight="600" '
                    f'text-anchor="middle" fill="{r["ink"][i]}">{c}</text>'
                )
            else:
                out.append(
                    f'<rect x="{x + 3}" y="{y + 3}" width="{cw - 6}" height="{ch - 6}" rx="4" fill="url(#gap)" '
                    f'stroke="#e57373" stroke-width="2" stroke-dasharray="5 3"/>'
                )
                out.append(
                    f'<text x="{x + cw / 2}" y="{y + ch / 2 + 4}" font-size="11" text-anchor="middle" '
                    f'fill="#c62828">trống</text>'
                )
    ly = y0 + len(rows) * ch + 30
    out.append(
        f'<text x="16" y="{ly}" font-size="12" fill="#37474f">Số nhiệm vụ căn chỉnh với nhóm nhiệm vụ của '
        f"57-NQ/TW (trực tiếp hoặc qua nhiệm vụ 03/NQ-CP); ô “trống” là khoảng trống.</text>"
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"
