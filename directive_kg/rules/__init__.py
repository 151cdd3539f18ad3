"""SHACL validation of the directive graph: traceability rules with stable ids, bilingual messages.

The rules live in `shapes/rules.ttl` (SHACL Core wherever Core can say it, sh:sparql otherwise).
Each source document's named graph is validated together with the catalog graph — in parallel over
a process pool when there are many documents — and the rules that need other documents (chains of
dkg:implements, the central task groups) run per batch in a small cross-document context. The
results merge into one report: `Finding`s for people and machines, and the SHACL report graph.

Modules: shapes (loading and indexing the rules), source (reading the store), context (the
cross-document facts and derived parent targets), describe (a SHACL result in words), engine (the
run), findings (the dataclasses and merging), report (text, HTML, one-line summary).
Nothing here names a document, and nothing prints: everything comes from the shapes and the data.
"""

from __future__ import annotations

from ..model import Severity
from .context import derive_parent_targets
from .engine import run_shacl, validate
from .findings import FAIL_ON, Finding, ValidationResult, fails
from .report import format_html, format_text, one_line_summary, summary_line
from .shapes import load_shapes, rules_table

__all__ = [
    "FAIL_ON",
    "Finding",
    "Severity",
    "ValidationResult",
    "derive_parent_targets",
    "fails",
    "format_html",
    "format_text",
    "load_shapes",
    "one_line_summary",
    "rules_table",
    "run_shacl",
    "summary_line",
    "validate",
]
