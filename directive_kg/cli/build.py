"""`dkg build`: extract, link and load a corpus into the store, with a progress bar and a summary."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import EXIT_INPUT
from ..messages import clean
from .errors import fail, user_errors
from .extract import expand
from .options import format_option, ocr_option, ocr_progress, store_option

SUMMARY_MAX_DOCS = 500  # `dkg build` validates for its one-line summary up to this many documents


@click.command("build")
@click.argument("corpus", nargs=-1, required=True)
@store_option
@click.option("--corrections", type=click.Path(dir_okay=False), default=None, help="YAML corrections file.")
@format_option(["table", "json"])
@click.option(
    "--validate/--no-validate",
    "summary_validation",
    default=None,
    help=f"Print the one-line validation summary after the build (default: only for corpora of at "
    f"most {SUMMARY_MAX_DOCS} documents; a national corpus takes minutes, run dkg validate).",
)
@click.option(
    "--answers/--no-answers",
    default=True,
    show_default=True,
    help="Keep the answers of the country-wide named queries (implementers of each central directive, "
    "the queries without parameters) beside the store, so that dkg query reads them at once.",
)
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Follow symbolic links in a corpus directory that point outside it (default: refused, listed).",
)
@click.option(
    "--wait/--no-wait",
    default=True,
    show_default=True,
    help="When another build is writing the same store: wait for it, or exit 2 at once.",
)
@ocr_option
def command(
    corpus: tuple[str, ...],
    store_spec: str | None,
    corrections: str | None,
    fmt: str,
    summary_validation: bool | None,
    answers: bool,
    wait: bool,
    follow_symlinks: bool,
) -> None:
    """Extract, link and load CORPUS (files or directories) into the store, atomically."""
    from ..build import build as run_build
    from ..corrections import load_corrections
    from ..stores import open_store
    from .render import print_build_summary

    with user_errors():
        fixes = load_corrections(corrections)
    paths, errors = expand(corpus, follow_symlinks)
    roots = [Path(c) if Path(c).is_dir() else Path(c).parent for c in corpus]
    if not paths:
        for err in errors:
            click.echo(f"error: {err}", err=True)
        fail("nothing to build")
    store = open_store(store_spec)
    with user_errors(), ocr_progress():
        report = _run(run_build, paths, roots, store, fixes, answers, wait, show_progress=fmt == "table")
    report.errors = errors + report.errors
    summary = report.summary()
    if fmt == "json":
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print_build_summary(summary, report.duplicates, unresolved=report.unresolved)
    if summary_validation is None:
        summary_validation = len(report.sources) <= SUMMARY_MAX_DOCS
    if not summary_validation:
        click.echo(
            f"validation: not run for {len(report.sources)} documents (dkg validate, or --validate)", err=True
        )
    else:
        click.echo(_validation_line(store), err=True)
    for err in report.errors:
        click.echo(f"error: {err}", err=True)
    if report.errors:
        click.echo(
            f"{len(report.errors)} input(s) failed; {len(report.sources)} document(s) loaded", err=True
        )
        sys.exit(EXIT_INPUT)


def _run(
    run_build: Any,
    paths: list[Path],
    roots: list[Path],
    store: Any,
    fixes: Any,
    answers: bool,
    wait: bool,
    show_progress: bool,
) -> Any:
    """The build, with a progress bar on stderr when it is a terminal."""
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True)
    told = {"wait": wait, "on_wait": lambda why: click.echo(why, err=True)}
    if console.is_terminal and show_progress:
        with Progress(console=console, transient=True) as bar:
            task = bar.add_task("extracting", total=len(paths))
            return run_build(
                paths, roots, store, fixes, progress=lambda p: bar.advance(task), answers=answers, **told
            )
    return run_build(paths, roots, store, fixes, answers=answers, **told)


def _validation_line(store: Any) -> str:
    """The one-line validation summary, or why it was not run: trouble there must not hide a good build."""
    from ..rules import one_line_summary

    try:
        return one_line_summary(store)
    except Exception as exc:  # noqa: BLE001 - any failure of the rules is reported, the build stands
        return clean(f"validation: not run ({exc})")
