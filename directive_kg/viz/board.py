"""The national board (`dkg viz board`): plans loaded, coverage by group, a province tile map, gaps, deadlines.

One offline page for a briefing screen. Every figure on it is computed from the named queries
(`coverage`, `gaps`, `deadlines`, and a suspect-links query when the graph has one) plus the plans'
places read through `viz.facts`, and every figure names the rows behind it (`lists`), so the page
can show them on a click. Rows are stored once per table and a figure is a filter over them: at
national scale (3,357 plans, ~100,000 gap rows) the page stays a few megabytes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..text import fold

N_GROUPS = 7
# gap statuses (alignment issue) that mean "no longer open"; folded, compared as whole values
CLOSED_STATUSES = {"closed", "resolved", "covered", "accepted", "da xu ly", "da dong", "da khac phuc"}

# the 34 provinces (register codes) on a 5 × 13 tile grid, roughly where they lie: north at the top
TILES: dict[str, tuple[int, int]] = {
    "12": (0, 0),  # Lai Châu
    "15": (1, 0),  # Lào Cai
    "08": (2, 0),  # Tuyên Quang
    "04": (3, 0),  # Cao Bằng
    "11": (0, 1),  # Điện Biên
    "25": (1, 1),  # Phú Thọ
    "19": (2, 1),  # Thái Nguyên
    "20": (3, 1),  # Lạng Sơn
    "14": (0, 2),  # Sơn La
    "01": (1, 2),  # Hà Nội
    "24": (2, 2),  # Bắc Ninh
    "22": (3, 2),  # Quảng Ninh
    "37": (1, 3),  # Ninh Bình
    "33": (2, 3),  # Hưng Yên
    "31": (3, 3),  # Hải Phòng
    "38": (1, 4),  # Thanh Hóa
    "40": (1, 5),  # Nghệ An
    "42": (2, 5),  # Hà Tĩnh
    "44": (2, 6),  # Quảng Trị
    "46": (3, 6),  # Huế
    "48": (3, 7),  # Đà Nẵng
    "51": (4, 7),  # Quảng Ngãi
    "52": (3, 8),  # Gia Lai
    "66": (4, 8),  # Đắk Lắk
    "68": (3, 9),  # Lâm Đồng
    "56": (4, 9),  # Khánh Hòa
    "80": (1, 10),  # Tây Ninh
    "79": (2, 10),  # TP Hồ Chí Minh
    "75": (3, 10),  # Đồng Nai
    "91": (0, 11),  # An Giang
    "92": (1, 11),  # Cần Thơ
    "82": (2, 11),  # Đồng Tháp
    "86": (3, 11),  # Vĩnh Long
    "96": (0, 12),  # Cà Mau
}


@dataclass(frozen=True)
class RegisterProvince:
    code: str
    name: str  # without the admin word: "Hà Nội", "Nghệ An"
    communes: int


@lru_cache(maxsize=1)
def register() -> tuple[RegisterProvince, ...]:
    """The 34 provinces of the official 2025 register with their number of communes, wards and special zones."""
    from vietnam_provinces import Province, Ward

    from ..loaders.places import find_province

    per: Counter = Counter(f"{int(w.province_code):02d}" for w in Ward.iter_all())
    out = []
    for p in Province.iter_all():
        code = f"{int(p.code):02d}"
        place = find_province(p.name)
        out.append(RegisterProvince(code, place.name if place else p.name, per[code]))
    return tuple(out)


def quarter(day: dt.date) -> tuple[dt.date, dt.date, str]:
    """First and last day of the quarter holding `day`, and its label ('Quý 4/2026')."""
    q = (day.month - 1) // 3
    start = dt.date(day.year, 3 * q + 1, 1)
    end = (dt.date(day.year + (q == 3), (3 * q + 3) % 12 + 1, 1)) - dt.timedelta(days=1)
    return start, end, f"Quý {q + 1}/{day.year}"


@dataclass
class Board:
    """What the page draws (`data`, plain JSON) and the figures a test checks against the queries."""

    data: dict[str, Any]
    figures: dict[str, int] = field(default_factory=dict)


def _rows(result: Any) -> list[dict]:
    return [dict(zip(result.columns, r, strict=True)) for r in result.rows]


def suspect_query() -> str | None:
    """The named query listing suspect links (programme issue), when this version of the graph has one."""
    from ..queries import list_queries

    names = sorted(
        q.name for q in list_queries() if "suspect" in q.name and not any(p.required for p in q.params)
    )
    return names[0] if names else None


def _natural(value: str) -> tuple:
    import re

    return tuple(int(x) if x.isdigit() else x for x in re.split(r"(\d+)", value or ""))


def board_data(store: Any, as_of: dt.date | None = None) -> Board:
    """Gather the board from the named queries; optional columns (gap status, suspect links) when present."""
    from ..queries import read, run

    day = as_of or dt.date.today()
    # only the documents' places and the central groups' titles: the read model's two small queries,
    # not the views' whole fact base (every group and task: most of the time at national scale)
    names = {g.number: g.text or "" for g in read.central_groups(store)}
    groups = [(str(i), names.get(str(i), "")) for i in range(1, N_GROUPS + 1)]
    by_key: dict[str, Any] = {}
    for d in read.documents(store):
        by_key.setdefault(d.identifier or d.d, d)

    # ---- plans: the coverage query's rows (every local plan with tasks), placed by the register
    cov = _rows(run("coverage", {}, store))
    reg = register()
    prov_code = {fold(p.name): p.code for p in reg}
    plans: list[list[Any]] = []  # label, level, province, commune, tasks, g1..g7, groups covered
    plan_index: dict[str, int] = {}
    plan_prov: list[str | None] = []
    for r in cov:
        d = by_key.get(r["plan"])
        prov = d.province if d else None
        name = (
            d.identifier or f"(không số) {d.commune or d.province or d.d.rsplit('/', 1)[-1]}"
            if d
            else r["plan"]
        )
        counts = [int(r[f"group{i}"] or 0) for i in range(1, N_GROUPS + 1)]
        plan_index[r["plan"]] = len(plans)
        plans.append(
            [
                name,
                r["level"],
                prov,
                d.commune if d else None,
                int(r["tasks"]),
                *counts,
                sum(1 for c in counts if c),
            ]
        )
        plan_prov.append(prov_code.get(fold(prov)) if prov else None)

    # ---- gaps (status when the alignment issue's column is there)
    gap_rows = _rows(run("gaps", {}, store))
    has_status = bool(gap_rows) and "status" in gap_rows[0]
    mandates: dict[str, tuple[str, str]] = {}
    gaps: list[list[Any]] = []
    for r in gap_rows:
        status = r.get("status") if has_status else None
        if status and fold(str(status)) in CLOSED_STATUSES:
            continue
        mandates.setdefault(r["mandate"], (r["kind"], r["title"] or ""))
        p = plan_index.get(r["plan"])
        if p is None:  # a plan the coverage query does not list (no task): its own row
            plan_index[r["plan"]] = p = len(plans)
            plans.append([r["plan"], r["level"], None, r["commune"], 0, *([0] * N_GROUPS), 0])
            plan_prov.append(None)
        gaps.append([p, r["mandate"], status])
    mandate_order = sorted(mandates, key=_natural)
    m_index = {m: i for i, m in enumerate(mandate_order)}
    for g in gaps:
        g[1] = m_index[g[1]]
    gaps_by_mandate = Counter(g[1] for g in gaps)
    top = sorted(gaps_by_mandate.items(), key=lambda kv: (-kv[1], kv[0]))[:10]

    # ---- tasks due this quarter
    start, end, q_label = quarter(day)
    due_rows = _rows(run("deadlines", {"from": start.isoformat(), "to": end.isoformat()}, store))
    due = [[r["plan"], r["level"], r["unit"], r["text"], r["deadline"]] for r in due_rows]

    # ---- suspect links (71/NQ-CP issue), when the graph has the query
    sq = suspect_query()
    suspects: dict[str, Any] | None = None
    if sq:
        from ..reports.labels import change_text, column

        res = run(sq, {}, store)
        suspects = {
            "columns": [column(c, "vi") for c in res.columns],
            "rows": [
                [
                    change_text(v, "vi") if c == "change" else _plain(v)
                    for c, v in zip(res.columns, r, strict=True)
                ]
                for r in res.rows
            ],
        }

    # ---- tiles
    gaps_per_plan = Counter(g[0] for g in gaps)
    tiles = []
    plans_in: dict[str, list[int]] = defaultdict(list)
    for i, code in enumerate(plan_prov):
        if code:
            plans_in[code].append(i)
    for p in reg:
        mine = plans_in.get(p.code, [])
        cover = round(sum(plans[i][5 + N_GROUPS] for i in mine) / (N_GROUPS * len(mine)), 4) if mine else None
        x, y = TILES.get(p.code, (4, 12))
        tiles.append(
            {
                "code": p.code,
                "name": p.name,
                "x": x,
                "y": y,
                "plans": mine,
                "provincePlans": sum(1 for i in mine if plans[i][1] == "province"),
                "communesWithPlan": len(
                    {plans[i][3] for i in mine if plans[i][1] != "province" and plans[i][3]}
                ),
                "communes": p.communes,
                "coverage": cover,
                "gaps": sum(gaps_per_plan[i] for i in mine),
            }
        )
    with_province_plan = sorted(
        {plan_prov[i] for i, p in enumerate(plans) if p[1] == "province" and plan_prov[i]}
    )
    communes_with_plan = sorted(
        {(plan_prov[i] or p[2] or "", fold(p[3])) for i, p in enumerate(plans) if p[1] != "province" and p[3]}
    )
    provinces_any = sorted({c for c in plan_prov if c})
    n_communes = sum(p.communes for p in reg)
    figures = {
        "provincePlans": len(with_province_plan),
        "provincesAny": len(provinces_any),
        "communesWithPlan": len(communes_with_plan),
        "plans": len(cov),
        "tasks": sum(int(r["tasks"]) for r in cov),
        "gaps": len(gaps),
        "due": len(due),
        "suspects": len(suspects["rows"]) if suspects else -1,
    }
    data = {
        "title": "Bảng điều hành quốc gia: thực hiện Nghị quyết 57-NQ/TW",
        "asOf": day.isoformat(),
        "quarter": {"from": start.isoformat(), "to": end.isoformat(), "label": q_label},
        "register": {"provinces": len(reg), "communes": n_communes},
        "groups": [{"n": n, "title": t} for n, t in groups],
        "plans": plans,
        "planProvince": plan_prov,
        "mandates": [[m, *mandates[m]] for m in mandate_order],
        "gaps": gaps,
        "gapStatus": has_status,
        "top": [{"mandate": m, "count": c} for m, c in top],
        "due": due,
        "suspects": suspects,
        "tiles": tiles,
        "figures": figures,
        "withProvincePlan": with_province_plan,
    }
    return Board(data, figures)


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def render_board(board: Board) -> str:
    """The page: template, CSS, script and data, all inline (no request at all)."""
    from jinja2 import Environment

    from .html import _asset, script_json

    env = Environment(autoescape=True)
    return env.from_string(_asset("board.html")).render(
        title=board.data["title"],
        css=_asset("board.css"),
        app=_asset("board.js"),
        data=script_json(board.data),
    )


def build_board(store: Any, as_of: dt.date | None = None) -> tuple[str, Board]:
    """HTML page and board data of the store."""

    store.require()
    b = board_data(store, as_of)
    return render_board(b), b
