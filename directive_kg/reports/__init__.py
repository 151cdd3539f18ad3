"""Auditor deliverables: compliance workbook (XLSX) and printable report (HTML) (`dkg report`)."""

import click


@click.command("report")
def command() -> None:
    """Write the compliance workbook or report (in progress)."""
    raise click.ClickException("dkg report is not built yet")
