"""Which named-query answers `dkg build` keeps beside a new generation, and computing them.

The cache itself (its key, file and lookups) is stores/answers.py; this module decides what is worth
keeping (`plan`) and runs those queries, in worker processes at national scale (`materialise`).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from ..errors import InputError, ServiceError
from ..stores.answers import COMPANION, Entry, write
from ..stores.base import GraphStore, QueryResult
from .read import central_directives, task_count

PARALLEL_FROM_TASKS = 5000  # below this many tasks the queries take milliseconds: no worker processes

Job = tuple[str, dict[str, str]]
Outcome = tuple[str, dict[str, object], QueryResult] | str  # (sparql, bound, rows), or why it failed


@dataclass
class Materialised:
    """What `materialise` wrote: (query, parameters, rows) per answer, and the answers that failed."""

    answers: list[tuple[str, dict[str, str], int]] = field(default_factory=list)
    failed: list[tuple[str, dict[str, str], str]] = field(default_factory=list)


def plan(store: GraphStore) -> list[Job]:
    """The answers worth keeping: `implementers` of each central directive that local tasks carry out,
    and every named query that needs no parameter, asked without one (the whole country)."""
    from . import list_queries

    jobs: list[Job] = [("implementers", {"mandate": mandate}) for mandate in central_directives(store)]
    jobs.sort(key=lambda job: job[1]["mandate"])
    jobs += [(q.name, {}) for q in list_queries() if not any(p.required for p in q.params)]
    return jobs


def materialise(store: GraphStore, workers: int | None = None) -> Materialised:
    """Run the planned queries on `store` (a pinned generation) and write its answers companion.

    A query that fails is left out (it will run live) and reported. With `workers` > 1 the queries run
    in spawned processes, so a script calling this must guard its `__main__` (as `dkg` does).
    """
    target = store.companion(COMPANION)
    if target is None:
        return Materialised()
    jobs = plan(store)
    if workers is None:
        tasks = task_count(store)
        workers = 1 if tasks < PARALLEL_FROM_TASKS else min(os.cpu_count() or 1, 2)
    results = _compute(store, jobs, workers)
    done = Materialised()
    entries: list[Entry] = []
    for (name, params), outcome in zip(jobs, results, strict=True):
        if isinstance(outcome, str):
            done.failed.append((name, params, outcome))
            continue
        sparql, bound, result = outcome
        entries.append((name, params, result, sparql, bound))
        done.answers.append((name, params, len(result.rows)))
    write(target, entries)
    return done


def _compute(store: GraphStore, jobs: list[Job], workers: int) -> list[Outcome]:
    if workers <= 1 or len(jobs) < 2:
        return [_answer(store, name, params) for name, params in jobs]
    # the costliest first, so that the two workers finish together
    order = sorted(range(len(jobs)), key=lambda i: jobs[i][0] != "implementers" and jobs[i][0] != "gaps")
    # spawned, not forked: the building process holds the whole dataset in memory (GiBs at national
    # scale) and the workers need none of it, only the (pinned) store, which pickles as its path
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {i: pool.submit(_answer, store, *jobs[i]) for i in order}
        return [_outcome(futures[i]) for i in range(len(jobs))]


def _outcome(future: Future[Outcome]) -> Outcome:
    try:
        return future.result()
    except (InputError, ServiceError, OSError, RuntimeError, MemoryError) as exc:
        # e.g. a worker killed for memory (BrokenProcessPool is a RuntimeError): its answer and the
        # pending ones run live
        return f"{type(exc).__name__}: {exc}"


def _answer(store: GraphStore, name: str, params: dict[str, str]) -> Outcome:
    """(sparql, bound, normalised result) of one query, or the reason it failed."""
    from . import bind, get_query, run

    try:
        query = get_query(name)
        return query.sparql, bind(query, params), run(name, params, store, fresh=True)
    except (
        InputError,
        ServiceError,
        OSError,
        RuntimeError,
        ValueError,
        KeyError,
        TypeError,
    ) as exc:  # a shortcut not made is left out
        return f"{type(exc).__name__}: {exc}"
