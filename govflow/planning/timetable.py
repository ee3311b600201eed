"""What the planner knows of the future: the calendar, the committees (paper lead days and
cadence), the meetings on record and the releases.

A meeting can take a step when its papers can still go out: its last day for papers (its paper
lead days, in working days, before it) is on or after the day the step is ready. Past the last
meeting on record of a committee, its cadence gives the meetings, each marked as an assumption.
"""

from __future__ import annotations

import calendar as months
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from govflow.calendar import WorkingCalendar
from govflow.planning.cadence import Cadence
from govflow.planning.model import Slot

#: How many months before a release its full scope is fixed, unless the release says (the Panel
#: baselines it about six months ahead: SECAS's release pages), and its DCC-impacting scope
#: (about a year ahead).
SCOPE_MONTHS = 6
DCC_SCOPE_MONTHS = 12


@dataclass(frozen=True)
class CommitteeTimes:
    code: str
    paper_lead_days: int | None = None
    cadence: Cadence | None = None


@dataclass(frozen=True)
class Release:
    """A dated release, with the days its scope is fixed when they are on record (release
    data): ``scope`` its full scope, ``dcc_scope`` its DCC-impacting scope."""

    name: str
    on: dt.date
    scope: dt.date | None = None
    dcc_scope: dt.date | None = None

    def scope_closes(self, months_ahead: int = SCOPE_MONTHS) -> dt.date:
        """The day ``months_ahead`` months before it (an assumption of when its scope is fixed)."""
        month = self.on.month - months_ahead
        year = self.on.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        day = min(self.on.day, months.monthrange(year, month)[1])
        return dt.date(year, month, day)

    def scope_fixed(self, dcc: bool, months_ahead: int = SCOPE_MONTHS) -> Scope:
        """When the scope a proposal needs is fixed (its DCC-impacting scope when ``dcc``): on
        record, else assumed ``months_ahead`` (``DCC_SCOPE_MONTHS``) months before."""
        which = "DCC-impacting scope" if dcc else "scope"
        given = self.dcc_scope if dcc else self.scope
        if given is not None:
            return Scope(given, False, f"its {which} is fixed on {given}, as on record")
        ahead = DCC_SCOPE_MONTHS if dcc else months_ahead
        on = self.scope_closes(ahead)
        return Scope(on, True, f"assumed: its {which} is fixed {ahead} months ahead, on {on}")


@dataclass(frozen=True)
class Scope:
    """The day a release's scope is fixed, whether that is assumed, and the words for it."""

    on: dt.date
    assumed: bool
    words: str


@dataclass(frozen=True)
class Timetable:
    """The calendar, the committees by code, their meetings on record (date, code; any order)
    and the releases with a date."""

    calendar: WorkingCalendar
    committees: Mapping[str, CommitteeTimes] = field(default_factory=dict)
    meetings: Mapping[str, Sequence[tuple[dt.date, str]]] = field(default_factory=dict)
    releases: Sequence[Release] = ()
    scope_months: int = SCOPE_MONTHS
    #: first meetings found, by (committee, ready day): a portfolio asks the same many times
    _found: dict[tuple[str, dt.date], Slot | None] = field(default_factory=dict, compare=False)

    def first_meeting(self, bodies: Iterable[str], ready: dt.date) -> Slot | None:
        """The earliest meeting of any of ``bodies`` whose papers can go out on or after
        ``ready``; None when none is on record and no cadence gives one."""
        found = [s for s in (self._cached(b, ready) for b in bodies) if s is not None]
        return min(found, key=lambda s: (s.on, s.assumed), default=None)

    def _cached(self, code: str, ready: dt.date) -> Slot | None:
        key = (code, ready)
        if key not in self._found:
            self._found[key] = self._first_of(code, ready)
        return self._found[key]

    def _first_of(self, code: str, ready: dt.date) -> Slot | None:
        times = self.committees.get(code, CommitteeTimes(code))
        held = sorted(self.meetings.get(code, ()))
        for on, name in held:
            slot = self._slot(times, on, name, assumed=False)
            if on >= ready and slot.papers_by >= ready:
                return slot
        if times.cadence is None:
            return None
        after = max([held[-1][0]] if held else [], default=ready - dt.timedelta(days=1))
        for on in times.cadence.dates(max(after, ready - dt.timedelta(days=1)), self.calendar):
            slot = self._slot(times, on, f"{code}@{on.isoformat()}", assumed=True)
            if slot.papers_by >= ready:
                return slot
        return None

    def _slot(self, times: CommitteeTimes, on: dt.date, name: str, assumed: bool) -> Slot:
        lead = times.paper_lead_days or 0
        papers = self.calendar.subtract_working_days(on, lead) if lead else on
        return Slot(times.code, on, name, papers, assumed)

    def release_named(self, name: str) -> Release | None:
        return next((r for r in self.releases if r.name == name), None)

    def releases_from(self, day: dt.date) -> list[Release]:
        """The releases on or after ``day``, soonest first."""
        return sorted((r for r in self.releases if r.on >= day), key=lambda r: r.on)
