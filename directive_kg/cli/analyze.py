"""`dkg analyze`: orphans (no path to the root mandate) and unit workload, as tables or JSON."""

from __future__ import annotations

import json

import click

from .errors import user_errors
from .options import format_option, store_option


@click.command("analyze")
@store_option
@format_option(["table", "json"])
@click.option("--top", type=int, default=15, show_default=True, help="Units to list (table format).")
def command(store_spec: str | None, fmt: str, top: int) -> None:
    """Graph analytics: orphan tasks and plans (no path to 57-NQ/TW) and unit workload."""
    from rich.console import Console
    from rich.table import Table

    from ..analytics import summary, to_networkx
    from ..stores import open_store

    with user_errors():
        G = to_networkx(open_store(store_spec))
        data = summary(G)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(
        f"{data['nodes']} nodes, {data['edges']} edges: "
        + ", ".join(f"{k} {v}" for k, v in data["node_kinds"].items())
    )
    t = Table("kind", "orphan (no path to 57-NQ/TW)", title=f"Orphans ({len(data['orphans'])})")
    for o in data["orphans"]:
        t.add_row(o["kind"], (o["label"] or o["iri"])[:90])
    console.print(t)
    w = Table("unit", "led", "coordinated", "degree", "betweenness", title="Unit workload")
    for r in data["workload"][:top]:
        w.add_row(
            r["unit"][:70],
            str(r["led"]),
            str(r["coordinated"]),
            f"{r['degree']:.4f}",
            f"{r['betweenness']:.4f}",
        )
    console.print(w)
