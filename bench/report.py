"""results.json → results.md: the tables of bench/README.md."""

from __future__ import annotations

import json
import math
from pathlib import Path

OCR = Path(__file__).resolve().parent / "results" / "ocr.json"  # bench/ocr_pdf.py's last run

# steps whose growth is reported: (label, seconds read from one size's results)
GROWTH = [
    ("extraction", lambda s: s["build"]["timings"]["extract"]),
    ("link (alignment)", lambda s: s["build"]["timings"]["link"]),
    ("load", lambda s: s["build"]["timings"]["load"]),
    ("answers kept by the build", lambda s: s["build"]["timings"]["answers"]),
    ("`dkg build` total", lambda s: s["build"]["seconds"]),
    ("`dkg validate`", lambda s: s["validate"]["seconds"]),
    ("`dkg validate --engine jena`", lambda s: s["validate_jena"]["seconds"]),
    ("Apache Jena SHACL alone", lambda s: s["jena_shacl"]["seconds"]),
    ("`dkg neo4j push`", lambda s: s["neo4j_push"]["seconds"]),
]


def _slowest_live(s: dict) -> float:
    """The slowest named query's p95 evaluated live (a kept answer's live figure, else its own), in s."""
    return max((q.get("live") or q)["p95_ms"] for q in s["queries"].values() if isinstance(q, dict)) / 1000


GOALS = [  # issue 21's goals: (label, how to read it from the largest size, limit, unit)
    ("`dkg build` total", lambda s: s["build"]["seconds"], 120, "s"),
    ("peak memory of `dkg build`", lambda s: s["build"]["peak_rss_mib"] / 1024, 4, "GiB"),
    (
        "`dkg validate` ÷ Apache Jena SHACL alone",
        lambda s: s["validate"]["seconds"] / s["jena_shacl"]["seconds"],
        2,
        "×",
    ),
    (
        "`dkg validate --engine jena` ÷ Apache Jena SHACL alone",
        lambda s: s["validate_jena"]["seconds"] / s["jena_shacl"]["seconds"],
        2,
        "×",
    ),
    (
        "load ÷ pyoxigraph raw bulk load",
        lambda s: s["build"]["timings"]["load"] / s["oxigraph_raw_load"]["seconds"],
        1.5,
        "×",
    ),
    ("slowest named query evaluated live, p95", _slowest_live, 2, "s"),
    ("`lineage` one task p95", lambda s: s["queries"]["lineage"]["p95_ms"], 50, "ms"),
]


def _secs(step: dict | None) -> str:
    if not step:
        return "—"
    if step.get("capped"):
        return f"> {step.get('cap', 0):g} s (cap)"
    if not step.get("ok", True):
        return "failed"
    return f"{step['seconds']:.1f} s"


def _ratio(ours: float | None, alt: dict | None, invert: bool = False) -> str:
    """How many times faster ours is (alt time / our time); '>' when the alternative hit its cap."""
    if not ours or not alt:
        return "—"
    if alt.get("capped"):
        return f"> {alt.get('cap', 0) / ours:.1f}×"
    if not alt.get("ok", True) or not alt.get("seconds"):
        return "—"
    r = alt["seconds"] / ours
    return f"{r:.2f}×"


