"""Known values of the named queries' parameters, and the nearest ones to a value the store does not hold.

Why: `dkg query implementers -p mandate=57-NQ/T` or `dkg query coverage -p level=xa` used to print an
empty table and exit 0, which reads as "nothing implements it". When a named query returns no rows,
the command line asks `unknown_parameter` whether a parameter names something the store does not
have; if so it says which, with the nearest known values, and exits 2. A value that exists but
has no rows (a mandate no plan carries out) still gives the empty table: that is an answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..text import fold, nfc

SHOWN = 5


def _values(store: Any, kind: str) -> list[str]:
    from .read import known_values

    return sorted({nfc(v) for v in known_values(store, kind)})


def nearest(value: str, known: list[str], limit: int = SHOWN) -> list[str]:
    """The known values closest to `value` (diacritics and case folded, then edit similarity)."""
    from rapidfuzz import fuzz, process

    folded: dict[str, str] = {}
    for k in known:  # one spelling per folded form (a unit named in two cases is listed once)
        folded.setdefault(fold(k), k.strip())
    choices = {k: f for f, k in folded.items()}
    doc, _, part = value.partition("#")
    if part.strip().isdigit():  # a group or task number: the same document's numbers, nearest first
        same = [k for k in choices if k.partition("#")[0] == doc.strip() and k.partition("#")[2].isdigit()]
        if same:
            return sorted(same, key=lambda k: (abs(int(k.partition("#")[2]) - int(part)), k))[:limit]
    # words in common first (a unit named by some of its words), then the closest spelling
    hits = process.extract(
        fold(value),
        choices,
        scorer=lambda a, b, **kw: fuzz.token_set_ratio(a, b) + fuzz.ratio(a, b) / 100,
        limit=limit,
    )
    return [k for _, _, k in hits]


def _check_exact(label: str, value: str, known: list[str]) -> str | None:
    """Identifiers and levels match exactly in the queries: 536/QD-UBND is not 536/QĐ-UBND (nearest says so)."""
    if value in known:
        return None
    return _message(label, value, known)


def _message(label: str, value: str, known: list[str]) -> str:
    if not known:
        return f"no {label} {value!r} here: the store has no {label}s at all"
    return f"no {label} {value!r} in the store; nearest: {', '.join(nearest(value, known))}"


def _mandate(store: Any, params: dict[str, str]) -> str | None:
    value = nfc(params.get("mandate", "")).strip()
    doc, _, part = value.partition("#")
    directives = _values(store, "directives")
    if (msg := _check_exact("mandate", doc.strip(), directives)) is not None:
        return msg
    if part.strip():
        return _check_exact("mandate", f"{doc.strip()}#{part.strip()}", _values(store, "parts"))
    return None


def _level(store: Any, params: dict[str, str]) -> str | None:
    value = params.get("level", "").strip().lower()
    return _check_exact("level", value, _values(store, "levels")) if value else None


def _plan(store: Any, params: dict[str, str], key: str = "plan") -> str | None:
    value = nfc(params.get(key, "")).strip()
    if not value or "://" in value:
        return None
    return _check_exact("plan", value, _values(store, "plans"))


def _unit(store: Any, params: dict[str, str]) -> str | None:
    value = fold(params.get("unit", ""))
    if not value:
        return None
    units = _values(store, "units")
    if any(value in fold(u) for u in units):
        return None
    return _message("unit", params["unit"].strip(), units)


CHECKS: dict[str, Callable[[Any, dict[str, str]], str | None]] = {
    "implementers": _mandate,
    "coverage": _level,
    "gaps": _plan,
    "alignments": _plan,
    "lineage": lambda store, p: _plan(store, p, "node"),
    "responsibilities": _unit,
}


def unknown_parameter(store: Any, name: str, params: dict[str, str]) -> str | None:
    """One line naming a parameter value the store does not know and the nearest known ones, or None."""
    check = CHECKS.get(name)
    return check(store, params) if check else None
