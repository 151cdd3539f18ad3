"""Applicability: the levels (central, province, commune) each central programme task binds, with the evidence.

A plan's gaps must count only the mandates that bind its level. Reading "địa phương" in a lead-agency
cell as "every commune" made 5G in industrial parks, digital twins for big cities and the owners of
national databases gaps of every commune. The levels come from the lead agencies (the units that must
act) and the task's own text:

* "UBND các cấp", "chính quyền địa phương các cấp", "địa phương các cấp" → province and commune;
* "UBND các tỉnh, thành phố trực thuộc TW", "cấp tỉnh", "thành phố trực thuộc Trung ương" → province;
* "cấp xã", "xã, phường" → commune;
* "địa phương" without a qualifier → province and commune, unless restricted: "địa phương được lựa
  chọn", owners of national databases ("chủ quản CSDLQG"), or a text about big cities, industrial
  parks or high-tech zones (a rural commune has none) → province only;
* ministries, central agencies, corporations only → central.

A task asking to "build a plan/programme to implement" is met by any plan that implements it: the
plan itself is the output (`met_by_plan`). Auditors override any of it in the corrections file
(`applicability: {"03/NQ-CP#63": "province"}`, corrections.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import fold

LEVELS = ("central", "province", "commune")

_ALL_LOCAL = re.compile(r"\b(ubnd|uy ban nhan dan|chinh quyen dia phuong|dia phuong) cac cap\b")
_PROVINCE = re.compile(
    r"\b(cac tinh, thanh pho truc thuoc|tinh, thanh pho truc thuoc|cap tinh|thanh pho truc thuoc trung uong"
    r"|thanh pho truc thuoc tw|ubnd (cac )?tinh)\b"
)
_COMMUNE = re.compile(r"\b(cap xa|xa, phuong|ubnd (cac )?xa)\b")
_LOCAL = re.compile(r"\bdia phuong\b")
_SELECTED = re.compile(r"\bdia phuong (duoc lua chon|thi diem|du dieu kien)|\bchu quan (csdl|co so du lieu)")
_CENTRAL = re.compile(
    r"\b(bo|ban|van phong chinh phu|vien han lam|ngan hang nha nuoc|tap doan|doanh nghiep|vtv|vov|ttxvn"
    r"|uy ban|hoi dong|toa an|vien kiem sat|kiem toan)\b"
)
# a text about places a rural commune does not have
_NOT_COMMUNE_TEXT = re.compile(
    r"\b(thanh pho lon|do thi lon|khu cong nghiep|khu cong nghe cao|cum cong nghiep|khu kinh te"
    r"|co so du lieu quoc gia|trung tam du lieu quoc gia)\b"
)
_PLAN_TASK = re.compile(
    r"^(xay dung|ban hanh|xay dung, ban hanh)( va to chuc trien khai)?( thuc hien)? "
    r"(ke hoach|chuong trinh)( hanh dong)? (trien khai|thuc hien|hanh dong)"
)


@dataclass(frozen=True)
class Applicability:
    levels: tuple[str, ...]  # in LEVELS order
    evidence: str
    met_by_plan: bool = False
    source: str = "rule"  # rule | correction


def _levels_of_unit(unit: str, text: str) -> tuple[set[str], str]:
    f = fold(unit)
    if _ALL_LOCAL.search(f):
        return {"province", "commune"}, f"“{unit}”: chính quyền các cấp"
    levels: set[str] = set()
    why = []
    if _PROVINCE.search(f):
        levels.add("province")
        why.append("cấp tỉnh")
    if _COMMUNE.search(f):
        levels.add("commune")
        why.append("cấp xã")
    if _LOCAL.search(f) and not levels:
        if _SELECTED.search(f):
            levels.add("province")
            why.append("chỉ địa phương được chọn/chủ quản, không phải mọi xã")
        elif m := _NOT_COMMUNE_TEXT.search(fold(text)):
            levels.add("province")
            why.append(f"nội dung về “{m.group(0)}”, xã không có")
        else:
            levels |= {"province", "commune"}
            why.append("địa phương")
    if _CENTRAL.search(_LOCAL.sub("", f)) or not levels:
        levels.add("central")
    return levels, f"“{unit}”: " + ", ".join(why or ["cơ quan trung ương"])


def applicability(lead_unit: str | None, text: str, override: str | None = None) -> Applicability:
    """The levels a central task binds, from its lead agencies and text (or the auditor's override)."""
    met = bool(_PLAN_TASK.search(fold(text)))
    if override:
        levels = {w.strip() for w in re.split(r"[,\s]+", override) if w.strip() in LEVELS}
        return Applicability(tuple(x for x in LEVELS if x in levels), "corrections file", met, "correction")
    if not lead_unit:
        return Applicability(("central",), "no lead agency named", met)
    levels, evidence = _levels_of_unit(lead_unit, text)
    return Applicability(tuple(x for x in LEVELS if x in levels), evidence, met)
