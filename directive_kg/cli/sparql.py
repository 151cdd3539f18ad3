"""`dkg sparql`: a read-only SPARQL query against the store."""

from __future__ import annotations

import click

from .errors import fail, user_errors
from .options import allow_service_option, format_option, store_option


@click.command("sparql")
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(exists=True, dir_okay=False), default=None)
@store_option
@format_option(["table", "csv", "json"])
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    help="Seconds; the query is stopped then (the embedded store runs it in a process that is killed).",
)
@allow_service_option
@click.option(
    "--excel", is_flag=True, help="CSV for Excel: UTF-8 with a byte-order mark (implies --format csv)."
)
def command(
    query: str | None,
    query_file: str | None,
    store_spec: str | None,
    fmt: str,
    timeout: float,
    allow_service: bool,
    excel: bool,
) -> None:
    """Run a read-only SPARQL query (updates are rejected)."""
    from ..stores import open_store
    from .render import print_result

    if query_file:
        from ..limits import read_query_file

        with user_errors():  # a regular UTF-8 file only (a FIFO or /dev/zero would hang)
            query = read_query_file(query_file)
    if not query:
        fail("give a QUERY or -f FILE")
    from ..deadline import run_with_deadline
    from ..queries.guard import services_allowed

    with user_errors(), services_allowed(allow_service):
        store = open_store(store_spec)
        if not store.supports_timeout:  # Oxigraph cannot be interrupted, so a child is killed
            result = run_with_deadline(lambda: store.query(query, timeout=timeout), timeout)
        else:
            result = store.query(query, timeout=timeout)
    print_result(result, "csv" if excel else fmt, excel=excel)
