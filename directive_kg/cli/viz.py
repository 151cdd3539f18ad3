"""`dkg viz`: write a view as one offline HTML page (and a PNG or SVG of it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import InputError
from ..outputs import check_output, write_output
from ..viz import VIEWS
from .errors import user_errors
from .options import store_option

PAGES = ("board", "flow")  # views drawn without the graph canvas (viz/board.py, viz/flow.py)


@click.command("viz")
@click.argument("view", type=click.Choice((*VIEWS, *PAGES)))
@click.option(
    "--mandate",
    default=None,
    help="trace, flow: a directive (57-NQ/TW), a central group (57-NQ/TW#3) or a programme task (71/NQ-CP#25, 03/NQ-CP#20).",
)
@click.option(
    "--as-of",
    "as_of",
    default=None,
    metavar="DATE",
    help="board: the day whose quarter the due tasks are counted in (ISO date, default today).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    default=None,
    help="HTML file to write (default dkg-VIEW.html); it embeds everything and works offline.",
)
@click.option(
    "--png", type=click.Path(dir_okay=False), default=None, help="Also save a PNG (headless Chromium)."
)
@click.option("--svg", type=click.Path(dir_okay=False), default=None, help="coverage: also save an SVG.")
@store_option
@click.option(
    "--corpus",
    multiple=True,
    type=click.Path(file_okay=False),
    help="Corpus root(s) for source excerpts (default: the current directory).",
)
@click.option(
    "--budget",
    type=click.IntRange(min=10),
    default=None,
    help="Node budget before aggregation (default 1500, or DKG_VIZ_BUDGET).",
)
@click.option(
    "--findings/--no-findings",
    default=True,
    show_default=True,
    help="Run the validation rules and show their findings in the node details.",
)
def command(
    view: str,
    mandate: str | None,
    out: str | None,
    png: str | None,
    svg: str | None,
    store_spec: str | None,
    corpus: tuple[str, ...],
    budget: int | None,
    findings: bool,
    as_of: str | None,
) -> None:
    """Draw VIEW (board, flow --mandate X, hierarchy, trace --mandate X, coverage, units) as one offline page."""
    from ..stores import open_store
    from ..viz import build_page

    with user_errors():
        if view in PAGES:
            _page(view, open_store(store_spec), mandate, out, png, svg, as_of)
            return
        if svg and view != "coverage":
            raise InputError(
                "--svg", "only the coverage view has an SVG form (use --png for the graph views)"
            )
        for path in (out or f"dkg-{view}.html", svg, png):
            if path:
                check_output(path)
        html, data = build_page(
            view, open_store(store_spec), mandate, budget, [Path(c) for c in corpus], findings
        )
        target = Path(out or f"dkg-{view}.html")
        write_output(target, html)
        click.echo(
            f"{target}: {view}, {data['stats']['nodes']} nodes"
            + (f", {len(data['collapsed'])} collapse step(s)" if data.get("collapsed") else ""),
            err=True,
        )
        if svg:
            from ..viz.coverage import to_svg

            write_output(svg, to_svg(data["coverage"], data["title"]))
            click.echo(f"{svg}: SVG", err=True)
        if png:
            from ..viz.snapshot import WINDOW, screenshot

            rows = len(data["coverage"]["rows"]) if view == "coverage" else 0
            screenshot(html, Path(png), (1640, min(4000, 270 + 72 * rows)) if view == "coverage" else WINDOW)
            click.echo(f"{png}: PNG", err=True)


def _page(
    view: str,
    store: Any,
    mandate: str | None,
    out: str | None,
    png: str | None,
    svg: str | None,
    as_of: str | None,
) -> None:
    """The board and the flow: pages of their own (no graph canvas, no node budget)."""
    import datetime as dt

    if svg:
        raise InputError("--svg", "only the coverage view has an SVG form (use --png)")
    for path in (out or f"dkg-{view}.html", png):  # refused now, not after the page is drawn
        if path:
            check_output(path)
    if view == "board":
        from ..viz.board import build_board

        try:
            day = dt.date.fromisoformat(as_of.strip()) if as_of else None
        except ValueError:
            raise InputError("--as-of", f"not an ISO date (YYYY-MM-DD): {as_of!r}") from None
        html, board = build_board(store, day)
        summary = ", ".join(f"{k} {v}" for k, v in board.figures.items() if v >= 0)
        window = (1920, 1080)
    else:
        from ..viz.flow import build_flow

        html, flow = build_flow(store, mandate or "")
        summary = f"{len(flow.nodes)} nodes, {len(flow.links)} links"
        window = (1920, 1080)
    target = Path(out or f"dkg-{view}.html")
    write_output(target, html)  # the one writer: atomic, no symlink, no folder made (outputs.py)
    click.echo(f"{target}: {view}, {summary}", err=True)
    if png:
        from ..viz.snapshot import screenshot

        screenshot(html, Path(png), window)
        click.echo(f"{png}: PNG", err=True)
