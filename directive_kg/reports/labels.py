"""Vietnamese and English labels of the report: section (sheet) names, column headers, fixed words."""

from __future__ import annotations

SECTIONS: dict[str, dict[str, str]] = {
    "summary": {"vi": "Tổng quan", "en": "Summary"},
    "coverage": {"vi": "Ma trận bao phủ", "en": "Coverage"},
    "tasks": {"vi": "Nhiệm vụ", "en": "Tasks"},
    "targets": {"vi": "Chỉ tiêu", "en": "Targets"},
    "units": {"vi": "Đơn vị", "en": "Units"},
    "findings": {"vi": "Phát hiện", "en": "Findings"},
}
ORDER = list(SECTIONS)

COLUMNS: dict[str, dict[str, str]] = {
    "plan": {"vi": "Kế hoạch", "en": "Plan"},
    "title": {"vi": "Trích yếu", "en": "Title"},
    "issuer": {"vi": "Cơ quan ban hành", "en": "Issuer"},
    "date": {"vi": "Ngày ban hành", "en": "Date issued"},
    "level": {"vi": "Cấp", "en": "Level"},
    "province": {"vi": "Tỉnh", "en": "Province"},
    "commune": {"vi": "Xã/phường", "en": "Commune"},
    "implements": {"vi": "Thực hiện văn bản", "en": "Implements"},
    "tasks": {"vi": "Số nhiệm vụ", "en": "Tasks"},
    "lead_share": {"vi": "Tỷ lệ có đơn vị chủ trì", "en": "Share with lead unit"},
    "deadline_share": {"vi": "Tỷ lệ có thời hạn", "en": "Share with deadline"},
    "violations": {"vi": "Vi phạm", "en": "Violations"},
    "warnings": {"vi": "Cảnh báo", "en": "Warnings"},
    "infos": {"vi": "Thông tin", "en": "Info"},
    "groups_covered": {"vi": "Nhóm TW được bao phủ", "en": "Central groups covered"},
    "source": {"vi": "Tệp nguồn", "en": "Source file"},
    "group": {"vi": "Nhóm nhiệm vụ", "en": "Task group"},
    "central_groups": {"vi": "Nhóm 57-NQ/TW", "en": "57-NQ/TW group"},
    "group_score": {"vi": "Điểm nhóm", "en": "Group score"},
    "central_task": {"vi": "Nhiệm vụ 03/NQ-CP", "en": "03/NQ-CP task"},
    "task_score": {"vi": "Điểm nhiệm vụ", "en": "Task score"},
    "evidence": {"vi": "Căn cứ (phương pháp, điểm, từ ngữ khớp)", "en": "Evidence (method, score, wording)"},
    "number": {"vi": "Số TT", "en": "No."},
    "text": {"vi": "Nội dung nhiệm vụ", "en": "Task"},
    "lead_unit": {"vi": "Đơn vị chủ trì", "en": "Lead unit"},
    "coordinating_units": {"vi": "Đơn vị phối hợp", "en": "Coordinating units"},
    "deadline": {"vi": "Thời hạn", "en": "Deadline"},
    "output": {"vi": "Sản phẩm", "en": "Output"},
    "line_start": {"vi": "Từ dòng", "en": "From line"},
    "line_end": {"vi": "Đến dòng", "en": "To line"},
    "indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "parent_indicator": {"vi": "Chỉ tiêu cấp trên", "en": "Parent indicator"},
    "year": {"vi": "Năm", "en": "Year"},
    "comparator": {"vi": "So sánh", "en": "Comparator"},
    "value": {"vi": "Giá trị", "en": "Value"},
    "measure": {"vi": "Đơn vị tính", "en": "Unit of measure"},
    "parent_comparator": {"vi": "So sánh cấp trên", "en": "Parent comparator"},
    "parent_value": {"vi": "Giá trị cấp trên", "en": "Parent value"},
    "difference": {"vi": "Chênh lệch", "en": "Difference"},
    "below_parent": {"vi": "Thấp hơn cấp trên", "en": "Less ambitious"},
    "parent_basis": {"vi": "Căn cứ liên kết", "en": "Parent link"},
    "unit": {"vi": "Đơn vị", "en": "Unit"},
    "led": {"vi": "Chủ trì", "en": "Led"},
    "coordinated": {"vi": "Phối hợp", "en": "Coordinated"},
    "overdue": {"vi": "Quá hạn (chủ trì)", "en": "Overdue (led)"},
    "rule": {"vi": "Quy tắc", "en": "Rule"},
    "severity": {"vi": "Mức độ", "en": "Severity"},
    "message": {"vi": "Nội dung phát hiện", "en": "Message"},
    "document": {"vi": "Văn bản", "en": "Document"},
    "focus": {"vi": "Đối tượng", "en": "Focus"},
}

WORDS: dict[str, dict[str, str]] = {
    "title": {
        "vi": "Báo cáo kiểm tra thực hiện Nghị quyết 57-NQ/TW",
        "en": "Resolution 57-NQ/TW compliance report",
    },
    "scope": {"vi": "Phạm vi", "en": "Scope"},
    "all": {"vi": "tất cả kế hoạch địa phương", "en": "all local plans"},
    "as_of": {"vi": "Tính đến ngày", "en": "As of"},
    "generated": {"vi": "Lập lúc", "en": "Generated"},
    "store": {"vi": "Kho dữ liệu", "en": "Store"},
    "group": {"vi": "Nhóm", "en": "Group"},
    "recurring": {"vi": "thường xuyên", "en": "recurring"},
    "yes": {"vi": "có", "en": "yes"},
    "violation": {"vi": "vi phạm", "en": "violation"},
    "warning": {"vi": "cảnh báo", "en": "warning"},
    "info": {"vi": "thông tin", "en": "info"},
    "graph": {"vi": "đồ thị", "en": "graph"},
    "derived": {"vi": "suy ra theo độ tương đồng", "en": "derived by similarity"},
    "no_rows": {"vi": "Không có dòng nào.", "en": "No rows."},
    "legend": {
        "vi": "Ô đỏ: nhóm nhiệm vụ Trung ương không có nhiệm vụ nào của kế hoạch.",
        "en": "Red cell: a central task group with no task of the plan.",
    },
    "page": {"vi": "Trang", "en": "Page"},
}


def section(key: str, lang: str) -> str:
    return SECTIONS[key][lang]


def column(key: str, lang: str) -> str:
    """The header of a column; group columns (g1 … g7) are labelled by the caller."""
    return COLUMNS[key][lang] if key in COLUMNS else key


def word(key: str, lang: str) -> str:
    return WORDS[key][lang]
