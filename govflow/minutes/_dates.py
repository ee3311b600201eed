"""Days and times as minutes write them: "3 March 2021, 10:00 - 13:00", "25th May", "by 11 January".

A day written without a year is completed from the meeting date. A deadline ("by 19 March") is
the first such day on or after the meeting. Any other day may also be recent past ("went live on
25 February" in a March meeting), so it is the first such day on or after
:data:`RECENT_PAST_DAYS` days before the meeting.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

RECENT_PAST_DAYS = 62
"""How far back a day without a year may lie before the meeting and still be this year's."""

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)(?![A-Za-z])"
)
_DAY = r"(?P<day>[0-3]?[0-9])(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_YEAR = r"(?P<year>[0-9]{4})(?![0-9])"
# Month names must be capitalised in running text, so "5 may" is not a date.
_TEXT_DATE = re.compile(rf"(?<![0-9.:/]){_DAY}\s+(?:of\s+)?{_MONTH}(?:\.?,?\s+{_YEAR})?")
_NUMERIC_DATE = re.compile(
    r"(?<![0-9./])(?P<day>[0-3]?[0-9])/(?P<month>[01]?[0-9])/(?P<year>[0-9]{4})(?![0-9/])"
)
_DEADLINE = re.compile(
    r"\bby\s+(?:(?:close\s+of\s+(?:business|play)|COB|end\s+of\s+(?:the\s+)?day|EOD|noon|midday"
    r"|[0-9]{1,2}(?:[:.][0-9]{2})?\s*(?:am|pm)?)\s+)?(?:on\s+)?(?:the\s+)?"
    rf"(?:{_WEEKDAY},?\s+)?$",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    r"^(?:(?:meeting\s+)?date\s*:?\s*|held\s+on\s+)?"
    rf"(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}\.?,?\s+{_YEAR}(?P<rest>.*)$",
    re.IGNORECASE,
)
_NUMERIC_DATE_LINE = re.compile(
    rf"^(?:(?:meeting\s+)?date\s*:?\s*)?(?:{_WEEKDAY},?\s+)?"
    r"(?P<day>[0-3]?[0-9])/(?P<month>[01]?[0-9])/(?P<year>[0-9]{4})(?![0-9])(?P<rest>.*)$",
    re.IGNORECASE,
)
_TIME = r"(?P<h{n}>[0-2]?[0-9])(?:[:.](?P<m{n}>[0-5][0-9]))?\s*(?P<ap{n}>[ap]\.?m\b\.?)?"
_TIME_RANGE = re.compile(
    rf"(?<![0-9.:/]){_TIME.format(n=1)}"
    rf"(?:\s*(?:-|\u2013|\u2014|to|until|till)\s*{_TIME.format(n=2)})?(?![0-9])",
    re.IGNORECASE,
)
_TIME_LINE = re.compile(r"^(?:(?:meeting\s+)?time\s*:?\s*)?(?P<rest>.*)$", re.IGNORECASE)
LOWEST_YEAR, HIGHEST_YEAR = 1900, 2999


@dataclass(frozen=True, slots=True)
class Found:
    """A day written in a text, before its year is completed."""

    start: int
    end: int
    day: int
    month: int
    year: int | None
    deadline: bool  # written as "by <date>"


@dataclass(frozen=True, slots=True)
class When:
    """The meeting's own date line."""

    date: dt.date
    start: dt.time | None
    end: dt.time | None


def find_dates(text: str) -> Iterator[Found]:
    """Every day written in ``text``, in order ("19 March", "25th May 2021", "19/03/2021")."""
    matches = [*_TEXT_DATE.finditer(text), *_NUMERIC_DATE.finditer(text)]
    for match in sorted(matches, key=lambda m: m.start()):
        day, month, year = _parts(match)
        if 1 <= month <= 12 and 1 <= day <= 31:
            before = text[max(0, match.start() - 60) : match.start()]
            deadline = _DEADLINE.search(before) is not None
            yield Found(match.start(), match.end(), day, month, year, deadline)


def _parts(match: re.Match[str]) -> tuple[int, int, int | None]:
    month = match.group("month")
    number = int(month) if month.isdigit() else _MONTHS.index(month[:3].lower()) + 1
    year = match.group("year")
    return int(match.group("day")), number, int(year) if year else None


def complete(found: Found, meeting: dt.date) -> dt.date | None:
    """The date ``found`` names, given the meeting date; None when there is no such day."""
    if found.year is not None:
        return _date(found.year, found.month, found.day)
    back = 0 if found.deadline else RECENT_PAST_DAYS
    try:
        earliest = meeting - dt.timedelta(days=back)
    except OverflowError:
        earliest = meeting
    # Four years ahead at most, for 29 February.
    for year in range(earliest.year, earliest.year + 5):
        day = _date(year, found.month, found.day)
        if day is not None and day >= earliest:
            return day
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date_line(text: str) -> When | None:
    """A cleaned line that starts with a full date, with the time range that may follow."""
    match = _DATE_LINE.match(text) or _NUMERIC_DATE_LINE.match(text)
    if match is None:
        return None
    day, month, year = _parts(match)
    if year is None or not LOWEST_YEAR <= year <= HIGHEST_YEAR:
        return None
    date = _date(year, month, day)
    if date is None:
        return None
    start, end = parse_times(match.group("rest"))
    return When(date, start, end)


def parse_time_line(text: str) -> tuple[dt.time, dt.time | None] | None:
    """A line holding only a time or a time range ("Time: 10:00 - 13:00")."""
    rest = _TIME_LINE.match(text)
    match = _TIME_RANGE.fullmatch(rest.group("rest").strip()) if rest else None
    start = _time(match, 1) if match else None
    return None if match is None or start is None else (start, _time(match, 2))


def parse_times(text: str) -> tuple[dt.time | None, dt.time | None]:
    """The first time (or time range) written in ``text``: "10:00 - 13:00", "10am to 1pm"."""
    for match in _TIME_RANGE.finditer(text):
        start = _time(match, 1)
        if start is not None:
            return start, _time(match, 2)
    return None, None


def _time(match: re.Match[str], n: int) -> dt.time | None:
    hour, minute, suffix = match.group(f"h{n}", f"m{n}", f"ap{n}")
    if hour is None or (minute is None and suffix is None):
        return None
    h = int(hour)
    if suffix is not None:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if suffix.lower().startswith("p") else 0)
    if h > 23:
        return None
    return dt.time(h, int(minute or 0))
