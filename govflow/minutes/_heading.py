"""The meeting heading ("## Operations Group Meeting 12_0303") and the date line after it.

The heading is the first line, among the first :data:`HEADING_WINDOW` lines that are not blank or
a classification banner, of the form "<committee> Meeting <number>[_<DDMM>]", the committee
written as a name or a code (case-insensitive). A Markdown or bold heading may name the committee
at its end ("Minutes of the SEC Panel Meeting 95"); a plain line must name it exactly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from govflow.errors import MinutesError, Remedy
from govflow.minutes._dates import When, parse_date_line
from govflow.minutes._dates import parse_time_line as _time_line
from govflow.minutes._items import NUMBER
from govflow.minutes._tables import header_table
from govflow.minutes._text import clean, one_line

HEADING_WINDOW = 25
"""How many non-blank lines may come before the meeting heading."""
DATE_WINDOW = 4
"""How many non-blank lines may come between the heading and the date line."""
EXAMPLE_HEADING = "'## Operations Group Meeting 12_0303'"
EXAMPLE_DATE = "'3 March 2021, 10:00 \u2013 13:00'"

_MARKED = re.compile(r"^ {0,3}(?:#{1,6}[ \t]|\*\*|__)")
_HEADING = re.compile(
    r"^(?P<name>.{0,100}?)\s*\bmeeting\s+(?:no\.?\s*|number\s+|#\s*)?(?P<number>[0-9]{1,4})"
    r"(?:\s*[_/-]\s*(?P<ddmm>[0-9]{4}))?(?![0-9])(?P<rest>.*)$",
    re.IGNORECASE,
)
# What may follow the number on a plain (not Markdown or bold) heading line: nothing, or a date.
_TAIL = re.compile(
    r"^\s*(?:$|[-\u2013\u2014,:|(]|[0-9]|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)"
)
MAX_REST = 100
BANNER = re.compile(r"^this document is classified as\b", re.IGNORECASE)
RULE = re.compile(r"^ {0,3}(?:(?:[-*_=]\s*){3,}|\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?)$")


# -- committees ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Committees:
    """The committees a heading may name, by name and by code, and the one the caller forces."""

    lookup: dict[str, str]  # folded name or code -> code
    codes: tuple[str, ...]
    forced: str | None

    @classmethod
    def build(cls, committees: Mapping[str, str], forced: str | None) -> Committees:
        code = " ".join(forced.split()).upper() if forced is not None else None
        lookup = {_fold(v): v for v in committees.values()}
        lookup.update({_fold(k): v for k, v in committees.items()})
        lookup.pop("", None)
        codes = {*committees.values(), *([code] if code else [])}
        return cls(lookup, tuple(sorted(codes)), code or None)

    def resolve(self, name: str, *, suffix: bool) -> str | None:
        """The code for ``name``; with ``suffix``, "Minutes of the SEC Panel" finds the Panel."""
        folded = _fold(name)
        if folded in self.lookup or not suffix:
            return self.lookup.get(folded)
        ends = [k for k in self.lookup if folded.endswith(" " + k)]
        return self.lookup[max(ends, key=len)] if ends else None

    def words(self) -> set[str]:
        return {w for k in self.lookup for w in k.split()}


def _fold(name: str) -> str:
    words = re.sub(r"[()\u2013]", " ", name.casefold()).split()
    folded = " ".join(words).strip(" :-|,.")
    return folded.removeprefix("the ").strip()


# -- the heading and the date line --------------------------------------------------------------
@dataclass(frozen=True)
class Heading:
    """The meeting heading as found: committee code, name as written, number, DDMM code."""

    index: int  # 0-based
    code: str
    name: str | None
    number: int
    ddmm: str | None
    when: When | None  # a date written on the heading line itself
    warnings: tuple[str, ...] = ()

    @property
    def line(self) -> int:
        return self.index + 1


def find_heading(lines: list[str], known: Committees) -> Heading:
    """The meeting heading among the first lines; MinutesError naming the line when none is."""
    first: int | None = None
    unknown: tuple[int, str] | None = None
    seen = 0
    for index, raw in enumerate(lines):
        cleaned = clean(raw)
        if not cleaned or BANNER.match(cleaned) or RULE.match(raw):
            continue
        first = index if first is None else first
        heading, name = _match_heading(index, raw, cleaned, known)
        if heading is not None:
            return heading
        if name is not None and unknown is None:
            unknown = (index, name)
        seen += 1
        if seen >= HEADING_WINDOW:
            break
    if unknown is not None:
        index, name = unknown
        codes = ", ".join(known.codes) or "none given"
        raise MinutesError(
            f"no committee is called {name!r} (known: {codes})",
            index + 1,
            remedy=Remedy("name_committee"),
        )
    found = f"found {one_line(clean(lines[first]))[:60]!r}" if first is not None else "it is empty"
    raise MinutesError(
        f"expected a meeting heading such as {EXAMPLE_HEADING} (a committee name or code, "
        f"'Meeting' and the meeting number) in the first lines; {found}",
        (first or 0) + 1,
    )


def _match_heading(
    index: int, raw: str, cleaned: str, known: Committees
) -> tuple[Heading | None, str | None]:
    """(the heading, None), or (None, a name no committee answers to), or (None, None)."""
    match = _HEADING.match(cleaned.lstrip("# "))
    if match is None:
        return None, None
    marked = _MARKED.match(raw) is not None
    name = match.group("name").strip(" :-|,.\u2013")
    rest = match.group("rest")
    if len(rest) > MAX_REST or not (marked or _TAIL.match(rest)):
        return None, None  # a sentence mentioning a meeting, not a heading
    code = known.resolve(name, suffix=marked) if name else None
    warnings: tuple[str, ...] = ()
    if known.forced is not None:
        if code is None and name and not marked:
            return None, None
        if code is not None and code != known.forced:
            warnings = (f"the heading names {code}; read as {known.forced} as asked",)
        code = known.forced
    if code is None:
        return None, (name if marked and name else None)
    when = parse_date_line(rest.lstrip(" -\u2013,:|(").strip())
    number, ddmm = int(match.group("number")), match.group("ddmm")
    return Heading(index, code, name or None, number, ddmm, when, warnings), None


def find_date(lines: list[str], heading: Heading) -> tuple[When, int]:
    """The meeting date and the index of the first line after it."""
    tried: int | None = None
    seen = 0
    for index in range(heading.index + 1, len(lines)):
        cleaned = clean(lines[index])
        if not cleaned or RULE.match(lines[index]) or BANNER.match(cleaned):
            continue
        when = parse_date_line(cleaned)
        if when is not None:
            return _with_time_line(lines, index + 1, when)
        tried = index if tried is None else tried
        seen += 1
        if seen >= DATE_WINDOW or NUMBER.match(cleaned):
            break
    if heading.when is not None:
        return heading.when, heading.index + 1
    found = (
        f"found {one_line(clean(lines[tried]))[:60]!r}" if tried is not None else "the text ends"
    )
    raise MinutesError(
        f"expected the meeting date after the heading on line {heading.line}, such as "
        f"{EXAMPLE_DATE}; {found}",
        (tried if tried is not None else heading.index) + 1,
    )


def _with_time_line(lines: list[str], start: int, when: When) -> tuple[When, int]:
    """A time range on the line after the date ("Time: 10:00 - 13:00") completes it."""
    following = next((i for i in range(start, len(lines)) if lines[i].strip()), None)
    if when.start is not None or following is None:
        return when, start
    times = _time_line(clean(lines[following]))
    if times is None:
        return when, start
    return replace(when, start=times[0], end=times[1]), following + 1


def locate(lines: list[str], known: Committees) -> tuple[list[str], Heading, When, int]:
    """The heading and the date line; from a header table when the lines have none."""
    try:
        heading = find_heading(lines, known)
    except MinutesError:
        rewritten = header_table(lines)
        if rewritten is None:
            raise
        lines, heading = rewritten, find_heading(rewritten, known)
    when, body_start = find_date(lines, heading)
    return lines, heading, when, body_start
