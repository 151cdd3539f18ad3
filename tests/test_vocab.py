"""The vocabulary is written once (directive_kg/ontology/vocab.py) and agrees with the ontology's Turtle."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from directive_kg.ontology import vocab

ROOT = Path(__file__).resolve().parent.parent
TTL = ROOT / "directive_kg" / "ontology" / "dkg.ttl"


def test_prefixes_are_the_ones_dkg_ttl_declares():
    declared = dict(re.findall(r"@prefix\s+(\w*):\s*<([^>]+)>", TTL.read_text(encoding="utf-8")))
    assert declared == vocab.PREFIXES


def test_no_other_module_writes_a_namespace_or_the_root_mandate():
    """grep: the namespace IRIs and the root mandate's identifier as code appear in vocab.py only."""
    pkg = ROOT / "directive_kg"
    wanted = [vocab.DKG, vocab.PROV, vocab.RDF, vocab.RDFS, vocab.XSD, vocab.SKOS, vocab.ORG, vocab.ELI]
    offenders = []
    for path in pkg.rglob("*.py"):
        if path.name == "vocab.py" or "synth" in path.parts:  # the generator writes documents' prose
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0] if not any(ns in line for ns in wanted) else line
            if any(f'"{ns}' in code for ns in wanted) or re.search(r'=\s*"57-NQ/TW"', code):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


def test_ontology_docs_are_current():
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_ontology_docs.py"), "--check"], capture_output=True
    )
    assert out.returncode == 0, out.stdout + out.stderr
