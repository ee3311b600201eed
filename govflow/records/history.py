"""A proposal's history as the record now tells it, and what that history makes of the proposal.

Two times stand on every event: when it happened (``occurred_on``, with a precision) and when it
was recorded (``recorded_at``; the hash chain follows recording order). Everything that describes a
proposal is derived here, from its events in **occurrence order**:

1. :func:`facts` (:mod:`govflow.records.facts`) applies the corrections (in recording order,
   each to the event it names), drops events withdrawn as recorded in error, and sorts the rest
   by ``(occurred_on, seq)``: events of one day keep the order they were recorded in. A date
   known only to the month sorts on the last day of that month, and one known as "on or before"
   a day on that day: an event counts as having happened once it is certain that it had.
2. :func:`replay` runs those facts through the workflow's rule engine and returns the
   :class:`Derived` proposal: stage, route, milestones, reference, proposer, releases,
   deadlines, and its decisions (the latest vote's outcome, each decision's direction and
   solution, the alternative solutions raised within its record). A fact the rules refuse
   raises :class:`HistoryError` naming it.

The module is pure: no database, no clock. The live writes, corrections, the bulk import, the
register as of a date and ``verify`` all derive through it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from govflow.calendar import WorkingCalendar
from govflow.errors import TransitionNotAllowed
from govflow.records.facts import (
    EventLike,
    Fact,
    corrected,
    fact_of,
    facts,
    precision_of,
    when_text,
)
from govflow.records.windows import (
    closes,
    closing,
    deadline_values,
    lapse_refusal,
    must_close,
    window,
)
from govflow.workflow.definition import Situation, Workflow, route_name
from govflow.workflow.engine import Engine

__all__ = [
    "Derived", "EventLike", "Fact", "HistoryError", "corrected", "fact_of",
    "facts", "precision_of", "prefix_of", "replay", "when_text",
]  # fmt: skip


class HistoryError(TransitionNotAllowed):
    """A history the workflow's rules refuse: ``fact`` is the first event they refuse, ``why``
    the rule it breaks."""

    def __init__(self, fact: Fact, why: str, reasons: Sequence[str] = ()) -> None:
        super().__init__(f"{fact.describe()}: {why}", list(reasons))
        self.fact = fact
        self.why = why


@dataclass
class Derived:
    """A proposal as its facts leave it."""

    stage: str = ""
    path: str | None = None  # the route's name
    flags: frozenset[str] = frozenset()
    milestones: list[str] = field(default_factory=list)  # in the order first recorded
    reference: str = ""
    prefix: str = ""
    title: str = ""
    proposer: str | None = None
    raised_on: dt.date | None = None
    releases: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    deadlines: list[dict[str, Any]] = field(default_factory=list)
    stage_fact: Fact | None = None  # the fact that entered the stage
    decision: Fact | None = None  # the last transition (not the raise)
    last: Fact | None = None
    latest_on: dt.date | None = None
    vote: str | None = None  # the latest vote's outcome
    decisions: list[dict[str, Any]] = field(default_factory=list)  # with a direction, in order
    solutions: list[str] = field(default_factory=list)  # the alternatives raised (MP122A)

    @property
    def situation(self) -> Situation:
        return Situation(
            self.stage, frozenset(self.milestones), self.path, self.flags, vote=self.vote
        )

    def outcomes(self) -> dict[str, Any]:
        """The row's ``outcomes`` column: only what the history holds (old records: ``{}``)."""
        found = {"vote": self.vote, "decisions": self.decisions, "solutions": self.solutions}
        return {k: v for k, v in found.items() if v}

    def row_values(self) -> dict[str, Any]:
        """The proposal row's derived columns."""
        return {
            "stage": self.stage, "path": self.path, "flags": sorted(self.flags),
            "milestones": list(self.milestones), "prefix": self.prefix,
            "proposer": self.proposer, "raised_on": self.raised_on,
            "outcomes": self.outcomes(),
        }  # fmt: skip


def prefix_of(wf: Workflow, reference: str) -> str:
    """The longest of the workflow's prefixes that ``reference`` starts with."""
    text = reference.upper().replace(" ", "")
    known = sorted((p.prefix for p in wf.references.prefixes), key=len, reverse=True)
    return next((p for p in known if text.startswith(p)), "")


#: A version of the proposal's workflow and its engine, by version number.
Versions = Callable[[int], tuple[Workflow, Engine]]


