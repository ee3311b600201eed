"""The portfolio shares plans and route searches between proposals alike
(``planning/shared.py``): each line must be what planning that proposal alone gives. A varied
fictional portfolio (MP920-MP959, invented numbers): five stages, Path 1, 2, 3 or none, each
moved on days of its own, so that some windows end before the day planned from, one on it and
others after it."""

from __future__ import annotations

import dataclasses
import datetime as dt

from govflow.planning.portfolio import row_of
from govflow.service import Govflow
from tests.plan_kit import timetable, varied

TODAY = dt.date(2021, 10, 22)


def test_the_portfolio_gives_what_planning_each_proposal_alone_gives(gf: Govflow) -> None:
    timetable(gf)
    varied(gf, 920, 40, lambda i: dt.date(2021, 9, 1) + dt.timedelta(days=i), lambda i: 2, "test")
    lines = gf.plan_portfolio(today=TODAY)
    assert len(lines) == 41  # the forty and the release holder
    open_windows = [d for p in gf.proposals() for d in gf.deadlines(p.reference)]
    due = {(d.due_on > TODAY) - (d.due_on < TODAY) for d in open_windows}
    assert due == {-1, 0, 1}  # windows ending before, on and after the day planned from
    for line in lines:
        target = [line.target] if line.target else []
        alone = gf.plan(line.reference, today=TODAY, target=target)
        found = row_of(alone, line.target, line.raised_on)
        assert dataclasses.asdict(found) == dataclasses.asdict(line), line.reference
