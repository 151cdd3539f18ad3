"""`dkg export`: the whole dataset as sorted N-Quads, TriG, Turtle or JSON-LD, with its VoID/DCAT description.

Turtle and TriG bind the project's prefixes (`dkg:`, `eli:`, `org:`, `skos:`, `prov:`…); JSON-LD is
compacted with the published @context (ontology/void.py), embedded so that no reader fetches it.
"""

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
    from ..ontology.void import PREFIXES, describe, jsonld_context
    from ..stores import open_store

    store = open_store(store_spec)
    with user_errors():
        nquads = store.dump_nquads()
        nquads += "".join(f"{q} .\n" for q in describe(store))
    lines = sorted(line for line in nquads.splitlines() if line.strip())
    if fmt == "nquads":
        text = "\n".join(lines) + "\n"
    else:
        import rdflib

        ds = rdflib.Dataset()
        ds.parse(data="\n".join(lines), format="nquads")
        if fmt == "turtle":
            merged = rdflib.Graph(bind_namespaces="none")
            for prefix, namespace in PREFIXES.items():
                merged.bind(prefix, namespace, override=True, replace=True)
            for quad in ds.quads((None, None, None, None)):
                merged.add(quad[:3])
            text = merged.serialize(format="turtle")
        elif fmt == "trig":
            for prefix, namespace in PREFIXES.items():
                ds.bind(prefix, namespace, override=True, replace=True)
            text = ds.serialize(format="trig")
        else:
            text = ds.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
    if out:
        from ..outputs import write_output

        with user_errors():
            write_output(out, text)
    else:
        click.echo(text, nl=False)
