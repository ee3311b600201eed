"""Any order of recording gives the same proposal.

A valid history of a fictional proposal (MP9xx) is generated step by step with the rule engine,
dates strictly increasing. It is recorded twice in one database: once in date order (the fast
path: appended, read from SQL), once in a shuffled order (late entries, placed and replayed), a
refused entry being tried again after the others, as a secretariat would. For every date of the
history, both proposals must read the same: stage, route, milestones, releases, deadlines, the
register row and its export, and the history apart from recording order, times and hashes.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from govflow.errors import GovflowError
from govflow.service import Govflow
from govflow.workflow.definition import Situation
from govflow.workflow.registry import Registry

ENGINE = Registry.shipped().engine("sec-modification", 1)
START = dt.date(2021, 1, 4)
Step = tuple[str, tuple[Any, ...], dt.date]  # (what, arguments, the day it happened)
_numbers = itertools.count(900)


@st.composite
def histories(draw: st.DrawFn) -> list[Step]:
    """Up to a dozen steps after the raise, each allowed when taken in date order."""
    s = Situation("initial_consideration", path=None)
    day, steps = START, []
    for _ in range(draw(st.integers(2, 12))):
        day += dt.timedelta(days=draw(st.integers(1, 20)))
        moves = [o.trigger for o in ENGINE.options(s) if o.allowed and o.trigger != "withdraw"]
        marks = [m.name for m in ENGINE.milestone_options(s) if m.allowed]
        choices = ["route", "proposer", "release"] + ["move"] * bool(moves) * 3
        choices += ["milestone"] * bool(marks) * 3
        what = draw(st.sampled_from(choices))
        if what == "move":
            trigger = draw(st.sampled_from(moves))
            s = Situation(ENGINE.fire(s, trigger).dest, s.milestones, s.path, s.flags)
            steps.append(("move", (trigger,), day))
        elif what == "milestone":
            name = draw(st.sampled_from(marks))
            s = Situation(s.stage, s.milestones | {name}, s.path, s.flags)
            steps.append(("milestone", (name,), day))
        elif what == "route":
            path = draw(st.sampled_from([1, 2, 3]))
            s = Situation(s.stage, s.milestones, path, s.flags)
            steps.append(("route", (path,), day))
        elif what == "proposer":
            steps.append(("proposer", (draw(st.sampled_from(["DCC", "Panel"])),), day))
        else:
            status = draw(st.sampled_from(["targeted", "withdrawn", "implemented"]))
            steps.append(("release", (draw(st.sampled_from(["R1", "R2"])), status), day))
        if ENGINE.workflow.state(s.stage).terminal:  # type: ignore[union-attr]
            break
    return steps


def _do(gf: Govflow, ref: str, step: Step) -> None:
    what, args, day = step
    calls: dict[str, Callable[[], object]] = {
        "move": lambda: gf.advance(ref, args[0], on=day),
        "milestone": lambda: gf.record(ref, args[0], on=day),
        "route": lambda: gf.set_route(ref, path=args[0], on=day),
        "proposer": lambda: gf.set_proposer(ref, args[0], on=day),
        "release": lambda: gf.release(ref, args[0], status=args[1], on=day),
    }
    calls[what]()


def _record_shuffled(gf: Govflow, ref: str, steps: list[Step], order: list[int]) -> bool:
    """Record ``steps`` in ``order``, retrying refused ones; False when no order works."""
    waiting = [steps[i] for i in order]
    while waiting:
        refused = []
        for step in waiting:
            try:
                _do(gf, ref, step)
            except GovflowError:
                refused.append(step)
        if len(refused) == len(waiting):
            return False
        waiting = refused
    return True


def _proposal(gf: Govflow, ref: str, day: dt.date) -> dict[str, Any]:
    view = gf.proposal(ref, as_of=day).to_dict()
    for recorded in ("reference", "aliases", "key", "version", "last_event"):
        view.pop(recorded)
    for d in view["deadlines"]:
        d.pop("id"), d.pop("reference")
    return view


def _history(gf: Govflow, ref: str, day: dt.date) -> list[tuple[Any, ...]]:
    return [
        (e.kind, e.trigger, e.milestone, e.to_stage, e.occurred_on, e.payload.get("status"))
        for e in gf.history(ref, as_of=day)
    ]


def _register_csv(gf: Govflow, day: dt.date, ref: str) -> str:
    out = io.StringIO()
    gf.export_register(out, "csv", as_of=day)
    header, *rows = out.getvalue().splitlines()
    return "\n".join([header, *(r.partition(",")[2] for r in rows if r.startswith(ref))])


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=histories(), data=st.data())
def test_any_order_of_recording_gives_the_same_proposal(
    gf: Govflow, steps: list[Step], data: st.DataObject
) -> None:
    first, second = (f"MP{next(_numbers)}" for _ in range(2))
    for ref in (first, second):
        gf.raise_proposal(ref, title="fictional", on=START)
    for step in steps:
        _do(gf, first, step)
    order = data.draw(st.permutations(range(len(steps))))
    assume(_record_shuffled(gf, second, steps, order))
    days = sorted({START, *(day for _, _, day in steps)})
    for day in [*days, days[-1] + dt.timedelta(days=400)]:
        assert _proposal(gf, first, day) == _proposal(gf, second, day), day
        assert _history(gf, first, day) == _history(gf, second, day), day
        rows = {r.reference: r.to_dict() for r in gf.register(as_of=day)}
        mine, theirs = rows[first], rows[second]
        mine.pop("reference"), theirs.pop("reference")
        assert mine == theirs, day
        assert _register_csv(gf, day, first) == _register_csv(gf, day, second), day
    assert gf.verify() == []
