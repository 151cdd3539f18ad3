"""Project the RDF graph into a real Neo4j (property graph) and run read-only Cypher against it.

Mapping (documented in docs/neo4j.md; Cypher queries elsewhere in the project rely on it):

* every IRI resource → a node ``:Resource`` plus the local names of its ``rdf:type`` s as labels
  (``:LegalDocument:Plan``, ``:Task``, …), with properties ``iri`` and ``graphs`` (sorted list of the
  named graphs that state something about it, i.e. where it is the subject of a triple; a graph that
  only points at it is not listed, so hubs such as 57-NQ/TW, pointed at by thousands of documents, are
  not rewritten by each of them; a node no graph states has ``graphs: []``);
* literal-valued triples → node properties named by the predicate's local name (``rdfs:label`` →
  ``label``); xsd:integer → int, xsd:decimal/double/float → float, xsd:boolean → bool, everything
  else → its lexical form (string); several values → a sorted list;
* IRI-valued triples → relationships typed by the predicate's local name in UPPER_SNAKE_CASE
  (``implements`` → ``IMPLEMENTS``, ``wasDerivedFrom`` → ``WAS_DERIVED_FROM``), property ``graph``;
* one ``:SourceGraph {iri, checksum, triples}`` node per named graph, so a push only replaces the
  graphs whose content changed (each in one transaction) and deletes the graphs that disappeared;
  nodes that nothing states and nothing points at any more are deleted with them.

Labels and relationship types are the only identifiers placed in statement text; they are checked
against ``^[A-Za-z][A-Za-z0-9]*$`` first. Every value travels as a query parameter.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

import click

from .errors import EXIT_INPUT, InputError, ServiceError, fail, user_errors
from .store import QueryResult

DEFAULT_URI = "bolt://127.0.0.1:7687"
MAPPING_VERSION = "dkg-neo4j-mapping/2"  # part of every graph checksum: a mapping change re-pushes all

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
INT_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                               "positiveInteger", "nonPositiveInteger", "negativeInteger",
                               "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}
FLOAT_TYPES = {XSD + t for t in ("decimal", "double", "float")}
BOOL_TYPE = XSD + "boolean"
DEFAULT_GRAPH = "urn:x-dkg:default-graph"
BNODE_PREFIX = "urn:x-dkg:bnode:"

URI_SCHEME = re.compile(r"^(bolt|neo4j)(\+s|\+ssc)?://[^\s]+$", re.I)
SAFE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
RESOURCE = "Resource"
SOURCE_GRAPH = "SourceGraph"
RESERVED_LABELS = {RESOURCE, SOURCE_GRAPH}
RESERVED_PROPERTIES = {"iri", "graphs"}  # a predicate with such a local name becomes e.g. `iriValue`

RETRY_TRIES = 4
RETRY_BASE_SECONDS = 0.25  # backoff 0.25 s, 0.5 s, 1 s between the 4 tries
CONNECTION_TIMEOUT = 5.0

SCHEMA = [
    "CREATE CONSTRAINT dkg_resource_iri IF NOT EXISTS FOR (n:Resource) REQUIRE n.iri IS UNIQUE",
    "CREATE CONSTRAINT dkg_source_graph_iri IF NOT EXISTS FOR (n:SourceGraph) REQUIRE n.iri IS UNIQUE",
    "CREATE INDEX dkg_legal_document_identifier IF NOT EXISTS FOR (n:LegalDocument) ON (n.identifier)",
    "CREATE INDEX dkg_task_number IF NOT EXISTS FOR (n:Task) ON (n.number)",
]

T = TypeVar("T")


# ----------------------------------------------------------------------------------------- names

def local_name(iri: str) -> str:
    """The part of an IRI after its last '#', '/' or ':'."""
    return re.split(r"[#/:]", iri.rstrip("#/"))[-1]


def is_safe_name(name: str) -> bool:
    return bool(SAFE_NAME.match(name))


def relationship_type(predicate_iri: str) -> str | None:
    """UPPER_SNAKE_CASE relationship type of a predicate, or None if its local name is not safe."""
    name = local_name(predicate_iri)
    if not is_safe_name(name):
        return None
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).upper()


def property_name(predicate_iri: str) -> str:
    if predicate_iri == RDFS_LABEL:
        return "label"
    name = local_name(predicate_iri) or "value"
    return name + "Value" if name in RESERVED_PROPERTIES else name


def _label_clause(labels: Iterable[str]) -> str:
    labels = list(labels)
    for label in labels:
        if not is_safe_name(label):  # never reached with projected labels; a guard for the statement text
            raise ValueError(f"unsafe label {label!r}")
    return "".join(f":{label}" for label in labels)


# ------------------------------------------------------------------------------------ projection

@dataclass
class GraphPart:
    """What one named graph contributes: its checksum, the nodes it states, the nodes it only points at,
    and its relationships."""

    iri: str
    checksum: str
    triples: int
    nodes: set[str] = field(default_factory=set)  # subjects of its (projected) triples: `graphs` names it
    refs: set[str] = field(default_factory=set)  # objects of its relationships that it does not state
    relationships: list[tuple[str, str, str]] = field(default_factory=list)  # (subject, TYPE, object)


@dataclass
class Projection:
    graphs: dict[str, GraphPart]
    labels: dict[str, set[str]]  # node iri -> type labels (over all graphs)
    properties: dict[str, dict[str, object]]  # node iri -> property map (over all graphs), without iri/graphs
    skipped_predicates: set[str]
    skipped_types: set[str]
    nodes: set[str] = field(default_factory=set)  # every node any graph states or points at
    relationship_types: set[str] = field(default_factory=set)  # over all graphs

    def node_labels(self, iri: str) -> tuple[str, ...]:
        return tuple(sorted(self.labels.get(iri, ())))

    def node_props(self, iri: str) -> dict[str, object]:
        return dict(self.properties.get(iri, {}))

    def all_labels(self) -> set[str]:
        return {label for labels in self.labels.values() for label in labels}


def _literal_value(lit: Any) -> object:
    dt = lit.datatype.value if lit.datatype is not None else ""
    text = lit.value
    try:
        if dt in INT_TYPES:
            return int(text)
        if dt in FLOAT_TYPES:
            return float(text)
    except ValueError:
        return text
    if dt == BOOL_TYPE:
        return text.strip() in ("true", "1")
    return text


def _final_value(values: set[object]) -> object:
    if len(values) == 1:
        return next(iter(values))
    kinds = {type(v) for v in values}
    if len(kinds) > 1 and not kinds <= {int, float}:
        values = {str(v) for v in values}  # Neo4j lists are homogeneous: mixed kinds become strings
    return sorted(values)


def project(quads: Iterable[Any]) -> Projection:
    """Turn pyoxigraph quads into the property-graph projection (pure Python, no Neo4j)."""
    from pyoxigraph import BlankNode, Literal, NamedNode

    lines: dict[str, list[str]] = defaultdict(list)
    graphs: dict[str, GraphPart] = {}
    labels: dict[str, set[str]] = defaultdict(set)
    values: dict[str, dict[str, set[object]]] = defaultdict(lambda: defaultdict(set))
    skipped_predicates: set[str] = set()
    skipped_types: set[str] = set()
    type_labels: dict[str, str | None] = {}  # rdf:type object -> label (None: not a safe label)
    prop_names: dict[str, str] = {}  # predicate -> property name
    rel_types: dict[str, str | None] = {}  # predicate -> relationship type (None: skipped)
    for q in quads:  # 3.4 M quads at national scale: names are cached, terms read once
        graph_name, subject, predicate, o = q.graph_name, q.subject, q.predicate, q.object
        g = graph_name.value if type(graph_name) is NamedNode else DEFAULT_GRAPH
        kind = type(subject)
        if kind is NamedNode:
            s = subject.value
        elif kind is BlankNode:
            s = BNODE_PREFIX + subject.value
        else:  # an RDF 1.2 triple term as subject: not projected
            continue
        part = graphs.get(g)
        if part is None:
            part = graphs[g] = GraphPart(g, "", 0)
        lines[g].append(f"{subject} {predicate} {o}")
        p = predicate.value
        kind = type(o)
        if kind is Literal:
            part.nodes.add(s)
            name = prop_names.get(p)
            if name is None:
                name = prop_names[p] = property_name(p)
            values[s][name].add(_literal_value(o))
        elif p == RDF_TYPE and kind is NamedNode:
            part.nodes.add(s)
            t = o.value
            if t not in type_labels:
                name = local_name(t)
                type_labels[t] = name if is_safe_name(name) and name not in RESERVED_LABELS else None
            label = type_labels[t]
            if label is None:
                skipped_types.add(t)
            else:
                labels[s].add(label)
        else:
            obj = o.value if kind is NamedNode else BNODE_PREFIX + o.value if kind is BlankNode else None
            if p not in rel_types:
                rel_types[p] = relationship_type(p)
            rel = rel_types[p]
            if obj is None or rel is None:
                skipped_predicates.add(p)
                continue
            part.nodes.add(s)
            part.refs.add(obj)
            part.relationships.append((s, rel, obj))
    for g, part in graphs.items():
        body = sorted(set(lines.pop(g)))
        part.triples = len(body)
        digest = hashlib.sha256(MAPPING_VERSION.encode())
        digest.update("".join(line + "\n" for line in body).encode("utf-8"))
        part.checksum = digest.hexdigest()
        part.relationships = sorted(set(part.relationships))
        part.refs -= part.nodes
    properties = {iri: {k: _final_value(v) for k, v in props.items()} for iri, props in values.items()}
    nodes = {node for part in graphs.values() for node in part.nodes | part.refs}
    types = {rel for rel in rel_types.values() if rel is not None}
    return Projection(graphs, dict(labels), properties, skipped_predicates, skipped_types, nodes, types)


def project_store(store: Any) -> Projection:
    """The projection of a whole store. An Oxigraph store is read named graph by named graph, straight
    into the projection (no list of every quad, and not the merged default graph, which doubles a scan)."""
    if hasattr(store, "scan"):
        return store.scan(project)
    return project(store_quads(store))


def store_quads(store: Any) -> list[Any]:
    """All quads of a store: `.quads()` when it has one, else its N-Quads dump parsed."""
    if hasattr(store, "quads"):
        return list(store.quads())
    from pyoxigraph import RdfFormat, parse

    return list(parse(store.dump_nquads().encode("utf-8"), format=RdfFormat.N_QUADS))


# ---------------------------------------------------------------------------------- connection

def _redact(uri: str) -> str:
    return re.sub(r"//[^/@]*@", "//", uri)


def _first_line(exc: BaseException, limit: int = 300) -> str:
    """The error message on one line (lines joined), shortened to `limit` characters."""
    message = str(getattr(exc, "message", None) or exc or "").strip()
    text = " ".join(line.strip() for line in message.splitlines() if line.strip()) or type(exc).__name__
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _driver(uri: str, user: str | None, password: str | None):
    from neo4j import GraphDatabase
    from neo4j.exceptions import ConfigurationError

    auth = (user, password or "") if user else None
    if not URI_SCHEME.match(uri or ""):
        raise InputError(_redact(uri or "<uri>"), "not a Neo4j URI: use bolt://, neo4j:// (or +s / +ssc for TLS)")
    if re.search(r"//[^/@]*@", uri):  # a password in a URI ends up in shell history and process lists
        raise InputError(_redact(uri), "credentials in the URI are refused: use NEO4J_USER and NEO4J_PASSWORD "
                                       "(or --ask-password)")
    try:
        return GraphDatabase.driver(uri, auth=auth, connection_timeout=CONNECTION_TIMEOUT,
                                    notifications_min_severity="OFF", user_agent="directive-kg")
    except (ConfigurationError, ValueError) as exc:
        raise InputError(_redact(uri), f"not a usable Neo4j URI: {_first_line(exc)}") from None


def with_retries(work: Callable[[], T], tries: int = RETRY_TRIES, base: float = RETRY_BASE_SECONDS,
                 sleep: Callable[[float], None] = time.sleep) -> T:
    """Run `work`, retrying transient failures with exponential backoff (base, 2·base, 4·base, …)."""
    from neo4j.exceptions import ServiceUnavailable, SessionExpired, TransientError

    for attempt in range(1, tries + 1):
        try:
            return work()
        except (ServiceUnavailable, SessionExpired, TransientError):
            if attempt >= tries:
                raise
            sleep(base * 2 ** (attempt - 1))
    raise AssertionError("unreachable")  # pragma: no cover


def _service_error(exc: BaseException, uri: str) -> ServiceError:
    from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired, TransientError

    where = f"Neo4j at {_redact(uri)}"
    if isinstance(exc, AuthError):
        return ServiceError(f"{where} refused the credentials (check NEO4J_USER / NEO4J_PASSWORD)")
    if isinstance(exc, ServiceUnavailable | SessionExpired):
        return ServiceError(f"{where} is unreachable after {RETRY_TRIES} tries: {_first_line(exc)}")
    if isinstance(exc, TransientError):
        return ServiceError(f"{where} kept failing transiently after {RETRY_TRIES} tries: {_first_line(exc)}")
    return ServiceError(f"{where} failed: {_first_line(exc)}")


def _neo4j_errors() -> tuple[type[BaseException], ...]:
    from neo4j.exceptions import DriverError, Neo4jError

    return (Neo4jError, DriverError, OSError)


# ----------------------------------------------------------------------------------------- push

@dataclass
class PushReport:
    nodes: int  # :Resource nodes in Neo4j after the push
    relationships: int  # relationships between them after the push
    graphs_replaced: int  # named graphs (re)written because they were new or changed
    seconds: float
    graphs_unchanged: int = 0
    graphs_removed: int = 0  # named graphs deleted because they are no longer in the store
    replaced: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped_predicates: list[str] = field(default_factory=list)  # IRI-valued predicates with unsafe names

    def to_dict(self) -> dict:
        return asdict(self)


Hook = Callable[[str, str], None]  # (graph iri, stage) — for tests: raise inside to abort a transaction


def _chunks(rows: list[T], size: int) -> Iterable[list[T]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _when(condition: str, clause: str) -> str:
    """`clause` for the rows where `condition` holds (FOREACH over a list of one or zero elements)."""
    return f" FOREACH (_ IN CASE WHEN {condition} THEN [1] ELSE [] END | {clause})"


def _node_statement(labels: Iterable[str], merge: bool) -> str:
    """Write labels and properties of nodes the graph states, whatever their labels, in one statement.

    `merge`: the graph states them (MERGE, the graph added to `graphs`); else they exist and only lost
    the graph (MATCH, `graphs` kept). Each of `labels` (every label the push may meet) is set on the rows
    that have it and removed from the others; only these whitelisted names are in the statement text.
    `graphs` stays sorted by inserting the graph between the smaller and the larger names: no sort and
    no subquery per row (lists the push writes are always sorted).
    """
    if merge:
        text = ("UNWIND $rows AS row MERGE (n:Resource {iri: row.iri}) "
                "WITH n, row, [x IN coalesce(n.graphs, []) WHERE x <> $graph] AS gs "
                "SET n = row.props "
                "SET n.iri = row.iri, "
                "n.graphs = [x IN gs WHERE x < $graph] + [$graph] + [x IN gs WHERE x > $graph]")
    else:
        text = ("UNWIND $rows AS row MATCH (n:Resource {iri: row.iri}) "
                "WITH n, row, coalesce(n.graphs, []) AS gs "
                "SET n = row.props "
                "SET n.iri = row.iri, n.graphs = gs")
    for label in sorted(labels):
        clause = _label_clause([label])
        text += _when(f"'{label}' IN row.labels", f"SET n{clause}") + _when(f"NOT '{label}' IN row.labels",
                                                                            f"REMOVE n{clause}")
    return text


def _relationship_statement(types: Iterable[str]) -> str:
    """Create the relationships of a graph, whatever their types, in one statement. The object is MERGEd:
    a node the graph only points at is created bare if missing, otherwise not written at all (no
    membership change), so a hub thousands of graphs point at costs each of them one index lookup."""
    text = ("UNWIND $rows AS row MATCH (a:Resource {iri: row.s}) "
            "MERGE (b:Resource {iri: row.o}) ON CREATE SET b.graphs = []")
    for rel in sorted(types):
        if not is_safe_name(rel.replace("_", "")):
            raise ValueError(f"unsafe relationship type {rel!r}")
        # MERGE: idempotent, a retried transaction whose first commit went through adds nothing
        text += _when(f"row.t = '{rel}'", f"MERGE (a)-[:{rel} {{graph: $graph}}]->(b)")
    return text


# the old version's relationships: all of them start at nodes that state something in it
CLEAR_RELATIONSHIPS = ("UNWIND $rows AS iri MATCH (n:Resource {iri: iri})-[r]->(m:Resource) "
                       "WHERE r.graph = $graph DELETE r RETURN DISTINCT m.iri AS iri")
CLEAR_MEMBERSHIP = ("UNWIND $rows AS iri MATCH (n:Resource {iri: iri}) WHERE $graph IN n.graphs "
                    "SET n.graphs = [x IN n.graphs WHERE x <> $graph]")
# nothing states it and nothing points at it (a node stating nothing has no outgoing relationship)
DELETE_ORPHANS = ("UNWIND $rows AS iri MATCH (n:Resource {iri: iri}) "
                  "WHERE size(coalesce(n.graphs, [])) = 0 AND NOT (n)--() DELETE n")


def _replace_graph(tx: Any, iri: str, part: GraphPart | None, proj: Projection, known_labels: set[str],
                   batch_size: int, hook: Hook | None, old: list[str] | None = None) -> None:
    """Inside one transaction: drop what Neo4j holds for graph `iri`, then write `part` (None: removed).

    `old`: the nodes whose `graphs` name the graph (read once per push, not per graph: finding them
    here would scan every node once per graph); None when no node names it (as in a first push), which
    skips the clearing.
    """
    def stage(name: str) -> None:
        if hook is not None:
            hook(iri, name)

    def run(statement: str, rows: list, name: str | None = None) -> list[dict]:
        out: list[dict] = []
        for chunk in _chunks(rows, batch_size):
            out.extend(tx.run(statement, rows=chunk, graph=iri).data())
            if name:
                stage(name)
        return out

    new_nodes = part.nodes if part is not None else set()
    new_refs = part.refs if part is not None else set()
    old = old or []
    if old:
        ends = {r["iri"] for r in run(CLEAR_RELATIONSHIPS, old)}
        run(CLEAR_MEMBERSHIP, old)
        run(DELETE_ORPHANS, sorted((set(old) | ends) - new_nodes - new_refs))
    stage("cleared")
    labels = sorted(label for label in known_labels if label not in RESERVED_LABELS)
    # nodes of the new version (MERGE, graph added) and nodes only the old version stated that still
    # exist (MATCH: their labels and properties are recomputed without this graph)
    for merge, iris in ((True, sorted(new_nodes)), (False, sorted(set(old) - new_nodes))):
        rows = [{"iri": node, "props": proj.node_props(node), "labels": list(proj.node_labels(node))}
                for node in iris]
        run(_node_statement(labels, merge), rows, "nodes")
    if part is not None:
        rows = [{"s": s, "t": rel, "o": o} for s, rel, o in part.relationships]
        run(_relationship_statement(proj.relationship_types), rows, "relationships")
        tx.run("MERGE (s:SourceGraph {iri: $graph}) SET s.checksum = $checksum, s.triples = $triples",
               graph=iri, checksum=part.checksum, triples=part.triples).consume()
    else:
        tx.run("MATCH (s:SourceGraph {iri: $graph}) DELETE s", graph=iri).consume()
    stage("commit")


def push(store: Any, uri: str, user: str | None = None, password: str | None = None,
         database: str | None = None, batch_size: int = 1000, *, _hook: Hook | None = None) -> PushReport:
    """Mirror the store into Neo4j: replace each new/changed named graph (one transaction each),
    delete graphs that are gone, leave unchanged graphs alone. Pushing twice changes nothing.

    `_hook(graph_iri, stage)` is called inside each graph's transaction (tests raise from it to
    simulate a push that dies mid-way: that graph's transaction rolls back).
    """
    if batch_size < 1:
        raise InputError("--batch-size", "must be at least 1")
    started = time.monotonic()
    proj = project_store(store)
    driver = _driver(uri, user, password)
    try:
        def session():
            return driver.session(database=database) if database else driver.session()

        def auto(statement: str, **params: object) -> list[dict]:
            def work() -> list[dict]:
                with session() as s:
                    return s.run(statement, params).data()
            return with_retries(work)

        try:
            with_retries(driver.verify_connectivity)
            for statement in SCHEMA:
                auto(statement)
            held = {r["iri"]: r["checksum"] for r in auto("MATCH (s:SourceGraph) RETURN s.iri AS iri, "
                                                          "s.checksum AS checksum")}
            # graphs named on nodes without a :SourceGraph (e.g. after manual edits) are stale as well
            for r in auto("MATCH (n:Resource) UNWIND n.graphs AS g RETURN DISTINCT g"):
                held.setdefault(r["g"], None)
            known_labels = proj.all_labels() | {r["label"] for r in auto("CALL db.labels() YIELD label "
                                                                          "RETURN label")}
            known_labels = {label for label in known_labels if is_safe_name(label)}
            removed = sorted(g for g in held if g not in proj.graphs)
            replaced = sorted(g for g, part in proj.graphs.items() if held.get(g) != part.checksum)
            # the nodes naming each graph about to be cleared: one scan for all of them
            members: dict[str, list[str]] = {}
            targets = [g for g in removed + replaced if g in held]
            if targets:
                for r in auto("MATCH (n:Resource) UNWIND n.graphs AS g WITH n, g WHERE g IN $targets "
                              "RETURN g, collect(n.iri) AS iris", targets=targets):
                    members[r["g"]] = r["iris"]
            for iri in removed + replaced:
                part = proj.graphs.get(iri)

                def work(iri: str = iri, part: GraphPart | None = part) -> None:
                    with session() as s, s.begin_transaction() as tx:
                        _replace_graph(tx, iri, part, proj, known_labels, batch_size, _hook, members.get(iri))
                        tx.commit()
                with_retries(work)
            nodes = auto("MATCH (n:Resource) RETURN count(n) AS c")[0]["c"]
            rels = auto("MATCH (:Resource)-[r]->(:Resource) RETURN count(r) AS c")[0]["c"]
        except _neo4j_errors() as exc:
            raise _service_error(exc, uri) from None
    finally:
        driver.close()
    return PushReport(nodes=nodes, relationships=rels, graphs_replaced=len(replaced),
                      seconds=round(time.monotonic() - started, 3),
                      graphs_unchanged=len(proj.graphs) - len(replaced), graphs_removed=len(removed),
                      replaced=replaced, removed=removed, skipped_predicates=sorted(proj.skipped_predicates))


# ---------------------------------------------------------------------------------------- query

READ_ONLY_REASON = "Cypher writes are not allowed: read-only"
WRITE_CLAUSE = re.compile(r"(?<![\w.$:`])(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|FOREACH|GRANT|REVOKE|DENY|"
                          r"ALTER|RENAME|LOAD\s+CSV|TERMINATE\s+TRANSACTIONS?|(?:START|STOP)\s+DATABASE|"
                          r"(?:ENABLE|DEALLOCATE|REALLOCATE)\s+SERVERS?)\b(?!\s*:)", re.I)
PROCEDURE_CALL = re.compile(r"(?<![\w.$])CALL\s+([A-Za-z_][\w]*(?:\s*\.\s*[A-Za-z_][\w]*)*)", re.I)
WRITE_PROCEDURE_SEGMENT = re.compile(r"^(create|drop|delete|remove|set|merge|add|clear|checkpoint|kill|"
                                     r"terminate|upgrade|reset|load|import|refactor|periodic|write|mutate|"
                                     r"update|rename|run|cypher|do|trigger|tx|execute)", re.I)
WRITE_PROCEDURE_ROOTS = {"apoc", "gds", "n10s"}


def _sanitize(query: str, keep_backticks: bool) -> str:
    """The query with comments and string literals blanked (and backticked names kept or blanked)."""
    out: list[str] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if query.startswith("//", i):
            j = query.find("\n", i)
            i = n if j < 0 else j
            out.append(" ")
        elif query.startswith("/*", i):
            j = query.find("*/", i + 2)
            i = n if j < 0 else j + 2
            out.append(" ")
        elif c in "'\"":
            j = i + 1
            while j < n and query[j] != c:
                j += 2 if query[j] == "\\" else 1
            i = j + 1
            out.append(" '' ")
        elif c == "`":
            j = query.find("`", i + 1)
            while j >= 0 and query.startswith("``", j):  # `` escapes a backtick inside a name
                j = query.find("`", j + 2)
            name = query[i + 1:(n if j < 0 else j)]
            i = n if j < 0 else j + 1
            out.append(name.replace("``", "") if keep_backticks else " x ")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def check_read_only(query: str) -> None:
    """Reject write clauses and write procedures before the query is sent (the server, in READ
    access mode, refuses writes too; this catches them early and names the reason)."""
    names = _sanitize(query, keep_backticks=True)
    for m in PROCEDURE_CALL.finditer(names):
        procedure = re.sub(r"\s+", "", m.group(1))
        segments = procedure.split(".")
        if segments[0].lower() in WRITE_PROCEDURE_ROOTS or any(WRITE_PROCEDURE_SEGMENT.match(s)
                                                                for s in segments[1:]):
            raise InputError("<cypher>", f"{READ_ONLY_REASON} (procedure {procedure} may write)")
    m = WRITE_CLAUSE.search(_sanitize(query, keep_backticks=False))
    if m:
        raise InputError("<cypher>", f"{READ_ONLY_REASON} ({m.group(1).upper()} clause)")


def plain(value: object) -> object:
    """A Neo4j result value as plain Python: nodes → their iri, relationships → a small dict,
    paths → the iris along them, temporal values → ISO strings."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return value.get("iri", value.element_id)
    if isinstance(value, Relationship):
        return {"type": value.type, "start": plain(value.start_node), "end": plain(value.end_node),
                "graph": value.get("graph")}
    if isinstance(value, Path):
        return [plain(node) for node in value.nodes]
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, bytes | bytearray):
        return bytes(value).hex()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    iso = getattr(value, "iso_format", None)
    return iso() if callable(iso) else str(value)


