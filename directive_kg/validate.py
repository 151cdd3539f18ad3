"""SHACL validation of the directive graph: traceability rules with stable ids, bilingual messages.

The rules live in `shapes/rules.ttl` (SHACL Core wherever Core can say it,
sh:sparql otherwise). Each source document's named graph is validated
together with the catalog graph — in parallel over a process pool when there
are many documents — and the rules that need other documents (chains of
dkg:implements, the central task groups) run once over the whole dataset.
The results merge into one report: `Finding`s for people and machines, and
the SHACL validation report graph.

Nothing here names a document: everything comes from the shapes and the data.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import click
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

DKG = Namespace("https://w3id.org/directive-kg/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
GRAPH_PREFIX = "graph/"
CATALOG_SUFFIX = "graph/catalog"
SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
RANK = {"info": 0, "warning": 1, "violation": 2}
LIST_RULES = {"plan-covers-groups", "missing-annex"}  # one finding per focus, naming every value
PARALLEL_MIN_DOCS = 8


# --------------------------------------------------------------------------- data classes
@dataclass
class Finding:
    rule: str
    severity: str  # "violation" | "warning" | "info"
    document: str  # IRI of the document the focus node belongs to
    focus: str  # IRI (or blank node id) of the focus node
    focus_label: str
    message: str  # in the language asked for, with the specific detail appended
    lines: tuple[int, int] | None = None
    document_label: str = ""
    source_path: str = ""
    messages: dict[str, str] = field(default_factory=dict, repr=False)

    def to_json(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "document": self.document, "focus": self.focus,
                "message": self.message, "lines": list(self.lines) if self.lines else None,
                "document_label": self.document_label, "focus_label": self.focus_label}


@dataclass
class ValidationResult:
    findings: list[Finding]
    timings: dict[str, float]  # per document graph (label) and "(cross-document)", seconds
    report: Graph
    seconds: float = 0.0
    derived: list[tuple[str, str, str]] = field(default_factory=list)  # parent targets derived here

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def conforms(self) -> bool:
        return not self.findings


# --------------------------------------------------------------------------- shapes
def load_shapes() -> Graph:
    """The rule shapes, from the package (no network)."""
    g = Graph()
    g.parse(data=resources.files("directive_kg.shapes").joinpath("rules.ttl").read_text("utf-8"), format="turtle")
    return g


TARGET_PREDICATES = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


def _scoped_shapes(shapes: Graph, scope: str) -> Graph:
    """The shapes graph with the targets of rules of the other scope removed (so those rules do not run)."""
    g = Graph()
    for t in shapes:
        g.add(t)
    for s in set(shapes.subjects(DKG.ruleScope, None)):
        if str(shapes.value(s, DKG.ruleScope)) != scope:
            for p in TARGET_PREDICATES:
                g.remove((s, p, None))
    return g


def rule_index(shapes: Graph) -> dict[str, tuple[str, str, dict[str, str]]]:
    """Shape node (n3) → (rule id, severity, {lang: message}); property shapes inherit their rule's id."""
    index: dict[str, tuple[str, str, dict[str, str]]] = {}

    def msgs(node) -> dict[str, str]:
        return {(m.language or "en"): str(m) for m in shapes.objects(node, SH.message)}

    for s, rule in shapes.subject_objects(DKG.ruleId):
        sev = SEVERITY.get(shapes.value(s, SH.severity), "violation")
        index[s.n3()] = (str(rule), sev, msgs(s))
        for p in shapes.objects(s, SH.property):
            psev = SEVERITY.get(shapes.value(p, SH.severity), sev)
            index[p.n3()] = (str(rule), psev, msgs(p) or msgs(s))
    return index


