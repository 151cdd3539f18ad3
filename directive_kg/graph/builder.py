"""Build the RDF dataset from Extractions and the catalog: one named graph per source document.

Every extracted node carries `prov:wasDerivedFrom` its source document and
its line span; cited documents resolve to one IRI whether they come from the
catalog, from their own text or only from a citation.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Quad

from ..catalog import Catalog, CatalogDocument
from ..errors import InputError
from ..loaders.identifiers import find_all
from ..model import Extraction, Indicator, Task, UnresolvedCitation
from ..ontology.vocab import DKG, PROGRAMME, PROV, RDF, RDFS, ROOT_MANDATE, XSD
from ..text import fold
from .align import (
    RESTATES_THRESHOLD,
    WEAK_THRESHOLD,
    Programme,
    Restatement,
    align_heading,
    align_indicators,
)
from .applicability import applicability
from .groups import GroupModel, group_number
from .iris import area_iri, area_path, document_iri, graph_iri, slug, unit_iri
from .programmes import programme_in_force
from .programmes import programmes as programme_chain
from .sources import source_graph
from .successors import link_programmes

KIND_CLASS = {
    "resolution": "Resolution",
    "decision": "Decision",
    "plan": "Plan",
    "program": "Programme",
    "directive": "Directive",
    "conclusion": "Conclusion",
    "law": "Law",
    "guidance": "Guidance",
    "submission": "Submission",
}
RELATION = {"implements": "implements", "basis": "legalBasis", "mentions": "cites"}
MANDATE_ROOT = ROOT_MANDATE


CMP_SLUG = {">=": "ge", ">": "gt", "=": "eq", "<=": "le", "<": "lt"}


def target_iri(indicator_iri: str, year: int | None, comparator: str | None, value: float | None) -> str:
    return f"{indicator_iri}/target/{year or 'na'}-{CMP_SLUG.get(comparator or '', 'x')}-{value}"


def _n(local: str) -> NamedNode:
    return NamedNode(DKG + local)


A = NamedNode(RDF + "type")
LABEL = NamedNode(RDFS + "label")
DERIVED = NamedNode(PROV + "wasDerivedFrom")


def lit(value: object) -> Literal:
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return Literal(str(value), datatype=NamedNode(XSD + "integer"))
    if isinstance(value, float):
        # the canonical lexical form every store keeps as given ("80", "1.5")
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        return Literal(text, datatype=NamedNode(XSD + "decimal"))
    return Literal(str(value))


def date_lit(text: str | None) -> Literal | None:
    """Dates and deadlines typed by their precision: xsd:date, xsd:gYearMonth or xsd:gYear."""
    if not text:
        return None
    if len(text) == 10:
        return Literal(text, datatype=NamedNode(XSD + "date"))
    if len(text) == 7:
        return Literal(text, datatype=NamedNode(XSD + "gYearMonth"))
    if len(text) == 4 and text.isdigit():
        return Literal(text, datatype=NamedNode(XSD + "gYear"))
    return Literal(text)


@dataclass
class Source:
    """One loaded document: its extraction and its path relative to the corpus root."""

    extraction: Extraction
    relpath: str


class _Graph:
    def __init__(self, name: str) -> None:
        self.g = NamedNode(name)
        self.quads: set[Quad] = set()

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal | None) -> None:
        if o is None:
            return
        self.quads.add(Quad(s, p, o, self.g))


def _year(date: str | None) -> str | None:
    return date[:4] if date else None


def _commune_name(ex: Extraction) -> str | None:
    name = ex.document.issuer.name or ""
    for word in ("xã ", "phường ", "đặc khu "):
        if word in name:
            return name.split(word, 1)[1].strip()
    return None


def _official_codes(g: _Graph, ex: Extraction, area: NamedNode | None) -> None:
    """The register codes of the issuer's commune and province (loaders/places.py) on their area nodes."""
    d = ex.document
    if area is not None and d.issuer.level == "commune" and d.issuer.code:
        g.add(area, _n("officialCode"), lit(d.issuer.code))
    if d.province and d.province_code:
        g.add(NamedNode(area_iri(d.province)), _n("officialCode"), lit(d.province_code))


def _scope(level: str | None, province: str | None, commune: str | None) -> str:
    if level == "central":
        return "vn"
    if level == "commune":
        return area_path(province, commune or "unknown")
    return area_path(province)


MIN_PLANS_PER_WORKER = 2  # fewer local plans than this per worker: score them in this process
_JOBS: tuple[Builder, list] | None = None  # set in the parent just before the fork (Builder._all_candidates)


def _score_plan(k: int) -> dict:
    """In a forked worker: plan `k`'s scored candidates (the jobs are inherited, not pickled)."""
    assert _JOBS is not None
    builder, jobs = _JOBS
    return builder._plan_candidates(*jobs[k])


