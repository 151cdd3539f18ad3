"""Deterministic IRIs minted from identifier parts, issuer scope and year (ELI-like paths).

The same document cited by five plans, or loaded from its own text, must get
one IRI: number + symbol are only unique together with the issuer's area
and the year (numbers restart per issuer and year), so those are the path.
"""

from __future__ import annotations

import os
import re

from ..ontology.vocab import BASE as DEFAULT_BASE
from ..text import fold


def base_iri() -> str:
    base = os.environ.get("DKG_BASE_IRI", DEFAULT_BASE)
    return base if base.endswith(("/", "#")) else base + "/"


def slug(text: str) -> str:
    s = fold(text).replace("/", "_")
    s = re.sub(r"[^a-z0-9_\-]+", "-", s)
    return re.sub(r"-{2,}", "-", s).strip("-_") or "x"


def area_path(province: str | None, commune: str | None = None) -> str:
    if province is None and commune is None:
        return "vn"
    parts = [slug(province) if province else "unknown-province"]
    if commune:
        parts.append(slug(commune))
    return "/".join(parts)


def document_iri(identifier: str | None, scope: str, year: str | None, fallback: str | None = None) -> str:
    ident = slug(identifier) if identifier else f"unnumbered-{fallback or 'x'}"
    return f"{base_iri()}doc/{scope}/{year or 'undated'}/{ident}"


def graph_iri(name: str) -> str:
    return f"{base_iri()}graph/{name}"


def area_iri(province: str | None, commune: str | None = None) -> str:
    return f"{base_iri()}area/{area_path(province, commune)}"


def unit_iri(scope: str, name: str) -> str:
    return f"{base_iri()}unit/{scope}/{slug(name)}"
