"""Proposals a page at a time, in reference order: the one keyset query the JSON API's
``limit``/``after`` and the register (web pages, exports, the register as of a date) page with.

The order is the proposal's key (scheme, number, alternative): unique, so stable, and served by
its unique index, so a page costs the page whatever the number of proposals. ``after`` and
``before`` are a proposal's key (a page after it, or before it, the page then read backwards
and given in order by the caller).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    String,
    and_,
    exists,
    false,
    func,
    or_,
    select,
    tuple_,
    type_coerce,
)

from govflow.store import tables
from govflow.store.writes import dialect_of, raw_cursor

Key = tuple[str, int, str]  # scheme, number, alternative

_P = tables.proposal_t
KEY = (_P.c.scheme, _P.c.number, _P.c.alternative)


def key_of(row: Any) -> Key:
    """A proposal row's key (anything with scheme, number and alternative)."""
    return (row.scheme, row.number, row.alternative)


def paged(
    query: Select[Any],
    *,
    after: Key | None = None,
    before: Key | None = None,
    limit: int | None = None,
) -> Select[Any]:
    """``query`` (over the proposal table) in reference order, those after ``after`` (or, read
    backwards, before ``before``), the first ``limit`` of them."""
    key = tuple_(*KEY)
    if after is not None:
        query = query.where(key > tuple_(*after))
    if before is not None:
        query = query.where(key < tuple_(*before)).order_by(*(c.desc() for c in KEY))
    else:
        query = query.order_by(*KEY)
    return query if limit is None else query.limit(limit)


#: The register page's columns, in this order: as ``records/register.py`` reads them.
REGISTER_FIELDS = (
    "proposal_id", "kind", "trigger", "to_stage", "occurred_on", "committee_code",
    "meeting_number", "prefix", "number", "alternative", "title", "proposer", "workflow",
    "workflow_version", "path", "scheme", "precision", "amended", "payload", "meeting_date", "body",
    "alternatives", "late",
)  # fmt: skip


def register_page(
    day: dt.date,
    *,
    late_from: dt.datetime | None = None,
    workflow: str | None = None,
    stages: Collection[str] | None = None,
    after: Key | None = None,
    before: Key | None = None,
    limit: int | None = None,
) -> Select[Any]:
    """One page of the register as of ``day``: each proposal of the page (in reference order)
    with its latest stage-changing event on or before ``day`` (None where it has none), by
    recording order; whether it has alternatives, and (``late_from``) events recorded from then
    on: the caller replays those, and amended ones, from their facts.

    ``workflow`` keeps one code's proposals; ``stages`` those whose stage on ``day`` (by this
    statement's event) is one of them, and every proposal the caller replays (a superset: the
    caller judges the rows it builds).
    """
    e, x = tables.event_t, tables.event_t.alias("x")
    m, c = tables.meeting_t, tables.committee_t
    latest = (
        select(func.max(x.c.seq))
        .where(x.c.proposal_id == _P.c.id, x.c.to_stage.is_not(None), x.c.occurred_on <= day)
        .scalar_subquery()
    )
    # by the proposal's key, not the index of kinds (every alternative of the database, a row)
    alternatives = exists().where(x.c.proposal_id == _P.c.id, x.c.kind + "" == "alternative")
    late: ColumnElement[bool] = false()
    if late_from is not None:
        stamp = late_from.replace(tzinfo=None)  # stored naive, in UTC
        late = exists().where(x.c.proposal_id == _P.c.id, x.c.recorded_at >= stamp)
    columns: Sequence[Any] = (
        _P.c.id, e.c.kind, e.c.trigger, e.c.to_stage, e.c.occurred_on, c.c.code, m.c.number,
        _P.c.prefix, _P.c.number, _P.c.alternative, _P.c.title, _P.c.proposer, _P.c.workflow,
        _P.c.workflow_version, _P.c.path, _P.c.scheme,
        e.c.payload["date_precision"].as_string(), _P.c.amended,
        type_coerce(e.c.payload, String), m.c.date, e.c.body, alternatives, late,
    )  # fmt: skip
    query = select(*columns).select_from(
        _P.outerjoin(e, and_(e.c.proposal_id == _P.c.id, e.c.seq == latest))
        .outerjoin(m, m.c.id == e.c.meeting_id)
        .outerjoin(c, c.c.id == m.c.committee_id)
    )
    if workflow is not None:
        query = query.where(_P.c.workflow == workflow)
    if stages is not None:
        replayed = or_(_P.c.amended.is_(True), alternatives, late if late_from else false())
        staged = e.c.to_stage.in_(sorted(stages)) if stages else false()
        query = query.where(or_(staged, replayed))
    return paged(query, after=after, before=before, limit=limit)


def register_changes(conn: Connection, ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """The route, release, proposer and relabel events of the proposals ``ids`` (a page's), as
    (proposal id, kind, date, payload) in recording order; on the raw cursor, by each proposal's
    key (not the index of kinds, which would read every such event of the database)."""
    if not ids:
        return []
    d = dialect_of(conn)
    marks = ", ".join(d.marker for _ in ids)
    cursor = raw_cursor(conn)
    cursor.execute(
        "SELECT proposal_id, kind, occurred_on, payload FROM event "
        f"WHERE proposal_id IN ({marks}) AND kind || '' IN ('route', 'release', 'proposer', "
        "'relabel') ORDER BY proposal_id, seq",
        tuple(ids),
    )
    rows = cursor.fetchall()
    cursor.close()
    decode = d.from_db
    return [(r[0], r[1], decode("occurred_on", r[2]), decode("payload", r[3])) for r in rows]
