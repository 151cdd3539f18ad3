"""docs/python.md's examples are doctests: run them against the example corpus (the conftest store)."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytest.importorskip("pandas")


def test_docs_python_md_doctests(store_path, monkeypatch):
    monkeypatch.setenv("DKG_STORE", store_path)
    result = doctest.testfile(
        str(ROOT / "docs" / "python.md"),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert result.attempted > 10
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in docs/python.md failed"
