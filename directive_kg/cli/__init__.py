"""The `dkg` command line: one click group over loaders, graph, rules, queries and views.

Only this package talks to the terminal: the engines return dataclasses and raise `InputError` /
`ServiceError`, which `errors.user_errors` turns into one line and an exit code. Shared options
(--store, --format, the Neo4j connection) are declared once in `options.py`; `render.py` draws
tables and summaries.

Adding a command: write `cli/NAME.py` with a click command (a docstring, which is its help text,
and `store_option` / `format_option` / `neo4j_options` from `options.py` where it takes them), then
add one `"module:attribute"` line to `COMMANDS` below and run `scripts/gen_cli_docs.py` to add its
section to docs/cli.md (tests/test_docs.py checks that every command has help and a section).
"""

from __future__ import annotations

from importlib import import_module

import click

from .. import __version__

# one line per command ("module:attribute" in this package); click lists them sorted by name
COMMANDS = [
    "extract:command",
    "build:command",
    "export:command",
    "sparql:command",
    "validate:command",
    "queries:queries_command",
    "queries:query_command",
    "trace:trace_command",
    "analyze:command",
    "neo4j:neo4j_group",
    "neo4j:cypher_command",
    "viz:command",
    "report:command",
    "synth:command",
    "serve:command",
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dkg")
def main() -> None:
    """directive-kg: trace Resolution 57-NQ/TW from the Politburo down to commune tasks."""


def _register() -> None:
    for entry in COMMANDS:
        module, attribute = entry.split(":")
        main.add_command(getattr(import_module(f"{__name__}.{module}"), attribute))


_register()

if __name__ == "__main__":  # pragma: no cover
    main()
