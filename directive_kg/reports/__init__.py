"""Auditor deliverables: compliance workbook (XLSX) and printable report (HTML) (`dkg report`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..outputs import write_output

FORMATS = {".xlsx": "xlsx", ".html": "html", ".htm": "html", ".pdf": "pdf"}


def output_format(out: str) -> str:
    """'xlsx' or 'html' from the output file's suffix; any other suffix is bad usage."""
    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            out, f"unknown report format {suffix or '(no suffix)'!r}: give a .xlsx, .html or .pdf file"
        )
    return FORMATS[suffix]


def _as_of(value: str | None) -> dt.date:
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError("--as-of", f"not an ISO date (YYYY-MM-DD): {value!r}") from None


def write_report(
    out: str,
    store_spec: str | None,
    plan: str | None = None,
    province: str | None = None,
    all_plans: bool = False,
    lang: str = "vi",
    as_of: str | None = None,
    roots: list[Path] | None = None,
) -> Any:
    """Gather the report data for one plan, a province or all, and write it to `out` (.xlsx, .html or .pdf).

    `roots` are the corpus folders the PDF's annex quotes the source lines from (default: the current one).

    Returns the data written (its tables say how many rows each sheet got).
    """
    fmt = output_format(out)
    if sum(bool(x) for x in (plan, province, all_plans)) > 1:
        raise InputError("--plan", "give only one of --plan, --province and --all")
    day = _as_of(as_of)
    from ..stores import open_store
    from .data import gather

    store = open_store(store_spec)
    store.require()
    data = gather(store, plan=plan, province=province, lang=lang, as_of=day)
    if fmt == "xlsx":
        from .xlsx import workbook_bytes

        payload: bytes | str = workbook_bytes(data)
    elif fmt == "pdf":
        from .pdf import render_pdf

        payload = render_pdf(data, store, roots)[0]
    else:
        from .html import render_html

        payload = render_html(data)
    # atomic (temporary file + os.replace), never through a symlink: the project's output policy
    write_output(out, payload)
    return data


__all__ = ["output_format", "write_report"]
