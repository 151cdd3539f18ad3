"""Fixtures shared by the test modules: the example corpus built once per session into its own store.

Queries, reports and views only read it; a test that changes a store builds its own.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from directive_kg.stores import open_store

ROOT = Path(__file__).resolve().parent.parent
DKG = Path(sys.executable).parent / "dkg"


@pytest.fixture(scope="session")
def store_path(tmp_path_factory) -> str:
    """Path of an embedded store holding examples/corpus, built by the real `dkg build`."""
    path = tmp_path_factory.mktemp("example") / "store"
    proc = subprocess.run(
        [str(DKG), "build", str(ROOT / "examples/corpus"), "--store", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return str(path)


@pytest.fixture(scope="session")
def store(store_path):
    return open_store(store_path)
