"""The SHACL traceability rules (directive_kg/shapes/rules.ttl) and `dkg validate` (directive_kg/validate.py).

Every rule has a small graph that passes and one that fails; the example
corpus must show the findings the issue names; the command's formats and
exit codes are checked through click's CliRunner.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import NamedNode, Quad, RdfFormat, parse
from rdflib import Graph
from rdflib.namespace import SH

from directive_kg.cli.validate import command
from directive_kg.rules import load_shapes, one_line_summary, rules_table, validate
from directive_kg.stores import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
G = "https://w3id.org/directive-kg/graph/"

PREFIXES = """
@prefix dkg:  <https://w3id.org/directive-kg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix d:    <https://example.org/doc/> .
"""

# a central mandate document with its 7 task groups (its own source graph)
ROOT_DOC = (
    PREFIXES
    + """
d:root a dkg:LegalDocument , dkg:Resolution ; dkg:identifier "57-NQ/TW" ; rdfs:label "57-NQ/TW" ;
    dkg:dateIssued "2024-12-22"^^xsd:date ; dkg:issuerLevel "central" ; dkg:issuerBody "party" ;
    dkg:mandate true ; dkg:sourcePath "central.md" ;
    dkg:hasTaskGroup d:g1 , d:g2 , d:g3 , d:g4 , d:g5 , d:g6 , d:g7 .
"""
    + "\n".join(
        f'd:g{n} a dkg:TaskGroup ; rdfs:label "{n}. Nhóm {n}" ; prov:wasDerivedFrom d:root .'
        for n in range(1, 8)
    )
)

CATALOG = (
    PREFIXES
    + """
d:other a dkg:LegalDocument , dkg:Plan ; dkg:identifier "1-KH/TU" ; dkg:dateIssued "2025-01-02"^^xsd:date ;
    dkg:issuerLevel "province" ; dkg:mandate false .
"""
)

# a commune plan that passes every rule
PLAN = (
    PREFIXES
    + """
d:plan a dkg:LegalDocument , dkg:Plan ; dkg:identifier "10/KH-UBND" ; rdfs:label "10/KH-UBND" ;
    dkg:dateIssued "2025-07-23"^^xsd:date ; dkg:issuerLevel "commune" ; dkg:issuerBody "state" ;
    dkg:mandate false ; dkg:sourcePath "plan.txt" ;
    dkg:implements d:root ;
    dkg:hasAnnex "I" ; dkg:citesAnnex "I" ;
    dkg:hasCitation d:c1 ; dkg:hasTaskGroup d:pg ; dkg:hasIndicator d:ind ;
    dkg:hasTask d:t1 , d:t2 , d:t3 , d:t4 , d:t5 , d:t6 , d:t7 .
d:c1 a dkg:Citation ; dkg:identifier "57-NQ/TW" ; dkg:citedDocument d:root ; dkg:resolved true ;
    dkg:lineStart 3 ; dkg:lineEnd 3 .
d:pg a dkg:TaskGroup ; rdfs:label "I. Nhóm" ; dkg:alignsWith d:g1 ; prov:wasDerivedFrom d:plan .
d:ind a dkg:Indicator ; rdfs:label "Tỷ lệ chi ngân sách" ; dkg:hasTarget d:tg ; dkg:lineStart 20 ; dkg:lineEnd 21 .
d:tg a dkg:Target ; dkg:year 2030 ; dkg:comparator ">=" ; dkg:value 5.0 ; dkg:measureUnit "%" ;
    dkg:parentValue 3.0 ; dkg:parentComparator ">=" ; prov:wasDerivedFrom d:plan .
