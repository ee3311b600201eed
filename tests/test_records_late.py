"""Real records entered as a secretariat enters them: late, with gaps, to the month, corrected.

Only public facts stand on real numbers here; each test says where its facts come from. What a
test needs beyond them (a title, a wording) is a placeholder and says so, and an invented scenario
uses a fictional number (MP9xx).
"""

from __future__ import annotations

import datetime as dt
import io

import pytest

from govflow.errors import TransitionNotAllowed
from govflow.service import Govflow

# The OPSG meeting of 24 May 2021 (OPSG_49) and its item 3.2 mentioning DP160, as issue #12 and
# the secretariat's published minutes give them; the item's title and wording are placeholders.
OPSG_49 = """## Operations Group Meeting 49\\_2405

24 May 2021

**3.2 Draft Proposals:** Placeholder wording that mentions DP160.
"""

PLACEHOLDER = "placeholder title (not from the record)"


def test_minutes_imported_after_a_later_conversion_link_at_their_true_date(gf: Govflow) -> None:
    """DP160: discussed at OPSG on 24 May 2021 and converted at the CSC on 25 May 2021 (issue
    #12); the minutes of the 24th are imported after the conversion was entered."""
    gf.raise_proposal("DP160", title=PLACEHOLDER, on="by 24 May 2021", stage="development")
    gf.advance("DP160", "convert", on="2021-05-25", note="CSC, 25 May 2021")
    report = gf.import_minutes(OPSG_49)
    (link,) = report.links
    assert (link.reference, link.item, link.status) == ("MP160", "3.2", "linked")
    history = gf.history("MP160")
    assert [(e.kind, e.occurred_on) for e in history] == [
        ("raised", dt.date(2021, 5, 24)), ("link", dt.date(2021, 5, 24)),
        ("transition", dt.date(2021, 5, 25)), ("relabel", dt.date(2021, 5, 25)),
    ]  # fmt: skip
    assert (history[1].meeting, history[1].item) == ("OPSG_49", "3.2")
    assert history[0].date_precision == "on_or_before"
    assert gf.proposal("MP160").stage == "initial_consideration"
    assert gf.verify() == []


def test_the_same_link_entered_by_hand_is_accepted(gf: Govflow) -> None:
    gf.raise_proposal("DP160", title=PLACEHOLDER, on="by 24 May 2021", stage="development")
    gf.advance("DP160", "convert", on="2021-05-25")
    gf.add_meeting("OPSG_49", on="2021-05-24")
    gf.add_item("OPSG_49", "3.2", title=PLACEHOLDER)
    change = gf.link("MP160", meeting="OPSG_49", item="3.2")
    assert change.occurred_on == dt.date(2021, 5, 24)
    assert gf.meeting("OPSG_49").items[0].proposals == ("MP160",)


def test_an_earlier_committee_entered_after_a_later_working_group(gf: Govflow) -> None:
    """MP122: raised 24 March 2020 (the published register); a Working Group on 3 June 2020
    entered before the OPSG meeting of 2 June 2020 (issue #12)."""
    gf.raise_proposal("MP122", title=PLACEHOLDER, on="2020-03-24")
    gf.record(
        "MP122", "working_group_meeting", on="2020-06-03",
        override="the record gives no date for the start of Refinement",
    )  # fmt: skip
    change = gf.record("MP122", "presented", on="2020-06-02", note="Operations Group")
    history = gf.history("MP122")
    assert [e.occurred_on for e in history] == [
        dt.date(2020, 3, 24), dt.date(2020, 6, 2), dt.date(2020, 6, 3)
    ]  # fmt: skip
    assert history[1].seq == change.seqs[0] == 3  # recorded last, happened second
    recorded = gf.history("MP122", as_recorded=True)
    assert [e.seq for e in recorded] == [1, 2, 3]
    assert gf.verify() == []


