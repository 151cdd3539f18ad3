"""The query worker: a child process that answers SPARQL queries on one store generation at a time.

Why a process and not a thread: pyoxigraph has no query timeout and cannot be interrupted, so the
only way to stop a runaway query (a cross product, a path over the whole graph) is to end the
process evaluating it; the endpoint (engine.py) does that and starts a fresh worker. Each worker
keeps the generation it read last open (opening a RocksDB store read-only costs milliseconds) and
opens the new one when the job names another: the job always names the generation that was
`current` when the request arrived, so a rebuild is picked up on the next request.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions, Store

from .results import negotiate, write_boolean, write_graph, write_solutions

CHECK_EVERY = 1000  # rows between deadline checks


@dataclass
class Job:
    """One query to answer: where, what, how to write it and the limits."""

    generation: str  # absolute path of the generation directory
    query: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    accept: str | None = None
    fmt: str | None = None
    max_rows: int = 100_000
    timeout: float = 30.0


@dataclass
class Reply:
    """What the endpoint sends back; `retry` when the generation vanished while it was read."""

    status: int
    content_type: str = "text/plain; charset=utf-8"
    body: bytes = b""
    retry: bool = False
    headers: dict[str, str] = field(default_factory=dict)


def _text(status: int, message: str, **headers: str) -> Reply:
    return Reply(status, body=(message.rstrip("\n") + "\n").encode("utf-8"), headers=headers)


class Answerer:
    """Answers jobs on the generation they name, keeping the last generation's store open."""

    def __init__(self) -> None:
        self.path: str | None = None
        self.store: Store | None = None
        self.graphs: frozenset[str] = frozenset()

    def _open(self, generation: str) -> Store:
        if self.path != generation or self.store is None:
            self.store = None  # release the old generation first
            self.store = Store.read_only(generation)
            self.path = generation
            self.graphs = frozenset(g.value for g in self.store.named_graphs())  # type: ignore[union-attr]
        return self.store

    def _dataset(self, job: Job) -> dict[str, object]:
        """The protocol's dataset as query arguments. Every named graph as `default-graph-uri` (what
        dkg's own SparqlStore and some clients send to get the union) is the default graph the build
        materialised: the same triples, without merging the graphs at query time (seconds per query)."""
        kwargs: dict[str, object] = {}
        everything = set(job.default_graphs) == self.graphs
        if job.default_graphs and not everything:
            kwargs["default_graph"] = [NamedNode(g) for g in job.default_graphs]
        if job.named_graphs and set(job.named_graphs) != self.graphs:
            kwargs["named_graphs"] = [NamedNode(g) for g in job.named_graphs]
        return kwargs

    def answer(self, job: Job) -> Reply:
        deadline = time.monotonic() + job.timeout
        if not os.path.isdir(job.generation):
            return Reply(503, retry=True)
        try:
            store = self._open(job.generation)
            result = store.query(job.query, **self._dataset(job))  # type: ignore[arg-type]
            return self._write(job, result, deadline)
        except SyntaxError as exc:
            return _text(400, f"SPARQL syntax error: {exc}")
        except ValueError as exc:  # a bad graph IRI in default-graph-uri / named-graph-uri
            return _text(400, f"bad request: {exc}")
        except (OSError, RuntimeError) as exc:
            self.store, self.path = None, None
            if not os.path.isdir(job.generation):
                return Reply(
                    503, retry=True
                )  # a build deleted it mid-read: the endpoint reads `current` again
            return _text(500, f"the store failed: {exc}")

    def _write(self, job: Job, result: object, deadline: float) -> Reply:
        if isinstance(result, QueryBoolean):
            fmt = negotiate("solutions", job.accept, job.fmt)
            if fmt is None:
                return _not_acceptable("solutions")
            return Reply(200, f"{fmt.media_type}; charset=utf-8", write_boolean(fmt, bool(result)))
        kind = "solutions" if isinstance(result, QuerySolutions) else "graph"
        fmt = negotiate(kind, job.accept, job.fmt)
        if fmt is None:
            return _not_acceptable(kind)
        rows: list = []
        for item in result:  # type: ignore[attr-defined]
            if len(rows) == job.max_rows:
                return _text(
                    400,
                    f"the result has more than {job.max_rows:,} {'rows' if kind == 'solutions' else 'triples'},"
                    " this endpoint's cap (dkg serve --max-rows): add LIMIT and OFFSET to read it in pages",
                    **{"X-DKG-Refused": "result-too-large"},
                )
            rows.append(item)
            if len(rows) % CHECK_EVERY == 0 and time.monotonic() > deadline:
                return _timeout(job.timeout)
        if time.monotonic() > deadline:
            return _timeout(job.timeout)
        if kind == "graph":
            return Reply(200, f"{fmt.media_type}; charset=utf-8", write_graph(fmt, rows))
        variables = [v.value for v in result.variables]  # type: ignore[attr-defined]
        table = [[sol[v] for v in variables] for sol in rows]
        return Reply(200, f"{fmt.media_type}; charset=utf-8", write_solutions(fmt, variables, table))


def _timeout(seconds: float) -> Reply:
    return _text(
        503,
        f"the query ran longer than {seconds:g} s, this endpoint's limit (dkg serve --timeout): "
        "narrow it or add LIMIT",
        **{"X-DKG-Refused": "timeout"},
    )


def _not_acceptable(kind: str) -> Reply:
    from .results import GRAPH_FORMATS, SOLUTION_FORMATS

    types = ", ".join(f.media_type for f in (SOLUTION_FORMATS if kind == "solutions" else GRAPH_FORMATS))
    return _text(406, f"none of the Accept types can be written for this query; this endpoint writes {types}")


def serve_forever(conn: Connection) -> None:
    """The worker process's loop: one Job in, one Reply out, until the pipe closes."""
    answerer = Answerer()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = answerer.answer(job)
        except Exception as exc:  # noqa: BLE001 - a worker answers every job, never dies on one
            reply = _text(500, f"unexpected: {type(exc).__name__}: {exc}")
        conn.send(reply)