class _Replay:
    def __init__(
        self, wf: Workflow, engine: Engine, cal: WorkingCalendar, versions: Versions | None = None
    ) -> None:
        self.wf, self.engine, self.cal, self.versions = wf, engine, cal, versions
        self.state = Derived()

    def apply(self, fact: Fact) -> None:
        s = self.state
        if not s.stage and fact.kind != "raised":
            if fact.kind == "link":
                return
            raise HistoryError(fact, "it is dated before the proposal was raised")
        handler = _HANDLERS.get(fact.kind)
        if handler is not None:
            handler(self, fact)
        s.last = fact
        s.latest_on = max(s.latest_on or fact.occurred_on, fact.occurred_on)

    def raised(self, fact: Fact) -> None:
        s, p = self.state, fact.payload
        if s.stage:
            raise HistoryError(fact, "it raises the proposal a second time")
        if self.wf.state(fact.to_stage or "") is None:
            raise HistoryError(fact, f"it enters unknown stage {fact.to_stage!r}")
        s.stage, s.path, s.flags = (
            str(fact.to_stage),
            route_name(p.get("path")),
            frozenset(p.get("flags") or ()),
        )
        s.reference = str(p.get("reference") or "")
        s.prefix, s.title = prefix_of(self.wf, s.reference), str(p.get("title") or "")
        s.proposer, s.raised_on, s.stage_fact = p.get("proposer"), fact.occurred_on, fact
        self._track(fact, "", source="", stage=True)

    def moved(self, fact: Fact) -> None:
        s = self.state
        if not fact.trigger:
            return self.milestone(fact)
        try:
            move = self.engine.fire(s.situation, fact.trigger, override=fact.kind == "override")
        except TransitionNotAllowed as exc:
            raise HistoryError(fact, str(exc), exc.reasons) from None
        self._lapses(fact, fact.trigger)
        why = wrong_body(move.deciders, fact.trigger, fact.meeting)
        if move.after_release:
            why = why or early_for_release(s.releases, fact.trigger, fact.occurred_on)
        if why is not None and fact.kind == "transition":
            raise HistoryError(fact, why, [why])
        if move.dest != fact.to_stage:
            raise HistoryError(
                fact,
                f"{fact.trigger!r} would lead from {move.source!r} to {move.dest!r}, "
                f"not to {fact.to_stage!r} as recorded",
            )
        s.stage, s.stage_fact, s.decision = move.dest, fact, fact
        if fact.payload.get("outcome"):
            s.decisions.append(decision_of(fact.trigger, fact.payload, fact.occurred_on, move.body))
        self._track(fact, fact.trigger, source=move.source, stage=True)

    def milestone(self, fact: Fact) -> None:
        s, name = self.state, str(fact.milestone)
        if fact.kind not in ("override",):
            try:
                self.engine.check_milestone(s.situation, name)
            except TransitionNotAllowed as exc:
                raise HistoryError(fact, str(exc), exc.reasons) from None
        self._lapses(fact, name)
        if name not in s.milestones:
            s.milestones.append(name)
        if fact.payload.get("vote"):
            s.vote = fact.payload["vote"]["outcome"]
        self._track(fact, name, source=None, stage=False)

    def migrated(self, fact: Fact) -> None:
        """The proposal moves to another version of its workflow: the facts after it replay
        under that version's rules."""
        s, p = self.state, fact.payload
        if self.versions is None or self.wf.version != p.get("from_version"):
            raise HistoryError(fact, f"it migrates from version {p.get('from_version')}, but the "
                               f"proposal is under version {self.wf.version}")  # fmt: skip
        if s.stage != fact.from_stage:
            raise HistoryError(fact, f"it migrates the proposal from {fact.from_stage!r}, but it "
                               f"stands in {s.stage!r} then")  # fmt: skip
        old = self.wf
        self.wf, self.engine = self.versions(int(p["to_version"]))
        if self.wf.state(fact.to_stage or "") is None:
            raise HistoryError(fact, f"it enters unknown stage {fact.to_stage!r}")
        moved = fact.to_stage != s.stage
        if moved:  # the old stage's window closes; the new stage's opens
            for d in s.deadlines:
                if d["status"] == "open" and closes(d, "", s.stage):
                    d.update(closing(old, d, fact.occurred_on, ""))
        s.stage, s.stage_fact = str(fact.to_stage), fact
        s.prefix = prefix_of(self.wf, s.reference) or s.prefix
        if moved:
            found = window(self.wf, s.situation, s.stage, True)
            if found is not None:
                s.deadlines.append(
                    deadline_values(self.wf, *found, fact.occurred_on, fact.seq, self.cal, None)
                )

    def relabel(self, fact: Fact) -> None:
        self.state.reference = str(fact.payload.get("to") or self.state.reference)
        self.state.prefix = prefix_of(self.wf, self.state.reference) or self.state.prefix

    def alternative(self, fact: Fact) -> None:
        solution = str(fact.payload["solution"])
        if solution in self.state.solutions:
            raise HistoryError(fact, f"{solution} was already raised")
        self.state.solutions.append(solution)

    def route(self, fact: Fact) -> None:
        p = fact.payload
        self.state.path = route_name(p["path"]["to"])
        self.state.flags = frozenset(p["flags"]["to"])

    def proposer(self, fact: Fact) -> None:
        self.state.proposer = fact.payload.get("to")

    def release(self, fact: Fact) -> None:
        p, releases = fact.payload, self.state.releases
        known = releases.get(p["release"], ("", None))[1]
        releases[p["release"]] = (p["status"], p.get("release_date") or known)
        moved = p.get("moved_from")
        if moved:  # the target moved: the earlier release is re-targeted, not withdrawn
            releases[moved] = ("retargeted", releases.get(moved, ("", None))[1])
        if p["status"] == "implemented" and self.state.stage not in approved_stages(self.wf):
            why = "a release can be marked implemented only for an approved proposal"
            raise HistoryError(fact, f"it is {self.state.stage!r}: {why}", [why])

    def _track(self, fact: Fact, name: str, source: str | None, stage: bool) -> None:
        """Open and close deadlines by the same rules as the live writes."""
        wf, s, day = self.wf, self.state, fact.occurred_on
        if must_close(wf, name, source):
            for d in s.deadlines:
                if d["status"] == "open" and closes(d, name, source):
                    d.update(closing(wf, d, day, name))
        found = window(wf, s.situation, s.stage if stage else name, stage)
        if found is not None:
            until = None if stage else fact.until
            s.deadlines.append(deadline_values(wf, *found, day, fact.seq, self.cal, until))

    def _lapses(self, fact: Fact, name: str) -> None:
        """A lapsing window refuses what comes after it, and what it holds back while it runs."""
        why = lapse_refusal(self.wf, self.state.deadlines, name, fact.occurred_on)
        if why is not None and fact.kind not in ("override", "implied"):
            raise HistoryError(fact, why, [why])