def _enter_mp099(gf: Govflow) -> None:
    """MP099 with only its public dates (SECAS's MP099 page, in the domain brief): raised 12 Dec
    2019; a Working Group in April 2020 (known to the month) and on 3 Mar 2021; TABASC 4 Feb 2021;
    Panel 16 Apr 2021; MRC 19 Apr - 10 May 2021; Change Board approved 26 May 2021 (Self-
    Governance: path 3); implemented in the November 2022 release (3 Nov 2022). The title is a
    placeholder. Conversion and the Refinement Consultation are not on the record: gaps."""
    gf.raise_proposal("DP099", title=PLACEHOLDER, on="2019-12-12", stage="development")
    gf.set_route("DP099", path=3, on="by April 2020", note="Self-Governance; date not on record")
    gf.advance("DP099", to="refinement", on="by April 2020")
    gf.record("MP099", "working_group_meeting", on="April 2020")
    gf.record("MP099", "working_group_meeting", on="2021-03-03")
    gf.record("MP099", "presented", on="2021-02-04", note="TABASC")  # entered late
    gf.advance("MP099", to="report", on="by 16 April 2021")
    gf.record("MP099", "modification_report_presented", on="2021-04-16")
    gf.record("MP099", "mrc_opened", on="2021-04-19", until="2021-05-10")
    gf.record("MP099", "mrc_closed", on="2021-05-10")
    gf.advance("MP099", to="approved", on="2021-05-26", note="Change Board")
    gf.release("MP099", "November 2022", status="implemented", release_date="2022-11-03",
               on="2022-11-03")  # fmt: skip
    gf.advance("MP099", "implement", on="2022-11-03")


def test_a_legacy_record_is_entered_with_its_known_dates_only(gf: Govflow) -> None:
    _enter_mp099(gf)
    history = gf.history("MP099")
    recorded = gf.history("MP099", as_recorded=True)
    assert not any(e.implied or e.kind == "implied" for e in recorded)  # no route chosen
    gaps = [(e.from_stage, e.to_stage, e.payload["routes"]) for e in history
            if e.kind == "reached"]  # fmt: skip
    assert gaps == [
        ("development", "refinement", [["development", "initial_consideration", "refinement"]]),
        ("refinement", "report", [["refinement", "report"]]),
        ("report", "approved", [["report", "change_board", "approved"]]),
    ]
    # on path 3 the one route that fits ends with the Change Board's approval
    (decided,) = gf.proposal("MP099").decisions
    assert (decided.trigger, decided.body, decided.outcome) == (None, "CB", "approve")
    month = next(e for e in history if e.date_precision == "month")
    assert (month.milestone, month.occurred_on) == ("working_group_meeting", dt.date(2020, 4, 30))
    assert [e.occurred_on for e in history] == sorted(e.occurred_on for e in history)
    assert gf.proposal("MP099").stage == "implemented"
    assert gf.verify() == []


@pytest.mark.parametrize(
    ("day", "reference", "stage", "since", "precision"),
    [
        ("2020-01-31", "DP099", "development", dt.date(2019, 12, 12), "day"),
        ("2020-05-01", "MP099", "refinement", dt.date(2020, 4, 30), "on_or_before"),
        ("2021-05-01", "MP099", "report", dt.date(2021, 4, 16), "on_or_before"),
        ("2021-05-26", "MP099", "approved", dt.date(2021, 5, 26), "day"),
        ("2022-11-03", "MP099", "implemented", dt.date(2022, 11, 3), "day"),
    ],
)
def test_the_register_states_no_implied_date_as_fact(
    gf: Govflow, day: str, reference: str, stage: str, since: dt.date, precision: str
) -> None:
    _enter_mp099(gf)
    (row,) = gf.register(as_of=day)
    assert (row.reference, row.stage, row.stage_since) == (reference, stage, since)
    assert row.stage_since_precision == precision
    assert row.path == (None if day < "2020-04-30" else "3")


def test_an_implied_stage_has_no_date_in_the_register(gf: Govflow) -> None:
    """A fictional DP901 taken to the Report Phase in one move: every route there converts it,
    so it is relabelled, but no route is chosen. With that move withdrawn as recorded in error,
    its relabel goes with it (issue 24): the record no longer says the proposal was converted."""
    gf.raise_proposal("DP901", title="fictional", on="2021-01-04", stage="development", path=2)
    change = gf.advance("DP901", to="report", on="2021-03-01")
    assert change.seqs == (2, 3) and change.kind == "reached"
    (row,) = gf.register(as_of="2021-03-02")
    assert (row.reference, row.stage, row.stage_since) == ("MP901", "report", dt.date(2021, 3, 1))
    gf.correct("MP901", 2, note="not sent that day", changes={"recorded_in_error": True})
    (row,) = gf.register(as_of="2021-03-02")
    assert (row.stage, row.stage_since, row.last_decision) == (
        "development", dt.date(2021, 1, 4), None,
    )  # fmt: skip
    assert gf.proposal("MP901").stage == "development"
    assert gf.verify() == []


