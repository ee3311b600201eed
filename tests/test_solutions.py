"""Every solution decided: the original and each alternative with its own votes, recommendation,
decision and status.

Public record used (as issue 25 and the domain brief state it, from the Joint Office's and
Ofgem's pages): UNC 0678 had alternatives 0678A to 0678J, Ofgem published its minded-to
consultation on them on 23 December 2019, and Ofgem approved 0678A on 28 May 2020. Nothing else
about 0678 is: its title, proposer and every other date are not in our sources, so its steps
before the decision are recorded "by" 23 December 2019 (the solutions were before Ofgem then),
and no Panel vote or recommendation is recorded for it. MP9xx and 09xx proposals, their dates
and tallies are fictional.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from govflow.errors import InvalidInput, TransitionNotAllowed
from govflow.service import Govflow

Invoke = Callable[..., Result]
WORKFLOWS = Path(__file__).resolve().parents[1] / "workflows"
LETTERS = "ABCDEFGHIJ"
FOR_ALL = {
    "Large Supplier": {"for": 9, "against": 2, "abstain": 1, "absent": 1},
    "Small Supplier": {"for": 2, "against": 1},
    "Network Party": {"for": 3, "against": 0},
}
AGAINST = {"Large Supplier": {"for": 2, "against": 9}, "Small Supplier": {"for": 1, "against": 2}}


def _unc_0678(gf: Govflow) -> None:
    """0678 and its ten alternatives, with Ofgem's approval of 0678A (28 May 2020)."""
    unknown = "(not in our sources)"
    gf.raise_proposal("0678", title=unknown, on="by 2019-12-23")
    gf.advance("0678", to="workgroup", on="by 2019-12-23")
    for letter in LETTERS:
        gf.raise_alternative(f"0678{letter}", title=unknown, on="by 2019-12-23")
    gf.advance("0678", to="authority_decision", on="by 2019-12-23")
    gf.advance("0678", "approve", on="2020-05-28", solution="0678A", actor="AUTHORITY")


def test_only_the_approved_alternative_of_0678_is_approved(gf: Govflow) -> None:
    _unc_0678(gf)
    shown = gf.proposal("0678J")
    assert shown.asked == "0678J"
    status = {s.reference: s.status for s in shown.standing}
    assert status["0678A"] == "awaiting_implementation"
    assert [r for r, s in status.items() if s != "not approved"] == ["0678A"]
    assert len(status) == 11  # the original and 0678A to 0678J
    approved = next(s for s in shown.standing if s.reference == "0678A")
    assert (approved.decided, approved.decided_by, str(approved.decided_on)) == (
        "approve", "AUTHORITY", "2020-05-28",
    )  # fmt: skip


def test_the_register_says_per_solution_before_and_after_28_may_2020(gf: Govflow) -> None:
    _unc_0678(gf)
    (before,) = gf.register(as_of="2020-05-27")
    assert before.stage == "authority_decision"
    assert all(s.endswith(": authority_decision") for s in before.standing)
    (after,) = gf.register(as_of="2020-05-28")
    assert after.solution == "0678A"
    assert after.standing[1].startswith("0678A: awaiting_implementation")
    assert "0678J: not approved" in after.standing and "0678: not approved" in after.standing
    out = io.StringIO()
    gf.export_register(out, "jsonl", as_of="2020-05-28")
    assert "0678J: not approved" in out.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "md", "html"])
def test_every_register_export_says_per_solution_before_and_after_28_may_2020(
    gf: Govflow, fmt: str
) -> None:
    _unc_0678(gf)
    exported = {}
    for day in ("2020-05-27", "2020-05-28"):
        out = io.StringIO()
        gf.export_register(out, fmt, as_of=day)
        exported[day] = out.getvalue()
    assert "0678A: authority_decision" in exported["2020-05-27"]
    assert "0678A: awaiting_implementation" not in exported["2020-05-27"]
    assert "0678A: awaiting_implementation" in exported["2020-05-28"]
    assert "0678J: not approved" in exported["2020-05-28"]


