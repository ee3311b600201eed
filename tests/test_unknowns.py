"""What the record does not say stays unsaid (issue 24): a route, a deciding body and a direction
not on record, and implied steps that assert nothing.

Every proposal here is fictional (MP96x): the scenarios are shaped like the public records the
issue names (a path never made public, a deciding body and day not on record), not copied from
them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from typer.testing import Result

from govflow.errors import TransitionNotAllowed
from govflow.service import Govflow
from govflow.web.words import decision, event_words

Invoke = Callable[..., Result]
NO_PATH = "the Panel has not set its path (1, 2 or 3)"
SELF_GOVERNANCE = "only a Self-Governance (Path 3) proposal is decided by the Change Board"


def _in_refinement(gf: Govflow, reference: str) -> None:
    gf.raise_proposal(reference, title="A fictional proposal", on="2019-06-03",
                      stage="initial_consideration")  # fmt: skip
    gf.advance(reference, "start_refinement", on="2019-09-10")


def test_refinement_and_later_stages_are_entered_with_the_path_not_on_record(gf: Govflow) -> None:
    _in_refinement(gf, "MP961")
    gf.advance("MP961", to="report", on="2020-03-02")
    view = gf.proposal("MP961")
    assert (view.stage, view.path) == ("report", None)
    moved = gf.history("MP961")[1]
    assert (moved.trigger, moved.payload) == ("start_refinement", {"unchecked": [NO_PATH]})
    assert gf.verify() == []


def test_recording_the_path_later_re_judges_the_moves_after_it(gf: Govflow) -> None:
    _in_refinement(gf, "MP962")
    gf.set_route("MP962", route="2", on="2019-07-01", note="found in a later paper")
    assert "unchecked" not in gf.history("MP962")[-1].payload


def test_the_deciding_body_is_not_inferred_from_the_graph(gf: Govflow) -> None:
    _in_refinement(gf, "MP963")
    gf.advance("MP963", to="approved", on="by 24 May 2021")
    (decided,) = gf.proposal("MP963").decisions
    assert (decided.trigger, decided.outcome, decided.body) == ("approve", "approve", None)
    approve = gf.history("MP963")[-1]
    assert approve.body is None and approve.payload["unchecked"] == [SELF_GOVERNANCE]
    assert decision(None, decided) == "Approved (deciding body not on record)"
    assert "not on record" in event_words(approve, None)


def test_a_body_given_explicitly_is_kept(gf: Govflow) -> None:
    _in_refinement(gf, "MP964")
    gf.advance("MP964", to="change_board", on="2021-05-10")
    gf.advance("MP964", "approve", on="2021-05-26", body="CB")
    (decided,) = gf.proposal("MP964").decisions
    assert decided.body == "CB"


def test_show_says_what_is_not_on_record(gf: Govflow, cli: Invoke) -> None:
    _in_refinement(gf, "MP965")
    gf.advance("MP965", to="approved", on="2021-05-26")
    result = cli("proposal", "show", "MP965")
    assert result.exit_code == 0, result.output
    assert "route:      not on record" in result.stdout
    assert "approve (body not on record, 2021-05-26)" in result.stdout
    assert "CB" not in result.stdout and "AUTHORITY" not in result.stdout
    history = cli("proposal", "history", "MP965")
    assert f"[unchecked, not on record: {SELF_GOVERNANCE}]" in history.stdout


def test_a_recommendation_without_a_direction_states_none(gf: Govflow) -> None:
    gf.raise_proposal("MP966", title="A fictional proposal", on="2019-06-03",
                      stage="initial_consideration", route="2")  # fmt: skip
    gf.advance("MP966", "start_refinement", on="2019-09-10")
    gf.advance("MP966", to="change_board", on="2021-05-10")
    gf.advance("MP966", "recommend", on="2021-05-26")
    recommended = gf.history("MP966")[-1]
    assert recommended.trigger == "recommend" and "outcome" not in recommended.payload
    assert gf.proposal("MP966").decisions == ()
    words = event_words(recommended, None)
    assert "approv" not in words.lower() and "reject" not in words.lower()


def test_implied_steps_assert_no_actor_and_follow_the_corrected_date(gf: Govflow) -> None:
    _in_refinement(gf, "MP967")
    change = gf.advance("MP967", to="report", on="2020-03-02", actor="Panel")
    implied = [e for e in gf.history("MP967") if e.implied]
    assert [e.milestone for e in implied] == [
        "refinement_consultation_opened", "refinement_consultation_closed",
    ]  # fmt: skip
    assert all(e.actor is None and e.meeting is None for e in implied)
    gf.correct("MP967", change.seqs[-1], changes={"occurred_on": "2020-02-14"},
               note="the Panel met on 14 February")  # fmt: skip
    after = [e for e in gf.history("MP967") if e.implied]
    assert {(e.occurred_on, e.date_precision) for e in after} == {
        (dt.date(2020, 2, 14), "on_or_before")
    }
    assert gf.proposal("MP967", as_of="2020-02-20").stage == "report"
    recorded = [e for e in gf.history("MP967", as_recorded=True) if e.kind == "implied"]
    assert {(e.implied, e.date_precision) for e in recorded} == {(True, "on_or_before")}


def test_history_json_under_as_recorded_tells_implied_and_precision(
    gf: Govflow, cli: Invoke
) -> None:
    _in_refinement(gf, "MP968")
    gf.advance("MP968", to="report", on="by 2 March 2020")
    result = cli("proposal", "history", "MP968", "--json", "--as-recorded")
    assert result.exit_code == 0, result.output
    shown = [(e["kind"], e["implied"], e["date_precision"]) for e in json.loads(result.stdout)]
    assert shown[2:] == [
        ("implied", True, "on_or_before"), ("implied", True, "on_or_before"),
        ("transition", False, "on_or_before"),
    ]  # fmt: skip


def test_a_step_the_record_cannot_check_is_never_implied(gf: Govflow) -> None:
    gf.raise_proposal("MP969", title="A fictional proposal", on="2019-06-03",
                      stage="initial_consideration")  # fmt: skip
    with pytest.raises(TransitionNotAllowed) as caught:
        gf.advance("MP969", to="change_board", on="2021-05-10")
    assert "cannot be implied" in str(caught.value) and NO_PATH in str(caught.value)
