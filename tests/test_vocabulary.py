"""Terms drift (issue 19): the data uses only declared terms, and every documented term is produced.

On the example corpus built by the real `dkg build` (conftest's store):
- every `dkg:` predicate or class in the documents' graphs is declared in dkg.ttl;
- every other predicate or class there is one dkg.ttl names (as a super-term) or RDF/RDFS's own;
- every `dkg:` term dkg.ttl declares is produced: found in the data, or written by the builder for
  document forms the example corpus lacks (a class name in graph/builder.py), or a super-class of a
  produced class — unless dkg.ttl marks it `vs:term_status "unstable"` (declared, not produced yet),
  which docs/ontology.md then says;
- every `dkg:` term the docs mention is declared, and produced unless marked unstable;
- the standard terms and the ontology graph are there for a standard client (eli:cites,
  org:Organization, skos:prefLabel…), with the prefixes a Turtle reader expects.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, parse

from directive_kg.ontology.standard import derived_graphs, ontology_graph, standard_graph

ROOT = Path(__file__).resolve().parent.parent
DKG = "https://w3id.org/directive-kg/ontology#"
OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
VS_STATUS = "http://www.w3.org/2003/06/sw-vocab-status/ns#term_status"
SUB_CLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
OWN = {RDF_TYPE, "http://www.w3.org/2000/01/rdf-schema#label"}


@pytest.fixture(scope="module")
def ontology():
    triples = list(parse(path=str(ROOT / "directive_kg/ontology/dkg.ttl"), format=RdfFormat.TURTLE))
    declared = {
        t.subject.value
        for t in triples
        if t.predicate.value == RDF_TYPE
        and t.subject.value.startswith(DKG)
        and t.object.value.startswith(OWL)
    }
    unstable = {
        t.subject.value for t in triples if t.predicate.value == VS_STATUS and t.object.value == "unstable"
    }
    named = {
        term.value
        for t in triples
        for term in (t.subject, t.predicate, t.object)
        if isinstance(term, NamedNode)
    }
    supers = {(t.subject.value, t.object.value) for t in triples if t.predicate.value == SUB_CLASS}
    annotations = {
        t.subject.value
        for t in triples
        if t.predicate.value == RDF_TYPE and t.object.value == OWL + "AnnotationProperty"
    }
    return {
        "declared": declared,
        "unstable": unstable,
        "named": named,
        "supers": supers,
        "annotations": annotations,
    }


@pytest.fixture(scope="module")
def used(store):
    """Predicates and classes of the documents' graphs (not the ontology's, not the entailed ones)."""
    skip = ", ".join(f"<{g}>" for g in derived_graphs())
    preds = store.query(
        f"SELECT DISTINCT ?p WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g NOT IN ({skip})) }}"
    ).rows
    types = store.query(
        f"SELECT DISTINCT ?t WHERE {{ GRAPH ?g {{ ?s a ?t }} FILTER(?g NOT IN ({skip})) }}"
    ).rows
    return {r[0] for r in preds} | {r[0] for r in types}


def test_the_data_uses_only_declared_terms(ontology, used):
    undeclared = sorted(t for t in used if t.startswith(DKG) and t not in ontology["declared"])
    assert undeclared == []
    foreign = sorted(t for t in used if not t.startswith(DKG) and t not in OWN and t not in ontology["named"])
    assert foreign == []


def _produced(ontology, used) -> set[str]:
    builder = (ROOT / "directive_kg/graph/builder.py").read_text(encoding="utf-8")
    shapes = (ROOT / "directive_kg/shapes/rules.ttl").read_text(encoding="utf-8")
    # the rules' annotation properties live in the shapes, not in the data
    in_shapes = {DKG + n for n in re.findall(r"(?<![\w:-])dkg:([A-Za-z]\w*)", shapes)}
    produced = set(used) | (in_shapes & ontology["annotations"])
    produced |= {t for t in ontology["declared"] if f'"{t[len(DKG) :]}"' in builder}  # document forms
    for sub, sup in ontology["supers"]:
        if sub in produced:
            produced.add(sup)
    return produced


def test_every_declared_term_is_produced_or_marked_unstable(ontology, used, store):
    produced = _produced(ontology, used)
    entailed = {
        r[0]
        for r in store.query(f"SELECT DISTINCT ?p WHERE {{ GRAPH <{standard_graph()}> {{ ?s ?p ?o }} }}").rows
    }
    missing = sorted(t for t in ontology["declared"] - ontology["unstable"] if t not in produced | entailed)
    assert missing == []
    # and what is marked unstable is indeed not produced (else the mark is stale)
    stale = sorted(t for t in ontology["unstable"] if t in used)
    assert stale == []


def test_documented_terms_are_declared_and_produced(ontology, used, store):
    produced = _produced(ontology, used) | {
        r[0]
        for r in store.query(f"SELECT DISTINCT ?p WHERE {{ GRAPH <{standard_graph()}> {{ ?s ?p ?o }} }}").rows
    }
    problems = []
    for doc in sorted((ROOT / "docs").glob("*.md")):
        for name in sorted(
            set(re.findall(r"(?<![\w:-])dkg:([A-Za-z][A-Za-z0-9]*)", doc.read_text(encoding="utf-8")))
        ):
            term = DKG + name
            if term not in ontology["declared"]:
                problems.append(f"{doc.name}: dkg:{name} is not declared in dkg.ttl")
            elif term not in produced and term not in ontology["unstable"]:
                problems.append(f"{doc.name}: dkg:{name} is documented but never produced")
    assert problems == []
    ontology_md = (ROOT / "docs/ontology.md").read_text(encoding="utf-8")
    for term in ontology["unstable"]:
        row = next(
            line for line in ontology_md.splitlines() if line.startswith(f"| `dkg:{term[len(DKG) :]}`")
        )
        assert "not produced yet" in row, term


def test_standard_terms_and_the_ontology_are_in_the_store(store):
    def ask(query: str) -> bool:
        return bool(store.query(query).rows[0][0])

    prefixes = (
        "PREFIX eli: <http://data.europa.eu/eli/ontology#> PREFIX org: <http://www.w3.org/ns/org#> "
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX dcterms: <http://purl.org/dc/terms/> "
        "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX dkg: <https://w3id.org/directive-kg/ontology#> "
    )
    # 10/KH-UBND implements 57-NQ/TW (SOURCES.md): an eli:applies and an eli:cites, in the default graph
    assert ask(
        prefixes
        + 'ASK { ?d dkg:identifier "10/KH-UBND" ; eli:applies ?r ; eli:cites ?r . ?r dkg:identifier "57-NQ/TW" }'
    )
    assert ask(
        prefixes
        + 'ASK { ?r dkg:identifier "57-NQ/TW" ; dkg:implementedBy ?d . ?d eli:id_local "10/KH-UBND" }'
    )
    assert ask(
        prefixes
        + 'ASK { ?d eli:date_document "2025-09-10"^^<http://www.w3.org/2001/XMLSchema#date> ; dcterms:identifier "536/QĐ-UBND" }'
    )
    assert ask(prefixes + 'ASK { ?u a org:Organization ; skos:prefLabel "Bộ Chính trị"@vi }')
    # a unit named in two spellings (case, or OCR-damaged diacritics as in 71/NQ-CP's text): one prefLabel,
    # the other spelling an altLabel
    from directive_kg.text import fold

    rows = store.query(
        prefixes + "SELECT ?u ?p ?a WHERE { ?u a dkg:Unit ; skos:prefLabel ?p ; skos:altLabel ?a }"
    ).rows

    def words(x: str) -> list[str]:  # spelling without case, diacritics or OCR'd punctuation
        return re.findall(r"\w+", fold(x))

    assert rows and all(words(p) == words(a) and p[:1].isupper() for _, p, a in rows)
    assert any(p.lower() == a.lower() for _, p, a in rows)
    assert ask(
        prefixes
        + f"ASK {{ GRAPH <{ontology_graph()}> {{ dkg:Unit <http://www.w3.org/2000/01/rdf-schema#subClassOf> org:Organization }} }}"
    )
    # the documents' own graphs keep only what the documents state
    assert not ask(prefixes + f"ASK {{ GRAPH ?g {{ ?s eli:cites ?o }} FILTER(?g != <{standard_graph()}>) }}")
