"""Alignment of local group headings to the seven central task groups of 57-NQ/TW (graph/align.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from directive_kg.graph.align import align_heading
from directive_kg.loaders.pipeline import extract_file

CENTRAL = Path(__file__).resolve().parent.parent / "examples" / "corpus" / "central" / "57-NQ-TW.md"


@pytest.fixture(scope="module")
def central_titles() -> list[str]:
    return [g.title for g in extract_file(CENTRAL).groups]


@pytest.mark.parametrize(
    "heading, group",
    [
        # headings of the example plans (002 Trấn Biên, 003 Dân Tiến), read against section III of 57-NQ/TW
        (
            "Hoàn thiện thể chế, chính sách tạo đột phá, bảo đảm nguồn lực cho phát triển khoa học, công nghệ, "
            "đổi mới sáng tạo và chuyển đổi số",
            2,
        ),
        ("Phát triển nguồn nhân lực", 4),
        (
            "Chủ động, tích cực đẩy mạnh hợp tác, liên kết vùng và hội nhập quốc tế về khoa học, công nghệ, "
            "đổi mới sáng tạo và chuyển đổi số.",
            7,
        ),
        ("Bảo đảm an ninh mạng và chủ quyền số", 5),
        ("Công tác lãnh đạo, chỉ đạo", 1),
        (
            "Tăng cường đầu tư, hoàn thiện hạ tầng cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
            3,
        ),
    ],
)
def test_heading_serves_its_subject_not_the_refrain(central_titles, heading, group):
    links = align_heading(heading, central_titles)
    assert links, heading
    assert links[0].target + 1 == group


def test_near_verbatim_heading_is_a_heading_match(central_titles):
    links = align_heading(central_titles[5], central_titles)
    assert [(x.target, x.method) for x in links] == [(5, "heading")]
    assert links[0].score >= 0.95


def test_heading_of_no_known_subject_aligns_to_nothing(central_titles):
    assert align_heading("Tổ chức thực hiện", central_titles) == []
