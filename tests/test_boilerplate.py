"""Site boilerplate around a document copied from a web page is blanked: it yields no fact."""

from __future__ import annotations

from directive_kg.loaders.boilerplate import site_lines


def test_site_buttons_and_notices_are_site_lines_but_running_text_is_not() -> None:
    lines = [
        "Lưu trữ",
        "Ghi chú",
        "Ý kiến",  # the page's buttons, one per line
        "ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 1/KH-UBND",
        "Sau khi nghe báo cáo, ý kiến phát biểu của các bộ, Ban Chỉ đạo kết luận như sau:",  # running text
        "VNeID với 05 chức năng chính: (i) Lưu trữ dữ liệu;",
    ]
    masked = site_lines(lines)
    assert {0, 1, 2} <= masked  # the buttons, and everything above the header block
    assert not masked & {3, 4, 5, 6}


def test_trailing_site_block_is_cut_from_its_first_line() -> None:
    doc = ["ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 1/KH-UBND"]
    doc += [f"Nội dung dòng thứ {k} của kế hoạch gồm nhiều hơn sáu từ ở đây." for k in range(10)]
    tail = [
        "Văn bản này chưa cập nhật nội dung Tiếng Anh",
        "## Văn bản liên quan",
        "Ban hành:",
        "01/12/2025",
        "Nghị định 13/2023/NĐ-CP về Bảo vệ dữ liệu cá nhân yêu cầu xác nhận sự đồng ý của thành viên.",
        "**Mã số thuế:**",
        "0315459414",
    ]
    masked = site_lines(doc + tail)
    assert masked == set(range(len(doc), len(doc) + len(tail)))


def test_a_document_without_site_text_is_untouched() -> None:
    assert site_lines(["KẾ HOẠCH", "Thực hiện Nghị quyết số 57-NQ/TW", "- Ghi chú: không"]) == set()
