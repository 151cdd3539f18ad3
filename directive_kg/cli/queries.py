"""`dkg queries` and `dkg query`: list the named queries, and run one on the store (SPARQL) or on Neo4j (Cypher)."""

from __future__ import annotations

import click

from .errors import fail, user_errors
from .options import (
    Neo4jOptions,
    allow_service_option,
    format_option,
    neo4j_options,
    quiet_driver_logs,
    store_option,
)
from .params import parse_params


@click.command("queries")
def queries_command() -> None:
    """List the named queries, their parameters and what they answer."""
    from ..queries import list_queries

    for q in list_queries():
        params = " ".join(f"{p.name}=…" if p.required else f"[{p.name}=…]" for p in q.params)
        click.echo(f"{q.name} {params}".rstrip())
        click.echo(f"    {q.description}")
        for p in q.params:
            click.echo(f"    {p.name} ({'required' if p.required else 'optional'}): {p.help}")


@click.command("query")
@click.argument("name")
@click.option(
    "--param",
    "-p",
    "param_items",
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter (repeatable).",
)
@store_option
@format_option(["table", "csv", "json"])
@click.option("--engine", type=click.Choice(["sparql", "neo4j"]), default="sparql", show_default=True)
@neo4j_options
@click.option(
    "--excel",
    is_flag=True,
    help="CSV for Excel: UTF-8 with a byte-order mark, so Vietnamese text opens ungarbled "
    "(implies --format csv).",
)
@click.option(
    "--fresh",
    is_flag=True,
    help="Evaluate the SPARQL now, even when dkg build kept this answer "
    "beside the store (the kept answer is the same, only faster).",
)
@allow_service_option
def query_command(
    name: str,
    param_items: tuple[str, ...],
    store_spec: str | None,
    fmt: str,
    engine: str,
    neo4j: Neo4jOptions,
    excel: bool,
    fresh: bool,
    allow_service: bool,
) -> None:
    """Run the named query NAME (see `dkg queries`) with --param NAME=VALUE parameters."""
    from ..queries import get_query, run
    from ..queries.guard import services_allowed
    from ..stores import open_store
    from .render import print_result

    with user_errors(), services_allowed(allow_service):
        params = {k: str(v) for k, v in parse_params(param_items, typed=False).items()}
        get_query(name)
        connection = None
        store = None
        if engine == "neo4j":
            quiet_driver_logs()
            connection = neo4j.connection()
        else:
            store = open_store(store_spec)
        try:
            result = run(name, params, store, engine=engine, neo4j=connection, fresh=fresh)
        except ImportError as exc:
            fail(f"engine {engine} is not available ({exc})")
        if not result.rows and store is not None:
            from ..queries.known import unknown_parameter

            if (message := unknown_parameter(store, name, params)) is not None:
                fail(f"{name}: {message}")
    print_result(result, "csv" if excel else fmt, excel=excel)
