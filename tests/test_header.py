"""Headers of document kinds beyond the example corpus: a Party committee plan and a provincial decision
as legal databases print it (fixtures written for these tests; the expected facts are printed in them)."""

from __future__ import annotations

from pathlib import Path

from directive_kg.loaders import extract_file
from directive_kg.loaders.restore import restore

FIX = Path(__file__).resolve().parent / "fixtures"


def test_party_committee_plan_header() -> None:
    ex = extract_file(FIX / "party-commune-plan.txt")
    d = ex.document
    assert d.identifier == "15-KH/ĐU"  # "Số 15-KH/ĐU" without a colon
    assert d.issuer.name == "Đảng ủy xã Yên Thành"  # the commune committee, not "ĐẢNG BỘ TỈNH" above it
    assert (d.issuer.level, d.issuer.body) == ("commune", "party")
    assert d.province == "Nghệ An"
    assert d.date == "2025-08-05"
    refs = {r.identifier: r.relation for r in ex.references}
    assert refs == {"57-NQ/TW": "implements", "328-KH/TU": "implements"}
    assert "15-KH/ĐU" not in refs


def test_provincial_decision_from_a_legal_database_page() -> None:
    ex = extract_file(FIX / "provincial-decision-legal-db.txt")
    d = ex.document
    assert (d.identifier, d.kind, d.date) == ("327/QĐ-UBND", "decision", "2025-05-26")
    assert d.issuer.name == "Ủy ban nhân dân tỉnh Quảng Ngãi"
    assert (d.issuer.level, d.province) == ("province", "Quảng Ngãi")
    refs = {r.identifier: r.relation for r in ex.references}
    assert refs["57-NQ/TW"] == "basis" and refs["71/NQ-CP"] == "implements"
    target = ex.indicators[0].targets[0]
    assert (target.year, target.comparator, target.value) == (2030, ">", 80.0)
    assert ex.indicators[0].name.startswith("tỷ lệ dịch vụ công")


def test_restore_keeps_unknown_words_and_kept_letters() -> None:
    assert restore("Giao dich khong dung tién mat") == "Giao dịch không dùng tiền mặt"
    assert restore("XA NGHIA ĐAN") == "XÃ NGHĨA ĐAN"  # the Đ OCR kept is not traded away
    assert restore("zzqx 57-NQ/TW") == "zzqx 57-NQ/TW"


def test_ocr_task_keeps_raw_text() -> None:
    corpus = Path(__file__).resolve().parent.parent / "examples" / "corpus"
    ex = extract_file(corpus / "000_61e0d19b87fa339e.txt")
    first = ex.tasks[0]
    assert first.raw_text.startswith("Trién khai tuyén truyén")  # line 113 as printed
    assert first.text.startswith("Triển khai")
