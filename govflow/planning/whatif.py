"""What-if steps: ``send_to_report on 16 July 2021``, applied to a copy of the state through the
rule core (refused as a write would be), never written."""

from __future__ import annotations

import datetime as dt
import re

from govflow.dates import parse_date
from govflow.errors import InvalidInput, TransitionNotAllowed
from govflow.model import Event
from govflow.workflow.state import ProposalState
from govflow.workflow.step import step
from govflow.workflow.verdict import Rules

_FORM = re.compile(r"^\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+on\s+(?P<day>.+?)\s*$")


def parse_what_if(text: str) -> tuple[str, dt.date]:
    """(trigger or milestone, day) from ``NAME on DATE``."""
    found = _FORM.match(text)
    if found is None:
        raise InvalidInput(
            f"{text!r} is not a what-if step; write it as a trigger or milestone, 'on' and a "
            "date: send_to_report on 16 July 2021"
        )
    return found["name"], parse_date(found["day"], "what-if date")


def assume(
    rules: Rules, state: ProposalState, steps: list[tuple[str, dt.date]], start: dt.date
) -> tuple[ProposalState, dt.date]:
    """The state after ``steps`` (in date order, none before ``start``), each judged by the rule
    core as a write would be; the day to plan from after them."""
    for name, day in sorted(steps, key=lambda x: x[1]):
        if day < start:
            raise InvalidInput(f"the what-if step {name} on {day} comes before {start}, the day "
                               "the plan starts from")  # fmt: skip
        event = _event(rules, state, name, day)
        state, verdict = step(rules, state, event)
        if not verdict.allowed:
            raise verdict.error(f"What if {name} on {day}? The rules refuse it")
        start = day
    return state, start


def _event(rules: Rules, state: ProposalState, name: str, day: dt.date) -> Event:
    wf, machine = rules.of(state.version)
    if machine.knows(name):
        return Event(kind="transition", trigger=name, from_stage=state.stage, occurred_on=day)
    if wf.milestone(name) is not None:
        return Event(kind="milestone", milestone=name, occurred_on=day)
    raise TransitionNotAllowed(f"{name!r} is neither a trigger nor a milestone of {wf.name}", [])
