"""`dkg export`: the whole dataset as sorted N-Quads, TriG, Turtle or JSON-LD."""

from __future__ import annotations

import click

from .errors import user_errors
from .options import format_option, store_option


@click.command("export")
@store_option
@format_option(["nquads", "trig", "turtle", "jsonld"])
@click.option(
    "--out",
    default=None,
    metavar="FILE",
    help="Write to this file, atomically; never through a symlink (default stdout).",
)
def command(store_spec: str | None, fmt: str, out: str | None) -> None:
    """Export the whole dataset; N-Quads are sorted, so identical builds give identical files."""
    from ..stores import open_store

    store = open_store(store_spec)
    with user_errors():
        nquads = store.dump_nquads()
    lines = sorted(line for line in nquads.splitlines() if line.strip())
    if fmt == "nquads":
        text = "\n".join(lines) + "\n"
    else:
        import rdflib

        ds = rdflib.Dataset()
        ds.parse(data="\n".join(lines), format="nquads")
        if fmt == "turtle":
            merged = rdflib.Graph()
            for quad in ds.quads((None, None, None, None)):
                merged.add(quad[:3])
            text = merged.serialize(format="turtle")
        else:
            text = ds.serialize(format="trig" if fmt == "trig" else "json-ld")
    if out:
        from ..outputs import write_output

        with user_errors():
            write_output(out, text)
    else:
        click.echo(text, nl=False)
