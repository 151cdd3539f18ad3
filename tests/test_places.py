"""The official register of the 2025 administrative units (vietnam-provinces): names and codes of issuers."""

from __future__ import annotations

import pytest

from directive_kg.loaders.places import communes_named, find_commune, find_province, register_size


def test_register_has_the_2025_structure() -> None:
    assert register_size() == (34, 3321)  # primer: 34 provinces, 3,321 communes, wards and special zones


@pytest.mark.parametrize(
    ("printed", "kind", "province", "name", "code"),
    [
        ("Nghia Đan", "xa", "Nghệ An", "Nghĩa Đàn", "16941"),  # 000:3 after the P→Đ repair
        ("Tran Bien", "phuong", "Đồng Nai", "Trấn Biên", "26041"),  # 002:1
        ("Truong Glang", "xa", "Quảng Ngãi", "Trường Giang", "21196"),  # 001:8 'Glang'
        ("YÊN THÀNH", "xa", "Nghệ An", "Yên Thành", "17506"),
    ],
)
def test_commune_resolved_inside_its_province(
    printed: str, kind: str, province: str, name: str, code: str
) -> None:
    place = find_commune(printed, kind, province)
    assert place is not None and (place.name, place.code, place.province) == (name, code, province)


def test_a_repeated_name_needs_its_province() -> None:
    # three "Xã Yên Thành" in the register: without a province none is chosen
    assert len(communes_named("Yên Thành")) == 3
    assert find_commune("Yên Thành", "xa", None) is None


def test_a_name_not_in_the_register_is_not_guessed() -> None:
    assert find_commune("Hoa Mai Đỏ", "xa", "Nghệ An") is None
    assert find_commune("Nghĩa Đàn", "phuong", "Nghệ An") is None  # a xã, not a phường


@pytest.mark.parametrize(
    ("printed", "name", "code"),
    [
        ("Hà Nội", "Hà Nội", "01"),
        ("thành phố Hà Nội", "Hà Nội", "01"),
        ("Gia LAl", "Gia Lai", "52"),
        ("Đồng Tháp", "Đồng Tháp", "82"),
    ],
)
def test_province(printed: str, name: str, code: str) -> None:
    place = find_province(printed)
    assert place is not None and (place.name, place.code) == (name, code)
