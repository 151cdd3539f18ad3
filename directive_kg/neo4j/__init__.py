"""Project the RDF graph into a real Neo4j (property graph) and run read-only Cypher against it.

The package is named after the database it talks to; its modules import the driver as the absolute
`neo4j` (Python 3 has no implicit relative imports, so `import neo4j` inside it is the driver):
mapping (RDF → property graph, docs/neo4j.md), values (literal and result conversion), connection
(driver, retries, errors), push (the incremental mirror) and cypher (the read-only check and queries).
"""

from __future__ import annotations

from .connection import DEFAULT_URI, RETRY_BASE_SECONDS, RETRY_TRIES, with_retries
from .cypher import READ_ONLY_REASON, check_read_only, run_cypher
from .mapping import (
    RDF_TYPE,
    RDFS_LABEL,
    GraphPart,
    Projection,
    project,
    project_store,
    property_name,
    relationship_type,
    store_quads,
)
from .push import PushReport, push
from .values import plain

__all__ = [
    "DEFAULT_URI",
    "RDFS_LABEL",
    "RDF_TYPE",
    "READ_ONLY_REASON",
    "RETRY_BASE_SECONDS",
    "RETRY_TRIES",
    "GraphPart",
    "Projection",
    "PushReport",
    "check_read_only",
    "plain",
    "project",
    "project_store",
    "property_name",
    "push",
    "relationship_type",
    "run_cypher",
    "store_quads",
    "with_retries",
]
