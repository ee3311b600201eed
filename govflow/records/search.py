"""Search over what the pages show: a proposal's title, proposer and references, the notes of its
history, the stages and milestones its history passed (by their labels: "Refinement
Consultation opened"), and agenda items (their titles and the minutes text).

A query is words, ``"quoted phrases"`` and ``OR`` (:mod:`govflow.records.search_query`), each
term matched with English stemming on both back ends (:mod:`govflow.store.search_sql`).
Every term (or one of an ``OR``) must be somewhere on a proposal's record for it to match, not
all in one field: ``firmware consultation`` finds a proposal about firmware whose history had a
consultation. Each hit carries its stage, its dates and the text that matched, the matched words
marked (as character spans, so that whoever shows them escapes the text).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from govflow.errors import GovflowError, InvalidInput
from govflow.records.lookup import Lookup
from govflow.records.search_query import Query, Term, parse_query
from govflow.store import search_rows
from govflow.store.rows import ProposalRecord
from govflow.store.search_rows import LabelKey, NoteMatch, TermMatch
from govflow.store.search_sql import Dialect, dialect_of, marked
from govflow.store.session import Connection, Store
from govflow.views import Marked, SearchHit
from govflow.workflow.registry import Registry


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

    def _row(self, reference: str) -> ProposalRecord | None:
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
    def _match(self, term: Term) -> TermMatch:
        """What ``term`` matches besides text: labels, and the proposal it names (``MP904``)."""
        matched = {key for i in self.sql.labels(self.conn, self.labels.texts, term)
                   for key in self.labels.keys[i]}  # fmt: skip
        row = self._row(term.text) if len(term.words) <= 2 else None
        return TermMatch(self.sql.param(term), frozenset(matched), None if row is None else row.id)

    def proposals(self, query: Query) -> list[SearchHit]:
        asked = query.terms
        terms = [self._match(t) for t in asked]
        index = {t: k for k, t in enumerate(asked)}
        groups = [[index[t] for t in group] for group in query.groups]
        any_ = self.sql.any(asked)
        rows = search_rows.proposals(self.conn, self.sql, terms, groups, any_, self.limit)
        if not rows:
            return []
        ids = [r.id for r in rows]
        fields = self.sql.marked_proposals(self.conn, ids, any_)
        notes = search_rows.best_notes(self.conn, self.sql, ids, any_)
        labels = self._labels(ids, set().union(*(t.labels for t in terms)), any_)
        return [self._proposal(r, fields, notes, labels) for r in rows]

    def _labels(self, ids: list[int], keys: set[LabelKey], any_: str) -> dict[int, Any]:
        """Of each proposal, the latest event that carries a matched label, that label marked."""
        if not keys:
            return {}
        found: dict[int, Any] = {}
        for r in search_rows.labelled_events(self.conn, ids, keys):
            if r.proposal_id in found:
                continue
            column = "milestone" if r.milestone is not None else "to_stage"
            index = self.labels.label(r.workflow, column, r.milestone or r.to_stage or "")
            if index is not None:
                words = self.sql.marked_label(self.conn, self.labels.texts, index, any_)
                where = "milestone" if column == "milestone" else "stage"
                found[r.proposal_id] = (r.seq, r.on, where, words)
        return found

    def _proposal(
        self, row: ProposalRecord, fields: dict[int, Any], notes: dict[int, NoteMatch],
        labels: dict[int, Any],
    ) -> SearchHit:  # fmt: skip
        wf = self.lookup.registry.get(row.workflow, row.workflow_version)
        state = wf.state(row.stage)
        title, proposer = fields.get(row.id, (row.title, row.proposer))
        hit = SearchHit(
            "proposal", self.lookup.label(row), _marked(title),
            stage=state.label if state is not None else row.stage,
            latest=row.head_occurred_on,
        )  # fmt: skip
        if row.id in notes:
            note = notes[row.id]
            return _with(hit, note.snippet, "note", seq=note.seq, on=note.on, meeting=note.meeting)
        if row.id in labels:
            seq, on, where, words = labels[row.id]
            return _with(hit, words, where, seq=seq, on=on)
        proposer_marked = _marked(proposer)
        if proposer_marked.marks:
            return _with(hit, proposer, "proposer")
        return hit

    # -- agenda items ------------------------------------------------------------------------------
    def items(self, query: Query) -> list[SearchHit]:
        asked = query.terms
        index = {t: k for k, t in enumerate(asked)}
        groups = [[index[t] for t in group] for group in query.groups]
        terms = [self.sql.param(t) for t in asked]
        found = search_rows.items(
            self.conn, self.sql, terms, groups, self.sql.any(asked), self.limit
        )
        return [
            SearchHit(
                "item", None, _marked(i.title), _marked(i.snippet) if i.snippet else None,
                "minutes" if i.snippet else "", on=i.on, item=i.number, meeting=i.meeting,
            )
            for i in found
        ]  # fmt: skip


def _marked(value: str | None) -> Marked:
    plain, marks = marked(value)
    return Marked(plain, marks)


def _with(hit: SearchHit, snippet: str, where: str, **more: Any) -> SearchHit:
    return replace(hit, snippet=_marked(snippet), where=where, **more)
