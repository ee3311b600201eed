"""Days as users type them: ``2021-05-24``, ``24 May 2021``, ``24 May 21``, ``24/05/2021``,
``17 Sept 2021``, ``Friday 17th September 2021``, ``17-Sep-2021``, ``17.09.2021``, ``today``,
``yesterday`` (every unambiguous British form); and timestamps as govflow writes them (UTC ISO
8601 text with microseconds).

Every date a person enters is bounded: :data:`FIRST` to :data:`LAST` (1900-01-01 to 2099-12-31,
inside the years the working-day calendar knows), so that no date reaches the record that a
calendar, a page or an export cannot show; outside them :func:`parse_date` and
:func:`parse_when` refuse it with :class:`~govflow.errors.InvalidInput`. A date inside the range
but far from today (:func:`far_from_today`) is kept, with a warning in the write's answer.

Dates known less than to the day (a month, a bound, an interval) are :mod:`govflow.dates`'s,
which re-exports everything here.
"""

from __future__ import annotations

import datetime as dt
import re

from govflow.errors import InvalidInput

_FORMATS = (
    "%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d %B %y", "%d %b %y", "%d/%m/%Y", "%d/%m/%y",
    "%B %d %Y", "%b %d %Y", "%Y/%m/%d",
)  # fmt: skip
ACCEPTED = "2021-05-24, 24 May 2021, 24 Sept 2021, 24/05/2021, today or yesterday"
#: The dates govflow accepts, first and last.
FIRST, LAST = dt.date(1900, 1, 1), dt.date(2099, 12, 31)
#: How far from today a date may be before a write warns of it (days ahead, days back).
AHEAD, BACK = 366, 50 * 365
_AHEAD_DAYS, _BACK_DAYS = dt.timedelta(days=AHEAD), dt.timedelta(days=BACK)
_RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}
_WEEKDAY = re.compile(r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?\s+")
_ORDINAL = re.compile(r"\b([0-9]{1,2})(?:st|nd|rd|th)\b")


def _normalised(value: str) -> str:
    """Lower case, one space, no weekday, ordinal or "of"; "-" and "." between parts as "/" or
    " "; "Sept" as "sep"."""
    text = " ".join(value.replace(",", " ").split()).casefold()
    text = _WEEKDAY.sub("", _ORDINAL.sub(r"\1", text)).replace(" of ", " ")
    text = re.sub(r"\bsept\b\.?", "sep", text)
    if re.fullmatch(r"[0-9]{1,2}[-.][0-9]{1,2}[-.][0-9]{2,4}", text):
        return re.sub(r"[-.]", "/", text)
    return re.sub(r"(?<=[a-z0-9])[-.](?=[a-z0-9])|\.(?= )", " ", text)


def in_range(day: dt.date, what: str = "date") -> dt.date:
    """``day``, when it is between :data:`FIRST` and :data:`LAST`; else :class:`InvalidInput`."""
    if not FIRST <= day <= LAST:
        raise InvalidInput(
            f"{day.isoformat()} is outside the dates govflow keeps ({FIRST} to {LAST}); "
            f"check the {what}"
        )
    return day


def far_from_today(day: dt.date, today: dt.date | None = None) -> str | None:
    """A warning when ``day`` is more than a year ahead of today or fifty years before it (a
    mistyped year, most often), else None. ``today`` is the UTC date now (read when not given:
    a write gives the date it records its events at, so that it reads the clock once)."""
    today = today or dt.datetime.now(dt.UTC).date()
    if day > today + _AHEAD_DAYS:
        return f"{day} is more than a year from today; if the year is wrong, correct the event"
    if day < today - _BACK_DAYS:
        return f"{day} is more than fifty years ago; if the year is wrong, correct the event"
    return None


def parse_date(value: str | dt.date, what: str = "date", *, field: str | None = None) -> dt.date:
    """A date from text in one of the accepted forms (a ``date`` passes through), between
    :data:`FIRST` and :data:`LAST`; ``field`` names the keyword argument it came as, for the
    error to carry (:class:`~govflow.errors.InvalidInput`)."""
    try:
        return in_range(parse_unbounded(value, what), what)
    except InvalidInput as exc:
        exc.field = field or exc.field
        raise


def parse_unbounded(value: str | dt.date, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:  # the common form, and much faster than strptime
        return dt.date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        pass
    if not isinstance(value, str):
        raise InvalidInput(f"a {what} is text or a datetime.date, not {type(value).__name__}")
    text = _normalised(value)
    if text in _RELATIVE:
        return dt.date.today() + dt.timedelta(days=_RELATIVE[text])
    for form in _FORMATS:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise InvalidInput(f"{value!r} is not a {what} govflow can read; write it as {ACCEPTED}")


def optional_date(
    value: str | dt.date | None, what: str = "date", *, field: str | None = None
) -> dt.date | None:
    return None if value is None else parse_date(value, what, field=field)


def timestamp(value: dt.datetime) -> str:
    """UTC timestamp text as hashed and exported."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return to_microseconds(value) + "Z"


def to_microseconds(value: dt.datetime, sep: str = "T") -> str:
    """``value.isoformat(sep, timespec="microseconds")`` of a naive ``value``, at half its cost
    (every write stores and hashes its events' time): the plain ``isoformat`` writes the
    microseconds unless there are none."""
    if value.tzinfo is not None:
        return value.isoformat(sep, timespec="microseconds")
    text = value.isoformat(sep)
    return text if value.microsecond else text + ".000000"
