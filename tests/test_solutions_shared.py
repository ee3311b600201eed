"""One alternative shared by two records: Ofgem directed "CMP264/265 WACM4", one Workgroup
Alternative CUSC Modification of both CMP264 and CMP265, on 15 June 2017 (domain brief, from
Ofgem's and the Code Administrator's pages). Nothing else about CMP264 and CMP265 is in our
sources: their titles and every date before the decision are not, so their steps are recorded
"by" 1 March 2017 (the minded-to consultation began then, so the solutions were before Ofgem),
and no Panel vote is recorded for them. CMP96x records are fictional, with fictional dates.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from typer.testing import Result

from govflow.errors import TransitionNotAllowed, UnknownReference
from govflow.records.lookup import Lookup
from govflow.service import Govflow

Invoke = Callable[..., Result]
UNKNOWN = "(not in our sources)"


def _cmp264_265(gf: Govflow) -> None:
    for ref in ("CMP264", "CMP265"):
        gf.raise_proposal(ref, title=UNKNOWN, on="by 2017-03-01")
        gf.advance(ref, "send_to_workgroup", on="by 2017-03-01")
    gf.raise_alternative("CMP264/265 WACM4", title=UNKNOWN, on="by 2017-03-01")
    for ref in ("CMP264", "CMP265"):
        gf.advance(ref, to="authority_decision", on="by 2017-03-01")
    gf.advance("CMP264/265 WACM4", "approve", solution="CMP264/265 WACM4", on="2017-06-15",
               body="AUTHORITY")  # fmt: skip


def test_the_shared_wacm_is_decided_on_both_records(gf: Govflow) -> None:
    _cmp264_265(gf)
    for ref in ("CMP264", "CMP265"):
        shown = gf.proposal(ref)
        assert shown.stage == "awaiting_implementation"
        assert shown.solutions == (ref, "CMP264/265 WACM4")
        (decision,) = shown.decisions
        assert (decision.outcome, decision.solution, str(decision.on)) == (
            "approve", "CMP264/265 WACM4", "2017-06-15",
        )  # fmt: skip
        assert [(s.reference, s.status) for s in shown.standing] == [
            (ref, "not approved"), ("CMP264/265 WACM4", "awaiting_implementation"),
        ]  # fmt: skip
    assert gf.verify() == []


def test_the_shared_wacm_is_found_by_every_spelling(cli: Invoke, gf: Govflow) -> None:
    _cmp264_265(gf)
    assert gf.proposal("CMP265 WACM4").asked == "CMP264/265 WACM4"
    assert gf.proposal("CMP264/265 WACM4").reference == "CMP264"
    result = cli("proposal", "show", "CMP265 WACM4")
    assert result.exit_code == 0, result.output
    assert "this solution: CMP264/265 WACM4: awaiting_implementation" in result.stdout
    out = io.StringIO()
    gf.export_register(out, "csv", as_of="2017-06-15")
    assert out.getvalue().count("CMP264/265 WACM4: awaiting_implementation") == 2


def test_the_minded_to_consultation_on_cmp264_and_cmp265_is_on_the_record(gf: Govflow) -> None:
    _cmp264_265(gf)
    for ref in ("CMP264", "CMP265"):  # public record: from 1 March 2017 (domain brief)
        gf.record(ref, "minded_to_consultation", on="2017-03-01")
        shown = gf.proposal(ref, as_of="2017-04-01")
        assert (shown.workflow_version, shown.stage) == (2, "authority_decision")
        assert "minded_to_consultation" in shown.milestones
        assert gf.proposal(ref).stage == "awaiting_implementation"  # Ofgem decided on 15 June
    assert gf.verify() == []


@pytest.mark.parametrize(
    ("written", "number", "shared", "shown"),
    [("CMP264/265 WACM4", 264, (265,), "CMP264/265 WACM4"),
     ("CMP 264/265WACM4", 264, (265,), "CMP264/265 WACM4"),
     ("CMP264 WACM4", 264, (), "CMP264 WACM4")],
    ids=["as-ofgem-writes-it", "spaces-left-out", "one-record"],
)  # fmt: skip
def test_a_shared_reference_is_read(
    gf: Govflow, written: str, number: int, shared: tuple[int, ...], shown: str
) -> None:
    ref = Lookup(gf.registry).parse(written)
    assert (ref.number, ref.alternative, ref.shared, ref.display()) == (number, "4", shared, shown)
    found = list(Lookup(gf.registry).grammar.find(f"Ofgem directed {written} on 15 June 2017."))
    assert [r.shared for r in found] == [shared]


def _fictional_pair_in_workgroup(gf: Govflow) -> None:
    for ref in ("CMP966", "CMP967"):
        gf.raise_proposal(ref, title="A fictional CUSC modification", on="2021-01-07")
        gf.advance(ref, "send_to_workgroup", on="2021-01-29")
    gf.raise_alternative("CMP966/967 WACM1", title="A fictional shared WACM", on="2021-03-01")


def _fictional_pair(gf: Govflow, stage_of_second: str) -> None:
    _fictional_pair_in_workgroup(gf)
    gf.advance("CMP966", to="authority_decision", on="2021-06-25")
    gf.advance("CMP967", to=stage_of_second, on="2021-06-25")


def test_a_decision_one_of_the_records_cannot_take_is_written_on_neither(gf: Govflow) -> None:
    _fictional_pair(gf, "code_admin_consultation")
    with pytest.raises(TransitionNotAllowed, match="CMP967"):
        gf.advance("CMP966", "approve", solution="CMP966/967 WACM1", on="2021-09-01")
    assert gf.proposal("CMP966").stage == "authority_decision"  # nothing written
    assert gf.proposal("CMP967").decisions == ()


def test_a_decision_on_the_shared_wacm_by_one_records_spelling_is_on_both(gf: Govflow) -> None:
    _fictional_pair(gf, "authority_decision")
    gf.advance("CMP967", "approve", solution="CMP967 WACM1", on="2021-09-01")
    assert [gf.proposal(r).decisions[0].solution for r in ("CMP966", "CMP967")] == [
        "CMP966/967 WACM1", "CMP966/967 WACM1",
    ]  # fmt: skip


def test_a_shared_wacm_needs_both_records(gf: Govflow) -> None:
    gf.raise_proposal("CMP968", title="A fictional CUSC modification", on="2021-01-07")
    gf.advance("CMP968", "send_to_workgroup", on="2021-01-29")
    with pytest.raises(UnknownReference, match="CMP969"):
        gf.raise_alternative("CMP968/969 WACM1", title="A fictional WACM", on="2021-03-01")
    assert gf.proposal("CMP968").solutions == ()  # nothing written


def test_the_web_links_a_shared_wacm_to_a_page_that_answers(gf: Govflow) -> None:
    from govflow.web.links import Links
    from govflow.web.proposal_page import render_proposal

    _cmp264_265(gf)
    page = render_proposal(gf, "CMP265", Links())
    assert 'href="/proposals/CMP264%20WACM4"' in page  # the first record's spelling
    assert "CMP264/265 WACM4" in render_proposal(gf, "CMP264 WACM4", Links())


def _fictional_pair_before_the_panel(gf: Govflow) -> None:
    _fictional_pair_in_workgroup(gf)
    for ref in ("CMP966", "CMP967"):
        gf.advance(ref, to="panel_recommendation", on="2021-06-25")


@pytest.mark.parametrize(
    ("reference", "solution"),
    [("CMP966/967 WACM1", None), ("CMP967", "CMP967 WACM1"), ("CMP966", "WACM1")],
    ids=["by-the-shared-reference", "by-one-records-spelling", "by-its-label"],
)
def test_a_panel_vote_on_the_shared_wacm_is_on_both_records(
    gf: Govflow, reference: str, solution: str | None
) -> None:
    _fictional_pair_before_the_panel(gf)
    tally = {"Panel Members": {"for": 5, "against": 3}}
    gf.vote(reference, tally, solution=solution, on="2021-07-30")
    for ref in ("CMP966", "CMP967"):
        (vote,) = gf.proposal(ref).votes
        assert (vote.solution, vote.outcome, vote.tally, str(vote.on)) == (
            "CMP966/967 WACM1", "approve",
            {"Panel Members": {"for": 5, "against": 3, "abstain": 0, "absent": 0}}, "2021-07-30",
        )  # fmt: skip
        assert (
            dict((s.reference, s.vote) for s in gf.proposal(ref).standing)["CMP966/967 WACM1"]
            == "approve"
        )
    assert gf.verify() == []


def test_a_panel_vote_on_one_records_original_stays_on_that_record(gf: Govflow) -> None:
    _fictional_pair_before_the_panel(gf)
    gf.vote("CMP966", {"Panel Members": {"for": 2, "against": 6}}, solution="CMP966",
            on="2021-07-30")  # fmt: skip
    assert [v.solution for v in gf.proposal("CMP966").votes] == ["CMP966"]
    assert gf.proposal("CMP967").votes == ()


def test_a_milestone_on_the_shared_wacm_is_on_both_records(gf: Govflow) -> None:
    _fictional_pair_in_workgroup(gf)
    gf.record("CMP967 WACM1", "workgroup_meeting", on="2021-07-08")
    for ref in ("CMP966", "CMP967"):
        assert "workgroup_meeting" in gf.proposal(ref).milestones
    assert gf.verify() == []


def test_a_vote_one_of_the_records_cannot_take_is_written_on_neither(gf: Govflow) -> None:
    _fictional_pair(gf, "code_admin_consultation")  # CMP966 with the Authority: no Panel vote
    gf.advance("CMP967", "consider_final_report", override="fictional: no consultation",
               on="2021-07-01")  # fmt: skip
    with pytest.raises(TransitionNotAllowed, match="CMP966"):
        gf.vote("CMP967 WACM1", {"Panel Members": {"for": 5}}, on="2021-07-30")
    assert (gf.proposal("CMP966").votes, gf.proposal("CMP967").votes) == ((), ())
