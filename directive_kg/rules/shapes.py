"""The rule shapes (shapes/rules.ttl): loading them, scoping them to a run, and indexing them by rule id.

Rules are SHACL shapes carrying `dkg:ruleId` and `dkg:ruleScope` ("document": checked on one
document graph + the catalog; "cross": needs other documents). Nothing here names a document.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from rdflib import Graph, Namespace
from rdflib.namespace import SH
from rdflib.term import Node

from ..model import Severity
from ..ontology import vocab

DKG = Namespace(vocab.DKG)
PROV = Namespace(vocab.PROV)
SEVERITY: dict[Node, Severity] = {
    SH.Violation: Severity.VIOLATION,
    SH.Warning: Severity.WARNING,
    SH.Info: Severity.INFO,
}
TARGET_PREDICATES = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)

RuleIndex = dict[str, tuple[str, Severity, dict[str, str]]]


def load_shapes() -> Graph:
    """The rule shapes, from the package (no network)."""
    g = Graph()
    g.parse(
        data=resources.files("directive_kg.shapes").joinpath("rules.ttl").read_text("utf-8"), format="turtle"
    )
    return g


def scoped_shapes(shapes: Graph, scope: str) -> Graph:
    """The shapes graph with the targets of rules of the other scope removed (so those rules do not run)."""
    g = Graph()
    for t in shapes:
        g.add(t)
    for s in set(shapes.subjects(DKG.ruleScope, None)):
        if str(shapes.value(s, DKG.ruleScope)) != scope:
            for p in TARGET_PREDICATES:
                g.remove((s, p, None))
    return g


def rule_index(shapes: Graph) -> RuleIndex:
    """Shape node (n3) → (rule id, severity, {lang: message}); property shapes inherit their rule's id."""
    index: RuleIndex = {}

    def msgs(node: Node) -> dict[str, str]:
        return {(getattr(m, "language", None) or "en"): str(m) for m in shapes.objects(node, SH.message)}

    for s, rule in shapes.subject_objects(DKG.ruleId):
        sev = SEVERITY.get(shapes.value(s, SH.severity), Severity.VIOLATION)  # type: ignore[arg-type]
        index[s.n3()] = (str(rule), sev, msgs(s))
        for p in shapes.objects(s, SH.property):
            psev = SEVERITY.get(shapes.value(p, SH.severity), sev)  # type: ignore[arg-type]
            index[p.n3()] = (str(rule), psev, msgs(p) or msgs(s))
    return index


def rules_table(shapes: Graph | None = None) -> list[dict[str, Any]]:
    """Every rule: id, severity (the highest its shapes use), scope, technique and messages."""
    shapes = shapes or load_shapes()
    rules: dict[str, dict[str, Any]] = {}
    for s, rule in shapes.subject_objects(DKG.ruleId):
        r = rules.setdefault(
            str(rule),
            {"rule": str(rule), "severity": Severity.INFO, "scope": "", "technique": "Core", "messages": {}},
        )
        sev = SEVERITY.get(shapes.value(s, SH.severity), Severity.VIOLATION)  # type: ignore[arg-type]
        if sev.rank > r["severity"].rank:
            r["severity"] = sev
        r["scope"] = str(shapes.value(s, DKG.ruleScope) or "document")
        if (s, SH.sparql, None) in shapes:
            r["technique"] = "SPARQL constraint"
        elif (s, SH.target, None) in shapes:
            r["technique"] = "SPARQL target + Core constraint"
    return sorted(rules.values(), key=lambda r: r["rule"])
