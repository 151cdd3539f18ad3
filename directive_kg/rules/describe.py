"""What a SHACL result means to a reader: the document it belongs to, labels, line spans and the specific fact.

pyshacl reports a shape, a focus node and perhaps a value; this turns each result into a raw finding
(a dict, cheap to send back from a worker process) carrying the rule id, the document, readable
labels, the lines of the source and the detail a message needs ("2030: ≥ 50 % vs ≥ 80 %").
"""

from __future__ import annotations

import re
from typing import Any

from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from ..model import Severity
from .shapes import DKG, PROV, SEVERITY, RuleIndex

RawFinding = dict[str, Any]
Span = tuple[int, int] | None
MENTION = re.compile(r"^line (\d+):\s*(.*)$", re.S)


def document_of(data: Graph, node: Node | None) -> Node | None:
    """The document a node belongs to (itself, its citing/owning document, or what it derives from)."""
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


def label(data: Graph, node: Node | None) -> str:
    """The identifier or label of a node; a target is named by its indicator and its value."""
    if node is None:
        return ""
    for p in (DKG.identifier, RDFS.label):
        v = data.value(node, p)
        if v is not None:
            return str(v)
    if (node, RDF.type, DKG.Target) in data:
        ind = data.value(None, DKG.hasTarget, node)
        return f"{label(data, ind)} — {target_text(data, node)}"
    return str(node)


def target_text(data: Graph, t: Node) -> str:
    """'2030: ≥50 %' — a target's year, comparator, value and unit."""
    year, cmp, value = data.value(t, DKG.year), data.value(t, DKG.comparator), data.value(t, DKG.value)
    unit = data.value(t, DKG.measureUnit)
    return f"{year or '?'}: {cmp or ''}{num(value)} {unit or ''}".strip()


def num(v: Node | None) -> str:
    """A number without trailing zeros ('?' when absent)."""
    if v is None:
        return "?"
    try:
        return f"{float(v):g}"  # type: ignore[arg-type]
    except ValueError:
        return str(v)


def lines(data: Graph, node: Node | None) -> Span:
    """The source lines a node was read from (a target: its indicator's)."""
    start, end = data.value(node, DKG.lineStart), data.value(node, DKG.lineEnd)
    if start is None and (node, RDF.type, DKG.Target) in data:
        return lines(data, data.value(None, DKG.hasTarget, node))
    if start is None:
        return None
    return int(start), int(end if end is not None else start)  # type: ignore[call-overload]


def detail(rule: str, data: Graph, focus: Node, value: Node | None, derived: set[Any]) -> tuple[str, Span]:
    """The specific fact behind a finding (language-neutral), and a better line span when there is one."""
    if rule == "unresolved-reference":
        raw, note = data.value(focus, DKG.rawText), data.value(focus, DKG.note)
        parts = [f"“{raw}”" if raw else ""] + ([str(note)] if note else [])
        return " — ".join(p for p in parts if p), None
    if rule == "stale-district-reference":
        found = sorted(
            (int(m.group(1)), m.group(2))
            for v in data.objects(focus, DKG.mentionsDistrict)
            if (m := MENTION.match(str(v)))
        )
        if found:
            return "; ".join(f"line {n}: {t}" for n, t in found), (found[0][0], found[-1][0])
        return "", None
    if rule == "target-below-parent":
        pv, pc = data.value(focus, DKG.parentValue), data.value(focus, DKG.parentComparator)
        how = " (parent derived by similarity)" if (focus, DKG.parentValue, pv) in derived else ""
        return f"{target_text(data, focus)} vs {pc or ''}{num(pv)}{how}", None
    if rule in ("issued-after-parent",) and value is not None:
        return (
            f"{label(data, value)} ({data.value(value, DKG.dateIssued)}) > "
            f"{data.value(focus, DKG.dateIssued)}"
        ), citation_lines(data, focus, value)
    if rule == "task-deadline-after-issue":
        doc = data.value(None, DKG.hasTask, focus)
        deadlines = ", ".join(sorted(str(d) for d in data.objects(focus, DKG.deadline)))
        return f"{deadlines} < {data.value(doc, DKG.dateIssued)}", None
    if rule == "missing-annex" and value is not None:
        return (str(value) or "(unnumbered)"), None
    if rule == "plan-covers-groups" and value is not None:
        return label(data, value), None
    return "", None


def citation_lines(data: Graph, doc: Node, cited: Node) -> Span:
    """The lines of the citation of `cited` in `doc`."""
    for c in data.objects(doc, DKG.hasCitation):
        if data.value(c, DKG.citedDocument) == cited:
            return lines(data, c)
    return None


def raw_findings(report: Graph, data: Graph, index: RuleIndex, derived: set[Any]) -> list[RawFinding]:
    """One raw finding per result of a SHACL report (results of shapes without a rule id are dropped)."""
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(r, SH.sourceShape)
        rule, sev, msgs = index.get(shape.n3() if shape is not None else "", ("", Severity.VIOLATION, {}))
        if not rule:
            continue  # a result from a helper shape would be a bug in rules.ttl; never report it unnamed
        sev = SEVERITY.get(report.value(r, SH.resultSeverity), sev)  # type: ignore[arg-type]
        focus, value = report.value(r, SH.focusNode), report.value(r, SH.value)
        doc = document_of(data, focus)
        what, better = detail(rule, data, focus, value, derived)  # type: ignore[arg-type]
        out.append(
            {
                "rule": rule,
                "severity": str(sev),
                "document": str(doc) if doc is not None else "",
                "document_label": label(data, doc),
                "source_path": str(data.value(doc, DKG.sourcePath) or "") if doc is not None else "",
                "focus": str(focus),
                "focus_label": label(data, focus),
                "lines": better or (None if focus == doc else lines(data, focus)),
                "value": str(value) if value is not None else "",
                "detail": what,
                "messages": msgs,
            }
        )
    return out
