"""The validation run: pyshacl over each document graph (in a process pool when there are many), then the cross rules.

Each source document's named graph is validated together with the catalog graph, and the rules that
need other documents run per batch of documents in their cross-document context (context.py). The
results merge into one `ValidationResult`. Nothing here prints: `dkg validate` renders the result.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH

from ..stores.base import GraphStore
from .context import DERIVE_PREDICATES, central_groups, context, derive_parent_targets
from .describe import RawFinding, raw_findings
from .findings import Finding, ValidationResult, merge_findings
from .shapes import DKG, RuleIndex, load_shapes, rule_index, scoped_shapes
from .source import Graphs, Triple, doc_triples_of, graph, graph_of, read, with_predicates

GRAPH_PREFIX = "graph/"
CATALOG_SUFFIX = "graph/catalog"
PARALLEL_MIN_DOCS = 8
BATCH_DOCS = 24  # documents per cross-rule batch
CROSS = "(cross-document)"

Job = tuple[
    str, list[Triple] | None, list[Triple]
]  # graph name, its triples (None: read them), derived facts
Outcome = tuple[list[tuple[str, list[RawFinding], str, float]], float]


# --------------------------------------------------------------------------- one run of pyshacl
@contextmanager
def sparql_parse_cache() -> Iterator[None]:
    """Parse each distinct SPARQL constraint text once while the block runs, then put rdflib back.

    pyshacl hands rdflib the text of a SPARQL constraint once per focus node, and rdflib parses it
    every time (pyparsing: most of a run's time). The patch is installed by the validation worker's
    initialiser (a pool worker keeps it until the pool ends) or around an in-process run, never at import.
    """
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query
    if getattr(original, "_dkg_cached", False):  # already inside a cached block
        yield
        return
    parsed: dict[tuple[Any, ...], Any] = {}

    def query(
        self: Any,
        strOrQuery: Any,
        initBindings: Any = None,
        initNs: Any = None,  # noqa: N803
        base: Any = None,
        DEBUG: bool = False,
    ) -> Any:  # noqa: N803
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            if key not in parsed:
                parsed[key] = processor.translateQuery(processor.parseQuery(strOrQuery), base, initNs)
            strOrQuery = parsed[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    query._dkg_cached = True  # type: ignore[attr-defined]
    processor.SPARQLProcessor.query = query  # type: ignore[method-assign]
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original  # type: ignore[method-assign]


def run_shacl(data: Graph, shapes: Graph) -> Graph:
    """pyshacl on `data` with `shapes`; the validation report graph."""
    from pyshacl import validate as shacl_validate

    # inplace: no inference and no SHACL rules, so nothing writes to the data graph; pyshacl's defensive
    # copy of it would cost more than some of the rules
    _conforms, report, _text = shacl_validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True, inplace=True
    )
    return report


# --------------------------------------------------------------------------- workers
_WORKER: dict[str, Any] = {}


def _prepare(catalog: list[Triple], ctx: list[Triple], store: GraphStore | None) -> None:
    """Load the shapes and the shared graphs once per process."""
    shapes = load_shapes()
    _WORKER["shapes"] = scoped_shapes(shapes, "document")
    _WORKER["cross"] = scoped_shapes(shapes, "cross")
    _WORKER["index"] = rule_index(shapes)
    _WORKER["catalog"] = catalog
    _WORKER["context"] = graph(catalog, ctx)
    _WORKER["store"] = store


def _init_worker(catalog: list[Triple], ctx: list[Triple], store: GraphStore | None) -> None:
    """Pool worker initialiser: the SPARQL parse cache for the worker's life, then the shared state."""
    cache = sparql_parse_cache()
    cache.__enter__()  # the worker process is ours and ends with the pool: nothing to restore
    _WORKER["cache"] = cache
    _prepare(catalog, ctx, store)


def _doc_triples(name: str, triples: list[Triple] | None) -> list[Triple]:
    if triples is not None:
        return triples
    # the pinned store the parent read: one read-only handle per worker process, on that generation
    return doc_triples_of(_WORKER["store"], name)


def _validate_batch(batch: list[Job]) -> Outcome:
    """Document rules on each document of the batch, then the cross rules on the batch in its context."""
    results = []
    docs: list[list[Triple]] = []
    index: RuleIndex = _WORKER["index"]
    for name, triples, extra in batch:
        t0 = time.perf_counter()
        doc = _doc_triples(name, triples)
        data = graph(doc, _WORKER["catalog"], extra)
        report = run_shacl(data, _WORKER["shapes"])
        found = raw_findings(report, data, index, set(extra))
        results.append((name, found, report.serialize(format="nt"), time.perf_counter() - t0))
        docs.append(doc + extra)
    t1 = time.perf_counter()
    g = _WORKER["context"]
    added = [t for part in docs for t in part if t not in g]
    for t in added:
        g.add(t)
    try:
        derived = {t for _name, _t, extra in batch for t in extra}
        cross = run_shacl(g, _WORKER["cross"])
        found = raw_findings(cross, g, index, derived)
        results.append((CROSS, found, cross.serialize(format="nt"), 0.0))
    finally:
        for t in added:
            g.remove(t)
    return results, time.perf_counter() - t1


# --------------------------------------------------------------------------- validate
def validate(store: GraphStore, lang: str = "vi", workers: int | None = None) -> ValidationResult:
    """Validate every document graph (+ catalog), then the cross-document rules; one merged result."""
    t0 = time.perf_counter()
    names, graphs, pinned = read(store)
    catalog_name = next((g for g in names if g.endswith(CATALOG_SUFFIX)), None)
    catalog = _catalog(catalog_name, graphs, pinned)
    doc_names = [g for g in names if g != catalog_name and g]
    derive = graph(with_predicates(pinned, graphs, DERIVE_PREDICATES))
    extra = derive_parent_targets(derive)
    del derive
    ctx = context(pinned, graphs, central_groups(pinned, graphs))
    owner = graph_of(pinned, graphs, doc_names, {t[0] for t in extra})
    extra_by_graph: dict[str, list[Triple]] = defaultdict(list)
    for t in extra:
        extra_by_graph[owner.get(t[0], "")].append(t)

    jobs: list[Job] = [
        (n, graphs[n] if graphs is not None else None, extra_by_graph.get(n, [])) for n in doc_names
    ]
    batches = [jobs[i : i + BATCH_DOCS] for i in range(0, len(jobs), BATCH_DOCS)] or [[]]
    n_workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    init = (catalog, ctx, pinned)
    if len(jobs) >= PARALLEL_MIN_DOCS and n_workers > 1:
        with ProcessPoolExecutor(max_workers=n_workers, initializer=_init_worker, initargs=init) as pool:
            outcomes = list(pool.map(_validate_batch, batches))
    else:
        with sparql_parse_cache():
            _prepare(*init)
            outcomes = [_validate_batch(b) for b in batches]
    raw, reports, timings = _gather(outcomes)
    findings = merge_findings(raw, lang)
    return ValidationResult(
        findings,
        timings,
        merge_reports(reports, findings),
        time.perf_counter() - t0,
        [(str(s), str(p), str(o)) for s, p, o in extra],
    )


def _catalog(name: str | None, graphs: Graphs | None, store: GraphStore | None) -> list[Triple]:
    if not name:
        return []
    if graphs is not None:
        return graphs.get(name, [])
    assert store is not None  # read() gives the triples or the pinned store
    return doc_triples_of(store, name)


def _gather(outcomes: list[Outcome]) -> tuple[list[RawFinding], list[str], dict[str, float]]:
    """Raw findings, report graphs (N-Triples) and per-graph seconds of every batch; cross time last."""
    raw: list[RawFinding] = []
    reports: list[str] = []
    timings: dict[str, float] = {CROSS: 0.0}
    for results, cross_seconds in outcomes:
        for name, found, report_nt, seconds in results:
            raw += found
            reports.append(report_nt)
            if name != CROSS:
                timings[name.rsplit(GRAPH_PREFIX, 1)[-1]] = seconds
        timings[CROSS] += cross_seconds
    timings[CROSS] = timings.pop(CROSS)
    return raw, reports, timings


def merge_reports(reports: list[str], findings: list[Finding]) -> Graph:
    """One SHACL validation report from the reports of every run."""
    g = Graph()
    g.bind("sh", SH)
    g.bind("dkg", DKG)
    root = BNode()
    g.add((root, RDF.type, SH.ValidationReport))
    for text in reports:
        part = Graph().parse(data=text, format="nt") if text.strip() else Graph()
        for s, p, o in part:
            if p == SH.conforms or (p == RDF.type and o == SH.ValidationReport):
                continue
            if p == SH.result:
                g.add((root, SH.result, o))
            else:
                g.add((s, p, o))
    g.add((root, SH.conforms, Literal(not findings)))
    return g


__all__ = ["merge_reports", "run_shacl", "sparql_parse_cache", "validate"]
