"""`dkg extract`: what the loaders understand from each file, as JSON or as tables."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import EXIT_INPUT, InputError
from ..messages import one_line
from .options import format_option, ocr_option, ocr_progress

DOC_SUFFIXES = {".txt", ".md", ".pdf", ".docx"}


def expand(paths: tuple[str, ...], follow_symlinks: bool = False) -> tuple[list[Path], list[InputError]]:
    """Expand directories into the documents they hold (corpus.py); report what is not read."""
    from ..corpus import walk_corpus

    files: list[Path] = []
    errors: list[InputError] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            errors.append(InputError(raw, "no such file or directory"))
        elif p.is_dir():
            found, refused = walk_corpus(p, follow_symlinks)
            errors.extend(refused)
            if not found and not refused:
                errors.append(InputError(raw, "directory holds no documents (.txt, .md, .pdf, .docx)"))
            files.extend(found)
        else:
            files.append(p)
    return files, errors


@click.command("extract")
@click.argument("files", nargs=-1, required=True)
@format_option(["json", "table"], default="table")
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Follow symbolic links in a corpus directory that point outside it (default: refused, listed).",
)
@ocr_option
def command(files: tuple[str, ...], fmt: str, follow_symlinks: bool) -> None:
    """Extract documents, citations, tasks, indicators and units from FILES.

    JSON is one object per file (an array when several files are given).
    Bad files are reported one line each on stderr; the good ones still come out.
    """
    from ..loaders import extract_file
    from .render import print_extraction_table

    paths, errors = expand(files, follow_symlinks)
    results = []
    with ocr_progress():
        for path in paths:
            try:
                results.append(extract_file(path))
            except InputError as exc:
                errors.append(exc)
    if fmt == "json":
        payload = [r.to_dict() for r in results]
        if len(files) == 1 and len(paths) == 1 and payload:
            click.echo(json.dumps(payload[0], ensure_ascii=False, indent=2))
        elif payload or not errors:
            click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for r in results:
            print_extraction_table(r)
    for r in results:  # what could not be read, per document (also in the JSON's "warnings")
        for warning in r.warnings:
            click.echo(one_line(f"warning: {r.source.path}: {warning}"), err=True)
    for err in errors:
        click.echo(f"error: {err}", err=True)
    if errors:
        click.echo(f"{len(errors)} of {len(results) + len(errors)} input(s) failed", err=True)
        sys.exit(EXIT_INPUT)
