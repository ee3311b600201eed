"""The search's SQL on each back end: which rows a term matches, and the matched words marked.

SQLite matches in the FTS5 tables of migration 0014 (``porter`` stemming over ``unicode61``);
PostgreSQL matches ``to_tsvector('english', ...)`` expressions that the same migration indexes
with GIN, each term through ``websearch_to_tsquery``. Both stem English ("consulted" finds
"consultation") and ignore common words ("the", "of"); SQLite folds accents, PostgreSQL keeps
them. A term reaches the database only as a bound parameter,
and only as words (:mod:`govflow.records.search_query`), so it cannot change the statement.

A word that PostgreSQL's ``english`` configuration ignores is ignored on SQLite too (when it is
a term on its own; inside a phrase SQLite keeps it), so that "the firmware" finds the same
proposals on both.

Labels (of stages and milestones: what a page shows from the workflow, not the database) are
matched by the same rules: on SQLite in an in-memory FTS5 table of them, on PostgreSQL with the
same functions over the list of them.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from sqlalchemy import Connection, bindparam, text

START, END = "\ue000", "\ue001"  # around each matched word (private-use characters)
CUT = "…"
_WORDS = 24  # about how many words a snippet shows
_TOKENIZE = "porter unicode61 remove_diacritics 2"  # as migration 0014 made the tables
#: The words PostgreSQL's ``english`` configuration drops (Snowball's English stop words, its
#: ``english.stop``), dropped on SQLite too when a term is one of them alone.
_STOP_TEXT = """
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
her hers herself it its itself they them their theirs themselves what which who whom this that
these those am is are was were be been being have has had having do does did doing a an the and
but if or because as until while of at by for with about against between into through during
before after above below to from up down in out on off over under again further then once here
there when where why how all any both each few more most other some such no nor not only own
same so than too very s t can will just don should now
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


class Term(Protocol):
    """A term of a query (:class:`govflow.records.search_query.Term`): a word, or a phrase."""

    @property
    def words(self) -> tuple[str, ...]: ...


T = TypeVar("T", bound=Term)


def with_ids(statement: str) -> Any:
    """A statement whose ``:ids`` is a list of ids (``IN :ids``)."""
    return text(statement).bindparams(bindparam("ids", expanding=True))


# -- SQLite ----------------------------------------------------------------------------------------
class _LabelIndex:
    """The labels in an in-memory FTS5 table with the database's tokenizer (one per set of
    labels, shared by threads under a lock)."""

    def __init__(self, labels: tuple[str, ...]) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(f"CREATE VIRTUAL TABLE labels USING fts5(label, tokenize='{_TOKENIZE}')")
        self._db.executemany("INSERT INTO labels(rowid, label) VALUES (?, ?)", enumerate(labels))

    def matching(self, match: str) -> set[int]:
        with self._lock:
            return {r[0] for r in self._db.execute("SELECT rowid FROM labels WHERE labels MATCH ?",
                                                   (match,))}  # fmt: skip

    def marked(self, index: int, match: str) -> str | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT highlight(labels, 0, '{START}', '{END}') FROM labels "
                "WHERE labels MATCH ? AND rowid = ?", (match, index),
            ).fetchone()  # fmt: skip
        return None if row is None else str(row[0])


@functools.lru_cache(maxsize=4)
def _label_index(labels: tuple[str, ...]) -> _LabelIndex:
    return _LabelIndex(labels)


