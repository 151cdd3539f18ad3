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
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds (SPARQL servers).")
@allow_service_option
def command(
    query: str | None,
    query_file: str | None,
    store_spec: str | None,
    fmt: str,
    timeout: float,
    allow_service: bool,
) -> None:
    """Run a read-only SPARQL query (updates are rejected)."""
    from ..store import open_store
    from .render import print_result

    if query_file:
        from ..limits import read_query_file

        with user_errors():  # a regular UTF-8 file only (a FIFO or /dev/zero would hang)
            query = read_query_file(query_file)
    if not query:
        fail("give a QUERY or -f FILE")
    from ..queries.guard import services_allowed

    with user_errors(), services_allowed(allow_service):
        result = open_store(store_spec).query(query, timeout=timeout)
    print_result(result, fmt)
