"""Minutes as SECAS publishes them, read into plain data: :func:`parse_minutes`.

The parser is pure: text in, a frozen :class:`Minutes` out, or :class:`~govflow.errors.MinutesError`
naming the line where the text stopped looking like minutes. Importing into a database is a
separate step built on its result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govflow.minutes._model import (
        Action,
        DateMention,
        Item,
        Minutes,
        OtherRef,
        PlannedMeeting,
        ProposalMention,
    )
    from govflow.minutes.parser import parse_minutes

__all__ = [
    "Action",
    "DateMention",
    "Item",
    "Minutes",
    "OtherRef",
    "PlannedMeeting",
    "ProposalMention",
    "parse_minutes",
]


def __getattr__(name: str) -> Any:
    """Load the parser on first use: commands that do not read minutes need not pay for it."""
    if name not in __all__:
        raise AttributeError(f"module 'govflow.minutes' has no attribute {name!r}")
    import importlib

    module = "parser" if name == "parse_minutes" else "_model"
    return getattr(importlib.import_module(f"govflow.minutes.{module}"), name)
