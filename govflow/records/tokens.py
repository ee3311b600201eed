"""Who may use ``govflow serve``: tokens with a role, and whether reading needs one.

A token is a random secret (``gft_`` and 43 URL-safe characters, 256 bits) handed out once by
:meth:`Tokens.add_token`; the database keeps only its SHA-256 (a secret that long needs no slow
hash: nobody can guess it, and a stolen hash does not give it back), its first characters
(``hint``, to tell tokens apart in a list or a log line) and its role. Roles are ordered: a
``secretariat`` token may do what a ``reader`` may, an ``admin`` token what both may.

Revoking keeps the row (its name stays taken: events carry it as their actor), so a revoked
secret is recognised as revoked rather than unknown.

The ``reading`` setting says whether reads (the JSON API's and the pages') are ``public`` or
need a ``token`` of any role; a database without the setting reads as ``public``.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from govflow.errors import AlreadyExists, InvalidInput, NotFound, Remedy, hint
from govflow.store import tables
from govflow.store import tokens as stored
from govflow.store.rows import TokenRecord
from govflow.store.session import Store
from govflow.views import NewToken, TokenView

ROLES = ("reader", "secretariat", "admin")
"""From the least to the most a token may do."""
READING = ("public", "token")
PREFIX = "gft_"
HINT_LENGTH = 8
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._@-]{0,63}")


def secret_hash(secret: str) -> str:
    """The SHA-256 hex digest of a token's secret, as stored."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def shown(secret: str) -> str:
    """What a log line or message may show of a secret: its first characters only."""
    return secret[:HINT_LENGTH] + "..."


def may(role: str, needed: str) -> bool:
    """Whether a token of ``role`` may do what ``needed`` may."""
    return ROLES.index(role) >= ROLES.index(needed)


def _role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(f"no role {role!r}{hint(role, ROLES)}; roles: {', '.join(ROLES)}")
    return role


def _view(row: TokenRecord) -> TokenView:
    return TokenView(row.name, row.role, row.hint, row.created_at, row.revoked_at)


class Tokens:
    """Tokens and the reading setting, one transaction per call."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def add_token(self, name: str, *, role: str) -> NewToken:
        """Make a token named ``name`` (the actor of every event written with it); its secret
        is in the result, once, and never stored."""
        if not _NAME.fullmatch(name):
            raise InvalidInput(
                f"token name {name!r}: use 1 to 64 letters, digits, spaces or . _ @ -, "
                "starting with a letter or digit (it is recorded as the actor of its writes)"
            )
        role = _role(role)
        secret = PREFIX + secrets.token_urlsafe(32)
        with self._store.write() as conn:
            if stored.named(conn, name) is not None:
                raise AlreadyExists(
                    f"a token named {name!r} exists (revoked ones too: names stay with the "
                    "events they wrote); choose another name"
                )
            made = TokenView(name, role, secret[:HINT_LENGTH], tables.utcnow())
            stored.add(conn, name, role, secret_hash(secret), made.hint, made.created_at)
        return NewToken(made, secret)

    def tokens(self) -> list[TokenView]:
        """Every token, revoked ones included, by name."""
        with self._store.read() as conn:
            rows = stored.every(conn)
        return [_view(r) for r in rows]

    def revoke_token(self, name: str) -> TokenView:
        """Revoke a token: its secret is refused from now on (revoking twice changes nothing)."""
        with self._store.write() as conn:
            row = stored.named(conn, name)
            if row is None:
                near = hint(name, stored.names(conn))
                raise NotFound(f"no token named {name!r}{near}", remedy=Remedy("list_tokens"))
            if row.revoked_at is None:
                row = stored.revoke(conn, row.id)
        return _view(row)

    def authenticate(self, secret: str) -> TokenView | None:
        """The token whose secret this is (revoked or not: see ``revoked_at``), else None."""
        if not secret.startswith(PREFIX):
            return None
        with self._store.read() as conn:
            row = stored.by_hash(conn, secret_hash(secret))
        return None if row is None else _view(row)

    def reading(self) -> str:
        """``public`` (anyone may read) or ``token`` (reads need a token of any role)."""
        with self._store.read() as conn:
            value = stored.setting(conn, "reading")
        return value if value in READING else "public"

    def set_reading(self, mode: str) -> str:
        """Make reads ``public`` or ``token``-only; returns the mode set."""
        if mode not in READING:
            raise InvalidInput(f"reading must be one of {', '.join(READING)}, not {mode!r}")
        with self._store.write() as conn:
            stored.set_setting(conn, "reading", mode)
        return mode
