"""Apache Jena's SHACL validator as an optional engine of `dkg validate` (`--engine jena`): one JVM run.

Why (issue 21): pyshacl, the reference engine, validates each document and each batch of the cross
rules in Python; Jena validates the RDF merge of every graph with the same shapes in one run, about
an order of magnitude faster at national scale. Its findings are described exactly as pyshacl's
(describe.raw_findings, the same rule index and messages), on the neighbourhood of each focus node
read back from the store; tests/test_validate.py holds the two engines' findings equal on the example
corpus. It needs Java and `scripts/jena-shacl.sh` (the Jena jar: `scripts/fuseki.sh install`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import NamedNode
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from ..errors import InputError
from ..stores.base import GraphStore
from .context import DERIVE_PREDICATES, derive_parent_targets
from .describe import raw_findings
from .engine import merge_reports
from .findings import ValidationResult, merge_findings
from .shapes import DKG, PROV, RuleIndex, load_shapes, rule_index
from .source import Graphs, graph, read, triple, with_predicates

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "jena-shacl.sh"
SKOLEM = "urn:x-dkg:shape:"  # blank nodes of the shapes, named so that Jena's report points back at them
ENGINE = "Apache Jena SHACL"
FOLLOW = (DKG.hasCitation, PROV.wasDerivedFrom)  # objects whose own facts a finding's description reads
OWNERS = (
    DKG.hasCitation,
    DKG.hasTask,
    DKG.hasTaskGroup,
    DKG.hasIndicator,
    DKG.hasTarget,
)  # what owns a focus


def skolemised_shapes(shapes: Graph, index: RuleIndex) -> Graph:
    """The shapes with each blank-node shape of the rule index named `SKOLEM + its id`.

    Only the shapes a result can name (rule index keys) are renamed: paths and lists stay blank nodes,
    as SHACL requires (Jena reads a named node in sh:path as a property).
    """
    named = {BNode(key[2:]) for key in index if key.startswith("_:")}
    out = Graph()

    def name(t: Node) -> Node:
        return URIRef(SKOLEM + str(t)) if t in named else t

    for s, p, o in shapes:
        out.add((name(s), p, name(o)))
    return out


def unskolemised(report: Graph) -> Graph:
    """Jena's report with the shapes' blank nodes as they are in the rule index."""
    out = Graph()

    def back(t: Node) -> Node:
        return BNode(str(t)[len(SKOLEM) :]) if isinstance(t, URIRef) and str(t).startswith(SKOLEM) else t

    for s, p, o in report:
        out.add((back(s), p, back(o)))
    return out


def run_jena(shapes: Path, data: Path) -> Graph:
    """Jena's `shacl validate` on the two files; its report graph."""
    java = shutil.which("java")
    if java is None or not SCRIPT.is_file():
        raise InputError(
            "--engine jena", "needs Java and scripts/jena-shacl.sh (a source checkout): use --engine pyshacl"
        )
    env = {**os.environ, "DKG_JENA_JAVA_OPTS": os.environ.get("DKG_JENA_JAVA_OPTS", "-Xmx2g")}
    proc = subprocess.run(
        [str(SCRIPT), str(shapes), str(data)], capture_output=True, text=True, env=env, check=False
    )
    if proc.returncode != 0:
        why = (proc.stderr.strip().splitlines() or [f"exit status {proc.returncode}"])[-1][:200]
        raise InputError("--engine jena", f"Jena's SHACL validator failed: {why}")
    return Graph().parse(data=proc.stdout, format="turtle")


def _write_data(store: GraphStore, derived: Iterable[tuple[Node, Node, Node]], path: Path) -> None:
    """The RDF merge of the named graphs and the derived parent targets, as N-Triples."""
    store.dump_merge(path)
    with path.open("a", encoding="utf-8") as out:
        for s, p, o in derived:
            out.write(f"{s.n3()} {p.n3()} {o.n3()} .\n")


def neighbourhood(store: GraphStore, focus: Iterable[Node], values: Iterable[Node]) -> Graph:
    """What describing a finding reads (describe.py): the facts of its focus node and value, the
    document, indicator or citation that owns the focus node and that owner's facts, and the facts of
    the citations and sources they name. Nothing else: a value such as 57-NQ/TW is pointed at by every
    plan, and following those would read the whole store."""
    g = Graph()
    seen: set[str] = set()

    def outgoing(node: Node) -> None:
        if not isinstance(node, URIRef) or str(node) in seen:
            return
        seen.add(str(node))
        for q in store.quads_matching(NamedNode(str(node))):
            t = triple(q)
            g.add(t)
            if t[1] in FOLLOW:
                outgoing(t[2])

    for node in set(focus):
        outgoing(node)
        if not isinstance(node, URIRef):
            continue
        for p in OWNERS:
            for q in store.quads_matching(None, NamedNode(str(p)), obj=NamedNode(str(node))):
                t = triple(q)
                g.add(t)
                outgoing(t[0])
    for node in set(values):
        outgoing(node)
    return g


def validate_jena(store: GraphStore, lang: str = "vi") -> ValidationResult:
    """Every rule over the RDF merge of the store's graphs with Jena; findings as `validate` gives them."""
    t0 = time.perf_counter()
    _names, graphs, pinned = read(store)
    source: GraphStore = pinned if pinned is not None else store
    derived = derive_parent_targets(graph(with_predicates(pinned, graphs, DERIVE_PREDICATES)))
    shapes = load_shapes()
    index = rule_index(shapes)
    with tempfile.TemporaryDirectory(prefix="dkg-jena-") as tmp:
        shapes_file, data_file = Path(tmp) / "shapes.nt", Path(tmp) / "data.nt"
        skolemised_shapes(shapes, index).serialize(
            destination=str(shapes_file), format="nt", encoding="utf-8"
        )
        _write_data(source, derived, data_file)
        t1 = time.perf_counter()
        report = unskolemised(run_jena(shapes_file, data_file))
        jena_seconds = time.perf_counter() - t1
    focus = list(report.objects(None, SH.focusNode))
    values = list(report.objects(None, SH.value))
    data = _describing_graph(source, graphs, focus, values)
    for t in derived:
        data.add(t)
    raw = raw_findings(report, data, index, set(derived))
    findings = merge_findings(raw, lang)
    return ValidationResult(
        findings,
        {ENGINE: jena_seconds},
        merge_reports([report.serialize(format="nt")], findings),
        time.perf_counter() - t0,
        [(str(s), str(p), str(o)) for s, p, o in derived],
    )


def _describing_graph(
    store: GraphStore, graphs: Graphs | None, focus: list[Node], values: list[Node]
) -> Graph:
    if graphs is not None:  # a store read whole into memory (a SPARQL server): describe from all of it
        return graph(*graphs.values())
    return neighbourhood(store, focus, values)


__all__ = ["validate_jena"]
