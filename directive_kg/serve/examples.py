"""The named queries as runnable examples: each .rq with example parameters bound in a VALUES block.

The page shows them as they would be sent by any SPARQL client: the parameters `dkg query` binds
as Oxigraph substitutions are written into the text (store.bind_values, the same binding used
for remote SPARQL servers), so a query copied from the page runs unchanged on Fuseki too.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from ..queries import bind, get_query, list_queries
from ..stores import bind_values

# the parameters of the examples in docs/queries.md (examples/corpus); implementers asks for a central
# task group, which local plans of the example corpus carry out
EXAMPLE_PARAMS: dict[str, dict[str, str]] = {
    "implementers": {"mandate": "57-NQ/TW#3"},
    "lineage": {"node": "10/KH-UBND"},
    "coverage": {},
    "gaps": {"plan": "536/QĐ-UBND"},
    "responsibilities": {"unit": "van hoa"},
    "targets-vs-parent": {"indicator": "doanh nghiep"},
    "deadlines": {"from": "2025-06-01", "to": "2025-06-30"},
    "unresolved-references": {},
    "alignments": {"plan": "108/KH-UBND"},
    "programme-changes": {},
    "suspects": {},
    "in-force": {"date": "2025-10-15"},
}


def bound_text(name: str, params: dict[str, str]) -> str:
    """The named query `name` as self-contained SPARQL with `params` bound (checked as dkg query does)."""
    query = get_query(name)
    values = bind(query, params)
    terms = {k: NamedNode(str(v)) if k in query.iri_params else v for k, v in values.items()}
    return bind_values(query.sparql, terms)


def examples() -> list[dict[str, str]]:
    """name, description, parameters (as `dkg query -p`) and the bound query text, in `dkg queries` order."""
    out = []
    for q in list_queries():
        params = EXAMPLE_PARAMS.get(q.name, {})
        out.append(
            {
                "name": q.name,
                "description": q.description,
                "params": " ".join(f"-p {k}={v}" for k, v in params.items()),
                "query": bound_text(q.name, params),
            }
        )
    return out
