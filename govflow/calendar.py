"""Working days: which dates count, and how windows of working days are added and counted.

SEC timetables (and those of the other GB codes) run in *Working Days*: every day except Saturday,
Sunday and the bank holidays of England and Wales, one-off ones included (8 May 2020, 3 June 2022,
19 September 2022, 8 May 2023). Bank holidays come from the maintained ``holidays`` library,
substitute days included (Christmas on a Saturday closes Monday 27 December); a database may add
closures of its own, such as a Christmas shutdown. The module is pure: no database, no I/O of its
own (what the library said is kept in a per-user cache file, :mod:`govflow.bank_holidays`).

Conventions (the records disagree on the first one, so it is a parameter, never a default):

* A **window** of ``n`` working days opened on ``start`` has ``start`` itself as day 1 when
  ``first_day_counts`` is true and ``start`` is a working day; otherwise day 1 is the first working
  day after ``start``. A window opened on a non-working day therefore starts counting on the next
  working day under both conventions. ``add_working_days`` returns day ``n`` (always a working
  day); ``count_working_days`` is its inverse and counts the days of a window up to ``end``.
* ``working_days_between(a, b)`` counts the working days in ``(a, b]``, negated when ``b < a``. It
  is antisymmetric and is the "working days left" of a deadline ``b`` seen on day ``a``: 0 on the
  due date, and also 0 on a weekend just after it, so test ``b < a`` to know one is overdue.
* Only the years the holiday library covers for the region are accepted (1872-2100 for England
  and Wales with holidays 0.109): outside them nobody can tell a working day, and ``InvalidInput``
  is raised rather than a guess. ``datetime`` values are refused too: a deadline is a day.
* A **closure** lies within the dates govflow keeps (1900-01-01 to 2099-12-31), inside those
  years less the first and the last (:func:`closure_bounds`), and lasts at most
  :data:`MAX_CLOSURE_DAYS`: whatever the closures, the last supported year keeps all its
  working days, so a window of up to about 250 working days opened in range always ends in
  range (and one counted back always starts in range), and no closure can make counting fail.

Example, MP099's Modification Report Consultation (it skipped the Early May bank holiday)::

    >>> from datetime import date
    >>> cal = WorkingCalendar()
    >>> cal.add_working_days(date(2021, 4, 19), 15, first_day_counts=True)
    datetime.date(2021, 5, 10)
    >>> cal.count_working_days(date(2021, 4, 19), date(2021, 5, 10), first_day_counts=False)
    14

Each calendar keeps, per year, the sorted ordinals of its working days, so adding or counting a
window is a few dictionary look-ups and bisections (microseconds), across years and decades alike.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TypedDict

from govflow import dates
from govflow.bank_holidays import BankHolidays
from govflow.bank_holidays import Region as _Region
from govflow.errors import InvalidInput, hint

__all__ = [
    "DEFAULT_REGION", "MAX_CLOSURE_DAYS", "REGIONS", "CalendarDescription", "Closure",
    "WorkingCalendar", "closure_bounds", "closure_problem",
]  # fmt: skip

Closure = date | tuple[date, date]
"""An extra closure: one day, or an inclusive ``(start, end)`` range of days."""

DEFAULT_REGION = "england-and-wales"


# Bank holidays the library lacks, per region. holidays 0.109 knows all the one-offs of the domain
# brief (VE Day moved to 8 May 2020, the Platinum Jubilee, the State Funeral, the Coronation; the
# tests check each), so the table is empty. Add a date here, with its name, when a one-off bank
# holiday is proclaimed before the installed library knows it.
_ENGLAND_AND_WALES_ADDITIONS: tuple[tuple[date, str], ...] = ()

_REGIONS: dict[str, _Region] = {
    "england-and-wales": _Region("GB", "ENG", _ENGLAND_AND_WALES_ADDITIONS),
}
REGIONS: tuple[str, ...] = tuple(_REGIONS)
"""The region names a ``WorkingCalendar`` accepts."""


class CalendarDescription(TypedDict):
    """The calendar in force, to be stored with a deadline (JSON-ready)."""

    region: str
    holidays: str
    additions: list[str]
    closures: list[str]


@functools.cache
def _bank_holidays_of(region: str) -> BankHolidays:
    """The region's bank holidays (the library's, through its cache file), once per process."""
    return BankHolidays(region, _REGIONS[region])


def _library_years(region: str) -> range:
    return _bank_holidays_of(region).years()


def _bank_holidays(region: str, year: int) -> frozenset[int]:
    """Ordinals of the region's bank holidays in ``year``."""
    return _bank_holidays_of(region).of_year(year)


MAX_CLOSURE_DAYS = 366
"""The longest one closure may be, in days (a longer shutdown is several closures)."""


