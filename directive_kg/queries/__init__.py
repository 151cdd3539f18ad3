"""Named queries: each one a SPARQL file (NAME.rq) and a Cypher file (NAME.cypher) with the same meaning.

Both files take the same parameters and give the same column names and rows. User parameters are
checked and turned into bound variables here (`?q_…` in SPARQL, `$q_…` in Cypher); compound values
such as ``57-NQ/TW#3`` are split in Python. Values are never spliced into query text: SPARQL gets
them as Oxigraph substitutions (or a VALUES block on a remote server), Cypher as driver parameters.
Oxigraph only substitutes projected variables, so each .rq projects its ``?q_…`` variables and
`run` drops those columns from the result.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from ..errors import InputError
from ..stores import QueryResult
from ..text import fold, nfc

NONE_IRI = "urn:dkg:none"
_PARAM_LINE = re.compile(r"^(?:#|//)\s*param:\s*(\S+)\s+(required|optional)\s*(?:—|--|-)?\s*(.*)$")
_DESC_LINE = re.compile(r"^#\s*description:\s*(.*)$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


@dataclass(frozen=True)
class Param:
    name: str
    required: bool
    help: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    sparql: str
    cypher: str
    iri_params: frozenset[str] = field(default_factory=frozenset)


# ------------------------------------------------------------------ parameter binding (per query)


def _text(value: str) -> str:
    return nfc(value).strip()


def _bind_implementers(p: dict[str, str]) -> dict[str, object]:
    value = _text(p["mandate"])
    doc, _, part = value.partition("#")
    doc, part = doc.strip(), part.strip()
    if not doc:
        raise InputError(
            "mandate", f"not a mandate: {value!r} (give e.g. 57-NQ/TW, 57-NQ/TW#3 or 03/NQ-CP#20)"
        )
    # q_directive starts the whole-directive branches of the SPARQL query: '' (matches no identifier) when
    # a group or task is asked, so the engine does not walk the directive's 100,000 tasks to discard them
    return {"q_doc": doc, "q_part": part, "q_directive": "" if part else doc}


def _bind_lineage(p: dict[str, str]) -> dict[str, object]:
    value = _text(p["node"])
    if not value:
        raise InputError("node", "empty node: give a task or plan IRI or a plan identifier")
    if _SCHEME.match(value):
        _check_iri(value)
        return {"q_iri": value, "q_id": ""}
    return {"q_iri": NONE_IRI, "q_id": value}


def _check_iri(value: str) -> None:
    from pyoxigraph import NamedNode

    try:
        NamedNode(value)
    except ValueError as exc:
        raise InputError("node", f"not a valid IRI: {value!r} ({exc})") from None


def _bind_coverage(p: dict[str, str]) -> dict[str, object]:
    return {"q_level": _text(p.get("level", "")).lower()}


def _bind_gaps(p: dict[str, str]) -> dict[str, object]:
    return {"q_plan": _text(p.get("plan", ""))}


def _bind_responsibilities(p: dict[str, str]) -> dict[str, object]:
    return {"q_unit": fold(p.get("unit", ""))}


def _bind_targets(p: dict[str, str]) -> dict[str, object]:
    return {"q_indicator": fold(p.get("indicator", ""))}


def _iso_date(name: str, value: str) -> str:
    value = value.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise InputError(name, f"not an ISO date (YYYY-MM-DD): {value!r}")
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(name, f"not a valid date: {value!r}") from None
    return value


def _bind_deadlines(p: dict[str, str]) -> dict[str, object]:
    start, end = _iso_date("from", p["from"]), _iso_date("to", p["to"])
    if start > end:
        raise InputError("from", f"the period is empty: from {start} is after to {end}")
    return {"q_from": start, "q_to": end}


BINDERS: dict[str, Callable[[dict[str, str]], dict[str, object]]] = {
    "implementers": _bind_implementers,
    "lineage": _bind_lineage,
    "coverage": _bind_coverage,
    "gaps": _bind_gaps,
    "responsibilities": _bind_responsibilities,
    "targets-vs-parent": _bind_targets,
    "deadlines": _bind_deadlines,
    "unresolved-references": lambda p: {},
    "alignments": _bind_gaps,
}
IRI_VARIABLES = {"lineage": frozenset({"q_iri"})}
ORDER = list(BINDERS)


# ------------------------------------------------------------------ loading


def _read(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _parse(name: str) -> NamedQuery:
    sparql = _read(f"{name}.rq")
    cypher = _read(f"{name}.cypher")
    description, params = "", []
    for line in sparql.splitlines():
        if not line.startswith("#"):
            break
        if m := _DESC_LINE.match(line):
            description = m.group(1).strip()
        elif m := _PARAM_LINE.match(line):
            params.append(Param(m.group(1), m.group(2) == "required", m.group(3).strip()))
    return NamedQuery(name, description, tuple(params), sparql, cypher, IRI_VARIABLES.get(name, frozenset()))


_CACHE: dict[str, NamedQuery] = {}


def list_queries() -> list[NamedQuery]:
    return [get_query(n) for n in ORDER]


def get_query(name: str) -> NamedQuery:
    if name not in BINDERS:
        raise InputError(name, f"no such query; the named queries are: {', '.join(ORDER)}")
    if name not in _CACHE:
        _CACHE[name] = _parse(name)
    return _CACHE[name]


def bind(query: NamedQuery, params: dict[str, str]) -> dict[str, object]:
    """Check the user's parameters against the query's and turn them into bound variables."""
    known = {p.name for p in query.params}
    unknown = sorted(set(params) - known)
    if unknown:
        allowed = ", ".join(sorted(known)) or "none"
        raise InputError(
            query.name, f"unknown parameter(s) {', '.join(unknown)} (this query takes: {allowed})"
        )
    for p in query.params:
        if p.required and not str(params.get(p.name, "")).strip():
            raise InputError(query.name, f"missing required parameter {p.name} ({p.help})")
    clean = {k: str(v) for k, v in params.items()}
    return BINDERS[query.name](clean)


# ------------------------------------------------------------------ running


def _sort_key(row: list[object]) -> tuple:
    return tuple(
        (0, "")
        if v is None
        else (
            1,
            f"{v:020.6f}" if isinstance(v, int | float) and not isinstance(v, bool) and v >= 0 else str(v),
        )
        for v in row
    )


def _normalise(result: QueryResult) -> QueryResult:
    keep = [i for i, c in enumerate(result.columns) if not c.startswith("q_")]
    rows = []
    for row in result.rows:
        out = []
        for i in keep:
            v = row[i]
            if isinstance(v, float):
                v = round(v, 6)
            elif isinstance(v, list):  # a multi-valued property from Neo4j
                v = "; ".join(sorted(map(str, v)))
            out.append(v)
        rows.append(out)
    unique = {tuple(r): r for r in rows}
    return QueryResult([result.columns[i] for i in keep], sorted(unique.values(), key=_sort_key))


def run(
    name: str,
    params: dict[str, str],
    store: Any = None,
    engine: str = "sparql",
    neo4j: dict | None = None,
    fresh: bool = False,
) -> QueryResult:
    """Run a named query with the user's parameters on the store (SPARQL) or on Neo4j (Cypher).

    On the embedded store, an answer materialised at build time for the same query text and bound
    values is read instead of evaluating the SPARQL (answers.py); `fresh` always evaluates it.
    """
    query = get_query(name)
    bound = bind(query, params or {})
    if engine == "sparql":
        if store is None:
            raise InputError(name, "no store given")
        if not fresh:
            from ..stores.answers import lookup

            if (kept := lookup(store, name, query.sparql, bound)) is not None:
                return kept
        from pyoxigraph import NamedNode

        values = {k: NamedNode(v) if k in query.iri_params else v for k, v in bound.items()}
        result = store.query(query.sparql, values)
    elif engine == "neo4j":
        from ..neo4j import run_cypher

        result = run_cypher(query.cypher, bound, **(neo4j or {}))
    else:
        raise InputError(name, f"unknown engine {engine!r} (sparql or neo4j)")
    return _normalise(result)
