"""Full-text search over proposal titles, event notes and agenda items (titles and minutes text).

SQLite: one FTS5 table per source, with the source as its external content (nothing is stored
twice), kept in step by triggers on insert, update and delete (events are append-only: insert
only), and built from the rows already there. PostgreSQL: GIN indexes over the same
``to_tsvector('simple', ...)`` expressions the search uses (``records/search.py``), so nothing
needs keeping in step. The ``simple`` configuration and the unicode61 tokenizer both split on
punctuation and fold case without stemming, so a query finds the same rows on both back ends.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

#: FTS table, its source table, the columns indexed.
_SQLITE_SOURCES = [
    ("search_proposal", "proposal", ("title",)),
    ("search_event", "event", ("note",)),
    ("search_item", "agenda_item", ("title", "text")),
]


def _sqlite_statements(fts: str, source: str, columns: tuple[str, ...]) -> list[str]:
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    add = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
    drop = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    statements = [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{source}', content_rowid='id')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {source} BEGIN {add} END",
    ]
    if source != "event":  # events are append-only
        statements += [
            f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {source} BEGIN {drop} END",
            f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {source} BEGIN {drop} {add} END",
        ]
    statements.append(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    return statements


#: Index name, table, the expression (the same text ``records/search.py`` builds).
PG_INDEXES = [
    ("search_proposal_idx", "proposal", "to_tsvector('simple', coalesce(title, ''))"),
    ("search_event_idx", "event", "to_tsvector('simple', coalesce(note, ''))"),
    ("search_item_idx", "agenda_item",
     "to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(text, ''))"),
]  # fmt: skip


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        for name, table, expression in PG_INDEXES:
            op.execute(f"CREATE INDEX {name} ON {table} USING gin ({expression})")
        return
    for fts, source, columns in _SQLITE_SOURCES:
        for statement in _sqlite_statements(fts, source, columns):
            op.execute(statement)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        for name, _, _ in PG_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
        return
    for fts, _, _ in _SQLITE_SOURCES:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {fts}")
