"""The SQL of the actions minutes ask for: listed with their meeting and item, added, closed.

What an action's due date means (the working days left) is :mod:`govflow.records.actions`'.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, insert, select, update

from govflow.store.rows import ActionRecord, ListedAction
from govflow.store.tables import action_t, committee_t, inserted_id, item_t, meeting_t


def listed(
    conn: Connection,
    committee: str | None = None,
    *,
    open_only: bool = False,
    action_id: int | None = None,
) -> list[ListedAction]:
    """Actions (of one committee's meetings, or all; open ones only; or the one ``action_id``)
    with their committee code, meeting number and item number."""
    m, c, i = meeting_t, committee_t, item_t
    query = (
        select(action_t, c.c.code, m.c.number.label("meeting_number"),
               i.c.number.label("item_number"))
        .join(m, m.c.id == action_t.c.meeting_id)
        .join(c, c.c.id == m.c.committee_id)
        .outerjoin(i, i.c.id == action_t.c.item_id)
    )  # fmt: skip
    if open_only:
        query = query.where(action_t.c.status == "open")
    if committee is not None:
        query = query.where(c.c.code == committee)
    if action_id is not None:
        query = query.where(action_t.c.id == action_id)
    return list(conn.execute(query))


def same_text(conn: Connection, meeting_id: int, text: str) -> int | None:
    """The id of the action of meeting ``meeting_id`` with this text, if there is one."""
    same = (action_t.c.meeting_id == meeting_id) & (action_t.c.text == text)
    found = conn.execute(select(action_t.c.id).where(same)).scalar()
    return None if found is None else int(found)


def add(
    conn: Connection, meeting_id: int, item_id: int | None, text: str, party: str | None,
    due_on: dt.date, due_meeting_id: int | None,
) -> int:  # fmt: skip
    """Record an open action; its id."""
    result = conn.execute(insert(action_t).values(
        meeting_id=meeting_id, item_id=item_id, text=text, party=party, due_on=due_on,
        status="open", due_meeting_id=due_meeting_id,
    ))  # fmt: skip
    return inserted_id(result)


def action(conn: Connection, action_id: int) -> ActionRecord | None:
    """The action ``action_id``, if there is one."""
    return conn.execute(select(action_t).where(action_t.c.id == action_id)).first()


def close(conn: Connection, action_id: int, day: dt.date) -> None:
    """Mark the action ``action_id`` closed on ``day``."""
    done = update(action_t).where(action_t.c.id == action_id)
    conn.execute(done.values(status="closed", closed_on=day))
