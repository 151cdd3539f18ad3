"""A store on any SPARQL 1.1 server: queries over the protocol, builds as one atomic SPARQL Update request.

The server keeps no generations (`supports_generations` is False): a build replaces the dataset in one
transaction and queries are always answered by the server. Every request goes through the one retry
helper (retry.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, parse, serialize

from ..errors import InputError, ServiceError
from ..replies import graph_form, results
from . import retry
from .base import GraphName, Graphs, GraphStore, QueryResult, T, json_value, reject_updates, to_term

FORM = "application/x-www-form-urlencoded"
JSON_RESULTS = "application/sparql-results+json"


@cache
def store_query(name: str) -> str:
    """A query the stores themselves run (stores/rq/NAME.rq)."""
    return resources.files(__package__).joinpath(f"rq/{name}.rq").read_text(encoding="utf-8")


class SparqlStore:
    """Any SPARQL 1.1 server: queries over the protocol, builds as one atomic SPARQL Update request."""

    supports_generations = False
    supports_answers = False
    supports_timeout = True

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.query_url = os.environ.get("DKG_SPARQL_QUERY_URL", self.url + "/query")
        self.update_url = os.environ.get("DKG_SPARQL_UPDATE_URL", self.url + "/update")

    @property
    def location(self) -> str:
        return self.url

    def exists(self) -> bool:
        return True

    def require(self) -> None:
        """A server always has a dataset (an empty one answers with no rows)."""

    def pinned(self) -> GraphStore:
        return self

    def build_lock(
        self, wait: bool = True, on_wait: Callable[[str], None] | None = None
    ) -> contextlib.AbstractContextManager[None]:
        """None needed: the server replaces its dataset in one transaction."""
        return contextlib.nullcontext()

    def built_at(self) -> dt.datetime | None:
        """Unknown: the server keeps no build record."""
        return None

    def companion(self, name: str) -> Path | None:
        return None

    def _ask(self, form: list[tuple[str, str]], accept: str, timeout: float) -> bytes:
        """POST a query form; a 400 means the query is at fault, not the server."""

        def rejected(code: int, body: str) -> Exception | None:
            if code != 400:
                return None
            return InputError(
                "<query>", f"the SPARQL server rejected the query: {' '.join(body.split())[:200]}"
            )

        data = urllib.parse.urlencode(form).encode()
        headers = {"Content-Type": FORM, "Accept": accept}
        return retry.post(self.query_url, data, headers, timeout, on_client_error=rejected)

    def named_graphs(self, timeout: float = 60) -> list[str]:
        body = self._ask([("query", store_query("named-graphs"))], JSON_RESULTS, timeout)
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
            graphs = self.named_graphs(timeout)
            form += [("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in graphs]
        data = results(self._ask(form, JSON_RESULTS, timeout), self.query_url)
        if "boolean" in data:
            return QueryResult(["ask"], [[data["boolean"]]])
        cols = data["head"]["vars"]
        rows = [[json_value(b.get(c)) for c in cols] for b in data["results"]["bindings"]]
        return QueryResult(cols, rows)

    def replace_all(self, graphs: Graphs, prepare: Callable[[GraphStore], None] | None = None) -> None:
        """Replace the dataset in one SPARQL Update request (one transaction on the server).

        `prepare` is not called: a server has no generation beside which to keep companion files, so
        queries on a server are always answered by the server.
        """
        existing = self.named_graphs(60)
        parts = [f"DROP SILENT GRAPH <{g}>" for g in existing if g not in graphs]
        for g, quads in graphs.items():
            triples = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
            parts.append(f"DROP SILENT GRAPH <{g}>")
            parts.append(f"INSERT DATA {{ GRAPH <{g}> {{\n{triples}\n}} }}")
        # one request: the server applies it as a single transaction
        headers = {"Content-Type": "application/sparql-update", "Accept": "*/*"}
        retry.post(self.update_url, " ;\n".join(parts).encode("utf-8"), headers, 600)

    def dump_merge(self, path: Path) -> None:
        """The triples of every graph as N-Triples, each once (read with the Graph Store Protocol)."""
        merged = {q.triple for q in self.quads()}
        serialize(merged, output=str(path), format=RdfFormat.N_TRIPLES)

    def dump_nquads(self) -> str:
        """The whole dataset as N-Quads (Graph Store Protocol GET on the dataset), re-serialised by pyoxigraph."""
        return "".join(f"{q} .\n" for q in self.quads())

    def quads(self) -> list[Quad]:
        body = retry.get(self.url, {"Accept": "application/n-quads"}, 600)
        try:
            return list(parse(body, format=RdfFormat.N_QUADS))
        except (SyntaxError, ValueError) as exc:
            raise ServiceError(f"{self.url}: the reply is not N-Quads ({exc})") from None

    def scan(self, work: Callable[[Iterable[Quad]], T]) -> T:
        return work(self.quads())

    def _construct(self, pattern: str, graph: NamedNode | None, timeout: float = 600) -> list[Quad]:
        """The triples of a CONSTRUCT over `pattern`, in `graph` (None: the union default graph)."""
        where = f"GRAPH {graph} {{ {pattern} }}" if graph is not None else pattern
        form = [("query", f"CONSTRUCT {{ {pattern} }} WHERE {{ {where} }}")]
        if graph is None:
            names = self.named_graphs(timeout)
            form += [("default-graph-uri", g) for g in names]
        body = self._ask(form, "application/n-triples", timeout)
        name = graph if graph is not None else DefaultGraph()
        return [Quad(t.subject, t.predicate, t.object, name) for t in parse(body, format=RdfFormat.N_TRIPLES)]

    def graph_quads(self, name: str) -> list[Quad]:
        """The quads of one named graph, read back with a CONSTRUCT ([] when it does not exist)."""
        return self._construct("?s ?p ?o", NamedNode(name))

    def quads_matching(
        self,
        subject: NamedNode | None = None,
        predicate: NamedNode | None = None,
        graph: GraphName = None,
        obj: NamedNode | None = None,
    ) -> list[Quad]:
        # terms serialised by pyoxigraph (to_term), so a value can never become query syntax
        pattern = " ".join(
            str(to_term(t)) if t is not None else f"?{v}"
            for t, v in ((subject, "s"), (predicate, "p"), (obj, "o"))
        )
        if isinstance(graph, DefaultGraph):
            return self._construct(pattern, None)
        if graph is not None:
            return self._construct(pattern, graph)
        out = self._construct(pattern, None)
        for name in self.named_graphs():
            out += self._construct(pattern, NamedNode(name))
        return out

    def triple_count(self) -> int:
        res = self.query(store_query("triple-count"), union=False)
        return int(str(res.rows[0][0]))


_WHERE_OPEN = re.compile(r"\bWHERE\s*\{", re.I)


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
    return bind_rows(sparql, list(params), [list(params.values())])


def bind_rows(sparql: str, variables: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Bind several rows of values (a batch of IRIs read from the store) as one VALUES block.

    The same block as `bind_values`, with one row per entry of `rows`: every value goes through
    `to_term` and pyoxigraph's serialisation, never into the text as it is, so even an IRI read back
    from a store cannot close the block (an invalid IRI raises ValueError instead).
    """
    names = " ".join(f"?{k}" for k in variables)
    body = " ".join("(" + " ".join(str(to_term(v)) for v in row) + ")" for row in rows)
    block = f" VALUES ({names}) {{ {body} }} "
    ends = [m.end() for m in _WHERE_OPEN.finditer(sparql) if _in_code(sparql, m.start())]
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
