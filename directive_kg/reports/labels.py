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
    "parent_basis": {"vi": "Nguồn chỉ tiêu cấp trên", "en": "Parent target from"},
    "unit": {"vi": "Đơn vị", "en": "Unit"},
    "led": {"vi": "Chủ trì", "en": "Led"},
    "coordinated": {"vi": "Phối hợp", "en": "Coordinated"},
    "overdue": {"vi": "Quá hạn (chủ trì)", "en": "Overdue (led)"},
    "rule": {"vi": "Quy tắc", "en": "Rule"},
    "severity": {"vi": "Mức độ", "en": "Severity"},
    "message": {"vi": "Nội dung phát hiện", "en": "Message"},
    "document": {"vi": "Văn bản", "en": "Document"},
    "focus": {"vi": "Đối tượng", "en": "Focus"},
    "task": {"vi": "Nhiệm vụ", "en": "Task"},
    "central": {"vi": "Nhiệm vụ Trung ương", "en": "Central task"},
    "change": {"vi": "Thay đổi", "en": "Change"},
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
    "graph": {"vi": "văn bản cấp trên nêu rõ", "en": "stated by the parent document"},
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


# ------------------------------------------------------------------ values (enums) shown to a reader
# One table for every coded value a report prints: issuer levels, severities, alignment methods, gap
# kinds and statuses, and the validation rules by name. The Vietnamese report prints the "vi" side and
# never the code itself (tests/test_pdf.py checks every code of this table is absent from it).
VALUES: dict[str, dict[str, dict[str, str]]] = {
    "level": {
        "central": {"vi": "trung ương", "en": "central"},
        "province": {"vi": "cấp tỉnh", "en": "province"},
        "commune": {"vi": "cấp xã", "en": "commune"},
        "district": {"vi": "cấp huyện (cũ)", "en": "district (former)"},
    },
    "severity": {
        "violation": {"vi": "vi phạm", "en": "violation"},
        "warning": {"vi": "cảnh báo", "en": "warning"},
        "info": {"vi": "thông tin", "en": "info"},
    },
    "method": {
        "heading": {"vi": "theo tiêu đề nhóm", "en": "by group heading"},
        "keyword": {"vi": "theo từ khóa", "en": "by keyword"},
        "similarity": {"vi": "theo độ tương đồng nội dung", "en": "by text similarity"},
        "content": {"vi": "theo nội dung nhiệm vụ", "en": "by the task's content"},
        "manual": {"vi": "do người kiểm tra xác nhận", "en": "confirmed by an auditor"},
    },
    "kind": {
        "group": {"vi": "nhóm nhiệm vụ", "en": "task group"},
        "task": {"vi": "nhiệm vụ", "en": "task"},
    },
    "status": {
        "gap": {"vi": "chưa có nhiệm vụ", "en": "gap"},
        "weak": {"vi": "chỉ có liên kết yếu, cần xem lại", "en": "weak link only"},
        "open": {"vi": "chưa khắc phục", "en": "open"},
        "closed": {"vi": "đã khắc phục", "en": "closed"},
        "resolved": {"vi": "đã khắc phục", "en": "resolved"},
        "covered": {"vi": "đã có nhiệm vụ", "en": "covered"},
        "accepted": {"vi": "chấp nhận có lý do", "en": "accepted"},
        "partial": {"vi": "thực hiện một phần", "en": "partial"},
        "suspect": {"vi": "cần xem lại", "en": "suspect"},
    },
    "basis": {  # where the parent target of a local target comes from (targets table)
        "graph": {"vi": "văn bản cấp trên nêu rõ", "en": "stated by the parent document"},
        "derived": {"vi": "suy ra theo độ tương đồng", "en": "derived by similarity"},
    },
    "rule": {
        "plan-implements-parent": {
            "vi": "Kế hoạch nêu văn bản cấp trên",
            "en": "Plan names its parent document",
        },
        "plan-reaches-mandate": {
            "vi": "Kế hoạch dẫn tới văn bản chỉ đạo gốc",
            "en": "Plan reaches a mandate",
        },
        "issued-after-parent": {"vi": "Ban hành sau văn bản cấp trên", "en": "Issued after its parent"},
        "missing-identifier": {"vi": "Văn bản có số, ký hiệu", "en": "Document has an identifier"},
        "stale-district-reference": {
            "vi": "Không còn nhắc cấp huyện đã bỏ",
            "en": "No reference to abolished districts",
        },
        "missing-annex": {"vi": "Có phụ lục được dẫn chiếu", "en": "Referenced annex present"},
        "unresolved-reference": {
            "vi": "Văn bản được dẫn chiếu có trong kho",
            "en": "Referenced document in the store",
        },
        "group-aligned": {
            "vi": "Nhóm nhiệm vụ đối chiếu được với Trung ương",
            "en": "Task group aligned with a central group",
        },
        "plan-covers-groups": {
            "vi": "Kế hoạch bao phủ 7 nhóm nhiệm vụ",
            "en": "Plan covers the 7 task groups",
        },
        "task-in-plan": {"vi": "Nhiệm vụ thuộc một kế hoạch", "en": "Task belongs to a plan"},
        "task-lead-unit": {"vi": "Nhiệm vụ có đơn vị chủ trì", "en": "Task has a lead unit"},
        "task-deadline": {"vi": "Nhiệm vụ có thời hạn", "en": "Task has a deadline"},
        "task-deadline-after-issue": {
            "vi": "Thời hạn sau ngày ban hành",
            "en": "Deadline after the issue date",
        },
        "target-complete": {"vi": "Chỉ tiêu đủ thông tin", "en": "Target complete"},
        "target-below-parent": {
            "vi": "Chỉ tiêu không thấp hơn cấp trên",
            "en": "Target not below its parent",
        },
        "suspect-link": {
            "vi": "Liên kết tới nhiệm vụ đã được chương trình sau thay đổi",
            "en": "Link to a task a later programme changed",
        },
    },
}

