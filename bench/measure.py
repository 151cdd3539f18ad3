"""Run a command as a child process and measure wall time and the peak memory of its whole process tree."""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
import time
from dataclasses import dataclass, field

import psutil


@dataclass
class Run:
    seconds: float
    peak_rss: int  # bytes, the largest sum of RSS over the process tree seen while it ran
    returncode: int | None  # None when the time cap was hit
    stdout: str = ""
    stderr: str = ""
    timed_out: bool = False
    extra: dict = field(default_factory=dict)


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def run(cmd: list[str], cap: float | None = None, env: dict | None = None, cwd: str | None = None) -> Run:
    """Run `cmd`; kill its process group after `cap` seconds (reported as timed out)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        start_new_session=True,
    )
    ps = psutil.Process(proc.pid)
    peak = [0]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(ps))
            done.wait(0.1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        out, err = proc.communicate(timeout=cap)
        timed_out = False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        out, err = proc.communicate()
        timed_out = True
    done.set()
    watcher.join()
    return Run(time.perf_counter() - t0, peak[0], None if timed_out else proc.returncode, out, err, timed_out)


def machine() -> dict:
    """What the numbers were measured on."""
    import platform

    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load_average_at_start": os.getloadavg(),
    }
