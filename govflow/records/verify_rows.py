"""What ``verify`` compares besides the proposal row's stage and route: every value a person sees
that a proposal's events derive, as stored, against what the replay made of them (kind ``row``).

- the proposal row: title, raise date, stage, route, flags, milestones, prefix, proposer, latest
  date, decisions (:func:`row_breaks`);
- its deadlines (:func:`deadline_breaks`): each one its events open, with its status, dates and
  what closed it; a due date computed on the calendar recorded with the deadline (so a closure
  added later does not move it), whose closures must be ones the database recorded;
- its release links and the releases' dates (:func:`release_breaks`);
- its aliases, the spellings that find it (:func:`alias_breaks`): each one its raise, relabels,
  links or alternatives gave, and no other.

A value that cannot be read as what its column holds (a damaged JSON column) is a difference too.
Pure: the stored rows are read beforehand (:mod:`govflow.store.derived_rows`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from typing import Any, Protocol

from govflow.calendar import WorkingCalendar
from govflow.errors import GovflowError
from govflow.model import Deadline, Event
from govflow.store.hashing import ChainBreak
from govflow.store.rows import Damaged, StoredProposal
from govflow.workflow.directions import solution_label
from govflow.workflow.state import ProposalState


def row_breaks(row: StoredProposal, state: ProposalState, reference: str) -> list[ChainBreak]:
    """The proposal row's values its events do not give (the first)."""
    found = {
        "title": row.title, "raise date": row.raised_on, "stage": row.stage, "path": row.path,
        "flags": _sorted(row.flags), "milestones": _sorted(row.milestones),
        "prefix": row.prefix, "proposer": row.proposer, "latest date": row.head_occurred_on,
        "outcomes": row.outcomes if isinstance(row.outcomes, Damaged) else row.outcomes or {},
    }  # fmt: skip
    expected = {
        "title": state.title, "raise date": state.raised_on, "stage": state.stage,
        "path": state.path, "flags": sorted(state.flags), "milestones": sorted(state.milestones),
        "prefix": state.prefix, "proposer": state.proposer, "latest date": state.latest_on,
        "outcomes": state.outcomes(),
    }  # fmt: skip
    return [
        _break(reference, row.head_seq, f"the proposal row says {name} {value!r}; its events say "
               f"{expected[name]!r}")
        for name, value in found.items() if value != expected[name]
    ][:1]  # fmt: skip


def _sorted(value: Any) -> Any:
    return value if isinstance(value, Damaged) else sorted(value or ())


def _break(reference: str, seq: int, why: str) -> ChainBreak:
    return ChainBreak(reference, seq, why, "row")


def _key(d: Deadline) -> tuple[str, str, int]:
    return (d.kind, d.name, d.opened_seq)


def deadline_breaks(
    stored: Sequence[Deadline | Damaged], expected: Iterable[Deadline], reference: str,
    recorded: Sequence[tuple[dt.date, dt.date]],
) -> list[ChainBreak]:  # fmt: skip
    """The stored deadlines that differ from those the events make (the first difference)."""
    for d in stored:
        if isinstance(d, Damaged):
            return [_break(reference, 0, f"a deadline's stored calendar or closers are not "
                           f"what govflow writes: {str(d)[:60]!r}")]  # fmt: skip
    have = {_key(d): d for d in stored if isinstance(d, Deadline)}
    want = {_key(d): d for d in expected}
    for key in sorted(have.keys() ^ want.keys()):
        what = "stores a deadline" if key in have else "has no stored deadline"
        return [
            _break(
                reference,
                key[2],
                f"it {what} for {key[0]} {key[1]!r} opened by event "
                f"{key[2]}, which its events {'do not open' if key in have else 'open'}",
            )
        ]
    for key, d in want.items():
        why = _deadline_difference(have[key], d, recorded)
        if why is not None:
            return [_break(reference, key[2], f"its deadline for {key[1]!r}: {why}")]
    return []


#: A deadline's fields compared one by one: all but its key (kind, name, opened_seq), its
#: store id, and its due day and calendar (compared below, against the calendars recorded).
_DEADLINE_FIELDS = tuple(
    f.name for f in fields(Deadline)
    if f.name not in ("kind", "name", "opened_seq", "id", "due_on", "calendar")
)  # fmt: skip


def _deadline_difference(
    held: Deadline, made: Deadline, recorded: Sequence[tuple[dt.date, dt.date]]
) -> str | None:
    for name in _DEADLINE_FIELDS:
        if getattr(held, name) != getattr(made, name):
            return (f"the stored deadline says {name} {getattr(held, name)!r}; its events say "
                    f"{getattr(made, name)!r}")  # fmt: skip
    if held.due_on == made.due_on:
        return None
    try:
        calendar = _recorded_calendar(held.calendar, recorded)
        due = calendar.add_working_days(held.opened_on, held.working_days, held.first_day_counts)
    except (GovflowError, ValueError, TypeError, KeyError) as exc:
        return f"its stored calendar is not one the database recorded ({exc})"
    if due != held.due_on:
        return (f"it is stored as due on {held.due_on}; its events and the calendar recorded "
                f"with it make it due on {due}")  # fmt: skip
    return None


