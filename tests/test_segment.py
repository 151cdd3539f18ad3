"""Layouts a plan arrives in, and the task rules read from them: one small fixture per pattern.

Each fixture quotes the pattern as the corpus prints it (file:line in the comment; `617` =
legal-db/dongthap_617_KH-UBND_cds_doanhnghiep.txt, `310` = legal-db/hanoi_310_KH-UBND_5g_iot.txt,
`624` = legal-db/central_624_TB-VPCP_bcd_phien5.txt). Expected values are read from the fixture text.
"""

from __future__ import annotations

from directive_kg.loaders.pipeline import extract_doc, merge_table_rows
from directive_kg.loaders.segment import build_doc
from directive_kg.loaders.tables import pipe_tables, read_ocr_task_table, tasks_from_pipe_table
from directive_kg.loaders.tasks import deadline_value, extract_body_tasks, extract_duties, parse_items
from directive_kg.model import SourceInfo, Task


def _extract(text: str, name: str = "plan.txt"):
    doc = build_doc(name, text, markdown=name.endswith(".md"))
    return extract_doc(doc, SourceInfo(path=name, sha256="", encoding="utf-8", line_count=doc.n))


def _task_section(doc):
    return next(s for s in doc.sections if "giai phap" in s.folded_title or "nhiem vu" in s.folded_title)


# ------------------------------------------------------------------ legal-database page: marks and hard breaks

LEGAL_DB_BODY = """\
**I. GIẢI
PHÁP**

**1. Hoàn
thiện thể chế**

a) Nghiên cứu, triển khai có
hiệu quả các Nghị định, Thông tư hướng dẫn Luật Viễn thông.

b) Xây dựng, hoàn thiện các
văn bản quy phạm pháp luật khác tạo hành lang pháp lý cho phát triển hạ tầng
5G, IoT.

**5. Đo lường,
quản lý, giám sát**

Thực hiện khảo sát, thu thập
số liệu, công bố kết quả triển khai thực hiện các mục tiêu của Kế hoạch này.

**II. TỔ CHỨC
THỰC HIỆN**

**1. Ban
Quản lý các khu công nghệ cao và khu công nghiệp**

- Tổ chức triển khai xây dựng
hạ tầng 5G, IoT theo quy hoạch, kế hoạch.

**2. Sở
Tài chính**

- Thẩm định dự toán kinh phí thực hiện nhiệm vụ Kế hoạch.


|
*Nơi nhận:*
- Bộ Khoa học và Công nghệ;
- Lưu: VT, ĐMPT.
|
"""


def test_bold_marks_and_a_heading_broken_over_two_lines() -> None:
    # 310:157-158 "**III. GIẢI" ⏎ "PHÁP**": one section titled "GIẢI PHÁP", marks gone from the text
    doc = build_doc("p.txt", LEGAL_DB_BODY)
    assert [(s.number, s.title) for s in doc.sections] == [("I", "GIẢI PHÁP"), ("II", "TỔ CHỨC THỰC HIỆN")]
    assert "**" not in doc.line(1) and doc.line(36) == "Nơi nhận:"


def test_section_ends_before_the_distribution_list() -> None:
    # 310:384-398: "Nơi nhận:" and its list are never part of "Tổ chức thực hiện"
    doc = build_doc("p.txt", LEGAL_DB_BODY)
    assert doc.sections[-1].end == 35


def test_lettered_items_with_hard_breaks_and_a_paragraph_under_its_heading() -> None:
    # 310:163-171 "a) Nghiên cứu, triển khai có" ⏎ "hiệu quả …"; 310:237-242 heading 5 with one paragraph
    doc = build_doc("p.txt", LEGAL_DB_BODY)
    groups, tasks = extract_body_tasks(doc, _task_section(doc))
    assert [g.title for g in groups] == ["Hoàn thiện thể chế", "Đo lường, quản lý, giám sát"]
    assert [(t.number, t.lines) for t in tasks] == [("a", [7, 8]), ("b", [10, 12]), (None, [17, 18])]
    assert tasks[0].text == (
        "Nghiên cứu, triển khai có hiệu quả các Nghị định, Thông tư hướng dẫn Luật Viễn thông."
    )


