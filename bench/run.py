"""The national-scale benchmark: `python -m bench.run --sizes 1,10,100 --out bench/results`.

For each size (percent of the national corpus: 34 provinces, 3,321 communes) it generates the synthetic
corpus (`dkg synth`), then measures the project's commands and, on the same data in the same run, what a
user would otherwise use. Every step runs as a child process; its wall time and the peak memory of its
whole process tree (workers included) are recorded. Writes OUT/results.json and OUT/results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

from .measure import machine, run
from .report import markdown

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
DKG = [PY, "-m", "directive_kg.cli"]
NATIONAL = (34, 3321)


def _json(r) -> dict:
    try:
        return json.loads(r.stdout) if r.returncode == 0 else {}
    except json.JSONDecodeError:
        return {}


def _step(r, **extra) -> dict:
    out = {
        "seconds": round(r.seconds, 2),
        "peak_rss_mib": round(r.peak_rss / 2**20, 1),
        "ok": r.returncode == 0,
        **extra,
    }
    if r.timed_out:
        out["capped"] = True
    elif r.returncode != 0:
        out["error"] = (r.stderr.strip().splitlines() or ["?"])[-1][:300]
    return out


def _partial(r, cap: float) -> dict:
    """The per-query lines a capped rdflib-queries step printed before it was stopped."""
    out: dict = {"step_capped": cap} if r.timed_out else {"error": r.stderr[-300:]}
    for line in r.stderr.splitlines():
        try:
            out.update(json.loads(line))
        except (json.JSONDecodeError, TypeError):
            continue
    return out


def _wipe(uri: str) -> None:
    """Empty the (private) Neo4j, so each size is a first push of its own corpus."""
    from neo4j import GraphDatabase

    with GraphDatabase.driver(uri, auth=None) as driver, driver.session() as s:
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def _du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def one_size(pct: float, work: Path, args, neo4j_uri: str | None) -> dict:
    provinces = max(1, round(NATIONAL[0] * pct / 100))
    communes = round(NATIONAL[1] * pct / 100)
    d = work / f"size-{pct:g}"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    corpus, store, nq = d / "corpus", d / "store", d / "export.nq"
    res: dict = {"size_pct": pct, "provinces": provinces, "communes": communes}
    log = lambda msg: print(f"[{pct:g}%] {msg}", file=sys.stderr, flush=True)  # noqa: E731

    r = run(
        DKG
        + [
            "synth",
            "--provinces",
            str(provinces),
            "--communes",
            str(communes),
            "--out",
            str(corpus),
            "--seed",
            str(args.seed),
        ]
    )
    res["synth"] = _step(r)
    docs = len(json.loads((corpus / "MANIFEST.json").read_text())["documents"]) + 2
    res["documents"] = docs
    log(f"synth: {docs} documents in {r.seconds:.1f}s")

    r = run(DKG + ["build", str(corpus), "--store", str(store), "--format", "json", "--no-validate"])
    b = _json(r)
    t = b.get("timings", {})
    res["build"] = _step(
        r,
        triples=b.get("triples"),
        timings=t,
        docs_per_s=round(docs / t["extract"], 1) if t.get("extract") else None,
        triples_per_s=round(b.get("triples", 0) / (t["link"] + t["load"])) if t.get("load") else None,
        links=sum((b.get("alignments") or {}).values()),  # every alignment the link step stated
        links_per_s=round(sum((b.get("alignments") or {}).values()) / t["link"]) if t.get("link") else None,
    )
    res["store_mib"] = round(_du(store) / 2**20, 1) if store.exists() else None
    log(f"build: {r.seconds:.1f}s {b.get('triples')} triples {t}")

    r = run(DKG + ["validate", "--store", str(store), "--format", "json", "--fail-on", "never"])
    findings = _json(r) if r.returncode == 0 else []
    res["validate"] = _step(r, findings=len(findings) if isinstance(findings, list) else None)
    log(f"validate: {r.seconds:.1f}s")

    if args.jena:  # the optional engine: Apache Jena's SHACL, findings described as pyshacl's
        r = run(
            DKG
            + [
                "validate",
                "--store",
                str(store),
                "--format",
                "json",
                "--fail-on",
                "never",
                "--engine",
                "jena",
            ],
            env={"DKG_JENA_JAVA_OPTS": args.jena_opts},  # the same JVM options as Jena alone below
        )
        found = _json(r) if r.returncode == 0 else []
        res["validate_jena"] = _step(r, findings=len(found) if isinstance(found, list) else None)
        log(f"validate --engine jena: {r.seconds:.1f}s")

    r = run([PY, "-m", "bench.tasks", "queries", str(store), str(args.runs)], cwd=str(ROOT))
    res["queries"] = _json(r) or {"error": r.stderr[-300:]}
    log("queries done")

    run(DKG + ["export", "--store", str(store), "--format", "nquads", "--out", str(nq)])
    params = {k: v["params"] for k, v in res["queries"].items() if isinstance(v, dict) and "params" in v}
    Path(str(nq) + ".params.json").write_text(json.dumps(params, ensure_ascii=False))

    r = run([PY, "-m", "bench.tasks", "oxigraph-load", str(nq), str(d / "raw-oxigraph")], cwd=str(ROOT))
    res["oxigraph_raw_load"] = _step(r, **_json(r))
    log(f"oxigraph raw load: {r.seconds:.1f}s")

    r = run([PY, "-m", "bench.tasks", "rdflib-load", str(nq)], cap=args.cap, cwd=str(ROOT))
    res["rdflib_load"] = _step(r, cap=args.cap, **_json(r))
    log(f"rdflib load: {r.seconds:.1f}s")

    r = run(
        [PY, "-m", "bench.tasks", "rdflib-queries", str(nq), str(args.rdflib_runs), str(args.query_cap)],
        cap=args.cap,
        cwd=str(ROOT),
    )
    res["rdflib_queries"] = _json(r) or _partial(r, args.cap)
    log(f"rdflib queries: {r.seconds:.1f}s")

    r = run([PY, "-m", "bench.tasks", "pyshacl", str(nq)], cap=args.cap, cwd=str(ROOT))
    res["pyshacl_whole"] = _step(r, cap=args.cap, **_json(r))
    log(f"pyshacl whole graph: {r.seconds:.1f}s{' (capped)' if r.timed_out else ''}")

    if args.jena:
        nt = d / "merged.nt"
        run([PY, "-m", "bench.tasks", "merged", str(store), str(nt)], cwd=str(ROOT))
        shapes = ROOT / "directive_kg" / "shapes" / "rules.ttl"
        r = run(
            [str(ROOT / "scripts" / "jena-shacl.sh"), str(shapes), str(nt), "--text"],
            cap=args.cap,
            env={"DKG_JENA_JAVA_OPTS": args.jena_opts},
        )
        res["jena_shacl"] = _step(r, cap=args.cap)
        log(f"jena shacl: {r.seconds:.1f}s")
        nt.unlink(missing_ok=True)

    if neo4j_uri:
        if args.wipe_neo4j:
            _wipe(neo4j_uri)
        r = run(
            DKG + ["neo4j", "push", "--store", str(store), "--uri", neo4j_uri, "--format", "json"],
            cap=max(args.cap, 3600),
        )
        p = _json(r)
        res["neo4j_push"] = _step(r, cap=args.cap, nodes=p.get("nodes"), relationships=p.get("relationships"))
        log(f"neo4j push: {r.seconds:.1f}s")
    if not args.keep:
        shutil.rmtree(d, ignore_errors=True)
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,10,100", help="percent of the national corpus, comma separated")
    ap.add_argument("--out", default="bench/results", help="directory for results.json and results.md")
    ap.add_argument("--work", default=None, help="scratch directory (default: a temporary one)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--runs", type=int, default=20, help="runs per named query (median and p95)")
    ap.add_argument("--rdflib-runs", type=int, default=3, help="runs per query on rdflib")
    ap.add_argument("--cap", type=float, default=600, help="time cap in seconds for each alternative")
    ap.add_argument("--query-cap", type=float, default=60, help="time cap per rdflib query run")
    ap.add_argument("--no-jena", dest="jena", action="store_false", help="skip Apache Jena's SHACL validator")
    ap.add_argument("--jena-opts", default="-Xmx6g", help="JVM options for Jena")
    ap.add_argument("--no-neo4j", dest="neo4j", action="store_false", help="skip dkg neo4j push")
    ap.add_argument(
        "--neo4j-uri",
        default=None,
        help="push to this Neo4j (it is emptied!); default: start a private one on port 7688",
    )
    ap.add_argument("--keep", action="store_true", help="keep the generated corpora and stores")
    args = ap.parse_args(argv)
    args.wipe_neo4j = args.neo4j and not args.neo4j_uri  # only ever empty the private instance
    import tempfile

    work = Path(args.work or tempfile.mkdtemp(prefix="dkg-bench-"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    sizes = [float(s) for s in args.sizes.split(",") if s.strip()]
    results = {
        "command": "python -m bench.run " + " ".join(argv if argv is not None else sys.argv[1:]),
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": machine(),
        "sizes": [],
    }

    def save() -> None:
        results["machine"]["load_average_at_end"] = os.getloadavg()
        (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")
        (out / "results.md").write_text(markdown(results))

    def go(uri: str | None) -> None:
        for pct in sizes:
            results["sizes"].append(one_size(pct, work, args, uri))
            save()

    if args.neo4j and not args.neo4j_uri:
        from .neo4j import PrivateNeo4j

        with PrivateNeo4j(work / "neo4j") as neo:
            go(neo.uri)
    else:
        go(args.neo4j_uri if args.neo4j else None)
    save()
    print(f"wrote {out / 'results.json'} and {out / 'results.md'}", file=sys.stderr)
    if not args.work and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    # a smoke test: the project's own steps must have worked (no timing is asserted)
    broken = [
        f"{s['size_pct']:g}%: {k}"
        for s in results["sizes"]
        for k in ("synth", "build", "validate", "validate_jena")
        if k in s and not s[k].get("ok")
    ] + [f"{s['size_pct']:g}%: queries" for s in results["sizes"] if "error" in s["queries"]]
    for b in broken:
        print(f"error: benchmark step failed: {b}", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
