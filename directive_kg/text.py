"""Vietnamese text helpers: NFC normalisation and diacritic folding for matching.

Text is data: we keep the NFC form for display and fold only to compare
(OCR'd documents lose diacritics, so matching must ignore them).
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics (đ → d), collapse white space."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return _SPACES.sub(" ", text.lower()).strip()


def squash(text: str) -> str:
    """Collapse runs of white space to one space and trim."""
    return _SPACES.sub(" ", text).strip()
