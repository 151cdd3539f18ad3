"""User-facing errors and the exit codes the command line documents.

A user error is never a traceback: it is one line naming the file, the place
in it and the reason, and a documented exit code. The command line (cli/errors.py) maps these
exceptions to the codes below; engines only raise them.
"""

from __future__ import annotations

from dataclasses import dataclass

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
        from .messages import clean  # names are data: one error is one line (messages.py)

        return clean(f"{self.path}:{self.place}: {self.reason}")


class ServiceError(Exception):
    """A store or server could not be reached or refused the request."""
