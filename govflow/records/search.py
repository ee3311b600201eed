"""Search over what the pages show: a proposal's title, proposer and references, the notes of its
history, the stages and milestones its history passed (by their labels: "Refinement
Consultation opened"), and agenda items (their titles and the minutes text).

A query is words, ``"quoted phrases"`` and ``OR`` (:mod:`govflow.records.search_query`), each
term matched with English stemming on both back ends (:mod:`govflow.records.search_sql`).
Every term (or one of an ``OR``) must be somewhere on a proposal's record for it to match, not
all in one field: ``firmware consultation`` finds a proposal about firmware whose history had a
consultation. Each hit carries its stage, its dates and the text that matched, the matched words
marked (as character spans, so that whoever shows them escapes the text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, text

from govflow.errors import GovflowError, InvalidInput
from govflow.records.lookup import Lookup
from govflow.records.search_query import Query, Term, parse_query
from govflow.records.search_sql import Dialect, dialect_of, marked, with_ids
from govflow.store.session import Store
from govflow.store.tables import meeting_code
from govflow.views import Marked, SearchHit
from govflow.workflow.registry import Registry

_MEETINGS = """SELECT m.id, c.code, m.number, m.date FROM meeting m
    JOIN committee c ON c.id = m.committee_id WHERE m.id IN :ids"""
_ITEMS = """SELECT i.id, i.number, i.title, c.code, m.number AS m_number, m.date
    FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id
    JOIN committee c ON c.id = m.committee_id WHERE {where}
    ORDER BY m.date DESC, i.id LIMIT :limit"""


@dataclass(frozen=True)
class Labels:
    """Every stage and milestone label of the workflows loaded: ``texts`` (each once) and what
    carries each: (workflow name, ``to_stage`` or ``milestone``, its name)."""

    texts: tuple[str, ...]
    keys: tuple[tuple[tuple[str, str, str], ...], ...]  # per text

    @classmethod
    def of(cls, registry: Registry) -> Labels:
        found: dict[str, dict[tuple[str, str, str], None]] = {}
        for wf in registry.all():
            for s in wf.states:
                found.setdefault(s.label, {})[(wf.name, "to_stage", s.name)] = None
            for m in wf.milestones:
                found.setdefault(m.label, {})[(wf.name, "milestone", m.name)] = None
        return cls(tuple(found), tuple(tuple(keys) for keys in found.values()))

    def label(self, workflow: str, column: str, name: str) -> int | None:
        key = (workflow, column, name)
        return next((i for i, keys in enumerate(self.keys) if key in keys), None)


def _condition(keys: Iterable[tuple[str, str, str]], params: dict[str, Any], tag: str) -> str:
    """SQL over ``event e`` and ``proposal q``: the event carries one of ``keys``."""
    parts = []
    for n, (workflow, column, name) in enumerate(sorted(keys)):
        params[f"{tag}w{n}"], params[f"{tag}n{n}"] = workflow, name
        parts.append(f"(q.workflow = :{tag}w{n} AND e.{column} = :{tag}n{n})")
    return " OR ".join(parts)


class Search:
    """Full-text search of the record."""

    def __init__(self, store: Store, lookup: Lookup) -> None:
        self._store = store
        self._lookup = lookup

    def search(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        """Proposals whose record says every term of ``query`` (the one it names first, when
        it is a reference), then agenda items that do; the best first, at most ``limit`` of
        each."""
        if limit < 1:
            raise InvalidInput("the search limit must be 1 or more")
        parsed = parse_query(query)
        with self._store.read() as conn:
            run = _Run(conn, dialect_of(conn), self._lookup, limit)
            named = run.named(query)
            parsed = parsed.without(run.sql.ignored(conn, parsed.terms))
            if not parsed.groups:
                return named
            seen = {n.reference for n in named}
            found = [h for h in run.proposals(parsed) if h.reference not in seen]
            return named + found + run.items(parsed)


class _Run:
    """One search, inside one read transaction."""

    def __init__(self, conn: Connection, sql: Dialect, lookup: Lookup, limit: int) -> None:
        self.conn, self.sql, self.lookup, self.limit = conn, sql, lookup, limit
        self.labels = Labels.of(lookup.registry)

    def _row(self, reference: str) -> Any | None:
        try:
            row, _ = self.lookup.find(self.conn, reference)
        except GovflowError:
            return None
        return row

    def named(self, query: str) -> list[SearchHit]:
        """The proposal the whole query names, when it is one reference (``MP 116``)."""
        row = self._row(query.strip())
        return [] if row is None else [self._proposal(row, {}, {}, {})]

    # -- proposals ---------------------------------------------------------------------------------
    def _term(self, k: int, term: Term, params: dict[str, Any], keys: dict[Term, set[Any]]) -> str:
        params[f"t{k}"] = self.sql.param(term)
        alternatives = [f"p.id IN ({self.sql.proposals(f't{k}')})",
                        f"p.id IN ({self.sql.notes(f't{k}')})"]  # fmt: skip
        matched = {key for i in self.sql.labels(self.conn, self.labels.texts, term)
                   for key in self.labels.keys[i]}  # fmt: skip
        keys[term] = matched
        if matched:
            condition = _condition(matched, params, f"l{k}")
            alternatives.append("p.id IN (SELECT e.proposal_id FROM event e JOIN proposal q "
                                f"ON q.id = e.proposal_id WHERE {condition})")  # fmt: skip
        row = self._row(term.text) if len(term.words) <= 2 else None
        if row is not None:  # a reference in the query: MP904
            params[f"r{k}"] = row.id
            alternatives.append(f"p.id = :r{k}")
        return "(" + " OR ".join(alternatives) + ")"

    def proposals(self, query: Query) -> list[SearchHit]:
        params: dict[str, Any] = {"limit": self.limit, "any": self.sql.any(query.terms)}
        keys: dict[Term, set[Any]] = {}
        index = {t: k for k, t in enumerate(query.terms)}
        where = " AND ".join(
            "(" + " OR ".join(self._term(index[t], t, params, keys) for t in group) + ")"
            for group in query.groups
        )
        titled = f"p.id IN ({self.sql.proposals('any')})"
        rows = list(self.conn.execute(text(
            f"SELECT p.* FROM proposal p WHERE {where} "
            f"ORDER BY CASE WHEN {titled} THEN 0 ELSE 1 END, p.head_occurred_on DESC, p.id "
            "LIMIT :limit"
        ), params))  # fmt: skip
        if not rows:
            return []
        ids = [r.id for r in rows]
        any_ = params["any"]
        fields = self.sql.marked_proposals(self.conn, ids, any_)
        notes = self._notes(ids, any_)
        labels = self._labels(ids, set().union(*keys.values()), any_)
        return [self._proposal(r, fields, notes, labels) for r in rows]

    def _notes(self, ids: list[int], any_: str) -> dict[int, Any]:
        """The best matching note of each proposal, with its meeting's code."""
        best: dict[int, Any] = {}
        for r in self.sql.marked_notes(self.conn, ids, any_):
            best.setdefault(r[0], r)
        meetings = self._meeting_codes({r[3] for r in best.values() if r[3] is not None})
        return {p: (seq, _day(on), meetings.get(m), snippet)
                for p, (_, seq, on, m, snippet) in best.items()}  # fmt: skip

    def _labels(self, ids: list[int], keys: set[Any], any_: str) -> dict[int, Any]:
        """Of each proposal, the latest event that carries a matched label, that label marked."""
        if not keys:
            return {}
        params: dict[str, Any] = {"ids": ids}
        statement = with_ids(
            "SELECT e.proposal_id, e.seq, e.occurred_on, e.to_stage, e.milestone, q.workflow "
            "FROM event e JOIN proposal q ON q.id = e.proposal_id WHERE e.proposal_id IN :ids "
            f"AND ({_condition(keys, params, 'k')}) ORDER BY e.proposal_id, e.seq DESC"
        )
        found: dict[int, Any] = {}
        for r in self.conn.execute(statement, params):
            if r.proposal_id in found:
                continue
            column = "milestone" if r.milestone is not None else "to_stage"
            index = self.labels.label(r.workflow, column, r.milestone or r.to_stage)
            if index is not None:
                words = self.sql.marked_label(self.conn, self.labels.texts, index, any_)
                where = "milestone" if column == "milestone" else "stage"
                found[r.proposal_id] = (r.seq, _day(r.occurred_on), where, words)
        return found

    def _meeting_codes(self, ids: set[int]) -> dict[int, str]:
        if not ids:
            return {}
        rows = self.conn.execute(with_ids(_MEETINGS), {"ids": sorted(ids)})
        return {r[0]: meeting_code(r[1], r[2], _day(r[3])) for r in rows}

    def _proposal(
        self, row: Any, fields: dict[int, Any], notes: dict[int, Any], labels: dict[int, Any]
    ) -> SearchHit:
        wf = self.lookup.registry.get(row.workflow, row.workflow_version)
        state = wf.state(row.stage)
        title, proposer = fields.get(row.id, (row.title, row.proposer))
        hit = SearchHit(
            "proposal", self.lookup.label(row), _marked(title),
            stage=state.label if state is not None else row.stage,
            latest=_day(row.head_occurred_on),
        )  # fmt: skip
        if row.id in notes:
            seq, on, meeting, snippet = notes[row.id]
            return _with(hit, snippet, "note", seq=seq, on=on, meeting=meeting)
        if row.id in labels:
            seq, on, where, words = labels[row.id]
            return _with(hit, words, where, seq=seq, on=on)
        proposer_marked = _marked(proposer)
        if proposer_marked.marks:
            return _with(hit, proposer, "proposer")
        return hit

    # -- agenda items ------------------------------------------------------------------------------
    def items(self, query: Query) -> list[SearchHit]:
        params: dict[str, Any] = {"limit": self.limit}
        index = {t: k for k, t in enumerate(query.terms)}
        for t, k in index.items():
            params[f"t{k}"] = self.sql.param(t)
        where = " AND ".join(
            "(" + " OR ".join(f"i.id IN ({self.sql.items(f't{index[t]}')})" for t in group) + ")"
            for group in query.groups
        )
        rows = list(self.conn.execute(text(_ITEMS.format(where=where)), params))
        if not rows:
            return []
        words = self.sql.marked_items(self.conn, [r.id for r in rows], self.sql.any(query.terms))
        hits = []
        for r in rows:
            title, snippet = words.get(r.id, (r.title, ""))
            hits.append(SearchHit(
                "item", None, _marked(title), _marked(snippet) if snippet else None,
                "minutes" if snippet else "", on=_day(r.date), item=r.number,
                meeting=meeting_code(r.code, r.m_number, _day(r.date)),
            ))  # fmt: skip
        return hits


def _marked(value: str | None) -> Marked:
    plain, marks = marked(value)
    return Marked(plain, marks)


def _with(hit: SearchHit, snippet: str, where: str, **more: Any) -> SearchHit:
    return replace(hit, snippet=_marked(snippet), where=where, **more)


def _day(value: Any) -> dt.date:
    """A date as the driver gave it (SQLite through ``text()`` gives a string)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value