def test_show_says_which_solution_and_its_status(cli: Invoke, gf: Govflow) -> None:
    _unc_0678(gf)
    result = cli("proposal", "show", "0678J")
    assert result.exit_code == 0, result.output
    assert "0678J: not approved" in result.stdout
    assert "0678A: awaiting_implementation" in result.stdout
    data = json.loads(cli("proposal", "show", "0678J", "--json").stdout)
    assert data["asked"] == "0678J" and data["standing"][1]["status"] == "awaiting_implementation"


def _mp_with_alternative(gf: Govflow, number: int) -> str:
    ref = f"MP{number}"
    gf.raise_proposal(ref, title="A fictional proposal", on="2021-01-11", path=2)
    gf.advance(ref, "start_refinement", on="2021-02-12")
    gf.raise_alternative(f"{ref}A", title="A fictional alternative", on="2021-03-03")
    gf.advance(ref, to="change_board", on="2021-05-11")
    return ref


def test_a_change_board_vote_per_solution_and_a_recommendation_per_solution(
    gf: Govflow,
) -> None:
    ref = _mp_with_alternative(gf, 991)
    gf.vote(ref, AGAINST, solution="MP991", on="2021-05-26")
    gf.vote(ref, FOR_ALL, solution="MP991A", on="2021-05-26")
    gf.advance(ref, "recommend", on="2021-05-26")
    shown = gf.proposal(ref)
    assert [(v.solution, v.outcome) for v in shown.votes] == [
        ("MP991", "reject"), ("MP991A", "approve"),
    ]  # fmt: skip
    assert shown.votes[1].tally is not None and shown.votes[1].tally["Network Party"]["for"] == 3
    assert [(s.reference, s.vote, s.recommended) for s in shown.standing] == [
        ("MP991", "reject", "reject"), ("MP991A", "approve", "approve"),
    ]  # fmt: skip
    (decision,) = shown.decisions
    assert (decision.outcome, decision.solution) == ("approve", "MP991A")


def test_a_decision_on_a_solution_follows_that_solutions_vote(gf: Govflow) -> None:
    ref = _mp_with_alternative(gf, 992)
    gf.vote(ref, FOR_ALL, solution="MP992", on="2021-05-26")
    gf.vote(ref, AGAINST, solution="MP992A", on="2021-05-26")
    with pytest.raises(TransitionNotAllowed, match="the vote on record went reject"):
        gf.advance(ref, "recommend", on="2021-05-26", solution="MP992A", outcome="approve")


def test_a_vote_on_a_record_with_alternatives_names_its_solution(gf: Govflow) -> None:
    ref = _mp_with_alternative(gf, 993)
    with pytest.raises(TransitionNotAllowed, match="a vote names the solution it is on"):
        gf.vote(ref, FOR_ALL, on="2021-05-26")


def test_a_tally_beyond_the_seats_is_refused(cli: Invoke, gf: Govflow) -> None:
    gf.raise_proposal("MP994", title="A fictional proposal", on="2021-01-11", path=2)
    gf.advance("MP994", to="change_board", on="2021-05-11")
    result = cli("proposal", "vote", "MP994", "--on", "2021-05-26",
                 "--tally", "Small Supplier=7,0")  # fmt: skip
    assert result.exit_code == 1
    assert "counts 7 in Small Supplier, which has 3 seats" in result.stderr
    assert gf.proposal("MP994").vote is None  # nothing written


def test_a_unanimous_vote_without_counts(cli: Invoke, gf: Govflow) -> None:
    gf.raise_proposal("MP995", title="A fictional proposal", on="2021-01-11", path=2)
    gf.advance("MP995", to="change_board", on="2021-05-11")
    result = cli("proposal", "vote", "MP995", "--on", "2021-05-26", "--unanimous")
    assert result.exit_code == 0, result.output
    history = cli("proposal", "history", "MP995")
    assert "Change Board vote: approve (unanimous" in history.stdout


def test_history_shows_each_votes_tally_and_solution(cli: Invoke, gf: Govflow) -> None:
    ref = _mp_with_alternative(gf, 996)
    gf.vote(ref, FOR_ALL, solution="MP996A", on="2021-05-26")
    history = cli("proposal", "history", ref)
    assert history.exit_code == 0, history.output
    assert "Change Board vote: approve on alternative A (" in history.stdout
    assert "Large Supplier 9-2-1-1" in history.stdout


