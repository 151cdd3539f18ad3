"""Answers of named queries materialised at build time, kept beside the store generation they describe.

The first questions an auditor asks are the country-wide ones: `implementers` of 57-NQ/TW (every local
task: 130,000 rows at national scale) and the parameterless queries (`gaps`, `coverage`, …). Oxigraph
answers them from its indexes at a cost of several microseconds per looked-up value, which at that
size is 15–30 s however the SPARQL is written (measured, docs/benchmarks.md). The store is immutable
between builds, so `dkg build` runs those queries once on the new generation, before publishing it, and
keeps their normalised rows in a companion file `gen-….answers.sqlite` (OxigraphStore.companion).

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
import multiprocessing
import os
import sqlite3
import sys
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..store import QueryResult

FORMAT = "dkg-answers/1"
COMPANION = "answers.sqlite"
PARALLEL_FROM_TASKS = 5000  # below this many tasks the queries take milliseconds: no worker processes

_DIRECTIVES = """PREFIX dkg: <https://w3id.org/directive-kg/ontology#>
SELECT DISTINCT ?id WHERE { ?d dkg:issuerLevel "central" ; dkg:identifier ?id . FILTER EXISTS { ?t dkg:carriesOut ?d } }"""
_TASKS = """PREFIX dkg: <https://w3id.org/directive-kg/ontology#>
SELECT (COUNT(?t) AS ?n) WHERE { ?d dkg:hasTask ?t }"""


@dataclass
class Materialised:
    """What `materialise` wrote: (query, parameters, rows) per answer, and the answers that failed."""

    answers: list[tuple[str, dict[str, str], int]] = field(default_factory=list)
    failed: list[tuple[str, dict[str, str], str]] = field(default_factory=list)


def key(name: str, sparql: str, bound: dict[str, object]) -> str:
    text = json.dumps([FORMAT, _code_version(), name, sparql, bound], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.cache
def _code_version() -> str:
    """What else shapes a row besides the query text: how values are bound, converted and sorted
    (queries/__init__.py, store.py) and the engine (pyoxigraph). An upgrade of any finds nothing kept."""
    import pyoxigraph

    from .. import store

    digest = hashlib.sha256(pyoxigraph.__version__.encode())
    for module in (sys.modules[__package__], store):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


def plan(store) -> list[tuple[str, dict[str, str]]]:
    """The answers worth keeping: `implementers` of each central directive that local tasks carry out,
    and every named query that needs no parameter, asked without one (the whole country)."""
    from . import list_queries

    jobs = [("implementers", {"mandate": str(row[0])}) for row in store.query(_DIRECTIVES).rows]
    jobs.sort(key=lambda job: job[1]["mandate"])
    jobs += [(q.name, {}) for q in list_queries() if not any(p.required for p in q.params)]
    return jobs


def materialise(store, workers: int | None = None) -> Materialised:
    """Run the planned queries on `store` (a pinned generation) and write its answers companion.

    A query that fails is left out (it will run live) and reported. With `workers` > 1 the queries run
    in spawned processes, so a script calling this must guard its `__main__` (as `dkg` does).
    """
    target = store.companion(COMPANION)
    if target is None:
        return Materialised()
    jobs = plan(store)
    if workers is None:
        tasks = int(store.query(_TASKS).rows[0][0] or 0)
        workers = 1 if tasks < PARALLEL_FROM_TASKS else min(os.cpu_count() or 1, 2)
    results = _compute(store, jobs, workers)
    done = Materialised()
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
        for (name, params), outcome in zip(jobs, results, strict=True):
            if isinstance(outcome, str):
                done.failed.append((name, params, outcome))
                continue
            sparql, bound, result = outcome
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
            done.answers.append((name, params, len(result.rows)))
        con.commit()
        con.close()
        os.replace(tmp, target)
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    return done


def _compute(store, jobs: list[tuple[str, dict[str, str]]], workers: int) -> list:
    if workers <= 1 or len(jobs) < 2:
        return [_answer(store, name, params) for name, params in jobs]
    # the costliest first, so that the two workers finish together
    order = sorted(range(len(jobs)), key=lambda i: jobs[i][0] != "implementers" and jobs[i][0] != "gaps")
    # spawned, not forked: the building process holds the whole dataset in memory (GiBs at national
    # scale) and the workers need none of it, only the path of the generation
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {i: pool.submit(_answer_at, str(store.path), store.generation, *jobs[i]) for i in order}
        return [_outcome(futures[i]) for i in range(len(jobs))]


def _outcome(future):
    try:
        return future.result()
    except Exception as exc:  # e.g. a worker killed for memory: its answer and the pending ones run live
        return f"{type(exc).__name__}: {exc}"


def _answer_at(path: str, generation: str | None, name: str, params: dict[str, str]):
    from ..store import OxigraphStore

    return _answer(OxigraphStore(path, generation=generation), name, params)


def _answer(store, name: str, params: dict[str, str]):
    """(sparql, bound, normalised result) of one query, or the reason it failed."""
    from . import bind, get_query, run

    try:
        query = get_query(name)
        return query.sparql, bind(query, params), run(name, params, store, fresh=True)
    except Exception as exc:  # a shortcut that cannot be made is left out, not fatal
        return f"{type(exc).__name__}: {exc}"


def _kept(store) -> Path | None:
    """The answers file beside the store's current generation, if it has one (a server store has none)."""
    companion = getattr(store, "companion", None)
    path = companion(COMPANION) if companion else None
    return path if path is not None and path.exists() else None


def lookup(store, name: str, sparql: str, bound: dict[str, object]) -> QueryResult | None:
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


def listing(store) -> Iterable[tuple[str, dict[str, str], int]]:
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
