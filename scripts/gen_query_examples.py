#!/usr/bin/env python3
"""Refresh docs/queries.md from the code: each query's SPARQL and Cypher text, and its example results.

Under each `## NAME` heading the ```sparql and ```cypher blocks are rewritten from
directive_kg/queries/NAME.rq and NAME.cypher. Each example is a line `Example on `examples/corpus` — `dkg query NAME -p k=v …`: …` followed by a
Markdown table; the table and the row count are rewritten from a fresh build, so the docs show what
the code answers today.

    .venv/bin/python scripts/gen_query_examples.py            # rewrite docs/queries.md
    .venv/bin/python scripts/gen_query_examples.py --check    # exit 1 if the docs are stale
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from directive_kg.build import build  # noqa: E402
from directive_kg.queries import run  # noqa: E402
from directive_kg.stores import OxigraphStore  # noqa: E402

DOC = ROOT / "docs" / "queries.md"
SECTION = re.compile(r"^## (?P<name>[\w-]+)\s*$")
FENCE = re.compile(r"^```(?P<lang>sparql|cypher)\s*$")
QUERIES = ROOT / "directive_kg" / "queries"
HEAD = re.compile(r"^Example on `examples/corpus` — `dkg query (?P<name>[\w-]+) ?(?P<params>[^`]*)`: .*$")
BASE = "https://w3id.org/directive-kg"
SHOWN = 5
WIDTH = 60


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    text = text.replace(BASE, "…").replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= WIDTH else text[: WIDTH - 1] + "…"


def _example(store: OxigraphStore, name: str, params_text: str) -> list[str]:
    params = dict(p.split("=", 1) for p in re.findall(r"-p (\S+(?: (?!-p )\S+)*)", params_text))
    result = run(name, params, store)
    n = len(result.rows)
    head = f"Example on `examples/corpus` — `dkg query {name} {params_text}`: {n} row(s)"
    head += f", first {SHOWN}:" if n > SHOWN else ":"
    lines = [head, "", "| " + " | ".join(result.columns) + " |", "|" + "---|" * len(result.columns)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in result.rows[:SHOWN]]
    return lines


def render(text: str, store: OxigraphStore) -> str:
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    section = None
    while i < len(lines):
        if s := SECTION.match(lines[i]):
            section = s["name"]
        if (f := FENCE.match(lines[i])) and section and (QUERIES / f"{section}.rq").is_file():
            suffix = ".rq" if f["lang"] == "sparql" else ".cypher"
            out += [
                lines[i],
                *(QUERIES / f"{section}{suffix}").read_text(encoding="utf-8").rstrip("\n").splitlines(),
            ]
            i += 1
            while i < len(lines) and lines[i] != "```":
                i += 1  # the old text, up to the closing fence (kept by the next round)
            continue
        m = HEAD.match(lines[i])
        if not m:
            out.append(lines[i])
            i += 1
            continue
        out += _example(store, m["name"], m["params"].strip())
        i += 1
        while i < len(lines) and not lines[i].strip():
            i += 1  # the blank line before the old table
        while i < len(lines) and lines[i].startswith("|"):
            i += 1  # the old table
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    corpus = ROOT / "examples" / "corpus"
    paths = sorted(p for p in corpus.rglob("*") if p.suffix in {".txt", ".md"} and p.name != "SOURCES.md")
    with tempfile.TemporaryDirectory() as tmp:
        store = OxigraphStore(Path(tmp) / "store")
        build(paths, [corpus], store, {})
        new = render(DOC.read_text(encoding="utf-8"), store)
    if "--check" in argv:
        if new != DOC.read_text(encoding="utf-8"):
            print(f"{DOC}: examples are stale; run scripts/gen_query_examples.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(new, encoding="utf-8")
    print(f"{DOC}: examples refreshed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
