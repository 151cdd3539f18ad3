"""`dkg build`: extract every document of a corpus, link them into named graphs, load the store atomically."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Quad

from .catalog import load_catalog
from .errors import InputError, ServiceError
from .graph.builder import Builder, Source
from .graph.closure import DERIVED, Links, closures
from .graph.editions import one_per_document
from .graph.sources import source_graph
from .limits import FILE_TIMEOUT_ENV, FileTooSlow, file_timeout, time_limit
from .loaders import extract_file
from .messages import one_line
from .model import Extraction, UnresolvedCitation
from .ontology.standard import StandardTerms, ontology_graph, ontology_quads, standard_graph
from .queries.materialise import Materialised, materialise
from .stores.base import GraphStore
from .stores.spool import Spool


@dataclass
class BuildReport:
    sources: list[Source] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    stats: dict[str, object] = field(default_factory=dict)  # the builder's counts (Builder.summary)
    triples: int = 0
    seconds: float = 0.0
    duplicates: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # failed files whose previously loaded graph was kept
    timings: dict[str, float] = field(default_factory=dict)  # seconds: extract, link, load, answers
    answers: Materialised | None = None  # the query answers kept beside the new generation

    @property
    def unresolved(self) -> list[UnresolvedCitation]:
        """The citations of documents the graph does not hold, one per citing document."""
        return list(self.stats.get("unresolved", []))  # type: ignore[call-overload]

    def summary(self) -> dict:
        stats = self.stats
        units = {u.name for s in self.sources for u in s.extraction.units}
        unresolved = [str(u) for u in self.unresolved]  # JSON: `IDENTIFIER (in CITING)` strings
        return {
            "documents": len(self.sources),
            "tasks": int(stats.get("tasks", 0)),
            "central_tasks": int(stats.get("central_tasks", 0)),
            "indicators": int(stats.get("indicators", 0)),
            "targets": int(stats.get("targets", 0)),
            "units": len(units),
            "references_resolved": int(stats.get("references_resolved", 0)),
            "references_unresolved": unresolved,
            "alignments": {
                k.removeprefix("alignments_"): v for k, v in stats.items() if k.startswith("alignments_")
            },
            "triples": self.triples,
            "failed": [str(e) for e in self.errors],
            "kept_previous": list(self.kept),
            "duplicates": list(self.duplicates),
            "warnings": [one_line(f"{s.relpath}: {w}") for s in self.sources for w in s.extraction.warnings],
            "seconds": round(self.seconds, 2),
            "timings": {k: round(v, 2) for k, v in self.timings.items()},
            "answers": {
                "kept": [{"query": n, "params": p, "rows": r} for n, p, r in self.answers.answers],
                "failed": [
                    f"{n} {json.dumps(p, ensure_ascii=False)}: {why}" for n, p, why in self.answers.failed
                ],
            }
            if self.answers
            else None,
        }


_WARM: list[bool] = []


def _warm_up() -> None:
    """Load what every extraction loads once (lexicons, catalog) before a file's time starts."""
    if not _WARM:
        _WARM.append(True)
        from .loaders.pipeline import build_site_masked_doc, extract_doc
        from .model import SourceInfo

        text = "ỦY BAN NHÂN DÂN XÃ A\nSố 1/KH-UBND\nKẾ HOẠCH\nI. NHIỆM VỤ\n1. Triển khai.\n"
        with contextlib.suppress(Exception):
            doc = build_site_masked_doc("-", text, markdown=False)
            extract_doc(doc, SourceInfo(path="-", sha256="", encoding="utf-8", format="txt"), [])


def _extract(path: Path) -> Extraction | InputError:
    try:
        seconds = file_timeout(str(path))
        _warm_up()
        with time_limit(seconds):  # DKG_FILE_TIMEOUT: one slow file must not hold the batch
            return extract_file(path)
    except InputError as exc:
        return exc
    except FileTooSlow:
        return InputError(
            str(path), f"too slow: extraction passed {seconds:g} s ({FILE_TIMEOUT_ENV}); skipped"
        )
    except Exception as exc:  # noqa: BLE001 — a loader bug must not sink the batch: report the file, go on
        return InputError(str(path), f"internal error while extracting ({type(exc).__name__}: {exc})")


def extract_all(
    paths: list[Path], progress: Callable[[Path], None] | None = None, workers: int | None = None
) -> list[Extraction | InputError]:
    workers = workers or min(os.cpu_count() or 1, 4)
    if workers <= 1 or len(paths) < 8:
        out = []
        for p in paths:
            out.append(_extract(p))
            if progress:
                progress(p)
        return out
    with ProcessPoolExecutor(max_workers=workers) as pool:
        out = []
        for p, res in zip(paths, pool.map(_extract, paths, chunksize=4), strict=True):
            out.append(res)
            if progress:
                progress(p)
        return out


