"""Render one synthetic plan (provincial or commune) in the structure of the real ones, with its ground truth."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field

from .model import Central

ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
COMMUNE_UNITS = [
    "Phòng Văn hóa - Xã hội",
    "Phòng Kinh tế",
    "Văn phòng HĐND và UBND",
    "Trung tâm Phục vụ hành chính công",
    "Công an xã",
    "Trạm Y tế",
    "Các trường học",
]
COMMUNE_COORD = [
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Các ban, ngành, đoàn thể",
    "Văn phòng Đảng ủy",
    "Các khối, xóm",
]
PROVINCE_UNITS = [
    "Sở Khoa học và Công nghệ",
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Công Thương",
    "Công an tỉnh",
    "Văn phòng UBND tỉnh",
]
LOCAL_TASKS = {
    1: [
        "Tổ chức quán triệt, tuyên truyền Nghị quyết số 57-NQ/TW đến cán bộ, đảng viên và Nhân dân trên địa bàn",
        "Đẩy mạnh tuyên truyền trên hệ thống truyền thanh cơ sở về khoa học, công nghệ, đổi mới sáng tạo và "
        "chuyển đổi số",
        "Phát động phong trào “Bình dân học vụ số” trong cán bộ, công chức và người dân",
    ],
    2: [
        "Rà soát, đề xuất sửa đổi, bổ sung các quy định, thủ tục hành chính không còn phù hợp với yêu cầu "
        "chuyển đổi số",
        "Rà soát, cắt giảm thủ tục hành chính nội bộ giữa các cơ quan, đơn vị trên địa bàn",
    ],
    3: [
        "Đầu tư nâng cấp hạ tầng công nghệ thông tin, thiết bị tại Trung tâm Phục vụ hành chính công",
        "Phối hợp với doanh nghiệp viễn thông mở rộng vùng phủ sóng 4G, 5G và cáp quang đến các thôn, tổ dân phố",
    ],
    4: [
        "Bồi dưỡng kỹ năng số, an toàn thông tin cho cán bộ, công chức, viên chức",
        "Bố trí công chức phụ trách chuyển đổi số, khoa học và công nghệ tại các cơ quan, đơn vị",
    ],
    5: [
        "Triển khai hệ thống quản lý văn bản và điều hành, chữ ký số trong toàn bộ cơ quan, đơn vị",
        "Nâng cao tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến toàn trình",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực",
    ],
    6: [
        "Hỗ trợ hộ kinh doanh, hợp tác xã đưa sản phẩm OCOP lên các sàn thương mại điện tử",
        "Khuyến khích doanh nghiệp, hợp tác xã ứng dụng công nghệ mới trong sản xuất, kinh doanh",
    ],
    7: [
        "Tham gia các chương trình hợp tác, trao đổi kinh nghiệm về chuyển đổi số với các địa phương trong và "
        "ngoài nước",
        "Tranh thủ các nguồn tài trợ, hỗ trợ kỹ thuật của các tổ chức quốc tế cho chuyển đổi số",
    ],
}
SHORT_HEADINGS = {
    1: "Nâng cao nhận thức, đổi mới tư duy, quyết tâm chính trị",
    2: "Hoàn thiện thể chế, chính sách",
    3: "Phát triển hạ tầng số",
    4: "Phát triển nguồn nhân lực",
    5: "Xây dựng chính quyền số",
    6: "Phát triển kinh tế số, hỗ trợ doanh nghiệp",
    7: "Hợp tác quốc tế",
}
OUTPUTS = [
    "Kế hoạch",
    "Báo cáo",
    "Văn bản chỉ đạo",
    "Hội nghị quán triệt",
    "Hệ thống được vận hành",
    "Chương trình",
    "Danh mục",
]
LOCAL_INDICATORS = [
    ("Số hợp tác xã, hộ kinh doanh bán hàng trên sàn thương mại điện tử", "Hộ"),
    ("Số lớp bồi dưỡng kỹ năng số được tổ chức", "Lớp"),
    ("Số điểm phát sóng wifi miễn phí tại nơi công cộng", "Điểm"),
]
PURPOSE = [
    "Quán triệt, triển khai thực hiện đầy đủ, thống nhất các quan điểm, mục tiêu, nhiệm vụ, giải pháp đề ra tại "
    "Nghị quyết số 57-NQ/TW, bảo đảm tiến độ, chất lượng, hiệu quả.",
    "Xác định cụ thể các nhiệm vụ, giải pháp gắn với thời hạn thực hiện; phân công rõ đơn vị chủ trì, đơn vị phối "
    "hợp; xác định rõ trách nhiệm của người đứng đầu cơ quan, đơn vị.",
    "Phân bổ nguồn lực phù hợp với từng nhiệm vụ, từng giai đoạn; tăng cường kiểm tra, giám sát, đôn đốc, đánh "
    "giá kết quả thực hiện.",
    "Thiết lập cơ chế phối hợp chặt chẽ, nhịp nhàng, hiệu quả giữa các cơ quan, đơn vị, doanh nghiệp, tổ chức.",
]
DEFECT_RULES = {
    "missing_lead": "task-lead-unit",
    "stale_district": "stale-district-reference",
    "low_target": "target-below-parent",
    "missing_annex": "missing-annex",
    "wrong_citation": "unresolved-reference",
    "blank_number": "missing-identifier",
}


@dataclass
class TruthTask:
    number: str
    text: str
    group: int
    lead: str | None
    deadline: str  # as printed
    deadline_iso: str  # "2026-06", "2027", "recurring"


@dataclass
class Plan:
    """One generated document: where it goes, what it says, and what a perfect extraction would give."""

    path: str
    level: str  # province | commune
    province: str
    area: str  # the commune's display name ("xã An Bình") or the province's
    identifier: str | None
    date: str
    implements: list[str]
    tasks: list[TruthTask] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    ocr: list[str] = field(default_factory=list)
    text: str = ""

    def manifest(self) -> dict:
        d = asdict(self)
        d.pop("text")
        d["expected_rules"] = sorted({DEFECT_RULES[x] for x in self.defects})
        return d


def _deadline(rng: random.Random, issued_year: int) -> tuple[str, str]:
    r = rng.random()
    if r < 0.15:
        return "Thường xuyên", "recurring"
    if r < 0.22:
        return "Hằng năm", "recurring"
    year = rng.randint(issued_year + 1, 2030)
    if r < 0.4:
        return f"Năm {year}", str(year)
    month = rng.randint(1, 12)
    return f"{month}/{year}", f"{year}-{month:02d}"


def _date_text(y: int, m: int, d: int) -> str:
    return f"{d:02d}/{m}/{y}"


@dataclass
class Parent:
    identifier: str
    date: tuple[int, int, int]
    issuer: str


CENTRAL_CITES = [
    Parent("57-NQ/TW", (2024, 12, 22), "Bộ Chính trị"),
    Parent("03/NQ-CP", (2025, 1, 9), "Chính phủ"),
    Parent("71/NQ-CP", (2025, 4, 1), "Chính phủ"),
]
TOPIC = "về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"
KIND_OF = {"57-NQ/TW": "Nghị quyết", "03/NQ-CP": "Nghị quyết", "71/NQ-CP": "Nghị quyết"}


def _cite(p: Parent) -> str:
    kind = KIND_OF.get(p.identifier, "Kế hoạch")
    return f"{kind} số {p.identifier} ngày {_date_text(*p.date)} của {p.issuer}"


def render(
    rng: random.Random,
    central: Central,
    *,
    level: str,
    province: str,
    province_display: str,
    area_word: str,
    area_name: str,
    number: int,
    date: tuple[int, int, int],
    parents: list[Parent],
    defects: list[str],
    path: str,
) -> Plan:
    """The text of one plan and its ground truth. `area_word` is xã/phường/đặc khu, or tỉnh/thành phố."""
    y, m, d = date
    commune = level == "commune"
    area = f"{area_word} {area_name}" if commune else province_display
    ident = None if "blank_number" in defects else f"{number}/KH-UBND"
    upper_area = (f"{area_word} {area_name}" if commune else province_display).upper()
    lines = [
        "ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        f"{upper_area}                    Độc lập - Tự do - Hạnh phúc",
        "",
        f"Số: {number if ident else ''}/KH-UBND          {area_name if commune else province}, "
        f"ngày {d:02d} tháng {m:02d} năm {y}",
        "",
        "KẾ HOẠCH",
        f"Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị {TOPIC} "
        f"trên địa bàn {area}" + ("" if not commune else f", {province_display}"),
        "",
    ]
    cites = [_cite(p) for p in parents]
    if "wrong_citation" in defects:
        cites.append(
            "Nghị quyết số 193/2025/QH12 ngày 19/02/2025 của Quốc hội về thí điểm một số cơ chế, chính "
            "sách đặc biệt tạo đột phá phát triển khoa học, công nghệ"
        )
    elif rng.random() < 0.5:
        cites.append(
            "Nghị quyết số 193/2025/QH15 ngày 19/02/2025 của Quốc hội về thí điểm một số cơ chế, chính "
            "sách đặc biệt tạo đột phá phát triển khoa học, công nghệ"
        )
    issuer = f"Ủy ban nhân dân {area}"
    lines += [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Thực hiện " + "; ".join(cites) + ";",
        f"{issuer} ban hành Kế hoạch thực hiện như sau:",
        "",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "",
    ]
    for i, para in enumerate(rng.sample(PURPOSE, 3), 1):
        lines += [f"{i}. {para}", ""]
    lines += [
        "II. MỤC TIÊU",
        "",
        "1. Mục tiêu chung",
        "",
        f"Phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số là đột phá quan trọng hàng đầu, "
        f"là động lực chính để phát triển kinh tế - xã hội của {area} đến năm 2030, tầm nhìn đến năm 2045.",
        "",
        "2. Mục tiêu cụ thể",
        "",
        "Có danh mục chỉ tiêu cụ thể tại Phụ lục I kèm theo.",
        "",
        "III. NHIỆM VỤ VÀ GIẢI PHÁP",
        "",
    ]
    groups = sorted(rng.sample(range(1, 8), rng.randint(5, 7)))
    units = COMMUNE_UNITS if commune else PROVINCE_UNITS
    tasks: list[TruthTask] = []
    by_group: dict[int, list[TruthTask]] = {}
    n_tasks = rng.randint(3, 6) if commune else rng.randint(6, 10)
    for gi, g in enumerate(groups, 1):
        heading = central.groups[g - 1] if rng.random() < 0.5 else SHORT_HEADINGS[g]
        lines += [f"{gi}. {heading}", ""]
        pool = [t for t in central.tasks if t.group == g]
        picks: list[str] = []
        for _ in range(n_tasks):
            if pool and rng.random() < 0.6:
                text = rng.choice(pool).text
            else:
                text = rng.choice(LOCAL_TASKS[g]) + (f" {area}" if rng.random() < 0.5 else "")
            if text not in picks:
                picks.append(text)
        by_group[g] = []
        for ti, text in enumerate(picks, 1):
            dl, iso = _deadline(rng, y)
            t = TruthTask(str(len(tasks) + 1), text, g, rng.choice(units), dl, iso)
            tasks.append(t)
            by_group[g].append(t)
            lines += [f"{gi}.{ti}. {text}.", ""]
    if "stale_district" in defects:
        old = rng.choice(["Sơn Tịnh", "Nghĩa Đàn", "Tư Nghĩa", "Đức Phổ", "Yên Thành"])
        lines += [f"Định kỳ hằng quý báo cáo kết quả thực hiện về UBND huyện {old} để tổng hợp.", ""]
    annexes = "Phụ lục II, III" if "missing_annex" in defects else "Phụ lục II"
    lines += [f"(Có danh mục nhiệm vụ chi tiết tại {annexes} kèm theo)", "", "IV. TỔ CHỨC THỰC HIỆN", ""]
    for i, u in enumerate(rng.sample(units, 3), 1):
        lines += [
            f"{i}. {u}",
            "",
            f"Chủ trì, phối hợp với các cơ quan, đơn vị liên quan triển khai các nhiệm vụ "
            f"được giao; định kỳ báo cáo kết quả thực hiện về {issuer}.",
            "",
        ]
    if missing := [t for t in tasks if "missing_lead" in defects]:
        for t in rng.sample(missing, max(1, len(missing) // 8)):
            t.lead = None
    _annex_indicators(rng, central, lines, defects, units, ident, area)
    _annex_tasks(lines, groups, central, by_group, ident, area, commune)
    return Plan(
        path,
        level,
        province,
        area,
        ident,
        f"{y}-{m:02d}-{d:02d}",
        [p.identifier for p in parents],
        tasks,
        list(defects),
        [],
        "\n".join(lines) + "\n",
    )


def _annex_indicators(
    rng: random.Random,
    central: Central,
    lines: list[str],
    defects: list[str],
    units: list[str],
    ident: str | None,
    area: str,
) -> None:
    lines += [
        "",
        "PHỤ LỤC I",
        "DANH MỤC CÁC CHỈ TIÊU CỤ THỂ",
        f"(Kèm theo Kế hoạch số {ident or '  /KH-UBND'} của Ủy ban nhân dân {area})",
        "",
        "| TT | Chỉ tiêu | Đơn vị | 2025 | 2030 | Đơn vị chủ trì |",
        "|---|---|---|---|---|---|",
    ]
    picks = rng.sample(central.indicators, min(len(central.indicators), rng.randint(3, 6)))
    low = rng.randrange(len(picks)) if "low_target" in defects else -1
    for i, ind in enumerate(picks, 1):
        if i - 1 == low:
            v2030 = max(5, int(ind.value) - rng.randint(20, 40))
        else:
            v2030 = min(100, int(ind.value) + rng.choice([0, 5, 10]))
        v2025 = max(1, v2030 - rng.randint(10, 30))
        lines.append(f"| {i} | {ind.name} | % | ≥ {v2025} | ≥ {v2030} | {rng.choice(units)} |")
    for j, (name, unit) in enumerate(rng.sample(LOCAL_INDICATORS, 2), len(picks) + 1):
        lines.append(
            f"| {j} | {name} | {unit} | ≥ {rng.randint(5, 20)} | ≥ {rng.randint(30, 90)} | "
            f"{rng.choice(units)} |"
        )


def _annex_tasks(
    lines: list[str],
    groups: list[int],
    central: Central,
    by_group: dict,
    ident: str | None,
    area: str,
    commune: bool,
) -> None:
    unit_col = "Đơn vị chủ trì" if commune else "Cơ quan chủ trì"
    lines += [
        "",
        "PHỤ LỤC II",
        "DANH MỤC NHIỆM VỤ TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW",
        f"(Kèm theo Kế hoạch số {ident or '  /KH-UBND'} của Ủy ban nhân dân {area})",
        "",
        f"| TT | Nhiệm vụ | {unit_col} | Đơn vị phối hợp | Sản phẩm | Thời gian hoàn thành |",
        "|---|---|---|---|---|---|",
    ]
    coord = COMMUNE_COORD if commune else ["Các sở, ban, ngành", "UBND các xã, phường"]
    for gi, g in enumerate(groups):
        lines.append(f"| {ROMANS[gi]}. | {central.groups[g - 1]} |  |  |  |  |")
        for t in by_group[g]:
            out = OUTPUTS[(int(t.number) * 7) % len(OUTPUTS)]
            co = coord[int(t.number) % len(coord)]
            lines.append(f"| {t.number}. | {t.text}. | {t.lead or ''} | {co} | {out} | {t.deadline} |")
