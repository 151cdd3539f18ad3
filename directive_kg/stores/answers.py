"""Answers of named queries materialised at build time, kept beside the store generation they describe.

The first questions an auditor asks are the country-wide ones: `implementers` of 57-NQ/TW (every local
task: 130,000 rows at national scale) and the parameterless queries (`gaps`, `coverage`, …). Oxigraph
answers them from its indexes at a cost of several microseconds per looked-up value, which at that
size is 15–30 s however the SPARQL is written (measured, docs/benchmarks.md). The store is immutable
between builds, so `dkg build` runs those queries once on the new generation, before publishing it
(queries/materialise.py), and keeps their normalised rows in a companion file `gen-….answers.sqlite`
(GraphStore.companion). This module is that cache: its key, writing it, reading it.

An answer is found by a key made of the query's name, its full SPARQL text, the bound parameters and
this format's version: a changed query text (an upgrade) or another parameter value finds nothing and
the query runs live. Nothing can go stale: the companion belongs to one generation and is deleted with
it. A missing or unreadable file also means "run live" — the answers are a shortcut, never the truth;
`run(..., fresh=True)` (and `dkg query --fresh`) always asks the store, and a test holds every
materialised answer equal to the live one.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from .base import GraphStore, QueryResult

FORMAT = "dkg-answers/1"
COMPANION = "answers.sqlite"
PACKAGE = Path(__file__).resolve().parent.parent

Entry = tuple[str, dict[str, str], QueryResult, str, dict[str, object]]  # name, params, rows, sparql, bound


def key(name: str, sparql: str, bound: dict[str, object]) -> str:
    text = json.dumps([FORMAT, _code_version(), name, sparql, bound], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.cache
def _code_version() -> str:
    """What else shapes a row besides the query text: how values are bound, converted and sorted
    (queries/__init__.py, the stores) and the engine (pyoxigraph). An upgrade of any finds nothing kept."""
    import pyoxigraph

    digest = hashlib.sha256(pyoxigraph.__version__.encode())
    for module in ("queries/__init__.py", "stores/base.py", "stores/oxigraph.py", "stores/sparql.py"):
        digest.update((PACKAGE / module).read_bytes())
    return digest.hexdigest()


def write(target: Path, entries: Iterable[Entry]) -> None:
    """Write the answers companion `target` atomically (a temporary file renamed over it)."""
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.execute(
            "CREATE TABLE answer (key TEXT PRIMARY KEY, name TEXT NOT NULL, params TEXT NOT NULL, "
            "columns TEXT NOT NULL, rows TEXT NOT NULL, n INTEGER NOT NULL)"
        )
        con.execute("CREATE TABLE meta (format TEXT NOT NULL)")
        con.execute("INSERT INTO meta VALUES (?)", (FORMAT,))
        for name, params, result, sparql, bound in entries:
            con.execute(
                "INSERT OR REPLACE INTO answer VALUES (?, ?, ?, ?, ?, ?)",
                (
                    key(name, sparql, bound),
                    name,
                    json.dumps(params, ensure_ascii=False),
                    json.dumps(result.columns),
                    json.dumps(result.rows, ensure_ascii=False),
                    len(result.rows),
                ),
            )
        con.commit()
        con.close()
        os.replace(tmp, target)
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise


def _kept(store: GraphStore) -> Path | None:
    """The answers file beside the store's current generation, if it has one (a server store has none)."""
    path = store.companion(COMPANION) if store.supports_answers else None
    return path if path is not None and path.exists() else None


def lookup(store: GraphStore, name: str, sparql: str, bound: dict[str, object]) -> QueryResult | None:
    """The materialised answer for this query and these bound values, or None (then run it live)."""
    path = _kept(store)
    if path is None:
        return None
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            row = con.execute(
                "SELECT columns, rows FROM answer WHERE key = ?", (key(name, sparql, bound),)
            ).fetchone()
        finally:
            con.close()
        if row is None:
            return None
        return QueryResult(json.loads(row[0]), json.loads(row[1]))
    except (sqlite3.Error, ValueError, OSError):  # unreadable: the store itself still answers
        return None


def listing(store: GraphStore) -> Iterable[tuple[str, dict[str, str], int]]:
    """(query, parameters, number of rows) of each answer kept beside the store's current generation."""
    path = _kept(store)
    if path is None:
        return []
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return [
            (name, json.loads(params), n)
            for name, params, n in con.execute("SELECT name, params, n FROM answer ORDER BY name, params")
        ]
    finally:
        con.close()
