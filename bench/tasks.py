"""Benchmark steps that run in a child process (so each one's time and memory are its own); JSON on stdout.

python -m bench.tasks queries STORE RUNS            named queries on the project's store
python -m bench.tasks rdflib-queries NQ RUNS CAP    the same SPARQL on rdflib's in-memory store
python -m bench.tasks rdflib-load NQ                rdflib parse of the exported N-Quads
python -m bench.tasks oxigraph-load NQ DIR          pyoxigraph raw bulk load (the floor for loading)
python -m bench.tasks pyshacl NQ                    pyshacl over the whole graph at once
python -m bench.tasks merged STORE OUT              the merged graph as N-Triples (for Jena)
"""

from __future__ import annotations

import json
import signal
import statistics
import sys
import time
from pathlib import Path


def _stats(samples: list[float]) -> dict:
    s = sorted(samples)
    p95 = s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]
    return {
        "median_ms": round(statistics.median(s) * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
        "runs": len(s),
    }


def query_params(store) -> dict[str, dict[str, str]]:
    """Parameters for each named query, picked from the data (a commune task for lineage, one plan for gaps)."""
    row = store.query("""PREFIX dkg: <https://w3id.org/directive-kg/ontology#>
        SELECT ?t ?id WHERE { ?d dkg:issuerLevel "commune" ; dkg:identifier ?id ; dkg:hasTask ?t }
        ORDER BY ?t LIMIT 1""").rows[0]
    return {
        "implementers": {"mandate": "57-NQ/TW"},
        "lineage": {"node": str(row[0])},
        "coverage": {},
        "gaps": {"plan": str(row[1])},
        "responsibilities": {"unit": "van hoa"},
        "targets-vs-parent": {"indicator": "dich vu cong"},
        "deadlines": {"from": "2026-01-01", "to": "2026-12-31"},
        "unresolved-references": {},
        "alignments": {},
        "in-force": {"date": "2025-10-15"},
        "programme-changes": {},
        "suspects": {},
    }


def _timed(fn, runs: int) -> tuple[list[float], int]:
    """Run `fn` at most `runs` times, and at least 5 times unless a minute has gone by."""
    times, rows = [], 0
    start = time.perf_counter()
    for i in range(runs):
        if i >= 5 and time.perf_counter() - start > 60:
            break
        t0 = time.perf_counter()
        rows = len(fn().rows)
        times.append(time.perf_counter() - t0)
    return times, rows


def queries(store_path: str, runs: int) -> dict:
    """Each named query as `dkg query` runs it; where `dkg build` kept the answer (answers.py), the
    same query evaluated live by Oxigraph too (`live`), so that both costs are on record."""
    from directive_kg.queries import bind, get_query, run
    from directive_kg.stores import OxigraphStore
    from directive_kg.stores.answers import lookup

    store = OxigraphStore(store_path)
    out = {}
    for name, params in query_params(store).items():
        times, rows = _timed(lambda n=name, p=params: run(n, p, store), runs)
        query = get_query(name)
        kept = lookup(store, name, query.sparql, bind(query, params)) is not None
        out[name] = {**_stats(times), "rows": rows, "params": params, "kept": kept}
        if kept:
            live, _ = _timed(lambda n=name, p=params: run(n, p, store, fresh=True), min(runs, 5))
            out[name]["live"] = _stats(live)
    return out


class _Cap(Exception):
    pass


def _alarm(_sig, _frame):
    raise _Cap()


def _rdflib_dataset(nq: str):
    import rdflib

    ds = rdflib.Dataset(default_union=True)
    ds.parse(nq, format="nquads")
    return ds


def rdflib_queries(nq: str, runs: int, cap: float) -> dict:
    """The named queries' SPARQL with the same bound values, on rdflib (default graph = union)."""
    from rdflib import Literal, URIRef

    from directive_kg.queries import bind, get_query

    t0 = time.perf_counter()
    ds = _rdflib_dataset(nq)
    load = time.perf_counter() - t0
    params = json.loads(Path(nq + ".params.json").read_text())
    signal.signal(signal.SIGALRM, _alarm)
    out: dict = {"load_seconds": round(load, 2)}
    for name, p in params.items():
        q = get_query(name)
        bound = {k: URIRef(v) if k in q.iri_params else Literal(v) for k, v in bind(q, p).items()}
        times = []
        try:
            for _ in range(runs):
                signal.setitimer(signal.ITIMER_REAL, cap)
                t1 = time.perf_counter()
                rows = len(list(ds.query(q.sparql, initBindings=bound)))
                times.append(time.perf_counter() - t1)
                signal.setitimer(signal.ITIMER_REAL, 0)
            out[name] = {**_stats(times), "rows": rows}
        except _Cap:
            out[name] = {"capped": cap}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        print(json.dumps({name: out[name]}), file=sys.stderr, flush=True)  # partial results, if killed
    return out


def rdflib_load(nq: str) -> dict:
    t0 = time.perf_counter()
    ds = _rdflib_dataset(nq)
    n = sum(1 for _ in ds.quads((None, None, None, None)))
    return {"seconds": round(time.perf_counter() - t0, 2), "quads": n}


def oxigraph_load(nq: str, directory: str) -> dict:
    from pyoxigraph import RdfFormat, Store

    t0 = time.perf_counter()
    store = Store(directory)
    store.bulk_load(path=nq, format=RdfFormat.N_QUADS)
    store.flush()
    n = len(store)
    return {"seconds": round(time.perf_counter() - t0, 2), "quads": n}


def pyshacl_whole(nq: str) -> dict:
    """pyshacl with all rules at once over the RDF merge of every graph (what a user would run first)."""
    import rdflib
    from pyshacl import validate

    from directive_kg.rules import load_shapes

    t0 = time.perf_counter()
    ds = rdflib.Dataset()
    ds.parse(nq, format="nquads")
    g = rdflib.Graph()
    for s, p, o, _g in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    del ds
    t1 = time.perf_counter()
    _conforms, report, _text = validate(
        g, shacl_graph=load_shapes(), inference="none", allow_warnings=True, advanced=True
    )
    results = len(list(report.subjects(rdflib.RDF.type, rdflib.SH.ValidationResult)))
    return {
        "seconds": round(time.perf_counter() - t0, 2),
        "load_seconds": round(t1 - t0, 2),
        "results": results,
    }


def merged(store_path: str, out: str) -> dict:
    """The default graph of the embedded store (the RDF merge of the named graphs) as N-Triples."""
    import os

    from pyoxigraph import DefaultGraph, RdfFormat, Store

    store = Store.read_only(os.path.realpath(Path(store_path) / "current"))
    store.dump(out, format=RdfFormat.N_TRIPLES, from_graph=DefaultGraph())
    return {"bytes": Path(out).stat().st_size}


def main(argv: list[str]) -> None:
    what, args = argv[0], argv[1:]
    if what == "queries":
        res = queries(args[0], int(args[1]))
    elif what == "rdflib-queries":
        res = rdflib_queries(args[0], int(args[1]), float(args[2]))
    elif what == "rdflib-load":
        res = rdflib_load(args[0])
    elif what == "oxigraph-load":
        res = oxigraph_load(args[0], args[1])
    elif what == "pyshacl":
        res = pyshacl_whole(args[0])
    elif what == "merged":
        res = merged(args[0], args[1])
    else:
        raise SystemExit(f"unknown task {what}")
    print(json.dumps(res))


if __name__ == "__main__":
    main(sys.argv[1:])
