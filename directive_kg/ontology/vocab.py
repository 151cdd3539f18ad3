"""The vocabulary's names, written once: namespaces, their prefixes, the root mandate and the programmes.

Every module that needs an IRI prefix or the identifier of the Politburo's resolution imports it from
here, so a renamed namespace or a second root mandate is a one-line change. The prefixes are the ones
`ontology/dkg.ttl` declares (tests/test_vocab.py holds them equal).
"""

from __future__ import annotations

BASE = "https://w3id.org/directive-kg/"  # default base of minted IRIs (DKG_BASE_IRI overrides it)
DKG = BASE + "ontology#"
DKGSH = BASE + "shapes#"
ELI = "http://data.europa.eu/eli/ontology#"
ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SH = "http://www.w3.org/ns/shacl#"
VANN = "http://purl.org/vocab/vann/"
OSLC_RM = "http://open-services.net/ns/rm#"
QB = "http://purl.org/linked-data/cube#"
CITO = "http://purl.org/spar/cito/"
VS = "http://www.w3.org/2003/06/sw-vocab-status/ns#"  # vs:term_status "unstable": declared, not produced yet
# not in dkg.ttl: the dataset's description (ontology/void.py)
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"

PREFIXES: dict[str, str] = {
    "dkg": DKG,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "dcterms": DCTERMS,
    "vann": VANN,
    "eli": ELI,
    "org": ORG,
    "prov": PROV,
    "skos": SKOS,
    "oslc_rm": OSLC_RM,
    "qb": QB,
    "cito": CITO,
    "vs": VS,
}

RDF_TYPE = RDF + "type"
RDFS_LABEL = RDFS + "label"

# The mandate every plan ultimately carries out (the Politburo's resolution of 22/12/2024) and the
# Government's programmes that break it into numbered tasks.
ROOT_MANDATE = "57-NQ/TW"
PROGRAMME = "03/NQ-CP"  # the Government's action programme: its tasks are what local plans align with
PROGRAMMES = ("03/NQ-CP", "71/NQ-CP")


def sparql_prefixes(*names: str) -> str:
    """`PREFIX name: <iri>` lines for the given prefixes (all of them when none is named)."""
    return "".join(f"PREFIX {n}: <{PREFIXES[n]}>\n" for n in (names or tuple(PREFIXES)))