d:u a dkg:Unit ; rdfs:label "UBND xã" .
"""
    + "\n".join(
        f'd:t{n} a dkg:Task ; rdfs:label "Nhiệm vụ {n}" ; dkg:inGroup d:pg ; dkg:leadUnit d:u ; dkg:taskSource "body" ;'
        f' dkg:deadline "2025-12"^^xsd:gYearMonth ; dkg:alignsWith d:g{n} ; prov:wasDerivedFrom d:plan ;'
        f" dkg:lineStart {10 + n} ; dkg:lineEnd {10 + n} ."
        for n in range(1, 8)
    )
)


def _quads(turtle: str, graph: str) -> list[Quad]:
    return [
        Quad(t.subject, t.predicate, t.object, NamedNode(G + graph))
        for t in parse(turtle, format=RdfFormat.TURTLE)
    ]


def make_store(path: Path, plan: str = PLAN, root: str = ROOT_DOC, catalog: str = CATALOG) -> OxigraphStore:
    """Load Turtle into a store the way the builder does: one named graph per source, plus the catalog."""
    store = OxigraphStore(path)
    store.replace_all(
        {
            G + "catalog": _quads(catalog, "catalog"),
            G + "source/root": _quads(root, "source/root"),
            G + "source/plan": _quads(plan, "source/plan"),
        }
    )
    return store


def rules_found(tmp_path: Path, plan: str = PLAN, **kw) -> dict[str, list]:
    result = validate(make_store(tmp_path / "s", plan, **kw), lang="en")
    out: dict[str, list] = {}
    for f in result.findings:
        out.setdefault(f.rule, []).append(f)
    return out


def sub(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# --------------------------------------------------------------------------- the shapes themselves
ALL_RULES = {
    "plan-implements-parent",
    "plan-reaches-mandate",
    "task-in-plan",
    "task-lead-unit",
    "task-deadline",
    "task-deadline-after-issue",
    "group-aligned",
    "plan-covers-groups",
    "target-complete",
    "target-below-parent",
    "issued-after-parent",
    "unresolved-reference",
    "missing-identifier",
    "stale-district-reference",
    "missing-annex",
}


def test_every_rule_has_id_severity_and_both_messages() -> None:
    shapes = load_shapes()
    table = {r["rule"]: r for r in rules_table(shapes)}
    assert set(table) >= ALL_RULES
    from rdflib import Namespace

    dkg = Namespace("https://w3id.org/directive-kg/ontology#")
    for shape, _rule in shapes.subject_objects(dkg.ruleId):
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning)
        langs = {m.language for m in shapes.objects(shape, SH.message)}
        for p in shapes.objects(shape, SH.property):
            langs |= {m.language for m in shapes.objects(p, SH.message)}
        assert {"vi", "en"} <= langs, shape


def test_the_passing_graph_passes(tmp_path: Path) -> None:
    assert rules_found(tmp_path) == {}


# --------------------------------------------------------------------------- one failing graph per rule
FAILING = {
    "plan-implements-parent": [("dkg:implements d:root ;", "")],
    "plan-reaches-mandate": [("dkg:implements d:root ;", "dkg:implements d:other ;")],
    "task-in-plan": [
        (
            'd:t1 a dkg:Task ; rdfs:label "Nhiệm vụ 1" ; dkg:inGroup d:pg ;',
            'd:t1 a dkg:Task ; rdfs:label "Nhiệm vụ 1" ;',
        )
    ],
    "task-lead-unit": [
        (
            'dkg:inGroup d:pg ; dkg:leadUnit d:u ; dkg:taskSource "body" ;',
            'dkg:inGroup d:pg ; dkg:taskSource "body" ;',
        )
    ],
    "task-deadline": [
        ('dkg:deadline "2025-12"^^xsd:gYearMonth ; dkg:alignsWith d:g1 ;', "dkg:alignsWith d:g1 ;")
    ],
    "task-deadline-after-issue": [
        (
            'dkg:deadline "2025-12"^^xsd:gYearMonth ; dkg:alignsWith d:g1 ;',
            'dkg:deadline "2025-06-30"^^xsd:date ; dkg:alignsWith d:g1 ;',
        )
    ],
    "group-aligned": [("dkg:alignsWith d:g1 ; prov:wasDerivedFrom d:plan .", "prov:wasDerivedFrom d:plan .")],
    "plan-covers-groups": [("dkg:alignsWith d:g7 ;", "dkg:alignsWith d:g6 ;")],
    "target-complete": [('dkg:measureUnit "%" ;', "")],
    "target-below-parent": [("dkg:value 5.0 ;", "dkg:value 1.5 ;")],
    "issued-after-parent": [
        ('dkg:dateIssued "2025-07-23"^^xsd:date', 'dkg:dateIssued "2024-11-30"^^xsd:date')
    ],
    "unresolved-reference": [("dkg:resolved true", "dkg:resolved false")],
    "missing-identifier": [('dkg:identifier "10/KH-UBND" ;', "")],
    "stale-district-reference": [
        ("dkg:hasAnnex", 'dkg:mentionsDistrict "line 7: UBND huyện" ; dkg:hasAnnex')
    ],
    "missing-annex": [('dkg:citesAnnex "I"', 'dkg:citesAnnex "I" , "II"')],
}


@pytest.mark.parametrize("rule", sorted(FAILING))
def test_rule_fails_on_its_graph(tmp_path: Path, rule: str) -> None:
    plan = PLAN
    for old, new in FAILING[rule]:
        plan = sub(plan, old, new)
    found = rules_found(tmp_path, plan)
    assert rule in found, found.keys()
    f = found[rule][0]
    assert f.message and f.focus and f.document


# --------------------------------------------------------------------------- finer points of single rules
def test_lead_unit_is_a_violation_for_annex_tasks_and_a_warning_otherwise(tmp_path: Path) -> None:
    body = sub(
        PLAN,
        'dkg:inGroup d:pg ; dkg:leadUnit d:u ; dkg:taskSource "body" ;',
        'dkg:inGroup d:pg ; dkg:taskSource "body" ;',
    )
    assert [f.severity for f in rules_found(tmp_path / "a", body)["task-lead-unit"]] == ["warning"]
    annex = sub(
        PLAN,
        'dkg:inGroup d:pg ; dkg:leadUnit d:u ; dkg:taskSource "body" ;',
        'dkg:inGroup d:pg ; dkg:taskSource "annex" ;',
    )
    assert [f.severity for f in rules_found(tmp_path / "b", annex)["task-lead-unit"]] == ["violation"]
    two = sub(PLAN, "dkg:leadUnit d:u ;", "dkg:leadUnit d:u , d:v ;")
    assert "task-lead-unit" in rules_found(tmp_path / "c", two)


def test_recurring_task_needs_no_deadline(tmp_path: Path) -> None:
    plan = sub(
        PLAN,
        'dkg:deadline "2025-12"^^xsd:gYearMonth ; dkg:alignsWith d:g1 ;',
        "dkg:recurring true ; dkg:alignsWith d:g1 ;",
    )
    assert "task-deadline" not in rules_found(tmp_path, plan)


def test_deadline_compared_at_the_precision_available(tmp_path: Path) -> None:
    # July 2025 for a plan of 23 July 2025: not before it at month precision
    plan = sub(
        PLAN,
        'dkg:deadline "2025-12"^^xsd:gYearMonth ; dkg:alignsWith d:g1 ;',
        'dkg:deadline "2025-07"^^xsd:gYearMonth ; dkg:alignsWith d:g1 ;',
    )
    assert "task-deadline-after-issue" not in rules_found(tmp_path / "a", plan)
    plan = sub(
        PLAN,
        'dkg:deadline "2025-12"^^xsd:gYearMonth ; dkg:alignsWith d:g1 ;',
        'dkg:deadline "2024"^^xsd:gYear ; dkg:alignsWith d:g1 ;',
    )
    found = rules_found(tmp_path / "b", plan)["task-deadline-after-issue"]
    assert found[0].severity == "violation" and found[0].lines == (11, 11)


def test_issue_date_compared_at_the_precision_available(tmp_path: Path) -> None:
    same_month = sub(
        PLAN, 'dkg:dateIssued "2025-07-23"^^xsd:date', 'dkg:dateIssued "2024-12"^^xsd:gYearMonth'
    )
    assert "issued-after-parent" not in rules_found(tmp_path, same_month)


def test_chain_through_a_catalog_plan_reaches_the_mandate(tmp_path: Path) -> None:
    catalog = CATALOG.replace("dkg:mandate false .", "dkg:mandate false ; dkg:implements d:root .")
    plan = sub(PLAN, "dkg:implements d:root ;", "dkg:implements d:other ;")
    assert "plan-reaches-mandate" not in rules_found(tmp_path, plan, catalog=catalog)


def test_central_documents_need_no_parent(tmp_path: Path) -> None:
    plan = sub(
        sub(PLAN, "dkg:implements d:root ;", ""), 'dkg:issuerLevel "commune"', 'dkg:issuerLevel "central"'
    )
    found = rules_found(tmp_path, plan)
    assert "plan-implements-parent" not in found and "plan-reaches-mandate" not in found


def test_missing_groups_are_named(tmp_path: Path) -> None:
    plan = sub(
        sub(PLAN, "dkg:alignsWith d:g7 ;", "dkg:alignsWith d:g1 ;"),
        "dkg:alignsWith d:g5 ;",
        "dkg:alignsWith d:g1 ;",
    )
    found = rules_found(tmp_path, plan)["plan-covers-groups"]
    assert len(found) == 1
    assert "5. Nhóm 5" in found[0].message and "7. Nhóm 7" in found[0].message


def test_unnumbered_annex_is_satisfied_by_any_annex(tmp_path: Path) -> None:
    plan = sub(PLAN, 'dkg:citesAnnex "I"', 'dkg:citesAnnex ""')
    assert "missing-annex" not in rules_found(tmp_path / "a", plan)
    plan = sub(sub(PLAN, 'dkg:citesAnnex "I"', 'dkg:citesAnnex ""'), 'dkg:hasAnnex "I" ;', "")
    assert "missing-annex" in rules_found(tmp_path / "b", plan)


def test_date_not_to_the_day_is_a_missing_identifier_warning(tmp_path: Path) -> None:
    plan = sub(PLAN, 'dkg:dateIssued "2025-07-23"^^xsd:date', 'dkg:dateIssued "2025-12"^^xsd:gYearMonth')
    found = rules_found(tmp_path, plan)["missing-identifier"]
    assert [f.severity for f in found] == ["warning"]


def test_district_mention_before_the_reform_is_fine(tmp_path: Path) -> None:
    plan = sub(
        sub(PLAN, "dkg:hasAnnex", 'dkg:mentionsDistrict "line 7: UBND huyện" ; dkg:hasAnnex'),
        'dkg:dateIssued "2025-07-23"^^xsd:date',
        'dkg:dateIssued "2025-06-30"^^xsd:date',
    )
    assert "stale-district-reference" not in rules_found(tmp_path / "a", plan)
    late = sub(PLAN, "dkg:hasAnnex", 'dkg:mentionsDistrict "line 7: UBND huyện" ; dkg:hasAnnex')
    f = rules_found(tmp_path / "b", late)["stale-district-reference"][0]
    assert f.lines == (7, 7) and "UBND huyện" in f.message


def test_lower_is_better_parent(tmp_path: Path) -> None:
    plan = sub(
        PLAN,
        'dkg:parentValue 3.0 ; dkg:parentComparator ">="',
        'dkg:parentValue 3.0 ; dkg:parentComparator "<="',
    )
    assert "target-below-parent" in rules_found(tmp_path / "a", plan)  # 5 > 3 where at most 3 is asked
    plan = sub(plan, "dkg:value 5.0 ;", "dkg:value 2.0 ;")
    assert "target-below-parent" not in rules_found(tmp_path / "b", plan)


def test_messages_in_both_languages(tmp_path: Path) -> None:
    plan = sub(PLAN, "dkg:resolved true", "dkg:resolved false")
    store = make_store(tmp_path / "s", plan)
    vi = [f for f in validate(store, lang="vi").findings if f.rule == "unresolved-reference"][0]
    en = [f for f in validate(store, lang="en").findings if f.rule == "unresolved-reference"][0]
    assert vi.message != en.message and "trích dẫn" in vi.message.lower() and "citation" in en.message
    assert vi.focus_label == "57-NQ/TW" and vi.lines == (3, 3)


def test_parallel_and_serial_runs_agree(tmp_path: Path) -> None:
    plan = sub(PLAN, "dkg:resolved true", "dkg:resolved false")
    store = make_store(tmp_path / "s", plan)
    key = lambda r: sorted((f.rule, f.focus, f.message) for f in r.findings)  # noqa: E731
    assert key(validate(store, workers=1)) == key(validate(store, workers=2))


def test_sparql_parse_cache_is_scoped_to_the_run(tmp_path: Path) -> None:
    """The rdflib patch that parses each SPARQL constraint once is not left installed in the caller's process."""
    from rdflib.plugins.sparql import processor

    from directive_kg.rules.engine import sparql_parse_cache

    original = processor.SPARQLProcessor.query
    store = make_store(tmp_path / "s")
    assert validate(store, workers=1).findings == []  # the passing graph, run in this process
    assert processor.SPARQLProcessor.query is original
    with sparql_parse_cache():
        assert processor.SPARQLProcessor.query is not original
        g = Graph()
        assert list(g.query("ASK { ?s ?p ?o }")) == [False] and list(g.query("ASK { ?s ?p ?o }")) == [False]
    assert processor.SPARQLProcessor.query is original


