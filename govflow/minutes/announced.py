"""What minutes announce and ask for, kept with the meeting: the meetings announced (planned, with
a number when the minutes give one or it is the committee's next), the actions asked (by a date, or
of a party at a meeting), and the references that are not proposals (incident numbers, IRPs,
sections). Each step works inside the import's transaction and notes conflicts as warnings.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from govflow.errors import Advised, Remedy
from govflow.store import minutes_rows, tables
from govflow.store.session import Connection

if TYPE_CHECKING:
    from govflow.minutes._model import Action, PlannedMeeting
    from govflow.minutes._report import ImportRun


def plan_meetings(conn: Connection, run: ImportRun) -> None:
    """Every announced meeting, kept as planned. The first one without a number of its own is the
    committee's next numbered meeting; the others stay unnumbered until `meeting set` numbers
    them. A meeting already there on another date is a conflict: kept as it is, and reported."""
    m = run.minutes
    next_number: int | None = m.number + 1
    for announced in m.next_meetings:
        number = announced.number
        if number is None and next_number is not None:
            number, next_number = next_number, None
        elif number == next_number:
            next_number = None
        _plan_one(conn, run, announced, number)


def _plan_one(
    conn: Connection, run: ImportRun, announced: PlannedMeeting, number: int | None
) -> None:
    committee = run.meeting.committee_id
    code = (
        f"{run.minutes.committee}_{number}"
        if number
        else f"{run.minutes.committee}@{announced.date}"
    )
    found = minutes_rows.announced_meeting(conn, committee, number, announced.date)
    entry: dict[str, Any] = {"meeting": code, "number": number, "kind": announced.kind,
                             "date": announced.date.isoformat(), "stored": False}  # fmt: skip
    if found is not None:
        if found.date != announced.date:
            entry["conflict"] = f"already dated {found.date}"
            run.warnings.append(Advised(
                f"the minutes announce {code} on {announced.date}, but it is dated {found.date} "
                f"in govflow: kept {found.date}",
                Remedy("redate_meeting", code, str(announced.date)),
            ))  # fmt: skip
        run.planned.append(entry)
        return
    minutes_rows.add_meeting(conn, committee, number=number, date=announced.date,
                             kind=announced.kind, status="planned")  # fmt: skip
    entry["stored"] = True
    run.planned.append(entry)


def add_actions(conn: Connection, run: ImportRun) -> None:
    """The actions asked for, each once per meeting; one due at a meeting takes its date."""
    items = minutes_rows.item_ids(conn, run.meeting.id)
    known = minutes_rows.action_texts(conn, run.meeting.id)
    for action in run.minutes.actions:
        if action.text in known:
            continue
        due, at = _due(conn, run, action)
        if due is None:
            continue
        known.add(action.text)
        minutes_rows.add_action(
            conn, meeting_id=run.meeting.id, item_id=items.get(action.item or ""), due_on=due,
            text=action.text, party=action.party, status="open", due_meeting_id=at,
        )  # fmt: skip
        run.actions.append({
            "due": due.isoformat(), "at_meeting": action.at_meeting, "item": action.item,
            "party": action.party, "text": action.text,
        })  # fmt: skip


def _due(conn: Connection, run: ImportRun, action: Action) -> tuple[dt.date | None, int | None]:
    """The day an action is due, and the meeting it is due at (for one asked "at OPSG_50")."""
    if action.at_meeting is None:
        return action.due, None
    committee, number = tables.parse_meeting_code(action.at_meeting)
    row = minutes_rows.meeting_on(conn, committee, number)
    if row is None:
        run.warnings.append(Advised(
            f"{run.minutes.where(action.line)}: {action.text!r} is due at {action.at_meeting}, "
            "which has no date yet: not kept",
            Remedy("plan_meeting", action.at_meeting),
        ))  # fmt: skip
        return None, None
    return row.date, row.id


def keep_references(conn: Connection, run: ImportRun) -> None:
    """Incident numbers, IRPs, sections and meetings the minutes name, each once per item."""
    have = minutes_rows.references_of(conn, run.meeting.id)
    for ref in run.minutes.other_refs:
        key = (ref.kind, ref.value, ref.item)
        if key not in have:
            have.add(key)
            minutes_rows.add_reference(conn, run.meeting.id, ref.kind, ref.value, ref.item)
