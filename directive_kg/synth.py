"""Synthetic national corpus generator (`dkg synth`)."""

import click


@click.command("synth")
def command() -> None:
    """Generate a synthetic national corpus (in progress)."""
    raise click.ClickException("dkg synth is not built yet")