@pytest.mark.parametrize(
    ("report", "fmt"),
    [("timeline", "csv"), ("timeline", "md"), ("timeline", "html"), ("audit", "md"),
     ("audit", "html")],
)  # fmt: skip
def test_every_export_shows_each_votes_solution_and_tally(
    gf: Govflow, report: str, fmt: str
) -> None:
    ref = _mp_with_alternative(gf, 989)
    gf.vote(ref, AGAINST, solution="MP989", on="2021-05-26")
    gf.vote(ref, FOR_ALL, solution="MP989A", on="2021-05-26")
    out = io.StringIO()
    if report == "timeline":
        gf.export_timeline(out, fmt, ref)
    else:
        gf.export_audit(out, fmt)
    text = out.getvalue()
    assert "reject on the original (" in text
    assert "Large Supplier 2-9-0-0; Small Supplier 1-2-0-0" in text
    assert "approve on alternative A (a majority for in every category that voted; Large" in text
    assert "Large Supplier 9-2-1-1; Small Supplier 2-1-0-0" in text


def test_the_web_page_shows_each_votes_solution_and_tally(gf: Govflow) -> None:
    from govflow.web.links import Links
    from govflow.web.proposal_page import render_proposal

    ref = _mp_with_alternative(gf, 988)
    gf.vote(ref, FOR_ALL, solution="MP988A", on="2021-05-26")
    page = render_proposal(gf, ref, Links())
    assert "approve on alternative A (a majority for in every category that voted; Large" in page
    assert "Large Supplier 9-2-1-1" in page


# -- when and by whom an alternative may be raised (the workflow's ``alternatives``) ----------
def test_a_unc_alternative_is_refused_before_the_workgroup_stage(gf: Govflow) -> None:
    gf.raise_proposal("0971", title="A fictional modification", on="2021-01-07")
    with pytest.raises(TransitionNotAllowed, match="an alternative is raised in workgroup"):
        gf.raise_alternative("0971A", title="A fictional alternative", on="2021-01-08")
    assert gf.proposal("0971").solutions == ()  # nothing written
    gf.raise_alternative("0971A", title="A fictional alternative", on="2021-01-08",
                         override="a fictional record: raised before the Workgroup")  # fmt: skip
    (event,) = [e for e in gf.history("0971") if e.kind == "alternative"]
    assert any("raised in workgroup" in w for w in event.payload["waived"])
    assert gf.verify() == []


def test_a_unc_alternative_is_raised_by_someone_other_than_the_proposer(gf: Govflow) -> None:
    gf.raise_proposal("0972", title="A fictional modification", on="2021-01-07",
                      proposer="Shipper One")  # fmt: skip
    gf.advance("0972", "send_to_workgroup", on="2021-01-21")
    with pytest.raises(TransitionNotAllowed, match="other than the proposer"):
        gf.raise_alternative("0972A", title="Fictional", on="2021-02-01", actor="shipper one")
    gf.raise_alternative("0972A", title="Fictional", on="2021-02-01", actor="Shipper Two")
    gf.raise_alternative("0972B", title="Fictional", on="2021-02-02")  # who: not on record
    assert gf.proposal("0972").solutions == ("0972", "0972A", "0972B")


def test_a_workflow_names_only_its_stages_for_alternatives() -> None:
    from govflow.errors import InvalidWorkflow
    from govflow.workflow.loader import parse_workflow

    text = Path(WORKFLOWS, "unc-modification.yaml").read_text()
    broken = text.replace("raised_in: [workgroup]", "raised_in: [workgroups]")
    with pytest.raises(InvalidWorkflow, match="unknown stage 'workgroups'"):
        parse_workflow(broken, source="broken.yaml")


# -- references: BSC alternatives, UNC varied alternatives, CUSC WACMs -----------------------
def test_a_bsc_proposal_with_an_alternative_modification(gf: Govflow) -> None:
    gf.raise_proposal("P990", title="A fictional modification", on="2021-01-07")
    gf.advance("P990", to="assessment_procedure", on="2021-02-11")
    gf.raise_alternative("P990A", title="A fictional Alternative Modification", on="2021-03-04")
    shown = gf.proposal("P990A")
    assert (shown.reference, shown.solutions, shown.asked) == ("P990", ("P990", "P990A"), "P990A")


