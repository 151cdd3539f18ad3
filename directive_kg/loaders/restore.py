"""Restore Vietnamese diacritics in OCR'd text for display, from a lexicon learnt on clean documents.

Matching never needs this (it folds), but people read the graph: a task
printed as "Trién khai tuyén truyén" should show as "Triển khai tuyên
truyền". Each word is folded and replaced by the accented form clean texts
use, chosen by the previous word where the pair is known; words the lexicon
does not know are left exactly as printed. The raw text is kept beside it.

Words OCR misread letter by letter ("qudc", "méi", "Chiến lwoc") are not in
the lexicon at all; one of them is replaced only when a single-letter edit
gives a lexicon word that forms a known pair with its neighbour ("quốc tế",
"đổi mới", "chiến lược"). The pair is the evidence: an unknown name with no
such neighbour stays as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .ocr import fold_aligned

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# OCR digits inside words: "s6" (số), "d6i" (đổi), "16n" (lớn), "x4" (xã)
_DIGIT_FIXES = str.maketrans({"6": "o", "0": "o", "1": "l", "4": "a", "3": "a", "8": "e"})


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, str]  # folded word → accented form (where clean texts agree)
    after: dict[str, str]  # "previous next" folded → accented next word, where the previous word decides
    pairs: frozenset[tuple[str, str]]  # every folded word pair clean texts contain
    vocabulary: tuple[str, ...]  # every folded word clean texts contain
    spellings: frozenset[str]  # every accented word clean texts contain, lower case


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon:
    words: dict[str, str] = {}
    after: dict[str, str] = {}
    pairs: set[tuple[str, str]] = set()
    spellings: set[str] = set()
    text = resources.files("directive_kg.loaders").joinpath("lexicon.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        kind, key, accented, _ = line.split("\t")
        if kind == "1":
            words[key] = accented
        elif kind == "2":
            after[key] = accented
        elif kind == "3":
            a, b = key.split(" ", 1)
            pairs.add((a, b))
        else:
            spellings.add(key)
    vocabulary = set(words) | {w for pair in pairs for w in pair}
    return Lexicon(words, after, frozenset(pairs), tuple(sorted(vocabulary)), frozenset(spellings))


@lru_cache(maxsize=8192)
def _misread(key: str, prev: str, nxt: str) -> str | None:
    """The word an OCR-damaged word stands for, when a neighbour vouches for exactly one candidate."""
    if len(key) < 3 or not key.isalpha():  # two letters are too short to tell a misreading from a word
        return None
    lex = _lexicon()
    found = {
        cand
        for cand, _, _ in process.extract(
            key, lex.vocabulary, scorer=Levenshtein.distance, score_cutoff=1, limit=None
        )
        if abs(len(cand) - len(key)) <= 1 and len(cand) >= 2
    }
    vouched = {c for c in found if (prev, c) in lex.pairs or (c, nxt) in lex.pairs}
    return next(iter(vouched)) if len(vouched) == 1 else None


def _case_like(word: str, model: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _is_title(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def restore(text: str) -> str:
    """Text with diacritics restored where the lexicon is sure; unknown words unchanged."""
    lex = _lexicon()
    uni, bi = lex.words, lex.after
    out: list[str] = []
    last = 0
    prev = "^"
    tokens = list(_TOKEN.finditer(text))
    for i, m in enumerate(tokens):
        word = m.group(0)
        out.append(text[last : m.start()])
        last = m.end()
        key = fold_aligned(word)
        if any(c.isdigit() for c in key):
            if key.isdigit() or not any(c.isalpha() for c in key):
                out.append(word)
                prev = key
                continue
            fixed = key.translate(_DIGIT_FIXES)
            key = fixed if fixed.isalpha() and (fixed in uni or f"{prev} {fixed}" in bi) else key
        if key.isalpha() and key not in uni and key not in lex.vocabulary:
            nxt = fold_aligned(tokens[i + 1].group(0)) if i + 1 < len(tokens) else "$"
            key = _misread(key, prev, nxt) or key
        # inside a name ("xã Trường Giang") a word is restored only from a pair clean texts print
        in_name = word[:1].isupper() and not word.isupper() and i > 0 and _is_title(tokens[i - 1].group(0))
        accented = bi.get(f"{prev} {key}") or (None if in_name else uni.get(key))
        # a word printed with a spelling clean texts use is kept unless its neighbour says otherwise
        if word.lower() in lex.spellings and (prev == "^" or f"{prev} {key}" not in bi):
            accented = None
        # a letter OCR kept (Đ in "ĐAN") must survive: never trade it for another reading
        if accented and "đ" in word.lower() and "đ" not in accented:
            accented = None
        if accented and key.isalpha():
            out.append(_case_like(accented, word))
        elif key != fold_aligned(word) and key.isalpha():  # a misread word, corrected to a plain one
            out.append(_case_like(key, word))
        else:
            out.append(word)
        prev = key
    out.append(text[last:])
    return "".join(out)


# the kind word as OCR prints it ("phwong", "x4"): it is rewritten with the name
_KIND_OCR = {"xã": r"x[a-z0-9&@]{0,2}", "phường": r"ph(?!ong)[a-z]{1,3}ng", "đặc khu": r"d[a-z]c\s*khu"}


def restore_place(text: str, kind: str, name: str) -> str:
    """Spell a place as the official register does wherever the text names it after its kind word:
    "xã Nghĩa Đan" (a damaged OCR name the lexicon restored wrongly) → "xã Nghĩa Đàn". Matching is on the
    folded text, so only that very name is rewritten, never a near one."""
    if not text or not name:
        return text
    folded = fold_aligned(text)
    key = re.escape(fold_aligned(name).lower()).replace(r"\ ", r"\s+")
    word = _KIND_OCR.get(kind, re.escape(fold_aligned(kind).lower()))
    rx = re.compile(rf"(?<![a-z])(?P<kind>{word})\s+(?P<name>{key})(?![a-z])")
    out, last = [], 0
    for m in rx.finditer(folded.lower()):
        out.append(text[last : m.start("kind")])
        spelt = kind + text[m.end("kind") : m.start("name")] + name
        out.append(spelt.upper() if text[m.start("kind") : m.end("name")].isupper() else spelt)
        last = m.end("name")
    out.append(text[last:])
    return "".join(out)
