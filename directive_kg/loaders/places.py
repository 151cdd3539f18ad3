"""Resolve printed place names against the official register of the 2025 administrative units.

Since 1 July 2025 Vietnam has 34 provinces and 3,321 communes, wards and
special zones, each with an official code (the `vietnam-provinces` package
ships the register). A local issuer is resolved to its official name and
code so that two plans of one commune meet in one node and an OCR-damaged
name ("Nghia Pan", "Tran Bien") is displayed as the register spells it
("Nghĩa Đàn", "Trấn Biên"). A name is matched only inside its own province
(commune names repeat: there are three "Xã Yên Thành"); a name the register
does not have is kept as printed, never replaced by the nearest one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from vietnam_provinces import Province, VietNamDivisionType, Ward

from ..text import fold

# the printed admin word (folded) → the register's division types it may name
_KINDS = {
    "xa": {VietNamDivisionType.XA},
    "phuong": {VietNamDivisionType.PHUONG},
    "dac khu": {VietNamDivisionType.DAC_KHU},
    "tinh": {VietNamDivisionType.TINH},
    "thanh pho": {VietNamDivisionType.THANH_PHO_TRUNG_UONG},
}
_PREFIXES = ("thanh pho ", "tinh ", "xa ", "phuong ", "dac khu ")
# OCR may damage a name; a fuzzy match must be this close and clearly better than the next one
MIN_RATIO = 85
MIN_MARGIN = 6


@dataclass(frozen=True)
class Place:
    """One unit of the register: its name without the admin word, its kind and its official code."""

    name: str  # "Nghĩa Đàn", "Hà Nội"
    kind: str  # "xã", "phường", "đặc khu", "tỉnh", "thành phố"
    code: str  # official code (GSO): two digits for a province ("40"), five for a commune ("16941")
    province: str  # the province's name without the admin word
    province_code: str

    @property
    def full_name(self) -> str:
        return f"{self.kind} {self.name}"


def _bare(name: str) -> str:
    """'Thành phố Hà Nội' → 'Hà Nội', 'Xã Nghĩa Đàn' → 'Nghĩa Đàn' (the register prefixes the kind)."""
    f = fold(name)
    for prefix in _PREFIXES:
        if f.startswith(prefix):
            return name[len(prefix) :].strip()
    return name


def _kind_word(division: VietNamDivisionType) -> str:
    return "thành phố" if division == VietNamDivisionType.THANH_PHO_TRUNG_UONG else division.value


@lru_cache(maxsize=1)
def _provinces() -> dict[str, Place]:
    out: dict[str, Place] = {}
    for p in Province.iter_all():
        bare = _bare(p.name)
        out[fold(bare)] = Place(
            bare, _kind_word(p.division_type), f"{int(p.code):02d}", bare, f"{int(p.code):02d}"
        )
    return out


@lru_cache(maxsize=1)
def _wards() -> dict[str, list[tuple[str, Place]]]:
    """Province code → [(folded bare name, place)]."""
    provinces = {p.province_code: p for p in _provinces().values()}
    out: dict[str, list[tuple[str, Place]]] = {}
    for w in Ward.iter_all():
        prov = provinces[f"{int(w.province_code):02d}"]
        bare = _bare(w.name)
        place = Place(bare, _kind_word(w.division_type), f"{int(w.code):05d}", prov.name, prov.code)
        out.setdefault(prov.code, []).append((fold(bare), place))
    return out


def register_size() -> tuple[int, int]:
    """(provinces, communes) in the register: 34 and 3,321 for the 2025 structure."""
    return len(_provinces()), sum(len(v) for v in _wards().values())


def _best(key: str, candidates: list[tuple[str, Place]]) -> Place | None:
    exact = [p for k, p in candidates if k == key]
    if len(exact) == 1:
        return exact[0]
    if exact:
        return None  # two units of one name and kind in one province: not decidable from the name
    scored = sorted(((fuzz.ratio(key, k), p) for k, p in candidates), key=lambda s: -s[0])
    if not scored or scored[0][0] < MIN_RATIO:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < MIN_MARGIN:
        return None
    return scored[0][1]


def find_province(printed: str) -> Place | None:
    """The province a printed name (with or without 'tỉnh'/'thành phố') denotes, OCR damage allowed."""
    key = fold(_bare(printed))
    return _best(key, list(_provinces().items()))


def find_commune(printed: str, admin_word: str | None, province: str | None) -> Place | None:
    """The commune/ward named `printed` inside `province` (None when the province is unknown)."""
    prov = find_province(province) if province else None
    if prov is None:
        return None
    kinds = _KINDS.get(fold(admin_word or ""))
    cands = [
        (k, p)
        for k, p in _wards().get(prov.code, [])
        if kinds is None or any(p.kind == _kind_word(t) for t in kinds)
    ]
    return _best(fold(_bare(printed)), cands)


def communes_named(printed: str) -> list[Place]:
    """Every commune of the register with this name, in any province (to say why one was not resolved)."""
    key = fold(_bare(printed))
    return [p for lst in _wards().values() for k, p in lst if k == key]
