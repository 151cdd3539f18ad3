"""`dkg viz`: the four views over the example corpus, offline in headless Chromium, escaping, aggregation."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from directive_kg.cli.viz import command
from directive_kg.queries import run
from directive_kg.queries.links import implementer_links
from directive_kg.stores import open_store
from directive_kg.viz import build_page

ROOT = Path(__file__).resolve().parent.parent
DKG = Path(sys.executable).parent / "dkg"
ARTIFACTS = ROOT / "tests" / "artifacts"
CORPUS = ROOT / "examples" / "corpus"
MANDATE = "57-NQ/TW#3"
VIEWPORT = {"width": 1920, "height": 1200}

HOSTILE_PLAN = """ĐẢNG BỘ TỈNH NGHỆ AN                 ĐẢNG CỘNG SẢN VIỆT NAM
ĐẢNG ỦY XÃ YÊN THÀNH
*
Số 15-KH/ĐU                          Yên Thành, ngày 05 tháng 8 năm 2025

KẾ HOẠCH
thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị

I. MỤC ĐÍCH, YÊU CẦU
1. Quán triệt sâu sắc.
II. NHIỆM VỤ, GIẢI PHÁP
1. Nâng cao nhận thức <b>đậm</b> về chuyển đổi số
- Tổ chức học tập <script>alert(1)</script> cho cán bộ, đảng viên.
- Đẩy mạnh tuyên truyền "onerror=alert(2) <img src=x onerror=alert(3)> trên hệ thống truyền thanh.
III. TỔ CHỨC THỰC HIỆN
1. Văn phòng Đảng ủy theo dõi, đôn đốc.
"""


def _build(corpus: Path, store: Path) -> None:
    proc = subprocess.run(
        [str(DKG), "build", str(corpus), "--store", str(store), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr


@pytest.fixture(scope="module")
def pages(store) -> dict[str, tuple[str, dict]]:
    """The four views over the example corpus (HTML and page data)."""
    out = {}
    for view in ("hierarchy", "trace", "coverage", "units"):
        out[view] = build_page(view, store, MANDATE if view == "trace" else None, roots=[CORPUS])
    return out


@pytest.fixture(scope="module")
def browser():
    from services import browser_or_skip

    pw, b = browser_or_skip()
    yield b
    b.close()
    pw.stop()


# ------------------------------------------------------------------------------- what the query says
def rows(result) -> list[dict]:
    return [dict(zip(result.columns, r, strict=True)) for r in result.rows]


HIERARCHY_COUNT = """PREFIX dkg: <https://w3id.org/directive-kg/ontology#>
SELECT (COUNT(DISTINCT ?n) AS ?count) WHERE {
  { ?n a dkg:LegalDocument . { ?n dkg:implements ?x } UNION { ?x dkg:implements ?n } UNION { ?n dkg:hasTask ?x }
    UNION { ?n dkg:hasTaskGroup ?x } }
  UNION { ?d dkg:hasTask|dkg:hasTaskGroup ?n . FILTER NOT EXISTS { ?d dkg:issuerLevel "central" } }
  UNION { ?d dkg:hasTask ?t . ?t dkg:leadUnit ?n . FILTER NOT EXISTS { ?d dkg:issuerLevel "central" } }
}"""

UNITS_COUNT = """PREFIX dkg: <https://w3id.org/directive-kg/ontology#>
SELECT (COUNT(DISTINCT ?n) AS ?count) WHERE {
  { ?t dkg:leadUnit|dkg:coordinatingUnit ?n } UNION { ?n dkg:leadUnit|dkg:coordinatingUnit ?u . ?n a dkg:Task }
}"""


def expected_count(view: str, store) -> int:
    if view == "hierarchy":
        return store.query(HIERARCHY_COUNT).rows[0][0]
    if view == "units":
        return store.query(UNITS_COUNT).rows[0][0]
    if view == "coverage":
        return len(run("coverage", {}, store).rows)
    rs = implementer_links(store, MANDATE)  # implementers opened into each task's own links
    doc, _, part = MANDATE.partition("#")
    mandate = store.query(
        """PREFIX dkg: <https://w3id.org/directive-kg/ontology#>
        SELECT ?g WHERE { ?d dkg:identifier ?doc ; dkg:hasTaskGroup ?g . ?g dkg:number ?n . FILTER(STR(?n) = ?part) }
        """.replace("?doc", f'"{doc}"').replace("?part", f'"{part}"')
    ).rows[0][0]
    anchors = {r["aligned_to"] for r in rs if r["aligned_to"]} | {mandate}
    return (
        len(anchors)
        + len({r["plan"] for r in rs})
        + len({r["task"] for r in rs})
        + len({r["lead_unit"] for r in rs if r["lead_unit"]})
    )


# ------------------------------------------------------------------------------- static checks
def test_node_counts_match_the_queries(pages, store):
    for view, (_html, data) in pages.items():
        assert data["stats"]["nodes"] == expected_count(view, store), view
        assert data["stats"]["nodes"] > 0


def test_pages_are_self_contained(pages):
    for view, (html, _data) in pages.items():
        assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=", html, re.I), view
        assert "sourceMappingURL" not in html
        assert not re.search(
            r"cdnjs|unpkg\.com|jsdelivr|googleapis|bootstrapcdn|@import|url\(\s*['\"]?http", html
        ), view
        assert 'http-equiv="Content-Security-Policy"' in html


def test_hierarchy_is_top_down_and_labelled_in_vietnamese(pages):
    _html, data = pages["hierarchy"]
    kinds = {m["kind"] for m in data["meta"].values()}
    assert {"central", "province", "commune", "group", "task", "unit"} <= kinds
    y = {n["id"]: n["y"] for n in data["nodes"]}
    by_kind: dict[str, list[float]] = {}
    for i, m in data["meta"].items():
        by_kind.setdefault(m["kind"], []).append(y[i])
    order = ["central", "province", "commune", "group", "unit"]
    for upper, lower in zip(order, order[1:], strict=False):
        assert max(by_kind[upper]) < min(by_kind[lower]) or upper == "commune", (upper, lower)
    assert max(by_kind["task"]) < min(by_kind["unit"])
    labels = " ".join(m["label"] for m in data["meta"].values())
    # the commune as the official register spells it (issue 16: OCR "Nghia Pan" once displayed as "Nghĩa Đan")
    assert "Nghĩa Đàn" in labels and "Nâng cao nhận thức" in labels
    assert all(n["physics"] is False for n in data["nodes"])
    assert {k["kind"] for k in data["legend"]["kinds"]} == kinds


def test_no_two_nodes_on_the_same_spot(pages):
    for view in ("hierarchy", "trace", "units"):
        _html, data = pages[view]
        spots = [(round(n["x"]), round(n["y"])) for n in data["nodes"]]
        assert len(spots) == len(set(spots)), view


def test_details_have_dates_units_findings_and_source_lines(pages):
    _html, data = pages["hierarchy"]
    plan = next(m for m in data["meta"].values() if m["details"].get("identifier") == "10/KH-UBND")
    assert plan["details"]["date"] == "2025-07-23"
    tasks = [m for m in data["meta"].values() if m["kind"] == "task"]
    assert any(m["details"].get("lead") for m in tasks)
    assert any(m["details"].get("findings") for m in tasks)
    with_excerpt = [m for m in tasks if m["details"].get("excerpt")]
    assert with_excerpt and all(m["details"]["excerpt_from"] == "file" for m in with_excerpt)
    first = with_excerpt[0]["details"]
    assert first["excerpt"][0][0] == first["lines"][0]


def test_trace_holds_only_what_implements_the_mandate(pages, store):
    _html, data = pages["trace"]
    tasks = {i for i, m in data["meta"].items() if m["kind"] == "task"}
    assert tasks == {r["task"] for r in rows(run("implementers", {"mandate": MANDATE}, store))}


def test_coverage_gaps_are_empty_cells_and_svg(pages, tmp_path):
    from directive_kg.viz.coverage import to_svg

    _html, data = pages["coverage"]
    heat = data["coverage"]
    assert len(heat["groups"]) == 7
    gaps = [(r["plan"], i + 1) for r in heat["rows"] for i, c in enumerate(r["counts"]) if c == 0]
    assert gaps and all(heat["rows"][0]["colors"][i] for i, c in enumerate(heat["rows"][0]["counts"]) if c)
    svg = to_svg(heat, data["title"])
    assert svg.count("url(#gap)") == len(gaps)
    assert "<script" not in svg


def test_aggregation_beyond_the_node_budget(store, pages):
    full = pages["hierarchy"][1]
    tasks = [m for m in full["meta"].values() if m["kind"] == "task"]
    task_ids = {i for i, m in full["meta"].items() if m["kind"] == "task"}
    holders = {e["from"] for e in full["edges"] if e["to"] in task_ids}
    _html, data = build_page("hierarchy", store, budget=100, roots=[CORPUS], findings=False)
    assert data["stats"]["nodes"] == full["stats"]["nodes"] - len(tasks) + len(holders) <= 100
    assert data["collapsed"] and "ngân sách 100" in data["collapsed"][0]
    assert not any(m["kind"] == "task" for m in data["meta"].values())
    counts = [m["count"] for m in data["meta"].values() if m["kind"] == "tasks-agg"]
    assert sum(counts) == len(tasks)
    # a budget too small for the tasks alone collapses communes per province too
    _html, tiny = build_page("hierarchy", store, budget=20, roots=[CORPUS], findings=False)
    assert any(m["kind"] == "communes-agg" for m in tiny["meta"].values())
    assert len(tiny["collapsed"]) >= 3


def test_command_line(store, tmp_path, monkeypatch):
    store_path = str(Path(store.path))
    out = tmp_path / "cov.html"
    res = CliRunner().invoke(
        command,
        [
            "coverage",
            "--store",
            store_path,
            "--out",
            str(out),
            "--svg",
            str(tmp_path / "cov.svg"),
            "--no-findings",
        ],
    )
    assert res.exit_code == 0, res.output
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>") and (tmp_path / "cov.svg").is_file()
    res = CliRunner().invoke(command, ["trace", "--store", store_path, "--out", str(tmp_path / "t.html")])
    assert res.exit_code == 2 and "--mandate" in res.output
    res = CliRunner().invoke(command, ["trace", "--mandate", "99-NQ/TW", "--store", store_path])
    assert res.exit_code == 2 and "99-NQ/TW" in res.output
    res = CliRunner().invoke(command, ["units", "--store", str(tmp_path / "nothing")])
    assert res.exit_code == 2 and "dkg build" in res.output
    monkeypatch.setenv("DKG_VIZ_BUDGET", "100")
    res = CliRunner().invoke(
        command, ["hierarchy", "--store", store_path, "--out", str(tmp_path / "h.html"), "--no-findings"]
    )
    assert res.exit_code == 0 and "collapse" in res.output


# ------------------------------------------------------------------------------- in a real browser, offline
def open_offline(browser, html: str, path: Path, screenshot: Path | None = None):
    """Open the page from a file with every non-file request blocked; returns (page, problems, dialogs)."""
    path.write_text(html, encoding="utf-8")
    context = browser.new_context(viewport=VIEWPORT, offline=True)
    page = context.new_page()
    problems: list[str] = []
    dialogs: list[str] = []

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            problems.append(f"request {r.request.url}")
            r.abort()

    page.route("**/*", route)
    page.on(
        "request",
        lambda req: None if req.url.startswith(("file:", "data:")) else problems.append(f"request {req.url}"),
    )
    page.on("console", lambda msg: problems.append(f"console {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(f"pageerror {exc}"))

    def on_dialog(d):
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=20000)
    page.wait_for_timeout(300)
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot))
    return page, problems, dialogs


@pytest.mark.browser
def test_each_view_in_a_browser_offline(browser, pages, store, tmp_path):
    for view, (html, _data) in pages.items():
        page, problems, dialogs = open_offline(
            browser, html, tmp_path / f"{view}.html", ARTIFACTS / f"viz-{view}.png"
        )
        assert problems == [] and dialogs == [], (view, problems)
        reported = page.evaluate("window.dkgStats.nodes")
        assert (
            reported == int(page.get_attribute("body", "data-node-count")) == expected_count(view, store)
        ), view
        if view != "coverage":
            assert page.evaluate("window.dkgNetwork.body.data.nodes.length") == reported
        assert page.locator("#legend .item").count() >= (2 if view != "coverage" else 3)
        page.context.close()


@pytest.mark.browser
def test_click_filter_and_search_in_a_browser(browser, pages, tmp_path):
    html, data = pages["hierarchy"]
    page, problems, _ = open_offline(browser, html, tmp_path / "h.html")
    task = next(
        i
        for i, m in data["meta"].items()
        if m["kind"] == "task" and m["details"].get("excerpt") and m["details"].get("findings")
    )
    pos = page.evaluate(
        "(id) => window.dkgNetwork.canvasToDOM(window.dkgNetwork.getPositions([id])[id])", task
    )
    page.evaluate("(id) => window.dkgNetwork.focus(id, {scale: 1.5})", task)
    pos = page.evaluate(
        "(id) => window.dkgNetwork.canvasToDOM(window.dkgNetwork.getPositions([id])[id])", task
    )
    box = page.locator("#graph canvas").bounding_box()
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    details = page.locator("#details")
    text = details.inner_text()
    assert "Kiểm tra" in text and "Nguồn:" in text
    assert details.locator("pre.excerpt span.ln").first.inner_text() == str(
        data["meta"][task]["details"]["lines"][0]
    )
    page.select_option("#f-province", "Nghệ An")
    assert "khớp" in page.inner_text("#matches")
    page.click("#clear")
    page.fill("#search", "chuyen doi so")  # without diacritics
    page.wait_for_timeout(400)
    assert int(page.inner_text("#matches").split()[0]) > 0
    assert problems == []
    page.screenshot(path=str(ARTIFACTS / "viz-hierarchy-details.png"))
    page.context.close()


@pytest.mark.browser
def test_collapsed_page_says_so(browser, store, tmp_path):
    html, data = build_page("hierarchy", store, budget=100, roots=[CORPUS], findings=False)
    page, problems, _ = open_offline(
        browser, html, tmp_path / "agg.html", ARTIFACTS / "viz-hierarchy-collapsed.png"
    )
    assert problems == []
    assert "ngân sách 100" in page.inner_text("#collapsed")
    assert page.evaluate("window.dkgStats.nodes") == data["stats"]["nodes"]
    page.context.close()


@pytest.mark.browser
def test_hostile_text_shows_as_text(browser, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text(HOSTILE_PLAN, encoding="utf-8")
    # the resolution itself, so that the hostile tasks align with its groups and fill coverage cells
    (corpus / "57-NQ-TW.md").write_text(
        (CORPUS / "central" / "57-NQ-TW.md").read_text("utf-8"), encoding="utf-8"
    )
    _build(corpus, tmp_path / "store")
    hostile = open_store(str(tmp_path / "store"))
    for view in ("hierarchy", "trace", "coverage"):
        html, data = build_page(view, hostile, "57-NQ/TW" if view == "trace" else None, roots=[corpus])
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>đậm" not in html
        page, problems, dialogs = open_offline(browser, html, tmp_path / f"{view}.html")
        ids = [
            i
            for i, m in data["meta"].items()
            if "alert(" in (m.get("text") or "")
            or any("alert(" in (c.get("text") or "") for c in m["details"].get("cells", []))
        ]
        assert ids, view
        for i in ids:
            page.evaluate("(id) => window.dkgShow(id)", i)
            text = page.inner_text("#details")
            assert (
                "<script>alert(1)</script>" in text
                or '"onerror=alert(2) <img src=x onerror=alert(3)>' in text
            )
            assert page.locator("#details script, #details img, #details b").count() == 0
        page.fill("#search", "script")
        page.wait_for_timeout(400)
        page.wait_for_timeout(200)
        assert dialogs == [] and problems == [], (view, problems, dialogs)
        assert page.evaluate("document.querySelectorAll('script').length") == (3 if view != "coverage" else 2)
        page.context.close()
