"""Board and flow render time in headless Chromium on the national synthetic corpus (`dkg viz board` / `flow`).

    .venv/bin/python -m bench.board_render --percent 10 --work /tmp/dkg-board-bench --runs 5

Generates the corpus with `dkg synth` (seed 0, the given percentage of the 3,321 communes, all 34
provinces), builds the store (`--no-validate`; or reuses `--store`), then for each page: the time to
gather and write the HTML (Python, the named queries), its size, and the time Chromium takes from
navigation to the page's "ready" mark (the script has drawn every figure), with the network blocked.
The issue's bar: the board renders in under 5 s in Chromium at national scale. Run it `nice`: the
numbers are wall-clock times on a shared machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMUNES = 3321


def dkg(*args: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-m", "directive_kg.cli", *args], env=env, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise SystemExit(f"dkg {' '.join(args)} failed: {proc.stderr.strip()[-400:]}")


def corpus_store(percent: float, work: Path) -> Path:
    corpus, store = work / f"corpus-{percent:g}", work / f"store-{percent:g}"
    if not (corpus / "MANIFEST.json").is_file():
        dkg("synth", "--communes", str(max(1, round(COMMUNES * percent / 100))), "--out", str(corpus))
    if not store.exists():
        dkg("build", str(corpus), "--store", str(store), "--no-validate", "--format", "json")
    return store


def browser_ms(html_path: Path, runs: int) -> list[float]:
    """Milliseconds from navigation start to body[data-ready=1], each run in a fresh offline context."""
    from playwright.sync_api import sync_playwright

    from directive_kg.viz.snapshot import chromium

    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium(), args=["--no-sandbox", "--disable-gpu"])
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1920, "height": 1080}, offline=True)
            page = context.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            t0 = time.perf_counter()
            page.goto(html_path.as_uri())
            page.wait_for_selector("body[data-ready='1']", timeout=120_000)
            out.append((time.perf_counter() - t0) * 1000)
            context.close()
        browser.close()
    return out


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--percent", type=float, default=10.0, help="share of the national corpus (default 10)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/dkg-board-bench"))
    ap.add_argument("--store", type=Path, default=None, help="reuse a built store (skips synth and build)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--mandate", default="57-NQ/TW")
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    from directive_kg.stores import open_store
    from directive_kg.viz.board import build_board
    from directive_kg.viz.flow import build_flow

    store = open_store(str(args.store or corpus_store(args.percent, args.work)))
    results: dict = {
        "percent": args.percent,
        "runs": args.runs,
        "started": dt.datetime.now().isoformat(timespec="seconds"),
    }
    for name, make in (
        ("board", lambda: build_board(store)),
        ("flow", lambda: build_flow(store, args.mandate)),
    ):
        t0 = time.perf_counter()
        html, obj = make()
        build_s = time.perf_counter() - t0
        path = args.work / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        ms = browser_ms(path, args.runs)
        results[name] = {
            "build_s": round(build_s, 2),
            "html_mb": round(len(html.encode()) / 1e6, 2),
            "chromium_ms_median": round(statistics.median(ms)),
            "chromium_ms_max": round(max(ms)),
            "figures": getattr(obj, "figures", None) or {"nodes": len(obj.nodes), "tasks": obj.tasks},
        }
    print(json.dumps(results, ensure_ascii=False, indent=1))
    if args.out:
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
