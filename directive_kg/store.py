"""Stores: the embedded on-disk Oxigraph store (default) and any SPARQL 1.1 server, behind one interface.

A store is an interface (as in rdflib and pyoxigraph): `replace_all` swaps the
whole dataset atomically, `query` runs read-only SPARQL with bound
parameters, `dump` exports. The embedded store keeps generations side by side
and flips a symlink, so a killed build leaves the previous store readable.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, QuerySolutions, RdfFormat, Store, Variable

from .errors import InputError, ServiceError
from .locking import damaged_store, ensure_store_dir, is_own_entry
from .replies import graph_form, is_server_timeout, is_timeout, read_capped, results

DEFAULT_STORE = ".dkg/store"
READ_RETRIES = 5  # a reader restarts when a build swapped generations under it
T = TypeVar("T")
UPDATE_WORDS = re.compile(
    r"^\s*(?:PREFIX\s+\S*\s*<[^>]*>\s*|BASE\s*<[^>]*>\s*|#[^\n]*\n\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.I,
)


@dataclass
class QueryResult:
    """A SELECT result as plain Python values: column names and rows."""

    columns: list[str]
    rows: list[list[object]]


def reject_updates(query: str) -> None:
    from .queries.guard import refuse_service  # here: the queries package imports this module

    refuse_service(query)  # no federated query unless --allow-service
    if UPDATE_WORDS.search(query):
        raise InputError("<query>", "SPARQL updates are not allowed here: query commands are read-only")


def _term_value(term: object) -> object:
    if term is None:
        return None
    if isinstance(term, Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt.endswith(("#integer", "#int", "#long")):
            return int(term.value)
        if dt.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        if dt.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return getattr(term, "value", str(term))


def _remove(path: Path) -> None:
    """Delete a generation or a companion file; what cannot be deleted now goes with the next build."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


class GraphStore(Protocol):
    def query(
        self, sparql: str, params: dict[str, object] | None = None, timeout: float = 60
    ) -> QueryResult: ...

    def replace_all(
        self, graphs: dict[str, list[Quad]], prepare: Callable[[OxigraphStore], None] | None = None
    ) -> None: ...

    def dump_nquads(self) -> str: ...

    def triple_count(self) -> int: ...


