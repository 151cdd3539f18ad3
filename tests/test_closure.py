"""The materialised mandate closure (`dkg:carriesOut`) says what the path definition says."""

from __future__ import annotations

from pyoxigraph import NamedNode, Quad

from directive_kg.graph.closure import (
    ALIGNS_WITH,
    CARRIES_OUT,
    COVERS,
    HAS_TASK,
    HAS_TASK_GROUP,
    IMPLEMENTS,
    carries_out,
    covers,
)
from directive_kg.queries import run

EX = "https://example.org/"


def n(local: str) -> NamedNode:
    return NamedNode(EX + local)


def q(s: str, p: NamedNode, o: str, g: str) -> Quad:
    return Quad(n(s), p, n(o), n(g))


def stated(added: dict[str, list[Quad]], subject: str, predicate: NamedNode) -> set[str]:
    return {
        x.object.value.removeprefix(EX)
        for quads in added.values()
        for x in quads
        if x.subject == n(subject) and x.predicate == predicate
    }


def targets(added: dict[str, list[Quad]], task: str) -> set[str]:
    return stated(added, task, CARRIES_OUT)


def test_plan_chain_alignments_and_cycles():
    graphs = {
        EX + "g/catalog": [
            q("C", IMPLEMENTS, "D", "g/catalog"),
            q("D", HAS_TASK_GROUP, "D/g1", "g/catalog"),
            q("C", HAS_TASK, "C/t1", "g/catalog"),
            q("C/t1", ALIGNS_WITH, "D/g1", "g/catalog"),
            q("X", IMPLEMENTS, "Y", "g/catalog"),
            q("Y", IMPLEMENTS, "X", "g/catalog"),
        ],
        # P implements PP implements D: P's task carries out PP and D, not P itself
        EX + "g/p": [q("P", IMPLEMENTS, "PP", "g/p"), q("P", HAS_TASK, "P/t", "g/p")],
        EX + "g/pp": [q("PP", IMPLEMENTS, "D", "g/pp"), q("PP", HAS_TASK, "PP/t", "g/pp")],
        # Q implements nothing; its tasks reach directives only through alignments
        EX + "g/q": [
            q("Q", HAS_TASK, "Q/a", "g/q"),
            q("Q/a", ALIGNS_WITH, "C/t1", "g/q"),
            q("Q", HAS_TASK, "Q/b", "g/q"),
            q("Q/b", ALIGNS_WITH, "D/g1", "g/q"),
            q("Q", HAS_TASK, "Q/c", "g/q"),
        ],
        # a cycle of implements ends
        EX + "g/z": [q("Z", IMPLEMENTS, "X", "g/z"), q("Z", HAS_TASK, "Z/t", "g/z")],
    }
    added = carries_out(graphs)
    assert targets(added, "P/t") == {"PP", "D"}
    assert targets(added, "PP/t") == {"D"}
    assert targets(added, "Q/a") == {"C", "D"}  # a task of C, which implements D
    assert targets(added, "Q/b") == {"D"}  # a group of D itself
    assert targets(added, "Q/c") == set()
    assert targets(added, "Z/t") == {"X", "Y"}
    assert targets(added, "C/t1") == {
        "D"
    }  # a central task aligned with a group of the directive it implements
    # each quad lands in the graph that states the task
    assert {x.graph_name.value for x in added[EX + "g/q"]} == {EX + "g/q"}
    assert EX + "g/catalog" in added and all(x.subject == n("C/t1") for x in added[EX + "g/catalog"])


PATH_DEFINITION = """
PREFIX dkg: <https://w3id.org/directive-kg/ontology#>
SELECT DISTINCT ?t ?d WHERE {
  ?d dkg:identifier ?id .
  { ?p dkg:implements+ ?d . ?p dkg:hasTask ?t }
  UNION
  { ?c dkg:implements* ?d . ?c dkg:hasTaskGroup|dkg:hasTask ?anchor .
    ?x dkg:alignsWith? ?anchor . ?t dkg:alignsWith ?x . ?p dkg:hasTask ?t }
}"""


def test_materialised_closure_equals_the_path_definition(store):
    """On the example corpus: `carriesOut` is exactly what the property paths say, for every directive."""
    by_path = {tuple(r) for r in store.query(PATH_DEFINITION).rows}
    stated = {
        tuple(r)
        for r in store.query(
            "PREFIX dkg: <https://w3id.org/directive-kg/ontology#> "
            "SELECT DISTINCT ?t ?d WHERE { ?t dkg:carriesOut ?d . ?d dkg:identifier ?id }"
        ).rows
    }
    assert by_path and stated == by_path
    directives = {d for _, d in stated}
    assert any(d.endswith("57-nq_tw") for d in directives) and any(d.endswith("03_nq-cp") for d in directives)


