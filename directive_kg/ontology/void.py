"""Publishing: the prefixes, the JSON-LD @context and the VoID/DCAT description of a built dataset.

Why here, in one place: `dkg export` (Turtle, TriG, JSON-LD) and `dkg serve` (CONSTRUCT results,
`/context.jsonld`, `/void`) must bind the same prefixes — a Turtle export that says `ns1:` for
`dkg:` broke kglab — and describe the dataset the same way. The @context is generated from dkg.ttl
(every `dkg:` property becomes a short term; object properties are typed `@id`), so it cannot drift
from the ontology. The description is computed from the store when asked (counts, graphs, sources,
licence, build time); it is not stored, so a rebuild of the same corpus still exports the same
N-Quads for the data, and two exports of one build are identical.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad

from ..graph.iris import base_iri, graph_iri
from .vocab import BASE, DCAT, DCTERMS, DKG, OWL, RDF, VOID, XSD
from .vocab import PREFIXES as DECLARED

# the ontology's prefixes and the two the dataset description uses
PREFIXES = {**DECLARED, "dcat": DCAT, "void": VOID}
CONTEXT_URL = BASE + "context.jsonld"  # served by dkg serve at /context.jsonld
LICENSE = "https://opensource.org/licenses/MIT"


@lru_cache(maxsize=1)
def jsonld_context() -> dict[str, Any]:
    """The JSON-LD @context: the prefixes and a short term per dkg: property and class (from dkg.ttl)."""
    from .standard import _ontology_triples

    rdf_type = RDF + "type"
    owl = OWL
    kinds: dict[str, str] = {}
    for t in _ontology_triples():
        if t.predicate.value == rdf_type and t.subject.value.startswith(DKG):
            kind = t.object.value[len(owl) :] if t.object.value.startswith(owl) else None
            if kind in ("ObjectProperty", "DatatypeProperty", "Class"):
                kinds[t.subject.value] = kind
    context: dict[str, Any] = dict(PREFIXES)
    context["label"] = {"@id": "rdfs:label"}
    for iri, kind in sorted(kinds.items()):
        name = iri[len(DKG) :]
        if kind == "ObjectProperty":
            context[name] = {"@id": f"dkg:{name}", "@type": "@id"}
        else:
            context[name] = f"dkg:{name}"
    return context


def void_graph() -> str:
    return graph_iri("void")


def describe(store: Any, endpoint: str | None = None) -> list[Quad]:
    """A VoID + DCAT description of the store's dataset, as quads of the graph `…/graph/void`."""
    from .standard import derived_graphs

    g = NamedNode(void_graph())
    ds = NamedNode(base_iri() + "dataset")
    rdf, dcterms, void, dcat = RDF, DCTERMS, VOID, DCAT
    out: list[Quad] = []

    def add(s: NamedNode, p: str, o: NamedNode | Literal) -> None:
        out.append(Quad(s, NamedNode(p), o, g))

    def integer(n: object) -> Literal:
        return Literal(str(int(n)), datatype=NamedNode(XSD + "integer"))  # type: ignore[call-overload]

    add(ds, rdf + "type", NamedNode(void + "Dataset"))
    add(ds, rdf + "type", NamedNode(dcat + "Dataset"))
    add(
        ds,
        dcterms + "title",
        Literal("directive-kg: Resolution 57-NQ/TW and the plans that carry it out", language="en"),
    )
    add(
        ds,
        dcterms + "title",
        Literal("directive-kg: Nghị quyết 57-NQ/TW và các kế hoạch thực hiện", language="vi"),
    )
    add(ds, dcterms + "license", NamedNode(LICENSE))
    add(
        ds,
        dcterms + "rights",
        Literal(
            "Source documents are Vietnamese administrative documents, not protected by copyright "
            "(Law on Intellectual Property, Art. 15); the graph is MIT-licensed.",
            language="en",
        ),
    )
    add(ds, void + "uriSpace", Literal(base_iri()))
    for prefix in ("dkg", "eli", "org", "skos", "prov", "dcterms", "cito", "qb", "oslc_rm"):
        add(ds, void + "vocabulary", NamedNode(PREFIXES[prefix].rstrip("#")))
    add(ds, void + "vocabulary", NamedNode(DKG))
    # the build time only where the description is served: an export stays byte-identical across
    # rebuilds of the same corpus (a contract the shared checks hold)
    if endpoint and (built := store.built_at()) is not None:
        add(
            ds,
            dcterms + "modified",
            Literal(built.strftime("%Y-%m-%dT%H:%M:%SZ"), datatype=NamedNode(XSD + "dateTime")),
        )
    if endpoint:
        add(ds, void + "sparqlEndpoint", NamedNode(endpoint))
        service = NamedNode(endpoint + "#service")
        add(ds, dcat + "accessService", service)
        add(service, rdf + "type", NamedNode(dcat + "DataService"))
        add(service, dcat + "endpointURL", NamedNode(endpoint))
    add(ds, void + "dataDump", NamedNode(base_iri() + "dump.nq"))  # what `dkg export` writes
    from ..queries import read

    sources = {r.g: r.path for r in read.void_sources(store)}
    total = 0
    for row in sorted(read.void_graphs(store), key=lambda r: str(r.g)):
        sub = NamedNode(str(row.g))
        add(ds, void + "subset", sub)
        add(sub, rdf + "type", NamedNode(void + "Dataset"))
        add(sub, void + "triples", integer(row.n))
        if str(row.g) in derived_graphs():
            add(
                sub,
                dcterms + "description",
                Literal("derived at build time (directive_kg/ontology/standard.py)", language="en"),
            )
        elif row.g in sources:
            add(sub, dcterms + "source", Literal(str(sources[row.g])))
        total += int(row.n)
    add(ds, void + "triples", integer(total))
    add(ds, void + "distinctSubjects", integer(read.void_subjects(store)))
    for cls in sorted(read.void_classes(store), key=lambda r: str(r.c)):
        part = NamedNode(f"{base_iri()}dataset/class/{str(cls.c)[len(DKG) :]}")
        add(ds, void + "classPartition", part)
        add(part, void + "class", NamedNode(str(cls.c)))
        add(part, void + "entities", integer(cls.n))
    return out