def run_cypher(query: str, params: dict | None, uri: str, user: str | None = None, password: str | None = None,
               database: str | None = None, timeout: float = 60.0, *, _precheck: bool = True) -> QueryResult:
    """Run read-only Cypher with bound parameters; writes raise InputError, server trouble ServiceError."""
    from neo4j import READ_ACCESS, Query
    from neo4j.exceptions import ClientError, ServiceUnavailable, SessionExpired, TransientError

    if not query or not query.strip():
        raise InputError("<cypher>", "empty query")
    if _precheck:
        check_read_only(query)
    params = dict(params or {})
    for key in params:
        if not isinstance(key, str) or not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", key):
            raise InputError("--param", f"not a parameter name: {key!r}")
    driver = _driver(uri, user, password)
    try:
        def work() -> QueryResult:
            kwargs = {"default_access_mode": READ_ACCESS}
            if database:
                kwargs["database"] = database
            with driver.session(**kwargs) as session:
                result = session.run(Query(query, timeout=timeout), params)
                columns = list(result.keys())
                rows = [[plain(v) for v in record.values()] for record in result]
                return QueryResult(columns, rows)
        try:
            return with_retries(work)
        except ClientError as exc:
            code = exc.code or ""
            if "AccessMode" in code or "ForbiddenOnReadOnlyDatabase" in code or "read access mode" in str(exc):
                raise InputError("<cypher>", READ_ONLY_REASON) from None
            if "Security" in code and "Unauthorized" in code or "AuthenticationRateLimit" in code:
                raise _service_error(exc, uri) from None
            raise InputError("<cypher>", f"Cypher error: {_first_line(exc)}") from None
        except (ServiceUnavailable, SessionExpired, TransientError) as exc:
            raise _service_error(exc, uri) from None
        except _neo4j_errors() as exc:
            raise _service_error(exc, uri) from None
    finally:
        driver.close()


