"""User-facing errors and the exit codes the command line documents.

A user error is never a traceback: it is one line naming the file, the place
in it and the reason, and a documented exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NoReturn

import click

EXIT_OK = 0
EXIT_FINDINGS = 1  # validate: findings at or above --fail-on
EXIT_INPUT = 2  # bad input, bad usage, or a failed batch member
EXIT_SERVICE = 3  # a server (Neo4j, SPARQL endpoint) failed or went away


@dataclass
class InputError(Exception):
    """Bad input: the file, where in it (line, page, part or '-') and why."""

    path: str
    reason: str
    place: str = "-"

    def __str__(self) -> str:
        return f"{self.path}:{self.place}: {self.reason}"


class ServiceError(Exception):
    """A store or server could not be reached or refused the request."""


def fail(message: str, code: int = EXIT_INPUT) -> NoReturn:
    """Print one `error:` line on stderr and leave with a documented exit code."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the two user-facing errors into one line and their exit code, never a traceback.

    Every command wraps its work in this, so the mapping from error to exit code
    lives in one place.
    """
    try:
        yield
    except InputError as exc:
        fail(str(exc), EXIT_INPUT)
    except ServiceError as exc:
        fail(str(exc), EXIT_SERVICE)
