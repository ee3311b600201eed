"""The JSON API's shapes: the values a request may hold, and the answers it gets.

**Values.** Each kind of value the API takes has one type here, with the pattern or range that
says exactly what is accepted, so that the OpenAPI document and the server agree: a request
that fits the document is never refused as malformed (400), and one that does not fit it
always is. The API is stricter than the command line where a machine client gains from it:
dates are ISO 8601 (``2021-05-25``; a month ``2021-05``; ``on or before 2021-05-25``; an
interval ``2019-10-01/2019-10-15``; the other forms as the views write them) between
:data:`govflow.dates.FIRST` and :data:`~govflow.dates.LAST`, times ``HH:MM``, committee and
meeting codes in capitals. Text is bounded by :data:`govflow.validation.LIMITS` and may hold no
NUL (the patterns refuse it; a lone surrogate cannot be written in JSON text that decodes).

**Answers.** The response models are made from the views of :mod:`govflow.views` (one class
each, field for field), so the document cannot drift from what ``to_dict()`` writes: dates as
``YYYY-MM-DD``, timestamps as UTC ISO 8601 text, tuples as arrays.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import types
import typing
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, create_model
from pydantic import Strict as StrictValue

from govflow import views
from govflow.planning import model as planning
from govflow.planning.portfolio import PortfolioRow
from govflow.records.plans import ReleaseScope as ReleaseScope_
from govflow.store.tables import COMMITTEE_CODE_LENGTH
from govflow.validation import INT_RANGE, LIMITS

# -- values ------------------------------------------------------------------------------------
#: A day between 1900-01-01 and 2099-12-31 (govflow.dates.FIRST and LAST), leap years included.
DAY = (
    r"(?:(?:19|20)[0-9]{2}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    r"|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)"
)
_MONTH = r"(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])"
_YEAR = r"(?:19|20)[0-9]{2}"
_MONTH_NAME = (
    "(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
#: A date as the record knows it, as the views write it (govflow.dates.as_written): a day, a
#: month, a year, each "on or before" or "on or after"; between two days; a day and month of an
#: uncertain year with the years it may be.
_WHEN = (
    f"(?:on or before |on or after )?(?:{DAY}|{_MONTH}|{_YEAR})|{DAY}/{DAY}"
    f"|between {DAY} and {DAY}"
    f"|(?:[1-9]|[12][0-9]|3[01]) {_MONTH_NAME}, year uncertain \\({_YEAR} (?:or|to) {_YEAR}\\)"
)
_CLOCK = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]"
_ZONE = r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
_WORD = r"[A-Z][A-Z0-9]*"
_COMMITTEE = r"[A-Z]+(?: [A-Z]+)*"


def _number(value: Any) -> Any:
    """A whole number as JSON writes it (``3``, or ``3.0``, which JSON Schema counts as one);
    ``false`` or ``"3"`` is refused rather than converted."""
    if isinstance(value, bool | str):
        raise ValueError("should be a whole number")
    return value


_JSON_NUMBER = BeforeValidator(_number)  # after the bounds, so that they stay in the schema
Flag = Annotated[bool, StrictValue()]


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("holds a NUL character; remove it")
    return value


_NO_NUL = AfterValidator(_no_nul)


def _text(limit: int, description: str) -> Any:
    """Text of at most ``limit`` characters, without NUL. Said as ``not: {pattern: "\\x00"}``:
    an anchored pattern would be bounded by the length by the tools that read the document,
    which makes their validators slow to build. (Blank text where some is needed is refused
    by the record: 422.)"""
    return Field(max_length=limit, description=description,
                 json_schema_extra={"not": {"pattern": "\\x00"}})  # fmt: skip


Day = Annotated[str, Field(pattern=f"^{DAY}$", description="A day: 2021-05-25.")]
When = Annotated[
    str,
    Field(
        pattern=f"^(?:{_WHEN})$",
        description="When it happened: a day (2021-05-25), a month (2021-05), a year (2021), "
        "each also 'on or before …' or 'on or after …'; between two days ('2019-10-01/2019-10-"
        "15' or 'between 2019-10-01 and 2019-10-15'); or a day and month whose year is "
        "uncertain, with the years it may be ('21 November, year uncertain (2018 or 2019)').",
    ),
]
Instant = Annotated[
    str,
    Field(
        pattern=f"^{DAY}(?:T{_CLOCK}(?::[0-5][0-9](?:\\.[0-9]{{1,6}})?)?{_ZONE})?$",
        description="A day (its end, UTC) or an instant: 2021-05-26 or 2021-05-26T10:00:00Z.",
    ),
]
Clock = Annotated[str, Field(pattern=f"^{_CLOCK}$", description="A time of day: 10:00.")]
Title = Annotated[str, _text(LIMITS.title, "A title."), _NO_NUL]
Text = Annotated[str, _text(LIMITS.text, "Free text."), _NO_NUL]
Name = Annotated[str, _text(LIMITS.name, "A name or short text."), _NO_NUL]
Identifier = Annotated[
    str,
    Field(max_length=80, pattern=r"^[a-z][a-z0-9_]*$", description="A name from a workflow."),
]
WorkflowName = Annotated[
    str, Field(max_length=80, pattern=r"^[a-z][a-z0-9-]*$", description="A workflow's name.")
]
CommitteeCode = Annotated[
    str,
    Field(max_length=COMMITTEE_CODE_LENGTH, pattern=f"^{_COMMITTEE}$", description="A committee."),
]
NewCommitteeCode = Annotated[
    str,
    Field(
        max_length=COMMITTEE_CODE_LENGTH,
        pattern=f"^{_WORD}(?: {_WORD})*$",
        description="A new committee's code.",
    ),
]
MeetingCode = Annotated[
    str,
    Field(
        max_length=60,
        pattern=f"^{_COMMITTEE}(?:_[0-9]{{1,4}}|@{DAY})$",
        description="A meeting: CSC_38, or CSC@2021-06-28 for a planned one without a number.",
    ),
]
NewMeetingCode = Annotated[
    str,
    Field(
        max_length=60,
        pattern=f"^{_COMMITTEE}(?:_[0-9]{{1,4}})?$",
        description="CSC_38; a planned meeting may be its committee alone (CSC).",
    ),
]
ItemNumber = Annotated[
    str,
    Field(pattern=r"^[0-9]{1,3}(?:\.[0-9]{1,3}){0,2}$", description="An agenda item: 3 or 3.2."),
]
Positive = Annotated[int, Field(ge=1, le=INT_RANGE[1]), _JSON_NUMBER]
# In a path or a query string, where every value is text: "3" is the number 3.
CountParameter = Annotated[int, Field(ge=0, le=INT_RANGE[1])]
#: A count of members in a vote's category, 0 or more.
Count = Annotated[int, Field(ge=0, le=INT_RANGE[1]), _JSON_NUMBER]
PositiveParameter = Annotated[int, Field(ge=1, le=INT_RANGE[1])]
LeadDays = Annotated[
    int, Field(ge=0, le=65, description="Working days before a meeting: 0 to 65."), _JSON_NUMBER
]
Path = Annotated[int, Field(ge=1, le=3, description="The route: 1, 2 or 3."), _JSON_NUMBER]


class Format(StrEnum):
    """What an export is written as."""

    csv = "csv"
    jsonl = "jsonl"
    md = "md"
    html = "html"


class PageFormat(StrEnum):
    """What a timeline is written as."""

    md = "md"
    html = "html"


Role = Literal["reader", "secretariat", "admin"]
Reading = Literal["public", "token"]


# An unknown field is a mistake to report, not to drop (and, with Whole and Flag, a JSON value
# of another type, false for a number or 0 for a flag, is refused, not converted).
Strict = ConfigDict(extra="forbid")


# -- answers -----------------------------------------------------------------------------------
Timestamp = Annotated[str, Field(json_schema_extra={"format": "date-time"})]


def _answer_type(hint: Any) -> Any:
    """The pydantic type of one view field, as ``to_dict()`` writes it."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is dt.datetime:
        return Timestamp
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return answer_model(hint)
    if origin in (types.UnionType, typing.Union):
        parts = tuple(_answer_type(a) for a in args)
        return typing.Union[parts]  # noqa: UP007 (built from a tuple)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return list[_answer_type(args[0])]  # type: ignore[misc]
    return hint