def markdown(results: dict) -> str:
    sizes = results["sizes"]
    m = results["machine"]
    head = (
        "| | " + " | ".join(f"{s['size_pct']:g} %" for s in sizes) + " |\n|---|" + "---|" * len(sizes) + "\n"
    )
    out = [
        f"Command: `{results['command']}` — started {results['started']}.\n",
        f"Machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory_gib']} GiB RAM, {m['system']}, Python "
        f"{m['python']}; load average at start {tuple(round(x, 1) for x in m['load_average_at_start'])}, "
        f"at end {tuple(round(x, 1) for x in m.get('load_average_at_end', ()))}.\n",
        "### The project\n",
        head,
    ]

    def row(label: str, fn) -> None:
        cells = []
        for s in sizes:
            try:
                cells.append(fn(s))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("—")
        out.append(f"| {label} | " + " | ".join(cells) + " |\n")

    row("documents (provinces + communes + 2 central)", lambda s: f"{s['documents']:,}")
    row("triples", lambda s: f"{s['build']['triples']:,}")
    row(
        "extraction (documents/s)",
        lambda s: f"{s['build']['docs_per_s']:.1f} ({s['build']['timings']['extract']:.1f} s)",
    )
    row(
        "link + load (triples/s)",
        lambda s: (
            f"{s['build']['triples_per_s']:,} ({s['build']['timings']['link']:.1f} s "
            f"+ {s['build']['timings']['load']:.1f} s)"
        ),
    )
    row(
        "alignment (links/s)",
        lambda s: (
            f"{s['build']['links_per_s']:,} ({s['build']['links']:,} links in {s['build']['timings']['link']:.1f} s)"
        ),
    )
    row("`dkg build` total", lambda s: _secs(s["build"]))
    row("store size on disk", lambda s: f"{s['store_mib']:.0f} MiB")
    row("`dkg validate` total", lambda s: _secs(s["validate"]) + f" ({s['validate']['findings']:,} findings)")
    row(
        "`dkg validate --engine jena` total",
        lambda s: (
            _secs(s.get("validate_jena"))
            + (
                f" ({s['validate_jena']['findings']:,} findings)"
                if s.get("validate_jena", {}).get("findings") is not None
                else ""
            )
        ),
    )
    row("`dkg neo4j push`", lambda s: _secs(s.get("neo4j_push")))
    row(
        "peak memory: build / validate",
        lambda s: f"{s['build']['peak_rss_mib']:.0f} / {s['validate']['peak_rss_mib']:.0f} MiB",
    )
    names = list(sizes[0].get("queries", {})) if sizes else []
    row("answers kept by the build", lambda s: f"{s['build']['timings']['answers']:.1f} s")
    for q in names:
        row(
            f"`{q}` median / p95",
            lambda s, q=q: (
                f"{s['queries'][q]['median_ms']:.1f} / "
                f"{s['queries'][q]['p95_ms']:.1f} ms" + (" (kept)" if s["queries"][q].get("kept") else "")
            ),
        )
        if any(s.get("queries", {}).get(q, {}).get("live") for s in sizes):
            row(
                f"`{q}` evaluated live (`--fresh`)",
                lambda s, q=q: (
                    f"{s['queries'][q]['live']['median_ms']:.1f} / {s['queries'][q]['live']['p95_ms']:.1f} ms"
                ),
            )

    out += [
        "\n### Against what a user would otherwise use (same data, same run)\n",
        "Ratio = the alternative's time ÷ ours (above 1: ours is faster).\n\n",
        head,
    ]

    def load_ours(s: dict) -> float:
        return s["build"]["timings"]["load"]

    row("load: ours (`replace_all`)", lambda s: f"{load_ours(s):.1f} s")
    row(
        "load: rdflib in-memory parse",
        lambda s: f"{_secs(s['rdflib_load'])} ({_ratio(load_ours(s), s['rdflib_load'])})",
    )
    row(
        "load: pyoxigraph raw bulk load (floor)",
        lambda s: f"{_secs(s['oxigraph_raw_load'])} ({_ratio(load_ours(s), s['oxigraph_raw_load'])})",
    )
    row("validate: ours", lambda s: _secs(s["validate"]))
    row(
        "validate: pyshacl, whole graph at once",
        lambda s: f"{_secs(s['pyshacl_whole'])} ({_ratio(s['validate']['seconds'], s['pyshacl_whole'])})",
    )
    row(
        "validate: Apache Jena SHACL (reference)",
        lambda s: f"{_secs(s.get('jena_shacl'))} ({_ratio(s['validate']['seconds'], s.get('jena_shacl'))})",
    )
    row(
        "validate: ours with `--engine jena` (ratio: Jena alone ÷ it)",
        lambda s: (
            f"{_secs(s.get('validate_jena'))} "
            f"({_ratio((s.get('validate_jena') or {}).get('seconds'), s.get('jena_shacl'))})"
        ),
    )
    for q in names:

        def cell(s: dict, q: str = q) -> str:
            alt = s.get("rdflib_queries", {}).get(q) or {}
            if "capped" in alt or (not alt and "step_capped" in s.get("rdflib_queries", {})):
                alt = alt or {"capped": s["rdflib_queries"]["step_capped"]}
                return f"> {alt['capped']:g} s (cap)"
            ours = (s["queries"][q].get("live") or s["queries"][q])["median_ms"]  # engine against engine
            return f"{alt['median_ms']:.0f} ms ({alt['median_ms'] / ours:.0f}×)" if alt else "—"

        row(f"`{q}` on rdflib: median (ratio to ours evaluated live)", cell)

    out += growth(sizes)
    out += ocr_rate()
    if sizes:
        big = sizes[-1]
        out += [
            f"\n### Goals at {big['size_pct']:g} % ({big['documents']:,} documents)\n\n",
            "| goal | limit | measured | met |\n|---|---|---|---|\n",
        ]
        for label, fn, limit, unit in GOALS:
            try:
                v = fn(big)
                out.append(
                    f"| {label} | ≤ {limit:g} {unit} | {v:.2f} {unit} | {'yes' if v <= limit else 'no'} |\n"
                )
            except (KeyError, TypeError, ZeroDivisionError, ValueError):
                out.append(f"| {label} | ≤ {limit:g} {unit} | — | — |\n")
        live = big.get("queries", {}).get("implementers", {}).get("live")
        if live:
            out.append(
                f"\n`implementers` 57-NQ/TW is answered from the answers `dkg build` kept beside the store; "
                f"the same SPARQL evaluated live by Oxigraph (`dkg query --fresh`): median "
                f"{live['median_ms'] / 1000:.2f} s, p95 {live['p95_ms'] / 1000:.2f} s.\n"
            )
    return "".join(out)


