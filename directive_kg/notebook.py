"""The notebook API: `Graph` opens a store or an endpoint and answers queries as DataFrames or networkx.

    >>> from directive_kg import Graph            # doctest: +SKIP
    >>> g = Graph(".dkg/store")                   # or Graph("http://127.0.0.1:7878") (dkg serve, Fuseki)
    >>> g.query("lineage", node="10/KH-UBND")     # a named query → pandas DataFrame

Why a facade: `open_store`, `queries.run` and `analytics.to_networkx` each answer part of what an
analyst asks in a notebook, with three calling conventions; `Graph` gives them one object whose
results are DataFrames (pandas is an optional extra: `pip install 'directive-kg[notebook]'`),
checks named-query parameters exactly as `dkg query` does, and builds the networkx graph with
indicators and targets. Documented with doctests in docs/python.md (run by tests/test_python_docs.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .stores import QueryResult, open_store

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise ImportError(
            "results as DataFrames need pandas: pip install 'directive-kg[notebook]' "
            "(or use Graph.result(...), which returns plain rows)"
        ) from None
    return pandas


class Graph:
    """A directive-kg graph: the embedded store at a path, or a SPARQL endpoint at a URL.

    `source`: a store directory (default `.dkg/store`, or `DKG_STORE`), or `http(s)://…` — `dkg serve`'s
    address or a SPARQL server dataset such as Fuseki's `http://127.0.0.1:3030/dkg`.
    """

    def __init__(self, source: str | Path | None = None) -> None:
        self.source = str(source) if source is not None else None
        self.store = open_store(self.source)

    def __repr__(self) -> str:
        where = getattr(self.store, "url", None) or str(getattr(self.store, "path", self.source))
        return f"Graph({where!r})"

    @property
    def queries(self) -> list[str]:
        """The names of the named queries (`dkg queries` describes them)."""
        from .queries import list_queries

        return [q.name for q in list_queries()]

    def result(self, query: str, params: dict[str, str] | None = None, **kwargs: str) -> QueryResult:
        """Rows without pandas: a named query (its name) with parameters, or SPARQL text (read-only).

        Parameters come as keywords or, for names that are Python keywords (`from`), as `params`.
        """
        from .queries import ORDER, run

        values = {**(params or {}), **kwargs}
        if query.strip() in ORDER:
            return run(query.strip(), values, self.store, fresh=True)
        if values:
            raise InputError("<query>", "parameters are for named queries; bind SPARQL values in the text")
        return self.store.query(query)

    def query(self, query: str, params: dict[str, str] | None = None, **kwargs: str) -> pd.DataFrame:
        """A named query or SPARQL text as a pandas DataFrame (columns as the query names them)."""
        result = self.result(query, params, **kwargs)
        return _pandas().DataFrame(result.rows, columns=result.columns)

    def networkx(self) -> nx.DiGraph:
        """Documents, task groups, tasks, units, indicators and targets as a networkx DiGraph.

        Node attribute `kind` (document, group, task, unit, indicator, target, other), `label`; targets
        carry `year`, `comparator`, `value`, `measure_unit`. Edge attribute `kind` (analytics.py lists them).
        """
        from .analytics import to_networkx

        return to_networkx(self.store, indicators=True)
