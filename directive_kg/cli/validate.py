"""`dkg validate`: check the graph against the traceability rules and print the findings."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import EXIT_FINDINGS
from ..rules import FAIL_ON
from .errors import user_errors
from .options import format_option, store_option


@click.command("validate")
@store_option
@format_option(["text", "json", "ttl", "html"])
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="violation",
    show_default=True,
    help="Exit 1 when a finding at or above this severity exists.",
)
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option(
    "--corpus",
    "corpus",
    multiple=True,
    type=click.Path(file_okay=False),
    help="Corpus root(s) to show source excerpts from (default: the current directory).",
)
@click.option(
    "--engine",
    type=click.Choice(["pyshacl", "jena"]),
    default="pyshacl",
    show_default=True,
    help="SHACL engine: pyshacl (the reference) or Apache Jena (needs Java and scripts/jena-shacl.sh; "
    "much faster on large stores, same findings).",
)
@click.option("--verbose", is_flag=True, help="Print per-document and total validation time on stderr.")
def command(
    store_spec: str | None,
    fmt: str,
    fail_on: str,
    lang: str,
    corpus: tuple[str, ...],
    engine: str,
    verbose: bool,
) -> None:
    """Check the graph against the traceability rules (SHACL); exit 1 on findings at or above --fail-on."""
    from ..rules import fails, format_html, format_text, validate
    from ..stores import open_store

    with user_errors(unexpected="validation failed"):
        store = open_store(store_spec)
        store.require()
        if engine == "jena":
            from ..rules.jena import validate_jena

            result = validate_jena(store, lang=lang)
        else:
            result = validate(store, lang=lang)
    if verbose:
        for name, seconds in result.timings.items():
            click.echo(f"  {seconds:7.2f}s  {name}", err=True)
        click.echo(f"  {result.seconds:7.2f}s  total", err=True)
    if fmt == "json":
        click.echo(json.dumps([f.to_json() for f in result.findings], ensure_ascii=False, indent=2))
    elif fmt == "ttl":
        click.echo(result.report.serialize(format="turtle"))
    elif fmt == "html":
        click.echo(format_html(result, lang))
    else:
        roots = [Path(c) for c in corpus] or [Path.cwd()]
        click.echo(format_text(result, roots))
    if fails(result, fail_on):
        sys.exit(EXIT_FINDINGS)
