"""The ontology (dkg.ttl), the reference catalog (catalog.yaml) and docs/ontology.md."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "directive_kg" / "ontology"
TTL = ONTOLOGY_DIR / "dkg.ttl"
CATALOG = ONTOLOGY_DIR / "catalog.yaml"
GEN_DOCS = ROOT / "scripts" / "gen_ontology_docs.py"

DKG = Namespace("https://w3id.org/directive-kg/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
OSLC_RM = Namespace("http://open-services.net/ns/rm#")

# The local names the graph builder is written against.
CLASSES = {
    "LegalDocument",
    "Resolution",
    "Decision",
    "Plan",
    "Programme",
    "Directive",
    "Conclusion",
    "Law",
    "Guidance",
    "Submission",
    "OtherDocument",
    "Citation",
    "TaskGroup",
    "Task",
    "Indicator",
    "Target",
    "Unit",
    "AdministrativeArea",
    "Province",
    "Commune",
    "Responsibility",
    "Alignment",
    "SourceSpan",
}
OBJECT_PROPERTIES = {
    "issuedBy",
    "implements",
    "implementedBy",
    "legalBasis",
    "cites",
    "hasCitation",
    "citedDocument",
    "hasTaskGroup",
    "hasTask",
    "inGroup",
    "leadUnit",
    "coordinatingUnit",
    "hasIndicator",
    "hasTarget",
    "alignsWith",
    "hasAlignment",
    "alignedTo",
    "contributesTo",
    "locatedIn",
    "jurisdiction",
    "hasResponsibility",
    "responsibleUnit",
    "amends",
}
DATATYPE_PROPERTIES = {
    "identifier",
    "documentNumber",
    "documentSymbol",
    "dateIssued",
    "title",
    "issuerLevel",
    "issuerBody",
    "text",
    "rawText",
    "number",
    "deadline",
    "recurring",
    "output",
    "taskSource",
    "year",
    "comparator",
    "value",
    "measureUnit",
    "method",
    "score",
    "resolved",
    "note",
    "lineStart",
    "lineEnd",
    "sourcePath",
    "sourceSha256",
    "ocrSuspect",
    "citesAnnex",
    "hasAnnex",
    "mentionsDistrict",
}
DOCUMENT_KINDS = {
    "resolution",
    "decision",
    "plan",
    "program",
    "directive",
    "conclusion",
    "law",
    "guidance",
    "submission",
    "other",
}
# Vietnamese letters (lower case) — names in the catalog must keep their diacritics.
_DIACRITIC = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]")


# --------------------------------------------------------------------------- ontology


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    g.parse(TTL, format="turtle")
    return g


def _local_terms(graph: Graph, rdf_type: URIRef) -> set[str]:
    return {
        str(s)[len(str(DKG)) :] for s in graph.subjects(RDF.type, rdf_type) if str(s).startswith(str(DKG))
    }


def test_turtle_parses_and_has_an_ontology_header(graph: Graph) -> None:
    onto = URIRef("https://w3id.org/directive-kg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in graph
    assert str(graph.value(onto, OWL.versionInfo)) == "0.1.0"
    dcterms = Namespace("http://purl.org/dc/terms/")
    assert graph.value(onto, dcterms.license) is not None
    assert {o.language for o in graph.objects(onto, dcterms.title)} >= {"en", "vi"}
    assert {o.language for o in graph.objects(onto, dcterms.description)} >= {"en", "vi"}


@pytest.mark.parametrize(
    ("rdf_type", "expected"),
    [
        (OWL.Class, CLASSES),
        (OWL.ObjectProperty, OBJECT_PROPERTIES),
        (OWL.DatatypeProperty, DATATYPE_PROPERTIES),
    ],
    ids=["classes", "object-properties", "datatype-properties"],
)
def test_every_required_local_name_exists(graph: Graph, rdf_type: URIRef, expected: set[str]) -> None:
    missing = expected - _local_terms(graph, rdf_type)
    assert not missing, f"missing {rdf_type.fragment}: {sorted(missing)}"


def test_every_term_has_bilingual_labels_and_comments(graph: Graph) -> None:
    problems = []
    for rdf_type in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for name in sorted(_local_terms(graph, rdf_type)):
            term = DKG[name]
            for prop in (RDFS.label, RDFS.comment):
                langs = {o.language for o in graph.objects(term, prop) if isinstance(o, Literal)}
                for lang in ("vi", "en"):
                    if lang not in langs:
                        problems.append(f"{name}: no {prop.fragment}@{lang}")
    assert not problems, "\n".join(problems)


def test_vietnamese_labels_carry_diacritics(graph: Graph) -> None:
    # Labels that are genuinely accent-free Vietnamese would be fine, but every
    # label we have has at least one marked letter; losing them all means an
    # encoding accident.
    bare = [
        str(s)
        for s, o in graph.subject_objects(RDFS.label)
        if str(s).startswith(str(DKG))
        and isinstance(o, Literal)
        and o.language == "vi"
        and not _DIACRITIC.search(str(o).lower())
    ]
    assert not bare, bare


def test_no_imports_and_no_deprecated_eli_implements(graph: Graph) -> None:
    assert not list(graph.triples((None, OWL.imports, None)))
    # (comments may *mention* eli:implements as deprecated; no triple may use the IRI)
    assert not any(ELI.implements in (s, p, o) for s, p, o in graph)


def test_key_mappings_to_reused_vocabularies(graph: Graph) -> None:
    expected = [
        (DKG.LegalDocument, RDFS.subClassOf, ELI.LegalResource),
        (DKG.LegalDocument, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")),
        (DKG.Unit, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")),
        (DKG.TaskGroup, RDFS.subClassOf, URIRef("http://www.w3.org/2004/02/skos/core#Concept")),
        (DKG.Target, RDFS.subClassOf, URIRef("http://purl.org/linked-data/cube#Observation")),
        (DKG.Province, RDFS.subClassOf, DKG.AdministrativeArea),
        (DKG.Commune, RDFS.subClassOf, DKG.AdministrativeArea),
        (DKG.issuedBy, RDFS.subPropertyOf, ELI.passed_by),
        (DKG.implements, RDFS.subPropertyOf, ELI.applies),
        (DKG.implements, RDFS.subPropertyOf, DKG.cites),
        (DKG.implements, OWL.inverseOf, DKG.implementedBy),
        (DKG.implementedBy, OWL.equivalentProperty, OSLC_RM.implementedBy),
        (DKG.legalBasis, RDFS.subPropertyOf, ELI.based_on),
        (DKG.legalBasis, RDFS.subPropertyOf, DKG.cites),
        (DKG.cites, RDFS.subPropertyOf, ELI.cites),
        (DKG.amends, RDFS.subPropertyOf, ELI.amends),
        (DKG.identifier, RDFS.subPropertyOf, ELI.id_local),
        (DKG.dateIssued, RDFS.subPropertyOf, ELI.date_document),
        (DKG.title, RDFS.subPropertyOf, ELI.title),
    ]
    missing = [t for t in expected if t not in graph]
    assert not missing, missing
    for sub in DOCUMENT_CLASSES_BY_KIND.values():
        assert (DKG[sub], RDFS.subClassOf, DKG.LegalDocument) in graph, sub


DOCUMENT_CLASSES_BY_KIND = {
    "resolution": "Resolution",
    "decision": "Decision",
    "plan": "Plan",
    "program": "Programme",
    "directive": "Directive",
    "conclusion": "Conclusion",
    "law": "Law",
    "guidance": "Guidance",
    "submission": "Submission",
    "other": "OtherDocument",
}


# --------------------------------------------------------------------------- catalog


@pytest.fixture(scope="module")
def catalog() -> dict:
    with CATALOG.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def test_catalog_top_level(catalog: dict) -> None:
    assert catalog["version"] == 1
    assert isinstance(catalog["sources"], dict) and catalog["sources"]
    for sid, src in catalog["sources"].items():
        assert src.get("title"), sid
        assert "url" in src, sid
    assert catalog["districts_abolished"] == "2025-07-01"
    assert catalog["districts_abolished_source"] in catalog["sources"]


def test_every_document_is_complete_and_sourced(catalog: dict) -> None:
    sources = catalog["sources"]
    for doc in catalog["documents"]:
        ident = doc.get("identifier")
        for key in ("identifier", "kind", "level", "body", "date", "source"):
            assert doc.get(key), f"{ident}: no {key}"
        assert doc["source"] in sources, f"{ident}: unknown source {doc['source']!r}"
        assert doc["kind"] in DOCUMENT_KINDS, ident
        assert doc["level"] in {"central", "province", "commune"}, ident
        assert doc["body"] in {"party", "state", "front", "other"}, ident
        assert doc.get("confidence") in {"high", "medium", "low"}, ident
        assert isinstance(doc.get("mandate"), bool), ident
        assert isinstance(doc.get("implements"), list) and isinstance(doc.get("amends"), list), ident
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", doc["date"]), f"{ident}: date {doc['date']!r}"
        if len(doc["date"]) == 10:
            dt.date.fromisoformat(doc["date"])


def test_document_identifiers_are_unique_and_relations_resolve(catalog: dict) -> None:
    idents = [d["identifier"] for d in catalog["documents"]]
    assert len(idents) == len(set(idents))
    known = set(idents)
    for doc in catalog["documents"]:
        for rel in ("implements", "amends"):
            for target in doc[rel]:
                assert target in known, f"{doc['identifier']} {rel} {target}: not in the catalog"
                assert target != doc["identifier"]


def test_catalog_holds_the_primer_documents(catalog: dict) -> None:
    by_id = {d["identifier"]: d for d in catalog["documents"]}
    expected = {
        "57-NQ/TW",
        "204-QĐ/TW",
        "03/NQ-CP",
        "193/2025/QH15",
        "88/2025/NĐ-CP",
        "71/NQ-CP",
        "01-KH/BCĐTW",
        "02-KH/BCĐTW",
        "45-NQ/TW",
        "328-KH/TU",
        "348/KH-UBND",
        "359-KH/TU",
        "336-KH/TU",
        "327/QĐ-UBND",
        "22-KH/TU",
        "15-KH/TU",
        "219/KH-UBND",
        "586/QĐ-TTg",
    }
    assert expected <= set(by_id)
    assert by_id["57-NQ/TW"]["date"] == "2024-12-22" and by_id["57-NQ/TW"]["mandate"] is True
    assert by_id["03/NQ-CP"]["implements"] == ["57-NQ/TW"]
    assert by_id["71/NQ-CP"]["amends"] == ["03/NQ-CP"]
    assert set(by_id["348/KH-UBND"]["implements"]) == {"71/NQ-CP", "328-KH/TU"}
    assert by_id["88/2025/NĐ-CP"]["confidence"] == "medium"
    for ident in ("15-KH/TU", "219/KH-UBND"):
        assert by_id[ident]["province"] is None
        assert "Thái Nguyên" in by_id[ident]["note"]
    assert by_id["348/KH-UBND"]["province"] == "Nghệ An"
    assert by_id["22-KH/TU"]["province"] == "Gia Lai"


def test_provinces(catalog: dict) -> None:
    provinces = catalog["provinces"]
    names = [p["name"] for p in provinces]
    assert len(provinces) == 34
    assert len(set(names)) == 34
    kinds = [p["kind"] for p in provinces]
    assert kinds.count("tỉnh") == 28 and kinds.count("thành phố") == 6
    assert {p["name"] for p in provinces if p["kind"] == "thành phố"} == {
        "Hà Nội",
        "Huế",
        "Hải Phòng",
        "Đà Nẵng",
        "Thành phố Hồ Chí Minh",
        "Cần Thơ",
    }
    former = [f for p in provinces for f in p["formerly"]]
    assert len(former) == len(set(former)) == 63 - 34  # every pre-2025 unit accounted for once
    assert not set(former) & set(names)
    for p in provinces:
        assert p["source"] in catalog["sources"], p["name"]
    # every province a catalog document names is a current province
    for doc in catalog["documents"]:
        if doc["province"] is not None:
            assert doc["province"] in names, doc["identifier"]


# --------------------------------------------------------------------------- docs


def test_generated_docs_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(GEN_DOCS), "--check"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_docs_generation_is_deterministic(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "12345"):
        out = tmp_path / f"ontology-{seed}.md"
        subprocess.run(
            [sys.executable, str(GEN_DOCS), "--output", str(out)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_check_flags_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "ontology.md"
    stale.write_text("# stale\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(GEN_DOCS), "--check", "--output", str(stale)],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    assert result.returncode == 1
    assert stale.read_text(encoding="utf-8") == "# stale\n"  # --check never writes
