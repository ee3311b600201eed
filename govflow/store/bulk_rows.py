"""The SQL of a bulk import's batches (:mod:`govflow.records.bulk_write` says what is written
when): a handful of statements a batch whatever its size, keys looked up ``IN (...)`` lists of
at most :data:`CHUNK` and rows written with ``executemany`` (``RETURNING`` their ids in order
where the batch needs them)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, Row, Table, insert, select, tuple_

from govflow.store.tables import (
    alias_t,
    committee_t,
    deadline_t,
    item_t,
    meeting_t,
    proposal_t,
    release_proposal_t,
)

CHUNK = 500
"""Keys per ``IN (...)`` list: well under every driver's limit on bound parameters."""

_T = TypeVar("_T")
Values = Sequence[Mapping[str, Any]]


def _chunks(values: Sequence[_T]) -> Iterable[Sequence[_T]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _inserted(conn: Connection, table: Table, rows: Values) -> list[int]:
    """Insert ``rows`` into ``table``; their ids, in the order given."""
    result = conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
    return [int(i) for i in result.scalars()]


def proposals_numbered(conn: Connection, numbers: Sequence[int]) -> list[Row[str, int, str]]:
    """The scheme, number and alternative of every proposal with one of ``numbers``."""
    t = proposal_t
    found: list[Row[str, int, str]] = []
    for chunk in _chunks(numbers):
        query = select(t.c.scheme, t.c.number, t.c.alternative).where(t.c.number.in_(chunk))
        found += conn.execute(query)
    return found


def insert_proposals(conn: Connection, rows: Values) -> list[int]:
    """Insert proposal rows; their ids, in the order given."""
    return _inserted(conn, proposal_t, rows)


def committee_ids(conn: Connection, codes: Sequence[str]) -> dict[str, int]:
    """The id of each committee of ``codes`` that exists, by code."""
    c = committee_t
    found: dict[str, int] = {}
    for chunk in _chunks(codes):
        rows = conn.execute(select(c.c.code, c.c.id).where(c.c.code.in_(chunk)))
        found.update({r.code: int(r.id) for r in rows})
    return found


def insert_committees(conn: Connection, codes: Sequence[str]) -> list[int]:
    """A committee for each code, named by it; their ids, in order."""
    return _inserted(conn, committee_t, [{"code": code, "name": code} for code in codes])


def _ids(conn: Connection, table: Table, parent: str, keys: Collection[tuple[int, Any]]) -> Any:
    """Rows of ``table`` keyed by (``parent``, number) that exist: key -> id."""
    parent_c, number_c = table.c[parent], table.c.number
    found: dict[tuple[int, Any], int] = {}
    for chunk in _chunks(list(keys)):
        rows = conn.execute(
            select(parent_c, number_c, table.c.id).where(tuple_(parent_c, number_c).in_(chunk))
        )
        found.update({(r[0], r[1]): int(r[2]) for r in rows})
    return found


def meeting_ids(conn: Connection, keys: Collection[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """The id of each meeting of ``keys`` (committee id, number) that exists, by its key."""
    found: dict[tuple[int, int], int] = _ids(conn, meeting_t, "committee_id", keys)
    return found


def insert_meetings(conn: Connection, rows: Values) -> list[int]:
    """Insert meeting rows; their ids, in the order given."""
    return _inserted(conn, meeting_t, rows)


def item_ids(conn: Connection, keys: Collection[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """The id of each agenda item of ``keys`` (meeting id, number) that exists, by its key."""
    found: dict[tuple[int, str], int] = _ids(conn, item_t, "meeting_id", keys)
    return found


def insert_items(conn: Connection, rows: Values) -> list[int]:
    """Insert agenda item rows; their ids, in the order given."""
    return _inserted(conn, item_t, rows)


def insert_aliases(conn: Connection, rows: Values) -> None:
    if rows:
        conn.execute(insert(alias_t), rows)


def insert_release_links(conn: Connection, rows: Values) -> None:
    if rows:
        conn.execute(insert(release_proposal_t), rows)


def insert_deadlines(conn: Connection, rows: Values) -> None:
    if rows:
        conn.execute(insert(deadline_t), rows)
