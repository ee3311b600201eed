"""``govflow proposal vote|alternative`` and ``advance --outcome/--solution`` (fictional MP9xx)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from typer.testing import Result

from govflow.service import Govflow

Invoke = Callable[..., Result]


@pytest.fixture
def at_board(gf: Govflow) -> Govflow:
    """MP985 (fictional, Path 2) in Refinement, then at the Change Board."""
    gf.raise_proposal("MP985", title="A fictional proposal", on="2021-01-11", path=2)
    gf.advance("MP985", "start_refinement", on="2021-02-12")
    return gf


def test_vote_prints_the_outcome_and_show_says_it(cli: Invoke, at_board: Govflow) -> None:
    at_board.advance("MP985", to="change_board", on="2021-05-11")  # the steps between implied
    result = cli("proposal", "vote", "MP985", "--on", "2021-05-26",
                 "--tally", "Large Supplier=9,2,1,1", "--tally", "Small Supplier=1,2")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "MP985: vote: reject on 2021-05-26; stage Change Board (change_board)"
    )
    advanced = cli("proposal", "advance", "MP985", "recommend", "--on", "2021-05-26")
    assert advanced.exit_code == 0, advanced.output
    shown = cli("proposal", "show", "MP985")
    assert "vote:" in shown.stdout
    assert "decision:   Change Board recommended rejection, 2021-05-26" in shown.stdout
    data = json.loads(cli("proposal", "show", "MP985", "--json").stdout)
    assert (data["vote"], data["decisions"][0]["outcome"]) == ("reject", "reject")


@pytest.mark.parametrize(
    ("tally", "message"),
    [("Large Supplier", "write CATEGORY=FOR,AGAINST"), ("Large Supplier=9,x", "whole numbers")],
    ids=["no-counts", "not-a-number"],
)
def test_a_tally_that_cannot_be_read_is_a_misuse(
    cli: Invoke, at_board: Govflow, tally: str, message: str
) -> None:
    result = cli("proposal", "vote", "MP985", "--tally", tally)
    assert result.exit_code == 2
    assert message in result.stderr


def test_an_alternative_and_the_solution_decided(cli: Invoke, at_board: Govflow) -> None:
    raised = cli("proposal", "alternative", "MP985A", "--title", "Fictional alternative",
                 "--on", "2021-03-03")  # fmt: skip
    assert raised.exit_code == 0, raised.output
    assert raised.stdout.startswith("MP985: alternative raised on 2021-03-03")
    at_board.advance("MP985", to="change_board", on="2021-05-11")  # the steps between implied
    refused = cli("proposal", "advance", "MP985", "recommend", "--outcome", "approve",
                  "--solution", "MP985B", "--on", "2021-05-26")  # fmt: skip
    assert refused.exit_code == 1
    assert "'MP985B' is not a solution of MP985; its solutions: MP985, MP985A" in refused.stderr
    done = cli("proposal", "advance", "MP985A", "recommend", "--outcome", "approve",
               "--solution", "MP985A", "--on", "2021-05-26")  # fmt: skip
    assert done.exit_code == 0, done.output
    listed = cli("proposal", "list", "--as-of", "2021-05-26")
    assert "Change Board recommended approval of MP985A" in listed.stdout