def rules_table(shapes: Graph | None = None) -> list[dict]:
    """Every rule: id, severity (the highest its shapes use), scope, technique and messages."""
    shapes = shapes or load_shapes()
    rules: dict[str, dict] = {}
    for s, rule in shapes.subject_objects(DKG.ruleId):
        r = rules.setdefault(str(rule), {"rule": str(rule), "severity": "info", "scope": "", "technique": "Core",
                                         "messages": {}})
        sev = SEVERITY.get(shapes.value(s, SH.severity), "violation")
        if RANK[sev] > RANK[r["severity"]]:
            r["severity"] = sev
        r["scope"] = str(shapes.value(s, DKG.ruleScope) or "document")
        if (s, SH.sparql, None) in shapes:
            r["technique"] = "SPARQL constraint"
        elif (s, SH.target, None) in shapes:
            r["technique"] = "SPARQL target + Core constraint"
    return sorted(rules.values(), key=lambda r: r["rule"])


# --------------------------------------------------------------------------- loading the store
Triple = tuple


def _term(t):
    """A pyoxigraph term as an rdflib term."""
    kind = type(t).__name__
    if kind == "NamedNode":
        return URIRef(t.value)
    if kind == "BlankNode":
        return BNode(t.value)
    if t.language:
        return Literal(t.value, lang=t.language)
    dt = t.datatype.value if t.datatype is not None else None
    if dt in (None, str(XSD.string)):
        return Literal(t.value)
    return Literal(t.value, datatype=URIRef(dt))


def _store_graphs(store) -> dict[str, list[Triple]]:
    """Triples (as rdflib terms) of every named graph of the store."""
    out: dict[str, list[Triple]] = defaultdict(list)
    if hasattr(store, "quads"):
        for q in store.quads():
            g = getattr(q.graph_name, "value", "") or ""
            out[g].append((_term(q.subject), _term(q.predicate), _term(q.object)))
        return dict(out)
    # a SPARQL endpoint: one CONSTRUCT per named graph
    import urllib.parse

    from pyoxigraph import RdfFormat, parse

    names = [row[0] for row in store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows]
    for name in names:
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"
        body = store._post(store.query_url, urllib.parse.urlencode({"query": query}).encode(),
                           "application/x-www-form-urlencoded", "application/n-triples", 600)
        out[name] = [(_term(t.subject), _term(t.predicate), _term(t.object))
                     for t in parse(body, format=RdfFormat.N_TRIPLES)]
    return dict(out)


def _graph(*parts: list[Triple]) -> Graph:
    g = Graph()
    for part in parts:
        for t in part:
            g.add(t)
    return g


# --------------------------------------------------------------------------- derived facts
def derive_parent_targets(data: Graph) -> list[tuple[URIRef, URIRef, Literal]]:
    """Parent targets for local indicators the store holds without dkg:contributesTo.

    The builder links indicators itself (graph/align.py, align_indicators); this
    covers stores built before it did, or loaded from elsewhere, with the same
    matching, so the "less ambitious than the parent" rule still has a parent.
    Returns the dkg:parentValue / parentComparator / parentTarget triples to add.
    """
    from .graph.align import align_indicators

    central, local = [], []
    for doc, level in data.subject_objects(DKG.issuerLevel):
        for ind in data.objects(doc, DKG.hasIndicator):
            entry = (ind, str(data.value(ind, DKG.text) or ""), str(data.value(ind, DKG.measureUnit) or ""))
            if str(level) == "central":
                central.append(entry)
            elif (ind, DKG.contributesTo, None) not in data:
                local.append(entry)
    out: list[tuple[URIRef, URIRef, Literal]] = []
    if not central or not local:
        return out
    links = align_indicators([(t, u) for _, t, u in local], [(t, u) for _, t, u in central])
    for (ind, _, _), link in zip(local, links, strict=True):
        if link is None:
            continue
        parents = {}
        for pt in data.objects(central[link.target][0], DKG.hasTarget):
            year, value = data.value(pt, DKG.year), data.value(pt, DKG.value)
            if year is not None and value is not None:
                parents[int(year)] = (pt, value, data.value(pt, DKG.comparator) or Literal("="))
        for t in data.objects(ind, DKG.hasTarget):
            year = data.value(t, DKG.year)
            if year is None or (t, DKG.parentValue, None) in data or int(year) not in parents:
                continue
            pt, value, cmp = parents[int(year)]
            out += [(t, DKG.parentValue, value), (t, DKG.parentComparator, Literal(str(cmp))),
                    (t, DKG.parentTarget, pt)]
    return out


