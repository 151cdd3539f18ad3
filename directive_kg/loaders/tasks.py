"""Task groups, tasks and duties from the body of a plan ("Nhiệm vụ, giải pháp", "Tổ chức thực hiện").

A group is a top-level numbered heading ("1. Nâng cao nhận thức …"); its
tasks are the items under it: sub-numbers ("1.1."), letters ("a)"), dashes and
pluses ("- …", "+ …") and unbulleted paragraphs, each paragraph its own task.
An item that only introduces dashes is a heading, not a task. In "Tổ chức
thực hiện" a unit heading ("1. Sở Tài chính", "- Công an xã:") and the items
under it are duties led by that unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Task, TaskGroup
from ..text import squash
from .dates import parse_deadline
from .ocr import fold_aligned
from .segment import Doc, Section
from .units import find_units

GROUP_RX = re.compile(r"^\s*(?P<num>\d{1,2})\s*[.)]\s+(?P<text>\S.*)$")
SUB_RX = re.compile(r"^\s*(?P<num>\d{1,2}\.\d{1,2})\.?\s+(?P<text>\S.*)$")
# "a) …", and "a. …" when a capital follows (a letter and a full stop open a lettered item in some plans)
ALPHA_RX = re.compile(r"^\s*(?P<num>[a-zđ¢])\s*(?:\)\s*|\.\s+(?=[A-ZÀ-ỸĐ]))(?P<text>\S.*)$")
BULLET_RX = re.compile(r"^\s*[-–•+*]\s*(?P<text>[^\s\-].*)$")
PAGE_NO = re.compile(r"^\s*\d{1,3}\s*$")


@dataclass
class Item:
    level: int  # 1 group, 2 sub-number / letter, 3 dash
    num: str | None
    start: int
    lines: list[str] = field(default_factory=list)
    end: int = 0
    open_mark: bool = False  # its first line opens a bold mark it does not close ("**1. Ban" ⏎ "Quản lý …**")

    @property
    def text(self) -> str:
        return squash(" ".join(self.lines))


def _classify(line: str) -> tuple[int, str | None, str] | None:
    for level, rx in ((2, SUB_RX), (1, GROUP_RX), (2, ALPHA_RX), (3, BULLET_RX)):
        m = rx.match(line)
        if m:
            return level, m.groupdict().get("num"), m.group("text")
    return None


def parse_items(doc: Doc, start: int, end: int) -> list[Item]:
    """Items in reading order. After a blank line, a capitalised line that is not an item opens a
    paragraph under a group heading; a lower-case one continues the wrapped line (OCR page breaks)."""
    items: list[Item] = []
    current: Item | None = None
    after_blank = False
    for i in range(start, end + 1):
        line = doc.line(i)
        if not line.strip():
            after_blank = True
            continue
        if PAGE_NO.match(line) or line.lstrip().startswith("|"):
            continue
        cls = _classify(line)
        if cls and cls[0] == 1 and cls[1] and int(cls[1]) > 20:
            cls = None
        stripped = line.strip()
        if cls:
            level, num, text = cls
            current = Item(level, num, i, [text], i, open_mark=doc.raw[i - 1].count("**") % 2 == 1)
            items.append(current)
        elif current is None or _opens_paragraph(current, stripped, after_blank):
            current = Item(2, None, i, [stripped], i)
            items.append(current)
        else:
            current.lines.append(stripped)
            current.end = i
        after_blank = False
    return items


def _opens_paragraph(current: Item, line: str, after_blank: bool) -> bool:
    """A capitalised line that is not an item opens a paragraph of its own: after a blank line under a group
    heading or after another paragraph that ended its sentence (each paragraph is a task); and right after
    a one-line heading that is clearly shorter than it (the heading ended there: a task without a blank)."""
    if not line[:1].isupper():
        return False
    if after_blank:
        if current.level == 1:
            return True
        return current.num is None and current.lines[-1].rstrip().endswith((".", ";", ":"))
    heading = current.lines[0]
    return (
        current.level == 1
        and len(current.lines) == 1
        and not current.open_mark
        and len(heading.split()) >= 3
        and not heading.rstrip().endswith((",", "-", "và"))
        and len(heading) < 0.6 * len(line)
    )


def extract_body_tasks(doc: Doc, section: Section, plan_key: str = "") -> tuple[list[TaskGroup], list[Task]]:
    items = parse_items(doc, section.head_end + 1, section.end)
    groups: list[TaskGroup] = []
    tasks: list[Task] = []
    group: TaskGroup | None = None
    group_items: list[Item] = []

    def flush() -> None:
        nonlocal group_items
        if group is None:
            group_items = []
            return
        kept = [it for it in group_items if it.level >= 2]
        for k, it in enumerate(kept):
            has_children = k + 1 < len(kept) and kept[k + 1].level > it.level
            if has_children and len(it.text) < 220 and not (it.num is None and it.text.endswith((".", ";"))):
                continue  # a sub-heading introducing dashes (a paragraph that ends its sentence is a task)
            tasks.append(_task(it, group.label, len(tasks) + 1))
        group_items = []

    for it in items:
        if it.level == 1:
            flush()
            title = squash(" ".join(it.lines))
            group = TaskGroup(
                id=f"g{len(groups) + 1}",
                label=it.num or str(len(groups) + 1),
                title=title,
                lines=[it.start, it.end],
            )
            groups.append(group)
            continue
        group_items.append(it)
    flush()
    return groups, tasks


def _task(it: Item, group: str, n: int) -> Task:
    # an explicit assignment in the item itself ("Giao Phòng Kinh tế chủ trì …") names its lead
    lead = sentence_lead(it.text) if _GIAO.match(fold_aligned(it.text).lower()) else None
    return Task(
        id=f"t{n}",
        text=it.text,
        group=group,
        lead_unit=lead,
        coordinating_units=[],
        deadline=None,
        output=None,
        lines=[it.start, max(it.end, it.start)],
        raw_text=None,
        source="body",
        number=it.num,
    )


# a deadline that a date cannot say: a quarter ("Quý IV/2025 - Quý II/2026") or an event ("Sau khi …")
_AS_PRINTED = re.compile(r"\bqu[yi]\b|^\W*(?:sau khi|khi|truoc khi|ngay sau khi|theo)\b")


def deadline_value(printed: str | None) -> tuple[str | None, bool]:
    """A task's deadline from the cell or phrase that states it: ('recurring', True) for "Thường xuyên",
    "Hằng năm"; '2025', '2025-09' for a year or a month; a quarter or an event kept as printed."""
    text = squash(printed or "")
    if not text:
        return None, False
    folded = fold_aligned(text).lower()
    value, recurring = parse_deadline(folded)
    if recurring:
        return "recurring", True
    if _AS_PRINTED.search(folded):
        return text, False
    return (value or text), False


# the opening of a unit's name: a duty heading of "Tổ chức thực hiện" names who carries the items under it
_UNIT_HEAD = re.compile(
    r"^(?:de nghi\s*:?\s*)?(?:cac\s+)?(?:so|ban|phong|uy ban|ubnd|ub|cong an|van phong|trung tam|"
    r"hoi|hiep hoi|lien minh|doan|mat tran|mttq|bo|tong cong ty|doanh nghiep|truong|co quan|"
    r"don vi|quan su|dang uy|chi bo|tram|hop tac xa|ngan hang|thu truong|chu tich)\b"
)
_ASK = re.compile(r"^\s*đề nghị\s*:?\s*", re.I)
_AREA_TAIL = re.compile(r"\s+trên địa bàn\b.*$", re.I)


def unit_or_text(text: str) -> str | None:
    """A cell or heading that names one known unit and nothing else → its canonical name; else as printed."""
    text = squash(text)
    if not text:
        return None
    units = find_units(text)
    if units and units[0][1] < 3 and len(units) == 1 and units[0][2] >= len(text) - 6:
        return units[0][0]
    return text


def _unit_heading(it: Item) -> tuple[str, str] | None:
    """(unit, the duty its heading line already states) when the item is a unit heading: "1. Sở Tài chính",
    "6. Đề nghị: Hiệp hội …", "- Công an xã: Tăng cường …"; else None."""
    text = it.text
    head, sep, rest = text.partition(":")
    if sep and _ASK.match(head + sep) and not _ASK.sub("", head).strip():  # "Đề nghị: X"
        head, sep, rest = rest.partition(":")
    folded = fold_aligned(head).lower().strip()
    if not _UNIT_HEAD.match(folded) or len(head.split()) > 16 or re.search(r"[.;]\s", head):
        return None
    if not sep and it.level != 1:
        return None  # a dash item naming a unit without a colon is a duty sentence ("- Phòng X chủ trì …")
    unit = _AREA_TAIL.sub("", _ASK.sub("", head.strip())).strip(" :-–")
    return unit_or_text(unit) or unit, rest.strip()


def extract_duties(doc: Doc, section: Section, level_word: str = "xã") -> list[Task]:
    """Duties of "Tổ chức thực hiện": every item under a unit heading, led by that unit."""
    duties: list[Task] = []
    unit: str | None = None
    for it in parse_items(doc, section.head_end + 1, section.end):
        head = _unit_heading(it)
        if head is not None:
            unit, rest = head
            if rest:
                duties.append(_duty(it, rest, unit, len(duties) + 1))
            continue
        if it.level == 1:
            unit = None  # a numbered heading that names no unit ("3. Chế độ báo cáo")
        lead = unit or sentence_lead(it.text)
        if lead is not None:
            duties.append(_duty(it, it.text, lead, len(duties) + 1))
    return duties


# a sentence that makes its subject responsible: "[Giao] <unit> chủ trì, phối hợp …", "<unit> có trách nhiệm …"
_DUTY_VERB = re.compile(
    r"\s+(?:chu\s*tri|co\s*trach\s*nhiem|chiu\s*trach\s*nhiem|la\s*co\s*quan\s*(?:dau\s*moi|"
    r"thuong\s*truc|chu\s*tri)|tap\s*trung\s*chi\s*dao|tham\s*muu|theo\s*doi)\b"
)
_GIAO = re.compile(r"^\s*giao\s+(?:cho\s+)?")


def sentence_lead(text: str) -> str | None:
    """The unit a sentence makes responsible when it opens with it: "Giao Phòng Văn hóa - Xã hội chủ trì …"
    (001:367), "Phòng Kinh tế chủ trì, phối hợp …" (000:357); not a unit the sentence names later."""
    folded = fold_aligned(text).lower()
    giao = _GIAO.match(folded)
    start = giao.end() if giao else 0
    verb = _DUTY_VERB.search(folded, start, start + 90)
    if verb is None or not _UNIT_HEAD.match(folded[start : verb.start()]):
        return None
    # "X phối hợp với Y theo dõi …": the subject X, not the unit it works with
    stop = re.search(r"\s+phoi\s*hop\b", folded[start : verb.start()])
    end = start + stop.start() if stop else verb.start()
    return unit_or_text(text[start:end].strip(" ,:"))


def _duty(it: Item, text: str, unit: str, n: int) -> Task:
    deadline, recurring = (None, False)
    if REGULAR_OPENING.search(" ".join(fold_aligned(text).lower().split()[:12])):
        deadline, recurring = "recurring", True
    return Task(
        id=f"d{n}",
        text=text,
        group=None,
        lead_unit=unit,
        coordinating_units=[],
        deadline=deadline,
        output=None,
        lines=[it.start, max(it.end, it.start)],
        raw_text=None,
        source="body",
        number=it.num,
        recurring=recurring,
        kind="duty",
    )


# a task whose opening words say it is done regularly is recurring, when no table gives its deadline
REGULAR_OPENING = re.compile(r"\b(?:thuong xuyen|hang nam|hang quy|hang thang|dinh ky)\b")


# "chủ trì (thực hiện) các nhiệm vụ tại mục III.2, III.3" / "… nhiệm vụ tại mục IV.5": a duty that points at
# task items by their numbers
_CROSS_REF = re.compile(
    r"chu\s*tri[^.;]{0,40}?(?:nhiem\s*vu|noi\s*dung|giai\s*phap)[^.;]{0,20}?(?:tai|o|thuoc)\s+"
    r"(?:(?:cac\s+)?(?:muc|diem|phan|tiet)\s*)?(?P<refs>[ivx]{1,4}\s*\.\s*\d{1,2}(?:\s*\.\s*\d{1,2})?"
    r"(?:\s*(?:,|;|va)\s*(?:(?:muc|diem)\s*)?[ivx]{1,4}\s*\.\s*\d{1,2}(?:\s*\.\s*\d{1,2})?)*)"
)
_REF = re.compile(r"(?P<sec>[ivx]{1,4})\s*\.\s*(?P<grp>\d{1,2})(?:\s*\.\s*(?P<item>\d{1,2}))?")


def apply_cross_references(doc: Doc, tasks: list[Task], duties: list[Task]) -> int:
    """Tasks a duty points at by number ("Sở X chủ trì các nhiệm vụ tại mục III.2") take that duty's unit as
    their lead when nothing else gave them one; returns how many leads were set."""
    set_count = 0
    for duty in duties:
        for m in _CROSS_REF.finditer(fold_aligned(duty.text).lower()):
            for ref in _REF.finditer(m.group("refs")):
                section = next((s for s in doc.sections if s.number.lower() == ref.group("sec")), None)
                if section is None:
                    continue
                for t in tasks:
                    inside = section.start <= t.lines[0] <= section.end
                    item = ref.group("item")
                    if (
                        inside
                        and t.group == ref.group("grp")
                        and (item is None or (t.number or "").endswith(f".{item}"))
                        and not t.lead_unit
                    ):
                        t.lead_unit = duty.lead_unit
                        set_count += 1
    return set_count
