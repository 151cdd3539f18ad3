"""OCR damage of the kinds the domain primer lists, applied to a rendered plan (deterministic for an rng)."""

from __future__ import annotations

import random
import re
import unicodedata

KINDS = ("diacritics", "d_as_p", "so_digit", "symbols", "roman", "comparators")


def strip_marks(text: str) -> str:
    """Diacritics lost: letters keep their case, đ/Đ become d/D."""
    out = unicodedata.normalize("NFD", text)
    out = "".join(c for c in out if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", out.replace("đ", "d").replace("Đ", "D"))


_SO = re.compile(r"\b(s)ố(?=[: ])", re.I)
_D_WORD = re.compile(
    r"\bĐ(?=[aăâeêiouôơưyAĂÂEÊIOUÔƠƯYàáạảãằắặẳẵầấậẩẫèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ"
    r"ÀÁẠẢÃẰẮẶẲẴẦẤẬẨẪÈÉẸẺẼỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕỒỐỘỔỖỜỚỢỞỠÙÚỤỦŨỪỨỰỬỮỲÝỴỶỸ])"
)
_ROMAN_LINE = re.compile(r"^(II|III)\.", re.M)


def damage(text: str, rng: random.Random) -> tuple[str, list[str]]:
    """The text as an OCR engine might have read it, and the kinds of damage applied."""
    kinds = ["diacritics"] + [k for k in KINDS[1:] if rng.random() < 0.6]
    if "d_as_p" in kinds:
        text = _D_WORD.sub("P", text)  # before diacritics are lost, so only word-initial Đ + vowel
    if "so_digit" in kinds:
        text = _SO.sub(lambda m: m.group(1) + rng.choice(["6", "b", "O", "d", "0"]), text)
    if "symbols" in kinds:
        text = text.replace("57-NQ/TW", rng.choice(["57-NO/T W", "57- NQ/TW", "57- -NQ/TW", "57-NQ/TW"]), 3)
        text = text.replace("71/NQ-CP", "71/NO-CP", 1)
    if "roman" in kinds:
        text = _ROMAN_LINE.sub(lambda m: {"II": "I1", "III": "ITI"}[m.group(1)] + ".", text)
    if "comparators" in kinds:
        text = re.sub(r"\| ≥ (\d+) \|", lambda m: f"| {rng.choice(['=', '2 ', '>'])}{m.group(1)} |", text)
    text = strip_marks(text)
    return text, kinds