# what a later programme changed in a central task (the suspect-links query's `change`, written in English
# by the builder: "lead A → B; deadline 2025 → 2026 (71/NQ-CP#12)", "dropped by 71/NQ-CP")
CHANGE_WORDS: dict[str, dict[str, str]] = {
    "lead": {"vi": "đơn vị chủ trì", "en": "lead"},
    "coordinating": {"vi": "đơn vị phối hợp", "en": "coordinating"},
    "deadline": {"vi": "thời hạn", "en": "deadline"},
    "output": {"vi": "sản phẩm", "en": "output"},
    "group": {"vi": "nhóm", "en": "group"},
    "dropped by": {"vi": "bị bỏ trong", "en": "dropped by"},
}


def change_text(text: object, lang: str) -> str:
    """A suspect link's change in the reader's language: the field names and "dropped by" translated."""
    import re

    out = str(text or "")
    if lang == "en":
        return out
    for code, words in sorted(CHANGE_WORDS.items(), key=lambda kv: -len(kv[0])):
        out = re.sub(rf"(^|; ){re.escape(code)}\b", lambda m, w=words[lang]: m.group(1) + w, out)
    return out


def value(kind: str, code: object, lang: str) -> str:
    """The reader's word for a coded value (a level, a rule id …); an unknown code is printed as it is."""
    if code is None:
        return ""
    entry = VALUES.get(kind, {}).get(str(code))
    return entry[lang] if entry else str(code)


