"""Connecting to Neo4j: the driver for a checked URI, retries of transient failures, errors as ServiceError."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from neo4j import Driver

from ..errors import InputError, ServiceError

DEFAULT_URI = "bolt://127.0.0.1:7687"
URI_SCHEME = re.compile(r"^(bolt|neo4j)(\+s|\+ssc)?://[^\s]+$", re.I)
RETRY_TRIES = 4
RETRY_BASE_SECONDS = 0.25  # backoff 0.25 s, 0.5 s, 1 s between the 4 tries
CONNECTION_TIMEOUT = 5.0

T = TypeVar("T")


def redact(uri: str) -> str:
    return re.sub(r"//[^/@]*@", "//", uri)


def first_line(exc: BaseException, limit: int = 300) -> str:
    """The error message on one line (lines joined), shortened to `limit` characters."""
    message = str(getattr(exc, "message", None) or exc or "").strip()
    text = " ".join(line.strip() for line in message.splitlines() if line.strip()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def driver(uri: str, user: str | None, password: str | None) -> Driver:
    """A driver for a checked URI (no credentials inside it); nothing is contacted yet."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import ConfigurationError

    auth = (user, password or "") if user else None
    if not URI_SCHEME.match(uri or ""):
        raise InputError(
            redact(uri or "<uri>"), "not a Neo4j URI: use bolt://, neo4j:// (or +s / +ssc for TLS)"
        )
    if re.search(r"//[^/@]*@", uri):  # a password in a URI ends up in shell history and process lists
        raise InputError(
            redact(uri),
            "credentials in the URI are refused: use DKG_NEO4J_USER and "
            "DKG_NEO4J_PASSWORD (or --ask-password)",
        )
    try:
        return GraphDatabase.driver(
            uri,
            auth=auth,
            connection_timeout=CONNECTION_TIMEOUT,
            notifications_min_severity="OFF",
            user_agent="directive-kg",
        )
    except (ConfigurationError, ValueError) as exc:
        raise InputError(redact(uri), f"not a usable Neo4j URI: {first_line(exc)}") from None


def with_retries(
    work: Callable[[], T],
    tries: int = RETRY_TRIES,
    base: float = RETRY_BASE_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run `work`, retrying transient failures with exponential backoff (base, 2·base, 4·base, …)."""
    from neo4j.exceptions import ServiceUnavailable, SessionExpired, TransientError

    for attempt in range(1, tries + 1):
        try:
            return work()
        except (ServiceUnavailable, SessionExpired, TransientError):
            if attempt >= tries:
                raise
            sleep(base * 2 ** (attempt - 1))
    raise AssertionError("unreachable")  # pragma: no cover


def service_error(exc: BaseException, uri: str) -> ServiceError:
    from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired, TransientError

    where = f"Neo4j at {redact(uri)}"
    if isinstance(exc, AuthError):
        return ServiceError(f"{where} refused the credentials (check DKG_NEO4J_USER / DKG_NEO4J_PASSWORD)")
    if isinstance(exc, ServiceUnavailable | SessionExpired):
        return ServiceError(f"{where} is unreachable after {RETRY_TRIES} tries: {first_line(exc)}")
    if isinstance(exc, TransientError):
        return ServiceError(f"{where} kept failing transiently after {RETRY_TRIES} tries: {first_line(exc)}")
    return ServiceError(f"{where} failed: {first_line(exc)}")


def neo4j_errors() -> tuple[type[BaseException], ...]:
    from neo4j.exceptions import DriverError, Neo4jError

    return (Neo4jError, DriverError, OSError)
