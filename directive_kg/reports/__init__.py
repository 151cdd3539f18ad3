"""Auditor deliverables: compliance workbook (XLSX) and printable report (HTML) (`dkg report`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..errors import InputError, user_errors
from ..outputs import write_output

FORMATS = {".xlsx": "xlsx", ".html": "html", ".htm": "html"}


def output_format(out: str) -> str:
    """'xlsx' or 'html' from the output file's suffix; any other suffix is bad usage."""
    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(out, f"unknown report format {suffix or '(no suffix)'!r}: give a .xlsx or .html file")
    return FORMATS[suffix]


def _as_of(value: str | None) -> dt.date:
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError("--as-of", f"not an ISO date (YYYY-MM-DD): {value!r}") from None


@click.command("report")
@click.option("--plan", default=None, metavar="ID", help="One local plan: identifier (10/KH-UBND), IRI or source file.")
@click.option("--province", default=None, metavar="NAME", help="Every local plan of a province (Nghệ An, nghe an).")
@click.option("--all", "all_plans", is_flag=True, help="Every local plan (the default).")
@click.option("--out", required=True, metavar="FILE.xlsx|FILE.html", help="The report file; its suffix picks the format.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option("--as-of", "as_of", default=None, metavar="DATE", help="Count tasks overdue at this ISO date (default today).")
@click.option("--store", "store_spec", envvar="DKG_STORE", default=None,
              help="Store path (default ./.dkg/store) or a SPARQL endpoint URL (http://…/dataset).")
def command(plan: str | None, province: str | None, all_plans: bool, out: str, lang: str, as_of: str | None,
            store_spec: str | None) -> None:
    """Write the audit workbook (.xlsx) or the printable report (.html) for one plan, a province or all."""
    with user_errors():
        fmt = output_format(out)
        if sum(bool(x) for x in (plan, province, all_plans)) > 1:
            raise InputError("--plan", "give only one of --plan, --province and --all")
        day = _as_of(as_of)
        from ..store import open_store
        from .data import gather

        store = open_store(store_spec)
        if hasattr(store, "exists") and not store.exists():
            raise InputError(str(store.path), "no store here yet: run 'dkg build CORPUS' first")
        data = gather(store, plan=plan, province=province, lang=lang, as_of=day)
        if fmt == "xlsx":
            from .xlsx import workbook_bytes

            payload: bytes | str = workbook_bytes(data)
        else:
            from .html import render_html

            payload = render_html(data)
        # atomic (temporary file + os.replace), never through a symlink: the project's output policy
        write_output(out, payload)
    counts = ", ".join(f"{k} {len(t.rows)}" for k, t in data.tables.items())
    click.echo(f"wrote {out} ({counts})", err=True)


__all__ = ["command", "output_format"]
