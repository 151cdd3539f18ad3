"""Interactive, offline graph views for briefings (`dkg viz`)."""

import click


@click.command("viz")
def command() -> None:
    """Draw an interactive view of the graph (in progress)."""
    raise click.ClickException("dkg viz is not built yet")
