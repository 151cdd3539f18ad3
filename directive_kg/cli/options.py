"""Options more than one command takes, declared once: --store, --format, --no-ocr and the Neo4j connection.

The Neo4j options read one set of environment variables for every command (`NEO4J_ENV`);
`scripts/services.sh env` prints exactly these names.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from ..errors import InputError
from ..neo4j.connection import DEFAULT_URI

F = TypeVar("F", bound=Callable[..., Any])

STORE_ENV = "DKG_STORE"
OCR_ENV = "DKG_OCR"  # read by loaders/scan.py, in this process and in the worker processes
NEO4J_ENV = {
    "uri": "DKG_NEO4J_URI",
    "user": "DKG_NEO4J_USER",
    "password": "DKG_NEO4J_PASSWORD",
    "database": "DKG_NEO4J_DATABASE",
}

store_option = click.option(
    "--store",
    "store_spec",
    envvar=STORE_ENV,
    default=None,
    help=f"Store path (default ./.dkg/store) or a SPARQL endpoint URL (http://…/dataset); env {STORE_ENV}.",
)

allow_service_option = click.option(
    "--allow-service",
    is_flag=True,
    help="Let the query use SPARQL SERVICE, which makes the store connect to the servers it names "
    "(refused by default).",
)


def _export_ocr(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    """The choice goes into the environment: decoding runs deep in the loaders and in worker processes."""
    os.environ[OCR_ENV] = "1" if value else "0"
    return value


ocr_option = click.option(
    "--ocr/--no-ocr",
    envvar=OCR_ENV,
    default=True,
    show_default=True,
    expose_value=False,
    callback=_export_ocr,
    help=f"Read a PDF without a text layer by OCR (Tesseract, Vietnamese; pages cached in "
    f"DKG_OCR_CACHE); --no-ocr refuses it instead (env {OCR_ENV}=0).",
)


@contextmanager
def ocr_progress() -> Iterator[None]:
    """A progress bar on stderr (when it is a terminal) for the pages being OCR'd inside this block."""
    from rich.console import Console
    from rich.progress import Progress

    from ..loaders import scan

    console = Console(stderr=True)
    if not console.is_terminal:
        yield
        return
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("OCR (pages)", total=None, visible=False)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, visible=done < total)

        with scan.reporting(advance):
            yield


def format_option(choices: Sequence[str], default: str | None = None) -> Callable[[F], F]:
    """`--format` with these choices (the first is the default unless `default` says otherwise)."""
    return click.option(
        "--format", "fmt", type=click.Choice(list(choices)), default=default or choices[0], show_default=True
    )


@dataclass(frozen=True)
class Neo4jOptions:
    """Where Neo4j is and who connects; the password is read only when `connection()` is called."""

    uri: str
    user: str | None
    database: str | None
    ask_password: bool

    def connection(self) -> dict[str, Any]:
        """uri, user, password, database for the engines (neo4j.push, neo4j.run_cypher, queries.run).

        The password comes only from DKG_NEO4J_PASSWORD or a hidden prompt (--ask-password), never from
        an option: command lines end up in shell histories and process lists.
        """
        password = os.environ.get(NEO4J_ENV["password"]) or None
        if self.ask_password:
            password = (
                click.prompt("Neo4j password", hide_input=True, default="", show_default=False, err=True)
                or None
            )
        user = self.user
        if password and not user:
            user = "neo4j"
        if user and password is None:
            raise InputError("--user", f"no password: set {NEO4J_ENV['password']} or use --ask-password")
        return {"uri": self.uri, "user": user, "password": password, "database": self.database}


def neo4j_options(function: F) -> F:
    """--uri, --user, --database and --ask-password, handed to the command as one `neo4j` (Neo4jOptions)."""

    @functools.wraps(function)
    def wrapper(
        *args: Any, uri: str, user: str | None, database: str | None, ask_password: bool, **kwargs: Any
    ) -> Any:
        return function(*args, neo4j=Neo4jOptions(uri, user, database, ask_password), **kwargs)

    for option in reversed(
        [
            click.option(
                "--uri",
                envvar=NEO4J_ENV["uri"],
                default=DEFAULT_URI,
                show_default=True,
                help=f"Neo4j Bolt URI (env {NEO4J_ENV['uri']}): bolt://, neo4j://, neo4j+s:// (Aura).",
            ),
            click.option(
                "--user",
                envvar=NEO4J_ENV["user"],
                default=None,
                help=f"Neo4j user (env {NEO4J_ENV['user']}); the password comes from "
                f"{NEO4J_ENV['password']} or --ask-password.",
            ),
            click.option(
                "--database",
                envvar=NEO4J_ENV["database"],
                default=None,
                help=f"Neo4j database (env {NEO4J_ENV['database']}; default: the server's default).",
            ),
            click.option(
                "--ask-password", is_flag=True, help="Prompt for the Neo4j password (input hidden)."
            ),
        ]
    ):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]


def quiet_driver_logs() -> None:
    """The Neo4j driver logs connection trouble itself; the commands say it in one line."""
    import logging

    logging.getLogger("neo4j").setLevel(logging.CRITICAL)
