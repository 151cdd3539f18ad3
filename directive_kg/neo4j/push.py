"""Pushing a store into Neo4j: each new or changed named graph replaced in one transaction, gone graphs deleted."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

from ..errors import InputError
from .connection import driver as open_driver
from .connection import neo4j_errors, service_error, with_retries
from .mapping import RESERVED_LABELS, GraphPart, Projection, is_safe_name, label_clause, project_store

SCHEMA = [
    "CREATE CONSTRAINT dkg_resource_iri IF NOT EXISTS FOR (n:Resource) REQUIRE n.iri IS UNIQUE",
    "CREATE CONSTRAINT dkg_source_graph_iri IF NOT EXISTS FOR (n:SourceGraph) REQUIRE n.iri IS UNIQUE",
    "CREATE INDEX dkg_legal_document_identifier IF NOT EXISTS FOR (n:LegalDocument) ON (n.identifier)",
    "CREATE INDEX dkg_task_number IF NOT EXISTS FOR (n:Task) ON (n.number)",
    # the main kinds looked up by IRI under their own label (MATCH (p:Plan {iri: $x}) uses the index)
    "CREATE CONSTRAINT dkg_plan_iri IF NOT EXISTS FOR (n:Plan) REQUIRE n.iri IS UNIQUE",
    "CREATE CONSTRAINT dkg_task_iri IF NOT EXISTS FOR (n:Task) REQUIRE n.iri IS UNIQUE",
    "CREATE CONSTRAINT dkg_unit_iri IF NOT EXISTS FOR (n:Unit) REQUIRE n.iri IS UNIQUE",
    # words of task texts and unit names, diacritics folded (Lucene ASCII folding: "chuyen doi so"
    # finds "chuyển đổi số"): CALL db.index.fulltext.queryNodes('dkg_text', 'chuyen doi so')
    "CREATE FULLTEXT INDEX dkg_text IF NOT EXISTS FOR (n:Task|Unit) ON EACH [n.text, n.label] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}",
]

T = TypeVar("T")


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
        yield rows[i : i + size]


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
        text = (
            "UNWIND $rows AS row MERGE (n:Resource {iri: row.iri}) "
            "WITH n, row, [x IN coalesce(n.graphs, []) WHERE x <> $graph] AS gs "
            "SET n = row.props "
            "SET n.iri = row.iri, "
            "n.graphs = [x IN gs WHERE x < $graph] + [$graph] + [x IN gs WHERE x > $graph]"
        )
    else:
        text = (
            "UNWIND $rows AS row MATCH (n:Resource {iri: row.iri}) "
            "WITH n, row, coalesce(n.graphs, []) AS gs "
            "SET n = row.props "
            "SET n.iri = row.iri, n.graphs = gs"
        )
    for label in sorted(labels):
        clause = label_clause([label])
        text += _when(f"'{label}' IN row.labels", f"SET n{clause}") + _when(
            f"NOT '{label}' IN row.labels", f"REMOVE n{clause}"
        )
    return text


def _relationship_statement(types: Iterable[str]) -> str:
    """Create the relationships of a graph, whatever their types, in one statement. The object is MERGEd:
    a node the graph only points at is created bare if missing, otherwise not written at all (no
    membership change), so a hub thousands of graphs point at costs each of them one index lookup."""
    text = (
        "UNWIND $rows AS row MATCH (a:Resource {iri: row.s}) "
        "MERGE (b:Resource {iri: row.o}) ON CREATE SET b.graphs = []"
    )
    for rel in sorted(types):
        if not is_safe_name(rel.replace("_", "")):
            raise ValueError(f"unsafe relationship type {rel!r}")
        # MERGE: idempotent, a retried transaction whose first commit went through adds nothing
        text += _when(f"row.t = '{rel}'", f"MERGE (a)-[:{rel} {{graph: $graph}}]->(b)")
    return text


# the old version's relationships: all of them start at nodes that state something in it
CLEAR_RELATIONSHIPS = (
    "UNWIND $rows AS iri MATCH (n:Resource {iri: iri})-[r]->(m:Resource) "
    "WHERE r.graph = $graph DELETE r RETURN DISTINCT m.iri AS iri"
)
CLEAR_MEMBERSHIP = (
    "UNWIND $rows AS iri MATCH (n:Resource {iri: iri}) WHERE $graph IN n.graphs "
    "SET n.graphs = [x IN n.graphs WHERE x <> $graph]"
)
# nothing states it and nothing points at it (a node stating nothing has no outgoing relationship)
DELETE_ORPHANS = (
    "UNWIND $rows AS iri MATCH (n:Resource {iri: iri}) "
    "WHERE size(coalesce(n.graphs, [])) = 0 AND NOT (n)--() DELETE n"
)


def _replace_graph(
    tx: Any,
    iri: str,
    part: GraphPart | None,
    proj: Projection,
    known_labels: set[str],
    batch_size: int,
    hook: Hook | None,
    old: list[str] | None = None,
) -> None:
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
        rows = [
            {"iri": node, "props": proj.node_props(node), "labels": list(proj.node_labels(node))}
            for node in iris
        ]
        run(_node_statement(labels, merge), rows, "nodes")
    if part is not None:
        rows = [{"s": s, "t": rel, "o": o} for s, rel, o in part.relationships]
        run(_relationship_statement(proj.relationship_types), rows, "relationships")
        tx.run(
            "MERGE (s:SourceGraph {iri: $graph}) SET s.checksum = $checksum, s.triples = $triples",
            graph=iri,
            checksum=part.checksum,
            triples=part.triples,
        ).consume()
    else:
        tx.run("MATCH (s:SourceGraph {iri: $graph}) DELETE s", graph=iri).consume()
    stage("commit")


def push(
    store: Any,
    uri: str,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    batch_size: int = 1000,
    *,
    _hook: Hook | None = None,
) -> PushReport:
    """Mirror the store into Neo4j: replace each new/changed named graph (one transaction each),
    delete graphs that are gone, leave unchanged graphs alone. Pushing twice changes nothing.

    `_hook(graph_iri, stage)` is called inside each graph's transaction (tests raise from it to
    simulate a push that dies mid-way: that graph's transaction rolls back).
    """
    if batch_size < 1:
        raise InputError("--batch-size", "must be at least 1")
    started = time.monotonic()
    proj = project_store(store)
    driver = open_driver(uri, user, password)
    try:

        def session() -> Any:
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
            held = {
                r["iri"]: r["checksum"]
                for r in auto("MATCH (s:SourceGraph) RETURN s.iri AS iri, s.checksum AS checksum")
            }
            # graphs named on nodes without a :SourceGraph (e.g. after manual edits) are stale as well
            for r in auto("MATCH (n:Resource) UNWIND n.graphs AS g RETURN DISTINCT g"):
                held.setdefault(r["g"], None)
            known_labels = proj.all_labels() | {
                r["label"] for r in auto("CALL db.labels() YIELD label RETURN label")
            }
            known_labels = {label for label in known_labels if is_safe_name(label)}
            removed = sorted(g for g in held if g not in proj.graphs)
            replaced = sorted(g for g, part in proj.graphs.items() if held.get(g) != part.checksum)
            # the nodes naming each graph about to be cleared: one scan for all of them
            members: dict[str, list[str]] = {}
            targets = [g for g in removed + replaced if g in held]
            if targets:
                for r in auto(
                    "MATCH (n:Resource) UNWIND n.graphs AS g WITH n, g WHERE g IN $targets "
                    "RETURN g, collect(n.iri) AS iris",
                    targets=targets,
                ):
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
        except neo4j_errors() as exc:
            raise service_error(exc, uri) from None
    finally:
        driver.close()
    return PushReport(
        nodes=nodes,
        relationships=rels,
        graphs_replaced=len(replaced),
        seconds=round(time.monotonic() - started, 3),
        graphs_unchanged=len(proj.graphs) - len(replaced),
        graphs_removed=len(removed),
        replaced=replaced,
        removed=removed,
        skipped_predicates=sorted(proj.skipped_predicates),
    )
