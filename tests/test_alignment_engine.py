"""Alignment by content (graph/retrieval.py, graph/align.py Programme, graph/groups.py), applicability
(graph/applicability.py) and the `gaps` / `alignments` queries on the seed plans.

Each rule has a small fixture quoting the pattern it handles; the central sentences are quoted from
03/NQ-CP and 57-NQ/TW.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from directive_kg.graph.align import Programme
from directive_kg.graph.applicability import applicability
from directive_kg.graph.groups import GroupModel
from directive_kg.graph.retrieval import Lexicon
from directive_kg.queries import run

GOLD = Path("/work/shared/gold/tasks")

# 03/NQ-CP tasks (quoted)
CENTRAL = [
    "Xây dựng, ban hành Kế hoạch phát triển hạ tầng số",  # 62
    "Hoàn thành kết nối, khai thác, chia sẻ hiệu quả dữ liệu; triển khai các sáng kiến mở dữ liệu",  # 72
    "Hoàn thành và đưa vào khai thác hiệu quả các cơ sở dữ liệu quốc gia; các cơ sở dữ liệu dùng chung",  # 71
    "Đẩy mạnh chuyển đổi số trong lĩnh vực văn hóa để phát triển công nghiệp văn hóa",  # 99
    "Xây dựng chương trình, kế hoạch phát động phong trào học tập trên các nền tảng số để trở thành "
    "phong trào “học tập số” thường xuyên, liên tục, phổ cập",  # 3
    "Tổ chức đào tạo, bồi dưỡng kiến thức về khoa học, công nghệ, đổi mới sáng tạo (KHCN) cho cán bộ",
    "Phát triển khoa học, công nghệ trong các cơ quan nhà nước",
]

# 57-NQ/TW section III group titles (quoted, shortened after the subject)
TITLES = [
    "Nâng cao nhận thức, đột phá về đổi mới tư duy, xác định quyết tâm chính trị mạnh mẽ",
    "Khẩn trương, quyết liệt hoàn thiện thể chế; xoá bỏ mọi tư tưởng, quan niệm, rào cản",
    "Tăng cường đầu tư, hoàn thiện hạ tầng cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
    "Phát triển, trọng dụng nhân lực chất lượng cao, nhân tài",
    "Đẩy mạnh chuyển đổi số, ứng dụng khoa học, công nghệ trong hoạt động của các cơ quan trong hệ "
    "thống chính trị; nâng cao hiệu quả quản trị quốc gia, chính quyền số",
    "Thúc đẩy mạnh mẽ hoạt động khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số trong doanh nghiệp",
    "Tăng cường hợp tác quốc tế trong phát triển khoa học, công nghệ, đổi mới sáng tạo",
]


@pytest.fixture(scope="module")
def programme() -> Programme:
    return Programme("03/NQ-CP", CENTRAL)


def test_acronyms_are_learnt_from_the_central_texts():
    lex = Lexicon.learn(
        ["Phát triển khoa học công nghệ", "Ứng dụng khoa học công nghệ", "trí tuệ nhân tạo (AI)"]
    )
    assert lex.expand_acronym("khcn") == "khoa hoc cong nghe"
    assert "khoa hoc cong nghe" in lex.normalise("Ứng dụng KHCN")
    assert lex.expansions["ai"] == "tri tue nhan tao"


def test_ocr_damaged_syllables_are_read_as_the_central_ones_next_to_the_same_neighbour():
    # 002 (OCR'd): "ứng phó biến do6i khi hậu", "văn hóa sb" (03/NQ-CP #102 "biến đổi khí hậu")
    central = ["ứng phó với biến đổi khí hậu", "chuyển đổi số trong lĩnh vực văn hóa số"]
    lex = Lexicon.learn(central, repair=True)
    assert lex.normalise("ứng phó biến do6i khi hậu") == "ung pho bien doi khi hau"
    assert lex.normalise("sản phẩm văn hóa sb") == "san pham van hoa so"
    assert lex.normalise("vai trò") == "vai tro"  # no central neighbour says what it should be: kept
    assert Lexicon.learn(central).normalise("biến do6i") == "bien do6i"  # only when asked (a programme)


def test_a_restatement_with_other_words_first_is_found(programme):
    # "Tập trung nguồn lực đầu tư xây dựng … cơ sở dữ liệu" (issue 17) copies tasks 71 and 72 after other words
    text = (
        "Tập trung nguồn lực đầu tư xây dựng, hoàn thành và đưa vào khai thác hiệu quả các cơ sở dữ liệu "
        "dùng chung của xã; hoàn thành kết nối, khai thác, chia sẻ hiệu quả dữ liệu"
    )
    found = {r.target for r in programme.restatements(text)}
    assert {1, 2} <= found  # both central tasks it restates, not only the best


def test_ocr_damage_without_diacritics_still_restates(programme):
    text = "Xay dung chuong trinh, ke hoach phat dong phong trao hoc tap tren cac nen tang so6 de tro thanh phong trao"
    best = programme.restatements(text)
    assert best and best[0].target == 4
    assert "phong trao" in best[0].evidence or "phong" in best[0].evidence


def test_a_different_plan_subject_is_not_a_restatement(programme):
    # issue 17: "kế hoạch phát triển khoa học, công nghệ" → task 62 "kế hoạch phát triển hạ tầng số" was wrong
    assert 0 not in {
        r.target for r in programme.restatements("Xây dựng kế hoạch phát triển khoa học, công nghệ")
    }
    # "chương trình đào tạo kỹ năng số cho cán bộ" → task 99 "chuyển đổi số trong lĩnh vực văn hóa" was wrong
    assert 3 not in {r.target for r in programme.restatements("Chương trình đào tạo kỹ năng số cho cán bộ")}


@pytest.fixture(scope="module")
def groups() -> GroupModel:
    return GroupModel(TITLES, [])


def test_group_comes_from_the_task_not_its_heading(groups):
    # "Ưu tiên đầu tư phát triển hạ tầng số" standing under an institutions heading (group 2) serves group 3
    links = groups.classify("Ưu tiên đầu tư phát triển hạ tầng số tại các khu vực trọng điểm.", heading=[2])
    assert [g.number for g in links] == [3]
    assert 0 < links[0].score <= 1 and "hạ tầng" in links[0].evidence.replace("ha tang", "hạ tầng")


def test_a_two_subject_heading_does_not_give_both_groups(groups):
    links = groups.classify(
        "Phát triển mạnh mẽ các phương thức thanh toán số cho doanh nghiệp", heading=[5, 6]
    )
    assert [g.number for g in links] == [6]


@pytest.mark.parametrize(
    ("lead", "text", "levels"),
    [
        ("UBND các tỉnh, thành phố trực thuộc TW", "Số hoá dữ liệu", ("province",)),
        ("UBND các cấp", "Tuyên truyền", ("province", "commune")),
        ("Chính quyền địa phương các cấp", "Tuyên truyền", ("province", "commune")),
        ("Bộ Thông tin và Truyền thông", "Xây dựng, ban hành Kế hoạch phát triển hạ tầng số", ("central",)),
        (
            "Các địa phương",
            "Triển khai hạ tầng 5G, IoT trong các khu công nghiệp, cụm công nghiệp",
            ("province",),
        ),
        ("Địa phương được lựa chọn", "Đề án bản sao số cho một số thành phố lớn", ("province",)),
        (
            "Các bộ, ngành, địa phương là chủ quản CSDLQG",
            "Hoàn thiện 114 Cơ sở dữ liệu",
            ("central", "province"),
        ),
        ("Các bộ, ngành, địa phương", "Phát động phong trào học tập số", ("central", "province", "commune")),
    ],
)
def test_applicability_from_lead_and_text(lead, text, levels):
    a = applicability(lead, text)
    assert a.levels == levels
    assert a.evidence


def test_a_plan_to_implement_is_met_by_the_plan_and_overrides_win():
    assert applicability(
        "Các bộ, ngành, địa phương", "Xây dựng kế hoạch triển khai Chương trình hành động"
    ).met_by_plan
    a = applicability("Các địa phương", "Tuyên truyền", override="province")
    assert a.levels == ("province",) and a.source == "correction"


# ----------------------------------------------------------------------------- queries on the seed plans


def _rows(result) -> list[dict]:
    return [dict(zip(result.columns, r, strict=True)) for r in result.rows]


def test_alignments_contract(store):
    rows = _rows(run("alignments", {}, store))
    assert rows
    for r in rows:
        assert "/" not in r["file"] and r["kind"] in {"group", "task"} and "#" in r["mandate"]
        assert r["method"] and 0 <= float(r["score"]) <= 1


def _gold_restated() -> dict[str, set[str]]:
    """file → mandates that a task of it restates (gold)."""
    out: dict[str, set[str]] = {}
    for gf in GOLD.glob("*.json"):
        g = json.loads(gf.read_text(encoding="utf-8"))
        out[Path(g["document"]["file"]).name] = {
            f"03/NQ-CP#{n}"
            for t in g["tasks"]
            if t.get("alignment") == "task"
            for n in t.get("central_tasks") or []
        }
    return out


@pytest.mark.skipif(not GOLD.is_dir(), reason="needs ../shared/gold/tasks")
def test_gaps_never_list_a_restated_mandate(store):
    gold = _gold_restated()
    plans = {r["plan"]: r["file"] for r in _rows(run("alignments", {}, store))}
    gaps = [r for r in _rows(run("gaps", {}, store)) if r["status"] == "gap"]
    assert gaps
    for r in gaps:
        restated = gold.get(plans.get(r["plan"], ""), set())
        assert r["mandate"] not in restated, r


def test_gaps_never_list_a_mandate_that_does_not_bind_the_plan(store):
    result = store.query(
        "PREFIX dkg: <https://w3id.org/directive-kg/ontology#> SELECT ?m ?level WHERE { "
        "?d dkg:identifier ?id ; dkg:hasTask ?t . ?t dkg:number ?n ; dkg:bindsLevel ?level "
        'BIND(CONCAT(STR(?id), "#", STR(?n)) AS ?m) }'
    )
    binds = {(str(m), str(level)) for m, level in result.rows}
    rows = [r for r in _rows(run("gaps", {}, store)) if r["kind"] == "task" and r["status"] != "covered"]
    assert rows
    for r in rows:
        assert r["level"] in {"commune", "province"}
        assert (r["mandate"], r["level"]) in binds  # the mandate binds the plan's own level


def test_from_a_year_onwards_is_recurring_from_that_year_not_the_year():
    # an OCR'd annex deadline cell split over lines: "Nam 2025 va ⏎ cadc nam ti€p"
    from directive_kg.loaders.dates import normalise_deadline
    from directive_kg.loaders.tables.ocr_rows import _deadline_of

    deadline, _ = _deadline_of("Nam 2025 va\ncadc nam ti€p")
    assert deadline == "Năm 2025 và các năm tiếp theo"
    assert normalise_deadline(deadline).since == 2025
