"""`dkg viz`: write a view as one offline HTML page (and a PNG or SVG of it)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from ..outputs import check_output, write_output
from ..viz import VIEWS
from .errors import user_errors
from .options import store_option


@click.command("viz")
@click.argument("view", type=click.Choice(VIEWS))
@click.option(
    "--mandate",
    default=None,
    help="trace: a directive (57-NQ/TW), a central group (57-NQ/TW#3) or a 03/NQ-CP task (03/NQ-CP#20).",
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
) -> None:
    """Draw VIEW (hierarchy, trace --mandate X, coverage, units) as one offline HTML page for briefings."""
    from ..stores import open_store
    from ..viz import build_page

    with user_errors():
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
