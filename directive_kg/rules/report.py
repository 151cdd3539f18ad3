"""The validation result as text (with source excerpts), as an HTML page, and as the build's one-line summary.

These return strings; `dkg validate` and `dkg build` decide where they go.
"""

from __future__ import annotations

import contextlib
import html
from collections import defaultdict
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .findings import Finding, ValidationResult

EXCERPT_LINES = 3  # source lines shown under a finding
EXCERPT_WIDTH = 160  # characters of each


def _excerpt(f: Finding, roots: list[Path], cache: dict[str, list[str] | None]) -> list[str]:
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
    end = min(end, start + EXCERPT_LINES - 1)
    return [
        f"      {n:>5} | {lines[n - 1][:EXCERPT_WIDTH]}" for n in range(start, end + 1) if 0 < n <= len(lines)
    ]


def _span(f: Finding) -> str:
    if f.lines and f.lines[0] != f.lines[1]:
        return f" (lines {f.lines[0]}–{f.lines[1]})"
    return f" (line {f.lines[0]})" if f.lines else ""


def format_text(result: ValidationResult, roots: list[Path]) -> str:
    """Findings by document and rule, each with the source lines it is about (read under `roots`)."""
    out: list[str] = []
    cache: dict[str, list[str] | None] = {}
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
                focus = f.focus_label if f.focus_label != f.document_label else ""
                out.append(f"    - {focus + ': ' if focus else ''}{f.message}{_span(f)}")
                out += _excerpt(f, roots, cache)
    out.append(f"{summary_counts(result)} in {len(by_doc)} document(s)")
    return "\n".join(out)


def summary_counts(result: ValidationResult) -> str:
    """'3 violation(s), 41 warning(s)'."""
    return f"{result.count('violation')} violation(s), {result.count('warning')} warning(s)"


@cache
def _template() -> Any:
    import jinja2

    env = jinja2.Environment(autoescape=True, keep_trailing_newline=True)
    return env.from_string(resources.files(__package__).joinpath("findings.html.j2").read_text("utf-8"))


def format_html(result: ValidationResult, lang: str) -> str:
    """A standalone HTML table of the findings (every document string escaped)."""

    def e(value: object) -> Markup:  # html.escape, as the page always had (quotes as &#x27; / &quot;)
        return Markup(html.escape(str(value)))

    rows = [
        {
            "severity": e(f.severity),
            "document": e(f.document_label or f.document),
            "rule": e(f.rule),
            "focus": e(f.focus_label),
            "message": e(f.message),
            "lines": e(f"{f.lines[0]}–{f.lines[1]}" if f.lines else ""),
        }
        for f in result.findings
    ]
    title = "Kết quả kiểm tra" if lang == "vi" else "Validation report"
    return str(_template().render(lang=e(lang), title=e(title), counts=summary_counts(result), rows=rows))


def summary_line(result: ValidationResult) -> str:
    """E.g. 'validation: 3 violations, 41 warnings (dkg validate for details)'."""
    v, w = result.count("violation"), result.count("warning")
    return (
        f"validation: {v} violation{'s' if v != 1 else ''}, {w} warning{'s' if w != 1 else ''} "
        f"(dkg validate for details)"
    )


def one_line_summary(store: Any) -> str:
    """Validate `store` and give its `summary_line`."""
    from .engine import validate

    return summary_line(validate(store))
