"""`dkg trace`: a mandate's implementation as a tree, down to commune tasks, or a node's chain up to the mandates.

Down: mandate → the central groups / programme tasks local tasks align with (a programme task also
through the task it succeeded or that succeeded it) → plans → their tasks (lead unit, deadline) with each
task's own link — method, score and the wording matched — from the `implementers` named query opened into
its links (queries/links.py); a programme task nobody restates shows its successor links. Up: the
`lineage` named query, shown as a tree from the node towards the central mandates. A node's label is read
for that node only (queries/read.node_label): the graph is never loaded whole to name a tree's branches.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable

import click
from rich.console import Console
from rich.markup import escape
from rich.tree import Tree

from ..errors import InputError
from ..stores import QueryResult
from .errors import user_errors
from .options import store_option


def _short(text: str | None, width: int = 90) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


Labeller = Callable[[str], str]


def _label(label: Labeller | None, node: str | None) -> str:
    if node is None:
        return "(no alignment: the plan implements the mandate)"
    return _short((label(node) if label is not None else None) or node)


def down_tree(mandate: str, rows: list[dict], label: Labeller | None = None) -> Tree:
    """mandate → aligned central node → plan → tasks."""
    tree = Tree(f"[bold]{escape(mandate)}[/]")
    by_anchor: dict[str | None, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        by_anchor[r["aligned_to"]][r["plan"]].append(r)
    for anchor in sorted(by_anchor, key=lambda a: (a is None, a or "")):
        branch = tree.add(f"[cyan]{escape(_label(label, anchor))}[/]")
        plans = by_anchor[anchor]
        for plan in sorted(plans, key=lambda p: (plans[p][0]["level"] or "", p)):
            first = plans[plan][0]
            where = ", ".join(x for x in (first["commune"], first["province"]) if x)
            name = plan if not plan.startswith("http") else f"(no number) {plan.rsplit('/', 1)[-1]}"
            pnode = branch.add(
                f"[green]{escape(name)}[/] {escape(first['level'] or '')}"
                + (f" — {escape(where)}" if where else "")
            )
            seen = set()
            for r in sorted(plans[plan], key=lambda r: r["task"]):
                if r["task"] in seen:
                    continue
                seen.add(r["task"])
                extra = " · ".join(x for x in (r["lead_unit"], r["deadline"]) if x)
                # the task's own evidence for this link, never its heading's
                score = f" [dim]({escape(r['method'])} {r['score']:.2f})[/]" if r["score"] is not None else ""
                task = pnode.add(
                    escape(_short(r["text"])) + (f" [dim]— {escape(extra)}[/]" if extra else "") + score
                )
                if r.get("evidence"):
                    task.add(f"[dim]khớp: {escape(_short(r['evidence'], 120))}[/]")
    return tree


def succession_tree(node: str, changes: list[dict]) -> Tree:
    """A programme task no local task aligns with (or with its predecessor or successor): its successor links."""
    tree = Tree(f"[bold]{escape(node)}[/]")
    for r in changes:
        other = r["to"] if r["from"] == node else r["from"]
        way = "carried on by" if r["from"] == node else "carries on"
        what = f"{r['relation']}" + (f": {r['changes']}" if r["changes"] else "")
        tree.add(f"{way} {escape(other)} [dim]({escape(what)})[/]" if other else f"[dim]{escape(what)}[/]")
    tree.add("[dim]no local task aligns with it or with the tasks it is linked to[/]")
    return tree


def up_tree(start: str, rows: list[dict], label: Labeller | None = None) -> Tree:
    """From a node along the lineage hops towards the central mandates."""
    children: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in rows:
        children[r["from"]].append((r["relation"], r["to"]))
    roots = sorted({r["from"] for r in rows if r["depth"] == 1}) or [start]
    tree = Tree(
        f"[bold]{escape(_label(label, roots[0]))}[/]" if len(roots) == 1 else f"[bold]{escape(start)}[/]"
    )

    def grow(node: str, branch: Tree, path: set[str]) -> None:
        for relation, to in sorted(set(children.get(node, []))):
            sub = branch.add(f"[dim]{relation}[/] {escape(_label(label, to))}")
            if to not in path:
                grow(to, sub, path | {to})

    if len(roots) == 1:
        grow(roots[0], tree, {roots[0]})
    else:
        for r in roots:
            grow(r, tree.add(escape(_label(label, r))), {r})
    return tree


def _as_dicts(result: QueryResult) -> list[dict]:
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


@click.command("trace")
@click.argument("node")
@click.option(
    "--up", is_flag=True, help="Go up from a task or plan (IRI or plan identifier) to the central mandates."
)
@store_option
def trace_command(node: str, up: bool, store_spec: str | None) -> None:
    """Show how MANDATE (57-NQ/TW, 57-NQ/TW#3, 71/NQ-CP#25, 03/NQ-CP#20) is carried out, or with --up NODE its chain upwards."""
    from ..queries import run
    from ..queries.links import implementer_links
    from ..queries.read import node_label
    from ..stores import open_store

    with user_errors():
        store = open_store(store_spec)
        label = functools.cache(lambda node: node_label(store, node))
        if up:
            rows = _as_dicts(run("lineage", {"node": node}, store))
            if not rows:
                raise InputError(node, "no such task or plan, or nothing above it")
            tree = up_tree(node, rows, label)
        else:
            rows = implementer_links(store, node)
            if not rows:
                # a programme task nobody restates yet still answers: what it carries on or became
                changes = [
                    r for r in _as_dicts(run("programme-changes", {}, store)) if node in (r["from"], r["to"])
                ]
                if not changes:
                    raise InputError(node, "no local task carries out this mandate (or no such mandate)")
                tree = succession_tree(node, changes)
            else:
                tree = down_tree(node, rows, label)
    Console().print(tree)
