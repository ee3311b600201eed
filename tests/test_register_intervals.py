"""The register on a day inside the interval of a move known only as "by" a day, a month or
between two days (issue 24): the stage last known for certain, and that the proposal may already
have moved, and to where. The same whether the proposal is read with SQL (entered in date
order) or replayed from its facts (entered late). MP93x proposals and their dates are fictional.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from govflow.service import Govflow

MAY = "may already be in Refinement Process: moved on or before 2020-06-03"


def _row(gf: Govflow, ref: str, day: str) -> tuple[str, str | None]:
    (row,) = [r for r in gf.register(as_of=day) if r.reference == ref]
    return row.stage, row.moving


@pytest.mark.parametrize("late", [False, True], ids=["in-date-order", "entered-late"])
def test_a_move_by_a_day_leaves_the_days_before_it_uncertain(gf: Govflow, late: bool) -> None:
    gf.raise_proposal("MP931", title="A fictional proposal", on="2020-03-24")
    if late:  # a later move entered first: the proposal is replayed from its facts
        gf.advance("MP931", to="report", on="2020-09-01")
        gf.advance("MP931", to="refinement", on="by 2020-06-03")
    else:
        gf.advance("MP931", to="refinement", on="by 2020-06-03")
        gf.advance("MP931", to="report", on="2020-09-01")
    assert _row(gf, "MP931", "2020-04-01") == ("initial_consideration", MAY)
    assert _row(gf, "MP931", "2020-06-02") == ("initial_consideration", MAY)
    assert _row(gf, "MP931", "2020-06-03") == ("refinement", None)  # counted from its last day
    assert _row(gf, "MP931", "2020-08-31") == ("refinement", None)  # the next move is on a day
    (row,) = [r for r in gf.register(as_of="2020-06-02") if r.reference == "MP931"]
    assert row.under_stage() == (MAY,)
    out = io.StringIO()
    gf.export_register(out, "csv", as_of="2020-06-02")
    (line,) = [r for r in csv.DictReader(io.StringIO(out.getvalue())) if r["reference"] == "MP931"]
    assert (line["stage"], line["moving"]) == ("initial_consideration", MAY)


def test_a_move_in_a_month_is_uncertain_from_the_months_first_day_only(gf: Govflow) -> None:
    gf.raise_proposal("MP932", title="A fictional proposal", on="2020-03-24")
    gf.advance("MP932", to="refinement", on="June 2020")
    assert _row(gf, "MP932", "2020-05-31") == ("initial_consideration", None)
    in_june = "may already be in Refinement Process: moved in June 2020"
    assert _row(gf, "MP932", "2020-06-10") == ("initial_consideration", in_june)
    assert _row(gf, "MP932", "2020-07-01") == ("refinement", None)


def test_a_solution_decided_by_a_day_says_so(gf: Govflow) -> None:
    """A fictional MP934 whose alternative was approved on a day not on record, only "by"
    2021-05-26: each solution's standing gives the bound, not a day."""
    gf.raise_proposal("MP934", title="A fictional proposal", on="2020-03-24")
    gf.advance("MP934", to="refinement", on="2020-06-03")
    gf.raise_alternative("MP934", letter="A", title="A fictional alternative", on="2020-09-30")
    gf.advance("MP934", to="approved", on="by 2021-05-26", outcome="approve", solution="MP934A")
    (chosen,) = [s for s in gf.proposal("MP934").standing if s.reference == "MP934A"]
    assert (chosen.decided_on, chosen.decided_on_precision) == (
        dt.date(2021, 5, 26), "on_or_before")  # fmt: skip
    assert chosen.text().endswith("on or before 2021-05-26)")
    assert "on 2021-05-26" not in chosen.text()
    (row,) = [r for r in gf.register(as_of="2021-06-01") if r.reference == "MP934"]
    assert any("on or before 2021-05-26" in s for s in row.standing)
