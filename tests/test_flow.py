"""`dkg viz flow`: the Sankey of a mandate and its trace tree over the example corpus, offline in Chromium."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from test_board import HOSTILE
from test_viz import ARTIFACTS, CORPUS, _build, open_offline

from directive_kg.queries import run
from directive_kg.queries.links import implementer_links
from directive_kg.stores import open_store
from directive_kg.viz import flow as flow_module
from directive_kg.viz.flow import build_flow


@pytest.fixture(scope="module")
def page(store):
    return build_flow(store, "57-NQ/TW")


@pytest.fixture(scope="module")
def browser():
    from services import browser_or_skip

    pw, b = browser_or_skip()
    yield b
    b.close()
    pw.stop()


def implementers(store, mandate: str) -> list[dict]:
    """The `implementers` rows (one per local task) opened into one row per link (aligned_to)."""
    return implementer_links(store, mandate)


def test_flow_carries_every_local_task(store, page):
    _html, flow = page
    rows = implementers(store, "57-NQ/TW")
    assert flow.tasks == len({r["task"] for r in rows}) > 100
    by_col = Counter(n.column for n in flow.nodes.values())
    # the 7 groups, and one box for the tasks that carry the mandate out without an alignment (if any)
    unaligned = any(r["aligned_to"] is None for r in rows)
    assert by_col["mandate"] == 1 and by_col["group"] == 7 + unaligned
    assert ("g:" in flow.nodes) == unaligned
    (mandate,) = [n for n in flow.nodes.values() if n.column == "mandate"]
    for column in ("group", "ctask", "province", "plan"):  # every path runs through each column once
        assert sum(n.value for n in flow.nodes.values() if n.column == column) == mandate.value, column
    plans = {n.id: n.value for n in flow.nodes.values() if n.column == "plan"}
    assert set(plans) == {r["plan"] for r in rows}
    for plan, value in plans.items():  # at least one band per local task of the plan
        assert value >= len({r["task"] for r in rows if r["plan"] == plan})
    labels = {n.label for n in flow.nodes.values()}
    assert all(labels) and any(label.startswith("1. Nâng cao nhận thức") for label in labels)


def test_gaps_are_empty_ends(store, page):
    _html, flow = page
    gaps = [dict(zip(run("gaps", {}, store).columns, r, strict=True)) for r in run("gaps", {}, store).rows]
    tasks = {r["mandate"] for r in gaps if r["kind"] == "task"}
    nowhere = tasks - {r["mandate"] for r in gaps if r["kind"] == "task" and r["status"] == "covered"}
    ends = [n for n in flow.nodes.values() if n.gap]
    assert ends and all(n.value == 0 for n in ends)
    assert sum(int(re.match(r"(\d+)", n.label).group(1)) for n in ends if n.column == "ctask") == len(nowhere)
    assert not any(link.source in {n.id for n in ends} for link in flow.links)


def test_crowded_columns_merge(store, monkeypatch):
    monkeypatch.setattr(flow_module, "COLUMN_BUDGET", 12)
    _html, flow = build_flow(store, "57-NQ/TW")
    ctasks = [n for n in flow.nodes.values() if n.column == "ctask" and not n.gap]
    assert len(ctasks) <= 12 and any(n.id.startswith("other:") for n in ctasks)
    (mandate,) = [n for n in flow.nodes.values() if n.column == "mandate"]
    assert sum(n.value for n in ctasks) == mandate.value  # merging loses no task


def test_group_mandate_starts_at_the_group(store):
    _html, flow = build_flow(store, "57-NQ/TW#3")
    assert flow.columns[0] == "group" and "mandate" not in flow.columns
    assert flow.tasks == len({r["task"] for r in implementers(store, "57-NQ/TW#3")})


@pytest.mark.browser
def test_flow_in_a_browser_offline(browser, page, tmp_path):
    html, flow = page
    p, problems, dialogs = open_offline(browser, html, tmp_path / "flow.html", ARTIFACTS / "viz-flow.png")
    assert problems == [] and dialogs == []
    assert p.locator(".node").count() == len(flow.nodes)
    assert p.locator(".node.gap").count() == sum(1 for n in flow.nodes.values() if n.gap)
    # a click on a plan lists the tasks behind its band
    node = p.locator(".node[data-id='10/KH-UBND']")
    value = int(node.get_attribute("data-value"))
    node.locator("rect").click()
    assert p.is_visible("#rows-box") and p.locator("#rows tbody tr").count() == value
    # the tree: a label on every level, counts that add up
    top = p.locator("#tree > li")
    assert top.count() == sum(1 for n in flow.nodes.values() if n.column == "group" and not n.gap)
    counts = [int(c) for c in p.locator("#tree > li > details > summary .count").all_inner_texts()]
    assert sum(counts) == flow.nodes["https://w3id.org/directive-kg/doc/vn/2024/57-nq_tw"].value
    p.click("#open-all")
    for depth in range(4):
        labels = p.locator(f".lvl{depth}").all_inner_texts()
        assert labels and all(x.strip() for x in labels), depth
    p.context.close()


@pytest.mark.browser
def test_hostile_text_in_the_flow(browser, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.md").write_text(HOSTILE.read_text("utf-8"), encoding="utf-8")
    (corpus / "57-NQ-TW.md").write_text(
        (CORPUS / "central" / "57-NQ-TW.md").read_text("utf-8"), encoding="utf-8"
    )
    _build(corpus, tmp_path / "store")
    html, flow = build_flow(open_store(str(tmp_path / "store")), "57-NQ/TW")
    assert "<script>alert" not in html and "<b>đậm" not in html
    p, problems, dialogs = open_offline(browser, html, tmp_path / "flow.html")
    p.locator(".node.col-plan rect").first.click()
    text = p.inner_text("#rows")
    assert "Tổ chức học tập <script>alert(1)</script>" in text
    p.click("#open-all")
    assert "<script>alert(1)</script>" in p.inner_text("#tree")
    assert p.locator("#rows script, #tree script, #tree b, #rows b").count() == 0
    assert problems == [] and dialogs == []
    p.context.close()
