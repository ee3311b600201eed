"""A committee's usual cadence, as committee data: when its unplanned meetings are assumed.

Written ``monthly 4th Wednesday``, ``monthly last Friday`` or ``weekly Tuesday`` (case and
extra spaces aside). A cadence date that is not a working day moves to the next working day.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from govflow.calendar import WorkingCalendar
from govflow.errors import InvalidInput

_DAYS = [d.lower() for d in calendar.day_name]
_NTH = {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "first": 1, "second": 2, "third": 3,
        "fourth": 4, "last": -1}  # fmt: skip
EXAMPLES = "monthly 4th Wednesday, monthly last Friday or weekly Tuesday"


@dataclass(frozen=True)
class Cadence:
    """Every ``weekday`` of each week, or the ``nth`` of each month (-1: the last)."""

    every: str  # monthly | weekly
    weekday: int  # 0 Monday .. 6 Sunday
    nth: int = 0

    def __str__(self) -> str:
        day = calendar.day_name[self.weekday]
        if self.every == "weekly":
            return f"weekly {day}"
        nth = "last" if self.nth == -1 else {1: "1st", 2: "2nd", 3: "3rd", 4: "4th"}[self.nth]
        return f"monthly {nth} {day}"

    def dates(self, after: dt.date, cal: WorkingCalendar) -> Iterator[dt.date]:
        """The cadence's meeting days strictly after ``after``, in order (moved off closed
        days), for ten years at most."""
        for day in self._raw(after):
            moved = day if cal.is_working_day(day) else cal.next_working_day(day)
            if moved > after:
                yield moved

    def _raw(self, after: dt.date) -> Iterator[dt.date]:
        if self.every == "weekly":
            day = after + dt.timedelta(days=(self.weekday - after.weekday()) % 7 or 7)
            for _ in range(520):
                yield day
                day += dt.timedelta(days=7)
            return
        year, month = after.year, after.month
        for _ in range(120):
            yield self._in_month(year, month)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    def _in_month(self, year: int, month: int) -> dt.date:
        days = [d for d in calendar.Calendar().itermonthdates(year, month)
                if d.month == month and d.weekday() == self.weekday]  # fmt: skip
        return days[-1] if self.nth == -1 else days[self.nth - 1]


def parse_cadence(text: str) -> Cadence:
    """A cadence from its text; :class:`InvalidInput` naming the forms accepted."""
    words = text.lower().split()
    try:
        if len(words) == 2 and words[0] == "weekly":
            return Cadence("weekly", _DAYS.index(words[1].rstrip("s")))
        if len(words) == 3 and words[0] == "monthly":
            return Cadence("monthly", _DAYS.index(words[2].rstrip("s")), _NTH[words[1]])
    except (ValueError, KeyError):
        pass
    raise InvalidInput(f"{text!r} is not a cadence; write it as {EXAMPLES}")
