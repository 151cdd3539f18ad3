"""`dkg serve`: a read-only SPARQL endpoint and query page over the embedded store."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from .errors import user_errors
from .options import allow_service_option, store_option


@click.command("serve")
@store_option
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface)."
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="Port (0: any free one)."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds a query may run.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=100_000,
    show_default=True,
    help="Largest result (rows or triples) answered.",
)
@click.option(
    "--workers", type=click.IntRange(1, 64), default=2, show_default=True, help="Queries evaluated at once."
)
@click.option(
    "--corpus",
    multiple=True,
    type=click.Path(file_okay=False),
    help="Corpus root(s) for source excerpts in the views (default: the current directory).",
)
@allow_service_option
def command(
    store_spec: str | None,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    workers: int,
    corpus: tuple[str, ...],
    allow_service: bool,
) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint (/sparql) with a query page (/) and the views."""
    import os

    from ..serve import Limits, Server
    from ..stores import DEFAULT_STORE

    with user_errors():
        spec = store_spec or os.environ.get("DKG_STORE") or DEFAULT_STORE
        if spec.startswith(("http://", "https://")):
            raise InputError(
                spec, "dkg serve serves the embedded store; a SPARQL server is an endpoint already"
            )
        server = Server(
            Path(spec),
            host,
            port,
            Limits(timeout=timeout, max_rows=max_rows, workers=workers),
            [Path(c) for c in corpus] or [Path.cwd()],
            allow_service=allow_service,
        )
    click.echo(f"SPARQL endpoint {server.url}/sparql · query page {server.url}/ · Ctrl-C stops", err=True)
    try:
        server.run()
    except KeyboardInterrupt:
        server.close()
