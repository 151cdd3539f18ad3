"""`dkg neo4j push` and `dkg cypher`: mirror the store into Neo4j, and run read-only Cypher there."""

from __future__ import annotations

import json

import click

from ..errors import EXIT_INPUT
from .errors import fail, user_errors
from .options import Neo4jOptions, format_option, neo4j_options, quiet_driver_logs, store_option
from .params import parse_params


@click.group("neo4j")
def neo4j_group() -> None:
    """Project the knowledge graph into Neo4j (see docs/neo4j.md)."""


@neo4j_group.command("push")
@store_option
@neo4j_options
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=1000, show_default=True)
@format_option(["table", "json"])
def push_command(store_spec: str | None, neo4j: Neo4jOptions, batch_size: int, fmt: str) -> None:
    """Push the store into Neo4j: only new or changed source documents are rewritten."""
    from ..neo4j import push
    from ..neo4j.connection import redact
    from ..stores import open_store

    quiet_driver_logs()
    with user_errors():
        conn = neo4j.connection()
        report = push(
            open_store(store_spec), conn["uri"], conn["user"], conn["password"], conn["database"], batch_size
        )
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("", "", title=f"Neo4j push → {redact(neo4j.uri)}")
    for key in ("nodes", "relationships", "graphs_replaced", "graphs_unchanged", "graphs_removed", "seconds"):
        table.add_row(key.replace("_", " "), str(getattr(report, key)))
    for iri in report.replaced:
        table.add_row("replaced", iri)
    for iri in report.removed:
        table.add_row("removed", iri)
    Console().print(table)


@click.command("cypher")
@click.argument("query", required=False)
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Read the query from a file.",
)
@click.option(
    "--param",
    "-p",
    "param_texts",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind $NAME (repeatable); VALUE is JSON if it parses as JSON, else a string.",
)
@format_option(["table", "csv", "json"])
@neo4j_options
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds.")
def cypher_command(
    query: str | None,
    query_file: str | None,
    param_texts: tuple[str, ...],
    fmt: str,
    neo4j: Neo4jOptions,
    timeout: float,
) -> None:
    """Run a read-only Cypher QUERY against Neo4j (writes are rejected)."""
    from ..neo4j import run_cypher
    from .render import print_result

    quiet_driver_logs()
    if query_file:
        from ..limits import read_query_file

        with user_errors():  # a regular UTF-8 file only (a FIFO or /dev/zero would hang)
            query = read_query_file(query_file)
    if not query:
        fail("give a QUERY or -f FILE", EXIT_INPUT)
    with user_errors():
        params = parse_params(param_texts)
        result = run_cypher(query, params, timeout=timeout, **neo4j.connection())
    print_result(result, fmt)