class Builder:
    def __init__(self, catalog: Catalog, corrections: dict | None = None, workers: int | None = None) -> None:
        self.catalog = catalog
        self.workers = workers or min(os.cpu_count() or 1, 4)  # processes scoring plans (_all_candidates)
        self.corrections = corrections or {}
        self.known: dict[tuple[str, str | None], str] = {}  # (identifier, province) → IRI of loaded documents
        # every loaded document under a key, with its commune: one number, several issuers is ambiguous
        self.homonyms: dict[tuple[str, str | None], dict[str, str | None]] = defaultdict(dict)
        self.ambiguous: dict[str, int] = {}
        self.doc_iris: dict[int, str] = {}
        self.stats: dict[str, object] = defaultdict(int)
        self.unresolved: list[UnresolvedCitation] = []

    # ------------------------------------------------------------ identity
    def catalog_iri(self, d: CatalogDocument) -> str:
        scope = "vn" if d.level == "central" else area_path(d.province)
        return document_iri(d.identifier, scope, _year(d.date))

    def own_iri(self, ex: Extraction) -> str:
        d = ex.document
        if d.identifier:
            known = self.catalog.find(d.identifier, d.province) or self._same_catalog_document(ex)
            if known:
                return self.catalog_iri(known)
        scope = _scope(d.issuer.level, d.province, _commune_name(ex))
        return document_iri(d.identifier, scope, _year(d.date), ex.source.sha256[:12])

    def _same_catalog_document(self, ex: Extraction) -> CatalogDocument | None:
        """A loaded text whose province is unread is the catalog document with its number and full date
        (number + symbol + day identify a document), so that it and its citations are one node."""
        d = ex.document
        if d.province or not d.date or len(d.date) < 10:
            return None
        same = [c for c in self.catalog.documents if c.identifier == d.identifier and c.date == d.date]
        return same[0] if len(same) == 1 else None

    def cited_iri(self, identifier: str, citing: Extraction, date: str | None) -> tuple[str, bool]:
        """IRI of a cited document, and whether it resolved (catalog or a loaded document)."""
        province = citing.document.province
        known = self.catalog.find(identifier, province)
        if known:
            return self.catalog_iri(known), True
        for key in ((identifier, province), (identifier, None)):
            if key in self.known:
                candidates = self.homonyms.get(key, {})
                if len(candidates) > 1:
                    # the same number from several issuers: only the citing plan's own commune decides
                    mine = [iri for iri, commune in candidates.items() if commune == _commune_name(citing)]
                    if len(mine) == 1:
                        return mine[0], True
                    self.ambiguous[identifier] = len(candidates)
                    break
                return self.known[key], True
        ident = find_all(identifier)
        party_local = bool(ident) and ident[0].identifier.issuer.split("-")[0] in {
            "TU",
            "ĐU",
            "UBND",
            "HĐND",
            "HU",
        }
        scope = area_path(province) if party_local else "vn"
        return document_iri(identifier, scope, _year(date)), False

    # ------------------------------------------------------------ build
    def graphs(self, sources: list[Source]) -> Iterator[tuple[str, list[Quad]]]:
        """The named graphs of the dataset, one at a time: the catalog's, then one per source.

        A generator, so that a caller can write each graph away before the next is built (the build
        never holds the whole country's quads, issue 21). The closures (graph/closure.py) are not
        stated here: they read every graph (graph/spool.py derives them). `stats` and `unresolved`
        are complete once the generator is exhausted.
        """
        for k, src in enumerate(sources):
            iri = self.own_iri(src.extraction)
            self.doc_iris[k] = iri
            d = src.extraction.document
            if d.identifier:
                self.known.setdefault((d.identifier, d.province), iri)
                self.known.setdefault((d.identifier, None), iri)
                for key in ((d.identifier, d.province), (d.identifier, None)):
                    self.homonyms[key][iri] = _commune_name(src.extraction)
        central = self._central_index(sources)
        scored = self._all_candidates(sources, central)
        yield graph_iri("catalog"), list(self._catalog_graph().quads)
        targets = {v for v in self.corrections.get("alignments", {}).values() if v.startswith("http")}
        seen_graphs: set[str] = set()
        for k, src in enumerate(sources):
            name = source_graph(src.relpath)  # unique per path (graph/sources.py)
            if name in seen_graphs:  # two corpus roots holding the same relative path: the full path
                name = source_graph(os.path.abspath(src.extraction.source.path))
            seen_graphs.add(name)
            quads = list(self._document_graph(src, self.doc_iris[k], name, central, scored[k]).quads)
            scored[k] = None  # done with: the graph holds what was kept
            if targets:
                targets -= {q.subject.value for q in quads}
            yield name, quads
        self._check_manual_targets(targets)

    def _check_manual_targets(self, missing: set[str]) -> None:
        """A manual alignment given as an IRI must name a node the corpus has: else one line, nothing written.

        (One written `03/NQ-CP#12` / `57-NQ/TW#3` is checked when it is resolved, `_task_alignments`.)
        `missing` holds the IRIs no graph stated a triple about.
        """
        if not missing:
            return
        key, target = next((k, v) for k, v in self.corrections["alignments"].items() if v in missing)
        raise InputError(
            "--corrections", f"alignments: {key!r} → {target}: no such central task or group in the corpus"
        )

    @property
    def summary(self) -> dict[str, object]:
        """The build's counts (tasks, alignments by method, …) and its unresolved citations."""
        return {**self.stats, "unresolved": sorted(set(self.unresolved), key=str)}

    def _catalog_graph(self) -> _Graph:
        g = _Graph(graph_iri("catalog"))
        for p in self.catalog.provinces:
            node = NamedNode(area_iri(p["name"]))
            g.add(node, A, _n("Province"))
            g.add(node, LABEL, Literal(p["name"], language="vi"))
            g.add(node, _n("areaKind"), lit(p.get("kind", "tỉnh")))
            for former in p.get("formerly") or []:
                g.add(node, _n("formerName"), Literal(former, language="vi"))
        for d in self.catalog.documents:
            node = NamedNode(self.catalog_iri(d))
            g.add(node, A, _n("LegalDocument"))
            g.add(node, A, _n(KIND_CLASS.get(d.kind, "OtherDocument")))
            g.add(node, _n("identifier"), lit(d.identifier))
            g.add(node, LABEL, Literal(d.identifier))
            g.add(node, _n("dateIssued"), date_lit(d.date))
            if d.title:
                g.add(node, _n("title"), Literal(d.title, language="vi"))
            g.add(node, _n("issuerLevel"), lit(d.level))
            g.add(node, _n("issuerBody"), lit(d.body))
            g.add(node, _n("mandate"), lit(bool(d.mandate)))
            if d.confidence:
                g.add(node, _n("confidence"), lit(d.confidence))
            scope = "vn" if d.level == "central" else area_path(d.province)
            unit = NamedNode(unit_iri(scope, d.issuer))
            g.add(node, _n("issuedBy"), unit)
            g.add(unit, A, _n("Unit"))
            g.add(unit, LABEL, Literal(d.issuer, language="vi"))
            if d.province and d.level != "central":
                g.add(node, _n("jurisdiction"), NamedNode(area_iri(d.province)))
            for target in d.implements:
                t = self.catalog.find(target, d.province)
                if t:
                    g.add(node, _n("implements"), NamedNode(self.catalog_iri(t)))
            for target in d.amends:
                t = self.catalog.find(target, d.province)
                if t:
                    g.add(node, _n("amends"), NamedNode(self.catalog_iri(t)))
            if d.source:
                g.add(node, _n("note"), lit(f"catalog source: {d.source}"))
            self._catalog_life(g, node, d)
        return g

    def _catalog_life(self, g: _Graph, node: NamedNode, d: CatalogDocument) -> None:
        """A mandate's life as the catalog dates it: the programme it replaced and from when, its dated
        effects (passed, implemented by, partly repealed), the reporting it asks for; each with its source."""
        raw = next(
            (r for r in self.catalog.raw.get("documents") or [] if r.get("identifier") == d.identifier), {}
        )
        for target in raw.get("replaces") or []:
            t = self.catalog.find(target)
            if t:
                g.add(node, _n("replaces"), NamedNode(self.catalog_iri(t)))
        if raw.get("replaces") and raw.get("in_force_from"):
            g.add(node, _n("inForceFrom"), date_lit(str(raw["in_force_from"])))
        for n, e in enumerate(raw.get("effects") or [], 1):
            en = NamedNode(f"{node.value}/effect/{n}")
            g.add(node, _n("hasEffect"), en)
            g.add(en, A, _n("Effect"))
            g.add(en, _n("effectKind"), lit(e["kind"]))
            g.add(en, _n("effectiveDate"), date_lit(str(e["date"])))
            if e.get("by"):
                by = self.catalog.find(e["by"])
                g.add(en, _n("effectBy"), NamedNode(self.catalog_iri(by)) if by else None)
                g.add(en, _n("effectByIdentifier"), lit(e["by"]))
            if e.get("articles"):
                g.add(en, _n("articles"), lit(str(e["articles"])))
            g.add(en, _n("note"), lit(e.get("note") or e["kind"]))
            g.add(en, _n("note"), lit(f"catalog source: {e.get('source')}"))
        for n, r in enumerate(raw.get("reporting") or [], 1):
            rn = NamedNode(f"{node.value}/reporting/{n}")
            g.add(node, _n("hasReportingDuty"), rn)
            g.add(rn, A, _n("ReportingDuty"))
            g.add(rn, _n("reportingPeriod"), lit(r["period"]))
            g.add(rn, _n("reportsTo"), Literal(r["to"], language="vi"))
            if r.get("due"):
                g.add(rn, _n("note"), lit(r["due"]))
            g.add(rn, _n("note"), lit(f"catalog source: {r.get('source')}"))

    def _link_programmes(self, by_programme: dict[str, list[tuple[str, Task]]]) -> tuple[dict, dict]:
        """Successions of every loaded programme that replaced a loaded one, and the earlier tasks whose
        lead or deadline the later programme changed (or that it dropped): {task IRI: what changed}."""
        out: dict[str, tuple] = {}
        suspect_of: dict[str, str] = {}
        for me in programme_chain(self.catalog):
            if me.identifier not in by_programme or me.replaces not in by_programme:
                continue
            old_id = me.replaces
            iri_of = {
                f"{p}#{t.number}": iri
                for p in (old_id, me.identifier)
                for iri, t in by_programme[p]
                if t.number
            }
            olds = [t for _, t in by_programme[old_id] if t.number]
            news = [t for _, t in by_programme[me.identifier] if t.number]
            manual = {
                k: v for k, v in self.corrections.get("successors", {}).items() if k.startswith(old_id + "#")
            }
            links = link_programmes(old_id, olds, me.identifier, news, manual)
            out[me.identifier] = (old_id, iri_of, links)
            for s in links:
                if not s.old:
                    continue
                notes = [f"{c.field} {c.old or '–'} → {c.new or '–'}" for c in s.changes if c.field != "text"]
                if s.relation == "dropped":
                    notes = [f"dropped by {me.identifier}"]
                if notes:
                    key = iri_of[s.old]
                    reason = "; ".join(notes) + (f" ({s.new})" if s.new else "")
                    suspect_of[key] = f"{suspect_of[key]}; {reason}" if key in suspect_of else reason
        return out, suspect_of

    def _suspect(self, g: _Graph, node: NamedNode, k: int, target: str, key: str, central: dict) -> None:
        """Flag an alignment to a task a later programme changed (lead, deadline) or dropped, unless an
        auditor cleared this very change (`cleared:` in the corrections file): a new change flags it again."""
        reason = central["suspect_of"].get(target)
        cleared = self.corrections.get("cleared", {}).get(key) or []
        if not reason or reason in ([cleared] if isinstance(cleared, str) else cleared):
            return
        a = NamedNode(f"{node.value}/alignment/{k}")
        g.add(a, _n("suspect"), lit(True))
        g.add(a, _n("suspectReason"), lit(reason))
        self.stats["suspect_links"] += 1

    def _successions(self, g: _Graph, doc: NamedNode, ident: str, central: dict) -> None:
        """The programme this one replaced (with the date) and, task by task, what carried on how."""
        me = next((p for p in programme_chain(self.catalog) if p.identifier == ident), None)
        if me is None or ident not in central["successions"]:
            return
        old_id, iri_of, successions = central["successions"][ident]
        g.add(doc, _n("replaces"), NamedNode(central["programme_doc"][old_id]))
        g.add(doc, _n("inForceFrom"), date_lit(me.in_force_from))
        for n, s in enumerate(successions, 1):
            node = NamedNode(f"{doc.value}/succession/{n}")
            g.add(node, A, _n("Succession"))
            g.add(node, _n("relation"), lit(s.relation))
            g.add(node, _n("score"), lit(float(s.score)))
            g.add(node, _n("method"), lit(s.method))
            g.add(doc, _n("hasSuccession"), node)
            old, new = (
                NamedNode(iri_of[s.old]) if s.old else None,
                NamedNode(iri_of[s.new]) if s.new else None,
            )
            g.add(node, _n("fromTask"), old)
            g.add(node, _n("toTask"), new)
            if old is not None and new is not None:
                g.add(old, _n("succeededBy"), new)
            for c in s.changes:
                cn = NamedNode(f"{node.value}/change/{c.field}")
                g.add(node, _n("hasChange"), cn)
                g.add(cn, A, _n("Change"))
                g.add(cn, _n("changedField"), lit(c.field))
                g.add(cn, _n("oldValue"), lit(c.old or ""))
                g.add(cn, _n("newValue"), lit(c.new or ""))
                note = f"{c.field} {c.old or '–'} → {c.new or '–'}" if c.field != "text" else "text"
                g.add(node, _n("changeNote"), lit(note))
            self.stats[f"successions_{s.relation}"] += 1

    def _central_index(self, sources: list[Source]) -> dict:
        """The 7 central task groups (from 57-NQ/TW, else 03/NQ-CP), the central programmes, central indicators.

        A programme is a central document that numbers its tasks (03/NQ-CP, 71/NQ-CP): any such list is
        aligned against (graph/align.py `Programme`), its tasks named by their printed number. The group
        model (graph/groups.py) reads the group titles, 57-NQ/TW's paragraphs under each group and the
        programme tasks filed under each.
        """
        groups: list[tuple[str, str]] = []
        programmes: list[dict] = []
        indicators: list[tuple[str, Indicator, str]] = []
        group_texts: list[tuple[int, str]] = []
        by_id = {src.extraction.document.identifier: (k, src) for k, src in enumerate(sources)}
        root = by_id.get(MANDATE_ROOT) or by_id.get(PROGRAMME)
        if root:
            k, src = root
            for g in src.extraction.groups[:7]:
                groups.append((self._group_iri(self.doc_iris[k], g.label), g.title))
            for t in src.extraction.tasks:
                if 1 <= group_number(t.group) <= 7:
                    group_texts.append((group_number(t.group), t.text))
        for k, src in enumerate(sources):
            ex = src.extraction
            if ex.document.issuer.level != "central":
                continue
            doc = self.doc_iris[k]
            for n, ind in enumerate(ex.indicators, 1):
                indicators.append((f"{doc}/indicator/{n}", ind, ex.document.identifier or ""))
            if _is_programme(ex) and ex.document.identifier != MANDATE_ROOT:
                tasks = [(f"{doc}/task/{t.number or t.id}", t) for t in ex.tasks]
                programmes.append(
                    {"identifier": ex.document.identifier or src.relpath, "doc": doc, "tasks": tasks}
                )
        by_programme = {p["identifier"]: p["tasks"] for p in programmes}
        successions, suspect_of = self._link_programmes(by_programme)
        # a task that carries on an earlier one word for word (no text change) is already in the group
        # model through the earlier one (71/NQ-CP's OCR'd copy would only add its damaged diacritics)
        carried: dict[str, str] = {}
        for _old_id, iri_of, links in successions.values():
            text_of = {iri: t.text for p in by_programme.values() for iri, t in p}
            for sc in links:
                if sc.old and sc.new and not any(c.field == "text" for c in sc.changes):
                    carried[iri_of[sc.new]] = text_of[iri_of[sc.old]]
        for p in programmes:
            p["engine"] = Programme(
                p["identifier"],
                [t.text for _, t in p["tasks"]],
                [group_number(t.group) for _, t in p["tasks"]],
            )
            for iri, t in p["tasks"]:
                if iri not in carried and 1 <= group_number(t.group) <= 7:
                    group_texts.append((group_number(t.group), t.text))
        model = GroupModel([t for _, t in groups], group_texts) if groups else None
        return {
            "successions": successions,
            "suspect_of": suspect_of,
            "programme_doc": {p["identifier"]: p["doc"] for p in programmes},
            "groups": groups,
            "programmes": programmes,
            "programme_docs": {p["doc"] for p in programmes},
            "group_model": model,
            "indicators": indicators,
        }

    @staticmethod
    def _group_iri(doc: str, label: str) -> str:
        return f"{doc}/group/{slug(label)}"

    def _unit(self, g: _Graph, name: str | None, scope: str, area: NamedNode | None) -> NamedNode | None:
        if not name:
            return None
        fixed = self.corrections.get("units", {}).get(name, name)
        node = NamedNode(unit_iri(scope, fixed))
        g.add(node, A, _n("Unit"))
        g.add(node, LABEL, Literal(fixed, language="vi"))
        if area is not None:
            g.add(node, _n("locatedIn"), area)
        return node

    def _span(self, g: _Graph, node: NamedNode, lines: list[int], doc: NamedNode) -> None:
        g.add(node, DERIVED, doc)
        if lines:
            g.add(node, _n("lineStart"), lit(int(min(lines))))
            g.add(node, _n("lineEnd"), lit(int(max(lines))))

    def _align(
        self,
        g: _Graph,
        node: NamedNode,
        target: str,
        method: str,
        score: float,
        k: int,
        evidence: str | None = None,
    ) -> None:
        a = NamedNode(f"{node.value}/alignment/{k}")
        g.add(a, _n("evidence"), lit(evidence) if evidence else None)
        g.add(node, _n("alignsWith"), NamedNode(target))
        g.add(node, _n("hasAlignment"), a)
        g.add(a, A, _n("Alignment"))
        g.add(a, _n("alignedTo"), NamedNode(target))
        g.add(a, _n("method"), lit(method))
        g.add(a, _n("score"), lit(float(score)))
        self.stats[f"alignments_{method}"] += 1

    def _document_graph(  # noqa: C901 — split on the alignment branch (builder.py is being reworked there)
        self, src: Source, iri: str, name: str, central: dict, scored: dict | None = None
    ) -> _Graph:
        """One document's named graph; `scored`: its plan's candidates if already computed (_all_candidates)."""
        ex = src.extraction
        d = ex.document
        g = _Graph(name)
        doc = NamedNode(iri)
        g.add(doc, A, _n("LegalDocument"))
        g.add(doc, A, _n(KIND_CLASS.get(d.kind, "OtherDocument")))
        if d.identifier:
            g.add(doc, _n("identifier"), lit(d.identifier))
            g.add(doc, _n("documentNumber"), lit(d.number))
            g.add(doc, _n("documentSymbol"), lit(d.symbol))
        g.add(doc, LABEL, Literal(d.identifier or (d.title or src.relpath)[:80], language="vi"))
        if d.title:
            g.add(doc, _n("title"), Literal(d.title, language="vi"))
        g.add(doc, _n("dateIssued"), date_lit(d.date))
        g.add(doc, _n("issuerLevel"), lit(d.issuer.level) if d.issuer.level else None)
        g.add(doc, _n("issuerBody"), lit(d.issuer.body) if d.issuer.body else None)
        g.add(doc, _n("sourcePath"), lit(src.relpath))
        g.add(doc, _n("sourceSha256"), lit(ex.source.sha256))
        g.add(doc, _n("ocrSuspect"), lit(bool(ex.source.ocr_suspect)))
        g.add(doc, _n("lineStart"), lit(1))
        g.add(doc, _n("lineEnd"), lit(int(ex.source.line_count or 1)))
        known = self.catalog.find(d.identifier, d.province) if d.identifier else None
        g.add(doc, _n("mandate"), lit(bool(known and known.mandate) or d.identifier == MANDATE_ROOT))
        commune = _commune_name(ex)
        area = None
        if d.issuer.level == "commune" and commune:
            area = NamedNode(area_iri(d.province, commune))
            g.add(area, A, _n("Commune"))
            g.add(area, LABEL, Literal(commune, language="vi"))
            if d.province:
                g.add(area, _n("locatedIn"), NamedNode(area_iri(d.province)))
        elif d.province:
            area = NamedNode(area_iri(d.province))
        _official_codes(g, ex, area)
        if area is not None and d.issuer.level != "central":
            g.add(doc, _n("jurisdiction"), area)
        scope = _scope(d.issuer.level, d.province, commune)
        issuer = self._unit(g, d.issuer.name, scope, area)
        g.add(doc, _n("issuedBy"), issuer)
        for label in ex.annexes_present:
            g.add(doc, _n("hasAnnex"), lit(label))
        for label in ex.annexes_cited:
            g.add(doc, _n("citesAnnex"), lit(label))
        for mention in ex.district_mentions:
            g.add(doc, _n("mentionsDistrict"), lit(f"line {mention['line']}: {mention['text']}"))

        # citations
        self._citations(g, ex, doc)

        # groups and their alignment to the central groups
        central_groups = central["groups"]
        group_nodes: dict[str, NamedNode] = {}
        group_links: dict[str, list] = {}
        is_root = self._is_root(iri, central)
        for grp in ex.groups:
            gnode = NamedNode(self._group_iri(iri, grp.label))
            group_nodes[grp.label] = gnode
            g.add(doc, _n("hasTaskGroup"), gnode)
            g.add(gnode, A, _n("TaskGroup"))
            g.add(gnode, _n("number"), lit(grp.label))
            g.add(gnode, _n("text"), Literal(grp.title, language="vi"))
            g.add(gnode, LABEL, Literal(f"{grp.label}. {grp.title[:80]}", language="vi"))
            self._span(g, gnode, grp.lines, doc)
            if is_root:
                continue
            links = align_heading(grp.title, [t for _, t in central_groups])
            group_links[grp.label] = links
            for k, link in enumerate(links):
                self._align(g, gnode, central_groups[link.target][0], link.method, link.score, k)

        # tasks (and the duties "Tổ chức thực hiện" assigns, kind duty) with their own alignments
        own_cp = iri in central["programme_docs"]
        items, central, local = self._alignment_scope(ex, iri, central)
        if scored is None:
            scored = self._plan_candidates(items, central) if local else {}
        candidates = scored
        for n_item, t in enumerate(items):
            # a programme's tasks are named by their printed number; its duties ("Tổ chức thực hiện",
            # numbered in a list of their own) by their id, so that duty 4 never becomes task 4
            numbered = own_cp and t.kind != "duty"
            node = NamedNode(f"{iri}/task/{t.number or t.id}" if numbered else f"{iri}/task/{t.id}")
            g.add(doc, _n("hasTask"), node)
            g.add(node, A, _n("Task"))
            if t.kind == "duty":
                g.add(node, A, _n("Duty"))
            g.add(node, _n("text"), Literal(t.text, language="vi"))
            g.add(node, LABEL, Literal(t.text[:80], language="vi"))
            if t.raw_text:
                g.add(node, _n("rawText"), lit(t.raw_text))
            if t.number:
                g.add(node, _n("number"), lit(t.number))
            g.add(node, _n("taskSource"), lit(t.source))
            if t.group and t.group in group_nodes:
                g.add(node, _n("inGroup"), group_nodes[t.group])
            lead = self._unit(g, t.lead_unit, scope, area)
            g.add(node, _n("leadUnit"), lead)
            for c in t.coordinating_units:
                g.add(node, _n("coordinatingUnit"), self._unit(g, c, scope, area))
            if t.deadline == "recurring" or t.recurring or t.recurring_from:
                g.add(node, _n("recurring"), lit(True))
                if t.recurring_from:
                    g.add(node, _n("recurringFrom"), date_lit(str(t.recurring_from)))
            else:
                g.add(node, _n("deadline"), date_lit(t.deadline))
            g.add(node, _n("output"), lit(t.output) if t.output else None)
            self._span(g, node, t.lines, doc)
            if local:
                heading = [link.target + 1 for link in group_links.get(t.group or "", [])]
                self._task_alignments(
                    g,
                    node,
                    t,
                    heading,
                    f"{d.identifier or src.relpath}#{t.id}",
                    central,
                    {p: found[n_item] for p, found in candidates.items()},
                )
            elif own_cp:
                self._applicability(g, node, t, f"{d.identifier}#{t.number or t.id}")
            if own_cp and t.group:
                # a programme's tasks serve the central group of the same number
                number = group_number(t.group)
                if central_groups and 1 <= number <= len(central_groups) and not is_root:
                    self._align(g, node, central_groups[number - 1][0], "heading", 1.0, 0)
            if t.kind == "duty":
                self.stats["duties"] += 1
                continue
            self.stats["tasks"] += 1
            if d.issuer.level == "central" and t.lead_unit:
                # central tasks are the assignments a central programme makes (with a lead agency);
                # 57-NQ/TW's solution paragraphs are the content of its task groups, not assignments
                self.stats["central_tasks"] += 1

        if own_cp:
            self._successions(g, doc, d.identifier, central)

        # indicators and their parents
        self._indicators(g, ex, doc, iri, scope, area, central)

        # responsibilities
        for n, r in enumerate(ex.responsibilities, 1):
            node = NamedNode(f"{iri}/responsibility/{n}")
            g.add(doc, _n("hasResponsibility"), node)
            g.add(node, A, _n("Responsibility"))
            g.add(node, _n("responsibleUnit"), self._unit(g, r.unit, scope, area))
            g.add(node, _n("text"), Literal(r.text, language="vi"))
            self._span(g, node, r.lines, doc)
        for u in ex.units:
            self._unit(g, u.name, scope, area)
        self.stats["documents"] += 1
        return g

    def _mandate_iri(self, mandate: str, central: dict) -> str | None:
        """The IRI of a mandate written `57-NQ/TW#3` or `03/NQ-CP#12` (an IRI is taken as it is)."""
        doc, _, number = mandate.partition("#")
        if doc.strip() == MANDATE_ROOT and number.strip().isdigit():
            n = int(number)
            groups = central["groups"]
            return groups[n - 1][0] if 1 <= n <= len(groups) else None
        for p in central["programmes"]:
            if p["identifier"] == doc.strip():
                return next((i for i, t in p["tasks"] if (t.number or t.id) == number.strip()), None)
        return mandate if ":" in doc and "/" in mandate and mandate.startswith("http") else None

    @staticmethod
    def _is_root(iri: str, central: dict) -> bool:
        """Whether the document is the root mandate whose groups the central groups are (57-NQ/TW)."""
        return bool(central["groups"]) and central["groups"][0][0].startswith(iri + "/")

    def _alignment_scope(self, ex: Extraction, iri: str, central: dict) -> tuple[list[Task], dict, bool]:
        """The items of a document that align (its tasks, then duties that are not tasks), the central index
        narrowed to the programmes it aligns with, and whether it is a local plan (only those align).

        A plan aligns with the programme in force on its date (graph/programmes.py) and with any programme
        it cites itself; the programmes of the chain it does neither with are left out.
        """
        own_cp = iri in central["programme_docs"]
        local = not (own_cp or self._is_root(iri, central) or ex.document.issuer.level == "central")
        loaded = {p["identifier"] for p in central["programmes"]}
        chain = loaded & {p.identifier for p in programme_chain(self.catalog)}
        in_force = programme_in_force(ex.document.date, chain) if local else None
        cited = {r.identifier for r in ex.references}
        scoped = {**central, "aligned_programmes": (loaded - chain) | {in_force} | (chain & cited)}
        items = list(ex.tasks) + [t for t in ex.duties if t.id not in {x.id for x in ex.tasks}]
        return items, scoped, local

    def _all_candidates(self, sources: list[Source], central: dict) -> list[dict | None]:
        """Every local plan's scored candidates, computed in worker processes (None: not a local plan).

        Scoring a plan against the programmes is most of the link step and reads nothing but the plan's
        texts and the central index, so the plans are shared among forked workers (they inherit the
        index) and the answers come back in the plans' order; the graphs are then made one at a time.
        """
        jobs = []
        for k, src in enumerate(sources):
            items, scoped, local = self._alignment_scope(src.extraction, self.doc_iris[k], central)
            jobs.append((items, scoped) if local else None)
        work = [k for k, job in enumerate(jobs) if job is not None]
        out: list[dict | None] = [None] * len(jobs)
        workers = min(self.workers, len(work) // MIN_PLANS_PER_WORKER)
        if workers <= 1:
            for k in work:
                out[k] = self._plan_candidates(*jobs[k])  # type: ignore[misc]
            return out
        global _JOBS
        _JOBS = (self, jobs)
        try:
            context = multiprocessing.get_context(
                "fork"
            )  # the workers inherit the index, nothing is pickled in
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                for k, found in zip(work, pool.map(_score_plan, work, chunksize=4), strict=True):
                    out[k] = found
        finally:
            _JOBS = None
        return out

    def _plan_candidates(self, items: list[Task], central: dict) -> dict[str, list[list[Restatement]]]:
        """Each aligned programme's scored candidates for every item of one plan, in the plan's order: the
        plan model reads the whole plan (the order it restates the programme in, the best task per
        central task), so a plan's tasks are scored together."""
        aligned = [
            p
            for p in central["programmes"]
            if p["identifier"] in central.get("aligned_programmes", {p["identifier"]})
        ]
        if not aligned:
            return {}
        model = central["group_model"]
        probs = [model.probabilities(t.text) if model is not None else None for t in items]
        texts = [t.text for t in items]
        return {p["identifier"]: p["engine"].align_plan(texts, probs) for p in aligned}

    def _task_alignments(  # noqa: C901 — the alignment branch, owned by the alignment work
        self,
        g: _Graph,
        node: NamedNode,
        t: Task,
        heading: list[int],
        key: str,
        central: dict,
        candidates: dict[str, list[Restatement]],
    ) -> None:
        """A local task's own links: the groups its text serves, every programme task it restates, and the
        auditor's decisions (corrections `alignments:` and `reviews:`, method manual), each once.

        A duty (kind duty) is aligned only when its text restates a programme task.
        """
        links: dict[str, tuple[str, float, str | None]] = {}
        manual = self.corrections.get("alignments", {})
        reviews = self.corrections.get("reviews", {}).get(key, {})
        rejected = {self._mandate_iri(m, central) for m in reviews.get("reject", [])}
        for mandate in [manual[key]] if key in manual else []:
            target = self._mandate_iri(mandate, central)
            if target is None:  # was a ValueError traceback ("No scheme found in an absolute IRI")
                raise InputError(
                    "--corrections",
                    f"alignments: {key!r} → {mandate!r}: no such task or mandate "
                    "(write 03/NQ-CP#12, 57-NQ/TW#3 or the IRI of a central task or group)",
                )
            links[target] = ("manual", 1.0, "correction")
        for mandate in reviews.get("accept", []):
            target = self._mandate_iri(mandate, central)
            if target:
                note = f"review by {reviews.get('reviewer') or '?'} on {reviews.get('date') or '?'}"
                links[target] = ("manual", 1.0, note)
        restated = False
        weak: list[tuple[str, float, str]] = []
        model = central["group_model"]
        if key not in manual:
            for p in central["programmes"]:
                for r in candidates.get(p["identifier"], []):
                    target = p["tasks"][r.target][0]
                    if target in rejected:
                        continue
                    if r.score >= RESTATES_THRESHOLD:
                        links.setdefault(target, ("similarity", r.score, r.evidence))
                        restated = True
                    elif r.score >= WEAK_THRESHOLD and t.kind != "duty":
                        weak.append((target, r.score, r.evidence))
        if model is not None and (t.kind != "duty" or restated):
            for gl in model.classify(t.text, heading):
                target = central["groups"][gl.number - 1][0]
                if target not in rejected:
                    links.setdefault(target, ("content", gl.score, gl.evidence))
        for k, (target, (method, score, evidence)) in enumerate(links.items()):
            self._align(g, node, target, method, score, k, evidence)
            if method != "manual":
                self._suspect(g, node, k, target, key, central)
        # candidates below the threshold: not links, but what `gaps` shows as a weak cover
        for k, (target, score, evidence) in enumerate(weak):
            if target in links:
                continue
            c = NamedNode(f"{node.value}/candidate/{k}")
            g.add(node, _n("hasCandidate"), c)
            g.add(c, A, _n("Candidate"))
            g.add(c, _n("alignedTo"), NamedNode(target))
            g.add(c, _n("method"), lit("similarity"))
            g.add(c, _n("score"), lit(float(score)))
            g.add(c, _n("evidence"), lit(evidence) if evidence else None)

    def _applicability(self, g: _Graph, node: NamedNode, t: Task, mandate: str) -> None:
        """The levels a programme task binds (graph/applicability.py), overridable in the corrections file."""
        a = applicability(t.lead_unit, t.text, self.corrections.get("applicability", {}).get(mandate))
        for level in a.levels:
            g.add(node, _n("bindsLevel"), lit(level))
        g.add(node, _n("applicabilityEvidence"), lit(f"{a.evidence} ({a.source})"))
        if a.met_by_plan:
            g.add(node, _n("metByPlan"), lit(True))

    def _citations(self, g: _Graph, ex: Extraction, doc: NamedNode) -> None:
        fixes = self.corrections.get("citations", {})
        for n, ref in enumerate(ex.references, 1):
            identifier = fixes.get(ref.identifier, ref.identifier)
            target_iri, resolved = self.cited_iri(identifier, ex, ref.date)
            if target_iri == doc.value:
                continue  # the document's own number read as a citation: one node, no self-citation
            resolved = resolved or ref.resolved and identifier == ref.identifier
            target = NamedNode(target_iri)
            g.add(doc, _n(RELATION[ref.relation]), target)
            if ref.relation != "mentions":
                g.add(doc, _n("cites"), target)
            c = NamedNode(f"{doc.value}/citation/{n}")
            g.add(doc, _n("hasCitation"), c)
            g.add(c, A, _n("Citation"))
            g.add(c, _n("citedDocument"), target)
            g.add(c, _n("identifier"), lit(identifier))
            g.add(c, _n("citationKind"), lit(ref.relation))
            g.add(c, _n("rawText"), lit(ref.raw or ref.identifier))
            g.add(c, _n("resolved"), lit(bool(resolved)))
            if identifier != ref.identifier:
                g.add(c, _n("note"), lit(f"corrected from {ref.identifier} (corrections file)"))
            elif not resolved and identifier in self.ambiguous:
                g.add(
                    c,
                    _n("note"),
                    lit(
                        f"ambiguous: {self.ambiguous[identifier]} loaded documents have the "
                        f"number {identifier} (different issuers)"
                    ),
                )
            elif ref.note:
                g.add(c, _n("note"), lit(ref.note))
            if ref.intended:
                intended_iri, ok = self.cited_iri(ref.intended, ex, ref.date)
                if ok:
                    g.add(c, _n("intendedDocument"), NamedNode(intended_iri))
            self._span(g, c, ref.lines, doc)
            if not resolved:
                g.add(target, A, _n("LegalDocument"))
                g.add(target, _n("identifier"), lit(identifier))
                g.add(target, LABEL, Literal(identifier))
                self.stats["references_unresolved"] += 1
                self.unresolved.append(
                    UnresolvedCitation(identifier, ex.document.identifier or ex.source.path)
                )
            else:
                self.stats["references_resolved"] += 1

    def _indicators(
        self,
        g: _Graph,
        ex: Extraction,
        doc: NamedNode,
        iri: str,
        scope: str,
        area: NamedNode | None,
        central: dict,
    ) -> None:
        parents = [c for c in central["indicators"] if not c[0].startswith(iri + "/")]
        links = (
            align_indicators(
                [(i.name, i.unit or "") for i in ex.indicators],
                [(c[1].name, c[1].unit or "") for c in parents],
            )
            if parents and ex.document.issuer.level != "central"
            else [None] * len(ex.indicators)
        )
        for n, (ind, link) in enumerate(zip(ex.indicators, links, strict=True), 1):
            node = NamedNode(f"{iri}/indicator/{n}")
            g.add(doc, _n("hasIndicator"), node)
            g.add(node, A, _n("Indicator"))
            g.add(node, _n("text"), Literal(ind.name, language="vi"))
            g.add(node, LABEL, Literal(ind.name[:80], language="vi"))
            g.add(node, _n("measureUnit"), lit(ind.unit) if ind.unit else None)
            if ind.number:
                g.add(node, _n("number"), lit(ind.number))
            g.add(node, _n("responsibleUnit"), self._unit(g, ind.responsible_unit, scope, area))
            self._span(g, node, ind.lines, doc)
            parent = parents[link.target] if link else None
            if parent:
                self._align(g, node, parent[0], link.method, link.score, 0)
                g.add(node, _n("contributesTo"), NamedNode(parent[0]))
            for t in ind.targets:
                tnode = NamedNode(target_iri(node.value, t.year, t.comparator, t.value))
                g.add(node, _n("hasTarget"), tnode)
                g.add(tnode, A, _n("Target"))
                g.add(tnode, _n("year"), lit(int(t.year)) if t.year else None)
                g.add(tnode, _n("comparator"), lit(t.comparator) if t.comparator else None)
                g.add(tnode, _n("value"), lit(float(t.value)) if t.value is not None else None)
                g.add(tnode, _n("measureUnit"), lit(ind.unit) if ind.unit else None)
                if t.raw:
                    g.add(tnode, _n("rawText"), lit(t.raw))
                g.add(tnode, DERIVED, doc)
                self.stats["targets"] += 1
                if parent:
                    for pt in parent[1].targets:
                        if pt.year == t.year and pt.value is not None:
                            ptn = NamedNode(target_iri(parent[0], pt.year, pt.comparator, pt.value))
                            g.add(tnode, _n("parentTarget"), ptn)
                            g.add(tnode, _n("parentValue"), lit(float(pt.value)))
                            g.add(tnode, _n("parentComparator"), lit(pt.comparator or "="))
            self.stats["indicators"] += 1


def _roman(label: str) -> int:
    return group_number(label)


def _is_programme(ex: Extraction) -> bool:
    """A central programme numbers its tasks (1, 2, … 140): ten numbered tasks or more."""
    return sum(1 for t in ex.tasks if (t.number or "").isdigit()) >= 10


def fold_key(text: str) -> str:
    return fold(text)
