"""SPARQL 1.1 result serialisations (JSON, XML, CSV, TSV) and RDF graph formats, with content negotiation.

Why not pyoxigraph's own `QuerySolutions.serialize`: it writes the whole result in one call, so the
endpoint could neither stop at its row cap nor check its deadline between rows. The writers here
take rows already collected (at most the cap) and follow the W3C result formats: SPARQL 1.1 Query
Results JSON, XML, and CSV/TSV (CSV plain values with CRLF lines, TSV terms in Turtle/N-Triples form).
Graph results (CONSTRUCT, DESCRIBE) go through `pyoxigraph.serialize` with the project's prefixes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

# prefixes bound in Turtle output: the project's one list (the ontology's and the standard vocabularies)
from ..ontology.vocab import XSD
from ..ontology.void import PREFIXES

XSD_STRING = XSD + "string"


@dataclass(frozen=True)
class Format:
    """One negotiable output: its short name (the `format` parameter), media type and kind."""

    name: str
    media_type: str
    kind: str  # "solutions" (SELECT/ASK) or "graph" (CONSTRUCT/DESCRIBE)


SOLUTION_FORMATS = [
    Format("json", "application/sparql-results+json", "solutions"),
    Format("xml", "application/sparql-results+xml", "solutions"),
    Format("csv", "text/csv", "solutions"),
    Format("tsv", "text/tab-separated-values", "solutions"),
]
GRAPH_FORMATS = [
    Format("turtle", "text/turtle", "graph"),
    Format("ntriples", "application/n-triples", "graph"),
    Format("jsonld", "application/ld+json", "graph"),
    Format("rdfxml", "application/rdf+xml", "graph"),
]
# other names clients send for the same thing (SPARQLWrapper, Jena, browsers)
ALIASES = {
    "application/json": "json",
    "text/javascript": "json",
    "application/javascript": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/plain": "ntriples",
    "application/x-json+ld": "jsonld",
    "application/json+ld": "jsonld",
    "application/rdf+json": "jsonld",
}
_RDF_FORMATS = {
    "turtle": RdfFormat.TURTLE,
    "ntriples": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "rdfxml": RdfFormat.RDF_XML,
}


def negotiate(kind: str, accept: str | None, requested: str | None = None) -> Format | None:
    """The output format for a result of `kind`, from a `format` parameter or the Accept header.

    None when the client accepts nothing this endpoint writes (the caller answers 406). A JSON media
    type asked for a graph result means JSON-LD, and an RDF type asked for a SELECT means its default.
    """
    formats = SOLUTION_FORMATS if kind == "solutions" else GRAPH_FORMATS
    by_name = {f.name: f for f in formats}
    by_type = {f.media_type: f for f in formats}
    if requested:
        name = ALIASES.get(requested.lower(), requested.lower())
        name = {"json": "jsonld"}.get(name, name) if kind == "graph" else name
        return by_name.get(name) or by_type.get(requested.lower())
    if not accept:
        return formats[0]
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, i, media.lower()))
    for _, _, media in sorted(ranked):
        if media in by_type:
            return by_type[media]
        alias = ALIASES.get(media)
        if kind == "graph" and alias == "json":
            alias = "jsonld"
        if alias in by_name:
            return by_name[alias]
        if media in ("*/*", "application/*", "text/*"):
            return formats[0]
    return None


def _json_term(term: object) -> dict[str, str]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype and term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, Triple):  # RDF-star: SPARQL 1.2 JSON form
        return {
            "type": "triple",
            "value": {  # type: ignore[dict-item]
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    return {"type": "literal", "value": str(term)}


def _xml_term(term: object) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype and term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_value(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return getattr(term, "value", str(term))


def write_solutions(fmt: Format, variables: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """A SELECT result (rows of pyoxigraph terms or None) in `fmt`."""
    if fmt.name == "json":
        bindings = [
            {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows
        ]
        doc = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if fmt.name == "xml":
        out = [
            '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
        ]
        out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables) + "</head>")
        out.append("<results>")
        for row in rows:
            cells = "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(variables, row, strict=True)
                if t is not None
            )
            out.append(f"<result>{cells}</result>")
        out.append("</results></sparql>\n")
        return "\n".join(out).encode("utf-8")
    if fmt.name == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_value(t) for t in row] for row in rows)
        return buf.getvalue().encode("utf-8")
    if fmt.name == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"not a solutions format: {fmt.name}")


def write_boolean(fmt: Format, value: bool) -> bytes:
    """An ASK result in `fmt` (CSV/TSV: one column, as Jena and Oxigraph write it)."""
    if fmt.name == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt.name == "xml":
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    text = "true" if value else "false"
    return (f"_askResult\r\n{text}\r\n" if fmt.name == "csv" else f"?_askResult\n{text}\n").encode()


def write_graph(fmt: Format, triples: Sequence[Triple]) -> bytes:
    """A CONSTRUCT/DESCRIBE result in `fmt`, prefixes bound where the format has them."""
    rdf_format = _RDF_FORMATS[fmt.name]
    prefixes = PREFIXES if rdf_format in (RdfFormat.TURTLE, RdfFormat.RDF_XML) else None
    return serialize(triples, format=rdf_format, prefixes=prefixes) or b""
