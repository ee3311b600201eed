"""What the minutes parser returns: plain frozen dataclasses, no database and no I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, cast

from govflow.workflow.references import Ref


@dataclass(frozen=True, slots=True)
class ProposalMention:
    """A proposal reference found in the minutes; ``ref.spelling`` is exactly as written."""

    ref: Ref
    item: str | None  # the agenda item it appears in, None outside any item
    line: int


@dataclass(frozen=True, slots=True)
class OtherRef:
    """A reference that is not a proposal: ``incident``, ``irp``, ``meeting`` or ``section``."""

    kind: str
    value: str  # normalised: INC000000707890, IRP571, OPSG_50, L, H3.24
    item: str | None
    line: int


@dataclass(frozen=True, slots=True)
class DateMention:
    """A day written in the text, completed with a year when the text gave none."""

    date: dt.date
    text: str  # as written, once Markdown and HTML are removed ("25th May")
    item: str | None
    line: int


@dataclass(frozen=True, slots=True)
class Action:
    """A sentence asking for something "by <date>", or of a named party "at OPSG_50" / "at the
    next meeting" (``due`` None, ``at_meeting`` the meeting's code)."""

    due: dt.date | None
    text: str  # the whole sentence
    item: str | None
    party: str | None  # who is asked, when the sentence names them
    line: int  # where the sentence starts
    at_meeting: str | None = None  # OPSG_50, for a request tied to a meeting rather than a date


@dataclass(frozen=True, slots=True)
class PlannedMeeting:
    """A meeting announced at the end of the minutes ("Next main meeting: 7 April 2021")."""

    kind: str  # "main", "reporting", ... ("main" when the text says just "Next meeting")
    date: dt.date
    text: str
    line: int
    number: int | None = None  # when the text names it ("OPSG_50 on 28 June 2021")


@dataclass(frozen=True, slots=True)
class Item:
    """An agenda item: ``number`` is "3", "3.1" or "10.1" (a trailing dot is dropped)."""

    number: str
    title: str
    presenter: str | None
    text: str  # paragraphs separated by a blank line ("\n\n"), each on one line
    line: int  # the line of the item heading
    refs: tuple[ProposalMention, ...]


@dataclass(frozen=True, slots=True)
class Minutes:
    """One meeting's minutes, as read from its text."""

    committee: str  # the committee code, e.g. OPSG
    committee_name: str | None  # as the heading wrote it
    number: int
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    items: tuple[Item, ...]
    proposal_refs: tuple[ProposalMention, ...]
    other_refs: tuple[OtherRef, ...]
    dates: tuple[DateMention, ...]
    actions: tuple[Action, ...]
    next_meetings: tuple[PlannedMeeting, ...]
    heading_line: int
    warnings: tuple[str, ...] = ()
    format: str = "markdown"  # what the file was: markdown, html, word or pdf
    places: tuple[str, ...] = field(default=(), repr=False)  # see where()

    @property
    def code(self) -> str:
        """The meeting as papers name it: ``OPSG_12``."""
        return f"{self.committee}_{self.number}"

    def where(self, line: int) -> str:
        """Where a line of the text read came from: "line 26" in Markdown, "page 2" in a PDF,
        "paragraph 14" in a Word document."""
        if self.places and 1 <= line <= len(self.places):
            return self.places[line - 1]
        return f"line {line}"

    def item(self, number: str) -> Item | None:
        """The item numbered ``number`` ("2.1"; a trailing dot is ignored), or None."""
        wanted = number.strip().rstrip(".")
        return next((i for i in self.items if i.number == wanted), None)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready copy: dates and times in ISO form, references with their number."""
        found = cast(dict[str, Any], _jsonable(self))
        del found["places"]
        return found


def _jsonable(value: Any) -> Any:
    if isinstance(value, Ref):
        return {
            "prefix": value.prefix,
            "number": value.number,
            "alternative": value.alternative,
            "spelling": value.spelling,
        }
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    return value
