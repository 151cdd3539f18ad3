"""Loaders: turn a source document into an Extraction (decode → normalise → segment → extract)."""

from __future__ import annotations

from .pipeline import extract_file

__all__ = ["extract_file"]