def relative(path: Path, roots: list[Path]) -> str:
    for root in roots:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            continue
    return path.name


def build(
    paths: list[Path],
    roots: list[Path],
    store: GraphStore,
    corrections: dict | None = None,
    progress: Callable[[Path], None] | None = None,
    answers: bool = True,
    wait: bool = True,
    on_wait: Callable[[str], None] | None = None,
) -> BuildReport:
    """Build the store from `paths`; with `answers`, keep the country-wide query answers beside it.

    The whole build holds the store's build lock (locking.py): a second build waits (`on_wait` is
    told why) or, with `wait=False`, is refused at once.
    """
    with store.build_lock(wait, on_wait):
        return _build(paths, roots, store, corrections, progress, answers)


def _build(
    paths: list[Path],
    roots: list[Path],
    store: GraphStore,
    corrections: dict | None,
    progress: Callable[[Path], None] | None,
    answers: bool,
) -> BuildReport:
    start = time.perf_counter()
    report = BuildReport()
    seen_sha: dict[str, str] = {}
    failed: dict[str, InputError] = {}
    extracted = extract_all(paths, progress)
    report.timings["extract"] = time.perf_counter() - start
    for path, res in zip(paths, extracted, strict=True):
        rel = relative(path, roots)
        if isinstance(res, InputError):
            report.errors.append(res)
            failed[rel] = res
            continue
        if res.source.sha256 in seen_sha:
            report.duplicates.append(
                one_line(f"{rel} is the same file as {seen_sha[res.source.sha256]}: loaded once")
            )
            continue
        seen_sha[res.source.sha256] = rel
        report.sources.append(Source(res, rel))
    report.sources.sort(key=lambda s: s.relpath)
    builder = Builder(load_catalog(), corrections)
    keep, editions = one_per_document([(s.relpath, s.extraction) for s in report.sources], builder.own_iri)
    report.sources = [report.sources[k] for k in keep]
    report.duplicates += [
        one_line(f"{e.dropped} is {e.document} again (another form of {e.kept}): loaded once, from {e.kept}")
        for e in editions
    ]
    with Spool() as spool:
        _link(builder, report, failed, store, spool)
        report.timings["link"] = time.perf_counter() - start - report.timings["extract"]

        def prepare(generation: GraphStore) -> None:
            began = time.perf_counter()
            try:
                report.answers = materialise(generation)
            except (sqlite3.Error, OSError, RuntimeError, ValueError, InputError, ServiceError) as exc:
                # the answers are a shortcut: without them the store answers live
                report.answers = Materialised(failed=[("all", {}, f"{type(exc).__name__}: {exc}")])
            report.timings["answers"] = time.perf_counter() - began

        try:
            store.replace_all(spool, prepare=prepare if answers else None)
        except OSError as exc:  # disk full, read-only store: the previous generation stays current
            raise InputError(store.location, f"cannot write the store ({exc.strerror or exc})") from None
    report.timings["load"] = (
        time.perf_counter()
        - start
        - report.timings["extract"]
        - report.timings["link"]
        - report.timings.get("answers", 0.0)
    )
    report.seconds = time.perf_counter() - start
    return report


def _link(
    builder: Builder, report: BuildReport, failed: dict[str, InputError], store: GraphStore, spool: Spool
) -> None:
    """Write every graph to `spool` as it is built, then the graphs kept from the previous build, the
    mandate closures over all of them and the vocabularies; the counts go to `report`."""
    links = Links()  # what the closures read, gathered graph by graph
    terms = StandardTerms()  # the standard-vocabulary triples the graphs entail (issue 19)

    def put(name: str, quads: list[Quad]) -> None:
        links.add(quads)
        terms.add(name, quads)
        spool.add(name, quads)

    for name, quads in builder.graphs(report.sources):
        put(name, quads)
    for name, quads in _kept_graphs(store, failed, report, spool):
        put(name, [q for q in quads if q.predicate not in DERIVED])  # derived against that build's data
    report.stats = builder.summary
    for stat, added in closures(links).items():
        for name, quads in added.items():
            put(name, quads)
        report.stats[stat] = report.stats.get(stat, 0) + sum(map(len, added.values()))  # type: ignore[operator]
    spool.add(ontology_graph(), ontology_quads())
    spool.add(standard_graph(), terms.quads())
    report.triples = spool.triples


def _kept_graphs(
    store: GraphStore, failed: dict[str, InputError], report: BuildReport, built: Spool
) -> Iterator[tuple[str, list[Quad]]]:
    """A file that fails now but loaded before keeps its previous graph: a bad upload loses nothing."""
    for rel, err in sorted(failed.items()):
        name = source_graph(rel)  # the very key the builder names the graph with
        if name in built:
            continue
        quads = store.graph_quads(name)
        if quads:
            report.kept.append(rel)
            err.reason += " (the previously loaded version is kept)"
            yield name, quads
