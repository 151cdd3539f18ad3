"""OCR repair for Vietnamese administrative text, and a length-preserving fold for matching.

OCR of scanned plans loses diacritics and confuses letters (`Đ` read as `P`,
`số` read as `s6`/`sb`, roman `II` read as `I1`). We repair only what is
unambiguous and keep the raw line for provenance; everything else is matched
on a folded form whose character positions line up with the repaired text,
so a match can be cut back out of the displayable text.
"""

from __future__ import annotations

import re
import unicodedata

# Characters OCR puts where a Vietnamese letter was; folded, they become that letter.
_OCR_FOLD = {
    "¢": "e",
    "€": "e",
    "¥": "y",
    "§": "o",
    "©": "c",
    "®": "r",
    "ﬁ": "fi",
    "—": "-",
    "–": "-",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "|": "|",
}

_VOWELS = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯYáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵấầẩẫậắằẳẵặếềểễệốồổỗộớờởỡợứừửữự"
# Vietnamese words never start with "P" + vowel (only "Ph"): OCR read "Đ" as "P".
_P_FOR_D = re.compile(rf"(?<![A-Za-zÀ-ỹ0-9])P(?=[{_VOWELS}])")
# Roman numerals with OCR'd I's: "I1." "I11." "ITI." "V1." "VL." at the start of a line.
_ROMAN_OCR = re.compile(r"^(\s*)([IVX1lTL]{2,5})(\s*[.:])")
_HORN_DOT = re.compile("[ăơưạặậẹệịọộợụựỵđĂƠƯẠẶẬẸỆỊỌỘỢỤỰỴĐảẳẩẻểỉỏổởủửỷ]")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def fold_char(ch: str) -> str:
    """Fold one character to one character (so positions are preserved)."""
    if ch in _OCR_FOLD:
        return _OCR_FOLD[ch][0]
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    return base.lower() if len(base.lower()) == 1 else ch


class _FoldTable(dict):
    """ord(ch) → fold_char(ch), filled on first use: `str.translate` folds a text in C, not per call."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold_aligned(text: str) -> str:
    """Fold diacritics and case character by character; len(result) == len(text)."""
    return text.translate(_FOLD_TABLE)


def _fix_roman(match: re.Match[str]) -> str:
    token = match.group(2)
    if not any(c in "1lTL" for c in token):
        return match.group(0)
    fixed = token.replace("1", "I").replace("l", "I").replace("T", "I").replace("L", "I")
    if fixed not in {"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII"}:
        return match.group(0)
    return match.group(1) + fixed + match.group(3)


_HORN_APOSTROPHE = re.compile(r"(?<=[A-Za-z])([UuOo])['’](?=[A-Za-z(])")


def repair_line(line: str) -> str:
    """Undo the unambiguous OCR confusions in one line (same line, NFC)."""
    line = unicodedata.normalize("NFC", line)
    line = _HORN_APOSTROPHE.sub(lambda m: {"U": "Ư", "u": "ư", "O": "Ơ", "o": "ơ"}[m.group(1)], line)
    line = _P_FOR_D.sub("Đ", line)
    line = _ROMAN_OCR.sub(_fix_roman, line)
    return line


def ocr_suspect(text: str) -> bool:
    """True when the text looks like OCR output that lost its diacritics.

    Clean Vietnamese has horn, breve or dot-below letters in a large share of
    its words; OCR output keeps almost none of them.
    """
    words = _WORD.findall(text)
    if len(words) < 50:
        return False
    marked = sum(1 for w in words if _HORN_DOT.search(w))
    return marked / len(words) < 0.06