def test_implementers_of_03_lists_every_task_the_path_definition_names(store):
    """Tasks of plans that only align with 03/NQ-CP's tasks are listed, with all their alignments."""
    rows = run("implementers", {"mandate": "03/NQ-CP"}, store)
    col = rows.columns.index("task")
    listed = {r[col] for r in rows.rows}
    expected = {t for t, d in store.query(PATH_DEFINITION).rows if d.endswith("03_nq-cp")}
    local = {
        r[0]
        for r in store.query(
            "PREFIX dkg: <https://w3id.org/directive-kg/ontology#> SELECT ?t WHERE { ?p dkg:hasTask ?t ; "
            "dkg:issuerLevel ?l FILTER(?l != 'central') }"
        ).rows
    }
    assert listed == expected & local and listed


def covered(added: dict[str, list[Quad]], plan: str) -> set[str]:
    return stated(added, plan, COVERS)


def test_covers_direct_and_through_a_central_task():
    graphs = {
        EX + "g/central": [
            q("CP", HAS_TASK, "CP/t1", "g/central"),
            q("CP/t1", ALIGNS_WITH, "R/g2", "g/central"),
            q("R", HAS_TASK_GROUP, "R/g1", "g/central"),
            q("R", HAS_TASK_GROUP, "R/g2", "g/central"),
        ],
        EX + "g/p": [
            q("P", HAS_TASK, "P/a", "g/p"),
            q("P/a", ALIGNS_WITH, "R/g1", "g/p"),
            q("P", HAS_TASK, "P/b", "g/p"),
            q("P/b", ALIGNS_WITH, "CP/t1", "g/p"),
            q("P", HAS_TASK, "P/c", "g/p"),
            q("P/c", ALIGNS_WITH, "R/g1", "g/p"),
        ],
        EX + "g/empty": [q("E", HAS_TASK, "E/a", "g/empty")],
    }
    added = covers(graphs)
    assert covered(added, "P") == {"R/g1", "CP/t1", "R/g2"}  # R/g2 only through the central task
    assert covered(added, "E") == set()
    assert covered(added, "CP") == {"R/g2"}
    assert len(added[EX + "g/p"]) == 3  # once per (plan, mandate), in the plan's graph
    assert all(x.graph_name == n("g/p") for x in added[EX + "g/p"])


def test_covers_equals_the_path_definition(store):
    """On the example corpus: dkg:covers is exactly hasTask/alignsWith/alignsWith? (what gaps used to ask)."""
    prefix = "PREFIX dkg: <https://w3id.org/directive-kg/ontology#>\n"
    stated = {tuple(r) for r in store.query(prefix + "SELECT DISTINCT ?p ?m WHERE { ?p dkg:covers ?m }").rows}
    paths = {
        tuple(r)
        for r in store.query(
            prefix
            + """SELECT DISTINCT ?p ?m WHERE {
        ?p dkg:hasTask ?t . { ?t dkg:alignsWith ?m } UNION { ?t dkg:alignsWith ?x . ?x dkg:alignsWith ?m } }"""
        ).rows
    }
    assert stated == paths
    assert len(stated) > 50


def test_derive_replaces_derived_quads_left_by_an_earlier_build():
    """A kept graph brings the closures of the build that made it; derive() computes them again."""
    from directive_kg.graph.closure import derive

    graphs = {
        EX + "g/central": [
            q("CP", HAS_TASK, "CP/t1", "g/central"),
            q("CP/t1", ALIGNS_WITH, "R/g2", "g/central"),
            q("R", HAS_TASK_GROUP, "R/g2", "g/central"),
        ],
        # kept from an earlier build: P/a used to align with R/g9 (gone), its derived quads say so
        EX + "g/p": [
            q("P", HAS_TASK, "P/a", "g/p"),
            q("P/a", ALIGNS_WITH, "CP/t1", "g/p"),
            q("P", COVERS, "R/g9", "g/p"),
            q("P/a", CARRIES_OUT, "OLD", "g/p"),
        ],
    }
    counts = derive(graphs)
    assert covered(graphs, "P") == {"CP/t1", "R/g2"}
    assert targets(graphs, "P/a") == {"CP", "R"}
    assert counts["covers"] == 3 and counts["carries_out"] == 3  # P: 2 covers, CP: 1; P/a: 2, CP/t1: 1
    again = {name: list(quads) for name, quads in graphs.items()}
    derive(graphs)
    assert graphs == again  # idempotent: nothing is stated twice
