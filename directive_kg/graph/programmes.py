"""Programmes: the Government's action programmes for 57-NQ/TW, which one was in force on a date.

03/NQ-CP (09/01/2025) issued the programme; 71/NQ-CP (01/04/2025) replaced it ("thay thế cho Chương
trình hành động … ban hành tại Nghị quyết số 03/NQ-CP", its Article 2) from the day it was signed. The
chain is data: catalog documents marked `programme: true`, each later one naming the one it `replaces`
and the date it is `in_force_from`. A local plan restates the programme in force on its own date, so
alignment compares its tasks with that programme's tasks (`programme_in_force`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import Catalog, load_catalog


@dataclass(frozen=True)
class Programme:
    identifier: str  # "71/NQ-CP"
    in_force_from: str  # ISO date
    replaces: str | None  # the programme it replaced, or None for the first


def programmes(catalog: Catalog | None = None) -> list[Programme]:
    """The programmes of the catalog, oldest first."""
    cat = catalog or load_catalog()
    out = []
    for d in cat.documents:
        raw = next((r for r in cat.raw.get("documents") or [] if r.get("identifier") == d.identifier), {})
        if raw.get("programme"):
            since = str(raw.get("in_force_from") or d.date or "")
            replaced = (raw.get("replaces") or [None])[0]
            out.append(Programme(d.identifier, since, replaced))
    return sorted(out, key=lambda p: p.in_force_from)


def programme_in_force(
    plan_date: str | None, available: set[str] | None = None, catalog: Catalog | None = None
) -> str | None:
    """The programme in force on `plan_date` (ISO, as precise as known) among the `available` ones: the
    latest whose `in_force_from` is not after the date. A plan dated only by year or month is compared on
    what it gives ("2025-04" is on/after 2025-04-01); an undated plan gets the latest programme."""
    chain = [p for p in programmes(catalog) if available is None or p.identifier in available]
    if not chain:
        return None
    if not plan_date:
        return chain[-1].identifier
    current = chain[0].identifier
    for p in chain:
        if p.in_force_from[: len(plan_date)] <= plan_date:
            current = p.identifier
    return current


def successor_of(identifier: str, catalog: Catalog | None = None) -> str | None:
    """The programme that replaced this one, if any."""
    return next((p.identifier for p in programmes(catalog) if p.replaces == identifier), None)
