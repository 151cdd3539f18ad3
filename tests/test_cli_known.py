"""`dkg query`: an unknown mandate, plan, unit or level is one line with the nearest known values (exit 2);
`--excel` CSV has a UTF-8 byte-order mark; tables take the terminal's width.

Expected values from the documents: 57-NQ/TW has 7 task groups (so #8 does not exist); the corpus's
commune plans include 536/QĐ-UBND (SOURCES.md); issuer levels are central, province and commune.
"""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from directive_kg.cli import main


def _run(store_path: str, *args: str, env: dict | None = None):
    return CliRunner().invoke(main, ["query", *args, "--store", store_path], env=env)


@pytest.mark.parametrize(
    ("args", "named", "nearest"),
    [
        (["implementers", "-p", "mandate=57-NQ/TV"], "mandate '57-NQ/TV'", "57-NQ/TW"),
        (["implementers", "-p", "mandate=57-NQ/TW#8"], "mandate '57-NQ/TW#8'", "57-NQ/TW#7"),
        (["gaps", "-p", "plan=536/QD-UBND"], "plan '536/QD-UBND'", "536/QĐ-UBND"),
        (["lineage", "-p", "node=10/KH-UBN"], "plan '10/KH-UBN'", "10/KH-UBND"),
        (["coverage", "-p", "level=xa"], "level 'xa'", "commune"),
        (["responsibilities", "-p", "unit=van hoa thong tin xyz"], "unit 'van hoa thong tin xyz'", "Văn hóa"),
    ],
)
def test_unknown_values_get_one_line_with_the_nearest(store_path, args, named, nearest):
    result = _run(store_path, *args)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert named in lines[0] and "nearest:" in lines[0]
    assert nearest.lower() in lines[0].split("nearest:")[1].lower()


def test_a_known_value_without_rows_is_still_an_empty_answer(store_path):
    # "central" is a level the store holds; coverage counts local plans only
    result = _run(store_path, "coverage", "-p", "level=central", "--format", "csv")
    assert result.exit_code == 0
    assert result.output.strip().splitlines()[0].startswith("plan,level")


def test_excel_csv_has_a_byte_order_mark_and_reads_back(store_path):
    result = CliRunner().invoke(
        main, ["query", "gaps", "-p", "plan=536/QĐ-UBND", "--excel", "--store", store_path]
    )
    assert result.exit_code == 0, result.output
    data = result.stdout_bytes
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == "plan" and {r[0] for r in rows[1:]} == {"536/QĐ-UBND"}
    plain = CliRunner().invoke(
        main, ["query", "gaps", "-p", "plan=536/QĐ-UBND", "--format", "csv", "--store", store_path]
    )
    assert not plain.stdout_bytes.startswith(b"\xef\xbb\xbf")


def test_tables_take_the_terminal_width(store_path):
    wide = _run(store_path, "lineage", "-p", "node=10/KH-UBND", env={"COLUMNS": "220"})
    narrow = _run(store_path, "lineage", "-p", "node=10/KH-UBND", env={"COLUMNS": "90"})
    assert max(map(len, wide.output.splitlines())) > 150
    assert max(map(len, narrow.output.splitlines())) <= 90
    # folded, not cut: every IRI is still there in full
    assert "https://w3id.org/directive-kg/doc/vn/2024/57-nq_tw" in wide.output
    assert "…" not in narrow.output
