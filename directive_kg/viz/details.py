"""Node details: validation findings on the node and the source excerpt (with line numbers) it was read from."""

from __future__ import annotations

import contextlib
from pathlib import Path

from .model import VizGraph

MAX_EXCERPT = 12  # lines shown for one node


def attach_findings(g: VizGraph, findings: list) -> None:
    """Each finding goes to its focus node, or to its document's node when the focus is not drawn."""
    for f in findings:
        target = f.focus if f.focus in g.nodes else (f.document if f.document in g.nodes else None)
        if target is None:
            continue
        about = "" if target == f.focus else f.focus_label
        g.nodes[target].details.setdefault("findings", []).append(
            {
                "severity": f.severity,
                "rule": f.rule,
                "message": f.message,
                "about": about,
                "lines": list(f.lines) if f.lines else None,
            }
        )


class SourceReader:
    """Reads source files under the corpus roots only (a path leaving its root is ignored)."""

    def __init__(self, roots: list[Path]) -> None:
        self.roots = [r.resolve() for r in roots]
        self.cache: dict[str, list[str] | None] = {}

    def lines(self, rel: str) -> list[str] | None:
        if rel not in self.cache:
            self.cache[rel] = None
            for root in self.roots:
                p = (root / rel).resolve()
                if p.is_relative_to(root) and p.is_file():
                    with contextlib.suppress(OSError):
                        self.cache[rel] = p.read_text("utf-8", errors="replace").splitlines()
                    break
        return self.cache[rel]


def attach_excerpts(g: VizGraph, roots: list[Path]) -> None:
    """The node's source lines (at most MAX_EXCERPT); without the file, the extracted text as printed."""
    reader = SourceReader(roots)
    for n in g.nodes.values():
        d = n.details
        span, rel = d.get("lines"), d.get("source")
        if not span:
            continue
        start, end = span
        lines = reader.lines(rel) if rel else None
        if lines:
            stop = min(end, start + MAX_EXCERPT - 1, len(lines))
            d["excerpt"] = [[i, lines[i - 1]] for i in range(max(start, 1), stop + 1)]
            d["excerpt_from"] = "file"
            if stop < end:
                d["excerpt_more"] = end - stop
        elif d.get("raw") or d.get("text"):
            d["excerpt"] = [[start, d.get("raw") or d.get("text")]]
            d["excerpt_from"] = "extracted"
