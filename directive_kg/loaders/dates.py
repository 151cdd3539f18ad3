"""Read dates as precisely as the source allows: `2025-07-23`, `2025-12` (day blank), `2025` (month lost).

Matching is done on folded text (see ocr.fold_aligned) so that `ngay 05 thang
//ndam 2025` and `ngày tháng 12 năm 2025` both parse; a part that cannot be
read is left out rather than guessed.
"""

from __future__ import annotations

import calendar
import re

# "ngày 23 tháng 7 năm 2025" with OCR junk between the parts.
_LONG = re.compile(
    r"ngay\s*(?P<d>\d{1,2})?[^\d\n]{0,6}?thang\s*(?P<m>\d{1,2})?(?!\d)[^\d\n]{0,12}?(?P<y>(?:19|20)\d{2})")
# "ngày 22/12/2024", "22-12-2024", "ngày 01/4/2025"
_SHORT = re.compile(r"(?<!\d)(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>(?:19|20)\d{2})(?!\d)")
# "tháng 9/2025", "9/2025", "Tháng 12/2025" — a deadline month
_MONTH = re.compile(r"(?<![\d/])(?P<m>\d{1,2})\s*/\s*(?P<y>20\d{2})(?![\d/])")
_YEAR = re.compile(r"(?<!\d)(?P<y>20\d{2})(?!\d)")


def iso(year: int | str | None, month: int | str | None = None, day: int | str | None = None) -> str | None:
    """The ISO form of the parts that were readable (invalid parts are dropped, never guessed)."""
    if year is None:
        return None
    y = int(year)
    if not 1900 <= y <= 2100:
        return None
    m = int(month) if month not in (None, "") else None
    if m is None or not 1 <= m <= 12:
        return f"{y:04d}"
    d = int(day) if day not in (None, "") else None
    if d is None or not 1 <= d <= calendar.monthrange(y, m)[1]:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse_long(folded: str) -> tuple[str | None, int, int]:
    """First 'ngày … tháng … năm …' date in folded text: (iso, start, end) or (None, -1, -1)."""
    m = _LONG.search(folded)
    if not m:
        return None, -1, -1
    return iso(m.group("y"), m.group("m"), m.group("d")), m.start(), m.end()


def parse_any(folded: str) -> tuple[str | None, int, int]:
    """The first date in folded text in either the long or the numeric form."""
    candidates = []
    for rx in (_LONG, _SHORT):
        m = rx.search(folded)
        if m:
            candidates.append((m.start(), m))
    if not candidates:
        return None, -1, -1
    _, m = min(candidates, key=lambda c: c[0])
    return iso(m.group("y"), m.group("m"), m.group("d")), m.start(), m.end()


RECURRING_WORDS = ("thuong xuyen", "hang nam", "hang thang", "hang quy", "ca nam", "lien tuc", "dinh ky",
                   "thuing xuyen", "thudng xuyen", "thuqng xuyen", "thudng", "thuong")


def parse_deadline(folded: str) -> tuple[str | None, bool]:
    """Normalise a deadline cell or phrase: ('2025-09', False), ('2025', False) or ('recurring', True)."""
    text = folded.strip()
    if not text:
        return None, False
    m = _SHORT.search(text)
    if m:
        return iso(m.group("y"), m.group("m"), m.group("d")), False
    m = _MONTH.search(text)
    if m:
        return iso(m.group("y"), m.group("m")), False
    m = _YEAR.search(text)
    if m:
        return m.group("y"), False
    squashed = re.sub(r"\s+", " ", text)
    if any(w in squashed for w in RECURRING_WORDS[:7]) or re.search(r"\bth\w{1,4}\s*x\w{0,2}y\w{0,3}n\b", squashed):
        return "recurring", True
    return None, False
