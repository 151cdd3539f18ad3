"""Candidate retrieval for alignment: TF-IDF over folded syllables, syllable bigrams and character n-grams.

Local plans restate central tasks with OCR damage (lost diacritics, "so6" for "số"), other words first,
abbreviations ("KHCN", "CĐS", "CSDL") and extra clauses. Whole-string similarity is fooled by all four;
a bag of folded syllables and syllable pairs is not fooled by word order, character 4-grams survive a
damaged syllable, and abbreviations are expanded with a table learnt from the central texts themselves
(an explicit "trí tuệ nhân tạo (AI)" or an acronym whose letters begin a phrase the central texts use).
A programme's index also repairs OCR damage in the texts it is asked about (`Lexicon.repair`): a syllable the
central texts never use, one edit away from one they use next to the same neighbour, is read as that one
("bien do6i khi hau" → "bien doi khi hau", "van hoa sb" → "van hoa so").
Everything here is plain Python and numpy: the index of a few hundred central texts is one dense matrix
and one query is one gather and one matrix-vector product.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ..text import fold

_WORD = re.compile(r"[a-z0-9]+")
# "trí tuệ nhân tạo (AI)", "Internet vạn vật (IoT)": a long form and the abbreviation in brackets
_DEFINED = re.compile(r"((?:[^\W\d_]+\s+){1,6}[^\W\d_]+)\s*\(\s*([A-Za-zĐđ&]{2,8})\s*\)")
_ACRONYM = re.compile(r"\b([A-ZĐ][A-ZĐa-z&]{1,7})\b")

# syllables that carry no subject in a task sentence (they still count inside bigrams and n-grams)
STOP = frozenset(
    [
        "va",
        "cac",
        "cua",
        "cho",
        "trong",
        "de",
        "theo",
        "tren",
        "voi",
        "la",
        "co",
        "duoc",
        "nhung",
        "mot",
        "tai",
        "tu",
        "nay",
        "do",
        "ve",
        "den",
        "nhu",
        "khi",
        "o",
    ]
)

# feature blocks and their weights in the vector: syllables, syllable pairs, character 4-grams
BLOCK_WEIGHT = {"w": 1.0, "b": 1.0, "c": 0.6}


def clean(text: str) -> str:
    """Folded text with everything but letters and digits turned into single spaces."""
    return " ".join(_WORD.findall(fold(text)))


@dataclass
class Lexicon:
    """Abbreviations learnt from the central texts: folded abbreviation → folded long form."""

    expansions: dict[str, str] = field(default_factory=dict)
    runs: Counter[str] = field(default_factory=Counter)  # runs of 2-5 syllables of the central texts
    repair: bool = False  # read a syllable the central texts never use as the one an edit away (OCR damage)
    vocabulary: list[str] = field(default_factory=list)  # the syllables of the central texts, sorted
    _normalised: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _initials: dict[str, tuple[str, int]] | None = field(default=None, repr=False, compare=False)
    _known: set[str] = field(default_factory=set, repr=False, compare=False)

    @classmethod
    def learn(cls, texts: list[str], repair: bool = False) -> Lexicon:
        """Learn "long form (ABBR)" definitions and acronyms of phrases the central texts repeat.

        An acronym ("KHCN", "CĐS", "CSDL") is expanded to the most frequent run of syllables in the
        central texts whose initials spell it, when that run occurs at least twice; local plans use the
        same abbreviations for the same phrases, so the central texts are the right dictionary.
        """
        lex = cls(repair=repair)
        runs: Counter[str] = Counter()
        for text in texts:
            for m in _DEFINED.finditer(text):
                long, abbr = clean(m.group(1)).split(), clean(m.group(2)).replace(" ", "")
                # the long form is the last len(abbr) syllables when the initials spell the abbreviation
                tail = long[-len(abbr) :]
                if len(tail) == len(abbr) and "".join(w[0] for w in tail) == abbr:
                    lex.expansions.setdefault(abbr, " ".join(tail))
                elif len(abbr) <= 4 and len(long) >= 2:
                    lex.expansions.setdefault(abbr, " ".join(long[-4:]))
            words = clean(text).split()
            for n in (2, 3, 4, 5):
                for i in range(len(words) - n + 1):
                    runs[" ".join(words[i : i + n])] += 1
        lex.runs = runs
        lex.vocabulary = sorted({w for text in texts for w in clean(text).split()})
        lex._known = set(lex.vocabulary)
        return lex

    def expand_acronym(self, abbr: str) -> str | None:
        """The long form of a folded acronym, learnt on first use from the central phrases."""
        if abbr in self.expansions:
            return self.expansions[abbr] or None
        best = self._by_initials().get(abbr)
        self.expansions[abbr] = best[0] if best else ""
        return best[0] if best else None

    def _by_initials(self) -> dict[str, tuple[str, int]]:
        """Initials → the most frequent run (twice or more) they spell, the first of equals; built once
        (scanning every run for every new acronym was a tenth of a build)."""
        if self._initials is None:
            index: dict[str, tuple[str, int]] = {}
            for phrase, count in self.runs.items():
                if count < 2:
                    continue
                key = "".join(w[0] for w in phrase.split())
                if key not in index or count > index[key][1]:
                    index[key] = (phrase, count)
            self._initials = index
        return self._initials

    def _repaired(self, words: list[str], keep: set[str]) -> list[str]:
        """Each syllable the central texts never use replaced by the one they use, one edit away, that
        follows the previous syllable or precedes the next one most often in the central texts (OCR'd
        plans: "do6i", "sb", "vin hoa"); a syllable with no such neighbour, and those in `keep`
        (acronyms), are kept."""
        out = list(words)
        for i, w in enumerate(words):
            if w in self._known or w in keep or len(w) < 2 or w.isdigit():
                continue
            prev, nxt = (out[i - 1] if i else ""), (words[i + 1] if i + 1 < len(words) else "")
            near = process.extract(
                w, self.vocabulary, scorer=Levenshtein.distance, score_cutoff=1, limit=None
            )
            best = max(
                ((self.runs[f"{prev} {v}"] + self.runs[f"{v} {nxt}"], -d, v) for v, d, _ in near),
                default=(0, 0, w),
            )
            if best[0]:
                out[i] = best[2]
        return out

    def normalise(self, text: str) -> str:
        """Folded, cleaned text with each acronym followed by its long form ("KHCN" → "khcn khoa hoc cong nghe").

        Kept per text: aligning one task normalises it about ten times (whole, clauses, wording, groups).
        """
        cached = self._normalised.get(text)
        if cached is None:
            if len(self._normalised) > 4096:
                self._normalised.clear()
            cached = self._normalised[text] = self._normalise(text)
        return cached

    def _normalise(self, text: str) -> str:
        # an acronym has two capitals or more ("KHCN", "CĐS", "IoT", "KH&CN"); "Tham" is a word
        acronyms = {
            clean(m.group(1).replace("&", ""))
            for m in _ACRONYM.finditer(text)
            if sum(c.isupper() for c in m.group(1)) >= 2
        }
        words = clean(text.replace("&", "")).split()
        if self.repair:
            words = self._repaired(words, acronyms)
        out: list[str] = []
        for w in words:
            out.append(w)
            if w in acronyms and len(w) >= 2:
                long = self.expand_acronym(w)
                if long:
                    out.extend(long.split())
        return " ".join(out)


def features(text: str) -> Counter[str]:
    """Syllables (minus a few function words), syllable pairs and character 4-grams of normalised text."""
    words = text.split()
    feats: Counter[str] = Counter()
    for w in words:
        if w not in STOP and len(w) > 1:
            feats["w:" + w] += 1
    for a, b in zip(words, words[1:], strict=False):
        feats[f"b:{a}_{b}"] += 1
    joined = f" {text} "
    for i in range(len(joined) - 3):
        gram = joined[i : i + 4]
        if gram.strip():
            feats["c:" + gram] += 1
    return feats


@dataclass
class Hit:
    index: int
    cosine: float


class Index:
    """TF-IDF index over candidate texts (central tasks, group texts); cosine similarity on queries."""

    def __init__(self, texts: list[str], lexicon: Lexicon | None = None, repair: bool = False) -> None:
        self.lexicon = lexicon or Lexicon.learn(texts, repair)
        self.texts = texts
        self.normalised = [self.lexicon.normalise(t) for t in texts]
        feats = [features(t) for t in self.normalised]
        df: Counter[str] = Counter()
        for f in feats:
            df.update(f.keys())
        n = max(len(texts), 1)
        self.vocab = {term: i for i, term in enumerate(sorted(df))}
        self.idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in sorted(df)], dtype=np.float32)
        self.matrix = np.zeros((len(texts), len(self.vocab)), dtype=np.float32)
        for row, f in enumerate(feats):
            idx, val = self._weights(f)
            self.matrix[row, idx] = val
            norm = float(np.linalg.norm(self.matrix[row]))
            if norm:
                self.matrix[row] /= norm
        self.syllables = [set(t.split()) - STOP for t in self.normalised]
        self._raw: dict[int, dict[str, str]] = {}

    def _weights(self, f: Counter[str]) -> tuple[np.ndarray, np.ndarray]:
        keys = [k for k in f if k in self.vocab]
        idx = np.array([self.vocab[k] for k in keys], dtype=np.int64)
        tf = np.array([(1 + math.log(f[k])) * BLOCK_WEIGHT[k[0]] for k in keys], dtype=np.float32)
        return idx, tf * self.idf[idx] if len(idx) else tf

    def cosines(self, text: str) -> np.ndarray:
        """Cosine of the text with every candidate (zeros when nothing is shared)."""
        return _cosines(self, self.lexicon.normalise(text))

    def search(self, text: str, k: int = 10) -> list[Hit]:
        sims = self.cosines(text)
        if not len(sims):
            return []
        order = np.argsort(-sims)[:k]
        return [Hit(int(i), float(sims[i])) for i in order if sims[i] > 0]

    def raw_words(self, target: int) -> dict[str, str]:
        """Folded syllable → the word as the candidate text prints it (computed once per candidate)."""
        if target not in self._raw:
            raw: dict[str, str] = {}
            for word in re.findall(r"\w+", self.texts[target]):
                raw.setdefault(clean(word), word)
            self._raw[target] = raw
        return self._raw[target]

    def idf_of(self, syllable: str) -> float:
        i = self.vocab.get("w:" + syllable)
        return float(self.idf[i]) if i is not None else float(self.idf.max(initial=1.0))


def _cosines(index: Index, normalised: str) -> np.ndarray:
    f = features(normalised)
    idx, val = index._weights(f)
    if not len(idx):
        return np.zeros(len(index.texts), dtype=np.float32)
    # the query's norm counts only what the index knows: words no central text uses do not dilute
    norm = float(np.linalg.norm(val)) or 1.0
    return index.matrix[:, idx] @ (val / norm)


@lru_cache(maxsize=1 << 14)
def _syllables(normalised: str) -> frozenset[str]:
    return frozenset(normalised.split()) - STOP


def shared_wording(index: Index, text: str, target: int, limit: int = 12) -> tuple[float, float, str]:
    """How much of the candidate's and of the text's subject the other states, and the shared words.

    Returns (share of the candidate's idf mass found in the text, share of the text's idf mass found in
    the candidate, the shared syllables in the candidate's order, most specific first when cut).
    """
    mine = _syllables(index.lexicon.normalise(text))
    theirs = index.syllables[target]
    if not mine or not theirs:
        return 0.0, 0.0, ""
    common = mine & theirs
    w = index.idf_of
    cover_c = sum(w(s) for s in common) / sum(w(s) for s in theirs)
    cover_l = sum(w(s) for s in common) / (sum(w(s) for s in mine) or 1.0)
    order = [s for s in dict.fromkeys(index.normalised[target].split()) if s in common]
    if len(order) > limit:
        keep = set(sorted(order, key=lambda s: -w(s))[:limit])
        order = [s for s in order if s in keep]
    # shown as the central text prints them (diacritics kept), in its order
    raw = index.raw_words(target)
    return cover_c, cover_l, " ".join(raw.get(s, s) for s in order)
