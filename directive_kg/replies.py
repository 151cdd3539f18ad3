"""Reading a SPARQL server's reply: streamed with a size cap, checked, and its failures named.

Why (issue 22): a reply was read whole into memory (a 300 MB reply took 1.1 GB); a non-JSON,
redirected or malformed reply ended in a `JSONDecodeError` / `KeyError` traceback; CONSTRUCT sent to
a server came back as RDF and crashed the same way; a server's timeout was retried three times and
reported as "cannot reach the server". Here:

* `read_capped` reads the body in 1 MiB chunks and stops with one line past `DKG_MAX_REPLY_BYTES`
  (default 512 MiB);
* `results` turns the body into SPARQL JSON results or a `ServiceError` (exit 3) naming what came back;
* `is_timeout` tells a timeout (not retried: the server is busy with the same query) from a refused
  or dropped connection (retried);
* `graph_form` spots CONSTRUCT/DESCRIBE, which a server store refuses up front (exit 2).
"""

from __future__ import annotations

import json
import os
import re
import socket
from typing import Any

from .errors import InputError, ServiceError

REPLY_ENV, DEFAULT_REPLY = "DKG_MAX_REPLY_BYTES", 512 * 1024 * 1024
CHUNK = 1024 * 1024
# IRIs are blanked by code_only before this runs
_GRAPH_FORM = re.compile(r"^\s*(?:(?:PREFIX\s+\S*|BASE)\s*)*(CONSTRUCT|DESCRIBE)\b", re.I)


def reply_limit() -> int:
    raw = os.environ.get(REPLY_ENV, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_REPLY


def read_capped(stream: Any, url: str) -> bytes:
    """The body of an HTTP reply, read chunk by chunk; ServiceError when it passes the cap."""
    limit = reply_limit()
    chunks: list[bytes] = []
    total = 0
    while chunk := stream.read(CHUNK):
        total += len(chunk)
        if total > limit:
            raise ServiceError(
                f"{url}: the reply is larger than {limit // (1024 * 1024)} MiB ({REPLY_ENV}); "
                "narrow the query (LIMIT) or raise the limit"
            )
        chunks.append(chunk)
    return b"".join(chunks)


def results(body: bytes, url: str, content_type: str = "") -> dict[str, Any]:
    """SPARQL JSON results (`boolean`, or `head.vars` + `results.bindings`), checked."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        shown = " ".join(body[:80].decode("utf-8", "replace").split())
        raise ServiceError(
            f"{url}: the reply is not SPARQL JSON results ({content_type or 'no content type'}: {shown!r})"
        ) from None
    if isinstance(data, dict) and isinstance(data.get("boolean"), bool):
        return data
    try:
        vars_ = data["head"]["vars"]
        bindings = data["results"]["bindings"]
        if not isinstance(vars_, list) or not isinstance(bindings, list):
            raise TypeError
        if not all(
            isinstance(b, dict) and all(isinstance(v, dict) and "value" in v for v in b.values())
            for b in bindings
        ):
            raise TypeError
    except (KeyError, TypeError, IndexError):
        raise ServiceError(
            f"{url}: malformed SPARQL JSON results (no head.vars / results.bindings)"
        ) from None
    return data


def is_timeout(exc: BaseException) -> bool:
    """Whether a urllib failure is a timeout (the URLError wraps it when it happened while connecting)."""
    reason = getattr(exc, "reason", exc)
    return isinstance(exc, TimeoutError | socket.timeout) or isinstance(reason, TimeoutError | socket.timeout)


def is_server_timeout(code: int, body: str) -> bool:
    """Whether an HTTP error is the server saying its own query timeout passed (Fuseki: 503 …timeout…)."""
    return code in (503, 504) and bool(re.search(r"time[ d]*out|timed out|cancel", body, re.I))


def graph_form(query: str) -> None:
    """Refuse CONSTRUCT/DESCRIBE on a server store: its reply is a graph, not a table (exit 2)."""
    from .queries.guard import code_only

    match = _GRAPH_FORM.match(code_only(query))
    if match:
        raise InputError(
            "<query>",
            f"{match.group(1).upper()} is not supported on a SPARQL server store: use SELECT or ASK "
            "(or dkg export for the whole graph)",
        )
