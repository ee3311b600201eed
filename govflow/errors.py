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
 ├── UnusableDatabase         missing, not govflow's, from a newer govflow, or needing `init`
     ├── DatabaseUnavailable      the database cannot be reached (server down, wrong host)
     └── MinutesError             a file is not minutes (``line`` where parsing gave up)

Every message names the offending value and, where there is one, the way out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


class GovflowError(Exception):
    """Base of every error govflow raises on purpose."""


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
    """A value given by the user is malformed."""


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
        else:
            message += "; `govflow proposal list` shows the proposals there are"
        super().__init__(message)


class AlreadyExists(GovflowError):
    """Creating something that already exists."""


class TransitionNotAllowed(GovflowError):
    """The workflow's rules refuse a move; ``reasons`` says why, ``possible`` what would work."""

    def __init__(self, message: str, reasons: Sequence[str] = (), possible: Sequence[str] = ()):
        self.reasons = list(reasons)
        self.possible = list(possible)
        super().__init__(message)


class StaleProposal(GovflowError):
    """The proposal changed since it was read (another user advanced it first)."""

    def __init__(self, reference: str, stage: str) -> None:
        self.reference = reference
        self.stage = stage
        super().__init__(
            f"{reference} was changed by someone else since you loaded it; it is now in "
            f"{stage!r}. Check `govflow proposal next {reference}` and try again."
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

    def __init__(self, message: str, line: int | None = None, *, where: str | None = None) -> None:
        self.line = line
        self.where = where or (f"line {line}" if line is not None else None)
        super().__init__(f"{self.where}: {message}" if self.where else message)


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
