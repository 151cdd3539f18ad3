"""A private Neo4j 5.26 for the benchmark (its own data directory and port), from scripts/neo4j.sh's launcher."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "scripts" / "neo4j" / "target"


class PrivateNeo4j:
    """Started on 127.0.0.1:`port` with data under `home`; stopped (and its data removed) on exit."""

    def __init__(self, home: Path, port: int = 7688, heap: str = "2g") -> None:
        self.home, self.port, self.heap = home, port, heap
        self.proc: subprocess.Popen | None = None
        self.uri = f"bolt://127.0.0.1:{port}"

    def __enter__(self) -> PrivateNeo4j:
        jar = TARGET / "dkg-neo4j-server.jar"
        if not jar.is_file():
            subprocess.run([str(ROOT / "scripts" / "neo4j.sh"), "install"], check=True)
        shutil.rmtree(self.home, ignore_errors=True)
        self.home.mkdir(parents=True)
        cmd = [
            "java",
            "-Xms256m",
            f"-Xmx{self.heap}",
            "-XX:+UseG1GC",
            "-XX:+ExitOnOutOfMemoryError",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "-cp",
            f"{jar}:{TARGET / 'lib'}/*",
            "dkg.services.Neo4jServer",
            str(self.home / "db"),
            str(self.port),
            "127.0.0.1",
        ]
        log = open(self.home / "neo4j.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self._wait()
        return self

    def _wait(self, timeout: float = 180) -> None:
        from neo4j import GraphDatabase

        end = time.time() + timeout
        while time.time() < end:
            if self.proc and self.proc.poll() is not None:
                raise RuntimeError(f"Neo4j exited; see {self.home / 'neo4j.log'}")
            try:
                with GraphDatabase.driver(self.uri, auth=None) as d:
                    d.verify_connectivity()
                    return
            except Exception:  # not up yet
                time.sleep(1)
        raise RuntimeError(f"Neo4j did not start in {timeout}s; see {self.home / 'neo4j.log'}")

    def __exit__(self, *exc: object) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        shutil.rmtree(self.home / "db", ignore_errors=True)
