"""`dkg report`: write the audit workbook (.xlsx) or the printable report (.html)."""

from __future__ import annotations

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
    metavar="FILE.xlsx|FILE.html",
    help="The report file; its suffix picks the format.",
)
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option(
    "--as-of",
    "as_of",
    default=None,
    metavar="DATE",
    help="Count tasks overdue at this ISO date (default today).",
)
@store_option
def command(
    plan: str | None,
    province: str | None,
    all_plans: bool,
    out: str,
    lang: str,
    as_of: str | None,
    store_spec: str | None,
) -> None:
    """Write the audit workbook (.xlsx) or the printable report (.html) for one plan, a province or all."""
    from ..reports import write_report

    with user_errors():
        data = write_report(out, store_spec, plan, province, all_plans, lang, as_of)
    counts = ", ".join(f"{k} {len(t.rows)}" for k, t in data.tables.items())
    click.echo(f"wrote {out} ({counts})", err=True)
