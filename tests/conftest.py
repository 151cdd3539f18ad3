"""Fixtures shared by the test modules: the example corpus built once per session into its own store.

Queries, reports and views only read it; a test that changes a store builds its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from directive_kg.stores import open_store

ROOT = Path(__file__).resolve().parent.parent
DKG = Path(sys.executable).parent / "dkg"


@pytest.fixture(scope="session")
def example_build(tmp_path_factory) -> tuple[str, dict]:
    """An embedded store holding examples/corpus, built once by the real `dkg build`, and the build's
    JSON summary. Every test that only reads the example corpus's graph uses this one build (a build
    of the corpus, 71/NQ-CP's 189 tasks included, is the suite's most repeated cost)."""
    path = tmp_path_factory.mktemp("example") / "store"
    proc = subprocess.run(
        [str(DKG), "build", str(ROOT / "examples/corpus"), "--store", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return str(path), json.loads(proc.stdout)


@pytest.fixture(scope="session")
def store_path(example_build) -> str:
    """Path of the example corpus's store (read only: a test that changes a store builds its own)."""
    return example_build[0]


@pytest.fixture(scope="session")
def store(store_path):
    return open_store(store_path)
