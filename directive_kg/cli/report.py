"""`dkg report`: write the audit workbook (.xlsx) or the printable report (.html)."""

from __future__ import annotations

from pathlib import Path

import click

from .errors import user_errors
from .options import store_option


@click.command("report")
@click.option(
    "--plan", default=None, metavar="ID", help="One local plan: identifier (10/KH-UBND), IRI or source file."
)
@click.option(
    "--province", default=None, metavar="NAME", help="Every local plan of a province (Nghệ An, nghe an)."
)
@click.option("--all", "all_plans", is_flag=True, help="Every local plan (the default).")
@click.option(
    "--out",
    required=True,
    metavar="FILE.xlsx|FILE.html|FILE.pdf",
    help="The report file; its suffix picks the format (.pdf: printed by headless Chromium, A4).",
)
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option(
    "--as-of",
    "as_of",
    default=None,
    metavar="DATE",
    help="Count tasks overdue at this ISO date (default today).",
)
@click.option(
    "--corpus",
    multiple=True,
    type=click.Path(file_okay=False),
    help="PDF: corpus root(s) the annex quotes source lines from (default: the current directory).",
)
@store_option
def command(
    plan: str | None,
    province: str | None,
    all_plans: bool,
    out: str,
    lang: str,
    as_of: str | None,
    corpus: tuple[str, ...],
    store_spec: str | None,
) -> None:
    """Write the audit workbook (.xlsx), the screen report (.html) or the printed report (.pdf) for plans."""
    from ..reports import write_report

    with user_errors():
        data = write_report(
            out, store_spec, plan, province, all_plans, lang, as_of, [Path(c) for c in corpus] or None
        )
    counts = ", ".join(f"{k} {len(t.rows)}" for k, t in data.tables.items())
    click.echo(f"wrote {out} ({counts})", err=True)
