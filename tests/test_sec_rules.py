"""The SEC modification rules, table by table: each rule allowed and refused, with its reason,
as the rule core judges them (:mod:`govflow.workflow.rules`)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from govflow.errors import InvalidInput, TransitionNotAllowed
from govflow.model import Event
from govflow.workflow.definition import Relabel
from govflow.workflow.implied import route_to
from govflow.workflow.loader import parse_workflow
from govflow.workflow.options import milestone_options, options
from govflow.workflow.registry import Registry
from govflow.workflow.rules import judge
from govflow.workflow.state import ProposalState
from govflow.workflow.step import step
from govflow.workflow.verdict import Rules, Verdict
from tests.rules_kit import DAY, at, mark, move, rules_of

FIXTURES = Path(__file__).parent / "fixtures" / "workflows"
SEC = Registry.shipped().get("sec-modification")
OPEN_STAGES = SEC.open_states
TERMINAL_STAGES = tuple(s.name for s in SEC.states if s.terminal)


@pytest.fixture(scope="module")
def rules() -> Rules:
    """The rule core over the shipped SEC workflow."""
    return rules_of()


@pytest.fixture(scope="module")
def two_ways() -> Rules:
    """The minimal workflow with a second trigger, 'fast_decide', from assessment to decided."""
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    extra = (
        "  - trigger: fast_decide\n    source: assessment\n    dest: decided\n    body: PANEL\n"
        "    requires:\n      - flag: urgent\n        message: only an urgent proposal\n"
    )
    wf = parse_workflow(text.replace("milestones:\n", extra + "milestones:\n", 1))
    return rules_of(wf.name, Registry([wf]))


def refusal(rules: Rules, state: ProposalState, trigger: str) -> Verdict:
    verdict = judge(rules, state, move(trigger))
    assert not verdict.allowed
    return verdict


def allowed(rules: Rules, state: ProposalState) -> list[str]:
    return list(dict.fromkeys(o.trigger for o in options(rules, state, DAY) if o.allowed))


# -- the shape of the SEC workflow ----------------------------------------------------------------


def test_sec_states_are_the_canonical_stage_names() -> None:
    assert SEC.state_names == (
        "draft", "development", "initial_consideration", "refinement", "report", "change_board",
        "authority_decision", "approved", "implemented", "rejected", "withdrawn",
    )  # fmt: skip
    assert TERMINAL_STAGES == ("implemented", "rejected", "withdrawn")
    assert SEC.initial == "draft"


def test_the_working_group_is_a_step_inside_refinement() -> None:
    refinement = SEC.state("refinement")
    assert refinement is not None
    assert refinement.steps[0].name == "working_group"
    step = SEC.step_of("refinement", "working_group_meeting")
    assert step is not None
    assert (step.label, step.body) == ("Working Group", "WG")


def test_direct_and_legacy_modification_proposals_start_at_initial_consideration() -> None:
    dp, mp, secmp = (SEC.references.prefix(p) for p in ("DP", "MP", "SECMP"))
    assert dp is not None and mp is not None and secmp is not None
    assert dp.entry == ("draft", "development")
    assert mp.entry == secmp.entry == ("initial_consideration",)
    assert (secmp.legacy, secmp.width, mp.legacy) == (True, 4, False)


# -- each rule allowed ----------------------------------------------------------------------------

ALLOWED = [
    pytest.param(at("draft"), "submit", "development", id="submit-draft"),
    pytest.param(at("development"), "convert", "initial_consideration", id="convert-dp-to-mp"),
    pytest.param(at("initial_consideration", path=2), "start_refinement", "refinement",
                 id="refinement-once-path-set"),
    pytest.param(at("refinement", "refinement_consultation_opened",
                    "refinement_consultation_closed"), "send_to_report", "report",
                 id="report-after-refinement-consultation-closed"),
    pytest.param(at("initial_consideration", path=3), "send_to_report", "report",
                 id="report-straight-from-initial-consideration"),
    pytest.param(at("report", "mrc_opened", "mrc_closed"), "send_to_change_board", "change_board",
                 id="change-board-after-mrc-closed"),
    pytest.param(at("report", path=2, flags=("urgent",)), "send_to_change_board", "change_board",
                 id="change-board-urgent-without-mrc"),
    pytest.param(at("change_board", path=3), "approve", "approved", id="path-3-approved-by-cb"),
    pytest.param(at("change_board", path=3), "reject", "rejected", id="path-3-rejected-by-cb"),
    pytest.param(at("change_board", path=1), "recommend", "authority_decision",
                 id="path-1-to-authority"),
    pytest.param(at("change_board", path=2), "recommend", "authority_decision",
                 id="path-2-to-authority"),
    pytest.param(at("authority_decision", path=2), "approve", "approved", id="authority-approves"),
    pytest.param(at("authority_decision", path=1), "reject", "rejected", id="authority-rejects"),
    pytest.param(at("initial_consideration", flags=("fast_track",)), "approve", "approved",
                 id="fast-track-approved-by-panel"),
    pytest.param(at("initial_consideration", flags=("fast_track",)), "reject", "rejected",
                 id="fast-track-rejected-by-panel"),
    pytest.param(at("approved", "partially_implemented"), "implement", "implemented",
                 id="implemented-from-approved"),
    pytest.param(at("report"), "send_back", "refinement", id="send-back-report-to-refinement"),
    pytest.param(at("authority_decision"), "send_back", "report",
                 id="send-back-authority-to-report"),
    pytest.param(at("approved", path=3), "appeal", "authority_decision", id="appeal-path-3"),
]  # fmt: skip


@pytest.mark.parametrize(("state", "trigger", "dest"), ALLOWED)
def test_rule_allows(rules: Rules, state: ProposalState, trigger: str, dest: str) -> None:
    after, verdict = step(rules, state, move(trigger))
    assert verdict.allowed and verdict.waived == ()
    assert verdict.transition is not None and verdict.transition.trigger == trigger
    assert after.stage == dest


# -- each rule refused, with its reason -----------------------------------------------------------

NOT_CLOSED = "the Refinement Consultation has not closed"
NO_PATH = "the Panel has not set its path (1, 2 or 3)"
NO_MRC = "the Modification Report Consultation has not closed"
SELF_GOVERNANCE = "only a Self-Governance (Path 3) proposal is decided by the Change Board"
AUTHORITY = "only Path 1 and Path 2 proposals go to the Authority for decision"
NEVER_REFINED = "a Fast-Track proposal never enters Refinement or the Report Phase"
NEVER_REPORTED = "a Fast-Track proposal never enters the Report Phase"
PANEL_FAST_TRACK = "only a Fast-Track proposal is decided by the Panel without Refinement"
APPEAL = "only a Self-Governance (Path 3) decision can be appealed"

REFUSED = [
    pytest.param(at("refinement"), "send_to_report", NOT_CLOSED, id="report-before-consultation"),
    pytest.param(at("refinement", "refinement_consultation_opened"), "send_to_report", NOT_CLOSED,
                 id="report-with-consultation-only-opened"),
    pytest.param(at("report"), "send_to_change_board", NO_MRC, id="change-board-before-mrc"),
    pytest.param(at("report", "mrc_opened", path=3), "send_to_change_board", NO_MRC,
                 id="change-board-with-mrc-only-opened"),
    pytest.param(at("change_board", path=2), "approve", SELF_GOVERNANCE, id="cb-approves-path-2"),
    pytest.param(at("change_board", path=1), "reject", SELF_GOVERNANCE, id="cb-rejects-path-1"),
    pytest.param(at("change_board", path=3), "recommend", AUTHORITY, id="path-3-to-authority"),
    pytest.param(at("initial_consideration", path=3, flags=("fast_track",)), "start_refinement",
                 NEVER_REFINED, id="fast-track-into-refinement"),
    pytest.param(at("initial_consideration", path=3, flags=("fast_track",)), "send_to_report",
                 NEVER_REFINED, id="fast-track-into-report"),
    pytest.param(at("refinement", "refinement_consultation_closed", flags=("fast_track",)),
                 "send_to_report", NEVER_REPORTED, id="fast-track-from-refinement-into-report"),
    pytest.param(at("initial_consideration", path=3), "approve", PANEL_FAST_TRACK,
                 id="panel-approves-without-fast-track"),
    pytest.param(at("initial_consideration", path=3), "reject", PANEL_FAST_TRACK,
                 id="panel-rejects-without-fast-track"),
    pytest.param(at("approved", path=1), "appeal", APPEAL, id="appeal-path-1"),
    pytest.param(at("approved", path=2), "appeal", APPEAL, id="appeal-path-2"),
    pytest.param(at("approved", "partially_implemented", path=3), "appeal",
                 "part of it is already live in a release", id="appeal-after-part-went-live"),
]  # fmt: skip


UNCHECKED = [
    pytest.param(at("initial_consideration"), "send_to_report", NO_PATH,
                 id="report-before-path-set"),
    pytest.param(at("initial_consideration"), "start_refinement", NO_PATH,
                 id="refinement-before-path-set"),
    pytest.param(at("change_board"), "approve", SELF_GOVERNANCE, id="cb-approves-without-path"),
    pytest.param(at("change_board"), "recommend", AUTHORITY, id="cb-recommends-without-path"),
]  # fmt: skip


@pytest.mark.parametrize(("state", "trigger", "reason"), UNCHECKED)
def test_a_rule_the_record_lacks_the_facts_for_is_unchecked_not_refused(
    rules: Rules, state: ProposalState, trigger: str, reason: str
) -> None:
    verdict = judge(rules, state, move(trigger))
    assert verdict.allowed and verdict.waived == ()
    assert [(r.rule, r.message) for r in verdict.unchecked] == [("unchecked", reason)]
    assert trigger in allowed(rules, state)
    assert (
        judge(
            rules, replace(state, path="3" if trigger != "recommend" else "2"), move(trigger)
        ).unchecked
        == ()
    )


@pytest.mark.parametrize(("state", "trigger", "reason"), REFUSED)
def test_rule_refuses_with_its_reason(
    rules: Rules, state: ProposalState, trigger: str, reason: str
) -> None:
    verdict = refusal(rules, state, trigger)
    assert any(r.startswith(reason) for r in verdict.messages), verdict.messages
    assert all(r.waivable for r in verdict.refused)  # requirements: an override may waive them
    assert trigger not in allowed(rules, state)


NOT_FROM_HERE = [
    pytest.param("change_board", "implement", id="implement-from-change-board"),
    pytest.param("authority_decision", "implement", id="implement-from-authority-decision"),
    pytest.param("refinement", "send_back", id="send-back-from-refinement"),
    pytest.param("change_board", "send_back", id="send-back-from-change-board"),
    pytest.param("report", "appeal", id="appeal-before-a-decision"),
    pytest.param("draft", "convert", id="convert-from-draft"),
    pytest.param("refinement", "start_refinement", id="refinement-from-refinement"),
]


@pytest.mark.parametrize(("stage", "trigger"), NOT_FROM_HERE)
def test_a_trigger_that_does_not_apply_in_the_stage_is_refused(
    rules: Rules, stage: str, trigger: str
) -> None:
    verdict = refusal(rules, at(stage, path=3, flags=("urgent",)), trigger)
    assert verdict.messages == [f"it is in {stage!r}, where {trigger!r} does not apply"]
    assert [r.waivable for r in verdict.refused] == [False]  # the graph is never waived


def test_a_refusal_and_what_is_possible_now(rules: Rules) -> None:
    state = at("report", "mrc_opened", path=3)
    (reason,) = refusal(rules, state, "send_to_change_board").messages
    assert reason.startswith(NO_MRC)
    assert allowed(rules, state) == ["send_back", "withdraw"]


def test_every_unmet_requirement_is_a_reason(rules: Rules) -> None:
    state = at("initial_consideration", flags=("fast_track",))
    verdict = refusal(rules, state, "start_refinement")
    assert verdict.messages == [NEVER_REFINED]
    assert [r.message for r in verdict.unchecked] == [NO_PATH]  # neither met nor refused


def test_an_unknown_trigger_is_refused_with_did_you_mean(rules: Rules) -> None:
    assert refusal(rules, at("draft"), "sumbit").messages == [
        "Unknown trigger 'sumbit' (did you mean 'submit'?) in workflow 'sec-modification'"
    ]


def test_an_unknown_stage_goes_nowhere(rules: Rules) -> None:
    assert options(rules, at("refinment"), DAY) == []
    with pytest.raises(InvalidInput, match=r"unknown stage 'aproved' \(did you mean 'approved'"):
        route_to(rules, at("change_board"), "aproved", DAY)


def test_options_give_the_reasons_as_data(rules: Rules) -> None:
    found = {o.trigger: o for o in options(rules, at("change_board", path=3), DAY)}
    assert set(found) == {"approve", "reject", "recommend", "withdraw"}
    assert found["approve"].allowed and found["approve"].dest == "approved"
    assert found["recommend"].reasons == (AUTHORITY,)
    assert not found["recommend"].allowed


# -- implemented only from approved ---------------------------------------------------------------


def test_implemented_is_entered_only_from_approved() -> None:
    into = [t for t in SEC.transitions if t.dest == "implemented"]
    assert [(t.trigger, t.sources) for t in into] == [("implement", ("approved",))]


@pytest.mark.parametrize("stage", [s for s in SEC.state_names if s != "approved"])
def test_no_stage_but_approved_leads_to_implemented_in_one_step(rules: Rules, stage: str) -> None:
    state = at(stage, "partially_implemented", path=3, flags=("fast_track", "urgent"))
    verdict = judge(rules, state, move("implement", "implemented", override="a fictional case"))
    assert not verdict.allowed
    assert [r.rule for r in verdict.refused] == ["graph"]


# -- withdrawal -----------------------------------------------------------------------------------


def test_every_stage_but_the_three_ends_is_open() -> None:
    assert set(OPEN_STAGES) == set(SEC.state_names) - {"implemented", "rejected", "withdrawn"}


@pytest.mark.parametrize("stage", OPEN_STAGES)
def test_withdraw_from_every_open_stage(rules: Rules, stage: str) -> None:
    after, verdict = step(rules, at(stage), move("withdraw"))
    assert verdict.transition is not None
    assert (after.stage, verdict.transition.body) == ("withdrawn", "PROPOSER")


@pytest.mark.parametrize("stage", TERMINAL_STAGES)
def test_never_withdraw_from_a_terminal_stage(rules: Rules, stage: str) -> None:
    for override in (None, "a fictional case"):
        verdict = judge(rules, at(stage), move("withdraw", override=override))
        assert verdict.messages == [f"it is in {stage!r}, a terminal stage"]
    assert allowed(rules, at(stage)) == []


# -- conversion relabels DP -> MP -----------------------------------------------------------------


def test_convert_relabels_dp_to_mp() -> None:
    relabel = Relabel(trigger="convert", from_prefix="DP", to_prefix="MP")
    assert SEC.references.relabels == (relabel,)


def test_a_relabel_follows_only_its_conversion(rules: Rules) -> None:
    dp = at("development", prefix="DP", reference="DP922")
    converted, _ = step(rules, dp, move("convert", "initial_consideration"))
    relabel = move("convert", kind="relabel", payload={"from": "DP922", "to": "MP922"})
    after, judged = step(rules, converted, relabel)
    assert judged.allowed and (after.reference, after.prefix) == ("MP922", "MP")
    alone = judge(rules, at("report", prefix="DP", reference="DP922"), relabel)
    assert alone.messages == ["a relabel follows the 'convert' that renames the proposal"]


# -- moving by naming the target stage ------------------------------------------------------------

TARGETS = [
    pytest.param(at("development"), "initial_consideration", "convert", id="convert"),
    pytest.param(at("initial_consideration", path=3), "report", "send_to_report",
                 id="skip-refinement"),
    pytest.param(at("initial_consideration", path=1), "refinement", "start_refinement",
                 id="refinement"),
    pytest.param(at("refinement", "refinement_consultation_closed"), "report", "send_to_report",
                 id="report"),
    pytest.param(at("change_board", path=3), "approved", "approve", id="cb-decides"),
    pytest.param(at("change_board", path=2), "authority_decision", "recommend", id="recommend"),
    pytest.param(at("initial_consideration", flags=("fast_track",)), "approved", "approve",
                 id="fast-track"),
    pytest.param(at("approved", path=3), "authority_decision", "appeal", id="appeal"),
    pytest.param(at("approved"), "implemented", "implement", id="implement"),
]  # fmt: skip


@pytest.mark.parametrize(("state", "dest", "trigger"), TARGETS)
def test_target_finds_the_one_trigger(
    rules: Rules, state: ProposalState, dest: str, trigger: str
) -> None:
    (found,) = route_to(rules, state, dest, DAY)
    assert (found.trigger, found.source, found.dest) == (trigger, state.stage, dest)
    assert step(rules, state, move(trigger, dest))[0].stage == dest


@pytest.mark.parametrize(
    ("state", "dest", "reasons"),
    [
        pytest.param(at("approved", path=1), "authority_decision", [APPEAL], id="appeal-path-1"),
        pytest.param(at("initial_consideration", flags=("fast_track",)), "report",
                     [NEVER_REFINED], id="fast-track-into-report"),
    ],
)  # fmt: skip
def test_target_refuses_with_the_real_cause(
    rules: Rules, state: ProposalState, dest: str, reasons: list[str]
) -> None:
    with pytest.raises(TransitionNotAllowed) as caught:
        route_to(rules, state, dest, DAY)
    assert caught.value.reasons == reasons
    assert str(caught.value).startswith(f"Cannot move from {state.stage!r} to {dest!r}: ")


@pytest.mark.parametrize(
    ("state", "dest", "route"),
    [
        pytest.param(at("refinement"), "report", ["refinement_consultation_opened",
                     "refinement_consultation_closed", "report"], id="the-consultation-ran"),
        pytest.param(at("change_board", path=2), "approved", ["authority_decision", "approved"],
                     id="through-the-authority"),
        pytest.param(at("refinement", "refinement_consultation_closed"), "approved",
                     ["report", "mrc_opened", "mrc_closed", "change_board", "approved"],
                     id="no-path-on-record-only-the-move-unchecked"),
        pytest.param(at("initial_consideration"), "report", ["report"],
                     id="no-path-on-record-the-one-step"),
    ],
)  # fmt: skip
def test_target_reaches_a_later_stage_through_the_steps_the_rules_require(
    rules: Rules, state: ProposalState, dest: str, route: list[str]
) -> None:
    assert [s.dest or s.milestone for s in route_to(rules, state, dest, DAY)] == route


def test_target_with_override_waives_the_requirements(rules: Rules) -> None:
    route = route_to(rules, at("refinement"), "approved", DAY, override="fictional")
    assert [s.dest for s in route if s.dest] == ["report", "change_board", "approved"]
    with pytest.raises(TransitionNotAllowed, match="to 'approved': on the way"):
        route_to(rules, at("refinement", flags=("fast_track",)), "approved", DAY)


def test_target_says_where_a_stage_can_go_when_no_transition_leads_there(rules: Rules) -> None:
    with pytest.raises(TransitionNotAllowed) as caught:
        route_to(rules, at("draft"), "approved", DAY)
    assert str(caught.value).startswith("Cannot move from 'draft' to 'approved': ")
    with pytest.raises(TransitionNotAllowed) as caught:
        route_to(rules, at("implemented"), "approved", DAY)
    assert str(caught.value) == (
        "No transition leads from 'implemented' to 'approved'; "
        "from 'implemented' a proposal can go to: nowhere"
    )


def test_target_asks_for_the_trigger_when_more_than_one_leads_there(two_ways: Rules) -> None:
    both = at("assessment", "consultation_closed", path=3, flags=("urgent",))
    with pytest.raises(TransitionNotAllowed) as caught:
        route_to(two_ways, both, "decided", DAY)
    assert str(caught.value) == (
        "More than one trigger moves 'assessment' to 'decided' (decide, fast_decide): "
        "name the trigger instead."
    )
    assert caught.value.possible == ["decide", "fast_decide"]


def test_target_picks_the_one_allowed_trigger_among_several(two_ways: Rules) -> None:
    only_decide = at("assessment", "consultation_closed", path="3")  # not urgent
    assert [s.trigger for s in route_to(two_ways, only_decide, "decided", DAY)] == ["decide"]
    unknown = at("assessment", flags=("urgent",))  # no path on record: 'decide' may have fired
    with pytest.raises(TransitionNotAllowed, match="More than one trigger"):
        route_to(two_ways, unknown, "decided", DAY)


# -- override -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "trigger", "dest", "waived"),
    [
        pytest.param(at("refinement"), "send_to_report", "report", (NOT_CLOSED,), id="one-waived"),
        pytest.param(at("initial_consideration", flags=("fast_track",)), "start_refinement",
                     "refinement", (NEVER_REFINED,), id="one-waived-one-unchecked"),
        pytest.param(at("report", "mrc_closed"), "send_to_change_board", "change_board", (),
                     id="nothing-waived"),
    ],
)  # fmt: skip
def test_override_waives_the_requirements_and_records_them(
    rules: Rules, state: ProposalState, trigger: str, dest: str, waived: tuple[str, ...]
) -> None:
    after, verdict = step(rules, state, move(trigger, override="a fictional case"))
    assert (after.stage, tuple(r.message for r in verdict.waived)) == (dest, waived)


@pytest.mark.parametrize(
    ("stage", "trigger"),
    [
        ("draft", "implement"),
        ("report", "approve"),
        ("initial_consideration", "appeal"),
        ("refinement", "convert"),
        ("implemented", "implement"),
    ],
    ids=lambda v: str(v),
)
def test_override_never_creates_a_transition(rules: Rules, stage: str, trigger: str) -> None:
    state = at(stage, path=3, flags=("fast_track",))
    verdict = judge(rules, state, move(trigger, override="a fictional case"))
    assert [r.rule for r in verdict.refused] == ["graph"]


# -- milestones -----------------------------------------------------------------------------------

MILESTONES_ALLOWED = [
    pytest.param(at("refinement"), "working_group_meeting", id="wg-meeting-in-refinement"),
    pytest.param(at("development"), "working_group_meeting", id="wg-meeting-in-development"),
    pytest.param(at("refinement", "refinement_consultation_opened"),
                 "refinement_consultation_closed", id="consultation-closed-after-opened"),
    pytest.param(at("report", "mrc_opened"), "mrc_closed", id="mrc-closed-after-opened"),
    pytest.param(at("draft"), "presented", id="no-states-means-any-open-stage"),
    pytest.param(at("approved"), "release_targeted", id="release-targeted"),
    pytest.param(at("approved", "release_targeted"), "release_targeted", id="release-moved"),
    pytest.param(at("approved"), "partially_implemented", id="part-live"),
    pytest.param(at("refinement", "paused"), "resumed", id="resumed-after-paused"),
    pytest.param(at("change_board"), "change_board_vote", id="vote"),
]  # fmt: skip


@pytest.mark.parametrize(("state", "name"), MILESTONES_ALLOWED)
def test_milestone_allowed(rules: Rules, state: ProposalState, name: str) -> None:
    assert judge(rules, state, mark(name)).allowed
    found = {m.name: m for m in milestone_options(rules, state, DAY)}
    assert found[name].allowed


MILESTONES_REFUSED = [
    pytest.param(at("refinement"), "refinement_consultation_closed",
                 ["the Refinement Consultation was never opened"], id="closed-before-opened"),
    pytest.param(at("report"), "mrc_closed",
                 ["the Modification Report Consultation was never opened"],
                 id="mrc-closed-before-opened"),
    pytest.param(at("draft", "refinement_consultation_opened"), "refinement_consultation_closed",
                 ["'refinement_consultation_closed' is recorded only in refinement; "
                  "it is in 'draft'"], id="outside-its-state"),
    pytest.param(at("draft"), "refinement_consultation_closed",
                 ["'refinement_consultation_closed' is recorded only in refinement; "
                  "it is in 'draft'", "the Refinement Consultation was never opened"],
                 id="outside-its-state-and-unmet"),
    pytest.param(at("report"), "working_group_meeting",
                 ["'working_group_meeting' is recorded only in development, refinement; "
                  "it is in 'report'"], id="wg-meeting-in-report"),
    pytest.param(at("refinement"), "resumed", ["it was never paused"], id="resumed-unpaused"),
    pytest.param(at("implemented"), "presented", ["it is 'implemented', a terminal stage"],
                 id="terminal"),
    pytest.param(at("withdrawn"), "resumed", ["it is 'withdrawn', a terminal stage"],
                 id="terminal-says-only-that"),
]  # fmt: skip


@pytest.mark.parametrize(("state", "name", "reasons"), MILESTONES_REFUSED)
def test_milestone_refused_with_reasons(
    rules: Rules, state: ProposalState, name: str, reasons: list[str]
) -> None:
    assert judge(rules, state, mark(name)).messages == reasons
    found = {m.name: m for m in milestone_options(rules, state, DAY)}
    assert list(found[name].reasons) == reasons


def test_an_unknown_milestone_is_refused(rules: Rules) -> None:
    verdict = judge(rules, at("report"), mark("mrc_close"))
    assert verdict.messages == ["sec-modification has no milestone 'mrc_close'"]


@pytest.mark.parametrize("version", [None, "", "x", "missing"])
def test_a_raise_that_names_no_version_is_refused_not_read_as_version_0(
    rules: Rules, version: object
) -> None:
    """A raise whose workflow version is absent, empty or not a number is refused for its
    fields. It was read as version 0 (``sec-modification`` has one), allowed, and then the
    state change failed on ``int(None)``: a crash, where a clear refusal is due."""
    payload: dict[str, object] = {"title": "Invented", "reference": "MP917"}
    if version != "missing":
        payload["workflow_version"] = version
    raised = Event(kind="raised", to_stage="initial_consideration", occurred_on=DAY,
                   payload=payload)  # fmt: skip
    verdict = judge(rules, ProposalState(), raised)
    assert verdict.refused
    assert "names no version of sec-modification" in str(verdict)
    after, again = step(rules, ProposalState(), raised)  # the state unchanged, not a crash
    assert again.refused and not after.raised
    payload["workflow_version"] = 1
    assert not judge(rules, ProposalState(), raised).refused
