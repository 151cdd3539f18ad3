"""Readable terminal summaries (rich) of an Extraction, for `dkg extract --format table`."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .model import Extraction


def print_extraction_table(ex: Extraction, console: Console | None = None) -> None:
    console = console or Console()
    d = ex.document
    console.rule(f"[bold]{ex.source.path}")
    console.print(f"[bold]{d.identifier or '(no number)'}[/] {d.kind} — {d.title or ''}")
    console.print(f"issuer: {d.issuer.name} ({d.issuer.level}, {d.issuer.body}); province: {d.province}; date: {d.date}"
                  + ("  [yellow](OCR text)[/]" if ex.source.ocr_suspect else ""))
    refs = Table("cited", "relation", "resolved", "note", title="References")
    for r in ex.references:
        refs.add_row(r.identifier, r.relation, "yes" if r.resolved else "[red]no[/]", r.note or "")
    console.print(refs)
    tasks = Table("id", "group", "task", "lead unit", "deadline", title=f"Tasks ({len(ex.tasks)})")
    for t in ex.tasks:
        tasks.add_row(t.id, t.group or "", (t.text[:70] + "…") if len(t.text) > 70 else t.text,
                      t.lead_unit or "[dim]—[/]", t.deadline or "[dim]—[/]")
    console.print(tasks)
    inds = Table("indicator", "unit", "targets", title=f"Indicators ({len(ex.indicators)})")
    for i in ex.indicators:
        inds.add_row(i.name[:70], i.unit or "", ", ".join(f"{t.year}: {t.comparator} {t.value:g}" for t in i.targets))
    console.print(inds)
    console.print("units: " + "; ".join(f"{u.name} ({', '.join(u.roles)})" for u in ex.units))
    for w in ex.warnings:
        console.print(f"[yellow]unsure:[/] {w}")


def print_build_summary(summary: dict, duplicates: list[str], console: Console | None = None) -> None:
    console = console or Console()
    table = Table("", "", title="Build")
    for key in ("documents", "tasks", "central_tasks", "indicators", "targets", "units", "references_resolved",
                "triples", "seconds"):
        table.add_row(key.replace("_", " "), str(summary.get(key)))
    table.add_row("references unresolved", "\n".join(summary["references_unresolved"]) or "0")
    table.add_row("alignments", ", ".join(f"{k}: {v}" for k, v in sorted(summary["alignments"].items())))
    console.print(table)
    for d in duplicates:
        console.print(f"[yellow]{d}[/]")


def print_result(result, fmt: str, console: Console | None = None) -> None:
    """Print a QueryResult as a table, CSV or JSON (list of objects)."""
    import csv
    import json
    import sys

    if fmt == "json":
        rows = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(result.columns)
        writer.writerows(result.rows)
    else:
        console = console or Console()
        table = Table(*result.columns)
        for row in result.rows:
            table.add_row(*["" if v is None else str(v) for v in row])
        console.print(table)
        console.print(f"{len(result.rows)} row(s)")
