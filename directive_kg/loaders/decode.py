"""Decode a source file (txt, md, pdf, docx) into Unicode text with line structure.

Minimal first version: UTF-8 text only. See docs/extraction.md.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

MAX_BYTES = 50 * 1024 * 1024


@dataclass
class Decoded:
    text: str
    encoding: str
    format: str
    sha256: str


def read_document(path: Path) -> Decoded:
    path = Path(path)
    if path.is_dir():
        raise InputError(str(path), "is a directory, not a document")
    data = path.read_bytes()
    if not data.strip():
        raise InputError(str(path), "empty file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 text ({exc.reason})", f"byte {exc.start}") from None
    return Decoded(text=text, encoding="utf-8", format=path.suffix.lstrip(".") or "txt",
                   sha256=hashlib.sha256(data).hexdigest())
