"""OCR benchmark: the whole scan of 71/NQ-CP through loaders/scan.py, pages per second, then its table rows
compared with the reference OCR text.

    nice -n 19 .venv/bin/python -m bench.ocr_pdf --cache /work/ocr-cache --out bench/results/ocr.json

The first pass OCRs every page not yet in the cache (cold when the cache is new); the second pass
must read them all from the cache (pages per second of a rebuild). `--pages 5 --start 25` times
pages 25-29 only. The comparison counts, page by page, the table rows (lines with ` | `) and their
cells in our text and in `71-NQ-CP.ocr.txt` (pages split at form feeds in both).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus" / "central"


def table_rows(page: str) -> list[list[str]]:
    return [line.split(" | ") for line in page.split("\n") if " | " in line]


def compare(ours: str, reference: str) -> dict:
    """Rows and cells per page, ours against the reference (both split into pages at form feeds)."""
    mine, theirs = ours.split("\f"), reference.split("\f")
    pages = []
    for number, (a, b) in enumerate(zip(mine, theirs, strict=False), start=1):
        ra, rb = table_rows(a), table_rows(b)
        if not ra and not rb:
            continue
        pages.append(
            {
                "page": number,
                "rows": len(ra),
                "reference_rows": len(rb),
                "cells": dict(Counter(len(r) for r in ra)),
                "reference_cells": dict(Counter(len(r) for r in rb)),
            }
        )
    rows = sum(p["rows"] for p in pages)
    ref_rows = sum(p["reference_rows"] for p in pages)
    same = sum(p["rows"] == p["reference_rows"] for p in pages)
    ours_cells = Counter()
    ref_cells = Counter()
    for p in pages:
        ours_cells.update(p["cells"])
        ref_cells.update(p["reference_cells"])
    return {
        "table_pages": len(pages),
        "pages_same_row_count": same,
        "rows": rows,
        "reference_rows": ref_rows,
        "cells_per_row": {str(k): v for k, v in sorted(ours_cells.items())},
        "reference_cells_per_row": {str(k): v for k, v in sorted(ref_cells.items())},
        "pages": pages,
    }


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", default=str(SHARED / "71-NQ-CP.scanned.pdf"))
    parser.add_argument("--reference", default=str(SHARED / "71-NQ-CP.ocr.txt"))
    parser.add_argument(
        "--cache", help="page cache directory (default: a new temporary one, so pass 1 is cold)"
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--pages", type=int, default=0, help="only N pages (0: all)")
    parser.add_argument("--start", type=int, default=1, help="first page of --pages")
    parser.add_argument("--out", help="write the figures as JSON here")
    parser.add_argument("--text", help="write the OCR text here")
    args = parser.parse_args()

    from directive_kg.loaders import scan

    data = Path(args.pdf).read_bytes()
    count = len(PdfReader(args.pdf).pages)
    pages = list(range(args.start, args.start + args.pages)) if args.pages else list(range(1, count + 1))
    temporary = None
    if not args.cache:
        temporary = tempfile.TemporaryDirectory(prefix="dkg-ocr-bench-")
        args.cache = temporary.name
    os.environ[scan.CACHE_ENV] = args.cache

    def bar(done: int, total: int) -> None:
        print(f"\r  {done}/{total} pages", end="", file=sys.stderr, flush=True)

    runs = []
    for label in ("first pass", "second pass (cache)"):
        began = time.perf_counter()
        cpu_before = _cpu()
        load = os.getloadavg()[0]
        result = scan.scan_pdf(data, count, pages=pages, workers=args.workers, progress=bar)
        seconds = time.perf_counter() - began
        cpu = _cpu() - cpu_before
        print(file=sys.stderr)
        runs.append(
            {
                "pass": label,
                "pages": len(pages),
                "ocred": result.ocred,
                "cached": result.cached,
                "seconds": round(seconds, 2),
                "pages_per_second": round(len(pages) / seconds, 3),
                # CPU of this process and every worker and Tesseract run (all reaped): what a page costs
                # whatever else the machine runs; on N free cores, pages/s is about N / cpu_seconds_per_page
                "cpu_seconds_per_page": round(cpu / len(pages), 3),
                "load_average_at_start": round(load, 2),
                "warnings": result.warnings,
            }
        )
        print(json.dumps(runs[-1], ensure_ascii=False), flush=True)
    figures = {
        "pdf": Path(args.pdf).name,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "tesseract": scan.check_tools(),
        "settings": scan.OcrSettings().__dict__,
        "runs": runs,
        "table_rows": sum(p.table_rows for p in result.pages),
    }
    if Path(args.reference).exists() and not args.pages:
        figures["against_reference"] = compare(result.text, Path(args.reference).read_text(encoding="utf-8"))
        summary = {k: v for k, v in figures["against_reference"].items() if k != "pages"}
        print(json.dumps(summary, ensure_ascii=False), flush=True)
    if args.text:
        Path(args.text).write_text(result.text, encoding="utf-8")
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if temporary:
        temporary.cleanup()


if __name__ == "__main__":
    main()
