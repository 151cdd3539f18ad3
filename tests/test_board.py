"""`dkg viz board`: the national board over the example corpus in headless Chromium, offline.

The expected figures are the named queries' answers (coverage, gaps, deadlines) and a SPARQL count
written here, never the board's own numbers; the page must show them and list the same rows on a click.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from test_viz import ARTIFACTS, CORPUS, ROOT, _build, open_offline

from directive_kg.queries import run
from directive_kg.stores import open_store
from directive_kg.viz.board import build_board, quarter, register

AS_OF = dt.date(2025, 9, 15)  # the quarter 1/7–30/9/2025: the example plans have tasks due in it
HOSTILE = ROOT / "tests" / "fixtures" / "hostile" / "hostile-task-table.md"

LOCAL_PLACES = """PREFIX dkg: <https://w3id.org/directive-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?level ?prov ?com WHERE {
  ?d dkg:hasTask ?t ; dkg:issuerLevel ?level . FILTER(?level != "central")
  OPTIONAL { ?d dkg:jurisdiction ?a . OPTIONAL { ?a a dkg:Commune ; rdfs:label ?com }
             OPTIONAL { ?a dkg:locatedIn ?p . ?p rdfs:label ?prov } }
}"""


@pytest.fixture(scope="module")
def board(store):
    return build_board(store, AS_OF)


@pytest.fixture(scope="module")
def browser():
    from services import browser_or_skip

    pw, b = browser_or_skip()
    yield b
    b.close()
    pw.stop()


def rows(result) -> list[dict]:
    return [dict(zip(result.columns, r, strict=True)) for r in result.rows]


def expected(store) -> dict[str, int]:
    cov = rows(run("coverage", {}, store))
    # the gaps query lists every applicable mandate per plan with its status; covered ones are no gap
    gaps = [r for r in rows(run("gaps", {}, store)) if r.get("status", "gap") != "covered"]
    start, end, _ = quarter(AS_OF)
    due = run("deadlines", {"from": start.isoformat(), "to": end.isoformat()}, store).rows
    places = store.query(LOCAL_PLACES).rows
    out = {
        "plans": len(cov),
        "tasks": sum(r["tasks"] for r in cov),
        "gaps": len(gaps),
        "due": len(due),
        "provincesAny": len({str(p) for _lvl, p, _c in places if p}),
        "communesWithPlan": len({(str(p), str(c)) for lvl, p, c in places if lvl != "province" and c}),
        "provincePlans": len({str(p) for lvl, p, _c in places if lvl == "province" and p}),
    }
    for g in range(1, 8):
        out[f"group{g}"] = sum(1 for r in cov if r[f"group{g}"])
    for m, n in Counter(r["mandate"] for r in gaps).items():
        out[f"top{m}"] = n
    return out


def test_register_and_quarter():
    reg = register()
    assert len(reg) == 34 and sum(p.communes for p in reg) == 3321
    assert {p.name for p in reg} >= {"Hà Nội", "Nghệ An", "Hồ Chí Minh", "Cà Mau"}
    assert quarter(dt.date(2025, 9, 15))[:2] == (dt.date(2025, 7, 1), dt.date(2025, 9, 30))
    assert quarter(dt.date(2026, 12, 3))[:2] == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert quarter(dt.date(2026, 2, 1))[2] == "Quý 1/2026"


def test_example_corpus_figures(store, board):
    # the example corpus: three commune plans placed in Nghệ An, Đồng Nai and Quảng Ngãi and one (Dân Tiến)
    # whose province the heading does not print; no provincial plan has its text in the corpus
    _html, b = board
    assert (b.figures["plans"], b.figures["provincesAny"], b.figures["communesWithPlan"]) == (4, 3, 4)
    assert b.figures["provincePlans"] == 0
    want = expected(store)
    for key in ("plans", "tasks", "gaps", "due", "provincesAny", "communesWithPlan", "provincePlans"):
        assert b.figures[key] == want[key], key
    tiles = {t["name"]: t for t in b.data["tiles"]}
    assert len(tiles) == 34 and {n for n, t in tiles.items() if t["plans"]} == {
        "Nghệ An",
        "Đồng Nai",
        "Quảng Ngãi",
    }
    assert len({(t["x"], t["y"]) for t in tiles.values()}) == 34  # no two tiles on one spot


@pytest.mark.browser
def test_board_in_a_browser_offline(browser, store, board, tmp_path):
    html, b = board
    page, problems, dialogs = open_offline(
        browser, html, tmp_path / "board.html", ARTIFACTS / "viz-board.png"
    )
    assert problems == [] and dialogs == []
    want = expected(store)
    shown = page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('[data-fig]')]"
        ".map(e => [e.dataset.fig, e.classList.contains('tile') ? null : e.textContent]))"
    )
    checked = 0
    for fig, text in shown.items():
        if fig in want:
            assert int(text.replace(".", "")) == want[fig], fig  # 3.321: Vietnamese thousands separator
            checked += 1
    assert checked >= 7 + 7 + 1  # the key figures, the seven groups, the top gaps
    assert "3.321" in page.inner_text("#kpis") and "/ 34" in page.inner_text("#kpis")
    # a click shows the rows behind the number: the open gaps, then the due tasks, then one province
    for fig, n in (("gaps", want["gaps"]), ("due", want["due"]), ("plans", want["plans"])):
        page.click(f"#kpis [data-fig='{fig}']")
        assert page.is_visible("#drawer")
        assert page.locator("#rows tbody tr").count() == n, fig
        page.click("#drawer-close")
    page.click(".tile[data-code='40']")  # Nghệ An
    assert page.inner_text("#rows tbody").count("10/KH-UBND") == 1
    assert page.locator("#rows tbody tr").count() == 1
    page.keyboard.press("Escape")
    page.click(".toggle button[data-mode='gaps']")
    page.click(".tile[data-code='40']")
    gaps_na = [r for r in rows(run("gaps", {"plan": "10/KH-UBND"}, store)) if r["status"] != "covered"]
    assert page.locator("#rows tbody tr").count() == len(gaps_na) > 0
    page.context.close()


@pytest.mark.browser
def test_hostile_text_on_the_board(browser, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.md").write_text(HOSTILE.read_text("utf-8"), encoding="utf-8")
    (corpus / "57-NQ-TW.md").write_text(
        (CORPUS / "central" / "57-NQ-TW.md").read_text("utf-8"), encoding="utf-8"
    )
    _build(corpus, tmp_path / "store")
    html, b = build_board(open_store(str(tmp_path / "store")), AS_OF)
    assert "<script>alert" not in html and "<img src=x" not in html
    page, problems, dialogs = open_offline(browser, html, tmp_path / "board.html")
    page.click("#kpis [data-fig='due']")
    text = page.inner_text("#rows")
    assert "Tổ chức học tập <script>alert(1)</script>" in text
    assert "Phòng Văn hóa - Xã hội <img src=x onerror=alert(3)>" in text
    assert page.locator("#rows script, #rows img, #rows b").count() == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 2
    assert problems == [] and dialogs == []
    page.context.close()
