#!/usr/bin/env python3
"""Fit the two restatement models on the task gold and publish their leave-one-document-out curve.

For every item of the gold documents (`../shared/gold/tasks`; tasks and duties in the order the build
aligns them, matched to the gold by source lines as `check_tasks.py` does) it takes the programme's top
candidates (graph/align.py `Programme.candidates`, 03/NQ-CP, with the group prior of graph/groups.py):

1. the candidate model is fitted (logistic, Newton's method, a small L2 penalty) on each candidate's six
   features: 1 when the gold lists it as restated or as plausible (an auditor accepts the link:
   `check_tasks.py` counts both as right), 0 otherwise;
2. the plan model is fitted on the ten features `plan_features` reads from the whole plan, computed with
   that candidate model;
3. each document is scored with both models fitted on the *other* documents (leave one document out, the
   candidate model refitted too), against the programmes the build aligns it with (the one in force on
   its date and any it cites; a 71/NQ-CP link judged on `central_tasks_71`), so the curve says how the
   build does on a plan the models have not seen; it is
   written between the markers of docs/alignment.md: central-task recall (gold tasks with at least one
   right link) and link precision, as check_tasks.py counts them; and it names the threshold with the
   best held-out recall at which that precision reaches 90 %.

The weights fitted on all documents are printed; graph/align.py keeps the ones in use
(CANDIDATE_WEIGHTS / CANDIDATE_BIAS, PLAN_WEIGHTS / PLAN_BIAS, RESTATES_THRESHOLD).

    PYTHONPATH=. .venv/bin/python scripts/align_curve.py [--shared ../shared] [--check]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from directive_kg.graph.align import (  # noqa: E402
    CANDIDATE_BIAS,
    CANDIDATE_WEIGHTS,
    CANDIDATES,
    PLAN_BIAS,
    PLAN_WEIGHTS,
    RESTATES_THRESHOLD,
    Programme,
    logistic,
    plan_features,
)
from directive_kg.graph.groups import GroupModel, group_number  # noqa: E402
from directive_kg.graph.programmes import programme_in_force  # noqa: E402
from directive_kg.graph.programmes import programmes as programme_chain  # noqa: E402
from directive_kg.graph.successors import link_programmes  # noqa: E402
from directive_kg.loaders import extract_file  # noqa: E402

DOC = ROOT / "docs" / "alignment.md"
BEGIN, END = "<!-- curve:begin -->", "<!-- curve:end -->"
TARGET_PRECISION = 0.90


def _scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("check_tasks", shared / "tools" / "check_tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PROGRAMMES = {  # identifier → (file under corpus/central, gold keys: restated, plausible)
    "03/NQ-CP": ("03-NQ-CP.md", "central_tasks", "candidate_tasks"),
    "71/NQ-CP": ("71-NQ-CP.ocr.txt", "central_tasks_71", "candidate_tasks_71"),
}
TRAIN = "03/NQ-CP"  # the models are fitted on the plans scored against this programme


def collect(shared: Path) -> list[dict]:
    """One entry per gold document and programme: its items' candidates (six features each) and, per
    candidate, the label (1 restated, 0.5 plausible, 0) and the gold task ids it finds.

    Every document is read against 03/NQ-CP (`train`: what the models are fitted on); it is scored
    (`scored`) against the programmes the build aligns it with (graph/builder.py: the programme in
    force on its date and any programme it cites), as `check_tasks.py` scores the build's links."""
    ct = _scorer(shared)
    root = extract_file(shared / "corpus" / "central" / "57-NQ-TW.md")
    central = {k: extract_file(shared / "corpus" / "central" / f) for k, (f, _, _) in PROGRAMMES.items()}
    engines = {
        k: Programme(k, [t.text for t in ex.tasks], [group_number(t.group) for t in ex.tasks])
        for k, ex in central.items()
    }
    chain = {p.identifier for p in programme_chain()} & set(PROGRAMMES)
    # the group model as the build makes it (graph/builder.py _central_index): 57-NQ/TW's paragraphs and the
    # programme tasks, but not a later task that carries on an earlier one word for word
    old, new = central["03/NQ-CP"].tasks, central["71/NQ-CP"].tasks
    carried = {
        s.new
        for s in link_programmes("03/NQ-CP", old, "71/NQ-CP", new)
        if s.old and s.new and not any(c.field == "text" for c in s.changes)
    }
    texts = [
        (group_number(t.group), t.text)
        for t in [*root.tasks, *old, *(t for t in new if f"71/NQ-CP#{t.number}" not in carried)]
        if 1 <= group_number(t.group) <= 7
    ]
    model = GroupModel([g.title for g in root.groups[:7]], texts)
    docs = []
    for doc, gf in enumerate(sorted((shared / "gold" / "tasks").glob("*.json"))):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        ex = extract_file(shared / "corpus" / gold["document"]["file"])
        aligned = {programme_in_force(ex.document.date, chain)} | (
            chain & {r.identifier for r in ex.references}
        )
        # the items the build aligns, in its order: the tasks, then the duties that are not tasks
        items = list(ex.tasks) + [t for t in ex.duties if t.id not in {x.id for x in ex.tasks}]
        task_dicts = {td["id"]: td for td in ex.to_dict()["tasks"]}
        probs = [model.probabilities(t.text) for t in items]
        for ident, (_, key, cand) in PROGRAMMES.items():
            if ident != TRAIN and ident not in aligned:
                continue
            programme = engines[ident]
            numbers = [int(t.number) for t in central[ident].tasks]
            plan, labels = [], []
            for t, gp in zip(items, probs, strict=True):
                found = programme.candidates(t.text, CANDIDATES, group_probs=gp)
                plan.append(found)
                if (
                    t.id not in task_dicts
                ):  # a duty: its place counts in the plan, check_tasks.py scores tasks
                    labels.append(None)
                    continue
                body, annex = ct.spans(task_dicts[t.id])
                gs = [
                    g
                    for g in gold["tasks"]
                    if g.get("kind", "task") == "task"
                    and (ct.overlaps(body, g.get("lines_body")) or ct.overlaps(annex, g.get("lines_annex")))
                ]
                plausible = {n for g in gs for n in g.get(cand) or []}
                row = []
                for c in found:
                    n = numbers[c.target]
                    hits = [g["id"] for g in gs if g.get("alignment") == "task" and n in (g.get(key) or [])]
                    row.append({"hits": hits, "y": 1.0 if hits else 0.5 if n in plausible else 0.0})
                labels.append(row)
            docs.append(
                {
                    "doc": doc,
                    "programme": ident,
                    "train": ident == TRAIN,
                    "scored": ident in aligned,
                    "plan": plan,
                    "labels": labels,
                }
            )
    return docs


