"""A view built the fast way (the register builds thousands) is the view its constructor makes:
equal, hashed alike, frozen, the same JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from govflow.views import RegisterRow, ReleaseLink, new_view


def test_a_view_built_fast_is_the_constructed_one() -> None:
    values = {
        "reference": "MP950", "title": "Invented", "proposer": "SECAS", "workflow": "sec",
        "path": 2, "stage": "report", "stage_since": dt.date(2021, 5, 25),
        "last_decision": "send_to_report", "last_decision_on": dt.date(2021, 5, 25),
        "last_meeting": "CSC_38", "releases": (ReleaseLink("November 2021", None, "targeted"),),
        "stage_since_precision": "day", "outcome": None, "solution": None, "solutions": (),
        "standing": (), "vote": None, "body_on_record": False, "decided_by": "CB",
        "moving": "may already be in Report Phase: moved on or before 2021-06-01",
    }  # fmt: skip
    built, made = new_view(RegisterRow, values), RegisterRow(**values)
    assert set(values) == {f.name for f in dataclasses.fields(RegisterRow)}
    assert (built, hash(built), built.to_dict(), repr(built)) == (
        made,
        hash(made),
        made.to_dict(),
        repr(made),
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.stage = "withdrawn"  # type: ignore[misc]
