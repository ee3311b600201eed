"""Search over proposal titles, event notes and agenda items (their titles and minutes text).

SQLite searches the FTS5 tables of migration 0010 (kept in step by triggers); PostgreSQL matches
``to_tsvector('simple', ...)`` expressions that the same migration indexes with GIN. A query is
read as words: every word must appear, as a word or the start of one (``consult`` finds
"consultation"), in any case. Punctuation and operators in the query are never read as
syntax, so user text cannot break the query.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import Connection, text

from govflow.errors import GovflowError, InvalidInput
from govflow.records.lookup import Lookup
from govflow.records.meetings import meeting_code
from govflow.store.session import Store
from govflow.views import SearchHit

_WORD = re.compile(r"\w+")
_MAX_WORDS = 12

_SQLITE = {
    "proposal": """SELECT p.* FROM search_proposal s JOIN proposal p ON p.id = s.rowid
        WHERE search_proposal MATCH :q ORDER BY s.rank, p.id LIMIT :limit""",
    "event": """SELECT p.*, e.seq AS e_seq, e.note AS e_note, e.occurred_on AS e_on,
        c.code AS m_committee, m.number AS m_number, m.date AS m_date, i.number AS i_number
        FROM search_event s JOIN event e ON e.id = s.rowid JOIN proposal p ON p.id = e.proposal_id
        LEFT JOIN meeting m ON m.id = e.meeting_id LEFT JOIN committee c ON c.id = m.committee_id
        LEFT JOIN agenda_item i ON i.id = e.item_id
        WHERE search_event MATCH :q ORDER BY s.rank, e.id LIMIT :limit""",
    "item": """SELECT i.number AS i_number, i.title AS i_title, i.text AS i_text,
        c.code AS m_committee, m.number AS m_number, m.date AS m_date
        FROM search_item s JOIN agenda_item i ON i.id = s.rowid
        JOIN meeting m ON m.id = i.meeting_id JOIN committee c ON c.id = m.committee_id
        WHERE search_item MATCH :q ORDER BY s.rank, i.id LIMIT :limit""",
}

# The expressions must stay those migration 0010 indexes, or PostgreSQL cannot use the indexes.
_PG_PROPOSAL = "to_tsvector('simple', coalesce(p.title, ''))"
_PG_EVENT = "to_tsvector('simple', coalesce(e.note, ''))"
_PG_ITEM = "to_tsvector('simple', coalesce(i.title, '') || ' ' || coalesce(i.text, ''))"
_PG = {
    "proposal": f"""SELECT p.* FROM proposal p WHERE {_PG_PROPOSAL} @@ to_tsquery('simple', :q)
        ORDER BY ts_rank({_PG_PROPOSAL}, to_tsquery('simple', :q)) DESC, p.id LIMIT :limit""",
    "event": f"""SELECT p.*, e.seq AS e_seq, e.note AS e_note, e.occurred_on AS e_on,
        c.code AS m_committee, m.number AS m_number, m.date AS m_date, i.number AS i_number
        FROM event e JOIN proposal p ON p.id = e.proposal_id
        LEFT JOIN meeting m ON m.id = e.meeting_id LEFT JOIN committee c ON c.id = m.committee_id
        LEFT JOIN agenda_item i ON i.id = e.item_id
        WHERE {_PG_EVENT} @@ to_tsquery('simple', :q)
        ORDER BY ts_rank({_PG_EVENT}, to_tsquery('simple', :q)) DESC, e.id LIMIT :limit""",
    "item": f"""SELECT i.number AS i_number, i.title AS i_title, i.text AS i_text,
        c.code AS m_committee, m.number AS m_number, m.date AS m_date
        FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id
        JOIN committee c ON c.id = m.committee_id WHERE {_PG_ITEM} @@ to_tsquery('simple', :q)
        ORDER BY ts_rank({_PG_ITEM}, to_tsquery('simple', :q)) DESC, i.id LIMIT :limit""",
}


def query_words(query: str) -> list[str]:
    """The words of a query, lower-cased; refused when there are none or too many."""
    words = [w.lower() for w in _WORD.findall(query)]
    if not words:
        raise InvalidInput(f"nothing to search for in {query!r}: give a word or a reference")
    if len(words) > _MAX_WORDS:
        raise InvalidInput(f"a search takes at most {_MAX_WORDS} words; {len(words)} given")
    return words


def _match(words: list[str], dialect: str) -> str:
    if dialect == "postgresql":
        return " & ".join(f"{w}:*" for w in words)
    return " ".join(f'"{w}"*' for w in words)  # \w+ holds no quote: each is a plain prefix


class Search:
    """Full-text search of the record."""

    def __init__(self, store: Store, lookup: Lookup) -> None:
        self._store = store
        self._lookup = lookup

    def search(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        """Proposals whose title, events whose note, and agenda items whose title or minutes
        text hold every word of ``query`` (or a word starting with it): the proposal the query
        names when it is a reference, then proposals, then
        agenda items, then events, the best matches first in each, at most ``limit`` of each."""
        if limit < 1:
            raise InvalidInput("the search limit must be 1 or more")
        words = query_words(query)
        with self._store.read() as conn:
            dialect = conn.dialect.name
            sql = _PG if dialect == "postgresql" else _SQLITE
            params = {"q": _match(words, dialect), "limit": limit}

            def rows(kind: str) -> list[Any]:
                return list(conn.execute(text(sql[kind]), params))

            named = self._named(conn, query)
            return (
                named
                + [h for h in map(self._proposal_hit, rows("proposal")) if h not in named]
                + [_item_hit(r) for r in rows("item")]
                + [self._event_hit(r) for r in rows("event")]
            )

    def _named(self, conn: Connection, query: str) -> list[SearchHit]:
        """The proposal the query names, when it is one reference (``MP 116``, ``SECMP0116``)."""
        try:
            row, _ = self._lookup.find(conn, query.strip())
        except GovflowError:
            return []
        return [self._proposal_hit(row)]

    def _proposal_hit(self, row: Any) -> SearchHit:
        return SearchHit("proposal", row.title, self._lookup.label(row), row.title)

    def _event_hit(self, row: Any) -> SearchHit:
        meeting = None
        if row.m_committee is not None:
            meeting = meeting_code(row.m_committee, row.m_number, _day(row.m_date))
        return SearchHit(
            "event", row.e_note or "", self._lookup.label(row), row.title, meeting,
            row.i_number, row.e_seq, _day(row.e_on),
        )  # fmt: skip


def _item_hit(row: Any) -> SearchHit:
    meeting = meeting_code(row.m_committee, row.m_number, _day(row.m_date))
    body = f"{row.i_title}\n{row.i_text}".strip()
    return SearchHit("item", body, None, row.i_title, meeting, row.i_number, None, _day(row.m_date))


def _day(value: Any) -> dt.date:
    """A date as the driver gave it (SQLite through ``text()`` gives a string)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value
