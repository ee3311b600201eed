"""What a plan holds: each step with its earliest date and the reason for that date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any

from govflow.model import INTERNAL as WORDS
from govflow.model import jsonable


def shown(view: Any) -> dict[str, Any]:
    """``view``'s fields as JSON values, without those in words (``WORDS``)."""
    return {f.name: jsonable(getattr(view, f.name)) for f in fields(view)
            if not f.metadata.get("internal")}  # fmt: skip


@dataclass(frozen=True)
class Slot:
    """A meeting that can take a step: on record (``assumed`` false) or from the committee's
    cadence (an assumption), with the last day for its papers."""

    committee: str
    on: dt.date
    code: str
    papers_by: dt.date
    assumed: bool = False


@dataclass(frozen=True)
class PlannedStep:
    """One step still to come: a transition (``trigger``, into ``dest``) or a ``milestone``.

    ``earliest`` is None when no date can be given (``reason`` says why); ``latest`` is set
    when an input is uncertain (a date known only to its month) and the step could fall later.
    """

    name: str
    kind: str  # transition | milestone
    stage: str  # the stage it is taken in
    dest: str | None
    earliest: dt.date | None
    reason: str
    latest: dt.date | None = None
    meeting: str | None = None
    assumed: bool = False  # its date rests on an assumption (a meeting from a cadence)
    decision: bool = False  # the step that decides the proposal (enters an approved stage)
    implementation: bool = False  # the step that puts it live
    release: str | None = None
    ready: dt.date | None = None  # the day it was ready, before a meeting or release waited
    label: str = field(default="", metadata=WORDS)  # the step in words (the JSON has ``name``)

    def to_dict(self) -> dict[str, Any]:
        return shown(self)


@dataclass(frozen=True)
class RoutePlan:
    """The steps along one route (``path``; ``path_assumed`` when the record sets none and this
    is one route that fits), and where the plan stops when it cannot go on."""

    path: str | None
    path_assumed: bool
    steps: tuple[PlannedStep, ...]
    stops: str | None = None  # why no step after the last can be planned
    #: the plan stops at a day the calendar cannot count working days on (not a refusal)
    undatable: bool = False

    @property
    def decision(self) -> PlannedStep | None:
        return next((s for s in self.steps if s.decision), None)

    @property
    def implementation(self) -> PlannedStep | None:
        return next((s for s in self.steps if s.implementation), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "path_assumed": self.path_assumed, "stops": self.stops,
            "undatable": self.undatable, "steps": [s.to_dict() for s in self.steps],
        }  # fmt: skip


@dataclass(frozen=True)
class TargetCheck:
    """Whether a release is reachable on a route, and if not which step makes it late."""

    release: str
    on: dt.date | None
    path: str | None
    reachable: bool | None  # None: the plan gives no date to judge by
    late_step: str | None = None
    late_by: int | None = None  # working days
    why: str = ""
    late_label: str = field(default="", metadata=WORDS)  # ``late_step`` in words

    def to_dict(self) -> dict[str, Any]:
        return shown(self)


@dataclass(frozen=True)
class Plan:
    """A proposal's remaining steps from ``start``, along each route that fits."""

    reference: str
    stage: str
    start: dt.date
    routes: tuple[RoutePlan, ...]
    assumed: tuple[str, ...] = ()  # the what-if steps planned from, as given
    targets: tuple[TargetCheck, ...] = ()
    as_of: dt.date | None = None
    known_on: str | None = None
    terminal: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)
    stage_label: str = field(default="", metadata=WORDS)  # ``stage`` in words
    assumed_words: tuple[str, ...] = field(default=(), metadata=WORDS)  # ``assumed`` in words

    def to_dict(self) -> dict[str, Any]:
        return {
            "reference": self.reference, "stage": self.stage, "start": self.start.isoformat(),
            "as_of": jsonable(self.as_of), "known_on": self.known_on,
            "terminal": self.terminal, "assumed": list(self.assumed),
            "routes": [r.to_dict() for r in self.routes],
            "targets": [t.to_dict() for t in self.targets], "notes": list(self.notes),
        }  # fmt: skip
