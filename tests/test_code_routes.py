"""Route fixes as workflow data (issue 25), each with its source in the workflow file:

* SEC Path 1 (Authority-led) goes from the Report Phase to the Authority with no Change Board
  step: MP180's published documents are an Authority-Led Variation letter, the Modification
  Report, Legal Text, a Conclusions Report and the Authority Decision letter (domain brief). Its
  dates are not in our sources, so the MP180-shaped record here is MP981, fictional.
* The SEC Change Sub-Committee's recommendation on a Draft Proposal ("taken to the Change
  Sub-Committee ... for recommendation", SEC minutes as the domain brief quotes them).
* BSC stages as Elexon publishes them, Urgent requested by the Panel and agreed by the Authority
  (P406), and BSC modifications from 2001 (P280, from 2012: its exact date and title are not in
  our sources, so it is raised "in 2012" with a title that says so).
* The UNC Workgroup's six-month limit as an expected window.
* The CUSC's minded-to consultation by the Authority (version 2; tested on CMP264 and CMP265 in
  tests/test_solutions_shared.py).

The older versions stay shipped, unchanged, for the databases that pinned them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from govflow.errors import TransitionNotAllowed
from govflow.service import Govflow
from govflow.workflow.registry import Registry, shipped_dir

Invoke = Callable[..., Result]
UNKNOWN = "(not in our sources)"


def _mp_at_report(gf: Govflow, ref: str, path: int) -> None:
    gf.raise_proposal(ref, title="A fictional proposal", on="2021-01-11", path=path)
    gf.advance(ref, "send_to_report", on="2021-02-12")
    gf.record(ref, "mrc_opened", on="2021-03-01")
    gf.record(ref, "mrc_closed", on="2021-03-22")


def test_sec_path_1_goes_to_the_authority_without_the_change_board(gf: Govflow) -> None:
    _mp_at_report(gf, "MP981", path=1)
    gf.advance("MP981", "send_to_authority", on="2021-03-24")
    gf.advance("MP981", "approve", on="2021-05-03")
    shown = gf.proposal("MP981")
    assert shown.stage == "approved"
    stages = [e.to_stage for e in gf.history("MP981") if e.to_stage]
    assert "change_board" not in stages
    assert [d.body for d in shown.decisions] == ["AUTHORITY"]


def test_the_change_board_does_not_recommend_on_path_1(gf: Govflow) -> None:
    _mp_at_report(gf, "MP980", path=1)
    gf.advance("MP980", "send_to_change_board", on="2021-03-24")  # fictional: misrouted
    with pytest.raises(TransitionNotAllowed, match="only a Path 2 proposal"):
        gf.advance("MP980", "recommend", on="2021-04-28", outcome="approve")


def test_a_path_1_record_reaches_the_authority_by_the_shortest_route(gf: Govflow) -> None:
    _mp_at_report(gf, "MP982", path=1)
    gf.advance("MP982", to="authority_decision", on="2021-03-24")
    assert [e.trigger for e in gf.history("MP982")][-1] == "send_to_authority"


def test_sec_path_2_still_goes_through_the_change_board(gf: Govflow) -> None:
    _mp_at_report(gf, "MP983", path=2)
    with pytest.raises(TransitionNotAllowed, match="only a Path 1"):
        gf.advance("MP983", "send_to_authority", on="2021-03-24")
    gf.advance("MP983", "send_to_change_board", on="2021-03-24")
    gf.advance("MP983", "recommend", on="2021-04-28", outcome="approve")
    assert gf.proposal("MP983").stage == "authority_decision"


def test_the_csc_recommendation_is_a_step_of_the_development_stage(gf: Govflow) -> None:
    gf.raise_proposal("DP984", title="A fictional draft proposal", on="2021-01-11",
                      stage="development")  # fmt: skip
    gf.record("DP984", "csc_recommendation", on="2021-02-23")
    shown = gf.proposal("DP984")
    assert (shown.step, "csc_recommendation" in shown.milestones) == ("csc_recommendation", True)
    gf.advance("DP984", "convert", on="2021-03-12")  # conversion does not require it
    with pytest.raises(TransitionNotAllowed, match="recorded only in development"):
        gf.record("MP984", "csc_recommendation", on="2021-03-15")


def test_p280_from_2012_is_raised_without_an_override(gf: Govflow) -> None:
    gf.raise_proposal("P280", title=UNKNOWN, on="2012")
    shown = gf.proposal("P280")
    assert (shown.workflow, shown.workflow_version, shown.raised_on.year) == (
        "bsc-modification", 3, 2012,
    )  # fmt: skip
    assert "override" not in gf.history("P280")[0].payload


def test_bsc_stages_are_named_as_elexon_publishes_them() -> None:
    wf = Registry.shipped().get("bsc-modification")
    labels = [s.label for s in wf.states]
    for published in ("Initial Written Assessment", "Assessment Procedure", "Report Phase",
                      "With Authority", "Awaiting Implementation", "Implemented"):  # fmt: skip
        assert published in labels
    assert "Panel final recommendation" not in labels
    old = Registry.shipped().get("bsc-modification", 1)  # kept for records pinned to it
    assert "Panel final recommendation" in [s.label for s in old.states]


def _bsc_at_report_phase(gf: Govflow, ref: str) -> None:
    gf.raise_proposal(ref, title="A fictional modification", on="2021-01-07")
    gf.advance(ref, "present", on="2021-01-14")
    gf.advance(ref, "send_to_report_phase", on="2021-01-14")


def test_the_bsc_panel_recommends_in_the_report_phase(gf: Govflow) -> None:
    _bsc_at_report_phase(gf, "P985")
    with pytest.raises(TransitionNotAllowed, match="Report Phase Consultation has not closed"):
        gf.advance("P985", "recommend", on="2021-02-11", outcome="approve")
    gf.record("P985", "report_consultation_opened", on="2021-01-18")
    gf.record("P985", "report_consultation_closed", on="2021-02-05")
    gf.advance("P985", "recommend", on="2021-02-11", outcome="approve")
    assert gf.proposal("P985").stage_label == "With Authority"


def test_bsc_urgency_is_asked_by_the_panel_and_agreed_by_the_authority(gf: Govflow) -> None:
    _bsc_at_report_phase(gf, "P986")
    with pytest.raises(TransitionNotAllowed, match="has not asked for Urgent treatment"):
        gf.record("P986", "urgency_agreed", on="2021-01-15")
    gf.record("P986", "urgency_requested", on="2021-01-14")
    gf.record("P986", "urgency_agreed", on="2021-01-15")
    gf.advance("P986", "recommend", on="2021-01-21", outcome="approve")  # no consultation
    assert gf.proposal("P986").stage == "authority_decision"


def test_the_unc_workgroup_has_a_six_month_expected_window(gf: Govflow) -> None:
    gf.raise_proposal("0987", title="A fictional modification", on="2021-01-07")
    gf.advance("0987", "send_to_workgroup", on="2021-01-21")
    (window,) = [d for d in gf.proposal("0987", as_of="2021-01-21").deadlines]
    assert window.what.startswith("Workgroup six-month limit")
    assert str(window.due_on).startswith("2021-07")  # 130 WD: about six months


def test_every_older_version_is_shipped_unchanged_beside_the_new() -> None:
    shipped = {p.name for p in Path(shipped_dir()).glob("*.yaml")}
    for name in ("sec-modification", "bsc-modification", "unc-modification", "cusc-modification"):
        assert f"{name}-v1.yaml" in shipped
        versions = Registry.shipped().versions(name)
        latest = versions[-1]
        assert latest >= 2 and 1 in versions and f"{name}-v{latest - 1}.yaml" in shipped
        # the newest migrates the open proposals of every earlier version it keeps the stages of
        assert Registry.shipped().get(name, latest).migrates_from.get(1) is not None
        assert Registry.shipped().get(name, latest).migrates_from.get(latest - 1) is not None
