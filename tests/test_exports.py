"""`dkg export` for other tools (issue 19): prefixes bound, JSON-LD compacted with the published @context,
a VoID/DCAT description in every export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from directive_kg.cli import main
from directive_kg.ontology.void import CONTEXT_URL, PREFIXES, jsonld_context

DKG = "https://w3id.org/directive-kg/ontology#"
VOID = "http://rdfs.org/ns/void#"


@pytest.fixture(scope="module")
def exports(store_path, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("exports")
    files = {}
    for fmt in ("nquads", "turtle", "trig", "jsonld"):
        files[fmt] = out / f"graph.{fmt}"
        res = CliRunner().invoke(
            main, ["export", "--store", store_path, "--format", fmt, "--out", str(files[fmt])]
        )
        assert res.exit_code == 0, res.output
    return files


def test_turtle_binds_the_project_prefixes(exports):
    text = exports["turtle"].read_text(encoding="utf-8")
    for prefix in ("dkg", "eli", "org", "skos", "prov", "dcterms", "void", "dcat"):
        assert f"@prefix {prefix}: <{PREFIXES[prefix]}> ." in text
    assert "@prefix ns1:" not in text
    g = rdflib.Graph().parse(data=text, format="turtle")
    assert dict(g.namespace_manager.namespaces())["dkg"] == rdflib.URIRef(DKG)
    # 57-NQ/TW is there, with the standard terms beside the dkg: ones
    doc = next(g.subjects(rdflib.URIRef(DKG + "identifier"), rdflib.Literal("57-NQ/TW")))
    assert (doc, rdflib.URIRef(PREFIXES["eli"] + "id_local"), rdflib.Literal("57-NQ/TW")) in g
    trig = exports["trig"].read_text(encoding="utf-8")
    assert f"@prefix dkg: <{DKG}> ." in trig and "@prefix ns1:" not in trig


def test_jsonld_is_compacted_with_the_published_context(exports):
    doc = json.loads(exports["jsonld"].read_text(encoding="utf-8"))
    assert doc["@context"] == jsonld_context()
    assert doc["@context"]["hasTask"] == {"@id": "dkg:hasTask", "@type": "@id"}
    text = exports["jsonld"].read_text(encoding="utf-8")
    assert '"identifier": "57-NQ/TW"' in text and f'"{DKG}identifier"' not in text
    back = rdflib.Dataset().parse(data=text, format="json-ld")
    nquads = rdflib.Dataset().parse(data=exports["nquads"].read_text(encoding="utf-8"), format="nquads")
    assert len(back) == len(nquads)
    assert CONTEXT_URL.endswith("/context.jsonld")


def test_every_export_carries_a_void_dcat_description(exports, store):
    ds = rdflib.Dataset().parse(data=exports["nquads"].read_text(encoding="utf-8"), format="nquads")
    void = ds.graph(rdflib.URIRef("https://w3id.org/directive-kg/graph/void"))
    dataset = rdflib.URIRef("https://w3id.org/directive-kg/dataset")
    types = set(void.objects(dataset, rdflib.RDF.type))
    assert {rdflib.URIRef(VOID + "Dataset"), rdflib.URIRef("http://www.w3.org/ns/dcat#Dataset")} <= types
    total = int(void.value(dataset, rdflib.URIRef(VOID + "triples")))
    stored = int(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0])
    assert total == stored
    subsets = set(void.objects(dataset, rdflib.URIRef(VOID + "subset")))
    assert rdflib.URIRef("https://w3id.org/directive-kg/graph/ontology") in subsets
    sources = {str(o) for o in void.objects(None, rdflib.DCTERMS.source)}
    assert "000_61e0d19b87fa339e.txt" in {Path(s).name for s in sources}  # a commune plan of the corpus
    assert void.value(dataset, rdflib.DCTERMS.license) == rdflib.URIRef("https://opensource.org/licenses/MIT")
    # no build time in an export: a rebuild of the same corpus exports the same bytes (the endpoint's
    # /void states it)
    assert void.value(dataset, rdflib.DCTERMS.modified) is None
    # plans: the four commune plans and the provincial ones in the catalog (class partition)
    part = next(
        p for p in void.objects(dataset, rdflib.URIRef(VOID + "classPartition")) if str(p).endswith("/Plan")
    )
    assert int(void.value(part, rdflib.URIRef(VOID + "entities"))) >= 3


def test_two_exports_of_one_build_are_identical(exports, store_path, tmp_path):
    again = tmp_path / "again.nq"
    res = CliRunner().invoke(main, ["export", "--store", store_path, "--out", str(again)])
    assert res.exit_code == 0
    assert again.read_bytes() == exports["nquads"].read_bytes()


KGLAB_READS = """
import json, sys
import kglab
kg = kglab.KnowledgeGraph()
kg.load_rdf(sys.argv[1], format="ttl")
ns = {k: str(v) for k, v in kg.get_ns_dict().items()}
df = kg.query_as_df("SELECT ?id WHERE { ?d a dkg:Plan ; dkg:identifier ?id }")  # no PREFIX line
print(json.dumps({"ns": ns, "plans": sorted(str(x) for x in df["id"])}))
"""


def test_kglab_reads_the_turtle_export_with_its_prefixes(exports):
    """kglab (its own venv, scripts/kglab-env.sh) loads the Turtle export and queries with `dkg:` as the
    file binds it: the `ns1:` prefix the export used to bind broke exactly this (issue 19)."""
    import subprocess

    from services import kglab_python_or_skip

    python = kglab_python_or_skip()
    done = subprocess.run(
        [python, "-c", KGLAB_READS, str(exports["turtle"])], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    for prefix in ("dkg", "eli", "org", "skos", "prov"):
        assert got["ns"][prefix] == PREFIXES[prefix]
    # the example corpus's plans, read from the documents' headers (000: 10/KH-UBND, 002: 108/KH-UBND)
    assert {"10/KH-UBND", "108/KH-UBND"} <= set(got["plans"])