@dataclass(frozen=True)
class SqliteSearch:
    """FTS5 ``MATCH`` strings: a term is a quoted phrase (``"over the air"``)."""

    def param(self, term: Term) -> str:
        return '"' + " ".join(term.words) + '"'  # words hold no quote: each is \w+

    def any(self, terms: Sequence[Term]) -> str:
        return " OR ".join(self.param(t) for t in terms)

    def proposals(self, name: str) -> str:
        return f"SELECT rowid FROM search_proposal WHERE search_proposal MATCH :{name}"

    def notes(self, name: str) -> str:
        return (f"SELECT e.proposal_id FROM search_event s JOIN event e ON e.id = s.rowid "
                f"WHERE search_event MATCH :{name}")  # fmt: skip

    def items(self, name: str) -> str:
        return f"SELECT rowid FROM search_item WHERE search_item MATCH :{name}"

    def ignored(self, conn: Connection, terms: Sequence[T]) -> set[T]:
        return {t for t in terms if len(t.words) == 1 and t.words[0].lower() in STOP_WORDS}

    def labels(self, conn: Connection, labels: tuple[str, ...], term: Term) -> set[int]:
        return _label_index(labels).matching(self.param(term))

    def marked_label(self, conn: Connection, labels: tuple[str, ...], index: int, any: str) -> str:
        return _label_index(labels).marked(index, any) or labels[index]

    def marked_proposals(self, conn: Connection, ids: list[int], any: str) -> dict[int, Any]:
        """Proposal id -> (title, proposer), the matched words marked, for those that match."""
        statement = with_ids(
            f"SELECT rowid, highlight(search_proposal, 0, '{START}', '{END}'), "
            f"highlight(search_proposal, 1, '{START}', '{END}') FROM search_proposal "
            "WHERE search_proposal MATCH :any AND rowid IN :ids"
        )
        return {r[0]: r[1:] for r in conn.execute(statement, {"any": any, "ids": ids})}

    def marked_notes(self, conn: Connection, ids: list[int], any: str) -> list[Any]:
        """(proposal id, seq, date, meeting id, note snippet), the best first for each."""
        statement = with_ids(
            "SELECT e.proposal_id, e.seq, e.occurred_on, e.meeting_id, "
            f"snippet(search_event, 0, '{START}', '{END}', '{CUT}', {_WORDS}) "
            "FROM search_event s JOIN event e ON e.id = s.rowid "
            "WHERE search_event MATCH :any AND e.proposal_id IN :ids ORDER BY s.rank, e.id"
        )
        return list(conn.execute(statement, {"any": any, "ids": ids}))

    def marked_items(self, conn: Connection, ids: list[int], any: str) -> dict[int, Any]:
        """Item id -> (title, text snippet), the matched words marked."""
        statement = with_ids(
            f"SELECT rowid, highlight(search_item, 0, '{START}', '{END}'), "
            f"snippet(search_item, 1, '{START}', '{END}', '{CUT}', {_WORDS}) FROM search_item "
            "WHERE search_item MATCH :any AND rowid IN :ids"
        )
        return {r[0]: r[1:] for r in conn.execute(statement, {"any": any, "ids": ids})}


# -- PostgreSQL ------------------------------------------------------------------------------------
# The expressions must stay those migration 0014 indexes, or PostgreSQL cannot use the indexes.
PG_PROPOSAL = "to_tsvector('english', coalesce(title, '') || ' ' || coalesce(proposer, ''))"
PG_EVENT = "to_tsvector('english', coalesce(note, ''))"
PG_ITEM = "to_tsvector('english', coalesce(title, '') || ' ' || coalesce(text, ''))"
_TSQUERY = "websearch_to_tsquery('english', :{})"
_ALL = f"HighlightAll=true, StartSel={START}, StopSel={END}"
_SNIPPET = f"MaxWords={_WORDS}, MinWords={_WORDS // 2}, StartSel={START}, StopSel={END}"