def candidate_rows(docs: list[dict]) -> list[dict]:
    return [
        {"doc": d["doc"], "f": c.features[:6], **lab}
        for d in docs
        for task, labs in zip(d["plan"], d["labels"], strict=True)
        if labs is not None
        for c, lab in zip(task, labs, strict=True)
    ]


def plan_rows(docs: list[dict], candidate_model: tuple) -> list[dict]:
    return [
        {"doc": d["doc"], "f": f, **lab}
        for d in docs
        for task_f, labs in zip(plan_features(d["plan"], candidate_model), d["labels"], strict=True)
        if labs is not None
        for f, lab in zip(task_f, labs, strict=True)
    ]


def fit(rows: list[dict], l2: float = 0.1) -> tuple[list[float], float]:
    """Logistic regression by Newton's method; a plausible link counts as one an auditor accepts."""
    X = np.array([[*r["f"], 1.0] for r in rows])
    y = np.array([1.0 if r["y"] > 0 else 0.0 for r in rows])
    w = np.zeros(X.shape[1])
    penalty = l2 * np.eye(X.shape[1])
    penalty[-1, -1] = 0
    for _ in range(60):
        p = 1 / (1 + np.exp(-X @ w))
        grad = X.T @ (p - y) + penalty @ w
        hess = X.T @ (X * (p * (1 - p))[:, None]) + penalty
        w -= np.linalg.solve(hess, grad)
    return [round(float(v), 2) for v in w[:-1]], round(float(w[-1]), 2)


