"""Document identifiers: OCR variants seen in the corpus → one canonical key.

Every row of the variant tables was read in the corpus file and line given
next to it (examples/corpus/…); the expected canonical form is the identifier
the document means, with its Vietnamese letters restored, as the extraction
contract (shared/design/extract-contract.md) spells it. Type and issuer
symbols for the generated identifiers come from the domain primer ("How
documents are numbered").
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from directive_kg.loaders.identifiers import find_all, impossible_reason, parse


def canonical(text: str) -> str:
    found = find_all(text)
    assert found, f"no identifier found in {text!r}"
    return found[0].identifier.canonical


# (text as printed, canonical, where it is printed)
CORPUS_VARIANTS = [
    # 57-NQ/TW, Bộ Chính trị
    ("57-NO/T W", "57-NQ/TW", "001:16 'Nghi quyét s6 57-NO/T W ngay 22/12/2024'"),
    ("57- -NQ/TW", "57-NQ/TW", "001:25 'Nghi quyét s6 57- -NQ/TW ngay'"),
    ("57- NQ/TW", "57-NQ/TW", "001:21, 002:15 'Nghi quyét s6 57- NQ/TW'"),
    ("Nghi quyét so 57-\nNO/TW ngay 22/12/2024", "57-NQ/TW", "001:32-33, broken over the line"),
    ("Nghi quyét s6 57-NQ/TWngay", "57-NQ/TW", "000:360, glued to the next word"),
    ("NGHI QUYET SO 57-NQ/TW NGAY 22/12/2024", "57-NQ/TW", "000:382, annex heading in capitals"),
    # 71/NQ-CP, Chính phủ
    ("71/NO-CP", "71/NQ-CP", "001:19 'Nghi quyét sé 71/NO-CP ngay 01/4/2025'"),
    ("71/NQO-CP", "71/NQ-CP", "001:124 '(sau day viét tat la Nghi quyét s6 71/NQO-CP)'"),
    ("Nghi quyét s6 71/NQ-\nCP, ngay 01/4/2025", "71/NQ-CP", "002:17-18, broken over the line"),
    # 204-QĐ/TW, Ban Bí thư
    ("204-QbD/TW", "204-QĐ/TW", "002:15 'Quyet dinh s6 204-QbD/TW,'"),
    ("204-Qb/TW", "204-QĐ/TW", "002:34 'Quyét dinh sd 204-Qb/TW,'"),
    ("204-QB/TW", "204-QĐ/TW", "002:93 'Quyét dinh s6 204-QB/TW phu hop'"),
    ("204-QD/TW", "204-QĐ/TW", "002:17 '(sau day goi tat 1a Quyét dinh s6 204-QD/TW)'"),
    ("Quyet dinh sb 204-\nQB/TW mét cach", "204-QĐ/TW", "002:160-161, broken over the line"),
    # 03-KH/ĐU, Ban Thường vụ Đảng ủy Trường Giang
    ("03-KHIPU", "03-KH/ĐU", "001:36 'Ké hoach hanh déng s6 03-KHIPU ngay 17/7/2025'"),
    ("03-KH/bU", "03-KH/ĐU", "001:51 's0 03-KH/bU ngéy 17/7/2025'"),
    ("03-KH/PU", "03-KH/ĐU", "001:7 'Ké hoach hanh dong s6 03-KH/PU'"),
    ("03-KH/DU", "03-KH/ĐU", "001:108 '03-KH/DU ngay'"),
    # State documents with Đ read as P, 0 or D
    ("S6: 536/QP-UBND Truong Giang", "536/QĐ-UBND", "001:2, the decision's own number"),
    ("01/0D-UBND", "01/QĐ-UBND", "001:41 'Quyét dinh s6 01/0D-UBND ngay 01/7/2025'"),
    ("327/QD-UBND", "327/QĐ-UBND", "001:29 'Ké hoach hanh déng sé6 327/QD-UBND'"),
    ("586/QD-TTg", "586/QĐ-TTg", "002:23 'Quyet dinh s6 586/QD-TTg'"),
    # Provincial Party plans
    ("Ké hoach hanh déng sé 359-\nKH/TU ngay 29/4/2025", "359-KH/TU", "001:31-32, broken over the line"),
    ("359-KH/TU", "359-KH/TU", "001:6"),
    ("Ké hoach hanh dong s 328-KH/TU, ngay 24/04/2025", "328-KH/TU", "000:13"),
    # Kế hoạch số 15/KH-TU (state-style spelling) is the Party plan 15-KH/TU (primer)
    ("Kế hoạch số 15/KH-TU", "15-KH/TU", "003:63"),
    ("Kế hoạch hành động số 15-KH/TU ngày 12/9/2025", "15-KH/TU", "003:9"),
    # numbers with a space before the slash
    ("S6: 10 /KH-UBND Nghia Pan", "10/KH-UBND", "000:4"),
    ("S6: 108 /KH-UBND Tran Bién", "108/KH-UBND", "002:2"),
    # a symbol broken over the line
    ("To trinh s6 344/TTr-\nVHXH ngay 10/9/2025", "344/TTr-VHXH", "001:44-45"),
    # clean citations
    ("348/KH-UBND", "348/KH-UBND", "000:11"),
    ("219/KH-UBND", "219/KH-UBND", "003:11"),
    ("Kế hoạch số 02/KH-BCĐ;", "02/KH-BCĐ", "003:63"),
    ("45-NQ/TW", "45-NQ/TW", "002:373"),
    ("Nghi quyét sb\n193/2025/QH15 ciia Qubc hoi", "193/2025/QH15", "002:19-20"),
    ("Nghị quyết số 193/2025/QH15 ngày 19/02/2025", "193/2025/QH15", "003:11"),
    (
        "sO 193/2025/QH12 vé thi diém",
        "193/2025/QH12",
        "001:240 (a real error in the source, kept as printed)",
    ),
    (
        "Tờ trình số 04/TTr-BKHCN-BTTTT ngày 02 tháng 01 năm 2025",
        "04/TTr-BKHCN-BTTTT",
        "central/03-NQ-CP.md:18",
    ),
    ("Nghị định số 109/2022/NĐ-CP", "109/2022/NĐ-CP", "central/03-NQ-CP.md:425"),
    ("Quyết định số 05/2022/QĐ-TTg", "05/2022/QĐ-TTg", "central/03-NQ-CP.md:483"),
    # the implementing decree of 193/2025/QH15, named by the primer
    ("Nghị định số 88/2025/NĐ-CP ngày 13/4/2025", "88/2025/NĐ-CP", "domain-primer.md"),
]


@pytest.mark.parametrize(
    ("text", "expected", "where"), CORPUS_VARIANTS, ids=[f"{c[1]}<-{c[0][:30]!r}" for c in CORPUS_VARIANTS]
)
def test_corpus_variant_is_canonicalised(text: str, expected: str, where: str) -> None:
    assert canonical(text) == expected, where


def test_variants_of_one_document_are_one_key() -> None:
    # 001 cites 57-NQ/TW four ways in its preamble (lines 16, 21, 25, 32-33)
    text = (
        "Can cir Nghi quyét s6 57-NO/T W ngay 22/12/2024; thyc hien Nghi quyét\n"
        "6 57- NQ/TW ngay 22/12/2024; Nghi quyét s6 57- -NQ/TW ngay 22/12/2024; Nghi quyét so 57-\n"
        "NO/TW ngay 22/12/2024"
    )
    found = find_all(text)
    assert [m.identifier.canonical for m in found] == ["57-NQ/TW"] * 4


def test_several_citations_in_one_clause_are_all_found_in_order() -> None:
    # 003 line 63
    text = (
        "Nghị quyết số 57-NQ/TW; Nghị quyết số 71/NQ-CP; Kế hoạch số 02/KH-BCĐ; "
        "Kế hoạch số 15/KH-TU; Kế hoạch số 219/KH-UBND"
    )
    assert [m.identifier.canonical for m in find_all(text)] == [
        "57-NQ/TW",
        "71/NQ-CP",
        "02/KH-BCĐ",
        "15-KH/TU",
        "219/KH-UBND",
    ]


def test_match_span_covers_the_printed_identifier() -> None:
    text = "Căn cứ Quyết định số 01/0D-UBND ngày 01/7/2025"
    m = find_all(text)[0]
    assert text[m.start : m.end] == "01/0D-UBND" == m.raw


# Party identifiers glued to the next word, as 000:360 prints "57-NQ/TWngay":
# the same damage on the other Party issuer symbols of the corpus.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nghi quyét s6 57-NQ/TWngay 22/12/2024", "57-NQ/TW"),
        ("Ké hoach hanh dong s6 359-KH/TUngay 29/4/2025", "359-KH/TU"),
        ("Ké hoach hanh dong s6 03-KH/ĐUngay 17/7/2025", "03-KH/ĐU"),
        ("Quyét dinh s6 536/QĐ-UBNDngay 10/9/2025", "536/QĐ-UBND"),
    ],
)
def test_identifier_glued_to_next_word(text: str, expected: str) -> None:
    assert canonical(text) == expected


# Official dispatches (công văn) carry no type symbol: number/ISSUER-UNIT
# (Nghị định 30/2020/NĐ-CP). 03/NQ-CP cites three of them.
@pytest.mark.parametrize(
    ("text", "expected", "where"),
    [
        (
            "công văn số 83/BKHCN-BTTTT-VP ngày 08 tháng 01 năm 2025",
            "83/BKHCN-BTTTT-VP",
            "central/03-NQ-CP.md:18",
        ),
        ("yêu cầu tại văn bản số 1552/BTTTT-TTH và", "1552/BTTTT-TTH", "central/03-NQ-CP.md:467"),
        (
            "văn bản số 1552/BTTTT-TTH và 708/BTTTT-CATTT; hoàn thành",
            "1552/BTTTT-TTH",
            "central/03-NQ-CP.md:467",
        ),
    ],
)
def test_dispatch_numbers_without_type_symbol(text: str, expected: str, where: str) -> None:
    assert canonical(text) == expected, where


NOT_IDENTIFIERS = [
    "ngay 22/12/2024",  # a date (001:16)
    "ngay 01/4/2025 ciia Chinh phii",  # a date (001:19)
    "nhiém ky 2021-2026;",  # a term of office (001:42)
    "giai doan 2025-\n2030",  # a period broken over the line (002:324)
    "thoi ky 2021 -2030, tam nhin",  # a period (002:22)
    "Số: /KH-UBND",  # number left blank (003:3)
    "QUYET PINH SO........ /QP-UBND NGAY",  # number left blank in an annex heading (001:512)
    "băng rộng cố định với tốc độ trên 1Gb/s.",  # a bandwidth (001:492, 03-NQ-CP.md:358)
    "(Kem theo Ké hoach so /KH-UBND ngay 19/2025 ciia UBND X&)",  # blank number (001:403)
    "Tháng 9/2025",  # a deadline month
    "Ghi chu: (-): Chua thuc hién; (X): Thuc hién",  # annex note (001:509)
    "",
]


@pytest.mark.parametrize("text", NOT_IDENTIFIERS)
def test_not_an_identifier(text: str) -> None:
    assert find_all(text) == []


def test_parse_accepts_one_identifier_alone_and_rejects_sentences() -> None:
    ident = parse("57- NQ/TW")
    assert ident is not None and ident.canonical == "57-NQ/TW" and ident.party
    assert parse("536/QP-UBND").canonical == "536/QĐ-UBND"
    assert parse("Nghị quyết số 57-NQ/TW") is None
    assert parse("57-NQ/TW và 71/NQ-CP") is None


def test_identifier_parts() -> None:
    party = find_all("57-NO/T W")[0].identifier
    assert (party.number, party.type, party.issuer, party.party) == ("57", "NQ", "TW", True)
    state = find_all("88/2025/NĐ-CP")[0].identifier
    assert (state.number, state.year, state.type, state.issuer, state.party) == (
        "88",
        "2025",
        "NĐ",
        "CP",
        False,
    )
    law = find_all("193/2025/QH15")[0].identifier
    assert (law.number, law.year, law.issuer, law.type) == ("193", "2025", "QH15", None)


def test_leading_zero_of_the_number_is_kept() -> None:
    # 001:7 prints "03-KH/PU": the plan's number is 03, and 03 ≠ 3 only in print
    assert canonical("03-KH/PU") == "03-KH/ĐU"
    assert canonical("01/0D-UBND") == "01/QĐ-UBND"


# ------------------------------------------------------------ impossible symbols


def test_qh12_with_2025_is_impossible_and_qh15_is_meant() -> None:
    # 001:240 cites "193/2025/QH12"; the 12th National Assembly sat 2007–2011
    ident = find_all("sO 193/2025/QH12 vé thi diém")[0].identifier
    why = impossible_reason(ident)
    assert why is not None
    reason, intended = why
    assert "QH12" in reason and "2025" in reason
    assert intended == "193/2025/QH15"


def test_qh15_with_2025_is_fine() -> None:
    assert impossible_reason(find_all("193/2025/QH15")[0].identifier) is None


@pytest.mark.parametrize("text", ["57-NQ/TW", "71/NQ-CP", "536/QĐ-UBND", "88/2025/NĐ-CP", "15-KH/TU"])
def test_ordinary_identifiers_are_possible(text: str) -> None:
    assert impossible_reason(find_all(text)[0].identifier) is None


@pytest.mark.parametrize(
    "text",
    [
        "Nghị quyết số 193/2025/QH của Quốc hội",  # OCR lost the term digits
        "Nghi quyét s6 193/2025/QHl5 cua Quoc hoi",  # "1" read as "l"
        "Nghi quyét s6 193/2025/QHI5 cua Quoc hoi",  # "1" read as "I"
    ],
)
def test_impossible_reason_never_raises_on_damaged_qh_symbols(text: str) -> None:
    for m in find_all(text):
        impossible_reason(m.identifier)  # must not raise


# ------------------------------------------------------------ symbols from the primer

# "Type abbreviations: NQ, QĐ, CT, KH, CTr, TB, HD, BC, TTr, ĐA, DA, PA, QC…" (domain primer)
PRIMER_TYPES = ["NQ", "QĐ", "CT", "KH", "CTr", "TB", "HD", "BC", "TTr", "ĐA", "DA", "PA", "QC"]
STATE_ISSUERS = ["UBND", "HĐND", "CP", "TTg", "BCĐ"]
PARTY_ISSUERS = ["TW", "TU", "ĐU", "BCĐTW", "VPTW"]


@pytest.mark.parametrize("typ", PRIMER_TYPES)
def test_every_primer_type_symbol_is_recognised(typ: str) -> None:
    assert canonical(f"Văn bản số 12/{typ}-UBND ngày 01/7/2025") == f"12/{typ}-UBND"
    assert canonical(f"Văn bản số 12-{typ}/TU ngày 01/7/2025") == f"12-{typ}/TU"


# ------------------------------------------------------------ properties


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("0123456789/-– .,;:\nQĐđDPbNOHKTUWCBVXgrIl0Ngayso")), max_size=80)
)
def test_find_all_never_raises_on_identifier_like_noise(text: str) -> None:
    found = find_all(text)
    ends = [m.end for m in found]
    assert all(0 <= m.start < m.end <= len(text) for m in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    assert ends == sorted(ends)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789/ QHIl5")), max_size=40))
@example("Nghị quyết số 193/2025/QH của Quốc hội")
def test_impossible_reason_never_raises(text: str) -> None:
    for m in find_all(text):
        impossible_reason(m.identifier)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_find_all_never_raises_on_arbitrary_text(text: str) -> None:
    for m in find_all(text):
        assert text[m.start : m.end] == m.raw


@st.composite
def identifiers(draw) -> tuple[str, bool]:
    number = str(draw(st.integers(min_value=1, max_value=999)))
    typ = draw(st.sampled_from(PRIMER_TYPES))
    if draw(st.booleans()):
        return f"{number}-{typ}/{draw(st.sampled_from(PARTY_ISSUERS))}", True
    year = draw(st.one_of(st.none(), st.integers(min_value=2000, max_value=2030)))
    issuer = draw(st.sampled_from(STATE_ISSUERS))
    return (f"{number}/{year}/{typ}-{issuer}" if year else f"{number}/{typ}-{issuer}"), False


SENTENCES = [
    "{}",
    "Căn cứ Nghị quyết số {} ngày 22/12/2024 của Bộ Chính trị;",
    "Thực hiện Kế hoạch số {}, UBND xã ban hành kế hoạch như sau:",
    "(sau đây gọi tắt là Quyết định số {}).",
    "Can cir Ké hoach hanh dong s6 {} ngay 17/7/2025 ciia Ban Thuong vu",
]


@settings(max_examples=200, deadline=None)
@given(identifiers(), st.sampled_from(SENTENCES))
def test_canonical_round_trips_in_a_sentence(ident: tuple[str, bool], sentence: str) -> None:
    text, _ = ident
    found = find_all(sentence.format(text))
    assert [m.identifier.canonical for m in found] == [text]


@settings(max_examples=200, deadline=None)
@given(identifiers(), st.sampled_from(SENTENCES))
def test_canonical_round_trips_with_a_space_after_the_dash(ident: tuple[str, bool], sentence: str) -> None:
    text, party = ident
    # "57- NQ/TW" (001:21) for Party numbers; "71/NQ- CP" for State symbols
    spaced = text.replace("-", "- ", 1)
    found = find_all(sentence.format(spaced))
    assert [m.identifier.canonical for m in found] == [text]
