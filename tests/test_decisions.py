"""Decisions as the record keeps them: votes with their tally, directions, alternatives.

MP9xx and FP9xx proposals, their dates and tallies are fictional. MP922's raise date
(24 March 2020) and that MP922A is its alternative are from the public record (the SECAS
register, as the domain brief gives it); nothing else about MP922 is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

import govflow
from govflow.errors import InvalidInput, TransitionNotAllowed
from govflow.service import Govflow

FIXTURE = Path(__file__).parent / "fixtures" / "workflows" / "vote-rules.yaml"
FOR_ALL = {
    "Large Supplier": {"for": 9, "against": 2, "abstain": 1, "absent": 1},
    "Small Supplier": {"for": 2, "against": 1},
    "Network Party": {"for": 3, "against": 0},
    "Other SEC Party": {"for": 2, "against": 1},
    "Consumer Representative": {"for": 1, "against": 0},
}
SMALL_AGAINST = {**FOR_ALL, "Small Supplier": {"for": 1, "against": 2}}


def _at_change_board(gf: Govflow, reference: str, path: int) -> None:
    gf.raise_proposal(
        reference, title="A fictional proposal", on="2021-05-03", path=path,
        stage="change_board", override="a fictional record starting at the Change Board",
    )  # fmt: skip


@pytest.fixture
def fixture_gf(db_url: str) -> Iterator[Govflow]:
    """A service that also knows the fictional vote-rules workflow."""
    service = govflow.open_db(db_url, workflows=[FIXTURE])
    yield service
    service.close()


def test_a_vote_stores_its_tally_and_the_outcome_its_rule_gives(gf: Govflow) -> None:
    _at_change_board(gf, "MP970", 3)
    change = gf.vote("MP970", SMALL_AGAINST, on="2021-05-26")
    (event,) = [e for e in gf.history("MP970") if e.seq == change.seqs[0]]
    assert event.milestone == "change_board_vote"
    vote = event.payload["vote"]
    assert (vote["outcome"], vote["rule"], vote["reason"]) == (
        "reject",
        "majority_in_each",
        "no majority for in Small Supplier (1 for, 2 against)",
    )
    assert vote["tally"]["Large Supplier"] == {"for": 9, "against": 2, "abstain": 1, "absent": 1}
    assert vote["tally"]["Small Supplier"]["abstain"] == 0
    assert gf.proposal("MP970").vote == "reject"


def test_the_vote_gates_the_decision_that_follows(gf: Govflow) -> None:
    _at_change_board(gf, "MP971", 3)
    gf.vote("MP971", SMALL_AGAINST, on="2021-05-26")
    with pytest.raises(TransitionNotAllowed) as refused:
        gf.advance("MP971", "approve", on="2021-05-26")
    assert refused.value.reasons == ["the Change Board's vote on record went against it"]
    gf.advance("MP971", "reject", on="2021-05-26")
    shown = gf.proposal("MP971")
    assert [(d.trigger, d.body, d.outcome) for d in shown.decisions] == [("reject", "CB", "reject")]


def test_a_recommendation_goes_the_way_the_vote_went_and_says_so_everywhere(gf: Govflow) -> None:
    _at_change_board(gf, "MP972", 2)
    gf.vote("MP972", FOR_ALL, on="2021-05-26")
    gf.advance("MP972", "recommend", on="2021-05-26")
    gf.advance("MP972", "reject", on="2021-07-01")  # the Authority decides against it
    decisions = [(d.trigger, d.body, d.outcome) for d in gf.proposal("MP972").decisions]
    assert decisions == [("recommend", "CB", "approve"), ("reject", "AUTHORITY", "reject")]
    row = next(r for r in gf.register(as_of="2021-06-15") if r.reference == "MP972")
    assert (row.last_decision, row.outcome) == ("recommend", "approve")
    row = next(r for r in gf.register(as_of="2021-07-01") if r.reference == "MP972")
    assert (row.last_decision, row.outcome) == ("reject", "reject")
    out = io.StringIO()
    gf.export_register(out, "md", as_of="2021-06-15")
    assert "Change Board recommended approval on 2021-05-26" in out.getvalue()
    out = io.StringIO()
    gf.export_register(out, "md", as_of="2021-07-01")
    assert "| The Authority (Ofgem) rejected on 2021-07-01 |" in out.getvalue()


def test_a_recommendation_with_no_vote_on_record_says_which_way(gf: Govflow) -> None:
    _at_change_board(gf, "MP973", 2)
    gf.advance("MP973", "recommend", on="2021-05-26", outcome="reject")
    assert gf.proposal("MP973").decisions[0].outcome == "reject"


def test_a_recommendation_whose_direction_is_not_on_record_states_none(gf: Govflow) -> None:
    _at_change_board(gf, "MP976", 2)
    change = gf.advance("MP976", "recommend", on="2021-05-26")  # no vote, no direction given
    assert change.stage == "authority_decision"
    assert "outcome" not in gf.history("MP976")[-1].payload
    assert gf.proposal("MP976").decisions == ()  # nothing is said of which way it went
    assert gf.verify() == []


def test_a_recommendation_against_the_vote_needs_an_override(gf: Govflow) -> None:
    _at_change_board(gf, "MP974", 2)
    gf.vote("MP974", FOR_ALL, on="2021-05-26")
    with pytest.raises(TransitionNotAllowed, match="the vote on record went approve, not reject"):
        gf.advance("MP974", "recommend", on="2021-05-26", outcome="reject")
    gf.advance("MP974", "recommend", on="2021-05-26", outcome="reject", override="a fictional case")
    last = gf.history("MP974")[-1]
    assert last.payload["waived"] == ["the vote on record went approve, not reject"]


def test_a_rejection_recommendation_routes_where_the_workflow_says(fixture_gf: Govflow) -> None:
    fixture_gf.raise_proposal("FP901", title="A fictional proposal", on="2021-01-04")
    fixture_gf.advance("FP901", "send_to_board", on="2021-02-01")
    fixture_gf.vote("FP901", {"Large Supplier": {"for": 2, "against": 5}}, on="2021-02-10")
    change = fixture_gf.advance("FP901", "recommend", on="2021-02-10")
    assert change.stage == "panel_review"
    fixture_gf.raise_proposal("FP902", title="A fictional proposal", on="2021-01-04")
    fixture_gf.advance("FP902", "send_to_board", on="2021-02-01")
    fixture_gf.vote("FP902", {"Large Supplier": {"for": 5, "against": 2}}, on="2021-02-10")
    assert fixture_gf.advance("FP902", "recommend", on="2021-02-10").stage == "authority_decision"


def test_a_tie_under_a_simple_majority_takes_the_chairs_casting_vote(fixture_gf: Govflow) -> None:
    fixture_gf.raise_proposal("FP903", title="A fictional proposal", on="2021-01-04")
    with pytest.raises(InvalidInput, match="needs the chair's casting vote"):
        fixture_gf.vote("FP903", {"Members": {"for": 3, "against": 3}}, milestone="rec_vote")
    fixture_gf.vote(
        "FP903", {"Members": {"for": 3, "against": 3}}, milestone="rec_vote", casting="approve",
        on="2021-01-05",
    )  # fmt: skip
    assert fixture_gf.proposal("FP903").vote == "approve"


def test_a_vote_entered_late_gates_the_history_as_it_happened(gf: Govflow) -> None:
    _at_change_board(gf, "MP975", 3)
    gf.advance("MP975", "approve", on="2021-05-26")
    with pytest.raises(TransitionNotAllowed) as refused:
        gf.vote("MP975", SMALL_AGAINST, on="2021-05-20")
    assert "would make event 2 ('approve' on 2021-05-26) impossible" in str(refused.value)
    gf.vote("MP975", FOR_ALL, on="2021-05-20")
    assert gf.proposal("MP975").vote == "approve"
    assert gf.verify() == []


# -- an alternative solution, from raising it to the decision on one solution --------------------


def test_an_alternative_from_refinement_to_the_authoritys_choice_of_one_solution(
    gf: Govflow,
) -> None:
    gf.raise_proposal("MP980", title="A fictional Path 2 proposal", on="2021-01-11", path=2)
    gf.advance("MP980", "start_refinement", on="2021-02-12")
    gf.raise_alternative("MP980A", title="A fictional alternative", on="2021-03-03", actor="WG")
    shown = gf.proposal("MP980A")  # the alternative resolves to its proposal's record
    assert (shown.reference, shown.solutions) == ("MP980", ("MP980", "MP980A"))
    gf.record("MP980A", "refinement_consultation_opened", on="2021-03-08")  # one consultation
    gf.record("MP980", "refinement_consultation_closed", on="2021-03-26")
    gf.advance("MP980", "send_to_report", on="2021-04-16")
    gf.record("MP980", "mrc_opened", on="2021-04-19", until="2021-05-10")
    gf.record("MP980", "mrc_closed", on="2021-05-10")
    gf.advance("MP980", "send_to_change_board", on="2021-05-11")
    gf.vote("MP980", FOR_ALL, on="2021-05-26", solution="MP980A")
    gf.advance("MP980", "recommend", on="2021-05-26", solution="MP980A")
    with pytest.raises(InvalidInput, match="'MP980B' is not a solution of MP980"):
        gf.advance("MP980", "approve", on="2021-08-02", solution="MP980B")
    gf.advance("MP980A", "approve", on="2021-08-02", solution="MP980A")
    decided = [(d.trigger, d.outcome, d.solution) for d in gf.proposal("MP980").decisions]
    assert decided == [("recommend", "approve", "MP980A"), ("approve", "approve", "MP980A")]
    (row,) = [r for r in gf.register(as_of="2021-08-02") if r.reference.startswith("MP980")]
    assert (row.reference, row.stage, row.solutions, row.solution) == (
        "MP980",
        "approved",
        ("MP980", "MP980A"),
        "MP980A",
    )
    out = io.StringIO()
    gf.export_register(out, "csv", as_of="2021-08-02")
    last = list(csv.DictReader(io.StringIO(out.getvalue())))[-1]
    assert (last["outcome"], last["solution"], last["solutions"]) == (
        "approve",
        "MP980A",
        "MP980 MP980A",
    )
    assert last["standing"].startswith(
        "MP980: not approved | MP980A: approved (vote approve [Large Supplier 9-2-1-1;"
    )
    before = next(r for r in gf.register(as_of="2021-03-01") if r.reference == "MP980")
    assert before.solutions == ()  # the alternative was raised on 3 March
    assert {e.kind for e in gf.history("MP980A")} >= {"alternative", "milestone", "transition"}
    assert gf.verify() == []


def test_mp922a_resolves_to_the_solution_within_mp922s_record(gf: Govflow) -> None:
    # Public record: MP922 raised 24 March 2020; MP922A is its alternative and keeps its raise
    # date. The alternative's own date is not on our record: it is only known to be "by" today.
    gf.raise_proposal("MP922", title="(title not in our sources)", on="2020-03-24")
    today = dt.datetime.now(dt.UTC).date()
    gf.raise_alternative("MP922", letter="A", title="(title not in our sources)",
                         on=f"by {today.isoformat()}")  # fmt: skip
    alternative = gf.proposal("MP922A")
    assert (alternative.reference, alternative.raised_on) == ("MP922", dt.date(2020, 3, 24))
    assert alternative.solutions == ("MP922", "MP922A")
    assert "MP922A" in alternative.aliases
    with pytest.raises(TransitionNotAllowed, match="alternative A was already raised"):
        gf.raise_alternative("MP922A", title="again", on=f"by {today.isoformat()}")


def test_an_alternative_raised_as_a_proposal_of_its_own_in_an_old_database_stays_one(
    gf: Govflow,
) -> None:
    gf.raise_proposal("MP981", title="A fictional proposal", on="2021-01-11", path=2)
    gf.raise_proposal("MP981A", title="A fictional alternative, as old databases kept it",
                      on="2021-01-11", path=2)  # fmt: skip
    with pytest.raises(InvalidInput, match="MP981A is already a proposal of its own"):
        gf.raise_alternative("MP981A", title="again", on="2021-02-01")
    assert gf.proposal("MP981A").reference == "MP981A"


# -- who decides ---------------------------------------------------------------------------------


def test_a_move_at_the_wrong_committees_meeting_is_refused(gf: Govflow) -> None:
    gf.add_meeting("OPSG_901", on="2021-05-26")  # fictional meetings
    gf.add_meeting("CB_901", on="2021-05-26")
    _at_change_board(gf, "MP990", 3)
    with pytest.raises(TransitionNotAllowed) as refused:
        gf.advance("MP990", "approve", meeting="OPSG_901")
    assert refused.value.reasons == [
        "'approve' is decided by CB, and OPSG_901 is a meeting of OPSG"
    ]
    gf.advance("MP990", "approve", meeting="CB_901")
    _at_change_board(gf, "MP991", 3)
    gf.advance("MP991", "approve", meeting="OPSG_901", override="fictional: noted at OPSG")
    assert gf.history("MP991")[-1].payload["waived"] == [
        "'approve' is decided by CB, and OPSG_901 is a meeting of OPSG"
    ]


@pytest.mark.parametrize("committee", ["CSC", "PANEL"])
def test_either_the_csc_or_the_panel_may_convert_a_draft(gf: Govflow, committee: str) -> None:
    gf.add_meeting(f"{committee}_902", on="2021-03-23")  # a fictional meeting
    gf.raise_proposal("DP992", title="A fictional draft", on="2021-03-01", stage="development")
    assert gf.advance("DP992", "convert", meeting=f"{committee}_902").reference == "MP992"


def test_a_withdrawal_can_be_noted_at_any_meeting(gf: Govflow) -> None:
    gf.add_meeting("CSC_903", on="2021-05-25")  # a fictional meeting
    gf.raise_proposal("DP993", title="A fictional draft", on="2021-03-01", stage="development")
    assert gf.advance("DP993", "withdraw", meeting="CSC_903").stage == "withdrawn"


def test_a_correction_cannot_move_a_decision_to_another_committees_meeting(gf: Govflow) -> None:
    gf.add_meeting("OPSG_904", on="2021-05-26")  # a fictional meeting
    _at_change_board(gf, "MP994", 3)
    change = gf.advance("MP994", "approve", on="2021-05-26")
    with pytest.raises(TransitionNotAllowed, match="OPSG_904 is a meeting of OPSG"):
        gf.correct("MP994", change.seqs[0], changes={"meeting": "OPSG_904"}, note="wrong")


# -- releases consistent with the stage ----------------------------------------------------------


def test_implement_waits_for_the_targeted_release_and_a_moved_target_is_retargeted(
    gf: Govflow,
) -> None:
    _at_change_board(gf, "MP995", 2)
    gf.advance("MP995", "recommend", on="2021-05-26", outcome="approve")
    gf.advance("MP995", "approve", on="2021-07-01")
    gf.release("MP995", "Fictional R1", release_date="2021-11-04", on="2021-07-02")
    gf.release("MP995", "Fictional R2", release_date="2022-06-30", on="2021-09-01",
               moved_from="Fictional R1")  # fmt: skip
    assert [(r.release, r.status) for r in gf.proposal("MP995").releases] == [
        ("Fictional R1", "retargeted"),
        ("Fictional R2", "targeted"),
    ]
    with pytest.raises(TransitionNotAllowed) as refused:
        gf.advance("MP995", "implement", on="2021-11-04")
    assert refused.value.reasons == [
        "the targeted release Fictional R2 is on 2022-06-30: 'implement' on 2021-11-04 comes "
        "before it"
    ]
    gf.advance("MP995", "implement", on="2022-06-30")
    assert gf.verify() == []


def test_a_release_is_implemented_only_for_an_approved_proposal(gf: Govflow) -> None:
    _at_change_board(gf, "MP996", 3)
    with pytest.raises(TransitionNotAllowed, match="implemented only for an approved proposal"):
        gf.release("MP996", "Fictional R1", status="implemented", on="2021-06-01")
    gf.advance("MP996", "approve", on="2021-05-26")
    gf.release("MP996", "Fictional R1", status="implemented", on="2021-06-01")
    with pytest.raises(TransitionNotAllowed, match="would make event 3"):
        gf.correct("MP996", 2, changes={"occurred_on": "2021-06-02"}, note="a later approval")


def test_the_timeline_says_which_way_each_decision_went(gf: Govflow) -> None:
    _at_change_board(gf, "MP997", 2)
    gf.vote("MP997", FOR_ALL, on="2021-05-26")
    gf.advance("MP997", "recommend", on="2021-05-26")
    out = io.StringIO()
    gf.export_timeline(out, "md", "MP997")
    text = out.getvalue()
    assert (
        "Change Board vote: approve (a majority for in every category that voted; Large Supplier"
        " 9-2-1-1; Small Supplier 2-1-0-0; Network Party 3-0-0-0; Other SEC Party 2-1-0-0;"
        " Consumer Representative 1-0-0-0)"
    ) in text  # the rule's reason, then the tally per category (for-against-abstain-absent)
    assert "Change Board recommended approval: Change Board → Authority Decision" in text
