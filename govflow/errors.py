"""The errors govflow raises: one family, so callers catch ``GovflowError`` and nothing else.

::

    GovflowError
     ├── InvalidWorkflow          a definition file has problems (all of them, in ``problems``)
     ├── UnknownWorkflow          no workflow by that name (or version)
     ├── InvalidInput             a value a user typed is malformed (date, reference, path...)
     ├── NotFound                 a committee, meeting, item, release or action does not exist
     │    └── UnknownReference    no proposal answers to that reference (``suggestions``)
     ├── AlreadyExists            creating something that is already there
     ├── TransitionNotAllowed     the rules refuse a move or a milestone (``reasons``)
     ├── StaleProposal            someone else changed the proposal since it was loaded
     ├── IntegrityError           the database refused a write or a chain is broken
     ├── UnusableDatabase         missing, not govflow's, from a newer govflow, or to be upgraded
     ├── DatabaseUnavailable      the database cannot be reached (server down, wrong host)
     └── MinutesError             a file is not minutes (``line`` where parsing gave up)

Every message names the offending value and what is wrong with it. The way out is advice, and
advice belongs to whoever the user is talking to: a message never names a command or an option.
Where something can be done, the error carries it as data for the edge to word: ``remedy`` (a
:class:`Remedy`: override, create the database, add the meeting...) and, for a bad value,
``field`` (the keyword argument it was given as: ``as_of``, ``on``...). The command line says
them as its commands and options, the web API in its own terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Remedy:
    """What a user can do about an error, named for the edge to word (see the module docstring).

    ``action`` is one of :data:`REMEDIES`; ``subject`` what it acts on (a reference, a meeting
    code, a committee), ``detail`` a second value where one is needed (an agenda item's number).
    """

    action: str
    subject: str | None = None
    detail: str | None = None

    def __post_init__(self) -> None:
        assert self.action in REMEDIES, self.action


#: Every remedy an error may carry, and what it means.
REMEDIES: dict[str, str] = {
    "override": "set the refusing rules aside, saying why (recorded with the event)",
    "list_proposals": "look at the proposals there are",
    "show_proposal": "look at the proposal (``subject``)",
    "check_next": "look at what is possible for the proposal (``subject``) now, then try again",
    "show_workflow": "look at the workflow's definition (``subject``)",
    "choose_workflow": "name the workflow to use",
    "list_meetings": "look at the committee's (``subject``) meetings",
    "show_meeting": "look at the meeting (``subject``) and its items",
    "add_meeting": "add the meeting (``subject``) with its date",
    "plan_meeting": "add the meeting (``subject``) as planned, with its date, then try again",
    "redate_meeting": "if the meeting's (``subject``) date is wrong, change it (to ``detail``)",
    "add_item": "add the agenda item (``detail``) to the meeting (``subject``)",
    "add_committee": "add the committee",
    "name_committee": "say which committee the minutes belong to",
    "list_actions": "look at the actions there are",
    "list_closures": "look at the closures there are",
    "list_tokens": "look at the tokens there are",
    "correct_event": "correct the event on both proposals",
    "preview_migration": "list what the migration would do without doing it",
    "verify": "verify the history to find what is wrong",
    "export_audit": "export the audit history as JSONL",
    "create_database": "create the database",
    "upgrade_database": "upgrade the database",
    "other_database": "use another database",
    "writable_path": "put the database in a folder that can be written to",
    "check_workflows": "check the folders workflows are loaded from",
}


class Advised(str):
    """A warning's text that carries a :class:`Remedy`, for the edge to word (a plain ``str``
    everywhere else)."""

    remedy: Remedy | None

    def __new__(cls, text: str, remedy: Remedy | None = None) -> Advised:
        made = super().__new__(cls, text)
        made.remedy = remedy
        return made


class GovflowError(Exception):
    """Base of every error govflow raises on purpose; ``remedy`` says what can be done, if
    anything (see the module docstring)."""

    remedy: Remedy | None = None

    def __init__(self, *args: object, remedy: Remedy | None = None) -> None:
        super().__init__(*args)
        if remedy is not None:
            self.remedy = remedy


class InvalidWorkflow(GovflowError):
    """A workflow definition failed its checks; ``problems`` lists every one found."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{source}: {count} problem{'s' if count != 1 else ''}"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problems)]))


