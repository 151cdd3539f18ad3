"""`dkg synth`: a deterministic synthetic corpus whose ground truth extraction recovers and whose injected
defects `dkg validate` finds."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from directive_kg.build import build
from directive_kg.catalog import load_catalog
from directive_kg.cli import main
from directive_kg.loaders import extract_file
from directive_kg.rules import validate
from directive_kg.stores import OxigraphStore
from directive_kg.synth import generate
from directive_kg.synth.names import split_counts


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "corpus"
    res = CliRunner().invoke(
        main, ["synth", "--provinces", "3", "--communes", "40", "--out", str(out), "--seed", "7"]
    )
    assert res.exit_code == 0, res.output
    return out


@pytest.fixture(scope="module")
def manifest(corpus: Path) -> dict:
    return json.loads((corpus / "MANIFEST.json").read_text("utf-8"))


def test_same_seed_same_bytes(corpus: Path, tmp_path: Path) -> None:
    generate(tmp_path / "again", 3, 40, seed=7)
    assert _digest(tmp_path / "again") == _digest(corpus)


def test_another_seed_other_bytes(corpus: Path, tmp_path: Path) -> None:
    generate(tmp_path / "other", 3, 40, seed=8)
    assert _digest(tmp_path / "other") != _digest(corpus)


@pytest.mark.parametrize("total,n", [(3321, 34), (33, 34), (40, 3), (0, 5), (1, 1)])
def test_communes_split_across_provinces_sum_to_the_total(total: int, n: int) -> None:
    import random

    counts = split_counts(total, n, random.Random(1))
    assert len(counts) == n and sum(counts) == total and min(counts) >= (1 if total >= n else 0)


def test_one_plan_per_province_and_per_commune(manifest: dict, corpus: Path) -> None:
    docs = manifest["documents"]
    assert sum(manifest["per_province"].values()) == 40
    assert sum(1 for d in docs if d["level"] == "province") == 3
    assert sum(1 for d in docs if d["level"] == "commune") == 40
    provinces = set(load_catalog().province_names())
    assert {d["province"] for d in docs} <= provinces
    for d in docs:
        text = (corpus / d["path"]).read_text("utf-8")
        assert text == unicodedata.normalize("NFC", text)
    assert (corpus / "central" / "03-NQ-CP.md").is_file() and (corpus / "central" / "57-NQ-TW.md").is_file()


def test_corpus_has_ocr_damage_and_defects(manifest: dict) -> None:
    docs = manifest["documents"]
    assert any(d["ocr"] for d in docs) and any(not d["ocr"] for d in docs)
    kinds = {k for d in docs for k in d["defects"]}
    assert {"missing_lead", "stale_district", "low_target"} & kinds


def test_extraction_recovers_the_ground_truth_of_clean_documents(manifest: dict, corpus: Path) -> None:
    clean = [d for d in manifest["documents"] if not d["ocr"] and not d["defects"]]
    assert len(clean) >= 10
    fields = tasks = ok_lead = ok_deadline = 0
    for d in clean:
        ex = extract_file(corpus / d["path"])
        fields += (
            (ex.document.identifier == d["identifier"])
            + (ex.document.date == d["date"])
            + (ex.document.province == d["province"])
        )
        by_number = {t.number: t for t in ex.tasks}
        for t in d["tasks"]:
            tasks += 1
            got = by_number.get(t["number"])
            ok_lead += bool(got and got.lead_unit == t["lead"])
            ok_deadline += bool(got and got.deadline == t["deadline_iso"])
    assert fields / (3 * len(clean)) >= 0.95
    assert ok_lead / tasks >= 0.95 and ok_deadline / tasks >= 0.95


@pytest.fixture(scope="module")
def built(corpus: Path, tmp_path_factory) -> OxigraphStore:
    store = OxigraphStore(tmp_path_factory.mktemp("store") / "s")
    paths = sorted(p for p in corpus.rglob("*") if p.suffix in {".txt", ".md"})
    report = build(paths, [corpus], store)
    assert not report.errors and len(report.sources) == len(paths)
    return store


def test_validation_finds_every_injected_defect(built: OxigraphStore, manifest: dict) -> None:
    result = validate(built, workers=2)
    found: dict[str, set[str]] = defaultdict(set)
    for f in result.findings:
        found[f.source_path].add(f.rule)
    missed = [
        (d["path"], rule)
        for d in manifest["documents"]
        for rule in d["expected_rules"]
        if rule not in found[d["path"]]
    ]
    expected = sum(len(d["expected_rules"]) for d in manifest["documents"])
    assert expected >= 5 and not missed
    # and the rules that only defects trigger stay quiet on clean documents
    quiet = {"stale-district-reference", "missing-annex", "missing-identifier"}
    noisy = [
        (d["path"], r) for d in manifest["documents"] if not d["defects"] for r in found[d["path"]] & quiet
    ]
    assert not noisy
