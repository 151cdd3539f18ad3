"""The embedded on-disk Oxigraph store (the default): generations side by side, published by a symlink.

A build writes a new generation and flips `current` to it, so a killed build leaves the previous store
readable; readers that find their generation swapped away mid-read start again on the new one
(`_reading`). Beside a generation may sit companion files (the answers kept at build time).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pyoxigraph import (
    DefaultGraph,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    RdfFormat,
    Store,
    Variable,
)

from ..errors import InputError
from ..locking import build_lock, damaged_store, ensure_store_dir, is_own_entry
from .base import NO_STORE, GraphName, Graphs, GraphStore, QueryResult, T, reject_updates, term_value, to_term
from .spool import Spool, spooled

DEFAULT_STORE = ".dkg/store"
READ_RETRIES = 5  # a reader restarts when a build swapped generations under it


def _remove(path: Path) -> None:
    """Delete a generation or a companion file; what cannot be deleted now goes with the next build."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


class OxigraphStore:
    """Embedded on-disk store: `path/current` → a generation directory, swapped atomically.

    Beside a generation `gen-…` may sit companion files `gen-….NAME` (such as the answers materialised
    at build time, directive_kg/stores/answers.py): written before the generation is published and
    deleted with it, so a companion always describes exactly the data it sits beside.
    """

    supports_generations = True
    supports_answers = True
    supports_timeout = False

    def __init__(self, path: str | Path, generation: str | None = None) -> None:
        self.path = Path(path)
        self.generation = generation  # pinned: read this generation, not whatever `current` points to
        self._handle: Store | None = None  # a pinned store keeps one read-only handle
        self._handle_pid = 0

    def __getstate__(self) -> dict[str, Any]:
        """Pickled for worker processes without the open handle (each worker opens its own)."""
        return {"path": self.path, "generation": self.generation, "_handle": None, "_handle_pid": 0}

    @property
    def location(self) -> str:
        return str(self.path)

    def require(self) -> None:
        if not self.exists():
            raise InputError(str(self.path), NO_STORE)

    def pinned(self) -> OxigraphStore:
        """This store reading the generation `current` points to now, whatever builds follow."""
        if self.generation is not None:
            return self
        self.require()
        return type(self)(self.path, generation=Path(os.path.realpath(self.current)).name)

    @property
    def current(self) -> Path:
        return self.path / self.generation if self.generation else self.path / "current"

    def build_lock(
        self, wait: bool = True, on_wait: Callable[[str], None] | None = None
    ) -> contextlib.AbstractContextManager[None]:
        """The store directory's build lock (locking.py): a second build waits, or fails at once."""
        return build_lock(self.path, wait, on_wait)

    def built_at(self) -> dt.datetime | None:
        """When the generation being read was built (its name: gen-YYYYMMDDHHMMSS-…), UTC."""
        if not self.current.exists():
            return None
        m = re.match(r"gen-(\d{14})", Path(os.path.realpath(self.current)).name)
        if not m:
            return None
        # generations are named with time.strftime (local time): converted to UTC
        return dt.datetime.strptime(m.group(1), "%Y%m%d%H%M%S").astimezone(dt.UTC)

    def companion(self, name: str) -> Path | None:
        """The file `name` beside the generation being read (None when there is no store yet)."""
        if not self.current.exists():
            return None
        generation = Path(os.path.realpath(self.current))
        return generation.with_name(f"{generation.name}.{name}")

    def exists(self) -> bool:
        return self.current.exists()

    def _open_read(self) -> Store:
        self.require()
        if self.generation is None:
            return Store.read_only(str(self.current.resolve()))
        if self._handle is None or self._handle_pid != os.getpid():  # a forked worker opens its own
            self._handle = Store.read_only(str(self.current.resolve()))
            self._handle_pid = os.getpid()
        return self._handle

    def _reading(self, work: Callable[[Store], T]) -> T:
        """Run `work` on the current generation; if a build swapped it away mid-read, read the new one.

        A build deletes generations older than the previous one; a reader that opened one of those
        sees files vanish (RocksDB reports corruption or a missing file) and starts again on `current`.
        """
        for attempt in range(READ_RETRIES):
            generation = os.path.realpath(self.current)
            opened = False
            try:
                store = self._open_read()
                opened = True
                return work(store)
            except (OSError, RuntimeError) as exc:
                self._handle = None
                if attempt + 1 < READ_RETRIES and os.path.realpath(self.current) != generation:
                    continue
                if attempt + 1 < READ_RETRIES and not os.path.isdir(generation):
                    continue
                if not opened or isinstance(exc, OSError):  # not the query's fault: the store's
                    raise damaged_store(self.path, exc) from None
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    def query(self, sparql: str, params: dict[str, object] | None = None, timeout: float = 60) -> QueryResult:
        reject_updates(sparql)
        subs = {Variable(k): to_term(v) for k, v in (params or {}).items()}
        try:
            return self._reading(lambda store: self._query(store, sparql, subs))
        except SyntaxError as exc:
            raise InputError("<query>", f"SPARQL syntax error: {exc}") from None
        except RuntimeError as exc:  # e.g. a bound parameter the query does not project
            raise InputError("<query>", str(exc)) from None

    @staticmethod
    def _query(store: Store, sparql: str, subs: dict[Variable, Any]) -> QueryResult:
        result = store.query(sparql, substitutions=subs or None)
        if isinstance(result, QuerySolutions):
            cols = [v.value for v in result.variables]
            rows = [[term_value(sol[c]) for c in cols] for sol in result]
            return QueryResult(cols, rows)
        if isinstance(result, QueryBoolean):
            return QueryResult(["ask"], [[bool(result)]])
        return QueryResult(
            ["subject", "predicate", "object"],
            [[term_value(t.subject), term_value(t.predicate), term_value(t.object)] for t in result],
        )

    def replace_all(self, graphs: Graphs, prepare: Callable[[GraphStore], None] | None = None) -> None:
        """Write `graphs` as a new generation and publish it; `prepare` reads it (pinned) just before.

        `prepare` writes companions of the new generation (`OxigraphStore.companion`); if it fails, the
        new generation is not published and the previous one stays current.
        """
        ensure_store_dir(self.path)  # marked, or refused when it is someone else's folder (locking.py)
        gen = self.path / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        store = Store(str(gen))
        # The default graph is the RDF merge of the named graphs (a set, as on a SPARQL server with a
        # union default graph): a triple stated by several documents counts once in queries. Oxigraph's
        # own union default graph (`use_default_graph_as_union`) would count it once per graph (0.5.13),
        # so the merge is written, by the bulk loader from the spool's N-Triples, which drops repeated
        # triples itself. Both files were written by pyoxigraph, so they are read without validation
        # (`lenient`); no Python object per quad, no `optimize` (the bulk loader writes sorted files).
        spool = graphs if isinstance(graphs, Spool) else spooled(graphs)
        try:
            spool.flush()
            store.bulk_load(path=spool.quads_path, format=RdfFormat.N_QUADS, lenient=True)
            store.bulk_load(path=spool.merge_path, format=RdfFormat.N_TRIPLES, lenient=True)
        finally:
            if spool is not graphs:
                spool.close()
        store.flush()
        del store  # closed before `prepare` opens the new generation read-only
        if prepare is not None:
            try:
                prepare(type(self)(self.path, generation=gen.name))
            except BaseException:
                self._delete_generation(gen.name)
                raise
        # atomic switch: a new symlink renamed over the old one
        tmp = self.path / f".current-{uuid.uuid4().hex[:8]}"
        os.symlink(gen.name, tmp)
        previous = os.readlink(self.current) if self.current.is_symlink() else None
        os.replace(tmp, self.current)
        self._collect_garbage(keep={gen.name, previous})

    def _collect_garbage(self, keep: set[str | None]) -> None:
        """Delete all generations but the current one and the one before it (readers may still be on it).

        Only entries named like the generations this store makes are touched (locking.is_own_entry).
        """
        keep = keep | {os.path.basename(os.path.realpath(self.current))}
        for child in self.path.iterdir():
            if is_own_entry(child.name) and child.name.partition(".")[0] not in keep:
                _remove(child)
            elif child.name.startswith(".current-"):
                child.unlink(missing_ok=True)

    def _delete_generation(self, name: str) -> None:
        for child in self.path.glob(f"{name}*"):
            if child.name.partition(".")[0] == name:
                _remove(child)

    def dump_merge(self, path: Path) -> None:
        """The merged default graph as N-Triples, written by Oxigraph itself (no Python object per triple)."""
        self._reading(
            lambda store: store.dump(str(path), format=RdfFormat.N_TRIPLES, from_graph=DefaultGraph())
        )

    def dump_nquads(self) -> str:
        """The named graphs as N-Quads (the merged default graph is derived, so it is not exported)."""
        return "".join(f"{q} .\n" for q in self.quads())

    def quads(self) -> list[Quad]:
        return self.scan(list)

    def scan(self, work: Callable[[Iterable[Quad]], T]) -> T:
        try:
            return self._scan(work)
        except RuntimeError as exc:  # RocksDB found damage while reading every quad
            raise damaged_store(self.path, exc) from None

    def _scan(self, work: Callable[[Iterable[Quad]], T]) -> T:
        """Stream the quads of the named graphs, graph by graph, into `work`, all from one generation.

        The merged default graph is skipped (it would double the scan); no list of every quad is built,
        which matters at national scale (3.4 million quads) for consumers such as the Neo4j projection.
        """
        return self._reading(
            lambda store: work(
                q for g in store.named_graphs() for q in store.quads_for_pattern(None, None, None, g)
            )
        )

    def triple_count(self) -> int:
        return len(self.quads())

    def graph_quads(self, name: str) -> list[Quad]:
        """The quads of one named graph ([] when the store or the graph does not exist)."""
        if not self.exists():
            return []
        graph = NamedNode(name)
        return self._reading(lambda store: list(store.quads_for_pattern(None, None, None, graph)))

    def named_graphs(self) -> list[str]:
        if not self.exists():
            return []
        return self._reading(lambda store: sorted(g.value for g in store.named_graphs()))

    def quads_matching(
        self,
        subject: NamedNode | None = None,
        predicate: NamedNode | None = None,
        graph: GraphName = None,
        obj: NamedNode | None = None,
    ) -> list[Quad]:
        """The quads matching a pattern, from one generation (`DefaultGraph()`: the merged graph)."""
        return self._reading(lambda store: list(store.quads_for_pattern(subject, predicate, obj, graph)))
