"""``govflow plan``: one proposal's plan (what-if, target, as of), and the portfolio, over the
fictional timetable of tests/plan_kit.py (MP902, MP903)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from typer.testing import Result

from govflow.service import Govflow
from tests.plan_kit import in_refinement, timetable

Invoke = Callable[..., Result]


@pytest.fixture
def planned(gf: Govflow) -> Govflow:
    timetable(gf)
    in_refinement(gf)
    return gf


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_plan_shows_each_step_with_its_date_and_reason(planned: Govflow, cli: Invoke) -> None:
    result = cli("plan", "MP902", "--on", "2021-12-08", "--target", "June 2022",
                 "--target", "November 2022")  # fmt: skip
    assert result.exit_code == 0, result.output
    out = _flat(result.stdout)
    assert "MP902 (Refinement Process), planned from 2021-12-08" in out
    assert "2022-01-21 Refinement Process → Report Phase (send_to_report) PANEL_102" in out
    assert "2022-03-23 (assumed) Change Board approved (approve) [decision] CB@2022-03-23" in out
    assert ("2022-11-03 (assumed) Pending Implementation → Implemented (implement) [live] "
            "November 2022") in out  # fmt: skip
    assert ("Target June 2022 (2022-06-30), path 3: out of reach: Change Board approved makes it "
            "late by 58") in out  # fmt: skip
    assert "Target November 2022 (2022-11-03), path 3: reachable." in out


def test_plan_if_writes_nothing(planned: Govflow, cli: Invoke) -> None:
    before = planned.history("MP902")
    result = cli("plan", "MP902", "--on", "2021-12-08", "--json",
                 "--if", "refinement_consultation_closed on 30 December 2021",
                 "--if", "send_to_report on 21 January 2022")  # fmt: skip
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["stage"] == "report" and found["start"] == "2022-01-21"
    assert found["routes"][0]["steps"][0]["name"] == "mrc_opened"
    assert found["assumed"][1] == "send_to_report on 2022-01-21"  # as typed, in the JSON
    said = cli("plan", "MP902", "--on", "2021-12-08",
               "--if", "refinement_consultation_closed on 30 December 2021",
               "--if", "send_to_report on 21 January 2022").stdout  # fmt: skip
    assert "MP902 (Report Phase), planned from 2022-01-21" in said
    assert ("what if: Refinement Consultation closed (refinement_consultation_closed) on "
            "2021-12-30 (not written)") in said  # fmt: skip
    assert "what if: to Report Phase (send_to_report) on 2022-01-21 (not written)" in said
    assert planned.history("MP902") == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["MP902", "--if", "send_to_report on 21 January 2022"], 1,
         "The rules refuse it: the Refinement Consultation has not closed"),
        (["MP902", "--if", "soon"], 1, "is not a what-if step"),
        (["MP902", "--target", "Summer 2031"], 1, "no release named 'Summer 2031'"),
        (["MP902", "--all"], 2, "name one proposal, or give --all"),
        ([], 2, "name one proposal, or give --all"),
        (["--all", "--target", "June 2022"], 2, "--if and --target plan one proposal"),
        (["--all", "--sort", "size"], 2, "sort by reference, next, live, risk"),
        (["MP999"], 1, "MP999"),
    ],
    ids=["refused-what-if", "bad-what-if", "unknown-release", "ref-and-all", "neither",
         "all-with-target", "bad-sort", "unknown-proposal"],
)  # fmt: skip
def test_plan_refuses_what_it_cannot_plan(
    planned: Govflow, cli: Invoke, args: list[str], code: int, message: str
) -> None:
    result = cli("plan", *args, "--on", "2021-12-08")
    assert result.exit_code == code, result.output
    assert message in _flat(result.output)


def test_plan_all_lists_every_open_proposal(planned: Govflow, cli: Invoke) -> None:
    result = cli("plan", "--all", "--on", "2021-12-08", "--csv", "--sort", "risk")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == ("proposal,stage,path,next step,earliest,decision,live,release,target,"
                        "at risk")  # fmt: skip
    assert lines[1:] == [
        "MP903,Initial Consideration,3,Initial Consideration → Report Phase,2022-01-07,2022-03-23,"
        "2022-11-03,November 2022,November 2022,no",
        "MP902,Refinement Process,3,Refinement Consultation closed,2021-12-30,2022-03-23,"
        "2022-11-03,November 2022,,",
    ]


def test_plan_as_of_a_day_before_the_consultation(planned: Govflow, cli: Invoke) -> None:
    result = cli("plan", "MP902", "--as-of", "2021-11-01", "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["as_of"] == "2021-11-01"
    assert found["routes"][0]["steps"][0]["name"] == "refinement_consultation_opened"
