"""Unit names: abbreviations and OCR spellings → one canonical unit.

The spellings are copied from the corpus (file:line given with each) or are
the clean forms the brief names; the canonical names are the ones the
extraction contract uses ("Phòng Văn hóa - Xã hội", …).
"""

from __future__ import annotations

import pytest

from directive_kg.loaders.units import GENERIC_UNITS, find_units, normalise_unit

VH = "Phòng Văn hóa - Xã hội"
VP = "Văn phòng HĐND và UBND"
HCC = "Trung tâm Phục vụ hành chính công"
MTTQ = "Ủy ban Mặt trận Tổ quốc Việt Nam"

# (text as printed, canonical unit, where)
SPELLINGS = [
    # Phòng Văn hóa - Xã hội
    ("Phòng VH-XH", VH, "abbreviation"),
    ("Phong VH-XH", VH, "000:397 annex cell"),
    ("PhongVH —XH", VH, "000:454 annex cell, glued, em dash"),
    ("Phong Vin hoa — Xa hoi", VH, "000:352 'Phong Vin hoa — Xa hoi chu tri'"),
    ("phong Vin hoa - X3 hoi", VH, "000:364 '(qua phong Vin hoa - X3 hoi)'"),
    ("Phong Vian hoa - X4 hoi", VH, "001:379"),
    ("Phong Vin hoa - Xa hoi", VH, "001:364"),
    ("Trudng phong Van hod - X& hoi", VH, "001:44 'Trudng phong Van hod - X& hoi'"),
    ("Phòng Văn hóa – Xã hội xã", VH, "003:153, clean, en dash"),
    ("Phòng Văn hóa - Xã hội", VH, "clean"),
    # Văn phòng HĐND và UBND
    ("VP HDND-UBND", VP, "abbreviation, one line"),
    ("VP HDND-\nUBND", VP, "000:477-478, one cell broken after the dash"),
    ("VP HDND va UBND", VP, "abbreviation"),
    ("Trach nhiém cia Van phong HDND va UBND phuong", VP, "002:501"),
    ("Văn phòng HĐND và UBND", VP, "clean"),
    ("VP HPND - UBND", VP, "000:603-604 'VP HPND -' / 'UBND' (Đ read as P)"),
    # Trung tâm Phục vụ hành chính công
    ("Trung tâm PVHCC xã", HCC, "003:192"),
    ("Trung tam Phuc vu HCC", HCC, "001:567-579 annex cell"),
    (
        "nganh, don vi | Phuc vu HCC | nghiép vu",
        HCC,
        "001:567, 'Trungtdm' on 565 above: HCC = hành chính công",
    ),
    ("TTPVHCC", HCC, "abbreviation"),
    ("Trach nhiém cua Trung tam Phuc vu hanh chinh cong phudong", HCC, "002:508"),
    ("trung tdm phuc\nvu hanh chinh cong", HCC, "000:257-258, broken over the line"),
    ("Trung tâm Phục vụ hành chính công", HCC, "clean"),
    # Phòng Kinh tế
    ("Phong Kinh té", "Phòng Kinh tế", "000:357"),
    ("Phòng Kinh tế", "Phòng Kinh tế", "clean"),
    # Công an, Mặt trận
    ("4. Công an xã", "Công an xã", "003:175"),
    ("5. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã", MTTQ, "003:179"),
    ("- Ủy ban Mặt trận Tổ quốc xã;", MTTQ, "003:190"),
    ("Phéi hop véi cac ban Pang, Uy ban MTTQ Viét Nam x4, trung", MTTQ, "000:257"),
    ("UB MTTQ Viét Nam xa", MTTQ, "000:603-604"),
    ("UBMTTQVN x4 va cac to chirc", MTTQ, "001:74"),
]


@pytest.mark.parametrize(("text", "expected", "where"), SPELLINGS, ids=[s[0] for s in SPELLINGS])
def test_spelling_normalises_to_canonical_unit(text: str, expected: str, where: str) -> None:
    assert normalise_unit(text) == expected, where


# Generic groups that plans assign tasks to
GENERIC = [
    ("Cac ban nganh doan\nthé", "Các ban, ngành, đoàn thể", "000:616-617 annex cell"),
    (
        "Céac ban, nganh,\ndoan the",
        "Các ban, ngành, đoàn thể",
        "000:639-640 annex cell, 'Các' read as 'Céac'",
    ),
    ("Các ban, ngành, đoàn thể", "Các ban, ngành, đoàn thể", "clean"),
    ("Cac khoi, xom", "Các khối, xóm", "000:452 annex cell"),
    ("UBND xa", "Ủy ban nhân dân xã", "000:397 annex cell"),
    ("Ủy ban nhân dân xã", "Ủy ban nhân dân xã", "clean"),
]


@pytest.mark.parametrize(("text", "expected", "where"), GENERIC, ids=[g[0] for g in GENERIC])
def test_generic_groups(text: str, expected: str, where: str) -> None:
    name = normalise_unit(text)
    assert name == expected, where
    assert name in GENERIC_UNITS


@pytest.mark.parametrize("name", [VH, "Phòng Kinh tế", VP, HCC, "Công an xã", MTTQ])
def test_named_units_are_not_generic(name: str) -> None:
    assert name not in GENERIC_UNITS


def test_level_word_localises_commune_units() -> None:
    # 002 is a ward (phường Trấn Biên): its police and committee are the ward's
    assert normalise_unit("Công an phường", "phường") == "Công an phường"
    assert normalise_unit("UBND phuong", "phường") == "Ủy ban nhân dân phường"
    assert normalise_unit("Công an xã") == "Công an xã"


