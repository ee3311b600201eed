"""What minutes announce and ask for, kept with the meeting: the meetings announced (planned, with
a number when the minutes give one or it is the committee's next), the actions asked (by a date, or
of a party at a meeting), and the references that are not proposals (incident numbers, IRPs,
sections). Each step works inside the import's transaction and notes conflicts as warnings.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, select

from govflow.errors import Advised, Remedy
from govflow.store import tables
from govflow.store.tables import action_t, meeting_reference_t, meeting_t

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
    t = meeting_t
    code = (
        f"{run.minutes.committee}_{number}"
        if number
        else f"{run.minutes.committee}@{announced.date}"
    )
    same = t.c.number == number if number else (t.c.number.is_(None) & (t.c.date == announced.date))
    found = conn.execute(select(t).where(t.c.committee_id == committee, same)).first()
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
    conn.execute(insert(t).values(committee_id=committee, number=number, date=announced.date,
                                  kind=announced.kind, status="planned"))  # fmt: skip
    entry["stored"] = True
    run.planned.append(entry)


def add_actions(conn: Connection, run: ImportRun) -> None:
    """The actions asked for, each once per meeting; one due at a meeting takes its date."""
    i = tables.item_t
    rows = conn.execute(select(i.c.number, i.c.id).where(i.c.meeting_id == run.meeting.id))
    items: dict[str, int] = {r.number: r.id for r in rows}
    known = set(
        conn.execute(select(action_t.c.text).where(action_t.c.meeting_id == run.meeting.id))
        .scalars()
    )  # fmt: skip
    for action in run.minutes.actions:
        if action.text in known:
            continue
        due, at = _due(conn, run, action)
        if due is None:
            continue
        known.add(action.text)
        conn.execute(insert(action_t).values(
            meeting_id=run.meeting.id, item_id=items.get(action.item or ""), due_on=due,
            text=action.text, party=action.party, status="open", due_meeting_id=at,
        ))  # fmt: skip
        run.actions.append({
            "due": due.isoformat(), "at_meeting": action.at_meeting, "item": action.item,
            "party": action.party, "text": action.text,
        })  # fmt: skip


def _due(conn: Connection, run: ImportRun, action: Action) -> tuple[dt.date | None, int | None]:
    """The day an action is due, and the meeting it is due at (for one asked "at OPSG_50")."""
    if action.at_meeting is None:
        return action.due, None
    committee, number = tables.parse_meeting_code(action.at_meeting)
    c, t = tables.committee_t, meeting_t
    row = conn.execute(
        select(t.c.id, t.c.date).join(c, c.c.id == t.c.committee_id)
        .where(c.c.code == committee, t.c.number == number)
    ).first()  # fmt: skip
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
    r = meeting_reference_t
    where = r.c.meeting_id == run.meeting.id
    rows = conn.execute(select(r.c.kind, r.c.value, r.c.item_number).where(where))
    have = {(row.kind, row.value, row.item_number) for row in rows}
    for ref in run.minutes.other_refs:
        key = (ref.kind, ref.value, ref.item)
        if key not in have:
            have.add(key)
            conn.execute(insert(r).values(meeting_id=run.meeting.id, kind=ref.kind,
                                          value=ref.value, item_number=ref.item))  # fmt: skip