@cache
def answer_model(view: type[Any], extra: tuple[tuple[str, Any], ...] = ()) -> type[BaseModel]:
    """A pydantic model of ``view``'s ``to_dict()`` (every field present), with ``extra``."""
    own = vars(sys.modules[view.__module__])  # a view defined outside views.py (the planner's)
    hints = typing.get_type_hints(view, vars(views) | vars(dt) | own)
    shown = [f for f in dataclasses.fields(view) if not f.metadata.get("internal")]
    fields: dict[str, Any] = {f.name: (_answer_type(hints[f.name]), ...) for f in shown}
    fields |= {name: (kind, ...) for name, kind in extra}
    name = view.__name__.removesuffix("View")
    return create_model(name, __doc__=view.__doc__, **fields)


def many(model: Any) -> Any:
    """``list[model]`` for a model made at run time (a type checker cannot read it)."""
    return list[model]


def either(*choices: Any) -> Any:
    """One of ``choices`` (a union of types made at run time)."""
    return typing.Union[choices]  # noqa: UP007 (built from a tuple)


Proposal = answer_model(views.ProposalView)
RegisterRow = answer_model(views.RegisterRow)
Event = answer_model(views.EventView)
NextSteps = answer_model(views.NextSteps)
DueItem = answer_model(views.DueItem)
Written = answer_model(views.Change, (("version", int),))
Committee = answer_model(views.CommitteeView)
Meeting = answer_model(views.MeetingView)
Item = answer_model(views.ItemView)
NextMeeting = answer_model(views.NextMeeting)
Token = answer_model(views.TokenView)
Plan = answer_model(planning.Plan)
PortfolioLine = answer_model(PortfolioRow)
ReleaseScope = answer_model(ReleaseScope_)
NewToken = answer_model(views.NewToken)


class Break(BaseModel):
    reference: str
    seq: int
    reason: str


class Verified(BaseModel):
    """``govflow verify --json``: a broken history is ``ok: false`` here, not an error."""

    ok: bool
    proposals: int
    breaks: list[Break]


class ReadingSetting(BaseModel):
    model_config = Strict
    reading: Reading


class SignedIn(BaseModel):
    name: str
    role: Role


class SignedOut(BaseModel):
    signed_out: bool
