"""Provinces (from the catalog), the split of communes across them, and plausible commune names."""

from __future__ import annotations

import random
import unicodedata

# Syllables of Vietnamese place names (NFC, with diacritics).
SYLLABLES = [
    "An",
    "Bình",
    "Hòa",
    "Phú",
    "Tân",
    "Thạnh",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Trung",
    "Hưng",
    "Long",
    "Phước",
    "Thuận",
    "Xuân",
    "Quang",
    "Minh",
    "Thành",
    "Yên",
    "Lộc",
    "Sơn",
    "Hà",
    "Hải",
    "Vĩnh",
    "Mỹ",
    "Thới",
    "Khánh",
    "Gia",
    "Kim",
    "Cẩm",
    "Ngọc",
    "Hồng",
    "Đức",
    "Nghĩa",
    "Tiến",
    "Lợi",
    "Thịnh",
    "Phong",
    "Lâm",
    "Tường",
    "Định",
    "Hậu",
    "Lương",
    "Quý",
    "Hiệp",
    "Thắng",
    "Lạc",
    "Châu",
    "Cát",
    "Tú",
    "Hạnh",
    "Vân",
    "Thủy",
    "Liên",
    "Đồng",
    "Thanh",
    "Hoa",
    "Trường",
    "Giang",
    "Dân",
    "Điền",
    "Kỳ",
    "Mai",
    "Hợp",
    "Tịnh",
    "Phúc",
    "Quảng",
    "Lập",
    "Trà",
    "Sa",
    "Nhơn",
    "Cường",
    "Hoàng",
    "Diễn",
    "Đạo",
    "Chánh",
    "Hiếu",
    "Lai",
]

# Share of each kind among the 3,321 commune-level units (2,621 xã, 687 phường, 13 đặc khu).
KINDS = (("xã", 2621), ("phường", 687), ("đặc khu", 13))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def split_counts(total: int, n: int, rng: random.Random) -> list[int]:
    """`total` communes over `n` provinces: uneven, at least one each when possible, summing to `total`."""
    if n <= 0:
        return []
    weights = [rng.uniform(0.5, 1.5) for _ in range(n)]
    s = sum(weights)
    base = [int(total * w / s) for w in weights]
    if total >= n:
        base = [max(1, b) for b in base]
    diff = total - sum(base)
    order = sorted(range(n), key=lambda i: -weights[i])
    i = 0
    while diff != 0:
        j = order[i % n]
        if diff > 0:
            base[j] += 1
            diff -= 1
        elif base[j] > (1 if total >= n else 0):
            base[j] -= 1
            diff += 1
        i += 1
    return base


def commune_kind(rng: random.Random) -> str:
    total = sum(c for _k, c in KINDS)
    r = rng.uniform(0, total)
    for kind, count in KINDS:
        if r < count:
            return kind
        r -= count
    return "xã"


def commune_names(count: int, rng: random.Random, taken: set[str] | None = None) -> list[str]:
    """`count` distinct two-syllable names (three when two run out)."""
    out: list[str] = []
    used = set(taken or ())
    while len(out) < count:
        k = 2 if len(used) < len(SYLLABLES) ** 2 // 2 else 3
        name = " ".join(rng.sample(SYLLABLES, k))
        if name not in used:
            used.add(name)
            out.append(nfc(name))
    return out