def closure_bounds(region: str = DEFAULT_REGION) -> tuple[date, date]:
    """The first and last day a closure may cover: the dates govflow keeps
    (:data:`govflow.dates.FIRST` to :data:`~govflow.dates.LAST`), within the holiday library's
    years for ``region`` less the first and the last (see the module's docstring)."""
    years = _library_years(_check_region(region))
    first, last = date(years.start + 1, 1, 1), date(years.stop - 2, 12, 31)
    return max(first, dates.FIRST), min(last, dates.LAST)


def closure_problem(start: date, end: date, region: str = DEFAULT_REGION) -> str | None:
    """Why the closure ``start`` to ``end`` cannot be part of a calendar, or None."""
    first, last = closure_bounds(region)
    span = f"a closure from {start.isoformat()} to {end.isoformat()}"
    if end < start:
        return f"{span} ends before it starts"
    if start < first or end > last:
        return (
            f"{span} goes outside the days a closure may cover, {first.isoformat()} to "
            f"{last.isoformat()} (the holiday library's years less the first and the last)"
        )
    if (end - start).days + 1 > MAX_CLOSURE_DAYS:
        return (
            f"{span} lasts {(end - start).days + 1} days, more than {MAX_CLOSURE_DAYS}: "
            "record a longer shutdown as several closures"
        )
    return None