def held_out(docs: list[dict]) -> list[tuple[float, dict]]:
    """Each scored candidate's probability from both models fitted on the other documents (leave one out)."""
    out = []
    for doc in sorted({d["doc"] for d in docs}):
        train = [d for d in docs if d["doc"] != doc and d["train"]]
        candidate_model = fit(candidate_rows(train))
        weights, bias = fit(plan_rows(train, candidate_model))
        mine = [d for d in docs if d["doc"] == doc and d["scored"]]
        out += [(logistic(weights, bias, r["f"]), r) for r in plan_rows(mine, candidate_model)]
    return out


def point(scored: list[tuple[float, dict]], th: float) -> tuple[float, int, int, int]:
    """(threshold, gold tasks found, right links, links)."""
    hit: set[str] = set()
    right = links = 0
    for p, r in scored:
        if p >= th:
            links += 1
            right += r["y"] > 0
            hit.update(r["hits"])
    return th, len(hit), right, links


def curve(scored: list[tuple[float, dict]]) -> list[tuple[float, int, int, int]]:
    return sorted(
        {point(scored, th) for th in [round(0.1 * k, 2) for k in range(1, 10)] + [RESTATES_THRESHOLD]}
    )


def pick(scored: list[tuple[float, dict]], fitted: list[tuple[float, dict]]) -> tuple[float, int, int, int]:
    """The threshold with the highest held-out recall at which link precision reaches TARGET_PRECISION
    both held out and with the weights in use (the figure `check_tasks.py` prints on the whole pipeline)."""
    best = (1.0, 0, 0, 0)
    for th in [round(0.01 * k, 2) for k in range(5, 96)]:
        p, q = point(scored, th), point(fitted, th)
        ok = all(x[3] and x[2] / x[3] >= TARGET_PRECISION for x in (p, q))
        if ok and p[1] > best[1]:
            best = p
    return best


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
    docs = collect(shared)
    gold_restating = sum(
        1
        for gf in (shared / "gold" / "tasks").glob("*.json")
        for g in json.loads(gf.read_text(encoding="utf-8"))["tasks"]
        if g.get("kind", "task") == "task" and g.get("alignment") == "task"
    )
    train = [d for d in docs if d["train"]]
    candidate_model = fit(candidate_rows(train))
    plan_model = fit(plan_rows(train, candidate_model))
    print(f"fitted on all documents: candidate model {candidate_model}, plan model {plan_model}")
    print(
        f"in use: candidate {list(CANDIDATE_WEIGHTS)}, {CANDIDATE_BIAS}; plan {list(PLAN_WEIGHTS)}, "
        f"{PLAN_BIAS}; threshold {RESTATES_THRESHOLD}"
    )
    scored = held_out(docs)
    # the builder rounds a score to three decimals before comparing it with the threshold
    in_use = (CANDIDATE_WEIGHTS, CANDIDATE_BIAS)
    fitted = [
        (round(logistic(PLAN_WEIGHTS, PLAN_BIAS, r["f"]), 3), r)
        for r in plan_rows([d for d in docs if d["scored"]], in_use)
    ]
    th, hit, right, links = pick(scored, fitted)
    print(
        f"held out: {TARGET_PRECISION:.0%} precision from threshold {th:.2f} ({hit}/{gold_restating}, {right}/{links})"
    )
    text = table(curve(scored), gold_restating)
    _, hit, right, links = point(fitted, RESTATES_THRESHOLD)
    text += (
        f"\n\nWith the weights in use (fitted on all five documents) at {RESTATES_THRESHOLD:.2f}: recall "
        f"{hit}/{gold_restating} ({100 * hit / gold_restating:.0f} %), precision {right}/{links} "
        f"({100 * right / max(links, 1):.0f} %)."
    )
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