def test_a_bsc_alternative_modification_is_voted_on_and_chosen_through_the_cli(
    cli: Invoke,
) -> None:
    """P990 is fictional: the Panel recommends the Alternative Modification, the Authority
    approves it, and every view says P990A was approved and P990 was not."""

    def ok(*args: str) -> str:
        result = cli(*args)
        assert result.exit_code == 0, result.output
        return result.stdout

    ok("proposal", "raise", "P990", "--title", "A fictional modification", "--on", "2021-01-07")
    ok("proposal", "advance", "P990", "--to", "assessment_procedure", "--on", "2021-02-11")
    ok("proposal", "alternative", "P990A", "--title", "A fictional Alternative Modification",
       "--on", "2021-03-04")  # fmt: skip
    ok("proposal", "advance", "P990", "--to", "report_phase", "--on", "2021-05-13")
    ok("proposal", "record", "P990", "report_consultation_opened", "--on", "2021-05-14")
    ok("proposal", "record", "P990", "report_consultation_closed", "--on", "2021-06-04")
    ok("proposal", "vote", "P990", "--solution", "P990", "--tally", "Panel Members=2,7",
       "--on", "2021-06-10")  # fmt: skip
    ok("proposal", "vote", "P990A", "--tally", "Panel Members=8,1", "--on", "2021-06-10")
    ok("proposal", "advance", "P990", "recommend", "--on", "2021-06-10")
    ok("proposal", "advance", "P990", "approve", "--solution", "P990A", "--on", "2021-08-02")
    shown = ok("proposal", "show", "P990")
    assert "P990A: approved" in shown and "P990: not approved" in shown
    assert "BSC PANEL on P990A, 2021-06-10: approve (Panel Members 8-1-0-0)" in shown
    register = ok("export", "register", "--format", "csv", "--as-of", "2021-08-02")
    assert "P990A: approved (vote approve [Panel Members 8-1-0-0]; recommended approve" in register


@pytest.mark.parametrize(
    ("written", "shown", "alternative", "marks"),
    [("0990AV", "0990A", "A", "V"), ("CMP264 WACM4", "CMP264 WACM4", "4", ""),
     ("CMP 264 WACM12", "CMP264 WACM12", "12", ""), ("P990A", "P990A", "A", "")],
    ids=["unc-varied-alternative", "cusc-wacm", "cusc-wacm-two-digits", "bsc-alternative"],
)  # fmt: skip
def test_solution_references_as_each_code_writes_them(
    gf: Govflow, written: str, shown: str, alternative: str, marks: str
) -> None:
    from govflow.records.lookup import Lookup

    lookup = Lookup(gf.registry)
    ref = lookup.parse(written)
    assert (ref.alternative, ref.marks, ref.spelling) == (alternative, marks, written)
    assert ref.display(4 if ref.prefix == "" else 0) == shown


def _cusc_with_wacms(gf: Govflow) -> None:
    """CMP961 (fictional) with two WACMs, at the Panel's recommendation."""
    gf.raise_proposal("CMP961", title="A fictional CUSC modification", on="2021-01-07")
    gf.advance("CMP961", "send_to_workgroup", on="2021-01-29")
    gf.raise_alternative("CMP961 WACM1", title="A fictional WACM", on="2021-03-01")
    gf.raise_alternative("CMP961", letter="2", title="Another fictional WACM", on="2021-03-01")
    gf.advance("CMP961", to="panel_recommendation", on="2021-06-25")


