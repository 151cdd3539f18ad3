"""Run a piece of work in a child process that is killed when its time is up.

Why (issue 22): `dkg sparql --timeout` was ignored by the embedded store (a heavy query still ran at
90 s): Oxigraph evaluates a query in Rust with no way to interrupt it from Python. So the query runs
in a forked child (which inherits the open modules, so it starts in milliseconds) and its result
comes back through a pipe; when the time is up the child is killed (SIGKILL) and the caller gets one
line. A reader opens the store read-only, so killing it cannot damage the store.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable
from typing import TypeVar

from .errors import InputError, ServiceError

T = TypeVar("T")


def _child(work: Callable[[], object], conn) -> None:  # noqa: ANN001 - a multiprocessing Connection
    try:
        conn.send(("ok", work()))
    except InputError as exc:
        conn.send(("input", (exc.path, exc.reason, exc.place)))
    except ServiceError as exc:
        conn.send(("service", str(exc)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which decides
        conn.send(("other", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def run_with_deadline(work: Callable[[], T], seconds: float, what: str = "<query>") -> T:
    """`work()` in a forked child; InputError "timed out after N s" when it takes longer (child killed)."""
    if seconds <= 0 or "fork" not in multiprocessing.get_all_start_methods():
        return work()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(work, send), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise InputError(what, f"timed out after {seconds:g} s (--timeout); the query was stopped")
        try:
            kind, payload = receive.recv()
        except (EOFError, OSError, pickle.UnpicklingError):
            raise InputError(what, "the query process died without an answer") from None
    finally:
        if child.is_alive() and child.pid is not None:
            os.kill(child.pid, signal.SIGKILL)
        child.join(5)
        receive.close()
    if kind == "ok":
        return payload  # type: ignore[return-value]
    if kind == "input":
        path, reason, place = payload
        raise InputError(path, reason, place)
    if kind == "service":
        raise ServiceError(payload)
    raise InputError(what, f"the query failed ({payload})")