def test_duties_are_led_by_the_unit_heading_they_stand_under() -> None:
    # 310:284-294 "**1. Ban" ⏎ "Quản lý các khu công nghệ cao và khu công nghiệp**" then dash items
    doc = build_doc("p.txt", LEGAL_DB_BODY)
    duties = extract_duties(doc, doc.section("to chuc thuc hien"))
    assert [(d.lead_unit, d.lines, d.kind) for d in duties] == [
        ("Ban Quản lý các khu công nghệ cao và khu công nghiệp", [26, 27], "duty"),
        ("Sở Tài chính", [32, 32], "duty"),
    ]


DUTY_FORMS = """\
I. TỔ CHỨC THỰC HIỆN

1. Phòng Văn hóa – Xã hội xã

Căn cứ nội dung Kế hoạch này, xây dựng kế hoạch triển khai thực hiện.

2. Các trường học trên địa bàn xã

- Thường xuyên rà soát, nâng cao năng lực đội ngũ giáo viên.

3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã

Chỉ đạo các tổ chức thành viên phát huy vai trò giám sát, phản biện xã hội.

4. Đề nghị: Hiệp hội Doanh nghiệp tỉnh, Hội Nông dân tỉnh

a) Tuyên truyền, vận động hội viên tích cực tham gia.

5. Chế độ báo cáo

Định kỳ báo cáo kết quả.

- Công an xã: Tăng cường giám sát trên không gian mạng.

Nơi nhận:
- Thường trực Đảng ủy xã;
- Lưu: VT.
"""


