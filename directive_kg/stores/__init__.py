"""Stores behind one interface (base.GraphStore): the embedded Oxigraph store and any SPARQL 1.1 server.

`open_store` picks one from a path or a URL; callers use the GraphStore methods and capability flags
only. Modules: base (the protocol, QueryResult, term conversion), oxigraph, sparql, retry (the HTTP
retry helper), answers (the answers kept beside a generation).
"""

from __future__ import annotations

import os

from .base import GraphStore, QueryResult, reject_updates, to_term
from .oxigraph import DEFAULT_STORE, OxigraphStore
from .sparql import SparqlStore, bind_rows, bind_values


def open_store(spec: str | None) -> GraphStore:
    """The store at `spec` (a path or an http(s) URL), else $DKG_STORE, else ./.dkg/store."""
    spec = spec or os.environ.get("DKG_STORE") or DEFAULT_STORE
    if spec.startswith(("http://", "https://")):
        return SparqlStore(spec)
    return OxigraphStore(spec)


__all__ = [
    "DEFAULT_STORE",
    "GraphStore",
    "OxigraphStore",
    "QueryResult",
    "SparqlStore",
    "bind_rows",
    "bind_values",
    "open_store",
    "reject_updates",
    "to_term",
]
