"""The store interface every caller uses (GraphStore), its result type and what all stores share.

A store is an interface, as in rdflib and pyoxigraph: `replace_all` swaps the whole dataset atomically,
`query` runs read-only SPARQL with bound parameters, the quad readers (`named_graphs`, `graph_quads`,
`quads_matching`, `scan`) read the named graphs. What a store can do beyond that is stated by its
capability flags (as rdflib's `Store.context_aware`), so a caller asks the flag, never the class:

* `supports_generations`: the store keeps immutable generations; `pinned()` reads one of them however
  many builds follow, and `companion(NAME)` names a file that lives and dies with it;
* `supports_answers`: answers kept at build time (stores/answers.py) may be read instead of querying.
* `supports_timeout`: the store stops a query itself at `timeout`; otherwise a caller that must bound a
  query runs it in a child process that is killed (directive_kg/deadline.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

from ..errors import InputError
from ..ontology.vocab import XSD

T = TypeVar("T")
Graphs = Mapping[str, list[Quad]]  # a dict, or a stores.spool.Spool of graphs written to disk
GraphName = NamedNode | DefaultGraph | None  # None: any graph, the merged default graph included

UPDATE_WORDS = re.compile(
    r"^\s*(?:PREFIX\s+\S*\s*<[^>]*>\s*|BASE\s*<[^>]*>\s*|#[^\n]*\n\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.I,
)
NO_STORE = "no store here yet: run 'dkg build CORPUS' first"


@dataclass
class QueryResult:
    """A SELECT result as plain Python values: column names and rows."""

    columns: list[str]
    rows: list[list[object]]


class GraphStore(Protocol):
    """What every store offers; callers depend on this, never on a concrete class."""

    supports_generations: bool
    supports_answers: bool
    supports_timeout: bool

    @property
    def location(self) -> str:
        """Where the store is (a path or a URL), for messages."""
        ...

    def exists(self) -> bool:
        """Whether there is a dataset to read (a server always has one, possibly empty)."""
        ...

    def require(self) -> None:
        """Raise InputError naming the store when there is nothing to read yet."""
        ...

    def query(self, sparql: str, params: dict[str, object] | None = None, timeout: float = 60) -> QueryResult:
        """Run read-only SPARQL; `params` are bound as variables, never spliced into the text."""
        ...

    def replace_all(self, graphs: Graphs, prepare: Callable[[GraphStore], None] | None = None) -> None:
        """Swap the whole dataset for `graphs` atomically; `prepare` reads the new one before it is
        published (only stores that `supports_generations` call it)."""
        ...

    def named_graphs(self) -> list[str]:
        """The names of the named graphs, sorted."""
        ...

    def graph_quads(self, name: str) -> list[Quad]:
        """The quads of one named graph ([] when the store or the graph does not exist)."""
        ...

    def quads_matching(
        self,
        subject: NamedNode | None = None,
        predicate: NamedNode | None = None,
        graph: GraphName = None,
        obj: NamedNode | None = None,
    ) -> list[Quad]:
        """The quads matching a pattern (`obj`: an IRI object); `DefaultGraph()` is the RDF merge of the
        named graphs."""
        ...

    def scan(self, work: Callable[[Iterable[Quad]], T]) -> T:
        """Stream the quads of every named graph into `work` (the merged default graph skipped)."""
        ...

    def quads(self) -> list[Quad]:
        """The quads of every named graph."""
        ...

    def dump_nquads(self) -> str:
        """The named graphs as N-Quads."""
        ...

    def dump_merge(self, path: Path) -> None:
        """Write the RDF merge of the named graphs (each triple once) to `path` as N-Triples."""
        ...

    def triple_count(self) -> int:
        """The number of quads in the named graphs."""
        ...

    def companion(self, name: str) -> Path | None:
        """The file `name` beside the generation being read (None when the store keeps no generations)."""
        ...

    def pinned(self) -> GraphStore:
        """This store reading the data it reads now for as long as it is used (workers get this one)."""
        ...

    def build_lock(
        self, wait: bool = True, on_wait: Callable[[str], None] | None = None
    ) -> AbstractContextManager[None]:
        """Held by a build for its whole run: one build at a time on a store (locking.py); a SPARQL
        server replaces its dataset in one transaction and needs none."""
        ...

    def built_at(self) -> dt.datetime | None:
        """When the data being read was built, UTC (None when the store does not know)."""
        ...


def reject_updates(query: str) -> None:
    from ..queries.guard import refuse_service  # here: the queries package imports the stores

    refuse_service(query)  # no federated query unless --allow-service
    if UPDATE_WORDS.search(query):
        raise InputError("<query>", "SPARQL updates are not allowed here: query commands are read-only")


def typed_value(value: str, datatype: str) -> object:
    """A literal's lexical value as Python: numbers and booleans typed, everything else the text."""
    if datatype.endswith(("#integer", "#int", "#long")):
        return int(value)
    if datatype.endswith(("#decimal", "#double", "#float")):
        return float(value)
    if datatype.endswith("#boolean"):
        return value == "true"
    return value


def term_value(term: object) -> object:
    """A pyoxigraph term as a plain Python value (None stays None, an IRI is its string)."""
    if term is None:
        return None
    if isinstance(term, Literal):
        return typed_value(term.value, term.datatype.value if term.datatype else "")
    return getattr(term, "value", str(term))


def json_value(binding: dict | None) -> object:
    """A SPARQL JSON results binding as a plain Python value."""
    if binding is None:
        return None
    return typed_value(binding["value"], binding.get("datatype", ""))


def to_term(value: object) -> NamedNode | Literal:
    """A parameter value as an RDF term: IRIs stay IRIs, everything else is a plain literal."""
    if isinstance(value, NamedNode | Literal):
        return value
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return Literal(str(value), datatype=NamedNode(XSD + "integer"))
    return Literal(str(value))
