"""The `dkg` command line: one click group over loaders, graph, rules, queries and views."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import EXIT_INPUT, InputError, user_errors
from .errors import fail as _fail

DOC_SUFFIXES = {".txt", ".md", ".pdf", ".docx"}
SUMMARY_MAX_DOCS = 500  # `dkg build` validates for its one-line summary up to this many documents


def _expand(paths: tuple[str, ...]) -> tuple[list[Path], list[InputError]]:
    """Expand directories into the documents they hold; report what is not a document."""
    files: list[Path] = []
    errors: list[InputError] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            errors.append(InputError(raw, "no such file or directory"))
        elif p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DOC_SUFFIXES
                           and f.name.upper() not in {"SOURCES.MD", "README.MD"})
            if not found:
                errors.append(InputError(raw, "directory holds no documents (.txt, .md, .pdf, .docx)"))
            files.extend(found)
        else:
            files.append(p)
    return files, errors


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dkg")
def main() -> None:
    """directive-kg: trace Resolution 57-NQ/TW from the Politburo down to commune tasks."""


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="table", show_default=True)
def extract(files: tuple[str, ...], fmt: str) -> None:
    """Extract documents, citations, tasks, indicators and units from FILES.

    JSON is one object per file (an array when several files are given).
    Bad files are reported one line each on stderr; the good ones still come out.
    """
    from .loaders import extract_file
    from .report_text import print_extraction_table

    paths, errors = _expand(files)
    results = []
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
    for r in results:  # what could not be read, per document, so that a person can check it
        for warning in r.warnings:
            click.echo(f"warning: {r.source.path}: {warning}", err=True)
    for err in errors:
        click.echo(f"error: {err}", err=True)
    if errors:
        click.echo(f"{len(errors)} of {len(results) + len(errors)} input(s) failed", err=True)
        sys.exit(EXIT_INPUT)


STORE_OPTION = click.option("--store", "store_spec", envvar="DKG_STORE", default=None,
                            help="Store path (default ./.dkg/store) or a SPARQL endpoint URL (http://…/dataset).")


def _open(store_spec: str | None):
    from .store import open_store

    return open_store(store_spec)


@main.command()
@click.argument("corpus", nargs=-1, required=True)
@STORE_OPTION
@click.option("--corrections", type=click.Path(dir_okay=False), default=None, help="YAML corrections file.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--validate/--no-validate", "summary_validation", default=None,
              help=f"Print the one-line validation summary after the build (default: only for corpora of at "
                   f"most {SUMMARY_MAX_DOCS} documents; a national corpus takes minutes, run dkg validate).")
@click.option("--answers/--no-answers", default=True, show_default=True,
              help="Keep the answers of the country-wide named queries (implementers of each central directive, "
                   "the queries without parameters) beside the store, so that dkg query reads them at once.")
def build(corpus: tuple[str, ...], store_spec: str | None, corrections: str | None, fmt: str,
          summary_validation: bool | None, answers: bool) -> None:
    """Extract, link and load CORPUS (files or directories) into the store, atomically."""
    from rich.console import Console
    from rich.progress import Progress

    from .build import build as run_build
    from .corrections import load_corrections

    with user_errors():
        fixes = load_corrections(corrections)
    paths, errors = _expand(corpus)
    roots = [Path(c) if Path(c).is_dir() else Path(c).parent for c in corpus]
    if not paths:
        for err in errors:
            click.echo(f"error: {err}", err=True)
        _fail("nothing to build")
    store = _open(store_spec)
    console = Console(stderr=True)
    with user_errors():
        if console.is_terminal and fmt == "table":
            with Progress(console=console, transient=True) as bar:
                task = bar.add_task("extracting", total=len(paths))
                report = run_build(paths, roots, store, fixes, progress=lambda p: bar.advance(task),
                                   answers=answers)
        else:
            report = run_build(paths, roots, store, fixes, answers=answers)
    report.errors = errors + report.errors
    summary = report.summary()
    if fmt == "json":
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        from .report_text import print_build_summary

        print_build_summary(summary, report.duplicates)
    if summary_validation is None:
        summary_validation = len(report.sources) <= SUMMARY_MAX_DOCS
    if not summary_validation:
        click.echo(f"validation: not run for {len(report.sources)} documents (dkg validate, or --validate)",
                   err=True)
    else:
        try:
            from .validate import one_line_summary

            click.echo(one_line_summary(store), err=True)
        except ImportError:
            pass
        except Exception as exc:  # validation trouble must not hide a successful build
            click.echo(f"validation: not run ({exc})", err=True)
    for err in report.errors:
        click.echo(f"error: {err}", err=True)
    if report.errors:
        click.echo(f"{len(report.errors)} input(s) failed; {len(report.sources)} document(s) loaded", err=True)
        sys.exit(EXIT_INPUT)


@main.command()
@STORE_OPTION
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig", "turtle", "jsonld"]), default="nquads",
              show_default=True)
@click.option("--out", default=None, metavar="FILE",
              help="Write to this file, atomically; never through a symlink (default stdout).")
def export(store_spec: str | None, fmt: str, out: str | None) -> None:
    """Export the whole dataset; N-Quads are sorted, so identical builds give identical files."""
    store = _open(store_spec)
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
            for triple in ds.triples((None, None, None, None)) if False else ds.quads((None, None, None, None)):
                merged.add(triple[:3])
            text = merged.serialize(format="turtle")
        else:
            text = ds.serialize(format="trig" if fmt == "trig" else "json-ld")
    if out:
        from .outputs import write_output

        with user_errors():
            write_output(out, text)
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(exists=True, dir_okay=False), default=None)
@STORE_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds (SPARQL servers).")
def sparql(query: str | None, query_file: str | None, store_spec: str | None, fmt: str, timeout: float) -> None:
    """Run a read-only SPARQL query (updates are rejected)."""
    from .report_text import print_result

    if query_file:
        query = Path(query_file).read_text(encoding="utf-8")
    if not query:
        _fail("give a QUERY or -f FILE")
    with user_errors():
        result = _open(store_spec).query(query, timeout=timeout)
    print_result(result, fmt)


def _register() -> None:
    """Commands that live beside their feature (datasette style): each module owns its click command."""
    from . import analytics, neo4j_graph, queries, reports, synth, trace, validate, viz

    for command in (validate.command, queries.queries_command, queries.query_command, trace.trace_command,
                    analytics.analyze_command, neo4j_graph.neo4j_group, neo4j_graph.cypher_command,
                    viz.command, reports.command, synth.command):
        main.add_command(command)


_register()

if __name__ == "__main__":  # pragma: no cover
    main()
