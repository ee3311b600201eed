"""Dates as users type them: ``2021-05-24``, ``24 May 2021``, ``24 May 21``, ``24/05/2021``;
and timestamps as govflow writes them (UTC ISO 8601 text with microseconds)."""

from __future__ import annotations

import datetime as dt

from govflow.errors import InvalidInput

_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d %B %y", "%d %b %y", "%d/%m/%Y")
ACCEPTED = "2021-05-24, 24 May 2021 or 24/05/2021"


def parse_date(value: str | dt.date, what: str = "date") -> dt.date:
    """A date from text in one of the accepted forms (a ``date`` passes through)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:  # the common form, and much faster than strptime
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        pass
    text = " ".join(value.replace(",", " ").split())
    for form in _FORMATS:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise InvalidInput(f"{value!r} is not a {what} govflow can read; write it as {ACCEPTED}")


def optional_date(value: str | dt.date | None, what: str = "date") -> dt.date | None:
    return None if value is None else parse_date(value, what)


def timestamp(value: dt.datetime) -> str:
    """UTC timestamp text as hashed and exported."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds") + "Z"
