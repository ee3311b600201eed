"""Tallies under each voting rule, kept as data (tests/fixtures/workflows/vote-rules.yaml).

The fixture is a fictional code; its rules are those other GB codes use. Every tally is invented.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govflow.errors import InvalidInput, InvalidWorkflow
from govflow.workflow.loader import parse_workflow
from govflow.workflow.registry import Registry
from govflow.workflow.votes import Tally, Voting, checked_tally, decide

FIXTURE = Path(__file__).parent / "fixtures" / "workflows" / "vote-rules.yaml"
WF = Registry.from_paths([FIXTURE]).get("vote-rules")
SEC = Registry.shipped().get("sec-modification")


def _voting(body: str) -> Voting:
    found = WF.voting(body)
    assert found is not None
    return found


def _n(yes: int, no: int, abstain: int = 0, absent: int = 0) -> dict[str, int]:
    return {"for": yes, "against": no, "abstain": abstain, "absent": absent}


@pytest.mark.parametrize(
    ("tally", "outcome", "reason"),
    [
        ({"Large Supplier": _n(9, 2), "Small Supplier": _n(2, 1), "Network Party": _n(3, 0)},
         "approve", "a majority for in every category that voted"),
        ({"Large Supplier": _n(12, 1), "Small Supplier": _n(1, 2), "Network Party": _n(3, 0)},
         "reject", "no majority for in Small Supplier (1 for, 2 against)"),
        ({"Large Supplier": _n(6, 6), "Small Supplier": _n(3, 0)},
         "reject", "no majority for in Large Supplier (6 for, 6 against)"),
        ({"Large Supplier": _n(5, 1), "Small Supplier": _n(0, 0, 2, 1)},
         "approve", "a majority for in every category that voted"),
    ],
    ids=["every-category", "one-category-short", "tie-in-a-category", "a-category-abstains"],
)  # fmt: skip
def test_a_majority_in_each_category(tally: Tally, outcome: str, reason: str) -> None:
    result = decide(_voting("BOARD"), checked_tally(_voting("BOARD"), tally))
    assert (result.outcome, result.reason) == (outcome, reason)


@pytest.mark.parametrize(
    ("tally", "outcome", "reason"),
    [
        # Supplier 3/4 x2, Distributor 0/2 x1, Gas 1/2 x1: (1.5 + 0 + 0.5) / 4 = 0.5: not more
        ({"Supplier": _n(3, 1), "Distributor": _n(0, 2), "Gas Supplier": _n(1, 1)},
         "reject", "weighted share for 0.50, not more than 0.5"),
        # Supplier 4/4 x2, Distributor 0/2 x1, Gas 1/2 x1: (2 + 0 + 0.5) / 4 = 0.625
        ({"Supplier": _n(4, 0), "Distributor": _n(0, 2), "Gas Supplier": _n(1, 1)},
         "approve", "weighted share for 0.62, more than 0.5"),
        # a category that did not vote leaves the weights: Supplier only, 2/3
        ({"Supplier": _n(2, 1), "Distributor": _n(0, 0, 3)},
         "approve", "weighted share for 0.67, more than 0.5"),
    ],
    ids=["exactly-half", "heavier-category-carries", "category-not-voting"],
)  # fmt: skip
def test_weighted_votes_per_category(tally: Tally, outcome: str, reason: str) -> None:
    result = decide(_voting("PARTIES"), checked_tally(_voting("PARTIES"), tally))
    assert (result.outcome, result.reason) == (outcome, reason)


def test_a_simple_majority_and_the_chairs_casting_vote_on_a_tie() -> None:
    rec = _voting("REC")
    assert decide(rec, {"Members": _n(5, 4, 1)}).outcome == "approve"
    assert decide(rec, {"Members": _n(4, 5)}).outcome == "reject"
    with pytest.raises(InvalidInput) as tie:
        decide(rec, {"Members": _n(4, 4)})
    assert "a tie (4 for, 4 against) needs the chair's casting vote" in str(tie.value)
    cast = decide(rec, {"Members": _n(4, 4)}, casting="reject")
    assert (cast.outcome, cast.reason) == (
        "reject",
        "a tie (4 for, 4 against) decided by the chair's casting vote",
    )
    with pytest.raises(InvalidInput, match="a casting vote counts only on a tie"):
        decide(rec, {"Members": _n(5, 4)}, casting="reject")


def test_unanimity_is_broken_by_one_vote_against_not_by_abstentions() -> None:
    unanimous = _voting("ALL")
    assert decide(unanimous, {"Members": _n(7, 0, 2, 1)}).outcome == "approve"
    result = decide(unanimous, {"Members": _n(9, 1)})
    assert (result.outcome, result.reason) == ("reject", "not unanimous: Members voted against")


@pytest.mark.parametrize(
    ("tally", "message"),
    [
        ({"Large Suplier": _n(1, 0)},
         "unknown category 'Large Suplier' (did you mean 'Large Supplier'?)"),
        ({"Large Supplier": {"for": -1}}, "Large Supplier: for must be a whole number, 0 or more"),
        ({"Large Supplier": {"yes": 1}}, "Large Supplier: unknown count 'yes'"),
        ({"Large Supplier": _n(0, 0, 3)}, "no vote for or against was cast in the BOARD vote"),
        ({}, "a vote needs a tally by category"),
    ],
    ids=["unknown-category", "negative", "unknown-count", "nothing-cast", "empty"],
)  # fmt: skip
def test_a_tally_that_cannot_be_counted_is_refused(tally: Tally, message: str) -> None:
    board = _voting("BOARD")
    with pytest.raises(InvalidInput) as refused:
        decide(board, checked_tally(board, tally))
    assert message in str(refused.value)


def test_the_sec_change_board_votes_by_its_five_categories_under_an_unconfirmed_rule() -> None:
    cb = SEC.voting("CB")
    assert cb is not None
    assert cb.categories == (
        "Large Supplier",
        "Small Supplier",
        "Network Party",
        "Other SEC Party",
        "Consumer Representative",
    )
    assert cb.rule.kind == "majority_in_each"
    assert "UNCONFIRMED" in cb.note


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("rule: unanimity", "rule: unanimous",
         "votes.ALL.rule.kind: unknown rule 'unanimous' (did you mean 'unanimity'?)"),
        ("weights: {Supplier: 2, Distributor: 1, Gas Supplier: 1}", "weights: {Supplier: 2}",
         "votes.PARTIES.rule.weights: a weighted rule needs a weight for every category"),
        ("threshold: 0.5", "threshold: 2",
         "votes.PARTIES.rule.threshold: expected a share from 0 to below 1, got int 2"),
        ("vote: BOARD}", "vote: BORD}",
         "milestones.board_vote.vote: unknown voting body 'BORD' (did you mean 'BOARD'?)"),
        ("outcome: as_voted\n    requires:\n      - vote: approve",
         "outcome: as_vote\n    requires:\n      - vote: approve",
         "transitions[1].outcome: unknown outcome 'as_vote' (did you mean 'as_voted'?)"),
        ("- vote: reject", "- vote: rejected",
         "unknown outcome 'rejected' (did you mean 'reject'?)"),
    ],
    ids=["rule", "weights", "threshold", "vote-body", "outcome", "vote-requirement"],
)  # fmt: skip
def test_a_broken_vote_definition_is_named(old: str, new: str, problem: str) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(InvalidWorkflow) as broken:
        parse_workflow(text.replace(old, new, 1), "vote-rules.yaml")
    assert any(problem in p for p in broken.value.problems), broken.value.problems
