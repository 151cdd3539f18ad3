"""Each implementer task's own links: the `implementers` rows (one per task) opened into one row per link.

`implementers` lists a task once with its mandates aggregated ("03/NQ-CP#58 similarity 97%"); a tree or
a graph view needs each link on its own with the IRI it points at, its method, its score and the wording
matched (dkg:evidence) — the task's own evidence, never its heading's. This reads the links of the
listed tasks from the store and keeps the ones `implementers` named.
"""

from __future__ import annotations

import math
from typing import Any

from pyoxigraph import NamedNode

from ..stores import bind_rows
from . import run
from .read import read_query

_BATCH = 500  # tasks per VALUES block


def _entry(label: str, method: str, score: float) -> str:
    """The text `implementers` lists a link as (its .rq builds the same)."""
    # as implementers.rq / .cypher: the score (three decimals) to thousandths first, so 0.575 (57.4999… in
    # binary) is 58 % on every engine, then half up (SPARQL ROUND, Cypher round)
    return f"{label} {method} {math.floor(math.floor(score * 1000 + 0.5) / 10 + 0.5)}%"


def implementer_links(store: Any, mandate: str) -> list[dict]:
    """One dict per (task, link) with the `implementers` columns plus aligned_to, mandate, method, score,
    evidence; a task listed without a link gives one dict with those set to None."""
    rows = run("implementers", {"mandate": mandate}, store)
    tasks = [dict(zip(rows.columns, r, strict=True)) for r in rows.rows]
    links: dict[str, list[dict]] = {}
    iris = sorted({t["task"] for t in tasks if t.get("mandates")})
    for start in range(0, len(iris), _BATCH):
        batch = [[NamedNode(i)] for i in iris[start : start + _BATCH]]
        text = bind_rows(read_query("task-links"), ["t"], batch)  # bound as RDF terms, never spliced
        for t, x, label, method, score, evidence in store.query(text).rows:
            links.setdefault(str(t), []).append(
                {
                    "aligned_to": str(x),
                    "mandate": str(label),
                    "method": str(method),
                    "score": float(score),
                    "evidence": str(evidence) if evidence is not None else None,
                }
            )
    out = []
    for t in tasks:
        listed = set((t.get("mandates") or "").split("; ")) - {""}
        own = [
            link
            for link in links.get(t["task"], [])
            if _entry(link["mandate"], link["method"], link["score"]) in listed
        ]
        base = {k: v for k, v in t.items() if k not in ("mandates", "best_score")}
        if not own:
            out.append(
                {**base, "aligned_to": None, "mandate": None, "method": None, "score": None, "evidence": None}
            )
        out += [{**base, **link} for link in sorted(own, key=lambda x: x["mandate"])]
    return out