def to_term(value: object) -> NamedNode | Literal:
    """A parameter value as an RDF term: IRIs stay IRIs, everything else is a plain literal."""
    if isinstance(value, NamedNode | Literal):
        return value
    if isinstance(value, bool):
        return Literal(
            "true" if value else "false", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
        )
    if isinstance(value, int):
        return Literal(str(value), datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    return Literal(str(value))


class OxigraphStore:
    """Embedded on-disk store: `path/current` → a generation directory, swapped atomically.

    Beside a generation `gen-…` may sit companion files `gen-….NAME` (such as the answers materialised
    at build time, directive_kg/queries/answers.py): written before the generation is published and
    deleted with it, so a companion always describes exactly the data it sits beside.
    """

    def __init__(self, path: str | Path, generation: str | None = None) -> None:
        self.path = Path(path)
        self.generation = generation  # pinned: read this generation, not whatever `current` points to

    @property
    def current(self) -> Path:
        return self.path / self.generation if self.generation else self.path / "current"

    def companion(self, name: str) -> Path | None:
        """The file `name` beside the generation being read (None when there is no store yet)."""
        if not self.current.exists():
            return None
        generation = Path(os.path.realpath(self.current))
        return generation.with_name(f"{generation.name}.{name}")

    def exists(self) -> bool:
        return self.current.exists()

    def _open_read(self) -> Store:
        if not self.exists():
            raise InputError(str(self.path), "no store here yet: run 'dkg build CORPUS' first")
        return Store.read_only(str(self.current.resolve()))

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
    def _query(store: Store, sparql: str, subs: dict) -> QueryResult:
        result = store.query(sparql, substitutions=subs or None)
        if isinstance(result, QuerySolutions):
            cols = [v.value for v in result.variables]
            rows = [[_term_value(sol[c]) for c in cols] for sol in result]
            return QueryResult(cols, rows)
        if isinstance(result, bool) or hasattr(result, "__bool__") and not hasattr(result, "__iter__"):
            return QueryResult(["ask"], [[bool(result)]])
        return QueryResult(
            ["subject", "predicate", "object"],
            [[_term_value(t.subject), _term_value(t.predicate), _term_value(t.object)] for t in result],
        )

    def replace_all(
        self, graphs: dict[str, list[Quad]], prepare: Callable[[OxigraphStore], None] | None = None
    ) -> None:
        """Write `graphs` as a new generation and publish it; `prepare` reads it (pinned) just before.

        `prepare` writes companions of the new generation (`OxigraphStore.companion`); if it fails, the
        new generation is not published and the previous one stays current.
        """
        ensure_store_dir(self.path)  # marked, or refused when it is someone else's folder
        gen = self.path / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        store = Store(str(gen))
        quads = [q for qs in graphs.values() for q in qs]
        # The default graph is the RDF merge of the named graphs (a set, as on a SPARQL server with a
        # union default graph): a triple stated by several documents counts once in queries.
        default = DefaultGraph()
        merged = {Quad(q.subject, q.predicate, q.object, default) for q in quads}
        store.bulk_extend(quads)
        store.bulk_extend(merged)
        store.flush()
        store.optimize()
        # this copy of the data (GiBs at national scale) is released before `prepare` reads the new
        # generation; the caller's `graphs` stay as they are
        del store, quads, merged
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


class SparqlStore:
    """Any SPARQL 1.1 server: queries over the protocol, builds as one atomic SPARQL Update request."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.query_url = os.environ.get("DKG_SPARQL_QUERY_URL", self.url + "/query")
        self.update_url = os.environ.get("DKG_SPARQL_UPDATE_URL", self.url + "/update")

    def _post(self, url: str, data: bytes, content_type: str, accept: str, timeout: float) -> bytes:
        req = urllib.request.Request(
            url, data=data, method="POST", headers={"Content-Type": content_type, "Accept": accept}
        )
        attempts = 3
        for attempt in range(attempts):
            try:
                with urllib.request.urlopen(req, timeout=timeout) as resp:
                    return read_capped(resp, url)  # streamed, capped (replies.py)
            except urllib.error.HTTPError as exc:
                body = exc.read(4096).decode("utf-8", "replace")[:300]
                if is_server_timeout(exc.code, body):  # the server's own timeout: not retried
                    raise ServiceError(f"{url}: the SPARQL server timed out (HTTP {exc.code})") from None
                if exc.code >= 500 and attempt + 1 < attempts:
                    time.sleep(0.5 * 2**attempt)
                    continue
                if exc.code == 400 and url == self.query_url:  # the query is at fault, not the server
                    raise InputError(
                        "<query>", f"the SPARQL server rejected the query: {' '.join(body.split())[:200]}"
                    ) from None
                raise ServiceError(f"{url}: HTTP {exc.code}: {body}") from None
            except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
                if is_timeout(exc):  # busy with this very query: asking again only adds load
                    raise ServiceError(
                        f"{url}: the SPARQL server did not answer within {timeout:g} s (timeout)"
                    ) from None
                if attempt + 1 < attempts:
                    time.sleep(0.5 * 2**attempt)
                    continue
                raise ServiceError(f"{url}: cannot reach the SPARQL server ({exc})") from None
        raise ServiceError(f"{url}: failed")  # pragma: no cover

    def _graphs(self, timeout: float) -> list[str]:
        body = self._post(
            self.query_url,
            urllib.parse.urlencode({"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"}).encode(),
            "application/x-www-form-urlencoded",
            "application/sparql-results+json",
            timeout,
        )
        return sorted(b["g"]["value"] for b in results(body, self.query_url)["results"]["bindings"])

    def query(
        self, sparql: str, params: dict[str, object] | None = None, timeout: float = 60, union: bool = True
    ) -> QueryResult:
        reject_updates(sparql)
        graph_form(sparql)  # CONSTRUCT/DESCRIBE: refused here, the reply would be a graph
        text = bind_values(sparql, params or {})
        form: list[tuple[str, str]] = [("query", text)]
        if union:
            # like the embedded store, the default graph is the union of the named graphs (SPARQL protocol)
            graphs = self._graphs(timeout)
            form += [("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in graphs]
        body = self._post(
            self.query_url,
            urllib.parse.urlencode(form).encode(),
            "application/x-www-form-urlencoded",
            "application/sparql-results+json",
            timeout,
        )
        data = results(body, self.query_url)
        if "boolean" in data:
            return QueryResult(["ask"], [[data["boolean"]]])
        cols = data["head"]["vars"]
        rows = [[_json_value(b.get(c)) for c in cols] for b in data["results"]["bindings"]]
        return QueryResult(cols, rows)

    def replace_all(
        self, graphs: dict[str, list[Quad]], prepare: Callable[[OxigraphStore], None] | None = None
    ) -> None:
        """Replace the dataset in one SPARQL Update request (one transaction on the server).

        `prepare` is not called: a server has no generation beside which to keep companion files, so
        queries on a server are always answered by the server.
        """
        existing = self._graphs(60)
        parts = [f"DROP SILENT GRAPH <{g}>" for g in existing if g not in graphs]
        for g, quads in graphs.items():
            triples = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
            parts.append(f"DROP SILENT GRAPH <{g}>")
            parts.append(f"INSERT DATA {{ GRAPH <{g}> {{\n{triples}\n}} }}")
        # one request: the server applies it as a single transaction
        self._post(
            self.update_url, " ;\n".join(parts).encode("utf-8"), "application/sparql-update", "*/*", 600
        )

    def dump_nquads(self) -> str:
        """The whole dataset as N-Quads (Graph Store Protocol GET on the dataset), re-serialised by pyoxigraph."""
        from pyoxigraph import parse

        req = urllib.request.Request(self.url, headers={"Accept": "application/n-quads"})
        try:
            with urllib.request.urlopen(req, timeout=600) as resp:
                body = read_capped(resp, self.url)
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            raise ServiceError(f"{self.url}: cannot read the dataset ({exc})") from None
        try:
            quads = list(parse(body, format=RdfFormat.N_QUADS))
        except (SyntaxError, ValueError) as exc:
            raise ServiceError(f"{self.url}: the reply is not N-Quads ({exc})") from None
        return "".join(f"{q} .\n" for q in quads)

    def graph_quads(self, name: str) -> list[Quad]:
        """The quads of one named graph, read back with a CONSTRUCT ([] when it does not exist)."""
        from pyoxigraph import parse

        graph = NamedNode(name)
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
        body = self._post(
            self.query_url,
            urllib.parse.urlencode({"query": query}).encode(),
            "application/x-www-form-urlencoded",
            "application/n-triples",
            600,
        )
        return [
            Quad(t.subject, t.predicate, t.object, graph) for t in parse(body, format=RdfFormat.N_TRIPLES)
        ]

    def triple_count(self) -> int:
        res = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
        return int(res.rows[0][0])


def _json_value(b: dict | None) -> object:
    if b is None:
        return None
    value = b["value"]
    dt = b.get("datatype", "")
    if dt.endswith(("#integer", "#int", "#long")):
        return int(value)
    if dt.endswith(("#decimal", "#double", "#float")):
        return float(value)
    if dt.endswith("#boolean"):
        return value == "true"
    return value


_SELECT_WHERE = re.compile(r"\bWHERE\s*\{", re.I)


def bind_values(sparql: str, params: dict[str, object]) -> str:
    """Bind parameters for a remote endpoint with a VALUES block of serialised RDF terms.

    Each value is serialised by pyoxigraph as an RDF term (quotes, braces and
    newlines escaped), so it can never become query syntax. The block opens every
    WHERE clause, sub-selects included: a sub-select is evaluated on its own (bottom-up), so
    a parameter used in its FILTER would otherwise be unbound there — Oxigraph's
    substitutions, which the embedded store uses, reach those too.
    """
    if not params:
        return sparql
    names = " ".join(f"?{k}" for k in params)
    values = " ".join(str(to_term(v)) for v in params.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    ends = [m.end() for m in _SELECT_WHERE.finditer(sparql) if _in_code(sparql, m.start())]
    if not ends:
        raise InputError("<query>", "cannot bind parameters: the query has no WHERE clause")
    out, last = [], 0
    for end in ends:
        out += [sparql[last:end], block]
        last = end
    return "".join(out) + sparql[last:]


def _in_code(text: str, pos: int) -> bool:
    """Whether `pos` is query text, not inside a `#` comment or a one-line string literal.

    Scans its line from the start: `#` outside an IRI or a string starts a comment; a string ends at
    its unescaped quote. (`<` as a comparison makes the rest of the line look like an IRI until `>`,
    which can only hide a `#` comment, never expose text inside a string.)
    """
    line = text[text.rfind("\n", 0, pos) + 1 : pos]
    in_iri, quote, escaped = False, "", False
    for ch in line:
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = ""
        elif in_iri:
            in_iri = ch != ">"
        elif ch in "\"'":
            quote = ch
        elif ch == "<":
            in_iri = True
        elif ch == "#":
            return False
    return not quote


def open_store(spec: str | None) -> OxigraphStore | SparqlStore:
    spec = spec or os.environ.get("DKG_STORE") or DEFAULT_STORE
    if spec.startswith(("http://", "https://")):
        return SparqlStore(spec)
    return OxigraphStore(spec)
