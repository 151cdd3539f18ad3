"""The RDF → property-graph mapping: names, labels, relationship types and the projection of a store.


The mapping (documented in docs/neo4j.md; Cypher queries elsewhere in the project rely on it):

* every IRI resource → a node ``:Resource`` plus the local names of its ``rdf:type`` s as labels
  (``:LegalDocument:Plan``, ``:Task``, …), with properties ``iri`` and ``graphs`` (sorted list of the
  named graphs that state something about it, i.e. where it is the subject of a triple; a graph that
  only points at it is not listed, so hubs such as 57-NQ/TW, pointed at by thousands of documents, are
  not rewritten by each of them; a node no graph states has ``graphs: []``);
* literal-valued triples → node properties named by the predicate's local name (``rdfs:label`` →
  ``label``); xsd:integer → int, xsd:decimal/double/float → float, xsd:boolean → bool, xsd:date →
  Date, everything else → its lexical form (string); several values → a sorted list, except
  ``label``, which stays one string (``preferred_label``) with every form in a list ``labels``;
* a ``:Decision`` that has tasks or task groups promulgates a plan: it is ``:Plan:Decision``, so
  ``MATCH (p:Plan)`` finds every plan document whatever its form;
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
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..ontology.vocab import RDF_TYPE, RDFS_LABEL
from ..stores.base import GraphStore
from .values import final_value, literal_value, preferred_label

MAPPING_VERSION = "dkg-neo4j-mapping/3"  # part of every graph checksum: a mapping change re-pushes all

DEFAULT_GRAPH = "urn:x-dkg:default-graph"
BNODE_PREFIX = "urn:x-dkg:bnode:"

SAFE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
RESOURCE = "Resource"
SOURCE_GRAPH = "SourceGraph"
RESERVED_LABELS = {RESOURCE, SOURCE_GRAPH}
RESERVED_PROPERTIES = {
    "iri",
    "graphs",
    "labels",
}  # a predicate with such a local name becomes e.g. `iriValue`
PLAN_MARKS = {"hasTask", "hasTaskGroup"}  # what makes a document a plan (its own tasks)
PLAN_FORMS = {"Decision"}  # document forms that promulgate a plan when they carry tasks


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


def label_clause(labels: Iterable[str]) -> str:
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


def project(quads: Iterable[Any]) -> Projection:
    """Turn pyoxigraph quads into the property-graph projection (pure Python, no Neo4j)."""
    from pyoxigraph import BlankNode, Literal, NamedNode

    from ..ontology.standard import derived_graphs

    lines: dict[str, list[str]] = defaultdict(list)
    graphs: dict[str, GraphPart] = {}
    labels: dict[str, set[str]] = defaultdict(set)
    values: dict[str, dict[str, set[object]]] = defaultdict(lambda: defaultdict(set))
    skipped_predicates: set[str] = set()
    skipped_types: set[str] = set()
    type_labels: dict[str, str | None] = {}  # rdf:type object -> label (None: not a safe label)
    prop_names: dict[str, str] = {}  # predicate -> property name
    rel_types: dict[str, str | None] = {}  # predicate -> relationship type (None: skipped)
    with_tasks: set[str] = set()  # subjects with tasks or task groups of their own
    skipped_graphs = derived_graphs()  # the ontology and the standard terms it entails: not documents' facts
    for q in quads:  # 3.4 M quads at national scale: names are cached, terms read once
        graph_name, subject, predicate, o = q.graph_name, q.subject, q.predicate, q.object
        g = graph_name.value if type(graph_name) is NamedNode else DEFAULT_GRAPH
        if g in skipped_graphs:
            continue
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
            values[s][name].add(literal_value(o))
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
            if local_name(p) in PLAN_MARKS:
                with_tasks.add(s)
    for g, part in graphs.items():
        body = sorted(set(lines.pop(g)))
        part.triples = len(body)
        digest = hashlib.sha256(MAPPING_VERSION.encode())
        digest.update("".join(line + "\n" for line in body).encode("utf-8"))
        part.checksum = digest.hexdigest()
        part.relationships = sorted(set(part.relationships))
        part.refs -= part.nodes
    properties = {iri: _node_properties(props) for iri, props in values.items()}
    _mark_plans(labels, with_tasks)
    nodes = {node for part in graphs.values() for node in part.nodes | part.refs}
    types = {rel for rel in rel_types.values() if rel is not None}
    return Projection(graphs, dict(labels), properties, skipped_predicates, skipped_types, nodes, types)


def _mark_plans(labels: dict[str, set[str]], with_tasks: set[str]) -> None:
    """A decision with tasks of its own promulgates a plan: it is a :Plan too."""
    for s in with_tasks:
        if labels.get(s, set()) & PLAN_FORMS:
            labels[s].add("Plan")


def _node_properties(props: dict[str, set[object]]) -> dict[str, object]:
    out = {k: final_value(v) for k, v in props.items()}
    if isinstance(out.get("label"), list):  # aliases: one `label`, every form in `labels`
        forms = [str(v) for v in out["label"]]  # type: ignore[union-attr]
        out["label"], out["labels"] = preferred_label(forms), forms
    return out


def project_store(store: GraphStore) -> Projection:
    """The projection of a whole store, read named graph by named graph straight into the projection
    (no list of every quad, and not the merged default graph, which doubles a scan)."""
    return store.scan(project)


def store_quads(store: GraphStore) -> list[Any]:
    """All quads of a store's named graphs."""
    return store.quads()
