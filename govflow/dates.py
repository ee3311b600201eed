"""Dates as the record knows them: a day (:mod:`govflow.days`, re-exported here: every form a
person types, bounded by :data:`FIRST` and :data:`LAST`), or less than a day: a month, a year, on
or before, on or after, between two days, a day and month of an uncertain year
(:data:`PRECISIONS`), read by :func:`parse_when`, written by the one formatter
:func:`as_written` (and :func:`when_text`), bounded by :func:`bounds`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from govflow.days import ACCEPTED as ACCEPTED
from govflow.days import AHEAD as AHEAD
from govflow.days import BACK as BACK
from govflow.days import FIRST as FIRST
from govflow.days import LAST as LAST
from govflow.days import far_from_today as far_from_today
from govflow.days import in_range as in_range
from govflow.days import optional_date as optional_date
from govflow.days import parse_date as parse_date
from govflow.days import parse_unbounded as parse_unbounded
from govflow.days import timestamp as timestamp
from govflow.errors import InvalidInput

# -- dates known to a precision --------------------------------------------------------------------
#: How well a date is known. The day an event is kept on (``occurred_on``), which orders the
#: history and opens windows, is the day by which it had certainly happened when the record bounds
#: it from above (a day itself; a month's or a year's last day; the day of "on or before"; the
#: last day of "between"; the latest year of a day and month whose year is uncertain), and the
#: first day it could have happened when the record bounds it only from below ("on or after").
#: The raise is the exception: it opens the history, so it is kept on the first day it may be (a
#: month's or a year's first, the first of "between"): an event known to the same interval may
#: follow it.
#:
#: Two precisions carry their bounds in their text, so that the date is known from the precision
#: alone whichever day it is kept on: ``between:2019-10-01..2019-10-15`` (both days) and
#: ``year_uncertain:2018..2019`` (the first and last year the day and month may fall in; the day
#: and month are the kept day's). :func:`precision_kind` gives the kind (``between``).
PRECISIONS = ("day", "month", "year", "on_or_before", "on_or_after", "between", "year_uncertain")
_MONTH_FORMATS = ("%Y-%m", "%B %Y", "%b %Y", "%m/%Y")
_BEFORE = ("on or before ", "by ", "before or on ", "<=")
_AFTER = ("on or after ", "after ", "not before ", ">=")
# The patterns of the forms beside a plain day (both case-blind but the ISO one), compiled when
# first used, through re's own cache: a command that reads no such date does not compile them.
_BETWEEN = r"(?:between|from) (.+?) (?:and|to) (.+)"
_ISO_INTERVAL = r"([0-9]{4}-[0-9]{2}-[0-9]{2})/([0-9]{4}-[0-9]{2}-[0-9]{2})"
_UNCERTAIN = (
    r"([0-9]{1,2}(?:st|nd|rd|th)? [a-z]+\.?|[a-z]+\.? [0-9]{1,2}(?:st|nd|rd|th)?)"
    r"(?: year uncertain)?(?: \(?(?:year uncertain )?([0-9]{4}) (or|to) ([0-9]{4})\)?)?"
    r"(?: year uncertain)?"
)
_YEAR_UNCERTAIN = "year uncertain"
_HOW = (
    f"{ACCEPTED}, a month (April 2020), a year (2019), 'by 16 April 2021', 'after 15 October "
    "2019', 'between 1 and 15 October 2019' or '21 November, year uncertain (2018 or 2019)'"
)


def _month_end(first: dt.date) -> dt.date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def precision_kind(precision: str) -> str:
    """The kind of a precision: ``between`` for ``between:2019-10-01..2019-10-15``."""
    return precision.partition(":")[0]


def is_precision(value: object) -> bool:
    """Whether ``value`` is a precision govflow writes (a kind of :data:`PRECISIONS`, with its
    bounds where the kind carries them, in order and in range)."""
    if not isinstance(value, str):
        return False
    kind, colon, rest = value.partition(":")
    if kind not in PRECISIONS or bool(colon) != (kind in ("between", "year_uncertain")):
        return False
    try:
        if kind == "between":
            days = _between_days(rest)
            return days[0] < days[1]
        if kind == "year_uncertain":
            years = _uncertain_years(rest)
            return years[0] < years[1]
    except (ValueError, InvalidInput):
        return False
    return True


def _between_days(rest: str) -> tuple[dt.date, dt.date]:
    first, _, last = rest.partition("..")
    return in_range(dt.date.fromisoformat(first)), in_range(dt.date.fromisoformat(last))


def _uncertain_years(rest: str) -> tuple[int, int]:
    first, _, last = rest.partition("..")
    if not (re.fullmatch("[0-9]{4}", first) and re.fullmatch("[0-9]{4}", last)):
        raise ValueError(rest)
    years = int(first), int(last)
    if not (FIRST.year <= years[0] and years[1] <= LAST.year):
        raise ValueError(rest)
    return years


def between(first: dt.date, last: dt.date) -> str:
    """The precision of a date known to lie between two days (``first`` before ``last``)."""
    return f"between:{first.isoformat()}..{last.isoformat()}"


def parse_when(value: str | dt.date, what: str = "date") -> tuple[dt.date, str]:
    """A date an event happened, as far as it is known: ``(day, precision)``.

    * an exact day in any form :func:`parse_date` reads: precision ``day``;
    * a month, ``April 2020``, ``Sept 2019`` or ``2020-04``: the month's **last** day, ``month``;
    * a year, ``2019``: its last day, ``year``;
    * ``on or before 16 April 2021``, ``by 16 April 2021`` or ``by April 2020``: that day (the
      month's last), precision ``on_or_before``;
    * ``on or after 15 October 2019``, ``after 15 October 2019`` or ``after October 2019``: that
      day (a month's or year's first), precision ``on_or_after``. "After" is kept as "on or
      after": a looser bound, still true;
    * ``between 1 and 15 October 2019``, ``between 1 October 2019 and 15 January 2020``,
      ``between October and December 2019``, ``from … to …`` or ``2019-10-01/2019-10-15``: the
      last day it may be, precision ``between:2019-10-01..2019-10-15``;
    * ``21 November, year uncertain (2018 or 2019)``, ``21 November 2018 or 2019`` or ``21
      November 2017 to 2019``: that day and month of the last year, precision
      ``year_uncertain:2018..2019``. The years it may be are needed: without them the event
      has no place in the history, and no year is guessed.

    The day is the one the event is kept on (see :data:`PRECISIONS`), between :data:`FIRST` and
    :data:`LAST`.
    """
    if type(value) is str and len(value) == 10:  # 2021-01-05, the usual: one call, no strip
        try:
            day = _from_iso(value)
        except ValueError:
            pass  # the long way says why
        else:
            if FIRST <= day <= LAST:
                return day, "day"
    day, precision = _parse_when(value, what)
    return in_range(day, what), precision


_from_iso = dt.date.fromisoformat


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
    found = _period(text) or _interval(text, what) or _uncertain(text, what)
    if found is not None:
        return found[1], found[2]
    try:
        return parse_unbounded(text, what), "day"
    except InvalidInput:
        raise InvalidInput(
            f"{value!r} is not a {what} govflow can read; write it as {_HOW}"
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


def _interval(text: str, what: str) -> tuple[dt.date, dt.date, str] | None:
    """``between A and B`` (or ``from A to B``, or ISO ``A/B``): A's first day and B's last,
    A completed from B where it leaves out the month or year (``between 1 and 15 October
    2019``); a day when both are one; else None."""
    found = re.fullmatch(_ISO_INTERVAL, text) or re.fullmatch(_BETWEEN, text, re.IGNORECASE)
    if found is None:
        return None
    start, end = found.group(1).strip(), found.group(2).strip()
    last = _bound(end, what, 1)
    first = _bound(_completed(start, end, what), what, 0)
    if first > last:
        raise InvalidInput(
            f"{text!r}: {first} is after {last}; write the earlier first, each with its year"
        )
    return (first, last, "day") if first == last else (first, last, between(first, last))


def _bound(text: str, what: str, end: int) -> dt.date:
    """The first (``end`` 0) or last (1) day ``text`` can mean: a day, a month or a year."""
    found = _period(text)
    if found is None:
        return parse_date(text, what)
    return in_range(found[1] if end else found[0], what)


def _completed(start: str, end: str, what: str) -> str:
    """``start`` with the month and year, or the year, that it leaves to ``end``: ``1`` before
    ``15 October 2019`` is ``1 October 2019``; ``October`` before ``December 2019`` is
    ``October 2019``."""
    if _period(start) is not None:
        return start
    try:
        parse_date(start, what)
        return start
    except InvalidInput:
        pass
    words = end.split()
    for keep in (1, 2):
        candidate = " ".join([start, *words[len(words) - keep :]])
        if len(words) > keep and (_period(candidate) or _readable(candidate, what)):
            return candidate
    return start


def _readable(text: str, what: str) -> bool:
    try:
        parse_date(text, what)
    except InvalidInput:
        return False
    return True


def _uncertain(text: str, what: str) -> tuple[dt.date, dt.date, str] | None:
    """A day and month whose year is uncertain, with the years it may be: the day in the first
    and in the last of them, and ``year_uncertain:FIRST..LAST``; else None."""
    found = re.fullmatch(_UNCERTAIN, text, re.IGNORECASE)
    if found is None or (found.group(2) is None and _YEAR_UNCERTAIN not in text.lower()):
        return None
    if found.group(2) is None:
        raise InvalidInput(
            f"{text!r}: govflow needs the years the date may fall in to place it in the "
            "history, and does not guess one; write them: '21 November, year uncertain (2018 "
            "or 2019)' or '21 November 2017 to 2019'"
        )
    years = int(found.group(2)), int(found.group(4))
    if (found.group(3).lower() == "or" and years[1] != years[0] + 1) or years[0] >= years[1]:
        raise InvalidInput(
            f"{text!r}: give the years as 'Y or Y+1' or 'FIRST to LAST', the earlier first"
        )
    first, last = (parse_date(f"{found.group(1)} {year}", what) for year in years)
    return first, last, f"year_uncertain:{years[0]}..{years[1]}"


def _first_day(text: str, what: str) -> dt.date:
    """The first day ``text`` can mean: a day itself, a month's or a year's first day."""
    return _bound(" ".join(text.split()), what, 0)


def as_written(day: dt.date, precision: str) -> str:
    """A date as far as the record knows it, as the views write it: ``2021-04-16``, ``April
    2020``, ``2019``, ``by 2021-04-16``, ``on or after 2019-10-15``, ``between 2019-10-01 and
    2019-10-15``, ``21 November, year uncertain (2018 or 2019)``. Never a bound as a day."""
    kind = precision_kind(precision)
    if kind == "month":
        return f"{day:%B %Y}"
    if kind == "year":
        return str(day.year)
    if kind == "on_or_before":
        return f"by {day.isoformat()}"
    if kind == "on_or_after":
        return f"on or after {day.isoformat()}"
    if kind in ("between", "year_uncertain"):
        return _interval_written(day, precision)
    return day.isoformat()


def _interval_written(day: dt.date, precision: str) -> str:
    first, last = bounds(day, precision)
    assert first is not None and last is not None  # both kinds carry both bounds
    if precision_kind(precision) == "between":
        return f"between {first.isoformat()} and {last.isoformat()}"
    years = f"{first.year} or {last.year}" if last.year == first.year + 1 else (
        f"{first.year} to {last.year}"
    )  # fmt: skip
    return f"{day.day} {day:%B}, year uncertain ({years})"


def when_text(day: dt.date, precision: str) -> str:
    """A date as far as it is known, in a sentence: ``on 2021-04-16``, ``in April 2020``, ``in
    2019``, ``on or before 2021-04-16``, ``on or after 2019-10-15``, ``between 2019-10-01 and
    2019-10-15``, ``on 21 November, year uncertain (2018 or 2019)``."""
    kind = precision_kind(precision)
    if kind in ("month", "year"):
        return f"in {as_written(day, precision)}"
    if kind == "on_or_before":
        return f"on or before {day.isoformat()}"
    if kind in ("on_or_after", "between"):
        return as_written(day, precision)
    return f"on {as_written(day, precision)}"


def bounds(day: dt.date, precision: str) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day a date kept as ``(day, precision)`` may be; None where the record
    sets no bound (the first of "on or before", the last of "on or after"). A day and month of
    an uncertain year: its first and last possible days (the days between are not possible,
    but a rule refused for both ends and every day between is refused for each year)."""
    kind, _, rest = precision.partition(":")
    if kind == "month":
        return day.replace(day=1), _month_end(day)
    if kind == "year":
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    if kind == "on_or_before":
        return None, day
    if kind == "on_or_after":
        return day, None
    if kind == "between" and rest:
        return _between_days(rest)
    if kind == "year_uncertain" and rest:
        first, last = _uncertain_years(rest)
        return day.replace(year=first), day.replace(year=last)
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
