"""A proposal as a write reads it (:func:`govflow.store.writes.read_proposal`): a named tuple.

Every write reads one proposal by its reference. The row is made from the statement's values by
one C call (``tuple.__new__``) and read back by the tuple's C accessors: the frozen dataclass of
:class:`~govflow.store.writes.ProposalRow` needed a dict of its twenty fields made and filled,
which cost an advance some 17,000 instructions. Its values are decoded as the dialect's decoder
(:func:`govflow.store.writes._decode`) decodes each column: text JSON parsed (``[]`` and ``{}``,
which most rows hold, made without the parser, each new), text dates parsed, SQLite's 0 and 1
of ``amended`` made booleans; what a driver gives parsed passes as it is.

The read by one scheme, number and alternative does not read those three back (the statement
matched them exactly): each column read costs a write some 2,400 instructions. So the tuple's
fields are the columns read, in the table's order, then the three matched;
``tests/test_proposal_read.py`` holds them to the table's columns.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import namedtuple
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Date

from govflow.store import schema
from govflow.store.rows import ProposalRecord
from govflow.store.types import PortableJSON

_NAMED: Callable[[str, tuple[str, ...]], type[tuple[Any, ...]]] = namedtuple  # fields of the table
_TYPES = {c.name: c.type for c in schema.proposal.columns}
#: The columns a read by reference matches, which it does not read back.
MATCHED = ("scheme", "number", "alternative")
#: The columns it reads, in the table's order.
READ = tuple(c for c in _TYPES if c not in MATCHED)
#: A proposal as a write reads it (see the module's docstring): the fields are the columns read,
#: then the three matched; typed as the :class:`~govflow.store.rows.ProposalRecord` it is.
ProposalRead = _NAMED("ProposalRead", (*READ, *MATCHED))

#: The JSON columns and the date columns (the decoding names them: a test holds them here).
JSON = tuple(c for c in READ if isinstance(_TYPES[c], PortableJSON))
DATES = tuple(c for c in READ if isinstance(_TYPES[c], Date))
#: A whole row (every column, in the table's order) in the tuple's order.
_FROM_WHOLE = itemgetter(*(tuple(_TYPES).index(c) for c in (*READ, *MATCHED)))
_NEW = tuple.__new__
_LOADS = json.loads
_DAY = dt.date.fromisoformat


@functools.cache
def by_reference_sql(marker: str) -> str:
    """The SELECT by one scheme, a number and an alternative, with the parameter ``marker``."""
    return (
        f"SELECT {', '.join(READ)} FROM proposal WHERE scheme = {marker} "
        f"AND number = {marker} AND alternative = {marker}"
    )


def read(found: Sequence[Any], scheme: str, number: int, alternative: str) -> ProposalRecord:
    """The row of :func:`by_reference_sql`'s values ``found`` and the three it matched (each
    column by name, in the tuple's order: ``tests/test_proposal_read.py`` holds them; a loop
    over the columns to decode cost a write 2,000 instructions more)."""
    (id_, prefix, title, proposer, workflow, workflow_version, stage, path, flags,
     milestones, raised_on, head_seq, head_hash, head_occurred_on, amended, outcomes,
     version) = found  # fmt: skip
    if isinstance(flags, str):  # SQLite's text (psycopg gives JSON parsed, and dates)
        flags = [] if flags == "[]" else _json(flags)
    if isinstance(milestones, str):
        milestones = [] if milestones == "[]" else _json(milestones)
    if isinstance(outcomes, str):
        outcomes = {} if outcomes == "{}" else _json(outcomes)
    if isinstance(raised_on, str):
        raised_on = _DAY(raised_on)
    if isinstance(head_occurred_on, str):
        head_occurred_on = _DAY(head_occurred_on)
    if amended is not None:  # SQLite gives 0 or 1
        amended = bool(amended)
    return cast(ProposalRecord, _NEW(ProposalRead, (
        id_, prefix, title, proposer, workflow, workflow_version, stage, path, flags, milestones,
        raised_on, head_seq, head_hash, head_occurred_on, amended, outcomes, version, scheme,
        number, alternative,
    )))  # fmt: skip


def _json(text: str) -> Any:
    """Stored JSON text parsed, ``[]`` and ``{}`` without the parser (each new)."""
    return [] if text == "[]" else {} if text == "{}" else _LOADS(text)


def read_whole(found: Sequence[Any]) -> ProposalRecord:
    """The row of a whole row's values ``found`` (every column, in the table's order)."""
    values = _FROM_WHOLE(found)
    return read(values[: len(READ)], *values[len(READ) :])
