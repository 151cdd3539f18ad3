"""`dkg serve` under load: N concurrent clients for S seconds, the `lineage` query, p95 against in-process.

    .venv/bin/python -m bench.serve --store .dkg/store --clients 50 --seconds 60
    .venv/bin/python -m bench.serve --store .dkg/store --seconds 10 --no-cache   # every query evaluated

Each client asks `lineage` for a node drawn in turn from every plan identifier and task of the store
(so the answers differ), as a SPARQL 1.1 Protocol GET with the parameters bound in the text, exactly
what SPARQLWrapper sends. Every answer is counted as answered (200), refused cleanly (an HTTP status
with a body: 503 busy/timeout, 400 cap) or failed (no HTTP answer: reset, timeout of the client).
The in-process figure is the same query text through `OxigraphStore.query`, one call at a time.
Prints a JSON summary (and writes it with --out).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from directive_kg.serve import Limits, Server
from directive_kg.serve.examples import bound_text
from directive_kg.stores import OxigraphStore


def _p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def nodes(store: OxigraphStore, limit: int = 200) -> list[str]:
    plans = store.query(
        "PREFIX dkg: <https://w3id.org/directive-kg/ontology#> "
        "SELECT DISTINCT ?id WHERE { ?p dkg:hasTask ?t ; dkg:identifier ?id } ORDER BY ?id"
    ).rows
    tasks = store.query(
        "PREFIX dkg: <https://w3id.org/directive-kg/ontology#> "
        f"SELECT DISTINCT ?t WHERE {{ ?p dkg:hasTask ?t }} ORDER BY ?t LIMIT {limit}"
    ).rows
    return [str(r[0]) for r in plans + tasks]


def in_process(store: OxigraphStore, texts: list[str], seconds: float, clients: int = 1) -> list[float]:
    """Latencies of `store.query` (what dkg query calls) from `clients` threads at once."""
    lock = threading.Lock()
    times: list[float] = []
    end = time.monotonic() + seconds

    def client(k: int) -> None:
        i = k
        while time.monotonic() < end:
            start = time.perf_counter()
            store.query(texts[i % len(texts)])
            elapsed = time.perf_counter() - start
            i += clients
            with lock:
                times.append(elapsed)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times


def _figures(times: list[float]) -> dict:
    return {
        "runs": len(times),
        "p50_ms": round(1000 * statistics.median(times), 1),
        "p95_ms": round(1000 * _p(times, 0.95), 1),
    }


def load(url: str, texts: list[str], clients: int, seconds: float) -> dict:
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    end = time.monotonic() + seconds

    def client(k: int) -> None:
        i = k
        while time.monotonic() < end:
            target = f"{url}/sparql?" + urllib.parse.urlencode({"query": texts[i % len(texts)]})
            i += clients
            start = time.perf_counter()
            try:
                req = urllib.request.Request(target, headers={"Accept": "application/sparql-results+json"})
                with urllib.request.urlopen(req, timeout=120) as resp:
                    resp.read()
                    status = str(resp.status)
            except urllib.error.HTTPError as exc:
                exc.read()
                status = str(exc.code)
            except Exception as exc:  # no HTTP answer at all: a failure
                status = f"failed: {type(exc).__name__}"
            elapsed = time.perf_counter() - start
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status == "200":
                    latencies.append(elapsed)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = sum(statuses.values())
    return {
        "requests": total,
        "statuses": statuses,
        "failed": sum(v for k, v in statuses.items() if k.startswith("failed")),
        "throughput_per_s": round(total / seconds, 1),
        "p50_ms": round(1000 * _p(latencies, 0.5), 1),
        "p95_ms": round(1000 * _p(latencies, 0.95), 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", default=".dkg/store")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--no-cache", action="store_true", help="evaluate every query (no answer kept per generation)"
    )
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    store = OxigraphStore(args.store)
    texts = [bound_text("lineage", {"node": n}) for n in nodes(store)]
    alone = in_process(store, texts, min(args.seconds, 20))
    crowded = in_process(store, texts, args.seconds, args.clients)
    limits = Limits(workers=args.workers, cache_bytes=0 if args.no_cache else Limits().cache_bytes)
    server = Server(Path(args.store), port=0, limits=limits, findings=False)
    server.start_in_thread()
    try:
        served = load(server.url, texts, args.clients, args.seconds)
    finally:
        server.close()
    summary = {
        "query": "lineage",
        "nodes": len(texts),
        "clients": args.clients,
        "seconds": args.seconds,
        "workers": args.workers,
        "cache": not args.no_cache,
        "in_process_one_client": _figures(alone),
        "in_process_same_clients": _figures(crowded),
        "served": served,
    }
    # the server's own cost: its p95 against in-process under the same number of concurrent callers
    summary["p95_ratio_same_clients"] = round(
        served["p95_ms"] / summary["in_process_same_clients"]["p95_ms"], 2
    )
    summary["p95_ratio_one_client"] = round(served["p95_ms"] / summary["in_process_one_client"]["p95_ms"], 2)
    text = json.dumps(summary, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0 if served["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
