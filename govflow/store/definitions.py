"""Stored workflow definitions: the source text of each definition version a proposal is pinned
to, with its fingerprint (rows of ``workflow_definition``, append-only).

The store knows text and hashes, not rules: the caller parses what it reads back.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import Connection, insert, inspect, select

from govflow.store.schema import workflow_definition as definition_t


def fingerprint(source: str) -> str:
    """The SHA-256 of a definition's source text (UTF-8), in hex."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StoredDefinition:
    name: str
    version: int
    fingerprint: str
    source: str

    @property
    def intact(self) -> bool:
        """True when the source still has the fingerprint it was stored with."""
        return fingerprint(self.source) == self.fingerprint


def stored(conn: Connection) -> list[StoredDefinition]:
    """Every stored definition, by name and version (none before the table exists)."""
    if not inspect(conn).has_table("workflow_definition"):
        return []
    rows = conn.execute(
        select(definition_t.c.name, definition_t.c.version, definition_t.c.fingerprint,
               definition_t.c.source).order_by(definition_t.c.name, definition_t.c.version)
    )  # fmt: skip
    return [StoredDefinition(*row) for row in rows]


def store(conn: Connection, name: str, version: int, source: str) -> str:
    """Store a definition the first time a proposal is pinned to it; its fingerprint."""
    digest = fingerprint(source)
    found = conn.execute(
        select(definition_t.c.fingerprint).where(
            definition_t.c.name == name, definition_t.c.version == version
        )
    ).scalar()
    if found is None:
        conn.execute(
            insert(definition_t).values(
                name=name, version=version, fingerprint=digest, source=source
            )
        )
        return digest
    return str(found)
