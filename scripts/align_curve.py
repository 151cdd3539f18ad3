#!/usr/bin/env python3
"""Fit the restatement model on the task gold and publish its precision/recall curve in docs/alignment.md.

For every task of the gold documents (`../shared/gold/tasks`, matched to `dkg extract`'s tasks by
source lines as `check_tasks.py` does) it takes the programme's top candidates (graph/align.py
`Programme.candidates`, 03/NQ-CP) with their five features, and

1. fits the logistic model (Newton's method, a small L2 penalty) on the candidates the gold labels
   restated (1) or not restated (0) — a candidate the annotator called plausible is left out — and
   prints the weights (graph/align.py keeps the ones in use, RESTATES_WEIGHTS / RESTATES_BIAS);
2. sweeps the threshold with the weights in use and writes the table between the markers of
   docs/alignment.md: central-task recall (gold tasks with at least one right link) and link
   precision (links to a restated or plausible task), as check_tasks.py counts them.

    PYTHONPATH=. .venv/bin/python scripts/align_curve.py [--shared ../shared] [--check]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from directive_kg.graph.align import (  # noqa: E402
    CANDIDATES,
    RESTATES_BIAS,
    RESTATES_THRESHOLD,
    RESTATES_WEIGHTS,
    Programme,
)
from directive_kg.loaders import extract_file  # noqa: E402

DOC = ROOT / "docs" / "alignment.md"
BEGIN, END = "<!-- curve:begin -->", "<!-- curve:end -->"


def _scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("check_tasks", shared / "tools" / "check_tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def collect(shared: Path) -> list[dict]:
    """One row per (gold task, candidate): features, label (1, 0.5 plausible, 0), gold task id."""
    ct = _scorer(shared)
    cp = extract_file(shared / "corpus" / "central" / "03-NQ-CP.md")
    numbers = [int(t.number) for t in cp.tasks]
    programme = Programme("03/NQ-CP", [t.text for t in cp.tasks])
    rows = []
    for gf in sorted((shared / "gold" / "tasks").glob("*.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        ex = extract_file(shared / "corpus" / gold["document"]["file"])
        for t, td in zip(ex.tasks, ex.to_dict()["tasks"], strict=True):
            body, annex = ct.spans(td)
            gs = [
                g
                for g in gold["tasks"]
                if g.get("kind", "task") == "task"
                and (ct.overlaps(body, g.get("lines_body")) or ct.overlaps(annex, g.get("lines_annex")))
            ]
            restated = {n for g in gs if g.get("alignment") == "task" for n in g.get("central_tasks") or []}
            plausible = {n for g in gs for n in g.get("candidate_tasks") or []}
            for c in programme.candidates(t.text, CANDIDATES):
                n = numbers[c.target]
                label = 1.0 if n in restated else 0.5 if n in plausible else 0.0
                rows.append({"task": t.id, "gold": [g["id"] for g in gs], "f": c.features, "y": label})
    return rows


def fit(rows: list[dict], l2: float = 0.1) -> tuple[list[float], float]:
    train = [r for r in rows if r["y"] != 0.5]
    X = np.array([[*r["f"], 1.0] for r in train])
    y = np.array([r["y"] for r in train])
    w = np.zeros(X.shape[1])
    penalty = l2 * np.eye(X.shape[1])
    penalty[-1, -1] = 0
    for _ in range(50):
        p = 1 / (1 + np.exp(-X @ w))
        grad = X.T @ (p - y) + penalty @ w
        hess = X.T @ (X * (p * (1 - p))[:, None]) + penalty
        w -= np.linalg.solve(hess, grad)
    return [round(float(v), 2) for v in w[:-1]], round(float(w[-1]), 2)


def curve(rows: list[dict], gold_restating: int) -> list[tuple[float, int, int, int]]:
    """(threshold, gold tasks found, right links, links) with the weights in use."""
    out = []
    for th in [round(0.1 * k, 2) for k in range(1, 10)] + [RESTATES_THRESHOLD]:
        hit, right, links = set(), 0, 0
        for r in rows:
            z = RESTATES_BIAS + sum(a * b for a, b in zip(RESTATES_WEIGHTS, r["f"], strict=True))
            if 1 / (1 + math.exp(-z)) >= th:
                links += 1
                right += r["y"] > 0
                if r["y"] == 1:
                    hit.add(tuple(r["gold"]))
        out.append((th, len(hit), right, links))
    return sorted(set(out))


def table(points: list[tuple[float, int, int, int]], total: int) -> str:
    lines = ["| threshold | central-task recall | link precision |", "|---|---|---|"]
    for th, hit, right, links in points:
        mark = " **(in use)**" if th == RESTATES_THRESHOLD else ""
        prec = f"{right}/{links} ({100 * right / links:.0f} %)" if links else "–"
        lines.append(f"| {th:.2f}{mark} | {hit}/{total} ({100 * hit / total:.0f} %) | {prec} |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--check", action="store_true", help="exit 1 when docs/alignment.md is stale")
    a = ap.parse_args()
    shared = Path(a.shared)
    rows = collect(shared)
    gold_restating = sum(
        1
        for gf in (shared / "gold" / "tasks").glob("*.json")
        for g in json.loads(gf.read_text(encoding="utf-8"))["tasks"]
        if g.get("kind", "task") == "task" and g.get("alignment") == "task"
    )
    weights, bias = fit(rows)
    print(f"fitted weights {weights}, bias {bias} (in use: {list(RESTATES_WEIGHTS)}, {RESTATES_BIAS})")
    text = table(curve(rows, gold_restating), gold_restating)
    print(text)
    doc = DOC.read_text(encoding="utf-8")
    if BEGIN not in doc:
        print(f"{DOC}: no {BEGIN} marker", file=sys.stderr)
        return 2
    head, rest = doc.split(BEGIN, 1)
    new = f"{head}{BEGIN}\n{text}\n{END}{rest.split(END, 1)[1]}"
    if a.check:
        return 0 if new == doc else 1
    DOC.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