@dataclass(frozen=True)
class PostgresSearch:
    """``websearch_to_tsquery`` text: a term is a word or a quoted phrase."""

    def param(self, term: Term) -> str:
        return term.words[0] if len(term.words) == 1 else '"' + " ".join(term.words) + '"'

    def any(self, terms: Sequence[Term]) -> str:
        return " OR ".join(self.param(t) for t in terms)

    def proposals(self, name: str) -> str:
        return f"SELECT id FROM proposal WHERE {PG_PROPOSAL} @@ {_TSQUERY.format(name)}"

    def notes(self, name: str) -> str:
        return f"SELECT proposal_id FROM event WHERE {PG_EVENT} @@ {_TSQUERY.format(name)}"

    def items(self, name: str) -> str:
        return f"SELECT id FROM agenda_item WHERE {PG_ITEM} @@ {_TSQUERY.format(name)}"

    def ignored(self, conn: Connection, terms: Sequence[T]) -> set[T]:
        """Terms of only common words, which the ``english`` configuration drops."""
        names = {f"t{i}": self.param(t) for i, t in enumerate(terms)}
        columns = ", ".join(f"numnode({_TSQUERY.format(n)})" for n in names)
        counts = conn.execute(text(f"SELECT {columns}"), names).one()
        return {t for t, n in zip(terms, counts, strict=True) if n == 0}

    def labels(self, conn: Connection, labels: tuple[str, ...], term: Term) -> set[int]:
        statement = text(
            "SELECT n - 1 FROM unnest(CAST(:labels AS text[])) WITH ORDINALITY AS l(label, n) "
            f"WHERE to_tsvector('english', label) @@ {_TSQUERY.format('t')}"
        )
        params = {"labels": list(labels), "t": self.param(term)}
        return set(conn.execute(statement, params).scalars())

    def marked_label(self, conn: Connection, labels: tuple[str, ...], index: int, any: str) -> str:
        q = _TSQUERY.format("any")
        statement = text(f"SELECT ts_headline('english', :label, {q}, '{_ALL}')")
        return str(conn.execute(statement, {"label": labels[index], "any": any}).scalar())

    def marked_proposals(self, conn: Connection, ids: list[int], any: str) -> dict[int, Any]:
        q = _TSQUERY.format("any")
        statement = with_ids(
            f"SELECT id, ts_headline('english', title, {q}, '{_ALL}'), "
            f"ts_headline('english', coalesce(proposer, ''), {q}, '{_ALL}') FROM proposal "
            f"WHERE id IN :ids AND {PG_PROPOSAL} @@ {q}"
        )
        return {r[0]: r[1:] for r in conn.execute(statement, {"any": any, "ids": ids})}

    def marked_notes(self, conn: Connection, ids: list[int], any: str) -> list[Any]:
        q = _TSQUERY.format("any")
        statement = with_ids(
            "SELECT proposal_id, seq, occurred_on, meeting_id, "
            f"ts_headline('english', note, {q}, '{_SNIPPET}') FROM event "
            f"WHERE proposal_id IN :ids AND {PG_EVENT} @@ {q} "
            f"ORDER BY ts_rank({PG_EVENT}, {q}) DESC, id"
        )
        return list(conn.execute(statement, {"any": any, "ids": ids}))

    def marked_items(self, conn: Connection, ids: list[int], any: str) -> dict[int, Any]:
        q = _TSQUERY.format("any")
        statement = with_ids(
            f"SELECT id, ts_headline('english', title, {q}, '{_ALL}'), "
            f"ts_headline('english', coalesce(text, ''), {q}, '{_SNIPPET}') FROM agenda_item "
            f"WHERE id IN :ids"
        )
        return {r[0]: r[1:] for r in conn.execute(statement, {"any": any, "ids": ids})}


Dialect = SqliteSearch | PostgresSearch


def dialect_of(conn: Connection) -> Dialect:
    return PostgresSearch() if conn.dialect.name == "postgresql" else SqliteSearch()


def marked(value: str | None) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Text with :data:`START`/:data:`END` markers as plain text and the marked spans. A text
    that held the markers itself comes back without marks (never mis-marked)."""
    source = value or ""
    plain: list[str] = []
    marks: list[tuple[int, int]] = []
    start = None
    length = 0
    for char in source:
        if char == START and start is None:
            start = length
        elif char == END and start is not None:
            marks.append((start, length))
            start = None
        elif char in (START, END):
            return source.replace(START, "").replace(END, ""), ()
        else:
            plain.append(char)
            length += 1
    if start is not None:
        return source.replace(START, "").replace(END, ""), ()
    return "".join(plain), tuple(marks)
