"""Restore Vietnamese diacritics in OCR'd text for display, from a lexicon learnt on clean documents.

Matching never needs this (it folds), but people read the graph: a task
printed as "Trién khai tuyén truyén" should show as "Triển khai tuyên
truyền". Each word is folded and replaced by the accented form clean texts
use, chosen by the previous word where the pair is known; words the lexicon
does not know are left exactly as printed. The raw text is kept beside it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from .ocr import fold_aligned

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# OCR digits inside words: "s6" (số), "d6i" (đổi), "16n" (lớn), "x4" (xã)
_DIGIT_FIXES = str.maketrans({"6": "o", "0": "o", "1": "l", "4": "a", "3": "a", "8": "e"})


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str], dict[str, str]]:
    uni: dict[str, str] = {}
    bi: dict[str, str] = {}
    text = resources.files("directive_kg.loaders").joinpath("lexicon.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        kind, key, accented, _ = line.split("\t")
        (uni if kind == "1" else bi)[key] = accented
    return uni, bi


def _case_like(word: str, model: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def restore(text: str) -> str:
    """Text with diacritics restored where the lexicon is sure; unknown words unchanged."""
    uni, bi = _lexicon()
    out: list[str] = []
    last = 0
    prev = "^"
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        out.append(text[last: m.start()])
        last = m.end()
        key = fold_aligned(word)
        if any(c.isdigit() for c in key):
            if key.isdigit() or not any(c.isalpha() for c in key):
                out.append(word)
                prev = key
                continue
            fixed = key.translate(_DIGIT_FIXES)
            key = fixed if fixed.isalpha() and (fixed in uni or f"{prev} {fixed}" in bi) else key
        accented = bi.get(f"{prev} {key}") or uni.get(key)
        # a letter OCR kept (Đ in "ĐAN") must survive: never trade it for another reading
        if accented and "đ" in word.lower() and "đ" not in accented:
            accented = None
        if accented and key.isalpha():
            out.append(_case_like(accented, word))
        else:
            out.append(word)
        prev = key
    out.append(text[last:])
    return "".join(out)
