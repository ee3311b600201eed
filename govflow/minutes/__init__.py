"""Minutes as SECAS publishes them, read into plain data: :func:`parse_minutes`.

The parser is pure: text in, a frozen :class:`Minutes` out, or :class:`~govflow.errors.MinutesError`
naming the line where the text stopped looking like minutes. Importing into a database is a
separate step built on its result.
"""

from __future__ import annotations

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
