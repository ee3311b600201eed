"""What the record does not say stays unsaid (issue 24): a route, a deciding body and a direction
not on record, and implied steps that assert nothing.

Every proposal here is fictional (MP96x): the scenarios are shaped like the public records the
issue names (a path never made public, a deciding body and day not on record), not copied from
them.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable

import pytest
from typer.testing import Result

from govflow.dates import as_written, bounds, parse_when
from govflow.errors import TransitionNotAllowed
from govflow.service import Govflow
from govflow.views import RegisterRow
from govflow.web.links import Links
from govflow.web.render import RegisterFilters, render_register
from govflow.web.words import decision, event_words

Invoke = Callable[..., Result]
NO_PATH = "the Panel has not set its path (1, 2 or 3)"
SELF_GOVERNANCE = "only a Self-Governance (Path 3) proposal is decided by the Change Board"
PATH_1 = "only a Path 1 (Authority-led) proposal goes to the Authority without the Change Board"
PATH_2 = (
    "only a Path 2 proposal goes from the Change Board to the Authority"
    " (Path 1 goes from the Report Phase, without the Change Board)"
)


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
    assert (decided.trigger, decided.outcome, decided.body) == (None, "approve", None)
    approve = gf.history("MP963")[-1]
    assert (approve.kind, approve.trigger, approve.body) == ("reached", None, None)
    assert approve.payload["unchecked"] == [SELF_GOVERNANCE, PATH_1, PATH_2]
    assert approve.payload["routes"] == [
        ["refinement", "report", "change_board", "approved"],
        ["refinement", "report", "authority_decision", "approved"],
        ["refinement", "report", "change_board", "authority_decision", "approved"],
    ]
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
    assert "Approved (deciding body not on record), 2021-05-26" in result.stdout
    assert "CB" not in result.stdout and "AUTHORITY" not in result.stdout
    history = cli("proposal", "history", "MP965")
    assert f"[unchecked, not on record: {SELF_GOVERNANCE}; {PATH_1}; {PATH_2}]" in history.stdout
    assert "steps between not on record (routes that fit: " in history.stdout


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


def test_a_stage_reached_stores_no_step_between_and_follows_its_corrected_date(
    gf: Govflow,
) -> None:
    _in_refinement(gf, "MP967")
    change = gf.advance("MP967", to="report", on="2020-03-02", actor="Panel")
    assert (change.kind, change.implied) == ("reached", ())
    recorded = gf.history("MP967", as_recorded=True)
    assert [e.kind for e in recorded] == ["raised", "transition", "reached"]
    assert not any(e.implied for e in recorded)
    reached = gf.history("MP967")[-1]
    moved = (reached.from_stage, reached.to_stage, reached.actor)
    assert moved == ("refinement", "report", "Panel")
    assert reached.payload["routes"] == [["refinement", "report"]]  # derived when read
    assert "routes" not in recorded[-1].payload  # never stored
    gf.correct("MP967", change.seqs[-1], changes={"occurred_on": "2020-02-14"},
               note="the Panel met on 14 February")  # fmt: skip
    assert gf.history("MP967")[-1].occurred_on == dt.date(2020, 2, 14)
    assert gf.proposal("MP967", as_of="2020-02-20").stage == "report"
    assert gf.proposal("MP967", as_of="2020-02-13").stage == "refinement"


def test_history_json_under_as_recorded_tells_the_gap_and_its_precision(
    gf: Govflow, cli: Invoke
) -> None:
    _in_refinement(gf, "MP968")
    gf.advance("MP968", to="report", on="by 2 March 2020")
    result = cli("proposal", "history", "MP968", "--json", "--as-recorded")
    assert result.exit_code == 0, result.output
    shown = [(e["kind"], e["implied"], e["date_precision"]) for e in json.loads(result.stdout)]
    assert shown[2:] == [("reached", False, "on_or_before")]


def test_a_gap_whose_route_is_not_on_record_is_entered_and_its_rules_left_unchecked(
    gf: Govflow,
) -> None:
    gf.raise_proposal("MP969", title="A fictional proposal", on="2019-06-03",
                      stage="initial_consideration")  # fmt: skip
    change = gf.advance("MP969", to="change_board", on="2021-05-10")
    assert (change.kind, change.stage) == ("reached", "change_board")
    reached = gf.history("MP969")[-1]
    assert reached.payload["unchecked"] == [NO_PATH]
    assert reached.payload["routes"] == [
        ["initial_consideration", "report", "change_board"],
        ["initial_consideration", "refinement", "report", "change_board"],
    ]
    assert gf.verify() == []


def test_a_gap_no_route_of_the_rules_fits_is_refused(gf: Govflow) -> None:
    gf.raise_proposal("MP959", title="A fictional proposal", on="2019-06-03",
                      stage="initial_consideration", fast_track=True)  # fmt: skip
    with pytest.raises(TransitionNotAllowed) as caught:
        gf.advance("MP959", to="report", on="2021-05-10")
    assert "Fast-Track" in str(caught.value)


# -- dates as uncertain as the record ------------------------------------------------------------
WHEN = [
    ("2019", (dt.date(2019, 12, 31), "year"), "2019"),
    ("Sept 2019", (dt.date(2019, 9, 30), "month"), "September 2019"),
    ("September 2019", (dt.date(2019, 9, 30), "month"), "September 2019"),
    ("by 24 May 2021", (dt.date(2021, 5, 24), "on_or_before"), "by 2021-05-24"),
    ("on or after 15 October 2019", (dt.date(2019, 10, 15), "on_or_after"),
     "on or after 2019-10-15"),
    ("after 15 Oct 2019", (dt.date(2019, 10, 15), "on_or_after"), "on or after 2019-10-15"),
    ("after October 2019", (dt.date(2019, 10, 1), "on_or_after"), "on or after 2019-10-01"),
    ("by Sept 2019", (dt.date(2019, 9, 30), "on_or_before"), "by 2019-09-30"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kept", "shown"), WHEN, ids=[w[0] for w in WHEN])
def test_a_date_is_kept_with_its_precision_and_shown_as_written(
    text: str, kept: tuple[dt.date, str], shown: str
) -> None:
    assert parse_when(text) == kept
    assert as_written(*kept) == shown


@pytest.mark.parametrize(
    ("kept", "first", "last"),
    [
        ((dt.date(2019, 9, 1), "month"), dt.date(2019, 9, 1), dt.date(2019, 9, 30)),
        ((dt.date(2019, 12, 31), "year"), dt.date(2019, 1, 1), dt.date(2019, 12, 31)),
        ((dt.date(2021, 5, 24), "on_or_before"), None, dt.date(2021, 5, 24)),
        ((dt.date(2019, 10, 15), "on_or_after"), dt.date(2019, 10, 15), None),
    ],
)  # fmt: skip
def test_a_bounded_date_has_the_bounds_the_record_gives(
    kept: tuple[dt.date, str], first: dt.date | None, last: dt.date | None
) -> None:
    assert bounds(*kept) == (first, last)


def test_every_view_says_the_date_as_the_record_does(gf: Govflow, cli: Invoke) -> None:
    gf.raise_proposal("MP970", title="A fictional proposal", on="2019",
                      stage="initial_consideration")  # fmt: skip
    gf.advance("MP970", "start_refinement", on="Sept 2019")
    gf.record("MP970", "working_group_meeting", on="after 15 Oct 2019")
    gf.advance("MP970", to="approved", on="by 24 May 2021")
    shown = cli("proposal", "show", "MP970")
    assert shown.exit_code == 0, shown.output
    assert "raised on:  2019\n" in shown.stdout
    assert "Approved (deciding body not on record), by 2021-05-24" in shown.stdout
    assert "on 2021-05-24" not in shown.stdout
    history = cli("proposal", "history", "MP970").stdout
    for said in (
        "2019\tRaised",
        "September 2019\tInitial Consideration → Refinement Process (start_refinement)",
        "on or after 2019-10-15\tWorking Group meeting (working_group_meeting)",
        "by 2021-05-24\tReached Approved",
    ):
        assert said in history
    (then,) = gf.register(as_of="2019-12-31")
    assert (then.stage, then.stage_since_precision) == ("refinement", "month")
    (now,) = gf.register(as_of="2021-06-01")
    assert (now.stage, now.stage_since, now.stage_since_precision) == (
        "approved", dt.date(2021, 5, 24), "on_or_before",
    )  # fmt: skip
    listed = cli("proposal", "list", "--as-of", "2021-06-01").stdout
    assert "by 2021-05-24" in listed
    out = io.StringIO()
    gf.export_timeline(out, "md", "MP970")
    assert "by 2021-05-24" in out.getvalue() and "| 2019 |" in out.getvalue()
    assert gf.verify() == []


def test_a_window_refuses_only_what_every_day_of_the_date_breaks(gf: Govflow) -> None:
    """A fictional MP971 approved on Path 3: the appeal window (15 WD from 26 May 2021) lapses
    about 17 June 2021. An appeal known only to June 2021 may have been inside it."""
    gf.raise_proposal("MP971", title="A fictional proposal", on="2021-01-04", route="3",
                      stage="change_board", override="a fictional legacy record")  # fmt: skip
    gf.advance("MP971", "approve", on="2021-05-26")
    gf.advance("MP971", "appeal", on="June 2021")
    assert gf.proposal("MP971").stage == "authority_decision"


# -- meetings known by committee and date ---------------------------------------------------------
def test_a_held_meeting_without_a_number_is_recorded_and_referenced(gf: Govflow) -> None:
    """The SMKI PMA met on 15 October 2019 (the meeting the issue names; its number is not
    on record). The proposal and the CSC meeting that converts it are fictional."""
    gf.add_meeting("SMKI PMA", on="2019-10-15")
    gf.add_meeting("CSC", on="2021-05-25")
    gf.raise_proposal("DP972", title="A fictional proposal", on="2021-03-01", stage="development")
    gf.advance("DP972", "convert", meeting="CSC@2021-05-25")
    gf.link("MP972", meeting="SMKI PMA@15 October 2019")
    gf.add_item("CSC@2021-05-25", "3", title="placeholder title (not from the record)")
    gf.record("MP972", "presented", meeting="CSC@2021-05-25", item="3", on="2021-05-25")
    history = gf.history("MP972")
    assert [(e.meeting, e.committee) for e in history if e.meeting] == [
        ("SMKI PMA@2019-10-15", "SMKI PMA"),
        ("CSC@2021-05-25", "CSC"),
        ("CSC@2021-05-25", "CSC"),
        ("CSC@2021-05-25", "CSC"),
    ]
    (row,) = gf.register(as_of="2021-06-01")
    assert row.last_meeting == "CSC@2021-05-25"
    assert gf.verify() == []


# -- who decided and who raised: only as recorded ------------------------------------------------
def _register_row(gf: Govflow, reference: str, as_of: str) -> RegisterRow:
    return next(r for r in gf.register(as_of=as_of) if r.reference == reference)


def test_the_register_does_not_name_a_deciding_body_the_record_lacks(gf: Govflow) -> None:
    """A fictional MP973 approved with its path not on record: the register (read with SQL) and
    the same proposal replayed (as known on a day) say the body is not on record; a fictional
    MP974 decided at a Change Board meeting names the Change Board."""
    _in_refinement(gf, "MP973")
    gf.advance("MP973", to="approved", on="by 24 May 2021")
    row = _register_row(gf, "MP973", "2021-06-01")
    assert (row.last_decision, row.outcome, row.body_on_record) == ("approve", "approve", False)
    assert row.to_dict()["body_on_record"] is False
    page = render_register(gf, RegisterFilters(as_of="2021-06-01"), Links())
    assert "Approved (deciding body not on record)" in page
    assert "Change Board approved" not in page
    replayed = next(r for r in gf.register(as_of="2021-06-01", known_on="2099-12-31")
                    if r.reference == "MP973")  # fmt: skip
    assert replayed.body_on_record is False
    gf.raise_proposal("MP974", title="A fictional proposal", on="2021-01-04", route="3",
                      stage="change_board", override="a fictional legacy record")  # fmt: skip
    gf.advance("MP974", "approve", on="2021-05-26")
    decided = _register_row(gf, "MP974", "2021-06-01")
    assert decided.body_on_record is True
    assert "Change Board approved" in render_register(
        gf, RegisterFilters(text="MP974", as_of="2021-06-01"), Links()
    )


def test_the_register_keeps_a_body_once_the_path_is_recorded_before_the_decision(
    gf: Govflow,
) -> None:
    """A fictional MP975: its path (3) found later, dated before its approval: re-judged, the
    approval is the Change Board's, in the register as on the proposal's page."""
    _in_refinement(gf, "MP975")
    gf.advance("MP975", to="approved", on="2021-05-26")
    assert _register_row(gf, "MP975", "2021-06-01").body_on_record is False
    gf.set_route("MP975", route="3", on="2019-09-01", note="found in a later paper")
    (decided,) = gf.proposal("MP975").decisions
    assert decided.body == "CB"
    assert _register_row(gf, "MP975", "2021-06-01").body_on_record is True


def test_a_raise_names_no_body_the_record_does_not_give(gf: Govflow, cli: Invoke) -> None:
    """A fictional MP976 raised with no meeting: nobody is on record as raising it (the stage's
    body is the workflow's); a fictional MP977 raised at a Panel meeting carries that committee."""
    gf.raise_proposal("MP976", title="A fictional proposal", on="2021-03-01")
    raised = gf.history("MP976")[0]
    assert (raised.kind, raised.body) == ("raised", None)
    assert gf.history("MP976", as_recorded=True)[0].body is None
    shown = json.loads(cli("proposal", "history", "MP976", "--json").stdout)
    assert shown[0]["body"] is None
    gf.add_meeting("PANEL_977", on="2021-03-19")
    gf.raise_proposal("MP977", title="A fictional proposal", meeting="PANEL_977")
    assert gf.history("MP977")[0].body == "PANEL"
    assert gf.verify() == []


def test_a_register_cell_names_no_body_for_a_move_recorded_without_one(gf: Govflow) -> None:
    """A fictional MP978 sent to Refinement with its path not on record and at no meeting: the
    register's last step names the stage only, not the Panel the workflow gives the move; a
    fictional MP979 sent at a Panel meeting names the Panel."""
    _in_refinement(gf, "MP978")
    for known_on in (None, "2099-12-31"):
        row = next(r for r in gf.register(as_of="2019-10-01", known_on=known_on)
                   if r.reference == "MP978")  # fmt: skip
        assert (row.last_decision, row.body_on_record) == ("start_refinement", False)
    page = render_register(gf, RegisterFilters(text="MP978", as_of="2019-10-01"), Links())
    assert "Refinement Process" in page and "SEC Panel" not in page
    gf.add_meeting("PANEL_979", on="2019-09-13")
    gf.raise_proposal("MP979", title="A fictional proposal", on="2019-06-03", route="2",
                      stage="initial_consideration")  # fmt: skip
    gf.advance("MP979", "start_refinement", meeting="PANEL_979")
    row = _register_row(gf, "MP979", "2019-10-01")
    assert row.body_on_record is True
    page = render_register(gf, RegisterFilters(text="MP979", as_of="2019-10-01"), Links())
    assert "Refinement Process (SEC Panel)" in page
