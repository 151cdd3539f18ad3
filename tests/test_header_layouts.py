"""Header rules that every layout shares (issue 16, item 1): the issuer comes from the document's own header
block, wrapped header lines are joined, site boilerplate yields no fact, the own number is never a reference.
Each fixture quotes the pattern it tests; the expected facts are the ones printed in it."""

from __future__ import annotations

from pathlib import Path

from directive_kg.loaders import extract_file
from directive_kg.model import Extraction


def _extract(tmp_path: Path, text: str, name: str = "doc.txt") -> Extraction:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract_file(path)


# a provincial decision as a legal-database page prints its header: one `|` cell per column, bold marks,
# "Số:" and the number on two lines, the date cut after "ngày 24"
LEGAL_DB_HEADER = """|
**ỦY BAN NHÂN
DÂN **
TỈNH NGHỆ AN
--------
|
**CỘNG HÒA XÃ
HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số:
2610/QĐ-UBND
|
*Nghệ An, ngày 24
tháng 11 năm 2025*
|

**QUYẾT ĐỊNH**

VỀ VIỆC BAN HÀNH KẾ HOẠCH THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW NGÀY 22/12/2024 CỦA BỘ CHÍNH TRỊ

Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;
"""


def test_wrapped_header_lines_of_a_web_page_are_joined(tmp_path: Path) -> None:
    d = _extract(tmp_path, LEGAL_DB_HEADER).document
    assert d.identifier == "2610/QĐ-UBND"  # "Số:" ⏎ "2610/QĐ-UBND"
    assert d.date == "2025-11-24"  # "ngày 24" ⏎ "tháng 11 năm 2025", not 22/12/2024 of the cited resolution
    assert d.kind == "decision"
    assert d.title and d.title.startswith("QUYẾT ĐỊNH VỀ VIỆC BAN HÀNH")
    # the title cites the Politburo; the header block names the issuer
    assert (d.issuer.name, d.issuer.level, d.issuer.body) == (
        "Ủy ban nhân dân tỉnh Nghệ An",
        "province",
        "state",
    )
    assert (d.province, d.province_code, d.issuer.code) == ("Nghệ An", "40", "40")


SITE_PAGE = """Bản dịch này thuộc quyền sở hữu của **
THƯ VIỆN PHÁP LUẬT**. Mọi hành vi sao chép là vi phạm pháp luật.
#
**Số hiệu:**
|
999/TB-VPCP
|
**Ngày ban hành:**
|
01/01/2020
|
|
**VĂN
PHÒNG CHÍNH PHỦ**
-------
|
**CỘNG
HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số: 624/TB-VPCP
|
*Hà Nội, ngày 16
tháng 11 năm 2025*
|
**THÔNG BÁO**
KẾT LUẬN PHIÊN HỌP CỦA BAN CHỈ ĐẠO
Thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị, Bộ Khoa học và Công nghệ báo cáo.
**PHỤ LỤC I**
*(Kèm theo Thông báo kết luận số 624/TB-VPCP ngày 16 tháng 11 năm 2025 của Văn phòng Chính phủ)*
Bộ Công an chủ trì nhiệm vụ theo Thông báo số 07-TB/CQTTBCĐ ngày 15/10/2025.
[1]
Thông báo 624/TB-VPCP năm 2025 kết luận Phiên họp của Ban Chỉ đạo do Văn phòng Chính phủ ban hành
Văn bản này chưa cập nhật nội dung Tiếng Anh
## Văn bản liên quan
Ban hành:
01/12/2025
**Địa chỉ:**
|
17 Nguyễn Gia Thiều, P. Xuân Hòa, TP.HCM
**Mã số thuế:**
|
0315459414
Nghị định 13/2023/NĐ-CP về Bảo vệ dữ liệu cá nhân yêu cầu xác nhận sự đồng ý của thành viên.
Quý Thành viên xác nhận giúp **THƯ VIỆN PHÁP LUẬT** được tiếp tục lưu trữ thông tin.
- Bạn vừa bị Đăng xuất khỏi Tài khoản .
"""


def test_site_boilerplate_yields_no_fact(tmp_path: Path) -> None:
    ex = _extract(tmp_path, SITE_PAGE)
    d = ex.document
    # the site's metadata block ("Số hiệu: 999/TB-VPCP", "Ngày ban hành: 01/01/2020") is not the header
    assert (d.identifier, d.date) == ("624/TB-VPCP", "2025-11-16")
    assert (d.issuer.name, d.issuer.level, d.province) == ("Văn phòng Chính phủ", "central", None)
    refs = {r.identifier for r in ex.references}
    assert "13/2023/NĐ-CP" not in refs  # cited by the site's privacy notice
    assert "999/TB-VPCP" not in refs
    assert "624/TB-VPCP" not in refs  # its own number (header, annex caption, site title)
    assert {"57-NQ/TW", "07-TB/CQTTBCĐ"} <= refs  # a 7-letter Party issuer symbol


def test_own_number_from_the_annex_caption_is_not_a_reference(tmp_path: Path) -> None:
    # the header lost its number line; the annex caption gives it
    text = """ỦY BAN NHÂN DÂN
TỈNH ĐỒNG THÁP
Đồng Tháp, ngày 01 tháng 12 năm 2025

KẾ HOẠCH
Chuyển đổi số cho doanh nghiệp

Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;

PHỤ LỤC
(Kèm theo Kế hoạch số 617/KH-UBND ngày 01/12/2025 của UBND Tỉnh)
"""
    ex = _extract(tmp_path, text)
    assert ex.document.identifier == "617/KH-UBND"
    assert "617/KH-UBND" not in {r.identifier for r in ex.references}
    assert any("annex caption" in w for w in ex.warnings)


