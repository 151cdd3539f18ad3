"""Auditor corrections (YAML): fix a unit name, a citation or an alignment; applied on every build.

Format (docs/graph.md):

    units:        {"Phòng VH-XH": "Phòng Văn hóa - Xã hội"}
    citations:    {"193/2025/QH12": "193/2025/QH15"}
    alignments:   {"10/KH-UBND#t5": "03/NQ-CP#11"}   # plan#task → 03/NQ-CP task or 57-NQ/TW#group
    applicability: {"03/NQ-CP#63": "province"}      # mandate → the levels it binds (central, province, commune)
    reviews:      {"10/KH-UBND#t5": {"accept": ["03/NQ-CP#11"], "reject": ["03/NQ-CP#99"],
                                     "reviewer": "…", "date": "2026-12-03"}}   # written by `dkg review --apply`
    successors:   {"03/NQ-CP#19": ["71/NQ-CP#23", "71/NQ-CP#25"], "03/NQ-CP#94": "dropped"}
    cleared:      {"10/KH-UBND#t5": "deadline 2025-06 → 2025-04"}  # a suspect link an auditor checked

A `cleared` value (or a list of them, one per suspect link of the task) is the change the auditor saw (as `dkg query suspects` prints it): the flag stays
cleared while the central task's change is that one, and comes back when a later programme changes it
again.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import InputError

SECTIONS = {"units", "citations", "alignments", "applicability", "reviews", "successors", "cleared"}
FLAT = ("units", "citations", "alignments", "applicability", "successors", "cleared")
LISTS = {"successors", "cleared"}  # a split names several successors; a task may have several suspect links


def load_corrections(path: str | Path | None) -> dict:
    if not path:
        return {}
    p = Path(path)
    if not p.is_file():
        raise InputError(str(p), "corrections file not found")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"line {mark.line + 1}" if mark else "-"
        raise InputError(str(p), f"YAML syntax error: {getattr(exc, 'problem', exc)}", place) from None
    except UnicodeDecodeError:
        raise InputError(str(p), "not UTF-8 text") from None
    except RecursionError:  # a hostile file nests thousands of levels: PyYAML recurses per level
        raise InputError(str(p), "YAML nested too deeply (not a corrections file)") from None
    if not isinstance(data, dict):
        raise InputError(
            str(p), "expected a mapping with sections: units, citations, alignments, successors, cleared"
        )
    unknown = set(data) - SECTIONS
    if unknown:
        raise InputError(
            str(p),
            f"unknown section(s): {', '.join(sorted(unknown))} (allowed: {', '.join(sorted(SECTIONS))})",
        )
    out: dict = {}
    for section in FLAT:
        value = data.get(section) or {}
        if not isinstance(value, dict) or not all(
            isinstance(k, str)
            and (
                isinstance(v, str)
                or (section in LISTS and isinstance(v, list) and all(isinstance(x, str) for x in v))
            )
            for k, v in value.items()
        ):
            raise InputError(str(p), f"section '{section}' must map strings to strings")
        out[section] = value
    out["reviews"] = _reviews(p, data.get("reviews") or {})
    return out


def _reviews(p: Path, value: object) -> dict:
    """`reviews:` maps plan#task to {accept: [mandate…], reject: [mandate…], reviewer, date}."""
    if not isinstance(value, dict):
        raise InputError(str(p), "section 'reviews' must map plan#task to {accept, reject, reviewer, date}")
    for key, item in value.items():
        ok = isinstance(key, str) and isinstance(item, dict)
        ok = ok and all(
            isinstance(item.get(f, []), list) and all(isinstance(m, str) for m in item.get(f, []))
            for f in ("accept", "reject")
        )
        if not ok:
            raise InputError(str(p), f"reviews: {key!r} must have lists 'accept' and 'reject' of mandates")
    return value
