"""Read dates as precisely as the source allows: `2025-07-23`, `2025-12` (day blank), `2025` (month lost).

Matching is done on folded text (see ocr.fold_aligned) so that `ngay 05 thang
//ndam 2025` and `ngày tháng 12 năm 2025` both parse; a part that cannot be
read is left out rather than guessed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

# "ngày 23 tháng 7 năm 2025" with OCR junk between the parts.
_LONG = re.compile(
    r"ngay\s*(?P<d>\d{1,2})?[^\d\n]{0,6}?thang\s*(?P<m>\d{1,2})?(?!\d)[^\d\n]{0,12}?(?P<y>(?:19|20)\d{2})"
)
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


RECURRING_WORDS = (
    "thuong xuyen",
    "hang nam",
    "hang thang",
    "hang quy",
    "ca nam",
    "lien tuc",
    "dinh ky",
    "thuing xuyen",
    "thudng xuyen",
    "thuqng xuyen",
    "thudng",
    "thuong",
)
# "hằng năm", "hàng năm", "mỗi năm", "hằng quý/tháng" and their OCR forms ("hing nam", "hang ndm", "moi nim")
_EVERY = re.compile(r"(?<![a-z])(?:h[a-z]{1,2}ng|moi)\s*(?:n[a-z]{1,2}m|qu[yi]|th[a-z]{1,2}ng)(?![a-z])")
_REGULAR = re.compile(r"(?<![a-z])th\w{1,4}\s*x\w{0,2}y\w{0,3}n(?![a-z])")
# "Năm 2025 và các năm tiếp theo", "2025 và những năm tiếp theo", "từ năm 2025 trở đi": recurring from a year
_FROM_YEAR = re.compile(
    r"(?P<y>20\d{2})\s*(?:va\s*(?:c[a-z]{1,2}c|nhung)\s*n[a-z]{1,2}m\s*(?:ti[a-z€]{1,3}p|sau)|tro\s*di)"
)
# "Quý II/2025", "Quí IV-2025", "Quý III Năm 2026", "quý 4/2025"
_QUARTER = r"qu[yi]\s*(?P<q{n}>iv|i{{1,3}}|[1-4])(?:\s*[/\-–.]\s*|\s+(?:nam\s+)?)(?P<y{n}>20\d{{2}})(?!\d)"
_QUARTER_ONE = re.compile(_QUARTER.format(n=1))
_QUARTER_SPAN = re.compile(_QUARTER.format(n=1) + r"\s*(?:-|–|den|toi)\s*" + _QUARTER.format(n=2))
_QUARTER_NUM = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# an event, not a date: "Sau khi Đề án … được phê duyệt", "Khi tỉnh ban hành …", "Theo hướng dẫn của …"
_EVENT = re.compile(
    r"^\W*(?:sau\s*khi|khi|truoc\s*khi|ngay\s*sau\s*khi|theo|tuy\s*theo|trien\s*khai\s*theo"
    r"|can\s*cu)(?![a-z])"
)
# "tháng 9 năm 2025"
_MONTH_WORDS = re.compile(r"thang\s*(?P<m>\d{1,2})\s*(?:/|nam)\s*(?P<y>20\d{2})")


def _is_recurring(squashed: str) -> bool:
    return (
        any(w in squashed for w in RECURRING_WORDS[:7])
        or bool(_REGULAR.search(squashed))
        or bool(_EVERY.search(squashed))
    )


def quarters(folded: str) -> tuple[str, str] | None:
    """('2025-Q4', '2026-Q2') for "Quý IV/2025 - Quý II/2026", ('2025-Q2', '2025-Q2') for "Quý II/2025"."""
    squashed = re.sub(r"\s+", " ", folded)
    span = _QUARTER_SPAN.search(squashed)
    if span:
        return _quarter(span, 1), _quarter(span, 2)
    one = _QUARTER_ONE.search(squashed)
    return (_quarter(one, 1), _quarter(one, 1)) if one else None


def parse_deadline(folded: str) -> tuple[str | None, bool]:
    """Normalise a deadline cell or phrase to ISO: ('2025-09', False), ('2025', False) or ('recurring', True).
    A quarter is due by its last month ("Quý II/2025" → '2025-06'; "Quý IV/2025 - Quý II/2026" → '2026-06';
    normalise_deadline gives the whole period); an event ("Sau khi …") gives (None, False): a date cannot
    say it, its caller keeps the phrase as printed, and an event is never overdue."""
    text = folded.strip()
    if not text:
        return None, False
    squashed = re.sub(r"\s+", " ", text)
    if _EVENT.match(squashed):
        return None, False
    quarter = quarters(squashed)
    if quarter:
        return _period(quarter[1])[1][:7], False
    for rx in (_SHORT, _MONTH_WORDS, _MONTH):
        m = rx.search(text)
        if m:
            return iso(m.group("y"), m.group("m"), m.groupdict().get("d")), False
    m = _YEAR.search(text)
    if m:
        return m.group("y"), False
    if _is_recurring(squashed):
        return "recurring", True
    return None, False


def _quarter(m: re.Match[str], n: int) -> str:
    return f"{m.group(f'y{n}')}-Q{_QUARTER_NUM[m.group(f'q{n}')]}"


@dataclass(frozen=True)
class Deadline:
    """A deadline as a period: what a task's `deadline` shows, and the days it runs from and to."""

    text: str  # ISO ("2025-09", "2025"), "recurring", or the phrase as printed (quarters, events)
    kind: str  # date | quarter | interval | recurring | event
    start: str | None = None  # first day of the period (ISO); None for an event
    end: str | None = None  # last day: after it the task is overdue; None for recurring tasks and events
    recurring: bool = False
    since: int | None = None  # "Năm 2025 và các năm tiếp theo": recurring from 2025


def normalise_deadline(printed: str | None) -> Deadline | None:
    """The period a deadline phrase denotes. Quarters and events keep the phrase as printed in `text`
    (that is how the plan states them) and give their period in `start`/`end`; an event has no period,
    so it is never overdue."""
    text = " ".join((printed or "").split())
    if not text:
        return None
    from .ocr import fold_aligned

    folded = fold_aligned(text).lower()
    if folded == "recurring" or (_is_recurring(folded) and not _FROM_YEAR.search(folded)):
        return Deadline("recurring", "recurring", recurring=True)
    since = _FROM_YEAR.search(folded)
    if since:
        year = int(since.group("y"))
        return Deadline(text, "recurring", f"{year}-01-01", None, True, year)
    value, _ = parse_deadline(folded)
    if value is None:
        return Deadline(text, "event")
    quarter = quarters(folded)
    if quarter:
        first, last = quarter
        return Deadline(text, "interval" if first != last else "quarter", _period(first)[0], _period(last)[1])
    start, end = _period(value)
    return Deadline(value, "date", start, end)


def _period(value: str) -> tuple[str, str]:
    """First and last day of '2025', '2025-09', '2025-09-10' or '2025-Q4'."""
    y = int(value[:4])
    if "Q" in value:
        q = int(value[-1])
        first, last = 3 * q - 2, 3 * q
        return f"{y:04d}-{first:02d}-01", f"{y:04d}-{last:02d}-{calendar.monthrange(y, last)[1]:02d}"
    if len(value) == 4:
        return f"{y:04d}-01-01", f"{y:04d}-12-31"
    m = int(value[5:7])
    if len(value) == 7:
        return f"{value}-01", f"{value}-{calendar.monthrange(y, m)[1]:02d}"
    return value, value
