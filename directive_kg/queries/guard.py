"""Refuse SPARQL `SERVICE` (federated queries) on every read path unless the user opts in.

Why (issue 22): `dkg sparql '… SERVICE SILENT <http://127.0.0.1:8765/x> …'` made the tool (and Fuseki,
three times with retries) connect to any address the query names — a server-side request forgery
when queries come from someone else. `dkg serve` takes queries from anyone who reaches it and refuses
them over HTTP with `uses_service` (400) unless started with `--allow-service`. Every query goes through `OxigraphStore.query` /
`SparqlStore.query`, and both call `refuse_service` (via `stores.base.reject_updates`), so `dkg sparql`,
`dkg sparql -f`, named queries and any later entry point are covered. `services_allowed()` (the
command line's `--allow-service`) lifts the refusal for one command.

The check reads the query as SPARQL tokens, not as raw text: `\\uXXXX` escapes are decoded first
(SPARQL allows them anywhere), then strings, IRIs and comments are skipped, and `SERVICE` must be a
keyword (not `?service`, not `ex:SERVICE`).
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Iterator

from ..errors import InputError

_ALLOWED: contextvars.ContextVar[bool] = contextvars.ContextVar("dkg_allow_service", default=False)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_KEYWORD = re.compile(r"(?<![?$\w:.-])SERVICE(?![\w:-])", re.I)
_STRING = re.compile(
    r"'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"",
    re.S,
)


@contextlib.contextmanager
def services_allowed(allowed: bool = True) -> Iterator[None]:
    """Let queries in this block use SERVICE (the user asked for it with --allow-service)."""
    token = _ALLOWED.set(allowed)
    try:
        yield
    finally:
        _ALLOWED.reset(token)


def code_only(query: str) -> str:
    """The query with escapes decoded and every string, IRI and comment blanked out."""
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)
    out: list[str] = []
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch == "#":
            end = text.find("\n", pos)
            pos = len(text) if end < 0 else end
            out.append(" ")
            continue
        if ch in "'\"":
            match = _STRING.match(text, pos)
            if match:
                pos = match.end()
                out.append(" ")
                continue
        if ch == "<":
            match = _IRI.match(text, pos)
            if match:
                pos = match.end()
                out.append(" ")
                continue
        out.append(ch)
        pos += 1
    return "".join(out)


def uses_service(query: str) -> bool:
    """Whether the query has the SERVICE keyword (a federated query), read as SPARQL tokens."""
    return _KEYWORD.search(code_only(query)) is not None


def refuse_service(query: str) -> None:
    """InputError (exit 2) when the query calls another server with SERVICE and that was not allowed."""
    if _ALLOWED.get():
        return
    if uses_service(query):
        raise InputError(
            "<query>",
            "SERVICE (a query sent on to another server) is refused: give --allow-service to allow it",
        )