class UnknownWorkflow(GovflowError):
    """No workflow with that name (or version) is loaded."""


class InvalidInput(GovflowError):
    """A value given by the user is malformed; ``field`` names the keyword argument it came as
    (``as_of``, ``on``, ``within``...), when one did."""

    field: str | None = None

    def __init__(
        self, *args: object, field: str | None = None, remedy: Remedy | None = None
    ) -> None:
        super().__init__(*args, remedy=remedy)
        if field is not None:
            self.field = field


class NotFound(GovflowError):
    """A named thing (committee, meeting, agenda item, release, action) does not exist."""


class UnknownReference(NotFound):
    """No proposal answers to a reference; ``suggestions`` holds near matches."""

    def __init__(self, reference: str, suggestions: Sequence[str] = ()) -> None:
        self.reference = reference
        self.suggestions = list(suggestions)
        message = f"no proposal answers to {reference!r}"
        if self.suggestions:
            message += f"; did you mean {', '.join(self.suggestions)}?"
        remedy = None if self.suggestions else Remedy("list_proposals")
        super().__init__(message, remedy=remedy)


class AlreadyExists(GovflowError):
    """Creating something that already exists."""


class TransitionNotAllowed(GovflowError):
    """The workflow's rules refuse a move; ``reasons`` says why, ``possible`` what would work."""

    def __init__(
        self,
        message: str,
        reasons: Sequence[str] = (),
        possible: Sequence[str] = (),
        *,
        remedy: Remedy | None = None,
    ) -> None:
        self.reasons = list(reasons)
        self.possible = list(possible)
        super().__init__(message, remedy=remedy)


class StaleProposal(GovflowError):
    """The proposal changed since it was read (another user advanced it first)."""

    def __init__(self, reference: str, stage: str) -> None:
        self.reference = reference
        self.stage = stage
        super().__init__(
            f"{reference} was changed by someone else since you loaded it; it is now in {stage!r}",
            remedy=Remedy("check_next", reference),
        )


class IntegrityError(GovflowError):
    """The database refused a write, or a history does not verify."""


class UnusableDatabase(GovflowError):
    """The database cannot be used as asked: there is none, it belongs to another program, a
    newer govflow made it, or its schema is older and the caller may not upgrade it."""


class DatabaseUnavailable(GovflowError):
    """The database server cannot be reached, or the database file cannot be opened."""


class MinutesError(GovflowError):
    """A file could not be read as minutes; ``line`` is where parsing gave up (1-based), and
    ``where`` says it for a document ("page 2"; by default "line N")."""

    def __init__(
        self,
        message: str,
        line: int | None = None,
        *,
        where: str | None = None,
        remedy: Remedy | None = None,
    ) -> None:
        self.line = line
        self.where = where or (f"line {line}" if line is not None else None)
        super().__init__(f"{self.where}: {message}" if self.where else message, remedy=remedy)


def did_you_mean(value: str, allowed: Iterable[str], n: int = 3) -> list[str]:
    """Near matches of ``value`` among ``allowed``, closest first."""
    import difflib  # only when a message needs it: it slows every start-up otherwise

    choices = list(allowed)
    folded = {c.casefold(): c for c in choices}
    matches = difflib.get_close_matches(value.casefold(), list(folded), n=n, cutoff=0.6)
    return [folded[m] for m in matches]


def hint(value: str, allowed: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for a near miss, else an empty string."""
    near = did_you_mean(value, allowed, n=1)
    return f" (did you mean {near[0]!r}?)" if near else ""
