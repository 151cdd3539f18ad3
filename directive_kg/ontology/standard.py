"""Standard vocabularies in the data: the ontology in its own graph and the standard terms it entails.

Why: `dkg.ttl` aligns every `dkg:` term with ELI, W3C ORG, SKOS, PROV and Dublin Core
(`rdfs:subPropertyOf` / `rdfs:subClassOf`), but a client that knows only those vocabularies — a
SPARQL user asking for `eli:cites`, `org:Organization` or `skos:prefLabel` — found nothing, because
no store here reasons over the axioms. At build time (build.py feeds `StandardTerms` each graph as it is made):

- the ontology itself goes into the named graph `…/graph/ontology`, so the data describes its terms;
- every triple whose predicate (or class, for `rdf:type`) has standard super-terms in `dkg.ttl` is
  stated again with each of them, transitively through `dkg:` super-terms (`dkg:legalBasis ⊑
  dkg:cites ⊑ eli:cites` gives `eli:based_on` and `eli:cites`), into the named graph
  `…/graph/standard-terms` — entailments kept apart, as GraphDB keeps its implicit statements, so a
  document's graph holds what the document states and the Neo4j projection skips them;
- a unit's name is its `skos:prefLabel` (one: a capitalised, then shortest form) and its other
  spellings `skos:altLabel`, as the ontology's comment on `dkg:Unit` says (W3C ORG's convention).

Only non-`dkg:` super-terms are stated: the `dkg:` ones are what the data already says.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Triple, parse

from ..graph.iris import base_iri, graph_iri
from .vocab import DKG, OWL, RDF_TYPE, RDFS, RDFS_LABEL, SKOS

SUB_PROPERTY = RDFS + "subPropertyOf"
SUB_CLASS = RDFS + "subClassOf"


def ontology_graph() -> str:
    return graph_iri("ontology")


def standard_graph() -> str:
    return graph_iri("standard-terms")


def derived_graphs() -> set[str]:
    """The graphs a build adds beside the documents' (skipped where only document facts count)."""
    return {ontology_graph(), standard_graph()}


@lru_cache(maxsize=1)
def _ontology_triples() -> tuple:
    """dkg.ttl's triples, its blank nodes (the owl:unionOf lists) skolemised to IRIs numbered in file
    order: two builds export byte-identical N-Quads, and a SPARQL server gives the graph back
    unchanged (a parser's or a server's blank node labels differ from run to run)."""
    data = resources.files("directive_kg.ontology").joinpath("dkg.ttl").read_bytes()
    names: dict[str, NamedNode] = {}

    def stable(term: object) -> object:
        if isinstance(term, BlankNode):
            if term.value not in names:
                names[term.value] = NamedNode(f"{base_iri()}.well-known/genid/ontology-{len(names)}")
            return names[term.value]
        return term

    return tuple(
        Triple(stable(t.subject), t.predicate, stable(t.object))  # type: ignore[arg-type]
        for t in parse(data, format=RdfFormat.TURTLE)
    )


def _closure(edges: dict[str, set[str]]) -> dict[str, list[NamedNode]]:
    """Each dkg: term → its non-dkg super-terms, reached through any chain of super-terms."""
    out: dict[str, list[NamedNode]] = {}
    for term in edges:
        seen: set[str] = set()
        todo = list(edges[term])
        while todo:
            sup = todo.pop()
            if sup in seen:
                continue
            seen.add(sup)
            todo.extend(edges.get(sup, ()))
        out[term] = [NamedNode(s) for s in sorted(seen) if not s.startswith(DKG)]
    return {k: v for k, v in out.items() if v}


