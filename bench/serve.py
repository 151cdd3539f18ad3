"""`dkg serve` under load: N concurrent clients for S seconds, the `lineage` query, p95 against in-process.

    .venv/bin/python -m bench.serve --store .dkg/store                 # 50 clients, 60 s, every query evaluated
    .venv/bin/python -m bench.serve --store .dkg/store --seconds 10 --cache   # answers kept per generation

Each client asks `lineage` for a node drawn in turn from every plan identifier and task of the store
(so the answers differ), as a SPARQL 1.1 Protocol GET with the parameters bound in the text, exactly
what SPARQLWrapper sends. Every answer is counted as answered (200), refused cleanly (an HTTP status
with a body: 503 busy/timeout, 400 cap) or failed (no HTTP answer: reset, timeout of the client).

The in-process figure is the same query texts through `OxigraphStore.query` on one open (pinned)
store, as a notebook holds it: once from one caller, once from as many threads as there are clients.
The endpoint's own cost is the ratio of its p95 to the in-process p95 under the same number of
concurrent callers (both share the same cores); the ratio to one caller alone adds the queueing that
N callers on a few cores cause whatever serves them. One client is also timed with a kept-alive
connection (`http.client`): the difference to urllib's new connection per request is the client's
cost (TCP set-up, urllib's parsing), not the endpoint's. The endpoint's answer cache is off unless
`--cache`: with it, every node after the first round is a cached answer and the comparison says
nothing about evaluating queries. Prints a JSON summary (and writes it with --out).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import multiprocessing
import os
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from multiprocessing.connection import Connection
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


def _serve(store: Path, limits: Limits, threads: int, conn: Connection) -> None:
    """The endpoint's process: serve until the bench says stop (one message on `conn`)."""
    server = Server(store, port=0, limits=limits, findings=False, threads=threads)
    server.start_in_thread()
    conn.send(server.url)
    conn.recv()
    server.close()


@contextlib.contextmanager
def serving(store: Path, limits: Limits, threads: int) -> Iterator[str]:
    """`dkg serve` in its own process, as it runs for a user: the clients' threads here do not share
    its interpreter (and its GIL) with it. Yields the endpoint's URL."""
    ctx = multiprocessing.get_context("spawn")
    here, there = ctx.Pipe()
    process = ctx.Process(target=_serve, args=(store, limits, threads, there), name="dkg-serve")
    process.start()
    try:
        if not here.poll(120):
            raise RuntimeError("dkg serve did not start within 120 s")
        yield here.recv()
    finally:
        here.send("stop")
        process.join(30)
        if process.is_alive():
            process.kill()


def _ratio(a: dict, b: dict) -> float:
    return round(a["p95_ms"] / b["p95_ms"], 2)


def _ask(target: str, conn: http.client.HTTPConnection | None) -> str:
    """One GET; its HTTP status as text. `conn`: a kept-alive connection, else a new one (urllib, as
    SPARQLWrapper does)."""
    headers = {"Accept": "application/sparql-results+json"}
    if conn is not None:
        parts = urllib.parse.urlsplit(target)
        conn.request("GET", f"{parts.path}?{parts.query}", headers=headers)
        resp = conn.getresponse()
        resp.read()
        return str(resp.status)
    try:
        with urllib.request.urlopen(urllib.request.Request(target, headers=headers), timeout=120) as resp:
            resp.read()
            return str(resp.status)
    except urllib.error.HTTPError as exc:
        exc.read()
        return str(exc.code)


def load(url: str, texts: list[str], clients: int, seconds: float, keep_alive: bool = False) -> dict:
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    end = time.monotonic() + seconds
    host = urllib.parse.urlsplit(url)

    def client(k: int) -> None:
        i = k
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=120) if keep_alive else None
        while time.monotonic() < end:
            target = f"{url}/sparql?" + urllib.parse.urlencode({"query": texts[i % len(texts)]})
            i += clients
            start = time.perf_counter()
            try:
                status = _ask(target, conn)
            except Exception as exc:  # no HTTP answer at all: a failure
                status = f"failed: {type(exc).__name__}"
                if conn is not None:
                    conn.close()
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
    ap.add_argument("--workers", type=int, default=2, help="dkg serve --workers (query processes)")
    ap.add_argument(
        "--threads", type=int, default=Server.threads, help="waitress threads (connections served at once)"
    )
    ap.add_argument(
        "--cache", action="store_true", help="keep answers per generation (off: every query is evaluated)"
    )
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    store = OxigraphStore(args.store).pinned()  # one open handle, as the endpoint's workers keep
    texts = [bound_text("lineage", {"node": n}) for n in nodes(store)]
    short = min(args.seconds, 20)
    alone = in_process(store, texts, short)
    crowded = in_process(store, texts, args.seconds, args.clients)
    limits = Limits(workers=args.workers, cache_bytes=Limits().cache_bytes if args.cache else 0)
    with serving(Path(args.store), limits, args.threads) as url:
        served_alone = load(url, texts, 1, short)
        served_kept_alive = load(url, texts, 1, short, keep_alive=True)
        served = load(url, texts, args.clients, args.seconds)
    summary = {
        "query": "lineage",
        "nodes": len(texts),
        "clients": args.clients,
        "seconds": args.seconds,
        "workers": args.workers,
        "threads": args.threads,
        "cache": args.cache,
        "cpus": os.cpu_count(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "in_process_one_client": _figures(alone),
        "in_process_same_clients": _figures(crowded),
        "served_one_client": served_alone,
        "served_one_client_keep_alive": served_kept_alive,
        "served": served,
    }
    # the server's own cost: its p95 against in-process under the same number of concurrent callers
    summary["p95_ratio_same_clients"] = _ratio(served, summary["in_process_same_clients"])
    summary["p95_ratio_one_client_each"] = _ratio(served_alone, summary["in_process_one_client"])
    # the same without a new TCP connection per request: the server's own cost without the client's
    summary["p95_ratio_one_client_keep_alive"] = _ratio(served_kept_alive, summary["in_process_one_client"])
    # N clients against one caller alone: the queueing of N callers on the machine's cores, whatever serves
    summary["p95_ratio_clients_vs_one_in_process"] = _ratio(served, summary["in_process_one_client"])
    text = json.dumps(summary, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    failed = served["failed"] + served_alone["failed"] + served_kept_alive["failed"]
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