def test_shapes_load_from_the_package_without_network() -> None:
    g = load_shapes()
    assert len(g) > 100 and not any("http" in str(o) and "owl:imports" in str(p) for _s, p, o in g)


# --------------------------------------------------------------------------- the command
def test_command_json_and_exit_codes(tmp_path: Path) -> None:
    store = make_store(tmp_path / "s", sub(PLAN, 'dkg:measureUnit "%" ;', ""))
    runner = CliRunner()
    res = runner.invoke(command, ["--store", str(store.path), "--format", "json", "--fail-on", "never"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert isinstance(data, list) and data
    assert {"rule", "severity", "document", "focus", "message", "lines"} <= set(data[0])
    assert runner.invoke(command, ["--store", str(store.path), "--format", "json"]).exit_code == 1
    ok = make_store(tmp_path / "ok")
    assert runner.invoke(command, ["--store", str(ok.path)]).exit_code == 0
    warn = make_store(tmp_path / "w", sub(PLAN, "dkg:resolved true", "dkg:resolved false"))
    assert runner.invoke(command, ["--store", str(warn.path)]).exit_code == 0
    assert runner.invoke(command, ["--store", str(warn.path), "--fail-on", "warning"]).exit_code == 1


def test_command_errors_are_one_line(tmp_path: Path) -> None:
    res = CliRunner().invoke(command, ["--store", str(tmp_path / "nothing")])
    assert res.exit_code == 2
    assert "Traceback" not in res.output and len(res.output.strip().splitlines()) == 1


def test_command_ttl_html_text(tmp_path: Path) -> None:
    plan = sub(
        sub(PLAN, "dkg:resolved true", "dkg:resolved false"),
        'dkg:identifier "57-NQ/TW" ; dkg:citedDocument',
        'dkg:identifier "<script>x</script>" ; dkg:citedDocument',
    )
    store = make_store(tmp_path / "s", plan)
    (tmp_path / "plan.txt").write_text("\n".join(f"dòng {n}" for n in range(1, 30)), encoding="utf-8")
    runner = CliRunner()
    ttl = runner.invoke(command, ["--store", str(store.path), "--format", "ttl"])
    g = Graph().parse(data=ttl.stdout, format="turtle")
    assert len(list(g.subjects(None, SH.ValidationResult))) >= 1
    page = runner.invoke(command, ["--store", str(store.path), "--format", "html", "--lang", "en"]).stdout
    assert "<script>x" not in page and "&lt;script&gt;x" in page and "<script" not in page
    text = runner.invoke(command, ["--store", str(store.path), "--corpus", str(tmp_path), "--verbose"]).stdout
    assert "unresolved-reference" in text and "dòng 3" in text


# --------------------------------------------------------------------------- the example corpus
@pytest.fixture(scope="module")
def corpus_findings(store_path: str):
    return validate(OxigraphStore(store_path), lang="en"), OxigraphStore(store_path)


def _has(findings, rule: str, document: str | None = None, text: str = "") -> list:
    return [
        f
        for f in findings
        if f.rule == rule
        and (document is None or f.document_label == document)
        and (text in f.focus_label or text in f.message)
    ]


def test_corpus_unresolved_193_in_536(corpus_findings) -> None:
    found = _has(corpus_findings[0].findings, "unresolved-reference", "536/QĐ-UBND", "193/2025/QH12")
    assert found and found[0].severity == "warning" and found[0].lines


def test_corpus_stale_district_in_536(corpus_findings) -> None:
    assert _has(corpus_findings[0].findings, "stale-district-reference", "536/QĐ-UBND")


def test_corpus_truong_giang_budget_share_below_parent(corpus_findings) -> None:
    found = [
        f
        for f in _has(corpus_findings[0].findings, "target-below-parent", "536/QĐ-UBND")
        if "2030: >1.5" in f.message and "3" in f.message
    ]
    assert found, [f.message for f in _has(corpus_findings[0].findings, "target-below-parent")]


def test_corpus_dan_tien_plan_missing_identifier_and_annex(corpus_findings) -> None:
    findings = corpus_findings[0].findings
    unnumbered = {f.document for f in findings if f.rule == "missing-identifier" and "no number" in f.message}
    assert len(unnumbered) == 1
    (doc,) = unnumbered
    assert [f for f in findings if f.rule == "missing-annex" and f.document == doc]


def test_jena_engine_finds_what_pyshacl_finds_on_the_corpus(corpus_findings) -> None:
    """pyshacl is the reference: Apache Jena over the merge of the example corpus (`--engine jena`)
    must give the same findings, field for field (rule, severity, document, focus, message, lines)."""
    from services import jena_or_skip

    from directive_kg.rules.jena import validate_jena

    jena_or_skip()
    reference, store = corpus_findings
    jena = validate_jena(store, lang="en")

    def rows(findings) -> list[str]:
        return sorted(json.dumps(f.to_json(), sort_keys=True, ensure_ascii=False) for f in findings)

    # the comparison covers document rules, a SPARQL constraint, the SPARQL target and a cross rule
    assert {"task-lead-unit", "missing-annex", "task-deadline-after-issue", "plan-covers-groups"} <= {
        f.rule for f in reference.findings
    }
    assert rows(jena.findings) == rows(reference.findings)


def test_corpus_summary_line(corpus_findings) -> None:
    line = one_line_summary(corpus_findings[1])
    assert line.startswith("validation: ") and "violation" in line and "(dkg validate for details)" in line
