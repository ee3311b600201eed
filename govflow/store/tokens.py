"""The SQL of API tokens and settings: a token found by name or by its secret's hash, added,
revoked; a setting read and written. What a token may do is :mod:`govflow.records.tokens`'.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import Connection, insert, select, update

from govflow.store.rows import TokenRecord
from govflow.store.tables import instant, raw_rows, setting_t, token_t, utcnow


class _Token(NamedTuple):
    """A row of ``api_token`` as the raw cursor reads it."""

    id: int
    name: str
    role: str
    secret_hash: str
    hint: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


def named(conn: Connection, name: str) -> TokenRecord | None:
    """The token named ``name``, revoked or not."""
    return conn.execute(select(token_t).where(token_t.c.name == name)).first()


def by_hash(conn: Connection, digest: str) -> TokenRecord | None:
    """The token whose secret hashes to ``digest``, revoked or not (on the raw cursor: every
    request with a token waits on it, and building the statement cost more than running it)."""
    found = raw_rows(conn, "SELECT id, name, role, secret_hash, hint, created_at, revoked_at "
                           "FROM api_token WHERE secret_hash = ?", (digest,))  # fmt: skip
    if not found:
        return None
    key, name, role, secret_hash, hint, created_at, revoked_at = found[0]
    created = instant(created_at)
    assert created is not None  # the column is NOT NULL
    return _Token(key, name, role, secret_hash, hint, created, instant(revoked_at))


def every(conn: Connection) -> list[TokenRecord]:
    """Every token, revoked ones included, by name."""
    return list(conn.execute(select(token_t).order_by(token_t.c.name)))


def names(conn: Connection) -> list[str]:
    """The name of every token."""
    return list(conn.execute(select(token_t.c.name)).scalars())


def add(
    conn: Connection, name: str, role: str, digest: str, hint: str, created_at: dt.datetime
) -> None:
    """Store a token (its secret's hash only)."""
    values = {"name": name, "role": role, "secret_hash": digest, "hint": hint}
    conn.execute(insert(token_t).values(**values, created_at=created_at))


def revoke(conn: Connection, token_id: int) -> TokenRecord:
    """Revoke the token ``token_id`` now; the token as it is then."""
    conn.execute(update(token_t).where(token_t.c.id == token_id).values(revoked_at=utcnow()))
    return conn.execute(select(token_t).where(token_t.c.id == token_id)).one()


def setting(conn: Connection, key: str) -> str | None:
    """A setting's value, or None when it was never set."""
    found = raw_rows(conn, 'SELECT value FROM setting WHERE "key" = ?', (key,))
    return None if not found or found[0][0] is None else str(found[0][0])


def set_setting(conn: Connection, key: str, value: str) -> None:
    """Set a setting, adding it when it was never set."""
    done = conn.execute(update(setting_t).where(setting_t.c.key == key).values(value=value))
    if done.rowcount == 0:
        conn.execute(insert(setting_t).values(key=key, value=value))
