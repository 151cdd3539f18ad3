"""Hierarchy labels at every zoom and the units view's level and plan filters, in headless Chromium (offline)."""

from __future__ import annotations

import pytest
from test_viz import CORPUS, open_offline

from directive_kg.viz import build_page

TASKS_OF_PLAN = """PREFIX dkg: <https://w3id.org/directive-kg/ontology#>
SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {
  ?d dkg:identifier "10/KH-UBND" ; dkg:hasTask ?t . { ?t dkg:leadUnit ?u } UNION { ?t dkg:coordinatingUnit ?u } }"""
CENTRAL_UNITS = """PREFIX dkg: <https://w3id.org/directive-kg/ontology#>
SELECT (COUNT(DISTINCT ?u) AS ?n) WHERE {
  ?d dkg:issuerLevel "central" ; dkg:hasTask ?t . { ?t dkg:leadUnit ?u } UNION { ?t dkg:coordinatingUnit ?u } }"""


@pytest.fixture(scope="module")
def browser():
    from services import browser_or_skip

    pw, b = browser_or_skip()
    yield b
    b.close()
    pw.stop()


@pytest.mark.browser
def test_hierarchy_labels_grow_when_zoomed_out_and_tasks_speak_when_zoomed_in(browser, store, tmp_path):
    html, data = build_page("hierarchy", store, roots=[CORPUS], findings=False)
    page, problems, _ = open_offline(browser, html, tmp_path / "h.html")
    task = next(i for i, m in data["meta"].items() if m["kind"] == "task")
    group = next(i for i, m in data["meta"].items() if m["kind"] == "group")
    base = {n["id"]: n["font"]["size"] for n in data["nodes"]}

    def node(i):
        return page.evaluate("(id) => window.dkgNetwork.body.data.nodes.get(id)", i)

    page.evaluate("(id) => window.dkgNetwork.focus(id, {scale: 3.0})", task)
    page.evaluate("window.dkgRelabel()")
    words = data["meta"][task]["text"].split()[:2]
    assert all(w in node(task)["label"] for w in words)  # the number and the start of the text
    assert node(task)["font"]["size"] * 3.0 >= 14  # on screen (5 units at scale 3: 15 px)
    page.evaluate("window.dkgNetwork.moveTo({scale: 0.3})")
    page.evaluate("window.dkgRelabel()")
    assert node(group)["font"]["size"] * 0.3 >= 7  # drawn (vis-network hides labels under 7 px)
    assert node(group)["font"]["size"] > base[group] and "\n" not in node(task)["label"]
    assert problems == []
    page.context.close()


@pytest.mark.browser
def test_units_filters_by_level_and_plan(browser, store, tmp_path):
    html, data = build_page("units", store, roots=[CORPUS], findings=False)
    facets = data["facets"]
    assert {lv["id"] for lv in facets["levels"]} == {"central", "commune"}
    assert "10/KH-UBND" in {p["label"] for p in facets["plans"]}
    page, problems, _ = open_offline(browser, html, tmp_path / "u.html")
    assert not page.is_disabled("#f-plan") and not page.is_disabled("#f-level")
    plan_id = next(p["id"] for p in facets["plans"] if p["label"] == "10/KH-UBND")
    page.select_option("#f-plan", plan_id)
    page.wait_for_timeout(300)
    shown = page.inner_text("#matches")
    assert int(shown.split()[0]) == store.query(TASKS_OF_PLAN).rows[0][0]
    page.select_option("#f-plan", "")
    page.select_option("#f-level", "central")
    page.wait_for_timeout(300)
    units = sum(
        1
        for m in data["meta"].values()
        if m["kind"] == "unit" and "central" in m["details"].get("levels", [])
    )
    assert units == store.query(CENTRAL_UNITS).rows[0][0]
    assert int(page.inner_text("#matches").split()[0]) >= units
    assert problems == []
    page.context.close()
