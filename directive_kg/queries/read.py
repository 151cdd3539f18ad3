"""The read model: typed rows from the read queries in queries/read/*.rq, for every module that reads the graph.

Named queries (queries/*.rq) answer users; these answer the code (viz, reports, analytics, trace,
the kept answers). Each function runs one .rq file through the store API and returns dataclasses,
so no SPARQL text lives in Python.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def read_query(name: str) -> str:
    """The text of queries/read/NAME.rq."""
    return resources.files(__package__).joinpath(f"read/{name}.rq").read_text(encoding="utf-8")