PARTY_GIA_LAI = """ĐẢNG BỘ TỈNH GIA LAI                 ĐẢNG CỘNG SẢN VIỆT NAM
ĐẢNG ỦY XÃ IA HRÚ
*
Số 22-KH/ĐU                          Ia Hrú, ngày 10 tháng 9 năm 2025

KẾ HOẠCH
thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị

I. NHIỆM VỤ, GIẢI PHÁP
"""


def test_lower_line_of_a_party_header_issues_at_commune_level(tmp_path: Path) -> None:
    d = _extract(tmp_path, PARTY_GIA_LAI).document
    assert (d.issuer.name, d.issuer.level, d.issuer.body) == ("Đảng ủy xã Ia Hrú", "commune", "party")
    assert d.province == "Gia Lai"  # from the upper line "ĐẢNG BỘ TỈNH GIA LAI"
    assert d.issuer.code is not None and d.issuer.area == "xã Ia Hrú"


def test_province_party_committee(tmp_path: Path) -> None:
    text = """TỈNH ỦY QUẢNG NGÃI                 ĐẢNG CỘNG SẢN VIỆT NAM
*
Số 359-KH/TU                          Quảng Ngãi, ngày 29 tháng 4 năm 2025

KẾ HOẠCH HÀNH ĐỘNG
thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị
"""
    d = _extract(tmp_path, text).document
    assert (d.issuer.name, d.issuer.level, d.issuer.body) == ("Tỉnh ủy Quảng Ngãi", "province", "party")
    assert (d.province, d.issuer.code) == ("Quảng Ngãi", "51")


def test_ministry_in_the_header_is_a_central_issuer(tmp_path: Path) -> None:
    text = """BỘ KHOA HỌC VÀ CÔNG NGHỆ      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                  Độc lập - Tự do - Hạnh phúc
Số: 912/QĐ-BKHCN                  Hà Nội, ngày 18 tháng 5 năm 2025

QUYẾT ĐỊNH
Về việc ban hành Kế hoạch phát triển hạ tầng số của tỉnh Nghệ An
"""
    d = _extract(tmp_path, text).document
    assert (d.issuer.name, d.issuer.level, d.province) == ("Bộ Khoa học và Công nghệ", "central", None)


def test_ocr_damaged_commune_is_restored_from_the_register(tmp_path: Path) -> None:
    # 000:1-4: "XA NGHIA PAN" (Đ read as P); the lexicon alone gave "Nghĩa Đan"
    text = """UY BAN NHAN DAN CONG HOA XA HQI CHU NGHIiA VIET NAM
XA NGHIA PAN Déc 1ap - Tu do - Hanh phuc
S6: 10 /KH-UBND Nghia Pan, ngay 23 thang 7 nam 2025
KE HOACH
Thue hién Nghi quyét s6 57-NQ/TW trén dia ban xa Nghia Pan, tinh Nghe An
"""
    ex = _extract(tmp_path, text)
    d = ex.document
    assert d.issuer.name == "Ủy ban nhân dân xã Nghĩa Đàn"
    assert (d.issuer.code, d.province) == ("16941", "Nghệ An")
    assert d.title and d.title.endswith("xã Nghĩa Đàn, tinh Nghe An")


def test_commune_without_a_province_is_kept_as_printed_with_a_warning(tmp_path: Path) -> None:
    # 003: the plan never names its province; the register has a xã Dân Tiến, but that is not looked up
    text = """Số: /KH-UBND

Dân Tiến, ngày tháng 12 năm 2025

KẾ HOẠCH
Thực hiện Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ; UBND xã Dân Tiến ban hành kế hoạch như sau:

I. MỤC ĐÍCH
"""
    ex = _extract(tmp_path, text)
    d = ex.document
    assert (d.issuer.name, d.issuer.code, d.province) == ("Ủy ban nhân dân xã Dân Tiến", None, None)
    assert any("names no province" in w and "Dân Tiến" in w for w in ex.warnings)


def test_commune_not_in_the_register_is_never_replaced_by_a_near_one(tmp_path: Path) -> None:
    text = """ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ HOA MAI ĐỎ             Độc lập - Tự do - Hạnh phúc
Số: 5/KH-UBND             Hoa Mai Đỏ, ngày 2 tháng 10 năm 2025
KẾ HOẠCH
Chuyển đổi số trên địa bàn tỉnh Nghệ An
"""
    ex = _extract(tmp_path, text)
    assert ex.document.issuer.name == "Ủy ban nhân dân xã Hoa Mai Đỏ"
    assert ex.document.issuer.code is None
    assert any("not in the register" in w for w in ex.warnings)


def test_header_without_a_date_is_a_warning(tmp_path: Path) -> None:
    text = """ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH NGHỆ AN              Độc lập - Tự do - Hạnh phúc
Số: 348/KH-UBND
KẾ HOẠCH
Triển khai thực hiện Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ
"""
    ex = _extract(tmp_path, text)
    # 01/4/2025 is the cited resolution's date, never this plan's; the catalog knows 348/KH-UBND's own
    assert ex.document.date == "2025-05-14"
    text_unknown = text.replace("348/KH-UBND", "7/KH-UBND")
    ex = _extract(tmp_path, text_unknown, "unknown.txt")
    assert ex.document.date is None
    assert any(w.startswith("no date found in the header") for w in ex.warnings)