# -- corrections reach every view; --known-on does not see later ones ------------------------------
def test_a_corrected_implementation_date_reaches_every_view(gf: Govflow) -> None:
    """A fictional MP902, implemented on 3 November 2022 but entered as 30 June 2022."""
    gf.raise_proposal("MP902", title="fictional", on="2021-01-04", path=3, stage="approved",
                      override="a fictional legacy record")  # fmt: skip
    change = gf.advance("MP902", "implement", on="2022-06-30")
    shown_then = dt.datetime.now(dt.UTC)
    gf.correct("MP902", change.seqs[0], note="went live in the November release",
               changes={"occurred_on": "2022-11-03"})  # fmt: skip
    assert {r.stage for r in gf.register(as_of="2022-07-01")} == {"approved"}
    assert {r.stage for r in gf.register(as_of="2022-11-03")} == {"implemented"}
    before = gf.register(as_of="2022-07-01", known_on=shown_then.isoformat())
    assert [r.stage for r in before] == ["implemented"]  # what the register said then
    out = io.StringIO()
    gf.export_register(out, "csv", as_of="2022-07-01")
    assert ",approved," in out.getvalue() and "implemented" not in out.getvalue()
    page = io.StringIO()
    gf.export_timeline(page, "md", "MP902")
    assert "2022-11-03" in page.getvalue() and "2022-06-30" not in page.getvalue()
    shown = gf.proposal("MP902", as_of="2022-07-01")
    assert shown.stage == "approved"
    assert gf.proposal("MP902", as_of="2022-07-01", known_on=shown_then).stage == "implemented"


def test_a_later_event_made_impossible_is_named(gf: Govflow) -> None:
    gf.raise_proposal("MP903", title="fictional", on="2021-01-04", path=3)
    gf.advance("MP903", "start_refinement", on="2021-02-01")
    with pytest.raises(TransitionNotAllowed) as refused:
        gf.advance("MP903", "withdraw", on="2021-01-20")
    assert "would make event 2 ('start_refinement' on 2021-02-01) impossible" in str(refused.value)


# -- deadlines follow the history as it happened ---------------------------------------------------
def test_a_late_milestone_closes_its_window_from_its_true_date(gf: Govflow) -> None:
    """Fictional MP904: a Modification Report Consultation opened 19 April 2021; its closing is
    entered a month late, dated 10 May."""
    gf.raise_proposal("MP904", title="fictional", on="2021-01-04", path=3)
    gf.advance("MP904", "send_to_report", on="2021-04-01")
    gf.record("MP904", "mrc_opened", on="2021-04-19")
    gf.record("MP904", "presented", on="2021-06-01")
    assert [d.what for d in gf.due(on="2021-05-20")] == ["Modification Report Consultation opened"]
    gf.record("MP904", "mrc_closed", on="2021-05-10")  # late
    assert gf.due(on="2021-05-20") == []
    (then,) = gf.due(on="2021-05-05")  # as it stood on 5 May: still open
    assert (then.due_on, then.status) == (dt.date(2021, 5, 10), "open")
    assert gf.due(on="2021-04-18") == []  # not yet opened
    assert gf.deadlines("MP904", open_only=False)[0].status == "closed"


def test_a_corrected_raise_date_is_the_date_shown(gf: Govflow) -> None:
    """A fictional MP905 whose raise was entered a day late."""
    gf.raise_proposal("MP905", title="fictional", on="2021-03-02")
    gf.correct("MP905", 1, note="raised on the 1st", changes={"occurred_on": "2021-03-01"})
    assert gf.proposal("MP905").raised_on == dt.date(2021, 3, 1)
    assert [r.stage_since for r in gf.register(as_of="2021-03-01")] == [dt.date(2021, 3, 1)]
    assert gf.verify() == []


def test_a_decision_dated_before_the_raise_is_refused_with_a_message(gf: Govflow) -> None:
    """MP981 is fictional. A move dated before the raise found the proposal in no stage, and the
    machine failed on it with a KeyError (found by the API's fuzzing)."""
    from govflow.errors import InvalidInput

    gf.raise_proposal("MP981", title="A fictional proposal", on="2021-01-07", path=3)
    with pytest.raises(InvalidInput, match="comes before it"):
        gf.advance("MP981", "approve", on="2020-01-01")
