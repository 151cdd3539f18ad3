"""The reference catalog: known central and provincial documents and the 34 provinces, as data.

The facts live in `ontology/catalog.yaml`, each with its source; this module
only loads and indexes them so citations can be resolved and provinces named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from .text import fold


@dataclass(frozen=True)
class CatalogDocument:
    identifier: str
    kind: str
    issuer: str
    level: str
    body: str
    date: str | None
    title: str | None = None
    province: str | None = None
    implements: tuple[str, ...] = ()
    amends: tuple[str, ...] = ()
    mandate: bool = False
    issuer_en: str | None = None
    confidence: str | None = None
    source: str | None = None
    note: str | None = None


@dataclass
class Catalog:
    documents: list[CatalogDocument] = field(default_factory=list)
    provinces: list[dict[str, Any]] = field(default_factory=list)
    sources: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)

    def find(self, identifier: str, province: str | None = None) -> CatalogDocument | None:
        """The catalog document with this identifier, issued in `province` when it is provincial.

        Numbers restart per issuer, so a provincial symbol (`15-KH/TU`) only
        resolves against the citing plan's own province.
        """
        key = identifier.upper()
        hits = [d for d in self.documents if d.identifier.upper() == key]
        for d in hits:
            if d.level == "central":
                return d
        for d in hits:
            if (d.province or None) == (province or None):
                return d
        return None

    def province_names(self) -> list[str]:
        return [p["name"] for p in self.provinces]

    def province_aliases(self) -> dict[str, str]:
        """Folded name (current or former) → current province name."""
        out: dict[str, str] = {}
        for p in self.provinces:
            out[fold(p["name"])] = p["name"]
            for former in p.get("formerly") or []:
                out.setdefault(fold(former), p["name"])
        return out


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    try:
        text = resources.files("directive_kg.ontology").joinpath("catalog.yaml").read_text(encoding="utf-8")
    except FileNotFoundError:
        return Catalog()
    data = yaml.safe_load(text) or {}
    docs = []
    for d in data.get("documents") or []:
        docs.append(
            CatalogDocument(
                identifier=d["identifier"],
                kind=d.get("kind", "other"),
                issuer=d.get("issuer", ""),
                level=d.get("level", "central"),
                body=d.get("body", "other"),
                date=str(d["date"]) if d.get("date") else None,
                title=d.get("title"),
                province=d.get("province"),
                implements=tuple(d.get("implements") or ()),
                amends=tuple(d.get("amends") or ()),
                mandate=bool(d.get("mandate")),
                issuer_en=d.get("issuer_en"),
                confidence=d.get("confidence"),
                source=d.get("source"),
                note=d.get("note"),
            )
        )
    return Catalog(
        documents=docs,
        provinces=list(data.get("provinces") or []),
        sources=dict(data.get("sources") or {}),
        raw=data,
    )
