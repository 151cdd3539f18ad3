"""Bad input, one test each (docs/reliability.md): one line naming file, place and reason, a documented exit
code, the rest of the batch still builds, and nothing already in the store is lost.

One batch holds every case beside two good plans; it is built once over a store that already holds the
good plans and a file that turns bad in this batch.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_inputs import (
    binary,
    encrypted_pdf,
    huge,
    plan,
    plan_docx,
    scanned_pdf,
    to_cp1258,
    to_tcvn3,
    xxe_docx,
    zip_bomb_docx,
)

from directive_kg.cli import main
from directive_kg.errors import EXIT_INPUT
from directive_kg.stores import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
DKG = "PREFIX dkg: <https://w3id.org/directive-kg/ontology#>\n"
GOOD = {"good-1.txt": plan("51-KH/ĐU", "Yên Thành"), "good-2.txt": plan("52-KH/ĐU", "Diễn Châu")}
LINE = re.compile(r"^error: (?P<path>[^:]+):(?P<place>[^:]+): (?P<reason>.+)$")

# file name → (bytes or a maker, the expected reason, or None when the file loads)
REFUSED = {
    "empty.txt": (b"", "empty file"),
    "binary.txt": (binary(), "binary file"),
    "scanned.pdf": (scanned_pdf(), "no text layer"),
    "encrypted.pdf": (encrypted_pdf(), "encrypted PDF"),
    "bomb.docx": (zip_bomb_docx(GOOD["good-1.txt"]), "zip bomb suspected"),
    "xxe.docx": (xxe_docx(GOOD["good-1.txt"]), "XXE"),
    "huge.txt": (huge, "file too large"),
    "was-good.txt": (b"\x00\x01\x02" * 2000, "binary file"),  # loaded before, broken now: the old graph stays
}
LOADED = {
    "truncated.txt": plan("53-KH/ĐU", "Quỳnh Lưu").encode()[:-1] + "ệ".encode()[:2],
    "utf16-no-bom.txt": plan("54-KH/ĐU", "Nghĩa Đàn").encode("utf-16-le"),
    "windows-1258.txt": to_cp1258(plan("55-KH/ĐU", "Tân Kỳ")),
    "tcvn3.txt": to_tcvn3(plan("56-KH/ĐU", "Anh Sơn")),
    "no-header.txt": "Một số ghi chú về chuyển đổi số.\nKhông có tiêu đề.\n- Làm việc A.\n".encode(),
    "collision.txt": plan("51-KH/ĐU", "Đô Lương").encode(),  # good-1's number, another issuer
    "zz-copy-of-good-1.txt": GOOD["good-1.txt"].encode(),
    "self-citing.txt": plan("57-KH/ĐU", "Con Cuông", cites=["57-KH/ĐU"]).encode(),
    "cycle-a.txt": plan("58-KH/ĐU", "Tương Dương", cites=["59-KH/ĐU"]).encode(),
    "cycle-b.txt": plan("59-KH/ĐU", "Tương Dương", cites=["58-KH/ĐU"]).encode(),
    "cites-collision.txt": plan("60-KH/ĐU", "Thanh Chương", cites=["51-KH/ĐU"]).encode(),
    "plan.docx": plan_docx(plan("61-KH/ĐU", "Nam Đàn")),
}


def doc_ids(store: Path) -> dict[str, str]:
    """identifier → named graph of every loaded (non-catalog) document."""
    rows = (
        OxigraphStore(store)
        .query(
            DKG + "SELECT ?id ?g WHERE { GRAPH ?g { ?d a dkg:LegalDocument ; "
            "dkg:sourcePath ?f OPTIONAL { ?d dkg:identifier ?id } } }"
        )
        .rows
    )
    return {f"{r[0]}@{r[1].rsplit('/', 1)[-1]}": r[1] for r in rows}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("bad-inputs")
    corpus = tmp / "corpus"
    corpus.mkdir()
    for name, text in GOOD.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "was-good.txt").write_text(plan("62-KH/ĐU", "Hưng Nguyên"), encoding="utf-8")
    store = tmp / "store"
    first = CliRunner().invoke(main, ["build", str(corpus), "--store", str(store), "--format", "json"])
    assert first.exit_code == 0, first.output
    before = sorted(OxigraphStore(store).dump_nquads().splitlines())
    was_good_graph = OxigraphStore(store).graph_quads(
        "https://w3id.org/directive-kg/graph/source/was-good-txt"
    )
    assert was_good_graph
    for name, (data, _) in REFUSED.items():
        path = corpus / name
        if callable(data):
            data(path)
        else:
            path.write_bytes(data)
    for name, data in LOADED.items():
        (corpus / name).write_bytes(data)
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "directive_kg.cli",
            "build",
            str(corpus),
            "--store",
            str(store),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    errors = {}
    for line in res.stderr.splitlines():
        if line.startswith("error:"):
            m = LINE.match(line)
            assert m, f"not a 'file:place: reason' line: {line}"
            errors[Path(m["path"]).name] = m
    return {
        "corpus": corpus,
        "store": store,
        "res": res,
        "summary": json.loads(res.stdout),
        "errors": errors,
        "before": before,
        "was_good": was_good_graph,
    }


def test_batch_exit_code_and_no_traceback(batch: dict) -> None:
    res = batch["res"]
    assert res.returncode == EXIT_INPUT
    assert "Traceback" not in res.stderr
    assert set(batch["errors"]) == set(REFUSED)  # one line for each bad file, none for the others


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_file_gets_one_line(batch: dict, name: str) -> None:
    m = batch["errors"][name]
    assert REFUSED[name][1] in m["reason"]
    assert m["place"]  # a byte offset, a part of the zip, a page, or '-' when the whole file is at fault
    assert sum(1 for line in batch["res"].stderr.splitlines() if name in line) == 1


@pytest.mark.parametrize("name", sorted(LOADED))
def test_the_rest_of_the_batch_builds(batch: dict, name: str) -> None:
    summary = batch["summary"]
    failed = " ".join(summary["failed"])
    assert name not in failed
    if name == "zz-copy-of-good-1.txt":
        assert any("zz-copy-of-good-1.txt" in d and "good-1.txt" in d for d in summary["duplicates"])
        return
    graphs = set(doc_ids(batch["store"]).values())
    assert any(g.endswith("/" + name.replace(".", "-")) for g in graphs), name


def test_nothing_already_in_the_store_is_lost(batch: dict) -> None:
    now = sorted(OxigraphStore(batch["store"]).dump_nquads().splitlines())
    good = [q for q in batch["before"] if "/source/good-" in q or "/source/was-good-txt" in q]
    assert set(good) <= set(now)
    assert "was-good.txt" in batch["summary"]["kept_previous"]
    assert "previously loaded version is kept" in batch["errors"]["was-good.txt"]["reason"]


def test_encodings_are_decoded_and_warned(batch: dict) -> None:
    ids = {k.split("@")[0] for k in doc_ids(batch["store"])}
    assert {"53-KH/ĐU", "54-KH/ĐU", "55-KH/ĐU", "56-KH/ĐU", "61-KH/ĐU"} <= ids
    warnings = "\n".join(batch["summary"]["warnings"])
    assert "truncated.txt: truncated UTF-8 sequence at end of file dropped" in warnings
    assert "tcvn3.txt: legacy TCVN3 text converted to Unicode" in warnings


def test_number_collision_keeps_both_and_does_not_guess(batch: dict) -> None:
    store = OxigraphStore(batch["store"])
    both = store.query(
        DKG + 'SELECT DISTINCT ?d WHERE { ?d dkg:identifier "51-KH/ĐU" ; dkg:sourcePath ?f }'
    ).rows
    assert len(both) == 2
    rows = store.query(
        DKG
        + """SELECT ?resolved ?note WHERE { ?d dkg:identifier "60-KH/ĐU" ; dkg:hasCitation ?c .
                                ?c dkg:identifier "51-KH/ĐU" ; dkg:resolved ?resolved ; dkg:note ?note }"""
    ).rows
    assert rows == [[False, "ambiguous: 2 loaded documents have the number 51-KH/ĐU (different issuers)"]]


def test_self_citation_makes_no_loop(batch: dict) -> None:
    rows = OxigraphStore(batch["store"]).query(DKG + "SELECT ?d WHERE { ?d dkg:cites ?d }").rows
    assert rows == []


def test_citation_cycle_terminates_everywhere(batch: dict) -> None:
    store = str(batch["store"])
    for args in (
        ["query", "lineage", "-p", "node=58-KH/ĐU"],
        ["trace", "--up", "58-KH/ĐU"],
        ["validate", "--format", "json", "--fail-on", "never"],
        ["query", "implementers", "-p", "mandate=59-KH/ĐU"],
    ):
        res = subprocess.run(
            [sys.executable, "-m", "directive_kg.cli", *args, "--store", store],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
        assert res.returncode in (0, EXIT_INPUT) and "Traceback" not in res.stderr, (args, res.stderr)
    rows = (
        OxigraphStore(batch["store"])
        .query(
            DKG
            + """SELECT ?a WHERE { ?a dkg:identifier "58-KH/ĐU" ;
                                                     dkg:cites/dkg:cites ?a }"""
        )
        .rows
    )
    assert rows  # the cycle is in the graph, as the documents state it


def test_no_header_is_loaded_and_flagged(batch: dict) -> None:
    assert any(
        w.startswith("no-header.txt: no document header (number, issuer, date) found")
        for w in batch["summary"]["warnings"]
    )
    assert any(g.endswith("/no-header-txt") for g in doc_ids(batch["store"]).values())


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("fixes.yaml", "citations:\n  a: [unclosed\n", "YAML syntax error"),
        (
            "fixes.ttl",
            '@prefix dkg: <https://w3id.org/directive-kg/ontology#> .\n<a> dkg:b "c ;\n',
            "YAML syntax error",
        ),
        ("fixes-list.yaml", "- just\n- a list\n", "expected a mapping"),
        ("fixes-section.yaml", "unit: {}\n", "unknown section"),
        ("fixes-binary.yaml", "\udcff", "not UTF-8 text"),
    ],
)
def test_corrections_with_errors_change_nothing(
    batch: dict, tmp_path: Path, name: str, text: str, reason: str
) -> None:
    fixes = tmp_path / name
    fixes.write_bytes(text.encode("utf-8", "surrogateescape"))
    before = OxigraphStore(batch["store"]).dump_nquads()
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "directive_kg.cli",
            "build",
            str(batch["corpus"]),
            "--store",
            str(batch["store"]),
            "--corrections",
            str(fixes),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert res.returncode == EXIT_INPUT and "Traceback" not in res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and LINE.match(lines[0]) and reason in lines[0], res.stderr
    assert lines[0].startswith(f"error: {fixes}:")
    assert OxigraphStore(batch["store"]).dump_nquads() == before
