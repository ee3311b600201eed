"""Any order of recording gives the same proposal.

A valid history of a fictional proposal (MP9xx) is generated step by step with the rule engine,
dates strictly increasing: moves with their direction and solution, milestones, Change Board votes
with a (fictional) tally, an alternative solution, route, proposer and release changes. It is
recorded twice in one database: once in date order (the fast path: appended, read from SQL), once
in a shuffled order (late entries, placed and replayed), a refused entry being tried again after
the others, as a secretariat would. For every date of the history, both proposals must read the
same: stage, route, milestones, releases, deadlines, votes, decisions and solutions, the register
row and its export, and the history apart from recording order, times and hashes.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from govflow.errors import GovflowError
from govflow.service import Govflow
from govflow.workflow.definition import approved_stages
from govflow.workflow.options import milestone_options, options
from govflow.workflow.step import step
from tests.conftest import NewGovflow
from tests.rules_kit import at, mark, move, rules_of

RULES = rules_of()
WF = RULES.of(1)[0]
START = dt.date(2021, 1, 4)
Step = tuple[str, tuple[Any, ...], dt.date]  # (what, arguments, the day it happened)
_numbers = itertools.count(900)


TALLIES = {
    "approve": {"Large Supplier": {"for": 9, "against": 2}, "Network Party": {"for": 3}},
    "reject": {"Large Supplier": {"for": 2, "against": 9}, "Network Party": {"for": 3}},
}


@st.composite
def histories(draw: st.DrawFn) -> list[Step]:
    """Up to a dozen steps after the raise, each allowed when taken in date order: moves (with
    a direction and a solution where they decide), milestones, votes, an alternative solution,
    route, proposer and release changes."""
    s = at("initial_consideration")
    day, steps, alternative, appeal_window = START, [], False, False
    for _ in range(draw(st.integers(2, 12))):
        day += dt.timedelta(days=draw(st.integers(1, 20)))
        if appeal_window:  # implement waits until the appeal window has lapsed; no appeal after
            day += dt.timedelta(days=40)
        moves = [o.trigger for o in options(RULES, s, day) if o.allowed and o.trigger != "withdraw"]
        moves = [m for m in moves if not (appeal_window and m == "appeal")]
        marks = [m.name for m in milestone_options(RULES, s, day) if m.allowed]
        choices = ["route", "proposer", "release"] + ["move"] * bool(moves) * 3
        choices += ["milestone"] * bool(marks) * 3 + ["alternative"] * (not alternative)
        what = draw(st.sampled_from(choices))
        if what == "move":
            trigger = draw(st.sampled_from(moves))
            after, verdict = step(RULES, s, move(trigger, on=day))
            fired = verdict.transition
            assert fired is not None
            outcome = draw(st.sampled_from(["approve", "reject"])) if fired.outcome else None
            if fired.outcome == "as_voted" and s.vote is not None:
                outcome = s.vote
            if fired.outcome in ("approve", "reject"):
                outcome = fired.outcome
            solution = None
            if outcome == "approve" and alternative:
                solution = draw(st.sampled_from(["MP", "MPA"]))
            appeal_window = fired.dest == "approved" and s.path == "3"
            s = replace(s, stage=fired.dest, deadlines=after.deadlines)
            steps.append(("move", (trigger, outcome, solution), day))
        elif what == "milestone":
            name = draw(st.sampled_from(marks))
            if name == "change_board_vote":
                went = draw(st.sampled_from(["approve", "reject"]))
                s = replace(step(RULES, s, mark(name, on=day))[0], vote=went)
                steps.append(("vote", (went,), day))
            else:
                s = step(RULES, s, mark(name, on=day))[0]
                steps.append(("milestone", (name,), day))
        elif what == "alternative":
            alternative = True
            steps.append(("alternative", (), day))
        elif what == "route":
            path = draw(st.sampled_from([1, 2, 3]))
            s = replace(s, path=str(path))
            steps.append(("route", (path,), day))
        elif what == "proposer":
            steps.append(("proposer", (draw(st.sampled_from(["DCC", "Panel"])),), day))
        else:
            statuses = ["targeted", "withdrawn"]
            statuses += ["implemented"] * (s.stage in approved_stages(WF))
            status = draw(st.sampled_from(statuses))
            steps.append(("release", (draw(st.sampled_from(["R1", "R2"])), status), day))
        if WF.state(s.stage).terminal:  # type: ignore[union-attr]
            break
    return steps


def _move(gf: Govflow, ref: str, args: tuple[Any, ...], day: dt.date) -> None:
    trigger, outcome, solution = args
    which = None if solution is None else solution.replace("MP", ref)
    gf.advance(ref, trigger, on=day, outcome=outcome, solution=which)


def _do(gf: Govflow, ref: str, step: Step) -> None:
    what, args, day = step
    calls: dict[str, Callable[[], object]] = {
        "move": lambda: _move(gf, ref, args, day),
        "milestone": lambda: gf.record(ref, args[0], on=day),
        "vote": lambda: gf.vote(ref, TALLIES[args[0]], on=day),
        "alternative": lambda: gf.raise_alternative(ref, letter="A", title="fictional", on=day),
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
        for entry in waiting:
            try:
                _do(gf, ref, entry)
            except GovflowError:
                refused.append(entry)
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
    return _anonymous(view, ref)


def _anonymous(data: Any, ref: str) -> Any:
    """``data`` with the proposal's reference written ``REF`` (solutions name it: MP901A)."""
    if isinstance(data, dict):
        return {k: _anonymous(v, ref) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_anonymous(v, ref) for v in data]
    return data.replace(ref, "REF") if isinstance(data, str) else data


