"""Value conversion between RDF literals, Neo4j properties and plain Python (for query results)."""

from __future__ import annotations

from typing import Any

from ..ontology.vocab import XSD

INT_TYPES = {
    XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
FLOAT_TYPES = {XSD + t for t in ("decimal", "double", "float")}
BOOL_TYPE = XSD + "boolean"
DATE_TYPE = XSD + "date"


def literal_value(lit: Any) -> object:
    """A pyoxigraph literal as a Neo4j property value (int, float, bool or its lexical form)."""
    dt = lit.datatype.value if lit.datatype is not None else ""
    text = lit.value
    try:
        if dt in INT_TYPES:
            return int(text)
        if dt in FLOAT_TYPES:
            return float(text)
    except ValueError:
        return text
    if dt == BOOL_TYPE:
        return text.strip() in ("true", "1")
    if dt == DATE_TYPE:  # a Neo4j Date (the driver maps datetime.date); gYear/gYearMonth stay strings
        import datetime

        try:
            return datetime.date.fromisoformat(text.strip())
        except ValueError:
            return text
    return text


def final_value(values: set[object]) -> object:
    """One value, or a sorted homogeneous list of several (Neo4j lists hold one kind)."""
    if len(values) == 1:
        return next(iter(values))
    kinds = {type(v) for v in values}
    if len(kinds) > 1 and not kinds <= {int, float}:
        values = {str(v) for v in values}  # Neo4j lists are homogeneous: mixed kinds become strings
    return sorted(values)  # type: ignore[type-var]


def preferred_label(values: list[str]) -> str:
    """The one `label` of a node with aliases: a capitalised form first, then the shortest, then by text.

    Why: four units carry two labels that differ only in case ("Các bộ, ngành, địa phương" as a heading
    and "các bộ, ngành, địa phương" mid-sentence); Cypher users expect `n.label` to be one string.
    """
    return sorted(values, key=lambda v: (not v[:1].isupper(), len(v), v))[0]


def plain(value: object) -> object:
    """A Neo4j result value as plain Python: nodes → their iri, relationships → a small dict,
    paths → the iris along them, temporal values → ISO strings."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return value.get("iri", value.element_id)
    if isinstance(value, Relationship):
        return {
            "type": value.type,
            "start": plain(value.start_node),
            "end": plain(value.end_node),
            "graph": value.get("graph"),
        }
    if isinstance(value, Path):
        return [plain(node) for node in value.nodes]
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, bytes | bytearray):
        return bytes(value).hex()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    iso = getattr(value, "iso_format", None)
    return iso() if callable(iso) else str(value)
