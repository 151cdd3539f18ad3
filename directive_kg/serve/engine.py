"""The endpoint's query engine: a pool of worker processes, the current generation, limits and a cache.

Every request is answered from the generation `STORE/current` points to when it arrives: the
path is resolved per request, so a `dkg build` is picked up without a restart, and the build keeps
the previous generation on disk while readers may still be on it (stores/oxigraph.py), so a request that
started before the swap finishes on intact files. Should a generation vanish under a reader anyway
(two builds during one query), the worker says so and the request starts again on `current`.

Limits, each refused with a clear body rather than by hanging or dropping the connection:
- `timeout`: a query still running after it is stopped by ending its worker process (pyoxigraph
  cannot be interrupted); the client gets 503 and a fresh worker takes the slot.
- `max_rows`: a result larger than the cap is refused (400) instead of truncated, so no client
  (Excel, a notebook) mistakes a partial result for the whole.
- `queue_timeout`: when every worker is busy for that long the request gets 503 with Retry-After.

A generation never changes once published, so an answer can be kept for the same generation,
query text and format: the cache is keyed on all three and bounded in bytes.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .worker import Job, Reply, serve_forever

RETRIES = 5


@dataclass(frozen=True)
class Limits:
    """The endpoint's limits (dkg serve options)."""

    timeout: float = 30.0
    max_rows: int = 100_000
    workers: int = 2
    queue_timeout: float = 30.0
    cache_bytes: int = 64 * 1024 * 1024


class _Worker:
    def __init__(self, ctx: multiprocessing.context.BaseContext) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=serve_forever, args=(child,), daemon=True, name="dkg-serve-worker")
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


class Engine:
    """Answers SPARQL queries on the embedded store at `path` (the directory holding `current`)."""

    def __init__(self, path: str | Path, limits: Limits | None = None) -> None:
        self.path = Path(path)
        self.limits = limits or Limits()
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple, Reply] = OrderedDict()
        self._cached_bytes = 0
        self.closed = False

    def start(self) -> Engine:
        for _ in range(self.limits.workers):
            self._add_worker()
        return self

    def _add_worker(self) -> None:
        worker = _Worker(self._ctx)
        with self._lock:
            self._all.append(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        if not self.closed:
            self._add_worker()

    def close(self) -> None:
        self.closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()

    def generation(self) -> str:
        """The generation directory `current` points to now (InputError when there is no store)."""
        current = self.path / "current"
        if not current.exists():
            raise InputError(str(self.path), "no store here yet: run 'dkg build CORPUS' first")
        return os.path.realpath(current)

    def execute(
        self,
        query: str,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        accept: str | None = None,
        fmt: str | None = None,
    ) -> Reply:
        """Answer one query from the current generation (cache, then a worker), within the limits."""
        for _ in range(RETRIES):
            generation = self.generation()
            key = (generation, query, tuple(default_graphs or ()), tuple(named_graphs or ()), accept, fmt)
            with self._lock:
                if key in self._cache:
                    self._cache.move_to_end(key)
                    return self._cache[key]
            job = Job(
                generation,
                query,
                list(default_graphs or []),
                list(named_graphs or []),
                accept,
                fmt,
                self.limits.max_rows,
                self.limits.timeout,
            )
            reply = self._run(job)
            if reply.retry:
                continue
            if reply.status == 200:
                self._keep(key, reply)
            return reply
        return Reply(503, body=b"the store was rebuilt repeatedly during this query: try again\n")

    def _run(self, job: Job) -> Reply:
        try:
            worker = self._idle.get(timeout=self.limits.queue_timeout)
        except queue.Empty:
            return Reply(
                503,
                body=f"all {self.limits.workers} query workers stayed busy for "
                f"{self.limits.queue_timeout:g} s: try again shortly\n".encode(),
                headers={"Retry-After": "5", "X-DKG-Refused": "busy"},
            )
        try:
            worker.conn.send(job)
            # the worker checks the deadline between rows; this catches a query stuck in one operator
            if worker.conn.poll(job.timeout + 2):
                reply: Reply = worker.conn.recv()
                self._idle.put(worker)
                return reply
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            return Reply(500, body=b"a query worker died answering this query\n")
        threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
        return Reply(
            503,
            body=f"the query ran longer than {job.timeout:g} s, this endpoint's limit (dkg serve "
            "--timeout): narrow it or add LIMIT\n".encode(),
            headers={"X-DKG-Refused": "timeout"},
        )

    def _keep(self, key: tuple, reply: Reply) -> None:
        size = len(reply.body)
        if size > self.limits.cache_bytes // 8:
            return
        with self._lock:
            self._cache[key] = reply
            self._cached_bytes += size
            while self._cached_bytes > self.limits.cache_bytes and self._cache:
                _, old = self._cache.popitem(last=False)
                self._cached_bytes -= len(old.body)