# ------------------------------------------------------------------------------------------ CLI

def parse_param(text: str) -> tuple[str, object]:
    """`k=v` → (k, value): v is read as JSON when it is JSON (42, 1.5, true, null, "42", [1, 2]),
    otherwise it is the string itself (57-NQ/TW)."""
    import json

    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", key):
        raise InputError("--param", f"expected NAME=VALUE, got {text!r}")
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    return key, value


def credentials(user: str | None, ask_password: bool) -> tuple[str | None, str | None]:
    """(user, password): the password only from NEO4J_PASSWORD or an interactive prompt."""
    password = os.environ.get("NEO4J_PASSWORD") or None
    if ask_password:
        password = click.prompt("Neo4j password", hide_input=True, default="", show_default=False,
                                err=True) or None
    if password and not user:
        user = "neo4j"
    if user and password is None:
        raise InputError("--user", "no password: set NEO4J_PASSWORD or use --ask-password")
    return user, password


def _quiet_driver_logs() -> None:
    import logging

    logging.getLogger("neo4j").setLevel(logging.CRITICAL)


_uri_option = click.option("--uri", envvar="NEO4J_URI", default=DEFAULT_URI, show_default=True,
                           help="Bolt URI (env NEO4J_URI): bolt://, neo4j://, neo4j+s:// (Aura).")