def _history(gf: Govflow, ref: str, day: dt.date) -> list[tuple[Any, ...]]:
    return [
        (e.kind, e.trigger, e.milestone, e.to_stage, e.occurred_on, e.payload.get("status"))
        for e in gf.history(ref, as_of=day)
    ]


def _register_csv(gf: Govflow, day: dt.date, *refs: str) -> list[str]:
    """Each proposal's rows of the register's CSV export, under its header (one export)."""
    out = io.StringIO()
    gf.export_register(out, "csv", as_of=day)
    header, *rows = out.getvalue().splitlines()
    return [
        "\n".join([header, *(r.partition(",")[2].replace(ref, "REF") for r in rows
                             if r.startswith(ref))])
        for ref in refs
    ]  # fmt: skip


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=histories(), data=st.data())
def test_any_order_of_recording_gives_the_same_proposal(
    new_gf: NewGovflow, steps: list[Step], data: st.DataObject
) -> None:
    with new_gf() as gf:  # a database of its own: the register replays every amended proposal
        _same_either_way(gf, steps, data)


def _same_either_way(gf: Govflow, steps: list[Step], data: st.DataObject) -> None:
    first, second = (f"MP{next(_numbers)}" for _ in range(2))
    for ref in (first, second):
        gf.raise_proposal(ref, title="fictional", on=START)
    for entry in steps:
        _do(gf, first, entry)
    order = data.draw(st.permutations(range(len(steps))))
    assume(_record_shuffled(gf, second, steps, order))
    days = sorted({START, *(day for _, _, day in steps)})
    for day in [*days, days[-1] + dt.timedelta(days=400)]:
        assert _proposal(gf, first, day) == _proposal(gf, second, day), day
        assert _history(gf, first, day) == _history(gf, second, day), day
        rows = {r.reference: r.to_dict() for r in gf.register(as_of=day)}
        mine, theirs = _anonymous(rows[first], first), _anonymous(rows[second], second)
        assert mine == theirs, day
        mine_csv, theirs_csv = _register_csv(gf, day, first, second)
        assert mine_csv == theirs_csv, day
    assert gf.verify() == []


def test_a_move_entered_before_its_earlier_route_gives_the_register_the_same_body(
    gf: Govflow,
) -> None:
    """Found by the property above: a fictional MP sent to the Report Phase, entered before the
    route dated earlier, said "body not on record" in the register where the same entries made
    in date order named the route's body; then (found again after the register named the body)
    the route's body was named only for the entries in date order."""
    steps: list[Step] = [
        ("route", (1,), dt.date(2021, 1, 23)),
        ("proposer", ("DCC",), dt.date(2021, 2, 22)),
        ("move", ("send_to_report", None, None), dt.date(2021, 2, 23)),
    ]
    first, second = (f"MP{next(_numbers)}" for _ in range(2))
    for ref in (first, second):
        gf.raise_proposal(ref, title="fictional", on=START)
    for entry in steps:
        _do(gf, first, entry)
    assert _record_shuffled(gf, second, steps, [2, 1, 0])
    rows = {r.reference: r for r in gf.register(as_of=dt.date(2021, 2, 23))}
    assert rows[first].body_on_record and rows[second].body_on_record
    assert rows[first].decided_by == rows[second].decided_by == "PANEL"
