"""Loaders: turn a source document into an Extraction (decode → normalise → segment → extract)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Extraction


def extract_file(path: str | Path) -> Extraction:
    """Run the whole pipeline on one file; raises InputError for bad input."""
    from .pipeline import extract_file as _extract

    return _extract(Path(path))


__all__ = ["extract_file"]
