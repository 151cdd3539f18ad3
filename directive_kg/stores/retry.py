"""One retry helper for HTTP requests to a SPARQL server: transient failures are retried with backoff."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable

from ..errors import ServiceError
from ..replies import is_server_timeout, is_timeout, read_capped

ATTEMPTS = 3
BASE_SECONDS = 0.5


def post(
    url: str,
    data: bytes,
    headers: dict[str, str],
    timeout: float,
    on_client_error: Callable[[int, str], Exception | None] | None = None,
) -> bytes:
    """POST `data` and return the body; a 5xx answer or a network failure is retried (0.5 s, 1 s, …).

    A 4xx answer is not retried: `on_client_error(code, body)` may turn it into the caller's error
    (such as a rejected query); otherwise it becomes a ServiceError naming the URL.
    """
    req = urllib.request.Request(url, data=data, method="POST", headers=headers)
    return request(req, timeout, on_client_error)


def get(url: str, headers: dict[str, str], timeout: float) -> bytes:
    """GET `url` with the same retries as `post`."""
    return request(urllib.request.Request(url, headers=headers), timeout)


def request(
    req: urllib.request.Request,
    timeout: float,
    on_client_error: Callable[[int, str], Exception | None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> bytes:
    url = req.full_url
    for attempt in range(ATTEMPTS):
        last = attempt + 1 == ATTEMPTS
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return read_capped(resp, url)  # streamed, capped (replies.py)
        except urllib.error.HTTPError as exc:
            body = exc.read(4096).decode("utf-8", "replace")[:300]
            if is_server_timeout(exc.code, body):  # the server's own timeout: not retried
                raise ServiceError(f"{url}: the SPARQL server timed out (HTTP {exc.code})") from None
            if exc.code >= 500 and not last:
                sleep(BASE_SECONDS * 2**attempt)
                continue
            mapped = on_client_error(exc.code, body) if on_client_error and exc.code < 500 else None
            if mapped is not None:
                raise mapped from None
            raise ServiceError(f"{url}: HTTP {exc.code}: {body}") from None
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            if is_timeout(exc):  # busy with this very query: asking again only adds load
                raise ServiceError(
                    f"{url}: the SPARQL server did not answer within {timeout:g} s (timeout)"
                ) from None
            if not last:
                sleep(BASE_SECONDS * 2**attempt)
                continue
            raise ServiceError(f"{url}: cannot reach the SPARQL server ({exc})") from None
    raise AssertionError("unreachable")  # pragma: no cover
