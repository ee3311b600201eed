"""Dates as users type them: ``2021-05-24``, ``24 May 2021``, ``24 May 21``, ``24/05/2021``,
``17 Sept 2021``, ``Friday 17th September 2021``, ``17-Sep-2021``, ``17.09.2021``, ``today``,
``yesterday`` (every unambiguous British form); and timestamps as govflow writes them (UTC ISO
8601 text with microseconds).

Every date a person enters is bounded: :data:`FIRST` to :data:`LAST` (1900-01-01 to 2099-12-31,
inside the years the working-day calendar knows), so that no date reaches the record that a
calendar, a page or an export cannot show; outside them :func:`parse_date` and
:func:`parse_when` refuse it with :class:`~govflow.errors.InvalidInput`. A date inside the range
but far from today (:func:`far_from_today`) is kept, with a warning in the write's answer.
"""

from __future__ import annotations

import calendar
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
    mistyped year, most often), else None."""
    today = today or dt.datetime.now(dt.UTC).date()
    if day > today + dt.timedelta(days=AHEAD):
        return f"{day} is more than a year from today; if the year is wrong, correct the event"
    if day < today - dt.timedelta(days=BACK):
        return f"{day} is more than fifty years ago; if the year is wrong, correct the event"
    return None


def parse_date(value: str | dt.date, what: str = "date", *, field: str | None = None) -> dt.date:
    """A date from text in one of the accepted forms (a ``date`` passes through), between
    :data:`FIRST` and :data:`LAST`; ``field`` names the keyword argument it came as, for the
    error to carry (:class:`~govflow.errors.InvalidInput`)."""
    try:
        return in_range(_parse_date(value, what), what)
    except InvalidInput as exc:
        exc.field = field or exc.field
        raise


def _parse_date(value: str | dt.date, what: str) -> dt.date:
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
    return value.isoformat(timespec="microseconds") + "Z"


# -- dates known to a precision --------------------------------------------------------------------
#: How well a date is known. The day an event is kept on (``occurred_on``), which orders the
#: history and opens windows, is the day by which it had certainly happened when the record bounds
#: it from above (a day itself; a month's or a year's last day; the day of "on or before"), and
#: the first day it could have happened when the record bounds it only from below ("on or after").
#: The raise is the exception: it opens the history, so it is kept on the first day it may be (a
#: month's or a year's first): an event known to the same month or year may follow it.
PRECISIONS = ("day", "month", "year", "on_or_before", "on_or_after")
_MONTH_FORMATS = ("%Y-%m", "%B %Y", "%b %Y", "%m/%Y")
_BEFORE = ("on or before ", "by ", "before or on ", "<=")
_AFTER = ("on or after ", "after ", "not before ", ">=")


def _month_end(first: dt.date) -> dt.date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def parse_when(value: str | dt.date, what: str = "date") -> tuple[dt.date, str]:
    """A date an event happened, as far as it is known: ``(day, precision)``.

    * an exact day in any form :func:`parse_date` reads: precision ``day``;
    * a month, ``April 2020``, ``Sept 2019`` or ``2020-04``: the month's **last** day, ``month``;
    * a year, ``2019``: its last day, ``year``;
    * ``on or before 16 April 2021``, ``by 16 April 2021`` or ``by April 2020``: that day (the
      month's last), precision ``on_or_before``;
    * ``on or after 15 October 2019``, ``after 15 October 2019`` or ``after October 2019``: that
      day (a month's or year's first), precision ``on_or_after``. "After" is kept as "on or
      after": a looser bound, still true.

    The day is the one the event is kept on (see :data:`PRECISIONS`), between :data:`FIRST` and
    :data:`LAST`.
    """
    day, precision = _parse_when(value, what)
    return in_range(day, what), precision


def _parse_when(value: str | dt.date, what: str) -> tuple[dt.date, str]:
    if not isinstance(value, str):
        return parse_date(value, what), "day"
    try:  # the common form first: much faster than the forms below
        return dt.date.fromisoformat(value.strip()), "day"
    except ValueError:
        pass
    text = " ".join(value.replace(",", " ").split())
    lowered = text.lower()
    for lead in _BEFORE:
        if lowered.startswith(lead):
            return parse_when(text[len(lead) :], what)[0], "on_or_before"
    for lead in _AFTER:
        if lowered.startswith(lead):
            return _first_day(text[len(lead) :], what), "on_or_after"
    found = _period(text)
    if found is not None:
        return found[1], found[2]
    try:
        return _parse_date(text, what), "day"
    except InvalidInput:
        raise InvalidInput(
            f"{value!r} is not a {what} govflow can read; write it as {ACCEPTED}, a month "
            "(April 2020), a year (2019), 'by 16 April 2021' or 'after 15 October 2019'"
        ) from None


def _period(text: str) -> tuple[dt.date, dt.date, str] | None:
    """A month or a year: its first and last day, and ``month`` or ``year``; else None."""
    if re.fullmatch(r"(?:19|20)[0-9]{2}", text.strip()):
        year = int(text)
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    month = re.sub(r"\bsept\b\.?", "sep", text, flags=re.IGNORECASE)
    for form in _MONTH_FORMATS:
        try:
            first = dt.datetime.strptime(month, form).date()
        except ValueError:
            continue
        return first, _month_end(first), "month"
    return None


def _first_day(text: str, what: str) -> dt.date:
    """The first day ``text`` can mean: a day itself, a month's or a year's first day."""
    found = _period(" ".join(text.split()))
    return in_range(found[0] if found is not None else parse_date(text, what), what)


def as_written(day: dt.date, precision: str) -> str:
    """A date as far as the record knows it, as the views write it: ``2021-04-16``, ``April
    2020``, ``2019``, ``by 2021-04-16``, ``on or after 2019-10-15``. Never a bound as a day."""
    if precision == "month":
        return f"{day:%B %Y}"
    if precision == "year":
        return str(day.year)
    if precision == "on_or_before":
        return f"by {day.isoformat()}"
    if precision == "on_or_after":
        return f"on or after {day.isoformat()}"
    return day.isoformat()


def when_text(day: dt.date, precision: str) -> str:
    """A date as far as it is known, in a sentence: ``on 2021-04-16``, ``in April 2020``, ``in
    2019``, ``on or before 2021-04-16``, ``on or after 2019-10-15``."""
    if precision in ("month", "year"):
        return f"in {as_written(day, precision)}"
    if precision == "on_or_before":
        return f"on or before {day.isoformat()}"
    if precision == "on_or_after":
        return as_written(day, precision)
    return f"on {day.isoformat()}"


def bounds(day: dt.date, precision: str) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day a date kept as ``(day, precision)`` may be; None where the record
    sets no bound (the first of "on or before", the last of "on or after")."""
    if precision == "month":
        return day.replace(day=1), _month_end(day)
    if precision == "year":
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    if precision == "on_or_before":
        return None, day
    if precision == "on_or_after":
        return day, None
    return day, day


def is_iso_date(value: object) -> bool:
    """Whether ``value`` is a date, or a date in ISO text (as stored payloads write them)."""
    if isinstance(value, dt.date):
        return True
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return True
