"""Findings: what validation tells people and machines, and how raw SHACL results merge into them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph

from ..model import Severity
from .describe import RawFinding

LIST_RULES = {"plan-covers-groups", "missing-annex"}  # one finding per focus, naming every value
RANKED = frozenset(s.value for s in Severity)
FAIL_ON = ("violation", "warning", "never")  # the thresholds `dkg validate --fail-on` takes


@dataclass
class Finding:
    """One broken rule at one place: which rule, how serious, where, and the message in every language."""

    rule: str
    severity: Severity
    document: str  # IRI of the document the focus node belongs to
    focus: str  # IRI (or blank node id) of the focus node
    focus_label: str
    message: str  # in the language asked for, with the specific detail appended
    lines: tuple[int, int] | None = None
    document_label: str = ""
    source_path: str = ""
    messages: dict[str, str] = field(default_factory=dict, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "document": self.document,
            "focus": self.focus,
            "message": self.message,
            "lines": list(self.lines) if self.lines else None,
            "document_label": self.document_label,
            "focus_label": self.focus_label,
        }


@dataclass
class ValidationResult:
    """Every finding of a run, the time each document graph took, and the SHACL validation report graph."""

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


def fails(result: ValidationResult, fail_on: str) -> bool:
    """True when a finding at or above `fail_on` ("violation", "warning"; "never": never) exists."""
    if fail_on == "never":
        return False
    threshold = Severity(fail_on).rank
    return any(f.severity in RANKED and Severity(f.severity).rank >= threshold for f in result.findings)


def merge_findings(raw: list[RawFinding], lang: str) -> list[Finding]:
    """Deduplicate (catalog facts are seen by every document run) and gather list rules into one finding."""
    seen: set[tuple[Any, ...]] = set()
    grouped: dict[tuple[Any, ...], RawFinding] = {}
    order: list[tuple[Any, ...]] = []
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
        out.append(
            Finding(
                f["rule"],
                Severity(f["severity"]),
                f["document"],
                f["focus"],
                f["focus_label"],
                (base.rstrip(".") + ": " + detail) if detail else base,
                tuple(f["lines"]) if f["lines"] else None,
                f["document_label"],
                f["source_path"],
                msgs,
            )
        )
    # message and focus last: findings alike in everything else come out in one order, run after run
    out.sort(
        key=lambda f: (
            f.document_label,
            f.document,
            f.rule,
            f.lines or (0, 0),
            f.focus_label,
            f.message,
            f.focus,
        )
    )
    return out
