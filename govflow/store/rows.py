"""Typed rows: what a row of a table has, as attributes of the types its columns read back.

A statement's result row (``sqlalchemy.Row``) has an attribute per column but mypy cannot tell
which; the use cases that take a row name its shape instead (``row: ProposalRecord``), so a
misspelt column or a wrongly typed use is a type error. Each protocol here is satisfied by a
``Row`` of ``select(<table>)`` and by :class:`govflow.store.writes.ProposalRow` (the proposal as
read for a write), with no copy at run time; :class:`ReferenceRecord` also by the few columns a
"did you mean" reads, and a few (:class:`ListedAction`, :class:`PlacedEvent`) by a joined row,
naming the columns their use case reads. A statement that selects some columns types its rows as
``Row[int, str, ...]``, in the order it selects them. ``tests/test_rows_typed.py`` fails when a
protocol and its table (``store/schema.py``, generated from ``store/models.py``) disagree on a
column's name, type or whether it may be null.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Protocol

from govflow.store.damaged import Damaged as Damaged

if TYPE_CHECKING:
    from govflow.store.stored_rows import StoredProposal as StoredProposal


class ReferenceRecord(Protocol):
    """What a proposal's reference is written from: a row of ``proposal``, or the columns of it
    a "did you mean" reads."""

    @property
    def prefix(self) -> str: ...
    @property
    def number(self) -> int: ...
    @property
    def alternative(self) -> str: ...
    @property
    def workflow(self) -> str: ...
    @property
    def workflow_version(self) -> int: ...


class ProposalRecord(Protocol):
    """A row of ``proposal``."""

    @property
    def id(self) -> int: ...
    @property
    def scheme(self) -> str: ...
    @property
    def number(self) -> int: ...
    @property
    def alternative(self) -> str: ...
    @property
    def prefix(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def proposer(self) -> str | None: ...
    @property
    def workflow(self) -> str: ...
    @property
    def workflow_version(self) -> int: ...
    @property
    def stage(self) -> str: ...
    @property
    def path(self) -> str | None: ...
    @property
    def flags(self) -> list[str]: ...
    @property
    def milestones(self) -> list[str]: ...
    @property
    def raised_on(self) -> dt.date: ...
    @property
    def head_seq(self) -> int: ...
    @property
    def head_hash(self) -> str: ...
    @property
    def head_occurred_on(self) -> dt.date: ...
    @property
    def amended(self) -> bool: ...
    @property
    def outcomes(self) -> dict[str, Any]: ...
    @property
    def version(self) -> int: ...


class CommitteeRecord(Protocol):
    """A row of ``committee``."""

    @property
    def id(self) -> int: ...
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def paper_lead_days(self) -> int | None: ...
    @property
    def cadence(self) -> str | None: ...


class MeetingRecord(Protocol):
    """A row of ``meeting``."""

    @property
    def id(self) -> int: ...
    @property
    def committee_id(self) -> int: ...
    @property
    def number(self) -> int | None: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def kind(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def start_time(self) -> str | None: ...
    @property
    def end_time(self) -> str | None: ...


class ItemRecord(Protocol):
    """A row of ``agenda_item``."""

    @property
    def id(self) -> int: ...
    @property
    def meeting_id(self) -> int: ...
    @property
    def number(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def presenter(self) -> str | None: ...
    @property
    def text(self) -> str: ...


class TokenRecord(Protocol):
    """A row of ``api_token``."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def secret_hash(self) -> str: ...
    @property
    def hint(self) -> str: ...
    @property
    def created_at(self) -> dt.datetime: ...
    @property
    def revoked_at(self) -> dt.datetime | None: ...


#: Each protocol and the table whose rows satisfy it.
TABLES: dict[type, str] = {
    ProposalRecord: "proposal",
    CommitteeRecord: "committee",
    MeetingRecord: "meeting",
    ItemRecord: "agenda_item",
    TokenRecord: "api_token",
}


# -- added while moving the use cases' SQL into store/ (issue 23) ---------------------------------
class ActionRecord(Protocol):
    """A row of ``action``."""

    @property
    def id(self) -> int: ...
    @property
    def meeting_id(self) -> int: ...
    @property
    def item_id(self) -> int | None: ...
    @property
    def due_on(self) -> dt.date: ...
    @property
    def text(self) -> str: ...
    @property
    def party(self) -> str | None: ...
    @property
    def status(self) -> str: ...
    @property
    def closed_on(self) -> dt.date | None: ...
    @property
    def due_meeting_id(self) -> int | None: ...


class ListedAction(Protocol):
    """A row of ``action`` (the columns a list shows) with its meeting's committee code and
    number, and its item's number (:func:`govflow.store.action_rows.listed`)."""

    @property
    def id(self) -> int: ...
    @property
    def due_on(self) -> dt.date: ...
    @property
    def text(self) -> str: ...
    @property
    def party(self) -> str | None: ...
    @property
    def status(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def meeting_number(self) -> int | None: ...
    @property
    def item_number(self) -> str | None: ...


class MeetingReferenceRecord(Protocol):
    """A row of ``meeting_reference``."""

    @property
    def id(self) -> int: ...
    @property
    def meeting_id(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def value(self) -> str: ...
    @property
    def item_number(self) -> str | None: ...


class PlacedEvent(Protocol):
    """A row of ``event`` (what a correction reads of it) with its meeting's committee code,
    number and date (:func:`govflow.store.tables.events_with_places`)."""

    @property
    def seq(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def occurred_on(self) -> dt.date: ...
    @property
    def corrects_seq(self) -> int | None: ...
    @property
    def committee_code(self) -> str | None: ...
    @property
    def meeting_number(self) -> int | None: ...
    @property
    def meeting_date(self) -> dt.date | None: ...


TABLES.update(
    {
        ActionRecord: "action",
        MeetingReferenceRecord: "meeting_reference",
    }
)


class ReleaseLinkRecord(Protocol):
    """A proposal's link to a release: the release's name and date, and the link's status (a
    row of ``release`` joined to ``release_proposal``)."""

    @property
    def name(self) -> str: ...
    @property
    def date(self) -> dt.date | None: ...
    @property
    def status(self) -> str: ...


def __getattr__(name: str) -> Any:
    """:class:`~govflow.store.stored_rows.StoredProposal`, imported when first asked for: only
    ``verify`` reads it, and a dataclass costs about half a millisecond to create at start-up."""
    if name != "StoredProposal":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from govflow.store.stored_rows import StoredProposal

    globals()[name] = StoredProposal
    return StoredProposal
