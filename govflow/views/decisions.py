"""The views of decisions: a decision with its direction, each solution's standing, a vote with
its tally (re-exported by :mod:`govflow.views`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from govflow.dates import when_text
from govflow.views._json import json_fields


@dataclass(frozen=True)
class Decision:
    """A recommendation, determination or decision, with its direction."""

    trigger: str | None  # None: the move is not on record (a stage reached, the way between not)
    body: str | None  # who decided (CB, PANEL, AUTHORITY); None: not on record
    outcome: str  # approve or reject
    solution: str | None  # the solution decided (MP122A), or None: all of them
    on: dt.date
    on_precision: str = "day"  # how well ``on`` is known (see EventView.date_precision)

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


@dataclass(frozen=True)
class SolutionView:
    """A solution (the original or an alternative): its status, latest vote and decisions."""

    reference: str  # MP122, MP122A, 0678A, CMP264 WACM4
    status: str  # the record's stage for the solution approved; "not approved"; the stage
    vote: str | None = None  # approve or reject: the latest vote on it
    recommended: str | None = None  # approve or reject: the latest recommendation on it
    decided: str | None = None  # approve or reject: the latest decision on it (or on all)
    decided_by: str | None = None
    decided_on: dt.date | None = None
    decided_on_precision: str = "day"  # how well ``decided_on`` is known (as EventView's)

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)

    def text(self, counts: str = "") -> str:
        """``0678A: approved (decided approve by AUTHORITY on 2020-05-28)``; ``counts``: the
        latest vote's tally, written after it (``vote approve [Panel Members 7-1-0-0]``)."""
        voted = f"{self.vote} [{counts}]" if self.vote and counts else self.vote
        said = [f"{what} {how}" for what, how in (("vote", voted),
                ("recommended", self.recommended)) if how]  # fmt: skip
        if self.decided:
            by = f"by {self.decided_by}" if self.decided_by else "body not on record,"
            on = when_text(self.decided_on, self.decided_on_precision) if self.decided_on else ""
            said.append(f"decided {self.decided} {by} {on}".rstrip())
        return f"{self.reference}: {self.status}" + (f" ({'; '.join(said)})" if said else "")


@dataclass(frozen=True)
class VoteView:
    """A vote as recorded: its body, the solution it was on, its tally and outcome."""

    body: str
    outcome: str
    on: dt.date
    solution: str | None = None  # the solution voted on (MP122A); None: not named
    tally: dict[str, dict[str, int]] | None = None  # None: no counts on record
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)

    def text(self) -> str:
        """``CB on MP122A, 2021-05-26: approve (Large Supplier 10-2-1-0; ...)``."""
        on = f" on {self.solution}" if self.solution else ""
        return (
            f"{self.body}{on}, {self.on}: {self.outcome} ({tally_text(self.tally) or self.reason})"
        )


def tally_text(tally: Mapping[str, Mapping[str, int]] | None) -> str:
    """``Large Supplier 10-2-1-0; Network Party 3-0-0-0`` (for, against, abstain, absent)."""
    return "; ".join(
        f"{c} {'-'.join(str(n.get(k, 0)) for k in ('for', 'against', 'abstain', 'absent'))}"
        for c, n in (tally or {}).items()
    )
