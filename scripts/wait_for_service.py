#!/usr/bin/env python3
"""Wait until a local service answers (used by scripts/neo4j.sh and scripts/fuseki.sh).

    wait_for_service.py bolt URI TIMEOUT [PID]          Neo4j: `RETURN 1`, or a Bolt handshake without the driver
    wait_for_service.py sparql DATASET_URL TIMEOUT [PID] Fuseki: /$/ping, then `ASK {}` on DATASET_URL/query

Exit 0 when it answers, 1 on timeout, 2 when PID (the server process) died first.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
import urllib.parse
import urllib.request


def _bolt(uri: str) -> bool:
    try:
        from neo4j import GraphDatabase
    except ImportError:
        GraphDatabase = None  # noqa: N806
    if GraphDatabase is not None:
        # session.run, not execute_query: no built-in retries (and their log noise) per probe.
        with (
            GraphDatabase.driver(uri, auth=None, connection_timeout=3) as driver,
            driver.session() as session,
        ):
            return session.run("RETURN 1 AS ok").single()["ok"] == 1
    host, port = uri.rsplit("/", 1)[1].rsplit(":", 1)
    # Bolt handshake (magic + four version proposals); the server replies with 4 bytes.
    with socket.create_connection((host, int(port)), timeout=3) as s:
        s.sendall(bytes.fromhex("6060B017") + bytes.fromhex("00000405") + bytes(12))
        return len(s.recv(4)) == 4


def _sparql(dataset_url: str) -> bool:
    base = dataset_url.rsplit("/", 1)[0]
    with urllib.request.urlopen(base + "/$/ping", timeout=3) as r:
        r.read()
    q = urllib.parse.urlencode({"query": "ASK {}"})
    req = urllib.request.Request(
        f"{dataset_url}/query?{q}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(req, timeout=3) as r:
        return json.load(r).get("boolean") is True


def _alive(pid: str) -> bool:
    if not pid:
        return True
    try:
        os.kill(int(pid), 0)
        return True
    except OSError:
        return False


def main(argv: list[str]) -> int:
    kind, address, timeout = argv[0], argv[1], float(argv[2])
    pid = argv[3] if len(argv) > 3 else ""
    probe = {"bolt": _bolt, "sparql": _sparql}[kind]
    deadline = time.monotonic() + timeout
    last = ""
    while True:
        try:
            if probe(address):
                return 0
        except Exception as e:  # not up yet
            last = f"{type(e).__name__}: {e}"
        if not _alive(pid):
            print(f"process {pid} exited; last error: {last}", file=sys.stderr)
            return 2
        if time.monotonic() >= deadline:
            print(f"no answer at {address} after {timeout:.0f}s; last error: {last}", file=sys.stderr)
            return 1
        time.sleep(0.5)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
