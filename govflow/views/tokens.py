"""``govflow serve`` tokens, as the Python API returns them.

Loaded when first asked for (``govflow.views`` re-exports them on first use): a command that
shows one proposal does not build these dataclasses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from govflow.views._json import json_fields


@dataclass(frozen=True)
class TokenView:
    """A ``govflow serve`` token as listed: never its secret, only its first characters."""

    name: str
    role: str  # reader | secretariat | admin
    hint: str  # the secret's first characters, e.g. "gft_3kQ9"
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


@dataclass(frozen=True)
class NewToken:
    """A token just made: ``secret`` is shown this once and stored only as its hash."""

    token: TokenView
    secret: str

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)
