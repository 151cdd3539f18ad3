"""Dates known to the day, month or year (xsd:date, xsd:gYearMonth, xsd:gYear) as report values."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_FORMS = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "day"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})$"), "year"),
)


@dataclass(frozen=True, order=True)
class Period:
    """A date at the precision the source gives: `start` is its first day."""

    start: dt.date
    precision: str  # "day" | "month" | "year"

    @classmethod
    def parse(cls, text: str | None) -> Period | None:
        """'2025-09-10', '2025-12' or '2025' (a time zone suffix is ignored); None when not a date."""
        if not text:
            return None
        text = str(text).strip()[:10]
        for pattern, precision in _FORMS:
            m = pattern.match(text)
            if m:
                parts = [int(g) for g in m.groups()] + [1] * (3 - len(m.groups()))
                try:
                    return cls(dt.date(*parts), precision)
                except ValueError:
                    return None
        return None

    @property
    def end(self) -> dt.date:
        """The last day of the period (a deadline of 2025-12 runs to 31 December 2025)."""
        if self.precision == "day":
            return self.start
        if self.precision == "month":
            return self.start.replace(day=calendar.monthrange(self.start.year, self.start.month)[1])
        return self.start.replace(month=12, day=31)

    @property
    def excel_format(self) -> str:
        return {"day": "dd/mm/yyyy", "month": "mm/yyyy", "year": "yyyy"}[self.precision]

    def __str__(self) -> str:
        s = self.start
        return {
            "day": f"{s.day:02d}/{s.month:02d}/{s.year}",
            "month": f"{s.month:02d}/{s.year}",
            "year": f"{s.year}",
        }[self.precision]
