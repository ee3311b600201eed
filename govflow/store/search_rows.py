"""The statements of a search (:mod:`govflow.records.search`) around each back end's matching of
a term (:mod:`govflow.store.search_sql`): the proposals whose record says every term, the best
matching note of each, the latest event of each that carries a matched label, and the agenda
items that say every term. Dates come back as dates on both back ends (SQLite gives text through
``text()``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from govflow.store import tables
from govflow.store.rows import ProposalRecord
from govflow.store.search_sql import Dialect, with_ids
from govflow.store.tables import meeting_code

#: A stage or milestone label's key: (workflow name, ``to_stage`` or ``milestone``, its name).
LabelKey = tuple[str, str, str]

_MEETINGS = """SELECT m.id, c.code, m.number, m.date FROM meeting m
    JOIN committee c ON c.id = m.committee_id WHERE m.id IN :ids"""
_ITEMS = """SELECT i.id, i.number, i.title, c.code, m.number AS m_number, m.date
    FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id
    JOIN committee c ON c.id = m.committee_id WHERE {where}
    ORDER BY m.date DESC, i.id LIMIT :limit"""
#: ``proposal``'s columns, in order, so that a ``text()`` row reads back as ``select(proposal)``'s.
_COLUMNS = tuple(tables.proposal_t.columns)
_PROPOSAL = ", ".join(f"p.{c.name}" for c in _COLUMNS)


@dataclass(frozen=True)
class TermMatch:
    """One term of a query as the statements use it: its parameter (the back end's form of it),
    the labels it matches, and the proposal it names when it is a reference (``MP904``)."""

    param: str
    labels: frozenset[LabelKey]
    proposal_id: int | None


@dataclass(frozen=True)
class NoteMatch:
    """A proposal's best matching note: its event, date, meeting code and the snippet."""

    seq: int
    on: dt.date
    meeting: str | None
    snippet: str


@dataclass(frozen=True)
class LabelledEvent:
    """An event that carries a matched label (a stage it entered, a milestone)."""

    proposal_id: int
    seq: int
    on: dt.date
    to_stage: str | None
    milestone: str | None
    workflow: str


@dataclass(frozen=True)
class ItemMatch:
    """An agenda item whose title or minutes say every term, the matched words marked (in the
    title, and in a snippet of the minutes when they match)."""

    number: str
    title: str
    snippet: str
    on: dt.date
    meeting: str


def _condition(keys: Iterable[LabelKey], params: dict[str, Any], tag: str) -> str:
    """SQL over ``event e`` and ``proposal q``: the event carries one of ``keys``."""
    parts = []
    for n, (workflow, column, name) in enumerate(sorted(keys)):
        params[f"{tag}w{n}"], params[f"{tag}n{n}"] = workflow, name
        parts.append(f"(q.workflow = :{tag}w{n} AND e.{column} = :{tag}n{n})")
    return " OR ".join(parts)


def _term(sql: Dialect, k: int, term: TermMatch, params: dict[str, Any]) -> str:
    """SQL over ``proposal p``: its record says term ``k``."""
    params[f"t{k}"] = term.param
    alternatives = [f"p.id IN ({sql.proposals(f't{k}')})", f"p.id IN ({sql.notes(f't{k}')})"]
    if term.labels:
        condition = _condition(term.labels, params, f"l{k}")
        alternatives.append("p.id IN (SELECT e.proposal_id FROM event e JOIN proposal q "
                            f"ON q.id = e.proposal_id WHERE {condition})")  # fmt: skip
    if term.proposal_id is not None:
        params[f"r{k}"] = term.proposal_id
        alternatives.append(f"p.id = :r{k}")
    return "(" + " OR ".join(alternatives) + ")"


def proposals(
    conn: Connection, sql: Dialect, terms: Sequence[TermMatch], groups: Sequence[Sequence[int]],
    any_: str, limit: int,
) -> list[ProposalRecord]:  # fmt: skip
    """The proposals whose record says a term of each group (of indexes into ``terms``): those
    whose title or proposer says one of ``any_`` first, then the latest; at most ``limit``."""
    params: dict[str, Any] = {"limit": limit, "any": any_}
    where = " AND ".join(
        "(" + " OR ".join(_term(sql, k, terms[k], params) for k in group) + ")" for group in groups
    )
    titled = f"p.id IN ({sql.proposals('any')})"
    statement = text(
        f"SELECT {_PROPOSAL} FROM proposal p WHERE {where} "
        f"ORDER BY CASE WHEN {titled} THEN 0 ELSE 1 END, p.head_occurred_on DESC, p.id "
        "LIMIT :limit"
    ).columns(*_COLUMNS)
    return list(conn.execute(statement, params))


def best_notes(conn: Connection, sql: Dialect, ids: list[int], any_: str) -> dict[int, NoteMatch]:
    """The best matching note of each of the proposals ``ids``, with its meeting's code."""
    best: dict[int, Any] = {}
    for r in sql.marked_notes(conn, ids, any_):
        best.setdefault(r[0], r)
    meetings = _meeting_codes(conn, {r[3] for r in best.values() if r[3] is not None})
    return {p: NoteMatch(seq, _day(on), meetings.get(m), snippet)
            for p, (_, seq, on, m, snippet) in best.items()}  # fmt: skip


def labelled_events(conn: Connection, ids: list[int], keys: set[LabelKey]) -> list[LabelledEvent]:
    """The events of the proposals ``ids`` that carry one of ``keys``, by proposal, the latest
    first."""
    params: dict[str, Any] = {"ids": ids}
    statement = with_ids(
        "SELECT e.proposal_id, e.seq, e.occurred_on, e.to_stage, e.milestone, q.workflow "
        "FROM event e JOIN proposal q ON q.id = e.proposal_id WHERE e.proposal_id IN :ids "
        f"AND ({_condition(keys, params, 'k')}) ORDER BY e.proposal_id, e.seq DESC"
    )
    return [LabelledEvent(r.proposal_id, r.seq, _day(r.occurred_on), r.to_stage, r.milestone,
                          r.workflow) for r in conn.execute(statement, params)]  # fmt: skip


def _meeting_codes(conn: Connection, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = conn.execute(with_ids(_MEETINGS), {"ids": sorted(ids)})
    return {r[0]: meeting_code(r[1], r[2], _day(r[3])) for r in rows}


def items(
    conn: Connection, sql: Dialect, terms: Sequence[str], groups: Sequence[Sequence[int]],
    any_: str, limit: int,
) -> list[ItemMatch]:  # fmt: skip
    """The agenda items whose title or minutes say a term of each group (of indexes into
    ``terms``, the back end's parameters), the latest meeting first; at most ``limit``."""
    params: dict[str, Any] = {"limit": limit}
    for k, term in enumerate(terms):
        params[f"t{k}"] = term
    where = " AND ".join(
        "(" + " OR ".join(f"i.id IN ({sql.items(f't{k}')})" for k in group) + ")"
        for group in groups
    )
    rows = list(conn.execute(text(_ITEMS.format(where=where)), params))
    if not rows:
        return []
    words = sql.marked_items(conn, [r.id for r in rows], any_)
    found = []
    for r in rows:
        title, snippet = words.get(r.id, (r.title, ""))
        on = _day(r.date)
        found.append(ItemMatch(r.number, title, snippet, on, meeting_code(r.code, r.m_number, on)))
    return found


def _day(value: Any) -> dt.date:
    """A date as the driver gave it (SQLite through ``text()`` gives a string)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value