def test_a_cusc_cmp_with_wacms_voted_on_solution_by_solution(cli: Invoke, gf: Govflow) -> None:
    _cusc_with_wacms(gf)
    for solution, (yes, no) in {"CMP961": (2, 6), "CMP961 WACM1": (7, 1),
                                "CMP961 WACM2": (3, 5)}.items():  # fmt: skip
        gf.vote("CMP961", {"Panel Members": {"for": yes, "against": no}}, solution=solution,
                on="2021-06-25")  # fmt: skip
    gf.advance("CMP961", "recommend", on="2021-06-25")
    gf.advance("CMP961 WACM1", "approve", on="2021-09-01", solution="CMP961 WACM1")
    shown = gf.proposal("CMP961 WACM2")
    assert shown.asked == "CMP961 WACM2"
    assert [(s.reference, s.status, s.vote, s.recommended) for s in shown.standing] == [
        ("CMP961", "not approved", "reject", "reject"),
        ("CMP961 WACM1", "awaiting_implementation", "approve", "approve"),
        ("CMP961 WACM2", "not approved", "reject", "reject"),
    ]  # fmt: skip
    result = cli("proposal", "show", "CMP961 WACM1")
    assert result.exit_code == 0, result.output
    assert "CMP961 WACM1: awaiting_implementation" in result.stdout
    assert (
        "CUSC PANEL on CMP961 WACM1, 2021-06-25: approve (Panel Members 7-1-0-0)" in result.stdout
    )
    assert gf.verify() == []


def test_only_the_approved_solution_is_implemented(gf: Govflow) -> None:
    _cusc_with_wacms(gf)  # fictional
    for solution, (yes, no) in {"CMP961": (2, 6), "CMP961 WACM1": (3, 5),
                                "CMP961 WACM2": (7, 1)}.items():  # fmt: skip
        gf.vote("CMP961", {"Panel Members": {"for": yes, "against": no}}, solution=solution,
                on="2021-06-25")  # fmt: skip
    gf.advance("CMP961", "recommend", on="2021-06-25")
    gf.advance("CMP961", "approve", solution="CMP961 WACM2", on="2021-09-01")
    gf.advance("CMP961", "implement", on="2022-04-01")
    assert [(s.reference, s.status) for s in gf.proposal("CMP961 WACM1").standing] == [
        ("CMP961", "not approved"), ("CMP961 WACM1", "not approved"),
        ("CMP961 WACM2", "implemented"),
    ]  # fmt: skip
    (row,) = gf.register(as_of="2022-04-01")
    assert row.stage == "implemented"
    assert [s.split(" (")[0] for s in row.standing] == [
        "CMP961: not approved", "CMP961 WACM1: not approved", "CMP961 WACM2: implemented",
    ]  # fmt: skip


def test_the_register_gives_each_solutions_latest_vote_with_its_tally(gf: Govflow) -> None:
    _cusc_with_wacms(gf)
    gf.vote("CMP961", {"Panel Members": {"for": 7, "against": 1}}, solution="CMP961 WACM1",
            on="2021-06-28")  # fmt: skip
    gf.vote("CMP961", {"Panel Members": {"for": 6, "against": 2}}, solution="CMP961 WACM1",
            on="2021-07-05")  # fmt: skip
    (before,) = gf.register(as_of="2021-06-25")
    assert "CMP961 WACM1: panel_recommendation" in before.standing  # no vote yet that day
    (first,) = gf.register(as_of="2021-06-28")
    assert "CMP961 WACM1: panel_recommendation (vote approve [Panel Members 7-1-0-0])" in (
        first.standing
    )
    (now,) = gf.register(as_of="2021-07-05")
    assert now.standing == (
        "CMP961: panel_recommendation",
        "CMP961 WACM1: panel_recommendation (vote approve [Panel Members 6-2-0-0])",
        "CMP961 WACM2: panel_recommendation",
    )


def test_a_wacm_is_raised_by_the_workgroup_stage_and_by_number(gf: Govflow) -> None:
    gf.raise_proposal("CMP962", title="A fictional CUSC modification", on="2021-01-07")
    with pytest.raises(TransitionNotAllowed, match="an alternative is raised in workgroup"):
        gf.raise_alternative("CMP962 WACM1", title="A fictional WACM", on="2021-01-08")
    with pytest.raises(InvalidInput, match="name the alternative by its number"):
        gf.raise_alternative("CMP962", letter="A", title="A fictional WACM", on="2021-01-08")


def test_the_minded_to_consultation_on_0678_is_on_the_register_of_15_january_2020(
    gf: Govflow,
) -> None:
    _unc_0678(gf)
    gf.record("0678", "minded_to_consultation", on="2019-12-23")  # public record (issue 25)
    shown = gf.proposal("0678", as_of="2020-01-15")
    assert (shown.stage, "minded_to_consultation" in shown.milestones) == (
        "authority_decision", True,
    )  # fmt: skip
