"""The named graph of a source file: one per path relative to the corpus, unique and stable.

Why (issue 22): the graph name was `slug(path)`, and slugs fold case, spaces and punctuation, so
`plan A.txt` and `plan-a.txt` shared one name (the second got a `-K` suffix from its position in the
batch, which the "keep the previously loaded version" lookup ignored, so it kept the wrong file).

A path that its slug spells back unambiguously keeps the plain slug (`was-good.txt` → `was-good-txt`,
the names earlier builds gave): lower-case ASCII letters and digits in runs joined by single `-` or
`_`, one extension, no folder. Any other path gets the slug plus `--` and 12 hex digits of the
SHA-256 of the exact path (NFC); a plain slug never contains `--`, so the two kinds never meet.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from .iris import graph_iri, slug

_PLAIN = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*\.[a-z0-9]+")


def source_graph(relpath: str) -> str:
    """The IRI of the named graph holding the statements read from the file at `relpath`."""
    path = unicodedata.normalize("NFC", relpath.replace("\\", "/"))
    name = slug(path)
    if not _PLAIN.fullmatch(path):
        name += "--" + hashlib.sha256(path.encode("utf-8")).hexdigest()[:12]
    return graph_iri("source/" + name)
