"""The one mapping from errors to exit codes: a user error is one `error:` line on stderr, never a traceback.

Engines raise `InputError` (bad input or usage: exit 2) and `ServiceError` (a server failed: exit 3);
`dkg validate` exits 1 on findings (errors.py holds the codes). Commands wrap their work in
`user_errors()`, so the mapping lives here only.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import click

from ..errors import EXIT_INPUT, EXIT_SERVICE, InputError, ServiceError
from ..messages import clean

EXIT_CODES: dict[type[Exception], int] = {InputError: EXIT_INPUT, ServiceError: EXIT_SERVICE}


def fail(message: str, code: int = EXIT_INPUT) -> NoReturn:
    """Print one `error:` line on stderr and leave with a documented exit code."""
    click.echo(f"error: {clean(message)}", err=True)
    sys.exit(code)


@contextmanager
def user_errors(unexpected: str | None = None) -> Iterator[None]:
    """Turn the user-facing errors into one line and their exit code, never a traceback.

    `unexpected`: also turn any other exception into one line "UNEXPECTED: Type: message" (exit 2),
    for commands whose engines call libraries that raise their own errors on bad data (pyshacl).
    """
    try:
        yield
    except (InputError, ServiceError) as exc:
        fail(str(exc), next(code for kind, code in EXIT_CODES.items() if isinstance(exc, kind)))
    except Exception as exc:  # noqa: BLE001 - the command-line boundary: one line, a documented code
        if unexpected is None:
            raise
        fail(f"{unexpected}: {type(exc).__name__}: {exc}", EXIT_INPUT)