def test_duty_heading_forms() -> None:
    # 003:153 "1. Phòng Văn hóa – Xã hội xã" (a known unit: its canonical name); 003:169 "… trên địa bàn xã"
    # (the area is not the unit); 003:179 "Đề nghị …" and 617:244 "Đề nghị: …" (the request is not the unit);
    # "5. Chế độ báo cáo" names no unit (no duty); "- Công an xã: …" a unit and its duty on one line
    doc = build_doc("p.txt", DUTY_FORMS)
    duties = extract_duties(doc, doc.section("to chuc thuc hien"))
    assert [(d.lead_unit, d.text[:20]) for d in duties] == [
        ("Phòng Văn hóa - Xã hội", "Căn cứ nội dung Kế h"),
        ("Các trường học", "Thường xuyên rà soát"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Chỉ đạo các tổ chức "),
        ("Hiệp hội Doanh nghiệp tỉnh, Hội Nông dân tỉnh", "Tuyên truyền, vận độ"),
        ("Công an xã", "Tăng cường giám sát "),
    ]
    assert duties[1].deadline == "recurring"  # "Thường xuyên …"
    assert all("Thường trực" not in d.text for d in duties)  # "Nơi nhận" lists are never duties


# ------------------------------------------------------------------ item forms

ITEM_FORMS = """\
I. NHIỆM VỤ, GIẢI PHÁP
1. Công tác lãnh đạo, chỉ đạo

Các cơ quan, đơn vị phải quán triệt sâu sắc tầm quan trọng của việc đột phá.

Khẩn trương kiện toàn Ban Chỉ đạo về phát triển khoa học, công nghệ của xã.

- Các cơ quan căn cứ Kế hoạch này xây dựng kế hoạch cụ thể.
+ Phòng Văn hóa - Xã hội theo dõi, đôn đốc thực hiện.
2. Hoàn thiện thể chế
Rà soát, sửa đổi các quy định không còn phù hợp với thực tiễn của địa phương hiện nay.
3. Chuyển đổi số
3.1. Số hóa hồ sơ thủ tục hành chính.
3.2. Triển khai các nền tảng số dùng chung.
"""


def test_each_paragraph_bullet_and_sub_number_is_a_task() -> None:
    # 002:221-240 two unbulleted paragraphs under "1. Công tác lãnh đạo, chỉ đạo" are two tasks;
    # dash and plus bullets, and "3.1." sub-numbers, one task each
    doc = build_doc("p.txt", ITEM_FORMS)
    groups, tasks = extract_body_tasks(doc, _task_section(doc))
    assert [g.label for g in groups] == ["1", "2", "3"]
    assert [t.lines[0] for t in tasks] == [4, 6, 8, 9, 11, 13, 14]
    assert [t.number for t in tasks][-2:] == ["3.1", "3.2"]


def test_a_task_right_after_its_heading_without_a_blank_line() -> None:
    # "2. Hoàn thiện thể chế" ⏎ "Rà soát, sửa đổi …" (no blank line): a task, not part of the heading
    doc = build_doc("p.txt", ITEM_FORMS)
    groups, tasks = extract_body_tasks(doc, _task_section(doc))
    assert groups[1].title == "Hoàn thiện thể chế"
    assert tasks[4].text.startswith("Rà soát, sửa đổi")


def test_a_heading_whose_bold_mark_runs_on_is_not_cut() -> None:
    # 310:284-285 "**1. Ban" ⏎ "Quản lý …**": the capitalised second line is still the heading
    doc = build_doc(
        "p.txt", "**1. Ban\nQuản lý các khu công nghệ cao và khu công nghiệp**\n\n- Tổ chức triển khai.\n"
    )
    items = parse_items(doc, 1, doc.n)
    assert [(it.level, it.text) for it in items] == [
        (1, "Ban Quản lý các khu công nghệ cao và khu công nghiệp"),
        (3, "Tổ chức triển khai."),
    ]


def test_a_wrapped_paragraph_is_one_task() -> None:
    # 003:163-165 "- Bố trí … trong" ⏎ blank ⏎ "đội ngũ lãnh đạo …": the lower-case line continues the item
    doc = build_doc("p.txt", "- Bố trí tỷ lệ cán bộ có chuyên môn trong\n\nđội ngũ lãnh đạo tại cơ quan.\n")
    assert [it.text for it in parse_items(doc, 1, doc.n)] == [
        "Bố trí tỷ lệ cán bộ có chuyên môn trong đội ngũ lãnh đạo tại cơ quan."
    ]


# ------------------------------------------------------------------ cell-per-line tables

BAR_TABLE = """\
PHỤ LỤC

|
**STT**
|
**Tên nhiệm vụ**
|
**Cơ quan chủ trì**
|
**Cơ quan phối hợp**
|
**Thời gian hoàn thành**
|
|
**I.
NÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY**
|
|
1
|
Triển khai nền tảng đào tạo
trực tuyến mở đại trà cho người dân, doanh nghiệp.
|
Sở KH&CN
|
Các sở, ban, ngành tỉnh; UBND các xã, phường
|
Thường xuyên, hằng năm
|
|
2
|
Xây dựng Bộ tiêu chí đánh
giá mức độ chuyển đổi số doanh nghiệp.
|
Sở Công Thương
|
|
Quí IV-2025
|
"""


def test_cells_on_lines_of_their_own_between_bars() -> None:
    # 617:299-366: one cell per line run, a lone "|" between cells, two in a row between rows; the group
    # row "**I.** ⏎ NÂNG CAO …" is one cell; row 2 has an empty "phối hợp" cell
    doc = build_doc("annex.txt", BAR_TABLE)
    (table,) = pipe_tables(doc, 1, doc.n)
    assert table.header == [
        "stt",
        "ten nhiem vu",
        "co quan chu tri",
        "co quan phoi hop",
        "thoi gian hoan thanh",
    ]
    assert [(line, table.end_of(line), len(cells)) for line, cells in table.rows] == [
        (15, 16, 1),
        (19, 28, 5),
        (31, 39, 5),
    ]
    groups, tasks = tasks_from_pipe_table(doc, table, "xã")
    assert [(g.label, g.title) for g in groups] == [("I", "NÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY")]
    # "Sở KH&CN" as printed; the lead is the canonical unit (issue 16 item 4: "KH&CN" = "Khoa học và Công nghệ")
    assert [(t.number, t.lead_unit, t.deadline, t.lines, t.group) for t in tasks] == [
        ("1", "Sở Khoa học và Công nghệ", "recurring", [19, 28], "I"),
        ("2", "Sở Công Thương", "Quí IV-2025", [31, 39], "I"),
    ]
    assert tasks[1].coordinating_units == []
    assert tasks[0].text == "Triển khai nền tảng đào tạo trực tuyến mở đại trà cho người dân, doanh nghiệp."


def test_a_header_in_the_same_row_as_the_documents_text() -> None:
    # 624:303-348: the page wraps the whole document in one cell, so the table's column titles follow it in
    # the same row; the titles still head the table
    text = (
        "|\nVĂN PHÒNG CHÍNH PHỦ\n|\nKT. BỘ TRƯỞNG\n|\n**STT**\n|\n**Nhiệm vụ**\n|\n**Cơ quan chủ trì\nthực hiện**\n"
        "|\n**Thời hạn hoàn\nthành**\n|\n|\n1.\n|\nRà soát các quy định pháp luật để tháo gỡ điểm nghẽn\n|\n"
        "Bộ Tài chính\n|\n31/05/2025\n|\n"
    )
    doc = build_doc("annex.txt", text)
    (table,) = pipe_tables(doc, 1, doc.n)
    assert table.header == ["stt", "nhiem vu", "co quan chu tri thuc hien", "thoi han hoan thanh"]
    _, tasks = tasks_from_pipe_table(doc, table, "xã")
    assert [(t.number, t.lead_unit, t.deadline) for t in tasks] == [("1", "Bộ Tài chính", "2025-05-31")]


# ------------------------------------------------------------------ annex rows and body items


def _task(text: str, lines: list[int], **kw) -> Task:
    return Task(
        id="x",
        text=text,
        group=None,
        lead_unit=kw.get("lead"),
        coordinating_units=[],
        deadline=kw.get("deadline"),
        output=None,
        lines=lines,
        source=kw.get("source", "body"),
        kind=kw.get("kind", "task"),
    )


def test_a_key_task_table_merges_with_its_body_items_and_keeps_the_others() -> None:
    # 617:112 body b) "Xây dựng, nâng cấp nền tảng đào tạo trực tuyến mở đại trà, cung cấp miễn phí kiến thức …"
    # restated by row 1 (617:315) "Triển khai nền tảng đào tạo trực tuyến mở đại trà, cung cấp kiến thức …";
    # 617:226 duty of IV.3 restated word for word by row 5 (617:369)
    body = [
        _task("Đẩy mạnh truyền thông, nâng cao nhận thức về chuyển đổi số.", [108, 110]),
        _task("Phát động phong trào thi đua thực hiện thành công chuyển đổi số.", [117, 119]),
        _task(
            "Xây dựng, nâng cấp nền tảng đào tạo trực tuyến mở đại trà, cung cấp miễn phí kiến thức về "
            "khoa học, công nghệ, kỹ năng số, công nghệ số cơ bản cho người dân, doanh nghiệp.",
            [112, 115],
        ),
    ]
    duties = [
        _task(
            "Hỗ trợ cho các doanh nghiệp, nhất là doanh nghiệp nhỏ và vừa, hợp tác xã, hộ kinh doanh "
            "phát triển, kinh doanh trên môi trường số.",
            [226, 228],
            lead="Sở Công Thương",
            kind="duty",
        )
    ]
    rows = [
        _task(
            "Triển khai nền tảng đào tạo trực tuyến mở đại trà, cung cấp kiến thức, kỹ năng số, công nghệ "
            "số cơ bản cho người dân, doanh nghiệp.",
            [315, 325],
            lead="Sở KH&CN",
            source="annex",
        ),
        _task(
            "Hỗ trợ cho các doanh nghiệp, nhất là doanh nghiệp nhỏ và vừa, hợp tác xã, hộ kinh doanh "
            "phát triển, kinh doanh trên môi trường số.",
            [369, 379],
            lead="Sở Công Thương",
            source="annex",
        ),
    ]
    tasks, left = merge_table_rows(rows, body, duties)
    assert [(t.lines, t.source, t.lead_unit) for t in tasks] == [
        ([108, 110], "body", None),
        ([112, 115, 315, 325], "both", "Sở KH&CN"),
        ([117, 119], "body", None),
        ([226, 228, 369, 379], "both", "Sở Công Thương"),
    ]
    assert left == []


def test_rows_that_restate_nothing_stay_tasks_of_their_own() -> None:
    # 310:456 row 3 "Xây dựng kế hoạch đầu tư công …" is near 310:218 "Ngân sách Thành phố đảm bảo kinh phí …"
    # in words but restates nothing
    body = [
        _task(
            "Ngân sách Thành phố đảm bảo kinh phí (bao gồm nguồn kinh phí chi thường xuyên và chi đầu tư) "
            "theo phân cấp ngân sách hiện hành để triển khai các mục tiêu, nhiệm vụ của Kế hoạch.",
            [218, 221],
        )
    ]
    rows = [
        _task(
            "Xây dựng kế hoạch đầu tư công, hợp tác công tư, dự toán kinh phí ngân sách nhà nước đảm bảo "
            "thực hiện các mục tiêu, nhiệm vụ của Kế hoạch này",
            [456, 467],
            source="annex",
        )
    ]
    tasks, _ = merge_table_rows(rows, body, [])
    assert [(t.lines, t.source) for t in tasks] == [([218, 221], "body"), ([456, 467], "annex")]


# ------------------------------------------------------------------ deadlines of a task


def test_deadline_cells() -> None:
    # 617:350 "Thường xuyên, hằng năm"; 617:366 "Quí IV-2025" and 310:453 "Quý IV/2025- Quý II/2026" as printed;
    # 624:346 "18/10/2025"; 03-NQ-CP "Tháng 9/2025"; 000:483 an event as printed
    assert deadline_value("Thường xuyên, hằng năm") == ("recurring", True)
    assert deadline_value("Hàng năm") == ("recurring", True)
    assert deadline_value("Quí IV-2025") == ("Quí IV-2025", False)
    assert deadline_value("Quý IV/2025- Quý II/2026") == ("Quý IV/2025- Quý II/2026", False)
    assert deadline_value("18/10/2025") == ("2025-10-18", False)
    assert deadline_value("Tháng 9/2025") == ("2025-09", False)
    assert deadline_value("Năm 2025") == ("2025", False)
    assert deadline_value("Khi tỉnh ban hành Kế hoạch") == ("Khi tỉnh ban hành Kế hoạch", False)
    assert deadline_value("") == (None, False)


def test_an_ocr_event_deadline_cut_at_a_line_end_is_completed() -> None:
    # 000:538-541: the deadline column reads "Khi tinh ban" at the end of one line and "hanh K¢é" ⏎ "hoach"
    # below; 000:402-403 "… Sau khi" ⏎ "… sang Quyét dinh"
    text = (
        "PHU LUC\nTT Noi dung Co quan chu tri Phong thuc hien chinh Co quan phoi hop Thoi gian hoan thanh\n"
        "1 | Trién khai thuc hién xay dung ban hanh cac ndi dung | UBND xa Phong VH-XH Sau khi\n"
        "phat trién khoa hoc, cong nghé, doi méi sang Quyét dinh\n"
        "tao, chuyén d6i sb trong chuong trinh.\n"
    )
    doc = build_doc("annex.txt", text)
    table = read_ocr_task_table(doc, 1, doc.n)
    assert [row.deadline for row in table.rows] == ["Sau khi Quyết định"]


# ------------------------------------------------------------------ warnings a person can act on


def test_a_plan_without_tasks_is_a_warning_naming_the_file() -> None:
    ex = _extract(
        "UBND XÃ A\nSố: 5/KH-UBND\nKẾ HOẠCH\nThực hiện chuyển đổi số\n\nI. MỤC ĐÍCH\nNội dung.\n",
        "ke-hoach-5.txt",
    )
    assert ex.tasks == []
    assert any("no task found in ke-hoach-5.txt" in w for w in ex.warnings)


def test_a_table_whose_columns_are_not_assigned_is_a_warning() -> None:
    # a task-like table without a lead column: its rows are not read, and the person is told where
    ex = _extract("PHỤ LỤC\n\n| STT | Nội dung | Ghi chú |\n|---|---|---|\n| 1 | Làm X | a |\n", "annex.md")
    assert any(w.startswith("table at line 3: columns not assigned") for w in ex.warnings)


# ------------------------------------------------------------------ targets stay indicators

TARGETS = """\
I. MỤC TIÊU

1. Mục
tiêu đến hết năm 2026

- 100% các khu công nghệ
cao, khu công nghiệp, cụm công nghiệp có tối thiểu 1 trạm phát sóng 5G.

- Thí điểm đầu tư ứng dụng
5G, IoT cho quản lý nhà máy thông minh cho tối thiểu 2 dự án trong các khu công nghiệp.

2. Mục tiêu cụ thể

a) Đến hết năm 2030: Có ≥
60% DNNVV, HTX, HKD trên địa bàn Tỉnh ứng dụng công nghệ số.

II. NHIỆM VỤ, GIẢI PHÁP

1. Chuyển đổi số

a) Triển khai nền tảng số.
"""


def test_target_sentences_are_indicators_not_tasks() -> None:
    # 310:113-131 (a share that opens its item, a floor count), 617:79-80 ("Đến hết năm 2030: Có ≥ 60% …")
    ex = _extract(TARGETS)
    got = [
        (i.targets[0].year, i.targets[0].comparator, i.targets[0].value, i.unit, i.lines)
        for i in ex.indicators
    ]
    assert got == [
        (2026, "=", 100.0, "%", [6, 7]),
        (2026, ">=", 2.0, "dự án", [9, 10]),
        (2030, ">=", 60.0, "%", [14, 15]),
    ]
    assert "5G" in ex.indicators[0].name and "nhà máy thông minh" in ex.indicators[1].name
    assert [t.text for t in ex.tasks] == ["Triển khai nền tảng số."]


def test_a_lettered_item_that_introduces_dashes_is_a_heading() -> None:
    # 001:179-181 "d) Day manh truyén thong … truyén théng." ⏎ " - Céc co quan truyén thong …": the dashes are
    # the tasks, the lettered line introduces them (a paragraph without a number ending its sentence would not)
    text = (
        "I. NHIEM VU CU THE\n1. Nang cao nhan thuc\nd) Day manh truyen thong ve chuyen doi so.\n"
        " - Cac co quan truyen thong pho bien loi ich cua chuyen doi so.\n"
        "- Xay dung kenh truyen thong chuyen biet.\n"
    )
    doc = build_doc("p.txt", text)
    _, tasks = extract_body_tasks(doc, _task_section(doc))
    assert [t.lines[0] for t in tasks] == [4, 5]


# ------------------------------------------------------------------ who leads: the unit the document makes responsible

LEADS = """\
I. NHIỆM VỤ, GIẢI PHÁP

1. Chuyển đổi số

a) Giao Phòng Kinh tế chủ trì, phối hợp với Phòng Văn hóa - Xã hội xây dựng cơ sở dữ liệu.

b) Phối hợp với Sở Khoa học và Công nghệ triển khai nền tảng số dùng chung.

2. Phát triển nhân lực

a) Đào tạo kỹ năng số cho cán bộ, công chức.

II. TỔ CHỨC THỰC HIỆN

1. Ban Quản lý các khu công nghệ cao và khu công nghiệp

- Phối hợp với Sở Khoa học và Công nghệ, Sở Xây dựng hướng dẫn các doanh nghiệp viễn thông.

2. Phòng Văn hóa - Xã hội chủ trì các nhiệm vụ tại mục I.2; tổng hợp, báo cáo kết quả thực hiện.

3. Phong Kinh té chu tri, phdi hop véi cac nganh doan thé bao dam nguon kinh phi.

4. Văn phòng Trung ương Đảng phối hợp với Ban Kinh tế Trung ương theo dõi, kiểm tra việc thực hiện.
"""


def test_the_lead_is_the_unit_made_responsible_not_the_first_one_named() -> None:
    # "Giao X chủ trì, phối hợp với Y" (001:367): X leads, not Y; an item that only names a unit it works
    # with has no lead; under a unit heading the heading's unit leads even when the sentence names another
    # first (310:296 "- Phối hợp với Sở Khoa học và Công nghệ …" under "1. Ban Quản lý …"); the subject of
    # "X phối hợp với Y theo dõi …" leads (57-NQ-TW.md:121)
    ex = _extract(LEADS)
    assert [(t.lines[0], t.lead_unit) for t in ex.tasks] == [
        (5, "Phòng Kinh tế"),
        (7, None),
        (11, "Phòng Văn hóa - Xã hội"),
    ]
    assert [(d.lines[0], d.lead_unit) for d in ex.duties] == [
        (17, "Ban Quản lý các khu công nghệ cao và khu công nghiệp"),
        (19, "Phòng Văn hóa - Xã hội"),
        (21, "Phòng Kinh tế"),
        (23, "Văn phòng Trung ương Đảng"),
    ]


def test_a_cross_reference_gives_the_tasks_it_points_at_their_lead() -> None:
    # "2. Phòng Văn hóa - Xã hội chủ trì các nhiệm vụ tại mục I.2": the tasks of group 2 of section I are its;
    # 000:357 "4. Phong Kinh té chu tri, phdi hop …" (OCR): a numbered sentence opening with its unit is a duty
    ex = _extract(LEADS)
    assert (
        ex.tasks[2].text.startswith("Đào tạo kỹ năng số")
        and ex.tasks[2].lead_unit == "Phòng Văn hóa - Xã hội"
    )
    assert ex.tasks[1].lead_unit is None  # group 1 is not pointed at


def test_a_task_clause_that_sets_a_figure_for_a_year_is_a_target() -> None:
    # 624:214-218 "phải đạt 90% trong năm 2025 (đến nay mới đạt 39,5%)" (the current state is not a target),
    # "… trong năm 2026 (phấn đấu đạt" ⏎ "500.000 thuê bao)" (a thousands separator, the year before the figure)
    text = (
        "I. NHIỆM VỤ, GIẢI PHÁP\n1. Bộ Khoa học và Công nghệ: (4) đôn đốc các doanh nghiệp viễn thông\n"
        "phủ sóng 5G trên phạm vi toàn quốc, phải đạt 90% trong năm 2025 (đến nay mới đạt\n39,5%); (5) Phối hợp "
        "tháo gỡ vướng mắc liên quan đến dự án Starlink để có thể triển khai trong năm 2026 (phấn đấu đạt\n"
        "500.000 thuê bao); (6) Khẩn trương ban hành văn bản hướng dẫn.\n"
    )
    ex = _extract(text)
    got = [(i.targets[0].year, i.targets[0].value, i.unit, i.lines) for i in ex.indicators]
    assert got == [(2025, 90.0, "%", [2, 4]), (2026, 500000.0, "thuê bao", [4, 5])]
    assert "5G" in ex.indicators[0].name and "Starlink" in ex.indicators[1].name


def test_lettered_items_with_a_full_stop_and_other_column_titles() -> None:
    # "a. Xây dựng …" (a letter and a full stop before a capital); a table whose unit column says "Đơn vị thực
    # hiện" and whose time column says "Tiến độ": the unit column leads, never "Thời gian thực hiện"
    doc = build_doc("p.txt", "I. NHIỆM VỤ\n1. Chuyển đổi số\na. Xây dựng cơ sở dữ liệu.\nb. Số hóa hồ sơ.\n")
    _, tasks = extract_body_tasks(doc, _task_section(doc))
    assert [(t.number, t.text) for t in tasks] == [("a", "Xây dựng cơ sở dữ liệu."), ("b", "Số hóa hồ sơ.")]
    table = (
        "| STT | Nội dung công việc | Đơn vị thực hiện | Tiến độ |\n|---|---|---|---|\n"
        "| 1 | Số hóa hồ sơ | Văn phòng HĐND và UBND | Quý III/2025 |\n"
    )
    doc = build_doc("t.md", table, markdown=True)
    (parsed,) = pipe_tables(doc, 1, doc.n)
    _, rows = tasks_from_pipe_table(doc, parsed, "xã")
    assert [(t.lead_unit, t.deadline) for t in rows] == [("Văn phòng HĐND và UBND", "Quý III/2025")]


def test_the_unit_beside_the_committee_leads_a_flattened_row() -> None:
    # 000:546-547: "Céc ban, nganh," (phối hợp, broken onto the line above) ⏎ "13 5 … | UBND xa Phong VH-XH …":
    # with a "thực hiện chính" column the unit right after the chủ trì cell (UBND xã) leads
    from directive_kg.loaders.tables import OcrTaskRow, _row_units

    row = OcrTaskRow(
        start=545,
        end=551,
        units=[
            ("Các ban, ngành, đoàn thể", False),
            ("Ủy ban nhân dân xã", False),
            ("Phòng Văn hóa - Xã hội", False),
        ],
    )
    assert _row_units(row, main_column=True) == ("Phòng Văn hóa - Xã hội", ["Các ban, ngành, đoàn thể"])
    # without that column the first unit read is the chủ trì cell
    assert _row_units(row, main_column=False)[0] == "Các ban, ngành, đoàn thể"