def exponent(t1: float, t2: float, n1: int, n2: int) -> float:
    """The exponent k of t ∝ n^k between two sizes: 1 is linear, 2 quadratic.

    >>> round(exponent(1.0, 10.0, 100, 1000), 2), round(exponent(1.0, 100.0, 100, 1000), 2)
    (1.0, 2.0)
    """
    return math.log(t2 / t1) / math.log(n2 / n1)


def growth(sizes: list[dict]) -> list[str]:
    """The growth table: each step's time at every size and the exponent of its growth between sizes."""
    if len(sizes) < 2:
        return []
    pairs = list(zip(sizes, sizes[1:], strict=False))
    out = [
        "\n### Growth\n\n",
        "Exponent k of time ∝ documents^k between consecutive sizes (1: linear; below 1 at small sizes: "
        "fixed costs such as starting processes and reading the central texts).\n\n",
        "| step | "
        + " | ".join(f"{s['size_pct']:g} %" for s in sizes)
        + " | "
        + " | ".join(f"k {a['size_pct']:g}→{b['size_pct']:g} %" for a, b in pairs)
        + " |\n|---|"
        + "---|" * (len(sizes) + len(pairs))
        + "\n",
    ]
    for label, fn in GROWTH:
        times = []
        for s in sizes:
            try:
                times.append(float(fn(s)))
            except (KeyError, TypeError):
                times.append(None)
        if all(t is None for t in times):
            continue
        ks = [
            f"{exponent(t1, t2, a['documents'], b['documents']):.2f}" if t1 and t2 else "—"
            for (a, b), t1, t2 in zip(pairs, times, times[1:], strict=False)
        ]
        cells = [f"{t:.1f} s" if t is not None else "—" for t in times]
        out.append(f"| {label} | " + " | ".join(cells + ks) + " |\n")
    return out


def ocr_rate(path: Path = OCR) -> list[str]:
    """OCR's pages per second from bench/ocr_pdf.py's last run (OCR is timed apart: it takes minutes)."""
    if not path.exists():
        return []
    r = json.loads(path.read_text(encoding="utf-8"))
    runs = ", ".join(
        f"{x['pass']}: {x['pages_per_second']:g} pages/s ({x['pages']} pages, {x['seconds']:g} s)"
        for x in r["runs"]
    )
    return [
        f"\nOCR ({r['pdf']}, {r['tesseract']}, {r['workers']} workers, `python -m bench.ocr_pdf`): {runs}.\n"
    ]
