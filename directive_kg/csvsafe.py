"""CSV cells that a spreadsheet cannot run: formula-looking text gets a leading apostrophe (OWASP).

Why (issue 22): `--format csv` wrote document text raw, and a task text such as
`=HYPERLINK("http://…","Số hóa hồ sơ")` became a live formula when the file was opened in Excel or
LibreOffice. Every CSV the project writes goes through `write_csv`: a text cell that starts with
`=`, `+`, `-`, `@`, a tab or a carriage return is written with a `'` in front (OWASP "CSV
Injection"), so the spreadsheet shows it as text. Numbers stay numbers (a negative count is data,
not a formula), and so does text that is only a number (`-5`, `+84`), which no spreadsheet runs.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from typing import TextIO

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def neutralise(value: object) -> object:
    """The cell as written: formula-looking text prefixed with `'`, anything else unchanged."""
    if isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def write_csv(stream: TextIO, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write a header and rows as CSV with every cell neutralised."""
    writer = csv.writer(stream)
    writer.writerow([neutralise(c) for c in columns])
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
