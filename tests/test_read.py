"""The read model (directive_kg/queries/read.py): typed rows from a real build of examples/corpus.

Expected values are read from the documents themselves (file and line named at each assertion).
"""

from __future__ import annotations

import dataclasses

import pytest

from directive_kg.queries import read

CENTRAL = "examples/corpus/central"


@pytest.fixture(scope="module")
def docs(store):
    return {d.identifier: d for d in read.documents(store) if d.identifier}


def test_rows_are_dataclasses_named_by_the_query_columns(store):
    rows = read.documents(store)
    assert rows and all(dataclasses.is_dataclass(r) for r in rows)
    assert {f.name for f in dataclasses.fields(read.DocumentRow)} >= {"identifier", "level", "date"}


def test_the_root_mandate_and_the_programme(docs):
    # 57-NQ-TW.md: "Nghị quyết số 57-NQ/TW … ngày 22 tháng 12 năm 2024" of the Politburo
    assert docs["57-NQ/TW"].level == "central"
    assert docs["57-NQ/TW"].date == "2024-12-22"
    # 03-NQ-CP.md:4-5: "Số: 03/NQ-CP", "Hà Nội, ngày 09 tháng 01 năm 2025"
    assert docs["03/NQ-CP"].date == "2025-01-09"


def test_central_groups_are_the_seven_of_section_iii(store):
    groups = {g.number: g.text for g in read.central_groups(store)}
    assert sorted(groups) == ["1", "2", "3", "4", "5", "6", "7"]  # 57-NQ-TW.md:47-105
    # 57-NQ-TW.md:65 "3. Tăng cường đầu tư, hoàn thiện hạ tầng cho khoa học, công nghệ, …"
    assert groups["3"].startswith("Tăng cường đầu tư, hoàn thiện hạ tầng")


def test_plans_of_the_corpus(store):
    plans = {p.identifier: p for p in read.plans(store)}
    # 000: "Số: 10 /KH-UBND Nghĩa Đàn, ngày 23 tháng 7 năm 2025"; 002: "Số: 108 /KH-UBND Trấn Biên"
    assert {"10/KH-UBND", "108/KH-UBND"} <= set(plans)
    assert plans["10/KH-UBND"].date == "2025-07-23"
    assert all(p.level != "central" for p in plans.values())
    # 003 prints "Số: /KH-UBND" (no number): a plan all the same, keyed by its IRI
    assert None in plans


def test_tasks_units_and_deadlines_of_a_plan(store):
    plan = next(p.doc for p in read.plans(store) if p.identifier == "108/KH-UBND")
    tasks = [t for t in read.local_tasks(store) if t.doc == plan]
    assert len(tasks) == 33  # 002: the 33 rows of its task table
    assert all(isinstance(t.recurring, int) for t in tasks)
    # 000 (10/KH-UBND) names a unit per row in its 'thực hiện chính' column
    ten = next(p.doc for p in read.plans(store) if p.identifier == "10/KH-UBND")
    ids = {t.task for t in read.local_tasks(store) if t.doc == ten}
    units = [u for u in read.local_task_units(store) if u.task in ids]
    assert {u.role for u in units} <= {"lead", "coordinating"} and any(u.role == "lead" for u in units)
    deadlines = {d.task: d.deadline for d in read.local_task_deadlines(store)}
    # 000:402, task 2: its deadline cell reads "Sau khi Quyết định …" (kept as written: not a date)
    assert any(deadlines.get(t, "").startswith("Sau khi Quyết định") for t in ids)


def test_parents_name_the_mandate(store):
    plan = next(p.doc for p in read.plans(store) if p.identifier == "108/KH-UBND")
    # 002: "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị"
    assert "57-NQ/TW" in {r.parent for r in read.parents(store) if r.doc == plan}


def test_node_label_is_the_identifier_of_a_document_and_the_iri_of_anything_else(store, docs):
    assert read.node_label(store, docs["57-NQ/TW"].d) == "57-NQ/TW"
    assert (
        read.node_label(store, "https://example.org/not-in-the-graph")
        == "https://example.org/not-in-the-graph"
    )


def test_graph_nodes_and_edges_for_analytics(store, docs):
    kinds = {r.kind for r in read.graph_nodes(store)}
    assert kinds == {"document", "group", "task", "unit"}
    edges = read.graph_edges(store)
    root = docs["57-NQ/TW"].d
    assert any(e.kind == "has_group" and e.s == root for e in edges)  # its seven groups
    assert {e.kind for e in edges} >= {"implements", "has_task", "lead"}


def test_the_views_rows(store, docs):
    parts = read.parts(store)
    assert sum(1 for p in parts if p.doc == docs["57-NQ/TW"].d and p.kind == "group") == 7
    serves = read.serves(store)
    assert serves and {s.gn for s in serves} <= {"1", "2", "3", "4", "5", "6", "7"}
    assert any(e.b == docs["57-NQ/TW"].d for e in read.implements(store))
    assert all(a.score is None or 0 <= a.score <= 1 for a in read.alignments(store))


def test_targets_and_the_kept_answers_plan(store):
    targets = read.targets(store)
    assert targets and {t.linked for t in targets} <= {0, 1}
    assert "57-NQ/TW" in read.central_directives(store)
    assert read.task_count(store) >= 33