def _recorded_calendar(
    described: Mapping[str, Any], recorded: Sequence[tuple[dt.date, dt.date]]
) -> WorkingCalendar:
    """The calendar a deadline recorded, rebuilt from the closures the database recorded (a
    closure in it that the database never recorded is refused)."""
    spans = [_span(str(s)) for s in described.get("closures") or ()]
    pieces = [(max(a, s), min(b, e)) for a, b in spans for s, e in recorded if s <= b and a <= e]
    calendar = WorkingCalendar(pieces, str(described.get("region")))
    if list(calendar.closures) != spans:
        raise ValueError("it names closures the database never recorded")
    return calendar


def _span(text: str) -> tuple[dt.date, dt.date]:
    start, _, end = text.partition("/")
    return dt.date.fromisoformat(start), dt.date.fromisoformat(end or start)


def release_breaks(
    stored: Mapping[str, str], state: ProposalState, reference: str, seq: int
) -> list[ChainBreak]:
    """The release links whose status the events do not give (the first)."""
    expected = {name: status for name, (status, _) in state.releases.items()}
    for name in sorted(stored.keys() | expected.keys()):
        if stored.get(name) != expected.get(name):
            return [_break(reference, seq, f"its link to release {name} says "
                           f"{stored.get(name) or 'nothing'}; its events say "
                           f"{expected.get(name) or 'no link'}")]  # fmt: skip
    return []


def release_date_breaks(
    stored: Mapping[str, dt.date | None], given: Mapping[str, set[str]]
) -> list[ChainBreak]:
    """A release's stored date must be one that an event gives it (when any does)."""
    return [
        ChainBreak(f"release {name}", 0, f"it is stored with date {stored.get(name)}; its "
                   f"events give {', '.join(sorted(days))}", "row")
        for name, days in sorted(given.items())
        if days and (stored.get(name) is None or stored[name].isoformat() not in days)  # type: ignore[union-attr]
    ]  # fmt: skip


def alias_breaks(
    stored: set[str], events: Iterable[Event], spelt: Spelt, reference: str, seq: int
) -> list[ChainBreak]:
    """The spellings stored for the proposal that its events do not give, and those they give
    that are not stored (the first). A name it had (raised as, relabelled to) may be stored in
    any spelling of it (``DP1`` for ``DP001``); a link's spelling as the link recorded it."""
    names, exact, alternatives = _aliases(events, spelt)
    keys = {spelt.key(name) for name in names}
    stored_keys = {spelt.key(spelling) for spelling in stored}
    allowed = exact.union(*alternatives.values())
    for spelling in sorted(stored):
        if spelling not in allowed and spelt.key(spelling) not in keys:
            return [_break(reference, seq, f"{spelling!r} is stored as one of its spellings; "
                           "none of its events gives it")]  # fmt: skip
    missing = sorted(n for n in names if spelt.key(n) not in stored_keys)
    missing += sorted(exact - stored)
    missing += sorted(max(s) for s in alternatives.values() if s and not s & stored)
    for spelling in missing:
        return [_break(reference, seq, f"its events give it the spelling {spelling!r}, which "
                       "is not stored")]  # fmt: skip
    return []


class Spelt(Protocol):
    """How ``verify`` reads a proposal's spellings."""

    def key(self, spelling: str) -> object:
        """What identifies the name ``spelling`` writes (prefix, number, alternative)."""

    def written(self, spelling: str, version: int) -> str:
        """``spelling`` as ``version`` of the proposal's workflow writes it."""


def _aliases(
    events: Iterable[Event], spelt: Spelt
) -> tuple[set[str], set[str], dict[str, set[str]]]:
    """The names a proposal's events (as recorded) give it (raised as, relabelled to), the
    spellings its links recorded, and for each alternative the spellings it may have: its
    base's reference at the time (under any name and version it had) and the solution's
    letter."""
    names: list[tuple[str, int]] = []  # (a reference it had, a version it was under)
    exact, solutions = set(), []
    for e in events:
        p = e.payload
        if e.kind == "raised":
            names.append((str(p.get("reference")), int(p.get("workflow_version") or 0)))
        elif e.kind == "relabel" and p.get("to"):
            names += [(str(p["to"]), version) for _, version in names]
        elif e.kind == "link" and p.get("spelling"):
            exact.add(str(p["spelling"]))
        elif e.kind == "alternative" and p.get("solution"):
            solutions.append(str(p["solution"]))
        elif e.kind == "migrated" and p.get("to_version") is not None:
            names += [(name, int(p["to_version"])) for name, _ in names]
    bases = {spelt.written(name, version) for name, version in set(names)} if solutions else set()
    return (
        {n for n, _ in names},
        exact,
        {s: {solution_label(b, s) for b in bases} for s in solutions},
    )
