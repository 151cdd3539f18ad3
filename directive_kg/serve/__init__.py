"""`dkg serve`: a read-only SPARQL 1.1 Protocol endpoint over the embedded store, with a query page.

The HTTP server is waitress (docs/serve.md says why); the application (app.py) is plain WSGI; the
queries run in worker processes (engine.py, worker.py) so that a timeout can stop one. `Server`
wires them together; the command line (cli/serve.py) only parses options and prints the address.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .app import Site, make_app
from .engine import Engine, Limits

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878


@dataclass
class Server:
    """A running endpoint: `url` to query, `run()` to serve until `close()` (or Ctrl-C)."""

    store: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    limits: Limits = field(default_factory=Limits)
    corpus: list[Path] = field(default_factory=list)
    findings: bool = True
    allow_service: bool = False  # SERVICE in a query makes the worker connect out: refused unless asked
    threads: int = 64  # connections handled at once; queries wait for a worker (engine.py)

    def __post_init__(self) -> None:
        import logging

        from waitress.server import create_server

        # "Task queue depth is N" on every busy moment: the limits are reported to the clients instead
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)

        if not (self.store / "current").exists():
            raise InputError(str(self.store), "no store here yet: run 'dkg build CORPUS' first")
        self.engine = Engine(self.store, self.limits).start()
        loopback = self.host in ("127.0.0.1", "localhost", "::1")
        site = Site(
            self.engine,
            self.corpus,
            loopback_only=loopback,
            findings=self.findings,
            allow_service=self.allow_service,
        )
        try:
            self._server = create_server(
                make_app(site),
                host=self.host,
                port=self.port,
                threads=self.threads,
                connection_limit=256,
                channel_timeout=max(120, int(self.limits.timeout) + 30),
                max_request_body_size=2 * 1024 * 1024,
                ident="dkg-serve",
                clear_untrusted_proxy_headers=True,
            )
        except OSError as exc:
            self.engine.close()
            raise InputError(
                f"{self.host}:{self.port}", f"cannot listen there ({exc.strerror or exc})"
            ) from None
        self._closing = False
        self.port = self._server.effective_port  # type: ignore[union-attr]

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def run(self) -> None:
        """Serve until `close()` is called from another thread (or the process is interrupted)."""
        try:
            self._server.run()
        except OSError:
            if not self._closing:  # close() from another thread ends the loop on a closed socket
                raise
        finally:
            self.engine.close()

    def start_in_thread(self) -> threading.Thread:
        """Serve from a daemon thread (tests, notebooks); returns the thread."""
        thread = threading.Thread(target=self.run, daemon=True, name="dkg-serve")
        thread.start()
        return thread

    def close(self) -> None:
        self._closing = True
        # answers in flight finish first (up to 5 s): closing the loop under a task thread that is still
        # writing made it fail on waitress's closed trigger (a traceback, seen at the end of bench/serve.py)
        self._server.task_dispatcher.shutdown(timeout=5)  # type: ignore[union-attr]
        self._server.close()
        self.engine.close()


__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "Limits", "Server"]