@lru_cache(maxsize=1)
def inverse_terms() -> dict[str, list[NamedNode]]:
    """P → the properties stated the other way round: `dkg:implementedBy owl:inverseOf dkg:implements`
    gives, for `a dkg:implements b`, `b dkg:implementedBy a` and `b oslc_rm:implementedBy a` (its
    equivalent)."""
    equivalents: dict[str, set[str]] = defaultdict(set)
    inverses: dict[str, set[str]] = defaultdict(set)
    for t in _ontology_triples():
        if isinstance(t.subject, NamedNode) and isinstance(t.object, NamedNode):
            if t.predicate.value == OWL + "equivalentProperty":
                equivalents[t.subject.value].add(t.object.value)
            elif t.predicate.value == OWL + "inverseOf":
                inverses[t.object.value].add(t.subject.value)
    return {
        p: [NamedNode(x) for x in sorted(invs | {e for i in invs for e in equivalents[i]})]
        for p, invs in inverses.items()
    }


@lru_cache(maxsize=1)
def super_terms() -> tuple[dict[str, list[NamedNode]], dict[str, list[NamedNode]]]:
    """(dkg property → standard super-properties, dkg class → standard super-classes) from dkg.ttl."""
    props: dict[str, set[str]] = defaultdict(set)
    classes: dict[str, set[str]] = defaultdict(set)
    for t in _ontology_triples():
        if not isinstance(t.subject, NamedNode) or not isinstance(t.object, NamedNode):
            continue
        if t.predicate.value == SUB_PROPERTY:
            props[t.subject.value].add(t.object.value)
        elif t.predicate.value == SUB_CLASS:
            classes[t.subject.value].add(t.object.value)
    return _closure(props), _closure(classes)


def _preferred(labels: list[Literal]) -> Literal:
    return sorted(labels, key=lambda v: (not v.value[:1].isupper(), len(v.value), v.value))[0]


class StandardTerms:
    """The standard-vocabulary triples the documents' graphs entail, gathered graph by graph.

    A build feeds it each graph as it is made (`add`), so the whole dataset is never held at once;
    `quads` gives the standard-terms graph at the end (units' preferred and alternative labels need
    every graph's labels).
    """

    def __init__(self) -> None:
        self.props, self.classes = super_terms()
        self.inverses = inverse_terms()
        self.target = NamedNode(standard_graph())
        self.out: set[Quad] = set()
        self.units: set[object] = set()
        self.labels: dict[object, set[Literal]] = defaultdict(set)

    def add(self, name: str, quads: Iterable[Quad]) -> None:
        if name in derived_graphs():
            return
        props, classes, inverses, target, out = self.props, self.classes, self.inverses, self.target, self.out
        rdf_type, label, unit = NamedNode(RDF_TYPE), RDFS_LABEL, DKG + "Unit"
        for q in quads:
            p = q.predicate.value
            if p == RDF_TYPE:
                if q.object.value == unit:
                    self.units.add(q.subject)
                for sup in classes.get(q.object.value, ()):
                    out.add(Quad(q.subject, rdf_type, sup, target))
            else:
                for sup in props.get(p, ()):
                    out.add(Quad(q.subject, sup, q.object, target))
                for inv in inverses.get(p, ()):
                    if not isinstance(q.object, Literal):
                        out.add(Quad(q.object, inv, q.subject, target))  # type: ignore[arg-type]
                if p == label and isinstance(q.object, Literal):
                    self.labels[q.subject].add(q.object)

    def quads(self) -> list[Quad]:
        pref, alt = NamedNode(SKOS + "prefLabel"), NamedNode(SKOS + "altLabel")
        out = set(self.out)
        for u in self.units:
            names = sorted(self.labels.get(u, ()), key=str)
            if not names:
                continue
            best = _preferred(names)
            out.add(Quad(u, pref, best, self.target))  # type: ignore[arg-type]
            out.update(Quad(u, alt, n, self.target) for n in names if n.value != best.value)  # type: ignore[arg-type]
        return sorted(out, key=str)


def ontology_quads() -> list[Quad]:
    """The ontology's own triples, in the ontology graph."""
    onto = NamedNode(ontology_graph())
    return sorted((Quad(t.subject, t.predicate, t.object, onto) for t in _ontology_triples()), key=str)
