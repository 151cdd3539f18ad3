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