# --------------------------------------------------------------------------- one run of pyshacl
_PARSED: dict[tuple, object] = {}


def _cache_sparql_parsing() -> None:
    """pyshacl hands rdflib the text of a SPARQL constraint once per focus node, and rdflib parses it
    every time (pyparsing: most of a run's time). Parse each distinct text once per process."""
    from rdflib.plugins.sparql import processor

    if getattr(processor.SPARQLProcessor.query, "_dkg_cached", False):
        return
    original = processor.SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            if key not in _PARSED:
                _PARSED[key] = processor.translateQuery(processor.parseQuery(strOrQuery), base, initNs)
            strOrQuery = _PARSED[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    query._dkg_cached = True  # type: ignore[attr-defined]
    processor.SPARQLProcessor.query = query


def _run(data: Graph, shapes: Graph) -> Graph:
    from pyshacl import validate as shacl_validate

    # inplace: no inference and no SHACL rules, so nothing writes to the data graph; pyshacl's defensive
    # copy of it would cost more than some of the rules
    _conforms, report, _text = shacl_validate(data, shacl_graph=shapes, inference="none", allow_warnings=True,
                                              advanced=True, inplace=True)
    return report


def _document_of(data: Graph, node) -> URIRef | None:
    if (node, DKG.sourcePath, None) in data:
        return node
    for p in (DKG.hasCitation, DKG.hasTask, DKG.hasTaskGroup, DKG.hasIndicator):
        d = data.value(None, p, node)
        if d is not None:
            return d
    d = data.value(node, PROV.wasDerivedFrom)
    if d is not None:
        return d
    return node if (node, RDF.type, DKG.LegalDocument) in data else None


def _label(data: Graph, node) -> str:
    if node is None:
        return ""
    for p in (DKG.identifier, RDFS.label):
        v = data.value(node, p)
        if v is not None:
            return str(v)
    if (node, RDF.type, DKG.Target) in data:
        ind = data.value(None, DKG.hasTarget, node)
        return f"{_label(data, ind)} — {_target_text(data, node)}"
    return str(node)


def _target_text(data: Graph, t) -> str:
    year, cmp, value = data.value(t, DKG.year), data.value(t, DKG.comparator), data.value(t, DKG.value)
    unit = data.value(t, DKG.measureUnit)
    return f"{year or '?'}: {cmp or ''}{_num(value)} {unit or ''}".strip()


def _num(v) -> str:
    if v is None:
        return "?"
    try:
        return f"{float(v):g}"
    except ValueError:
        return str(v)


def _lines(data: Graph, node) -> tuple[int, int] | None:
    start, end = data.value(node, DKG.lineStart), data.value(node, DKG.lineEnd)
    if start is None and (node, RDF.type, DKG.Target) in data:
        return _lines(data, data.value(None, DKG.hasTarget, node))
    if start is None:
        return None
    return int(start), int(end if end is not None else start)


MENTION = re.compile(r"^line (\d+):\s*(.*)$", re.S)


def _detail(rule: str, data: Graph, focus, value, derived: set) -> tuple[str, tuple[int, int] | None]:
    """The specific fact behind a finding (language-neutral), and a better line span when there is one."""
    if rule == "unresolved-reference":
        raw, note = data.value(focus, DKG.rawText), data.value(focus, DKG.note)
        parts = [f"“{raw}”" if raw else ""] + ([str(note)] if note else [])
        return " — ".join(p for p in parts if p), None
    if rule == "stale-district-reference":
        found = sorted((int(m.group(1)), m.group(2)) for v in data.objects(focus, DKG.mentionsDistrict)
                       if (m := MENTION.match(str(v))))
        if found:
            return "; ".join(f"line {n}: {t}" for n, t in found), (found[0][0], found[-1][0])
        return "", None
    if rule == "target-below-parent":
        pv, pc = data.value(focus, DKG.parentValue), data.value(focus, DKG.parentComparator)
        how = " (parent derived by similarity)" if (focus, DKG.parentValue, pv) in derived else ""
        return f"{_target_text(data, focus)} vs {pc or ''}{_num(pv)}{how}", None
    if rule in ("issued-after-parent",) and value is not None:
        return (f"{_label(data, value)} ({data.value(value, DKG.dateIssued)}) > "
                f"{data.value(focus, DKG.dateIssued)}"), _citation_lines(data, focus, value)
    if rule == "task-deadline-after-issue":
        doc = data.value(None, DKG.hasTask, focus)
        deadlines = ", ".join(sorted(str(d) for d in data.objects(focus, DKG.deadline)))
        return f"{deadlines} < {data.value(doc, DKG.dateIssued)}", None
    if rule == "missing-annex" and value is not None:
        return (str(value) or "(unnumbered)"), None
    if rule == "plan-covers-groups" and value is not None:
        return _label(data, value), None
    return "", None


def _citation_lines(data: Graph, doc, cited) -> tuple[int, int] | None:
    for c in data.objects(doc, DKG.hasCitation):
        if data.value(c, DKG.citedDocument) == cited:
            return _lines(data, c)
    return None


def _findings(report: Graph, data: Graph, index: dict, derived: set) -> list[dict]:
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(r, SH.sourceShape)
        rule, sev, msgs = index.get(shape.n3() if shape is not None else "", ("", "", {}))
        if not rule:
            continue  # a result from a helper shape would be a bug in rules.ttl; never report it unnamed
        sev = SEVERITY.get(report.value(r, SH.resultSeverity), sev)
        focus, value = report.value(r, SH.focusNode), report.value(r, SH.value)
        doc = _document_of(data, focus)
        detail, better = _detail(rule, data, focus, value, derived)
        out.append({
            "rule": rule, "severity": sev, "document": str(doc) if doc is not None else "",
            "document_label": _label(data, doc), "source_path": str(data.value(doc, DKG.sourcePath) or "")
            if doc is not None else "",
            "focus": str(focus), "focus_label": _label(data, focus),
            "lines": better or (None if focus == doc else _lines(data, focus)),
            "value": str(value) if value is not None else "", "detail": detail, "messages": msgs,
        })
    return out


# --------------------------------------------------------------------------- workers
# Document rules run on each document graph + the catalog. Cross rules need other documents, but only a
# few facts of them: the `context` (every document's identifier, level, date, the documents it
# implements, mandates, the central task groups and one alignment that reaches each). Cross rules then
# run per batch of documents on batch + catalog + context, which is what the whole union would give
# them (their targets are the documents of the batch: the context carries no dkg:sourcePath), at a
# cost that grows linearly with the corpus and spreads over the worker pool.
CONTEXT_PREDICATES = (DKG.implements, DKG.mandate, DKG.dateIssued, DKG.issuerLevel, DKG.identifier)
DERIVE_PREDICATES = (DKG.issuerLevel, DKG.hasIndicator, DKG.text, DKG.measureUnit, DKG.contributesTo,
                     DKG.hasTarget, DKG.year, DKG.value, DKG.comparator, DKG.parentValue)
BATCH_DOCS = 24  # documents per cross-rule batch

_WORKER: dict = {}


def _init_worker(catalog: list[Triple], context: list[Triple], store_path: str | None) -> None:
    _cache_sparql_parsing()
    shapes = load_shapes()
    _WORKER["shapes"] = _scoped_shapes(shapes, "document")
    _WORKER["cross"] = _scoped_shapes(shapes, "cross")
    _WORKER["index"] = rule_index(shapes)
    _WORKER["catalog"] = catalog
    _WORKER["context"] = _graph(catalog, context)
    _WORKER["store"] = store_path
    _WORKER.pop("ox", None)


def _doc_triples(name: str, triples: list[Triple] | None) -> list[Triple]:
    if triples is not None:
        return triples
    from pyoxigraph import NamedNode, Store

    if "ox" not in _WORKER:  # one read-only handle per worker, on the generation the parent read
        _WORKER["ox"] = Store.read_only(_WORKER["store"])
    quads = _WORKER["ox"].quads_for_pattern(None, None, None, NamedNode(name))
    return [(_term(q.subject), _term(q.predicate), _term(q.object)) for q in quads]


def _validate_batch(batch: list[tuple[str, list[Triple] | None, list[Triple]]]) -> tuple[list, float]:
    """Document rules on each document of the batch, then the cross rules on the batch in its context."""
    results = []
    docs: list[list[Triple]] = []
    for name, triples, extra in batch:
        t0 = time.perf_counter()
        doc = _doc_triples(name, triples)
        data = _graph(doc, _WORKER["catalog"], extra)
        report = _run(data, _WORKER["shapes"])
        found = _findings(report, data, _WORKER["index"], set(extra))
        results.append((name, found, report.serialize(format="nt"), time.perf_counter() - t0))
        docs.append(doc + extra)
    t1 = time.perf_counter()
    g = _WORKER["context"]
    added = [t for part in docs for t in part if t not in g]
    for t in added:
        g.add(t)
    try:
        derived = {t for _name, _t, extra in batch for t in extra}
        cross = _run(g, _WORKER["cross"])
        found = _findings(cross, g, _WORKER["index"], derived)
        results.append(("(cross-document)", found, cross.serialize(format="nt"), 0.0))
    finally:
        for t in added:
            g.remove(t)
    return results, time.perf_counter() - t1


# --------------------------------------------------------------------------- reading the store
def _read(store) -> tuple[list[str], dict[str, list[Triple]] | None, str | None]:
    """Graph names, and their triples when the store cannot be read by the workers themselves."""
    from pyoxigraph import Store

    from .errors import InputError
    from .store import OxigraphStore

    if isinstance(store, OxigraphStore):
        if not store.exists():
            raise InputError(str(store.path), "no store here yet: run 'dkg build CORPUS' first")
        generation = os.path.realpath(store.current)
        names = sorted(g.value for g in Store.read_only(generation).named_graphs())
        return names, None, generation
    graphs = _store_graphs(store)
    return sorted(graphs), graphs, None


def _with_predicates(store: str | None, graphs: dict[str, list[Triple]] | None, preds) -> list[Triple]:
    """Every triple (RDF merge of the named graphs) whose predicate is one of `preds`."""
    if graphs is not None:
        wanted = set(preds)
        return list({t for ts in graphs.values() for t in ts if t[1] in wanted})
    from pyoxigraph import DefaultGraph, NamedNode, Store

    s = Store.read_only(store)  # the generation path (see _read)
    return [(_term(q.subject), _term(q.predicate), _term(q.object)) for p in preds
            for q in s.quads_for_pattern(None, NamedNode(str(p)), None, DefaultGraph())]


def _context(store: str | None, graphs, central_groups: set) -> list[Triple]:
    """The facts cross rules read about other documents (see above)."""
    ctx = _with_predicates(store, graphs, CONTEXT_PREDICATES)
    docs = {s for s, _p, _o in ctx}
    central = {s for s, p, o in ctx if p == DKG.issuerLevel and str(o) == "central"}
    parts = _with_predicates(store, graphs, (DKG.hasTaskGroup, DKG.hasTask))
    central_parts = {o for s, _p, o in parts if s in central}
    extra = [t for t in parts if t[0] in central]
    extra += [t for t in _with_predicates(store, graphs, (RDF.type,)) if t[0] in docs]
    # the alignments of central tasks and groups (a local task may serve a group through a 03/NQ-CP task);
    # "some local group aligns with this central group": one witness per group is the same fact
    witness: dict = {}
    for t in sorted(_with_predicates(store, graphs, (DKG.alignsWith,))):
        if t[0] in central_parts:
            extra.append(t)
        elif t[2] in central_groups:
            witness.setdefault(t[2], t)
    return ctx + extra + sorted(witness.values())


# --------------------------------------------------------------------------- validate
def validate(store, lang: str = "vi", workers: int | None = None, verbose: bool = False) -> ValidationResult:
    """Validate every document graph (+ catalog), then the cross-document rules; one merged result."""
    t0 = time.perf_counter()
    names, graphs, store_path = _read(store)
    catalog_name = next((g for g in names if g.endswith(CATALOG_SUFFIX)), None)
    catalog = (graphs.get(catalog_name, []) if graphs is not None else _doc_triples_of(store_path, catalog_name)) \
        if catalog_name else []
    doc_names = [g for g in names if g != catalog_name and g]
    derive = _graph(_with_predicates(store_path, graphs, DERIVE_PREDICATES))
    extra = derive_parent_targets(derive)
    del derive
    group_triples = _with_predicates(store_path, graphs, (DKG.hasTaskGroup,))
    levels = {s for s, _p, o in _with_predicates(store_path, graphs, (DKG.issuerLevel,)) if str(o) == "central"}
    central_groups = {o for s, _p, o in group_triples if s in levels}
    context = _context(store_path, graphs, central_groups)
    graph_of = _graph_of(store_path, graphs, doc_names, {t[0] for t in extra})
    extra_by_graph: dict[str, list[Triple]] = defaultdict(list)
    for t in extra:
        extra_by_graph[graph_of.get(t[0], "")].append(t)

    jobs = [(n, graphs[n] if graphs is not None else None, extra_by_graph.get(n, [])) for n in doc_names]
    batches = [jobs[i:i + BATCH_DOCS] for i in range(0, len(jobs), BATCH_DOCS)] or [[]]
    n_workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    init = (catalog, context, store_path)
    if len(jobs) >= PARALLEL_MIN_DOCS and n_workers > 1:
        with ProcessPoolExecutor(max_workers=n_workers, initializer=_init_worker, initargs=init) as pool:
            outcomes = list(pool.map(_validate_batch, batches))
    else:
        _init_worker(*init)
        outcomes = [_validate_batch(b) for b in batches]
    raw: list[dict] = []
    reports: list[str] = []
    timings: dict[str, float] = {"(cross-document)": 0.0}
    for results, cross_seconds in outcomes:
        for name, found, report_nt, seconds in results:
            raw += found
            reports.append(report_nt)
            if name != "(cross-document)":
                timings[name.rsplit(GRAPH_PREFIX, 1)[-1]] = seconds
        timings["(cross-document)"] += cross_seconds
    timings["(cross-document)"] = timings.pop("(cross-document)")
    findings = _merge(raw, lang)
    report = _merge_reports(reports, findings)
    result = ValidationResult(findings, timings, report, time.perf_counter() - t0,
                              [(str(s), str(p), str(o)) for s, p, o in extra])
    if verbose:
        for name, seconds in timings.items():
            click.echo(f"  {seconds:7.2f}s  {name}", err=True)
        click.echo(f"  {result.seconds:7.2f}s  total", err=True)
    return result


def _doc_triples_of(generation: str, name: str) -> list[Triple]:
    from pyoxigraph import NamedNode, Store

    quads = Store.read_only(generation).quads_for_pattern(None, None, None, NamedNode(name))
    return [(_term(q.subject), _term(q.predicate), _term(q.object)) for q in quads]


def _graph_of(store: str | None, graphs, doc_names: list[str], subjects: set) -> dict:
    """The document graph that states each of `subjects` (the targets that got derived parent values)."""
    if not subjects:
        return {}
    if graphs is not None:
        out: dict = {}
        for name in doc_names:
            out.update(dict.fromkeys({s for s, _p, _o in graphs[name] if s in subjects}, name))
        return out
    from pyoxigraph import DefaultGraph, NamedNode, Store

    s = Store.read_only(store)
    found: dict = {}
    for subject in subjects:
        for q in s.quads_for_pattern(NamedNode(str(subject)), None, None, None):
            if not isinstance(q.graph_name, DefaultGraph):
                found[subject] = q.graph_name.value
                break
    return found


def _merge(raw: list[dict], lang: str) -> list[Finding]:
    """Deduplicate (catalog facts are seen by every document run) and gather list rules into one finding."""
    seen: set[tuple] = set()
    grouped: dict[tuple, dict] = {}
    order: list[tuple] = []
    for f in raw:
        key = (f["rule"], f["focus"], f["value"], f["severity"], f["messages"].get("en", ""))
        if key in seen:
            continue
        seen.add(key)
        gkey = (f["rule"], f["focus"], f["severity"]) if f["rule"] in LIST_RULES else key
        if gkey in grouped:
            if f["detail"]:
                grouped[gkey]["details"].append(f["detail"])
            continue
        grouped[gkey] = dict(f, details=[f["detail"]] if f["detail"] else [])
        order.append(gkey)
    out = []
    for k in order:
        f = grouped[k]
        detail = ", ".join(sorted(f["details"])) if f["rule"] in LIST_RULES else "; ".join(f["details"])
        base = f["messages"].get(lang) or f["messages"].get("en") or f["rule"]
        msgs = {lg: (m.rstrip(".") + ": " + detail if detail else m) for lg, m in f["messages"].items()}
        out.append(Finding(f["rule"], f["severity"], f["document"], f["focus"], f["focus_label"],
                           (base.rstrip(".") + ": " + detail) if detail else base,
                           tuple(f["lines"]) if f["lines"] else None, f["document_label"], f["source_path"], msgs))
    out.sort(key=lambda f: (f.document_label, f.document, f.rule, f.lines or (0, 0), f.focus_label))
    return out


def _merge_reports(reports: list[str], findings: list[Finding]) -> Graph:
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


def one_line_summary(store) -> str:
    """E.g. 'validation: 3 violations, 41 warnings (dkg validate for details)'."""
    r = validate(store)
    v, w = r.count("violation"), r.count("warning")
    return (f"validation: {v} violation{'s' if v != 1 else ''}, {w} warning{'s' if w != 1 else ''} "
            f"(dkg validate for details)")


# --------------------------------------------------------------------------- output
def _excerpt(f: Finding, roots: list[Path], cache: dict) -> list[str]:
    if not f.lines or not f.source_path:
        return []
    if f.source_path not in cache:
        cache[f.source_path] = None
        for root in roots:
            p = root / f.source_path
            if p.is_file():
                with contextlib.suppress(OSError):
                    cache[f.source_path] = p.read_text("utf-8", errors="replace").splitlines()
                break
    lines = cache[f.source_path]
    if not lines:
        return []
    start, end = f.lines
    end = min(end, start + 2)
    return [f"      {n:>5} | {lines[n - 1][:160]}" for n in range(start, end + 1) if 0 < n <= len(lines)]


def format_text(result: ValidationResult, roots: list[Path]) -> str:
    out: list[str] = []
    cache: dict = {}
    by_doc: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in result.findings:
        by_doc[(f.document_label, f.document)].append(f)
    for (label, iri), items in by_doc.items():
        out.append(f"{label or iri}  <{iri}>")
        by_rule: dict[str, list[Finding]] = defaultdict(list)
        for f in items:
            by_rule[f.rule].append(f)
        for rule, fs in by_rule.items():
            out.append(f"  [{fs[0].severity}] {rule} ({len(fs)})")
            for f in fs:
                span = f" (lines {f.lines[0]}–{f.lines[1]})" if f.lines and f.lines[0] != f.lines[1] else (
                    f" (line {f.lines[0]})" if f.lines else "")
                label = f.focus_label if f.focus_label != f.document_label else ""
                out.append(f"    - {label + ': ' if label else ''}{f.message}{span}")
                out += _excerpt(f, roots, cache)
    v, w = result.count("violation"), result.count("warning")
    out.append(f"{v} violation(s), {w} warning(s) in {len(by_doc)} document(s)")
    return "\n".join(out)


def format_html(result: ValidationResult, lang: str) -> str:
    e = html.escape
    rows = []
    for f in result.findings:
        lines = f"{f.lines[0]}–{f.lines[1]}" if f.lines else ""
        rows.append(f"<tr class='{e(f.severity)}'><td>{e(f.document_label or f.document)}</td><td>{e(f.rule)}</td>"
                    f"<td>{e(f.severity)}</td><td>{e(f.focus_label)}</td><td>{e(f.message)}</td>"
                    f"<td>{e(lines)}</td></tr>")
    v, w = result.count("violation"), result.count("warning")
    title = "Kết quả kiểm tra" if lang == "vi" else "Validation report"
    return f"""<!DOCTYPE html>
<html lang="{e(lang)}"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>body{{font-family:sans-serif;margin:1em}}table{{border-collapse:collapse;width:100%}}
td,th{{border:1px solid #ccc;padding:4px;vertical-align:top;font-size:13px}}
tr.violation td:nth-child(3){{color:#b00;font-weight:bold}}tr.warning td:nth-child(3){{color:#a60}}</style>
</head><body><h1>{e(title)}</h1><p>{v} violation(s), {w} warning(s)</p>
<table><thead><tr><th>document</th><th>rule</th><th>severity</th><th>focus</th><th>message</th><th>lines</th></tr>
</thead><tbody>
{chr(10).join(rows)}
</tbody></table></body></html>
"""


def fails(result: ValidationResult, fail_on: str) -> bool:
    if fail_on == "never":
        return False
    return any(RANK.get(f.severity, 0) >= RANK[fail_on] for f in result.findings)


@click.command("validate")
@click.option("--store", "store_spec", envvar="DKG_STORE", default=None,
              help="Store path (default ./.dkg/store) or a SPARQL endpoint URL.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "ttl", "html"]), default="text",
              show_default=True)
@click.option("--fail-on", type=click.Choice(["violation", "warning", "never"]), default="violation",
              show_default=True, help="Exit 1 when a finding at or above this severity exists.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option("--corpus", "corpus", multiple=True, type=click.Path(file_okay=False),
              help="Corpus root(s) to show source excerpts from (default: the current directory).")
@click.option("--verbose", is_flag=True, help="Print per-document and total validation time on stderr.")
def command(store_spec: str | None, fmt: str, fail_on: str, lang: str, corpus: tuple[str, ...],
            verbose: bool) -> None:
    """Check the graph against the traceability rules (SHACL); exit 1 on findings at or above --fail-on."""
    from .errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_SERVICE, InputError, ServiceError, fail
    from .store import open_store

    try:
        store = open_store(store_spec)
        if hasattr(store, "exists") and not store.exists():
            raise InputError(str(store.path), "no store here yet: run 'dkg build CORPUS' first")
        result = validate(store, lang=lang, verbose=verbose)
    except InputError as exc:
        fail(str(exc), EXIT_INPUT)
    except ServiceError as exc:
        fail(str(exc), EXIT_SERVICE)
    except Exception as exc:  # no traceback for the user: one line and a documented code
        fail(f"validation failed: {type(exc).__name__}: {exc}", EXIT_INPUT)
    if fmt == "json":
        click.echo(json.dumps([f.to_json() for f in result.findings], ensure_ascii=False, indent=2))
    elif fmt == "ttl":
        click.echo(result.report.serialize(format="turtle"))
    elif fmt == "html":
        click.echo(format_html(result, lang))
    else:
        roots = [Path(c) for c in corpus] or [Path.cwd()]
        click.echo(format_text(result, roots))
    if fails(result, fail_on):
        sys.exit(EXIT_FINDINGS)


__all__ = ["Finding", "ValidationResult", "command", "derive_parent_targets", "load_shapes", "one_line_summary",
           "rules_table", "validate"]