# ------------------------------------------------------------------ the printed (PDF) report's own words
PRINT: dict[str, dict[str, str]] = {
    "cover_kind": {"vi": "BÁO CÁO KIỂM TRA", "en": "INSPECTION REPORT"},
    "cover_sub": {
        "vi": "Việc cụ thể hóa Nghị quyết 57-NQ/TW của Bộ Chính trị trong kế hoạch của địa phương",
        "en": "How local plans carry out Resolution 57-NQ/TW of the Politburo",
    },
    "plans_in_scope": {"vi": "Kế hoạch được kiểm tra", "en": "Plans inspected"},
    "unnumbered": {"vi": "(không số)", "en": "(unnumbered)"},
    "toc": {"vi": "Nội dung", "en": "Contents"},
    "summary": {"vi": "Tóm tắt kết quả kiểm tra", "en": "Executive summary"},
    "conclusions": {"vi": "Kết luận", "en": "Conclusions"},
    "details": {"vi": "Các bảng chi tiết", "en": "Detail tables"},
    "annex": {"vi": "Phụ lục: trích dẫn nguồn", "en": "Annex: source excerpts"},
    "signoff": {"vi": "Xác nhận", "en": "Sign-off"},
    "figure": {"vi": "Chỉ số", "en": "Figure"},
    "count": {"vi": "Số lượng", "en": "Count"},
    "plans": {"vi": "Số kế hoạch", "en": "Plans"},
    "tasks": {"vi": "Số nhiệm vụ", "en": "Tasks"},
    "full_coverage": {
        "vi": "Kế hoạch có nhiệm vụ thuộc đủ 7 nhóm",
        "en": "Plans with tasks in all 7 groups",
    },
    "gaps": {
        "vi": "Khoảng trống (nhiệm vụ Trung ương chưa được thực hiện)",
        "en": "Gaps (central mandates not carried out)",
    },
    "gaps_table": {"vi": "Khoảng trống", "en": "Gaps"},
    "suspects": {"vi": "Liên kết cần xem lại", "en": "Suspect links"},
    "no_suspects": {
        "vi": "đồ thị chưa có danh sách liên kết cần xem lại",
        "en": "the graph has no list of suspect links yet",
    },
    "overdue": {"vi": "Nhiệm vụ quá hạn", "en": "Overdue tasks"},
    "no_lead": {"vi": "Nhiệm vụ chưa có đơn vị chủ trì", "en": "Tasks without a lead unit"},
    "no_deadline": {"vi": "Nhiệm vụ chưa có thời hạn", "en": "Tasks without a deadline"},
    "findings_by_rule": {"vi": "Phát hiện theo quy tắc", "en": "Findings by rule"},
    "mandate": {"vi": "Nhiệm vụ Trung ương", "en": "Central mandate"},
    "kind": {"vi": "Loại", "en": "Kind"},
    "content": {"vi": "Nội dung", "en": "Content"},
    "status": {"vi": "Trạng thái", "en": "Status"},
    "open": {"vi": "chưa khắc phục", "en": "open"},
    "by_status": {"vi": "theo trạng thái", "en": "by status"},
    "lines": {"vi": "Dòng", "en": "Lines"},
    "excerpt": {"vi": "Trích nguyên văn", "en": "Verbatim excerpt"},
    "file": {"vi": "Tệp", "en": "File"},
    "missing_file": {
        "vi": "không tìm thấy tệp nguồn (dùng --corpus để chỉ thư mục kho văn bản)",
        "en": "source file not found (point --corpus at the corpus folder)",
    },
    "more_lines": {"vi": "dòng nữa", "en": "more lines"},
    "see_annex": {"vi": "xem phụ lục", "en": "see annex"},
    "prepared_by": {"vi": "NGƯỜI LẬP BÁO CÁO", "en": "PREPARED BY"},
    "checked_by": {"vi": "NGƯỜI KIỂM TRA", "en": "CHECKED BY"},
    "approved_by": {"vi": "THỦ TRƯỞNG ĐƠN VỊ", "en": "HEAD OF UNIT"},
    "sign": {"vi": "(Ký, ghi rõ họ tên)", "en": "(Signature and full name)"},
    "place_date": {
        "vi": "……………, ngày …… tháng …… năm ………",
        "en": "Place: …………………  Date: ……………………",
    },
    "target": {"vi": "Chỉ tiêu của kế hoạch", "en": "Plan target"},
    "parent_target": {"vi": "Chỉ tiêu cấp trên", "en": "Parent target"},
    "parent_source": {"vi": "Nguồn chỉ tiêu cấp trên", "en": "Parent target from"},
    "ref": {"vi": "Trích dẫn", "en": "Source"},
    "cov_missing": {
        "vi": "{plan}: chưa có nhiệm vụ nào thuộc nhóm {groups}",
        "en": "{plan}: no task in group(s) {groups}",
    },
    "cov_full": {
        "vi": "{n}/{total} kế hoạch có nhiệm vụ thuộc đủ 7 nhóm nhiệm vụ của Nghị quyết 57-NQ/TW.",
        "en": "{n}/{total} plans have tasks in all 7 task groups of Resolution 57-NQ/TW.",
    },
    "concl_gaps": {
        "vi": "{n} nhiệm vụ Trung ương giao cho địa phương chưa được cụ thể hóa trong kế hoạch (bảng Khoảng trống).",
        "en": "{n} central mandates assigned to localities are not carried out by a plan (Gaps table).",
    },
    "concl_lead": {
        "vi": "{n}/{total} nhiệm vụ chưa giao đơn vị chủ trì; {m} nhiệm vụ chưa có thời hạn.",
        "en": "{n}/{total} tasks have no lead unit; {m} have no deadline.",
    },
    "concl_overdue": {
        "vi": "{n} nhiệm vụ đã quá thời hạn tính đến ngày {day}.",
        "en": "{n} tasks are past their deadline as of {day}.",
    },
    "concl_violations": {
        "vi": "{n} vi phạm quy tắc kiểm tra, nhiều nhất: {rule}.",
        "en": "{n} rule violations, most often: {rule}.",
    },
}


CODED_COLUMNS = {"level": "level", "rule": "rule"}  # table column → VALUES kind of the codes it holds


def shown(key: str, v: object, lang: str) -> object:
    """A cell as the reader sees it: a coded column (level, rule) in words, anything else unchanged."""
    if key in CODED_COLUMNS and isinstance(v, str):
        return value(CODED_COLUMNS[key], v, lang)
    return v