def _check_date(value: object, what: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidInput(f"{what} must be a date (not a datetime), got {value!r}")
    return value


def _check_count(n: object, minimum: int) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < minimum:
        raise InvalidInput(
            f"a number of working days must be a whole number >= {minimum}, got {n!r}"
        )
    return n


def _check_region(region: str) -> str:
    if region not in _REGIONS:
        raise InvalidInput(
            f"unknown calendar region {region!r}{hint(region, REGIONS)}; "
            f"allowed: {', '.join(REGIONS)}"
        )
    return region


def _span(closure: object, region: str) -> tuple[date, date]:
    if isinstance(closure, tuple) and len(closure) == 2:
        start = _check_date(closure[0], "a closure's start")
        end = _check_date(closure[1], "a closure's end")
        if end < start:
            raise InvalidInput(
                f"closure {start.isoformat()} to {end.isoformat()} ends before it starts; "
                "give (start, end)"
            )
    elif isinstance(closure, date) and not isinstance(closure, datetime):
        start = end = closure
    else:
        raise InvalidInput(f"a closure is a date or a (start, end) pair of dates, got {closure!r}")
    problem = closure_problem(start, end, region)
    if problem:
        raise InvalidInput(problem)
    return start, end


def _merge(closures: Iterable[object], region: str) -> tuple[tuple[date, date], ...]:
    """Closures as sorted, disjoint, non-adjacent inclusive ranges."""
    merged: list[tuple[date, date]] = []
    for start, end in sorted(_span(c, region) for c in closures):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _iso(span: tuple[date, date]) -> str:
    start, end = span
    return start.isoformat() if start == end else f"{start.isoformat()}/{end.isoformat()}"


class WorkingCalendar:
    """Working days of a region, less extra closures. Immutable; equal when configured alike.

    ``closures`` takes dates and inclusive ``(start, end)`` ranges, e.g. a Christmas shutdown,
    each within :func:`closure_bounds` and at most :data:`MAX_CLOSURE_DAYS` long.
    """

    __slots__ = ("_closures", "_region", "_years")

    def __init__(self, closures: Iterable[Closure] = (), region: str = DEFAULT_REGION) -> None:
        self._region = _check_region(region)
        self._closures = _merge(closures, self._region)
        self._years: dict[int, tuple[int, ...]] = {}

    @property
    def region(self) -> str:
        return self._region

    @property
    def closures(self) -> tuple[tuple[date, date], ...]:
        """The extra closures, merged into sorted inclusive ranges."""
        return self._closures

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkingCalendar):
            return NotImplemented
        return (self._region, self._closures) == (other._region, other._closures)

    def __hash__(self) -> int:
        return hash((self._region, self._closures))

    def __repr__(self) -> str:
        closures = ", ".join(_iso(span) for span in self._closures)
        return f"WorkingCalendar(region={self._region!r}, closures=[{closures}])"

    # -- public queries ------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is neither a weekend, a bank holiday nor an extra closure."""
        ordinal = self._day(day, "day").toordinal()
        ordinals = self._working_ordinals(day.year)
        i = bisect_left(ordinals, ordinal)
        return i < len(ordinals) and ordinals[i] == ordinal

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self._nth_after(self._day(day, "day").toordinal(), 1)

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before ``day``."""
        return self._nth_back(self._day(day, "day").toordinal() - 1, 0)

    def add_working_days(self, start: date, n: int, first_day_counts: bool) -> date:
        """The day on which a window of ``n`` (>= 1) working days opened on ``start`` ends.

        Day 1 is ``start`` when ``first_day_counts`` and ``start`` is a working day, else the first
        working day after ``start``.
        """
        _check_count(n, 1)
        anchor = self._day(start, "start").toordinal()
        return self._nth_after(anchor - 1 if first_day_counts else anchor, n)

    def subtract_working_days(self, end: date, n: int) -> date:
        """The working day ``n`` (>= 0) working days before ``end``.

        The result ``d`` is the working day with ``working_days_between(d, end) == n``: papers due
        5 working days before a Thursday meeting go out on the Thursday before (bank holidays
        aside); with ``n == 0`` it is the last working day on or before ``end``.
        """
        _check_count(n, 0)
        return self._nth_back(self._day(end, "end").toordinal(), n)

    def count_working_days(self, start: date, end: date, first_day_counts: bool) -> int:
        """The number of working days of a window opened on ``start``, up to ``end`` inclusive.

        The inverse of ``add_working_days``: ``add_working_days(s, count_working_days(s, e, f), f)
        == e`` when ``e`` is a working day on or after the window's day 1.
        """
        first = self._day(start, "start").toordinal()
        last = self._day(end, "end").toordinal()
        if last < first:
            raise InvalidInput(
                f"a window cannot end ({end.isoformat()}) before it starts ({start.isoformat()})"
            )
        return self._count(first - 1 if first_day_counts else first, last)

    def working_days_between(self, a: date, b: date) -> int:
        """Working days from ``a`` to ``b``: those in ``(a, b]``, negated when ``b < a``."""
        first = self._day(a, "a").toordinal()
        last = self._day(b, "b").toordinal()
        return self._count(first, last) if first <= last else -self._count(last, first)

    def describe(self) -> CalendarDescription:
        """The calendar in force, as plain data to record with each deadline."""
        spec = _REGIONS[self._region]
        return {
            "region": self._region,
            "holidays": f"holidays {_holidays_version(self._region)} "
            f"({spec.country}, {spec.subdivision})",
            "additions": [day.isoformat() for day, _name in spec.additions],
            "closures": [_iso(span) for span in self._closures],
        }

    # -- internals: ordinals of working days, one sorted tuple per year --------------------------

    def _working_ordinals(self, year: int) -> tuple[int, ...]:
        ordinals = self._years.get(year)
        if ordinals is None:
            ordinals = self._years[year] = self._build_year(year)
        return ordinals

    def _day(self, value: object, what: str) -> date:
        day = _check_date(value, what)
        self._check_year(day.year)
        return day

    def _check_year(self, year: int) -> None:
        supported = _library_years(self._region)
        if year not in supported:
            raise InvalidInput(
                f"working days are known only for {supported.start}-{supported.stop - 1} "
                f"(the holiday library's years for {self._region}); {year} is outside them"
            )

    def _build_year(self, year: int) -> tuple[int, ...]:
        self._check_year(year)
        closed = _bank_holidays(self._region, year) | self._closed_in(year)
        days = range(date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal() + 1)
        # Ordinal 1 (1 January of year 1) is a Monday: ordinal % 7 is 6 on Saturdays, 0 on Sundays.
        return tuple(d for d in days if d % 7 not in (0, 6) and d not in closed)

    def _closed_in(self, year: int) -> frozenset[int]:
        low, high = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        closed: set[int] = set()
        for start, end in self._closures:
            closed.update(range(max(start.toordinal(), low), min(end.toordinal(), high) + 1))
        return frozenset(closed)

    def _nth_after(self, after: int, n: int) -> date:
        """The ``n``-th (>= 1) working day strictly after the day with ordinal ``after``."""
        year = date.fromordinal(after + 1).year
        ordinals = self._working_ordinals(year)
        i = bisect_right(ordinals, after)
        while i + n > len(ordinals):
            n -= len(ordinals) - i
            year += 1
            ordinals, i = self._working_ordinals(year), 0
        return date.fromordinal(ordinals[i + n - 1])

    def _nth_back(self, end: int, n: int) -> date:
        """The working day with exactly ``n`` working days after it, up to ordinal ``end``."""
        year = date.fromordinal(end).year
        ordinals = self._working_ordinals(year)
        upto = bisect_right(ordinals, end)
        while upto <= n:
            n -= upto
            year -= 1
            ordinals = self._working_ordinals(year)
            upto = len(ordinals)
        return date.fromordinal(ordinals[upto - 1 - n])

    def _count(self, after: int, end: int) -> int:
        """Working days with ordinals in ``(after, end]``."""
        total = 0
        for year in range(date.fromordinal(after + 1).year, date.fromordinal(end).year + 1):
            ordinals = self._working_ordinals(year)
            total += bisect_right(ordinals, end) - bisect_right(ordinals, after)
        return total


def _holidays_version(region: str) -> str:
    """The library's own version string (its cache file keeps it: reading it imports nothing)."""
    return _bank_holidays_of(region).library_version()
