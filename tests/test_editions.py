"""Two forms of one document are loaded once; two documents that merely collide on a name are both kept
(graph/editions.py). Real files, the real `dkg build`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import DKG, ROOT
from hostile_inputs import plan

from directive_kg.graph.editions import same_document
from directive_kg.loaders import extract_file


def _build(corpus: Path, store: Path) -> dict:
    proc = subprocess.run(
        [str(DKG), "build", str(corpus), "--store", str(store), "--format", "json", "--no-validate"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _ocr_damaged(text: str) -> str:
    # what Tesseract does to a scan of it (71/NQ-CP's OCR text: "chuyên đôi sô", "đôi mới")
    return text.replace("chuyển đổi số", "chuyên đôi sô").replace("triển khai", "triên khai") + "\n. ,\n"


def test_a_scan_and_its_text_are_one_document(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    clean = plan("12-KH/ĐU", "Hưng Nguyên", tasks=4)
    (corpus / "a-text.txt").write_text(clean, encoding="utf-8")
    (corpus / "b-scan.ocr.txt").write_text(_ocr_damaged(clean), encoding="utf-8")
    summary = _build(corpus, tmp_path / "store")
    assert summary["documents"] == 1 and summary["tasks"] == 4  # not 8
    (line,) = summary["duplicates"]
    assert "b-scan.ocr.txt" in line and "12-KH/ĐU" in line and "from a-text.txt" in line


def test_two_plans_that_collide_on_a_name_are_both_kept(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    first = plan("12-KH/ĐU", "Hưng Nguyên", tasks=4)
    other = first.replace(
        "tổ chức triển khai chuyển đổi số nội dung", "xây dựng cơ sở dữ liệu đất đai, hộ tịch"
    )
    (corpus / "a.txt").write_text(first, encoding="utf-8")
    (corpus / "b.txt").write_text(other, encoding="utf-8")
    summary = _build(corpus, tmp_path / "store")
    assert summary["documents"] == 2 and summary["duplicates"] == []  # nothing the user loaded is dropped


def test_same_document_needs_the_same_date_and_task_count(tmp_path: Path) -> None:
    clean = plan("12-KH/ĐU", "Hưng Nguyên", tasks=4)
    paths = {}
    for name, text in {
        "clean": clean,
        "ocr": _ocr_damaged(clean),
        "later": clean.replace("ngày 05 tháng 8 năm 2025", "ngày 20 tháng 9 năm 2025"),
        "longer": plan("12-KH/ĐU", "Hưng Nguyên", tasks=9),
    }.items():
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_text(text, encoding="utf-8")
    ex = {k: extract_file(p) for k, p in paths.items()}
    assert same_document(ex["clean"], ex["ocr"])
    assert not same_document(ex["clean"], ex["later"])  # another date: another document
    assert not same_document(ex["clean"], ex["longer"])  # 4 tasks against 9
