"""Search that stems English and reads the proposer: "consulted" finds "consultation".

SQLite: the three FTS5 tables of 0010 recreated with the ``porter`` tokenizer over ``unicode61``
(accents folded), the proposal's now over its title and its proposer, with their triggers, and
rebuilt from the rows there. The proposal's update trigger fires only when the title or the
proposer is set (a proposal row changes with every event). PostgreSQL: the GIN indexes of 0010
replaced by ``to_tsvector('english', ...)`` over the same text (``records/search.py`` builds the
same expressions).

A later SQLite batch migration of ``proposal``, ``event`` or ``agenda_item`` (which copies the
table and drops its triggers) must create these triggers again.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_PORTER = "porter unicode61 remove_diacritics 2"

#: FTS table, its source table, the columns indexed: after this migration, and before it (0010).
_SOURCES = [
    ("search_proposal", "proposal", ("title", "proposer")),
    ("search_event", "event", ("note",)),
    ("search_item", "agenda_item", ("title", "text")),
]
_BEFORE = [
    ("search_proposal", "proposal", ("title",)),
    ("search_event", "event", ("note",)),
    ("search_item", "agenda_item", ("title", "text")),
]


def _sqlite_statements(
    fts: str, source: str, columns: tuple[str, ...], tokenize: str | None
) -> list[str]:
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    add = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
    drop = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    options = f", tokenize='{tokenize}'" if tokenize else ""
    updated = f"UPDATE OF {cols} ON" if tokenize else "UPDATE ON"  # 0010 fired on any update
    statements = [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{source}', "
        f"content_rowid='id'{options})",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {source} BEGIN {add} END",
    ]
    if source != "event":  # events are append-only
        statements += [
            f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {source} BEGIN {drop} END",
            f"CREATE TRIGGER {fts}_au AFTER {updated} {source} BEGIN {drop} {add} END",
        ]
    statements.append(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    return statements


def _drop_sqlite(fts: str) -> None:
    for suffix in ("ai", "ad", "au"):
        op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
    op.execute(f"DROP TABLE IF EXISTS {fts}")


#: Index name, table, expression: after this migration, and before it (0010).
PG_INDEXES = [
    ("search_proposal_idx", "proposal",
     "to_tsvector('english', coalesce(title, '') || ' ' || coalesce(proposer, ''))"),
    ("search_event_idx", "event", "to_tsvector('english', coalesce(note, ''))"),
    ("search_item_idx", "agenda_item",
     "to_tsvector('english', coalesce(title, '') || ' ' || coalesce(text, ''))"),
]  # fmt: skip
_PG_BEFORE = [
    ("search_proposal_idx", "proposal", "to_tsvector('simple', coalesce(title, ''))"),
    ("search_event_idx", "event", "to_tsvector('simple', coalesce(note, ''))"),
    ("search_item_idx", "agenda_item",
     "to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(text, ''))"),
]  # fmt: skip


def _pg_indexes(indexes: list[tuple[str, str, str]]) -> None:
    for name, table, expression in indexes:
        op.execute(f"DROP INDEX IF EXISTS {name}")
        op.execute(f"CREATE INDEX {name} ON {table} USING gin ({expression})")


def _sqlite_tables(sources: list[tuple[str, str, tuple[str, ...]]], tokenize: str | None) -> None:
    for fts, source, columns in sources:
        _drop_sqlite(fts)
        for statement in _sqlite_statements(fts, source, columns, tokenize):
            op.execute(statement)


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        _pg_indexes(PG_INDEXES)
    else:
        _sqlite_tables(_SOURCES, _PORTER)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        _pg_indexes(_PG_BEFORE)
    else:
        _sqlite_tables(_BEFORE, None)
