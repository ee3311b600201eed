"""A fictional timetable and history for the planner's tests (MP902, MP903: invented numbers),
and a varied portfolio (also used by ``benchmarks/bench_plan.py``).

Not a test module (no ``test_`` prefix). The PANEL's papers go out 6 working days ahead, the
CB's 5, and the CB meets on the 4th Wednesday of each month; releases June 2022 (a fictional
day, 30 June) and November 2022 (3 November).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from govflow.service import Govflow

PANEL = (("PANEL_101", "2022-01-07"), ("PANEL_102", "2022-01-21"), ("PANEL_103", "2022-02-18"))


def timetable(gf: Govflow) -> None:
    gf.update_committee("PANEL", paper_lead_days=6)
    gf.update_committee("CB", paper_lead_days=5, cadence="monthly 4th Wednesday")
    for code, day in PANEL:
        gf.add_meeting(code, on=day, status="planned")
    gf.add_meeting("CB_70", on="2022-01-26", status="planned")
    gf.raise_proposal("MP903", title="Fictional release holder", on="2021-09-01", path=3)
    gf.release("MP903", "June 2022", release_date="2022-06-30", on="2021-09-01")
    gf.release("MP903", "November 2022", release_date="2022-11-03", on="2021-09-01",
               moved_from="June 2022")  # fmt: skip


def in_refinement(gf: Govflow, path: int | None = 3) -> None:
    """MP902: raised 1 September 2021, Refinement from 1 October, its Refinement Consultation
    opened on 8 December 2021 (15 WD: it closes on 30 December, across Christmas)."""
    gf.raise_proposal("MP902", title="Fictional plan", on="2021-09-01", path=path)
    gf.advance("MP902", "start_refinement", on="2021-10-01", override=None if path else "test")
    gf.record("MP902", "refinement_consultation_opened", on="2021-12-08")


def as_it_happened(gf: Govflow) -> None:
    """MP902's history after 8 December 2021, as the plan of that day foresaw it."""
    gf.add_meeting("CB_72", on="2022-03-23")
    gf.record("MP902", "refinement_consultation_closed", on="2021-12-30")
    gf.advance("MP902", "send_to_report", on="2022-01-21", meeting="PANEL_102")
    gf.record("MP902", "mrc_opened", on="2022-01-21")
    gf.record("MP902", "mrc_closed", on="2022-02-10")
    gf.advance("MP902", "send_to_change_board", on="2022-02-18", meeting="PANEL_103")
    gf.advance("MP902", "approve", on="2022-03-23", meeting="CB_72")


STAGES = ("initial_consideration", "refinement", "report", "change_board", "approved")


def varied(
    gf: Govflow, first: int, n: int, day: Callable[[int], dt.date], gap: Callable[[int], int],
    reason: str,
) -> None:  # fmt: skip
    """MP{first}... (invented numbers) in varied states and routes: the i-th raised on
    ``day(i)`` in one of five stages (its consultation open in Refinement and the Report
    Phase), on Path 1, 2, 3 or none, each move ``gap(i)`` days after the one before (the moves
    the rules would refuse out of order made with ``reason`` as an override)."""
    for i in range(n):
        ref, path = f"MP{first + i}", (None, "1", "2", "3")[i % 4]
        stage = STAGES[(i // 4) % len(STAGES)]
        if path in ("1", "2") and stage in ("change_board", "approved"):
            path = "3"  # the Change Board decides Path 3 only
        on = day(i)
        later = [on + dt.timedelta(days=gap(i) * k) for k in range(1, 8)]
        gf.raise_proposal(ref, title="Fictional, varied", on=on, path=path, override=reason)
        if stage == "refinement":
            gf.advance(ref, "start_refinement", on=later[0], override=reason)
            gf.record(ref, "refinement_consultation_opened", on=later[1])
        if stage in ("report", "change_board", "approved"):
            gf.advance(ref, "send_to_report", on=later[0], override=reason)
            gf.record(ref, "mrc_opened", on=later[1])
        if stage in ("change_board", "approved"):
            gf.record(ref, "mrc_closed", on=later[4])
            gf.advance(ref, "send_to_change_board", on=later[5], override=reason)
        if stage == "approved":
            gf.advance(ref, "approve", on=later[6], override=reason)
