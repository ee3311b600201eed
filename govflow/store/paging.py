"""Proposals a page at a time, in reference order: the one keyset query the JSON API's
``limit``/``after`` and the register (web pages, exports, the register as of a date) page with.

The order is the proposal's key (scheme, number, alternative): unique, so stable, and served by
its unique index, so a page costs the page whatever the number of proposals. ``after`` and
``before`` are a proposal's key (a page after it, or before it, the page then read backwards
and given in order by the caller).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Sequence
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Connection,
    Dialect,
    Select,
    String,
    bindparam,
    case,
    exists,
    false,
    literal_column,
    or_,
    select,
    tuple_,
    type_coerce,
)

from govflow.store import tables
from govflow.store.rows import ProposalRecord
from govflow.store.writes import dialect_of, raw_cursor

Key = tuple[str, int, str]  # scheme, number, alternative

_P = tables.proposal_t
KEY = (_P.c.scheme, _P.c.number, _P.c.alternative)


def key_of(row: ProposalRecord) -> Key:
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


class RegisterValues(NamedTuple):
    """A row of the register page's statement (:func:`register_query`), in its column order:
    a proposal, and its latest stage-changing event on the day (its columns None where it has
    none)."""

    proposal_id: int
    kind: str | None
    trigger: str | None
    to_stage: str | None
    occurred_on: dt.date | str | None  # ISO text on SQLite
    committee_code: str | None
    meeting_number: int | None
    prefix: str
    number: int
    alternative: str
    title: str
    proposer: str | None
    workflow: str
    workflow_version: int
    path: str | None
    scheme: str
    precision: str | None  # the event's date precision, read in SQL
    amended: int  # a truth value (0 or 1 on SQLite)
    payload: str | dict[str, Any] | None  # a decision's only; JSON text on SQLite, decoded on PG
    meeting_date: dt.date | str | None  # ISO text on SQLite
    body: str | None
    alternatives: int  # a truth value: the proposal has alternatives
    late: int  # a truth value: it has events recorded from ``late_from`` on
    head_occurred_on: dt.date | str  # the date of its latest event (ISO text on SQLite)


class RegisterChange(NamedTuple):
    """A route, release, proposer or relabel event, or a vote (a milestone), as the register
    reads it."""

    proposal_id: int
    kind: str
    occurred_on: dt.date
    payload: dict[str, Any] | None


#: The register page's columns, in this order: as ``records/register.py`` reads them.
REGISTER_FIELDS = RegisterValues._fields


#: The kinds of event whose payload a row reads (a decision's outcome and solution): the others'
#: payloads (a raised proposal's, a milestone's) are not fetched, a string a row saved.
_DECISIONS: tuple[Any, ...] = (literal_column("'transition'"), literal_column("'override'"),
              literal_column("'reached'"))  # fmt: skip


#: The stage event's date precision, read in SQL (no payload decoded for it). On SQLite the
#: JSON text is parsed only where it names the key (govflow writes keys as they are, never
#: escaped): most events give none (a day), and a payload parsed was a third of the statement.
_PRECISION = {
    "postgresql": "(event.payload ->> 'date_precision')",
    "sqlite": "CASE WHEN instr(event.payload, '\"date_precision\"') THEN"
    " json_extract(event.payload, '$.date_precision') END",
}


def register_query(
    dialect: str,
    *,
    late: bool = False,
    workflow: bool = False,
    stages: int | None = None,
    after: bool = False,
    before: bool = False,
) -> Select[Any]:
    """One page of the register as of a day (the bound ``day``): each proposal of the page (in
    reference order, the first ``limit``) with its latest stage-changing event on or before
    the day (None where it has none), by recording order; whether it has alternatives, and
    (``late``) events recorded from ``late_from`` on: the caller replays those, and amended
    ones, from their facts; and the date of its latest event (none after the day: no later
    move to look for).

    ``workflow`` keeps one code's proposals; ``stages`` (how many: ``stage0``...) those whose
    stage on the day (by this statement's event) is one of them, and every proposal the caller
    replays (a superset: the caller judges the rows it builds). ``after``/``before``: the
    bound key ``key0``-``key2``.
    """
    e, x = tables.event_t, tables.event_t.alias("x")
    m, c = tables.meeting_t, tables.committee_t
    # The latest by recording order among the proposal's stage-changing events on or before the
    # day, read from the partial index of those events alone (``ix_event_stage_changes``:
    # proposal, date, seq), which holds every value it needs, the event's id (the row's key)
    # included; ordering by seq instead would walk every event of the proposal back from its
    # last through the table's (proposal, seq) key. The event is then read by its id: not
    # looked up again in the (proposal, seq) key, a B-tree seek and a page a row saved.
    latest = (
        select(x.c.id)
        .where(
            x.c.proposal_id == _P.c.id,
            x.c.to_stage.is_not(None),
            x.c.occurred_on <= bindparam("day"),
        )
        .order_by((x.c.seq + literal_column("0")).desc())
        .limit(literal_column("1"))
        .scalar_subquery()
    )
    # read once a statement, by the index of kinds (few proposals have alternatives)
    with_alternatives = select(x.c.proposal_id).where(x.c.kind == literal_column("'alternative'"))
    alternatives = _P.c.id.in_(with_alternatives)
    recorded_late: ColumnElement[bool] = false()
    if late:
        recorded_late = exists().where(
            x.c.proposal_id == _P.c.id, x.c.recorded_at >= bindparam("late_from")
        )
    columns: Sequence[Any] = (
        _P.c.id, e.c.kind, e.c.trigger, e.c.to_stage, e.c.occurred_on, c.c.code, m.c.number,
        _P.c.prefix, _P.c.number, _P.c.alternative, _P.c.title, _P.c.proposer, _P.c.workflow,
        _P.c.workflow_version, _P.c.path, _P.c.scheme,
        literal_column(_PRECISION[dialect]), _P.c.amended,
        type_coerce(case((e.c.kind.in_(_DECISIONS), e.c.payload)), String), m.c.date, e.c.body,
        alternatives, recorded_late, _P.c.head_occurred_on,
    )  # fmt: skip
    query = select(*columns).select_from(
        _P.outerjoin(e, e.c.id == latest)
        .outerjoin(m, m.c.id == e.c.meeting_id)
        .outerjoin(c, c.c.id == m.c.committee_id)
    )
    if workflow:
        query = query.where(_P.c.workflow == bindparam("workflow"))
    if stages is not None:
        replayed = or_(_P.c.amended.is_(True), alternatives, recorded_late)
        wanted: list[Any] = [bindparam(f"stage{i}") for i in range(stages)]
        staged = e.c.to_stage.in_(wanted) if wanted else false()
        query = query.where(or_(staged, replayed))
    key: Any = tuple(bindparam(f"key{i}") for i in range(3))  # a key, bound
    limit: Any = bindparam("limit")
    return paged(query, after=key if after else None, before=key if before else None,
                 limit=limit)  # fmt: skip


@functools.cache
def compiled_page(
    dialect: Dialect, shape: tuple[Any, ...]
) -> tuple[str, tuple[str, ...] | None, dict[str, Any]]:
    """The page's SQL text for one dialect and shape, compiled once, the order of its
    parameters (None: by name) and the values the dialect put in (an OFFSET of 0)."""
    late, workflow, stages, after, before = shape
    query = register_query(dialect.name, late=late, workflow=workflow, stages=stages, after=after,
                           before=before)  # fmt: skip
    compiled = query.compile(dialect=dialect)
    order = tuple(compiled.positiontup) if compiled.positional and compiled.positiontup else None
    return compiled.string, order, dict(compiled.params)


def register_page(
    conn: Connection,
    day: dt.date,
    *,
    late_from: dt.datetime | None = None,
    workflow: str | None = None,
    stages: Collection[str] | None = None,
    after: Key | None = None,
    before: Key | None = None,
    limit: int,
) -> list[tuple[Any, ...]]:
    """The rows of :func:`register_query` on the raw cursor, as the driver gives them: plain
    tuples in the order of :class:`RegisterValues` (read them by position; each made a
    ``RegisterValues`` again cost a first page more than its statement's binding): a page is
    read many times a minute, and its statement is built once. The event's date is ISO text on
    SQLite (parsed by the caller where it is used)."""
    wanted: list[str] | None = sorted(stages) if stages is not None else None
    count = None if wanted is None else len(wanted)
    shape = (late_from is not None, workflow is not None, count, after is not None,
             before is not None)  # fmt: skip
    sql, order, given = compiled_page(conn.dialect, shape)
    d = dialect_of(conn)
    values: dict[str, Any] = {**given, "day": d.to_db("occurred_on", day), "limit": limit,
                              "workflow": workflow}  # fmt: skip
    if late_from is not None:
        values["late_from"] = d.to_db("recorded_at", late_from.replace(tzinfo=None))
    for i, stage in enumerate(wanted or ()):
        values[f"stage{i}"] = stage
    for i, part in enumerate(after or before or ()):
        values[f"key{i}"] = part
    cursor = raw_cursor(conn)
    cursor.execute(sql, tuple(values[n] for n in order) if order is not None else values)
    rows: list[tuple[Any, ...]] = cursor.fetchall()
    cursor.close()
    return rows


def register_changes(
    conn: Connection, ids: Sequence[int] | None, votes: Sequence[str] = ()
) -> list[RegisterChange]:
    """The route, release, proposer and relabel events of the proposals ``ids`` (a page's; None:
    every proposal's, for the whole register), and their milestones named in ``votes`` (those
    that record a vote), as (proposal id, kind, date, payload) in recording order; in one
    statement, on the raw cursor. Each part is read by its partial index (0019): the few
    change events by proposal, the milestones by name (not every event of the page's
    proposals, nor every milestone of the database).

    A page whose proposals' ids lie close together (most: ids follow the order proposals were
    raised in, and numbers too) is read by its ids' range, two seeks where its ids were a
    hundred (a fifth of the cost); the few proposals in the range and not in ``ids`` are
    dropped here (at most as many as ``ids``: never the database's)."""
    if ids is not None and not ids:
        return []
    d = dialect_of(conn)
    given: tuple[Any, ...] = ()
    count, between = None, False
    if ids is not None:
        count, low, high = len(ids), min(ids), max(ids)
        between = high - low < 2 * count
        given = (low, high) if between else tuple(ids)
    params = (*given, *votes, *given) if votes else given
    cursor = raw_cursor(conn)
    cursor.execute(changes_statement(conn.dialect.name, d.marker, count, len(votes), between),
                   params)  # fmt: skip
    rows = cursor.fetchall()
    cursor.close()
    if not rows:  # most pages: none of their proposals has a change
        return []
    if between:  # the range's proposals that are not the page's: dropped
        wanted = set(ids or ())
        rows = [r for r in rows if r[0] in wanted]
    # sorted here: an ORDER BY would have SQLite read each part in key order, by every event of
    # the page's proposals, where the milestones' index seeks (name, proposal) pairs
    rows.sort(key=_by_recording)
    decode = d.from_db
    return [
        RegisterChange(r[0], r[1], decode("occurred_on", r[2]), decode("payload", r[3]))
        for r in rows
    ]


#: What the register reads of a change, and the condition of the partial index of the few
#: change events (``ix_event_register_changes``: the statement must name it as written).
_CHANGE_COLUMNS = "proposal_id, kind, occurred_on, payload, seq"
_CHANGE_KINDS = "kind IN ('route', 'release', 'proposer', 'relabel')"


@functools.lru_cache(maxsize=256)  # a statement's text by its shape (no data): built once
def changes_statement(
    dialect: str, marker: str, ids: int | None, votes: int, between: bool = False
) -> str:
    """The statement of :func:`register_changes` for ``ids`` proposals (None: all; with
    ``between``, those of an id range, bound as its first and last) and ``votes`` vote
    milestones, with the driver's parameter ``marker``: the few change events by their partial
    index, then the vote milestones by theirs (``kind`` read from the row, not by the index of
    kinds, which would read every milestone).

    A page's change events are read by their partial index by name on SQLite: for a page's
    fifty proposals its planner chose the index of kinds instead (four seeks, where it guesses
    fifty), which reads every route, release, proposer and relabel event of the database for
    every page (1.6 ms a page with 10,000 route events, 0.04 ms by the partial index)."""
    mine = "" if ids is None else f" AND proposal_id IN ({', '.join(marker for _ in range(ids))})"
    if between:
        mine = f" AND proposal_id BETWEEN {marker} AND {marker}"
    by = " INDEXED BY ix_event_register_changes" if dialect == "sqlite" and ids else ""
    parts = [f"SELECT {_CHANGE_COLUMNS} FROM event{by} WHERE {_CHANGE_KINDS}{mine}"]
    if votes:
        named = ", ".join(marker for _ in range(votes))
        parts.append(f"SELECT {_CHANGE_COLUMNS} FROM event WHERE milestone IS NOT NULL "
                     f"AND milestone IN ({named}) AND kind || '' = 'milestone'{mine}")  # fmt: skip
    return " UNION ALL ".join(parts)


def _by_recording(row: Sequence[Any]) -> tuple[int, int]:
    return row[0], row[4]


def proposals_by_id(conn: Connection, ids: Collection[int]) -> list[ProposalRecord]:
    """The proposal rows ``ids``, in id order."""
    if not ids:
        return []
    return list(conn.execute(select(_P).where(_P.c.id.in_(sorted(ids))).order_by(_P.c.id)))


def next_moves(
    conn: Connection, ids: Sequence[int], day: dt.date
) -> dict[int, tuple[str | None, dt.date, str]]:
    """For each of the proposals ``ids``, its first stage-changing event dated after ``day``
    when that date is not a day (``by``, a month, between two days...): (the stage it moved to,
    its date, the date's precision). One statement on the raw cursor."""
    if not ids:
        return {}
    d = dialect_of(conn)
    cursor = raw_cursor(conn)
    cursor.execute(next_moves_statement(conn.dialect.name, d.marker, len(ids)),
                   (*ids, d.to_db("occurred_on", day)))  # fmt: skip
    rows = cursor.fetchall()
    cursor.close()
    decode = d.from_db
    return {r[0]: (r[1], decode("occurred_on", r[2]), r[3]) for r in rows}


@functools.lru_cache(maxsize=256)  # a statement's text by its shape (no data): built once
def next_moves_statement(dialect: str, marker: str, ids: int) -> str:
    """The statement of :func:`next_moves` for ``ids`` proposals: their stage changes after the
    day by the partial index of stage changes (proposal, date, seq), which holds them in the
    window's order; ``kind`` read from the row (by the index of kinds, SQLite would read every
    move of the database, for every page)."""
    marks = ", ".join(marker for _ in range(ids))
    return (
        "SELECT proposal_id, to_stage, occurred_on, how_exact FROM ("
        f" SELECT proposal_id, to_stage, occurred_on, {_PRECISION[dialect]} AS how_exact,"
        "  ROW_NUMBER() OVER (PARTITION BY proposal_id ORDER BY occurred_on, seq) AS nth"
        f" FROM event WHERE proposal_id IN ({marks}) AND occurred_on > {marker}"
        " AND to_stage IS NOT NULL AND kind || '' IN ('transition', 'override', 'reached',"
        " 'implied')) AS later WHERE nth = 1 AND COALESCE(how_exact, 'day') <> 'day'"
    )