_user_option = click.option("--user", envvar="NEO4J_USER", default=None,
                            help="User (env NEO4J_USER); the password comes from NEO4J_PASSWORD or --ask-password.")
_database_option = click.option("--database", envvar="NEO4J_DATABASE", default=None,
                                help="Database name (env NEO4J_DATABASE; default: the server's default).")
_ask_option = click.option("--ask-password", is_flag=True, help="Prompt for the password (input hidden).")


@click.group("neo4j")
def neo4j_group() -> None:
    """Project the knowledge graph into Neo4j (see docs/neo4j.md)."""


@neo4j_group.command("push")
@click.option("--store", "store_spec", envvar="DKG_STORE", default=None,
              help="Store path (default ./.dkg/store) or a SPARQL endpoint URL.")
@_uri_option
@_user_option
@_database_option
@_ask_option
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=1000, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def push_command(store_spec: str | None, uri: str, user: str | None, database: str | None, ask_password: bool,
                 batch_size: int, fmt: str) -> None:
    """Push the store into Neo4j: only new or changed source documents are rewritten."""
    import json

    from .store import open_store

    _quiet_driver_logs()
    with user_errors():
        user, password = credentials(user, ask_password)
        report = push(open_store(store_spec), uri, user, password, database, batch_size)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("", "", title=f"Neo4j push → {_redact(uri)}")
    for key in ("nodes", "relationships", "graphs_replaced", "graphs_unchanged", "graphs_removed", "seconds"):
        table.add_row(key.replace("_", " "), str(getattr(report, key)))
    for iri in report.replaced:
        table.add_row("replaced", iri)
    for iri in report.removed:
        table.add_row("removed", iri)
    Console().print(table)


@click.command("cypher")
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Read the query from a file.")
@click.option("--param", "-p", "param_texts", multiple=True, metavar="NAME=VALUE",
              help="Bind $NAME (repeatable); VALUE is JSON if it parses as JSON, else a string.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@_uri_option
@_user_option
@_database_option
@_ask_option
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds.")
def cypher_command(query: str | None, query_file: str | None, param_texts: tuple[str, ...], fmt: str, uri: str,
                   user: str | None, database: str | None, ask_password: bool, timeout: float) -> None:
    """Run a read-only Cypher QUERY against Neo4j (writes are rejected)."""
    from pathlib import Path

    from .report_text import print_result

    _quiet_driver_logs()
    if query_file:
        query = Path(query_file).read_text(encoding="utf-8")
    if not query:
        fail("give a QUERY or -f FILE", EXIT_INPUT)
    with user_errors():
        params = dict(parse_param(p) for p in param_texts)
        user, password = credentials(user, ask_password)
        result = run_cypher(query, params, uri, user, password, database, timeout)
    print_result(result, fmt)
