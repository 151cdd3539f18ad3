"""The same build against a real SPARQL 1.1 server (Apache Jena Fuseki started by scripts/fuseki.sh)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from services import fuseki_url_or_skip

from directive_kg.cli import main
from directive_kg.stores import open_store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"


def _decimals(nquads: str) -> str:
    """xsd:decimal literals by value: TDB2 stores decimals as numbers and gives back "80" for "80.0"."""
    import re
    from decimal import Decimal

    def canonical(m: re.Match) -> str:
        value = Decimal(m.group(1)).normalize()
        return f'"{value:f}"^^<http://www.w3.org/2001/XMLSchema#decimal>'

    return re.sub(
        r'"([-+]?[0-9]*\.?[0-9]+)"\^\^<http://www\.w3\.org/2001/XMLSchema#decimal>', canonical, nquads
    )


@pytest.mark.fuseki
def test_fuseki_round_trip_equals_embedded_store(tmp_path: Path) -> None:
    url = fuseki_url_or_skip()
    local = tmp_path / "s"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(CORPUS), "--store", str(local)]).exit_code == 0
    res = runner.invoke(main, ["build", str(CORPUS), "--store", url, "--format", "json"])
    assert res.exit_code == 0, res.output
    # 03/NQ-CP's programme (140 tasks) and 71/NQ-CP's that replaced it (189: "189." is the last row of
    # Phụ lục II in examples/corpus/central/71-NQ-CP.ocr.txt)
    assert json.loads(res.stdout)["central_tasks"] == 140 + 189
    remote_quads = sorted(_decimals(open_store(url).dump_nquads()).splitlines())
    assert remote_quads == sorted(_decimals(open_store(str(local)).dump_nquads()).splitlines())
    q = (
        "PREFIX dkg: <https://w3id.org/directive-kg/ontology#> "
        "SELECT ?id ?n WHERE { ?d dkg:identifier ?id ; dkg:hasTask ?t } GROUP BY ?id HAVING (COUNT(?t) > 0)"
    )
    q = q.replace("?id ?n", "?id (COUNT(?t) AS ?n)")
    assert sorted(open_store(url).query(q).rows) == sorted(open_store(str(local)).query(q).rows)


@pytest.mark.fuseki
def test_fuseki_parameters_are_bound_not_spliced() -> None:
    url = fuseki_url_or_skip()
    store = open_store(url)
    q = "PREFIX dkg: <https://w3id.org/directive-kg/ontology#> SELECT ?id WHERE { ?d dkg:identifier ?id }"
    before = store.triple_count()
    for hostile in ['57-NQ/TW" } ; DROP ALL ; #', "x'} DELETE WHERE { ?s ?p ?o }", "}\n}\nCLEAR ALL"]:
        assert store.query(q, {"id": hostile}).rows == []
    assert store.query(q, {"id": "57-NQ/TW"}).rows
    assert store.triple_count() == before


@pytest.mark.fuseki
def test_named_queries_on_fuseki_equal_the_embedded_store(store) -> None:
    """Every named query case gives the same rows from a real SPARQL server (VALUES binding, union
    default graph over the protocol) as from the embedded store (Oxigraph substitutions)."""
    from test_queries import CASES

    from directive_kg.queries import run

    url = fuseki_url_or_skip()
    runner = CliRunner()
    res = runner.invoke(main, ["build", str(CORPUS), "--store", url, "--format", "json"])
    assert res.exit_code == 0, res.output
    remote = open_store(url)
    task = store.query("""PREFIX dkg: <https://w3id.org/directive-kg/ontology#>
        SELECT ?t WHERE { ?d dkg:issuerLevel "commune" ; dkg:hasTask ?t } ORDER BY ?t LIMIT 1""").rows[0][0]
    nonempty = 0
    for name, params in CASES:
        if params.get("node") == "TASK":
            params = {"node": str(task)}
        local = run(name, params, store, fresh=True)
        there = run(name, params, remote)
        assert there.columns == local.columns, name
        assert there.rows == local.rows, (name, params)
        nonempty += bool(local.rows)
    assert nonempty >= len(CASES) - 3  # the hostile-parameter cases answer nothing
