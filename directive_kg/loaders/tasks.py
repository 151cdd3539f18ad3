"""Task groups and tasks from the body of a plan ("Nhiệm vụ, giải pháp" sections).

A group is a top-level numbered heading ("1. Nâng cao nhận thức …"); its
tasks are the items under it: sub-numbers ("1.1."), letters ("a)") and
dashes ("- …"). An item that only introduces dashes is a heading, not a task;
a group with no items is one task (its paragraph).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Task, TaskGroup
from ..text import squash
from .segment import Doc, Section

GROUP_RX = re.compile(r"^\s*(?P<num>\d{1,2})\s*[.)]\s+(?P<text>\S.*)$")
SUB_RX = re.compile(r"^\s*(?P<num>\d{1,2}\.\d{1,2})\.?\s+(?P<text>\S.*)$")
ALPHA_RX = re.compile(r"^\s*(?P<num>[a-zđ¢])\s*\)\s*(?P<text>\S.*)$")
BULLET_RX = re.compile(r"^\s*[-–•+*]\s*(?P<text>[^\s\-].*)$")
PAGE_NO = re.compile(r"^\s*\d{1,3}\s*$")


@dataclass
class Item:
    level: int  # 1 group, 2 sub-number / letter, 3 dash
    num: str | None
    start: int
    lines: list[str] = field(default_factory=list)
    end: int = 0

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
            current = Item(level, num, i, [text], i)
            items.append(current)
        elif current is None or (after_blank and current.level == 1 and stripped[0].isupper()):
            current = Item(2, None, i, [stripped], i)
            items.append(current)
        else:
            current.lines.append(stripped)
            current.end = i
        after_blank = False
    return items


def extract_body_tasks(doc: Doc, section: Section, plan_key: str = "") -> tuple[list[TaskGroup], list[Task]]:
    items = parse_items(doc, section.start + 1, section.end)
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
            if has_children and len(it.text) < 220:
                continue  # a sub-heading introducing dashes
            tasks.append(_task(it, group.label, len(tasks) + 1))
        group_items = []

    for it in items:
        if it.level == 1:
            flush()
            title = squash(" ".join(it.lines))
            group = TaskGroup(id=f"g{len(groups) + 1}", label=it.num or str(len(groups) + 1), title=title,
                              lines=[it.start, it.end])
            groups.append(group)
            continue
        group_items.append(it)
    flush()
    return groups, tasks


def _task(it: Item, group: str, n: int) -> Task:
    return Task(id=f"t{n}", text=it.text, group=group, lead_unit=None, coordinating_units=[], deadline=None,
                output=None, lines=[it.start, max(it.end, it.start)], raw_text=None, source="body", number=it.num)
