"""Coverage-guided fuzzing (atheris/libFuzzer) of the identifier, date, table and indicator parsers.

    .venv/bin/pip install -e '.[fuzz]'
    mkdir -p /tmp/dkg-fuzz && .venv/bin/python fuzz/fuzz_parsers.py -max_total_time=600 /tmp/dkg-fuzz fuzz/seeds

A crash writes crash-<hash> in the working directory; turn it into a named regression test in
tests/test_fuzz.py and fix the parser.
"""

from __future__ import annotations

import math
import sys

import atheris

with atheris.instrument_imports():
    from directive_kg.loaders import dates, identifiers, tables
    from directive_kg.loaders.pipeline import extract_doc
    from directive_kg.loaders.segment import build_doc
    from directive_kg.model import SourceInfo
    from directive_kg.text import fold


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    mode = fdp.ConsumeIntInRange(0, 4)
    text = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
    if mode == 0:
        for m in identifiers.find_all(text):
            assert text[m.start : m.end] == m.raw
            identifiers.impossible_reason(m.identifier)
            ident = m.identifier
            if ident.type is None and ident.year is None:  # an official letter is only read after "số"
                again = identifiers.find_all("số " + ident.canonical)[0].identifier
            else:
                again = identifiers.parse(ident.canonical)
            assert again is not None and again.canonical == ident.canonical
    elif mode == 1:
        folded = fold(text)
        dates.parse_any(folded)
        dates.parse_long(folded)
        value, recurring = dates.parse_deadline(folded)
        assert (value == "recurring") == recurring
    elif mode == 2:
        parsed = tables.parse_target_cell(text)
        assert parsed is None or math.isfinite(parsed[1])
    else:
        doc = build_doc("fuzz.txt", text or "\n", markdown=mode == 4)
        extract_doc(doc, SourceInfo(path="fuzz.txt", sha256="0" * 64, encoding="utf-8", line_count=doc.n))


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