# Words that look like unit names but are not units
NOT_UNITS = [
    ("phat trién kinh té - xa hoi", "000:210 'kinh tế - xã hội' is a field, not Phòng Kinh tế"),
    ("kinh tế - xã hội", "clean form of the same"),
    ("siéu thi, trung tam thuong mai,...", "000:631 a shopping centre"),
    ("phong my tuc, phat huy ban sic Vian hoa dan toc", "000:276 'phong mỹ tục' (customs)"),
    ("phát triển văn hóa - xã hội", "a field"),
    ("Tlep tuc phat dong phong trao thi dua toan xa", "000:434 'phong trào thi đua'"),
    ("Nghị quyết số 57-NQ/TW", "a document"),
    ("nang cao chat luong phuc vu nguoi dan", "'phục vụ' without HCC / hành chính công is not the centre"),
    ("Thuong\nxuyén", "000:458-459 a deadline"),
    ("chuyển đổi số", "a topic"),
    ("UBND huyện", "districts no longer exist (primer); not a commune unit"),
    ("", "empty"),
]


@pytest.mark.parametrize(("text", "why"), NOT_UNITS, ids=[n[0][:30] for n in NOT_UNITS])
def test_not_a_unit(text: str, why: str) -> None:
    assert normalise_unit(text) is None, why
    assert find_units(text) == [], why


# 000:397, an OCR'd annex row: the cells chủ trì ("UBND xa"), thực hiện chính
# ("Phong VH-XH") and phối hợp ("doan th é") interleaved on one line
ANNEX_ROW = "tuong nguoi dan, doanh nghiép, chinh quyén | UBND xa Phong VH-XH doan th é"


def test_find_units_gives_positions_in_the_original_text() -> None:
    found = find_units(ANNEX_ROW)
    vh = [f for f in found if f[0] == VH]
    assert len(vh) == 1
    assert ANNEX_ROW[vh[0][1] : vh[0][2]] == "Phong VH-XH"


def test_commune_committee_followed_by_another_unit_is_still_a_unit() -> None:
    # "UBND xa" is the chủ trì cell; the next words are a unit, not the commune's name
    assert [name for name, _, _ in find_units(ANNEX_ROW)] == ["Ủy ban nhân dân xã", VH]


def test_find_units_in_clean_lines() -> None:
    # 003:157
    text = "báo cáo UBND xã (qua Phòng Văn hóa – Xã hội) về tình hình, kết quả thực hiện Kế hoạch."
    assert [n for n, _, _ in find_units(text)] == ["Ủy ban nhân dân xã", VH]
    # 003:190-193, the recipients: "Trung tâm Dịch vụ tổng hợp" is another centre, not the HCC one
    text = (
        "- Ủy ban Mặt trận Tổ quốc xã;\n- Các cơ quan, ban, ngành thuộc xã;\n- Trung tâm PVHCC xã;\n"
        "- Trung tâm Dịch vụ tổng hợp xã;"
    )
    names = [n for n, _, _ in find_units(text)]
    assert names[:1] == [MTTQ] and names.count(HCC) == 1


# ------------------------------------------------------------ ministries, departments, lists (issue 16, item 4)

from directive_kg.loaders.units import split_units, unit_key  # noqa: E402


def test_a_list_of_ministries_is_three_units() -> None:
    text = "Bộ Công Thương, Bộ Tài nguyên và Môi trường, Bộ Xây dựng"
    assert [n for n, _, _ in find_units(text)] == [
        "Bộ Công Thương",
        "Bộ Tài nguyên và Môi trường",
        "Bộ Xây dựng",
    ]
    assert split_units(text) == ["Bộ Công Thương", "Bộ Tài nguyên và Môi trường", "Bộ Xây dựng"]


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),  # dongthap annex lead column
        ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Sở Khoa học và Công nghệ"),
        ("Sở Khoa hoc va Cong nghe", "Sở Khoa học và Công nghệ"),
        ("Bộ KH&CN", "Bộ Khoa học và Công nghệ"),
        ("BỘ CÔNG AN", "Bộ Công an"),
        ("Sở Công thương", "Sở Công Thương"),
        (
            "ban quản lý các khu công nghệ cao và khu công nghiệp",
            "Ban Quản lý các khu công nghệ cao và khu công nghiệp",
        ),
    ],
)
def test_one_canonical_unit_per_meaning(printed: str, canonical: str) -> None:
    assert normalise_unit(printed) == canonical
    assert unit_key(printed) == unit_key(canonical)


def test_management_board_name_stops_at_its_verb() -> None:
    text = "Ban Quản lý các khu công nghệ cao và khu công nghiệp chủ trì, phối hợp"  # hanoi V.2
    assert [n for n, _, _ in find_units(text)] == ["Ban Quản lý các khu công nghệ cao và khu công nghiệp"]


@pytest.mark.parametrize(
    "text", ["cán bộ y tế", "cơ sở y tế", "bảo vệ quyền sở hữu trí tuệ", "toàn bộ công an"]
)
def test_common_words_are_not_ministries(text: str) -> None:
    assert find_units(text) == []


def test_split_keeps_unknown_units_as_written_and_va_inside_names() -> None:
    cell = "Sở KH&CN; Đài Phát thanh và Truyền hình tỉnh, các doanh nghiệp viễn thông"
    assert split_units(cell) == ["Sở Khoa học và Công nghệ", "Đài Phát thanh và Truyền hình tỉnh"]