def _moved_or_milestone(replay: _Replay, fact: Fact) -> None:
    if fact.trigger:
        replay.moved(fact)
    elif fact.milestone:
        replay.milestone(fact)


_HANDLERS: dict[str, Any] = {
    "raised": _Replay.raised,
    "transition": _Replay.moved,
    "override": _moved_or_milestone,
    "implied": _moved_or_milestone,
    "milestone": _Replay.milestone,
    "relabel": _Replay.relabel,
    "route": _Replay.route,
    "proposer": _Replay.proposer,
    "release": _Replay.release,
    "alternative": _Replay.alternative,
    "migrated": _Replay.migrated,
}


_APPROVED: dict[str, frozenset[str]] = {}


def approved_stages(wf: Workflow) -> frozenset[str]:
    """The stages that hold an approval: entered only by transitions that approve, or only from
    such stages by transitions that decide nothing (SEC: ``approved``, then ``implemented``)."""
    found = _APPROVED.get(wf.key)
    if found is None:
        stages: set[str] = set()
        changed = True
        while changed:
            changed = False
            for state in wf.states:
                into = [t for t in wf.transitions if t.dest == state.name]
                if state.name in stages or not into:
                    continue
                if all(t.outcome == "approve" or (not t.outcome and set(t.sources) <= stages)
                       for t in into):  # fmt: skip
                    stages.add(state.name)
                    changed = True
        found = _APPROVED[wf.key] = frozenset(stages)
    return found


def early_for_release(
    releases: Mapping[str, tuple[str, Any]], trigger: str, day: dt.date
) -> str | None:
    """Why ``trigger`` on ``day`` comes too early: a release it is targeted at (or approved
    for) has a date still to come."""
    for name, (status, when) in releases.items():
        on = dt.date.fromisoformat(when) if isinstance(when, str) else when
        if status in ("targeted", "approved") and on is not None and on > day:
            return f"the targeted release {name} is on {on}: {trigger!r} on {day} comes before it"
    return None


def wrong_body(deciders: Sequence[str], trigger: str, meeting: str | None) -> str | None:
    """Why a move taken at ``meeting`` (``CSC_38``) is not its deciding committees' to take, or
    None: a meeting of another committee cannot take it (no meeting, or no committee decides
    the move: nothing to check)."""
    if not deciders or not meeting or "_" not in meeting:
        return None
    committee = meeting.rsplit("_", 1)[0]
    if committee in deciders:
        return None
    return (
        f"{trigger!r} is decided by {' or '.join(deciders)}, and {meeting} is a meeting of "
        f"{committee}"
    )


def decision_of(
    trigger: str | None, payload: dict[str, Any], day: dt.date, body: str
) -> dict[str, Any]:
    """A decision as the ``outcomes`` column and the views keep it."""
    return {
        "trigger": trigger, "body": body, "outcome": payload["outcome"],
        "solution": payload.get("solution"), "on": day.isoformat(),
    }  # fmt: skip


def replay(
    wf: Workflow,
    engine: Engine,
    history: Iterable[Fact],
    cal: WorkingCalendar,
    upto: dt.date | None = None,
    versions: Versions | None = None,
) -> Derived:
    """What ``history`` (facts in occurrence order) makes of the proposal, up to ``upto``.

    ``wf`` is the version the proposal is pinned to now; one that was migrated (a ``migrated``
    fact) replays from the version it was raised under, switching at each migration
    (``versions`` gives the others)."""
    history = list(history)
    first = next((f for f in history if f.kind == "migrated"), None)
    if first is not None and versions is not None:
        wf, engine = versions(int(first.payload["from_version"]))
    run = _Replay(wf, engine, cal, versions)
    for fact in history:
        if upto is not None and fact.occurred_on > upto:
            break
        run.apply(fact)
    return run.state
