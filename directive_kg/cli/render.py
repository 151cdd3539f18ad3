"""Terminal rendering (rich): an Extraction as tables, the build summary, and query results as table, CSV or JSON."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import Extraction, UnresolvedCitation
from ..stores import QueryResult

UNRESOLVED_SHOWN = (
    10  # cited identifiers listed in the build table; the rest: dkg query unresolved-references
)
UNRESOLVED_EXAMPLES = 2  # citing documents named per cited identifier


def print_extraction_table(ex: Extraction, console: Console | None = None) -> None:
    console = console or Console()
    d = ex.document
    console.rule(f"[bold]{ex.source.path}")
    console.print(f"[bold]{d.identifier or '(no number)'}[/] {d.kind} — {d.title or ''}")
    console.print(
        f"issuer: {d.issuer.name} ({d.issuer.level}, {d.issuer.body}); province: {d.province}; date: {d.date}"
        + ("  [yellow](OCR text)[/]" if ex.source.ocr_suspect else "")
    )
    refs = Table("cited", "relation", "resolved", "note", title="References")
    for r in ex.references:
        refs.add_row(r.identifier, r.relation, "yes" if r.resolved else "[red]no[/]", r.note or "")
    console.print(refs)
    tasks = Table("id", "group", "task", "lead unit", "deadline", title=f"Tasks ({len(ex.tasks)})")
    for t in ex.tasks:
        tasks.add_row(
            t.id,
            t.group or "",
            (t.text[:70] + "…") if len(t.text) > 70 else t.text,
            t.lead_unit or "[dim]—[/]",
            t.deadline or "[dim]—[/]",
        )
    console.print(tasks)
    inds = Table("indicator", "unit", "targets", title=f"Indicators ({len(ex.indicators)})")
    for i in ex.indicators:
        inds.add_row(
            i.name[:70], i.unit or "", ", ".join(f"{t.year}: {t.comparator} {t.value:g}" for t in i.targets)
        )
    console.print(inds)
    console.print("units: " + "; ".join(f"{u.name} ({', '.join(u.roles)})" for u in ex.units))
    for w in ex.warnings:
        console.print(f"[yellow]unsure:[/] {w}")


def group_unresolved(entries: Iterable[UnresolvedCitation | str]) -> list[tuple[str, list[str]]]:
    """Group the build summary's unresolved citations by cited identifier, most-cited first.

    Why: the build reports one UnresolvedCitation per citing document (graph/builder.py; the JSON
    summary keeps them as "IDENTIFIER (in CITING)" strings, read back here); at national scale that
    is thousands of lines, mostly the same few identifiers cited by every commune plan. Grouping
    turns it into what a reader wants: which identifiers are missing and how widely they are cited.

    Returns (identifier, citing documents) pairs, every pair and name kept (strings untouched, so
    Vietnamese identifiers stay exactly as built), ordered by the number of citing documents
    (descending) and then by identifier. Citing documents are sorted with document numbers before
    file paths (the builder names a document without a number by its path), so examples read well.
    An entry not in the builder's format counts as an identifier with no known citing document.
    """
    groups: dict[str, set[str]] = {}
    for entry in entries:
        citation = UnresolvedCitation.parse(entry) if isinstance(entry, str) else entry
        names = groups.setdefault(citation.identifier, set())
        if citation.citing is not None:
            names.add(citation.citing)
    return sorted(
        (
            (ident, sorted(names, key=lambda n: (PurePath(n).suffix != "", n)))
            for ident, names in groups.items()
        ),
        key=lambda g: (-len(g[1]), g[0]),
    )


def unresolved_lines(
    entries: Iterable[UnresolvedCitation | str],
    shown: int = UNRESOLVED_SHOWN,
    examples: int = UNRESOLVED_EXAMPLES,
) -> list[str]:
    """The human form of the unresolved citations: a total, the `shown` most-cited identifiers, a pointer.

    Why: the build table must stay readable for 6 documents and for 3,353; the full list is a
    query away (`dkg query unresolved-references`) and in `dkg build --format json`.
    """
    groups = group_unresolved(entries)
    if not groups:
        return []

    def plural(n: int, word: str) -> str:
        return f"{n:,} {word}{'' if n == 1 else 's'}"

    citations = sum(max(len(names), 1) for _, names in groups)
    lines = [f"{plural(citations, 'citation')} of {plural(len(groups), 'identifier')}"]
    for identifier, names in groups[:shown]:
        if not names:
            lines.append(identifier)
            continue
        cited_by = ", ".join(names[:examples]) + (", …" if len(names) > examples else "")
        lines.append(f"{identifier} — {plural(len(names), 'document')} ({cited_by})")
    if len(groups) > shown:
        more = plural(len(groups) - shown, "cited identifier").replace(" ", " more ", 1)
        lines.append(f"… and {more}: dkg query unresolved-references")
    return lines


def answers_line(answers: dict) -> str:
    """The query answers the build kept beside the store (stores/answers.py), in one or two lines."""
    kept = answers.get("kept", [])
    line = (
        f"{len(kept)} ({sum(a['rows'] for a in kept):,} rows; dkg query reads them, --fresh asks the store)"
    )
    if answers.get("failed"):
        line += f"\nnot kept (answered live): {'; '.join(answers['failed'])}"
    return line


def print_build_summary(
    summary: dict,
    duplicates: list[str],
    console: Console | None = None,
    unresolved: list[UnresolvedCitation] | None = None,
) -> None:
    """The build table; `unresolved` (the build's citations) is used as is, else the summary's strings."""
    console = console or Console()
    citations = unresolved if unresolved is not None else summary["references_unresolved"]
    table = Table("", "", title="Build")
    for key in (
        "documents",
        "tasks",
        "central_tasks",
        "indicators",
        "targets",
        "units",
        "references_resolved",
        "triples",
        "seconds",
    ):
        table.add_row(key.replace("_", " "), str(summary.get(key)))
    # Text, not markup: identifiers and paths are data ("[" must not be read as rich markup)
    table.add_row("references unresolved", Text("\n".join(unresolved_lines(citations)) or "0"))
    table.add_row("alignments", ", ".join(f"{k}: {v}" for k, v in sorted(summary["alignments"].items())))
    if answers := summary.get("answers"):
        table.add_row("answers kept", Text(answers_line(answers)))
    console.print(table)
    for d in duplicates:
        console.print(f"[yellow]{d}[/]")


def print_result(result: QueryResult, fmt: str, console: Console | None = None, excel: bool = False) -> None:
    """Print a QueryResult as a table, CSV or JSON (list of objects).

    `excel`: the CSV starts with a UTF-8 byte-order mark and ends lines with CRLF — without the mark,
    Excel reads UTF-8 as the Windows code page and garbles Vietnamese. The table takes the terminal's
    width (COLUMNS when set, e.g. when piped) and folds long values instead of cutting them.
    """
    import json
    import shutil
    import sys

    if fmt == "json":
        rows = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        if excel:
            if hasattr(sys.stdout, "reconfigure"):  # Excel's CSV: UTF-8 whatever the console's code page
                sys.stdout.reconfigure(encoding="utf-8")
            sys.stdout.write("\ufeff")
        from ..csvsafe import write_csv

        write_csv(sys.stdout, result.columns, result.rows)  # formula cells neutralised (OWASP)
    else:
        console = console or Console(width=shutil.get_terminal_size((120, 24)).columns)
        table = Table(*result.columns)
        for column in table.columns:
            column.overflow = "fold"
        for row in result.rows:
            table.add_row(*["" if v is None else str(v) for v in row])
        console.print(table)
        console.print(f"{len(result.rows)} row(s)")
