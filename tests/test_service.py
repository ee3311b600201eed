"""The Python API, call by call, on the back end under test (SQLite, or PostgreSQL when
``GOVFLOW_TEST_DATABASE_URL`` is set): raising, lookups, moves, meetings, dates, corrections,
overrides, milestones, links, route, proposer, releases, the read side, atomicity and locking."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any, TypeVar

import pytest

import govflow
from govflow import (
    AlreadyExists,
    GovflowError,
    InvalidInput,
    NotFound,
    StaleProposal,
    TransitionNotAllowed,
    UnknownReference,
    UnknownWorkflow,
)
from govflow.service import Govflow

Operation = Callable[[Govflow], Any]
E = TypeVar("E", bound=GovflowError)


@pytest.fixture
def meetings(gf: Govflow) -> Govflow:
    """The meetings MP916 goes through: CSC_21 (item 4.1), PANEL_80 (item 5), WG_12 (item 2)."""
    for code, day, number, title in [
        ("CSC_21", "2020-01-28", "4.1", "DP916 conversion"),
        ("PANEL_80", "2020-02-14", "5", "MP916 Initial Consideration"),
        ("WG_12", "2020-04-08", "2", "MP916 solution options"),
    ]:
        gf.add_meeting(code, on=day)
        gf.add_item(code, number, title=title, presenter="SECAS")
    return gf


@pytest.fixture
def converted(meetings: Govflow) -> Govflow:
    """MP916: raised as DP916 in the Development Stage, converted at CSC_21 item 4.1."""
    meetings.raise_proposal(
        "DP916", title="Meter reading retries", proposer="British Gas", on="2020-01-10",
        stage="development",
    )  # fmt: skip
    meetings.advance("DP916", "convert", meeting="CSC_21", item="4.1", actor="CSC")
    return meetings


@pytest.fixture
def refining(converted: Govflow) -> Govflow:
    """MP916 on Path 3, sent to the Refinement Process at PANEL_80 item 5."""
    converted.set_route("MP916", path=3, meeting="PANEL_80", item="5")
    converted.advance("MP916", to="refinement", meeting="PANEL_80", item="5")
    return converted


def refused(exc: type[E], operation: Operation, gf: Govflow) -> E:
    """The error ``operation`` raises (failing the test when it raises nothing)."""
    with pytest.raises(exc) as caught:
        operation(gf)
    return caught.value


def footprint(gf: Govflow, reference: str) -> tuple[Any, ...]:
    """What a write would change: the history, the row's version, stage, reference and aliases."""
    view = gf.proposal(reference)
    return (len(gf.history(reference)), view.version, view.stage, view.reference, view.aliases)


# -- raising ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "options", "stage"),
    [
        ("DP916", {}, "draft"),
        ("DP916", {"stage": "development"}, "development"),
        ("MP916", {}, "initial_consideration"),
        ("SECMP0916", {}, "initial_consideration"),
    ],
    ids=["dp-draft", "dp-development", "direct-mp", "legacy-secmp"],
)
def test_a_proposal_enters_the_stage_of_its_prefix(
    gf: Govflow, reference: str, options: dict[str, Any], stage: str
) -> None:
    change = gf.raise_proposal(reference, title="Meter reading retries", on="2020-01-10", **options)
    assert (change.reference, change.stage, change.seqs, change.kind) == (
        reference, stage, (1,), "raised",
    )  # fmt: skip
    (raised,) = gf.history(reference)
    assert (raised.kind, raised.from_stage, raised.to_stage) == ("raised", None, stage)
    assert raised.occurred_on == dt.date(2020, 1, 10)
    assert gf.proposal(reference).raised_on == dt.date(2020, 1, 10)


@pytest.mark.parametrize(
    ("reference", "stage"),
    [
        ("MP917", "refinement"),
        ("DP917", "initial_consideration"),
        ("SECMP0963", "report"),
        ("MP917", "approved"),
    ],
    ids=["mp-refinement", "dp-initial-consideration", "secmp-report", "mp-approved"],
)
def test_raising_past_the_entry_stage_needs_an_override(
    gf: Govflow, reference: str, stage: str
) -> None:
    error = refused(
        TransitionNotAllowed,
        lambda g: g.raise_proposal(reference, title="Legacy", on="2019-01-15", stage=stage),
        gf,
    )
    assert "override" in str(error)
    assert gf.proposals() == []


def test_an_override_raises_a_legacy_record_past_its_entry_stage(gf: Govflow) -> None:
    reason = "in Refinement when the secretariat started using govflow"
    change = gf.raise_proposal(
        "SECMP0963", title="Legacy", on="2019-01-15", stage="refinement", override=reason
    )
    assert change.stage == "refinement"
    (raised,) = gf.history("SECMP0963")
    assert raised.payload["override"] == reason
    assert raised.to_stage == "refinement"


@pytest.mark.parametrize("again", ["DP916", "MP916", "SECMP0916", "MP 916", "dp916"])
def test_raising_a_proposal_twice_is_refused_naming_its_stage(gf: Govflow, again: str) -> None:
    gf.raise_proposal("DP916", title="Meter reading retries", on="2020-01-10", stage="development")
    error = refused(AlreadyExists, lambda g: g.raise_proposal(again, title="Again"), gf)
    assert "DP916 already exists (in 'development')" in str(error)
    assert len(gf.proposals()) == 1


@pytest.mark.parametrize(
    ("reference", "options", "error", "message"),
    [
        ("MP920", {"workflow": "rec-change"}, UnknownWorkflow, "unknown workflow"),
        ("MP920", {"path": 7}, InvalidInput, "has no path '7'; paths: 1, 2, 3"),
        ("MP920", {"title": "   "}, InvalidInput, "needs a title"),
        ("IRP571", {}, InvalidInput, "is not a proposal reference"),
        ("MP920", {"stage": "refinment", "override": "legacy"}, InvalidInput, "'refinement'"),
        ("MP920", {"on": "31/02/2021"}, InvalidInput, "is not a date"),
        ("MP920", {"on": "2012-06-01"}, UnknownWorkflow, "not in force on 2012-06-01"),
        ("MP920", {"meeting": "CSC_99"}, NotFound, "no meeting CSC_99"),
    ],
    ids=[
        "unknown-workflow", "bad-path", "empty-title", "not-a-reference", "unknown-stage",
        "bad-date", "before-the-workflow", "unknown-meeting",
    ],
)  # fmt: skip
def test_raise_refuses_bad_input_and_writes_nothing(
    gf: Govflow,
    reference: str,
    options: dict[str, Any],
    error: type[GovflowError],
    message: str,
) -> None:
    arguments = {"title": "Meter reading retries", **options}
    caught = refused(error, lambda g: g.raise_proposal(reference, **arguments), gf)
    assert message in str(caught)
    assert gf.proposals() == []


def test_raising_at_a_meeting_item_takes_the_meeting_date(meetings: Govflow) -> None:
    change = meetings.raise_proposal(
        "MP936", title="Default maximum demand", path=3, meeting="PANEL_80", item="5"
    )
    assert change.occurred_on == dt.date(2020, 2, 14)
    (raised,) = meetings.history("MP936")
    assert (raised.meeting, raised.item, raised.committee) == ("PANEL_80", "5", "PANEL")
    view = meetings.proposal("MP936")
    assert (view.path, view.raised_on) == ("3", dt.date(2020, 2, 14))


# -- references ---------------------------------------------------------------------------------

SPELLINGS = ["SECMP0916", "SECMP916", "MP916", "MP 916", "DP916", "DP 916", "mp916", " MP916 "]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_finds_the_draft_proposal(gf: Govflow, spelling: str) -> None:
    gf.raise_proposal("DP916", title="Meter reading retries", on="2020-01-10")
    assert gf.proposal(spelling).reference == "DP916"
    assert len(gf.history(spelling)) == 1


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_finds_the_proposal_after_conversion(
    converted: Govflow, spelling: str
) -> None:
    assert converted.proposal(spelling).reference == "MP916"
    assert [p.reference for p in converted.proposals()] == ["MP916"]


def test_the_exact_spellings_are_kept_as_aliases(converted: Govflow) -> None:
    converted.link("SECMP0916", meeting="PANEL_80", item="5")
    converted.link("MP916", meeting="WG_12", item="2", spelling="MP 916")
    assert converted.proposal("MP916").aliases == ("MP916", "DP916", "SECMP0916", "MP 916")


def test_an_alternative_is_a_proposal_of_its_own(gf: Govflow) -> None:
    gf.raise_proposal("MP922", title="Install visit notices", on="2020-11-13", path=2)
    gf.raise_proposal("MP922A", title="Install visit notices (alt)", on="2020-11-13", path=2)
    original, alternative = gf.proposal("MP922"), gf.proposal("mp 922a")
    assert (alternative.reference, alternative.alternative_of) == ("MP922A", "MP922")
    assert original.alternative_of is None
    assert original.key != alternative.key
    gf.advance("MP922A", "withdraw", on="2021-05-26")
    assert (gf.proposal("MP922").stage, gf.proposal("MP922A").stage) == (
        "initial_consideration", "withdrawn",
    )  # fmt: skip
    assert len(gf.history("MP922")) == 1


def test_an_unknown_reference_suggests_near_numbers(gf: Govflow) -> None:
    for number in (916, 917, 700):
        gf.raise_proposal(f"MP{number}", title=f"Proposal {number}", on="2020-01-10")
    error = refused(UnknownReference, lambda g: g.proposal("MP918"), gf)
    assert isinstance(error, NotFound)
    assert error.reference == "MP918"
    assert error.suggestions[:2] == ["MP917", "MP916"]
    assert "did you mean MP917, MP916" in str(error)


def test_an_unknown_reference_in_an_empty_database_points_to_the_list(gf: Govflow) -> None:
    error = refused(UnknownReference, lambda g: g.history("MP918"), gf)
    assert error.suggestions == []
    assert error.remedy is not None and error.remedy.action == "list_proposals"


def test_suggestions_are_written_as_the_references_are(gf: Govflow) -> None:
    gf.raise_proposal("MP909", title="Batch 4", on="2020-01-28")
    gf.raise_proposal("SECMP0907", title="Legacy", on="2019-01-15")
    error = refused(UnknownReference, lambda g: g.proposal("MP908"), gf)
    assert set(error.suggestions) == {"MP909", "SECMP0907"}


def test_alternative_of_is_written_as_the_reference_is(gf: Govflow) -> None:
    gf.raise_proposal("MP909A", title="Batch 4 (alternative)", on="2020-01-28")
    assert gf.proposal("MP909A").alternative_of == "MP909"


# -- advancing ----------------------------------------------------------------------------------


def test_advance_by_trigger_records_the_transition(converted: Govflow) -> None:
    converted.set_route("MP916", path=3, on="2020-02-14")
    change = converted.advance(
        "MP916", "start_refinement", on="2020-02-14", actor="Panel", note="agreed"
    )
    assert (change.reference, change.stage, change.kind) == ("MP916", "refinement", "transition")
    last = converted.history("MP916")[-1]
    assert (last.seq,) == change.seqs
    assert (last.trigger, last.from_stage, last.to_stage) == (
        "start_refinement", "initial_consideration", "refinement",
    )  # fmt: skip
    assert (last.actor, last.note, last.body) == ("Panel", "agreed", "PANEL")
    assert converted.proposal("MP916").stage == "refinement"


@pytest.mark.parametrize(
    ("target", "trigger"),
    [
        ("refinement", "start_refinement"),
        ("report", None),  # straight there, or through Refinement: not on record
        ("withdrawn", None),  # from here, or after Refinement or the Report Phase
    ],
)
def test_advance_to_a_stage_names_its_trigger_only_when_no_other_route_fits(
    converted: Govflow, target: str, trigger: str | None
) -> None:
    converted.set_route("MP916", path=3, on="2020-02-14")
    change = converted.advance("MP916", to=target, on="2020-02-14")
    assert (change.stage, change.kind) == (target, "transition" if trigger else "reached")
    assert converted.history("MP916")[-1].trigger == trigger


NEVER_REFINED = "a Fast-Track proposal never enters Refinement or the Report Phase"


def test_a_refused_move_gives_its_reasons_and_writes_nothing(converted: Govflow) -> None:
    converted.set_route("MP916", fast_track=True, on="2020-02-01")
    before = footprint(converted, "MP916")
    error = refused(
        TransitionNotAllowed, lambda g: g.advance("MP916", "start_refinement", on="2020-02-14"),
        converted,
    )  # fmt: skip
    assert error.reasons == [NEVER_REFINED]
    assert "withdraw" in error.possible and "start_refinement" not in error.possible
    assert "Possible now: " in str(error)
    assert footprint(converted, "MP916") == before


def test_a_refused_move_by_target_gives_its_reasons(converted: Govflow) -> None:
    converted.set_route("MP916", fast_track=True, on="2020-02-01")
    error = refused(TransitionNotAllowed, lambda g: g.advance("MP916", to="report"), converted)
    assert error.reasons == [NEVER_REFINED]


def test_a_move_that_needs_a_path_not_on_record_is_unchecked_not_refused(
    converted: Govflow,
) -> None:
    change = converted.advance("MP916", "start_refinement", on="2020-02-14")
    assert (change.kind, change.stage) == ("transition", "refinement")
    last = converted.history("MP916")[-1]
    assert last.payload == {"unchecked": ["the Panel has not set its path (1, 2 or 3)"]}
    assert "unchecked" not in converted.history("MP916", as_recorded=True)[-1].payload
    converted.set_route("MP916", path=3, on="2020-02-01")  # recorded later, dated before
    assert converted.history("MP916")[-1].payload == {}  # re-judged: checked now


def test_advance_to_an_unreachable_stage_says_where_it_can_go(converted: Govflow) -> None:
    error = refused(TransitionNotAllowed, lambda g: g.advance("MP916", to="draft"), converted)
    assert error.possible == ["approved", "refinement", "rejected", "report", "withdrawn"]


@pytest.mark.parametrize(
    "arguments",
    [{}, {"trigger": "withdraw", "to": "withdrawn"}],
    ids=["neither", "both"],
)
def test_advance_takes_a_trigger_or_a_target(converted: Govflow, arguments: dict[str, Any]) -> None:
    error = refused(InvalidInput, lambda g: g.advance("MP916", **arguments), converted)
    assert "either a trigger or a target stage" in str(error)


def test_an_unknown_trigger_is_refused_with_what_is_possible(converted: Govflow) -> None:
    error = refused(TransitionNotAllowed, lambda g: g.advance("MP916", "withdrew"), converted)
    assert "did you mean 'withdraw'" in str(error)


def test_convert_relabels_the_draft_proposal(meetings: Govflow) -> None:
    meetings.raise_proposal("DP916", title="Meter reading retries", on="2020-01-10")
    meetings.advance("DP916", "submit", on="2020-01-14")
    change = meetings.advance("DP916", "convert", meeting="CSC_21", item="4.1")
    assert (change.reference, change.stage) == ("MP916", "initial_consideration")
    assert change.kind == "transition" and len(change.seqs) == 2
    *_, transition, relabel = meetings.history("MP916")
    assert (transition.kind, transition.trigger) == ("transition", "convert")
    assert (relabel.kind, relabel.trigger) == ("relabel", "convert")
    assert relabel.payload == {"from": "DP916", "to": "MP916"}
    assert relabel.occurred_on == transition.occurred_on == dt.date(2020, 1, 28)
    view = meetings.proposal("DP916")
    assert view.reference == "MP916"
    assert view.aliases == ("MP916", "DP916")


def test_a_direct_mp_is_not_relabelled(converted: Govflow) -> None:
    converted.raise_proposal("MP936", title="Default maximum demand", on="2020-05-21", path=3)
    converted.advance("MP936", "send_to_report", on="2020-06-19")
    assert [e.kind for e in converted.history("MP936")] == ["raised", "transition"]
    assert converted.proposal("MP936").aliases == ("MP936",)


# -- meetings and items -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "expected"),
    [(None, dt.date(2020, 2, 14)), ("2020-02-17", dt.date(2020, 2, 17))],
    ids=["meeting-date", "given-date"],
)
def test_the_meeting_date_is_the_default_date(
    converted: Govflow, on: str | None, expected: dt.date
) -> None:
    change = converted.set_route("MP916", path=3, meeting="PANEL_80", item="5", on=on)
    assert change.occurred_on == expected
    last = converted.history("MP916")[-1]
    assert (last.occurred_on, last.meeting, last.item) == (expected, "PANEL_80", "5")
    assert last.item_title == "MP916 Initial Consideration"


def test_an_event_without_a_meeting_or_date_happens_today(converted: Govflow) -> None:
    before = dt.datetime.now(dt.UTC).date()
    change = converted.set_proposer("MP916", "Octopus Energy")
    assert change.occurred_on in {before, dt.datetime.now(dt.UTC).date()}  # UTC midnight


ITEM_ONLY: list[tuple[str, Operation]] = [
    ("raise", lambda g: g.raise_proposal("MP936", title="x", item="5")),
    ("advance", lambda g: g.advance("MP916", "withdraw", item="5")),
    ("record", lambda g: g.record("MP916", "presented", item="5")),
    ("route", lambda g: g.set_route("MP916", path=3, item="5")),
    ("release", lambda g: g.release("MP916", "November 2020", item="5")),
]


@pytest.mark.parametrize(
    "operation", [op for _, op in ITEM_ONLY], ids=[name for name, _ in ITEM_ONLY]
)
def test_an_item_without_its_meeting_is_refused(converted: Govflow, operation: Operation) -> None:
    before = footprint(converted, "MP916")
    error = refused(InvalidInput, operation, converted)
    assert "an agenda item needs its meeting" in str(error)
    assert footprint(converted, "MP916") == before
    assert len(converted.proposals()) == 1


@pytest.mark.parametrize(
    ("meeting", "item", "message"),
    [
        ("PANEL_81", None, "no meeting PANEL_81"),
        ("PANEL_80", "9", "meeting PANEL_80 has no item 9; its items: 5."),
        ("XYZ_1", None, "unknown committee 'XYZ'"),
    ],
    ids=["meeting", "item", "committee"],
)
def test_an_unknown_place_is_not_found_with_the_way_out(
    converted: Govflow, meeting: str, item: str | None, message: str
) -> None:
    converted.set_route("MP916", path=3, on="2020-02-14")
    before = footprint(converted, "MP916")
    error = refused(
        NotFound, lambda g: g.advance("MP916", "start_refinement", meeting=meeting, item=item),
        converted,
    )  # fmt: skip
    assert message in str(error)
    assert error.remedy is not None  # the edges say how to add it
    assert footprint(converted, "MP916") == before


@pytest.mark.parametrize("code", ["CSC_21", "CSC 21", "csc/21", "CSC_21_2801"])
def test_a_meeting_is_found_by_the_ways_papers_write_it(meetings: Govflow, code: str) -> None:
    found = meetings.meeting(code)
    assert (found.code, found.date, found.paper_code) == ("CSC_21", dt.date(2020, 1, 28), "21_2801")


def test_meetings_and_items_refuse_duplicates(meetings: Govflow) -> None:
    error = refused(AlreadyExists, lambda g: g.add_meeting("CSC_21", on="2020-02-01"), meetings)
    assert "already exists (on 2020-01-28)" in str(error)
    error = refused(AlreadyExists, lambda g: g.add_item("CSC_21", "4.1", title="x"), meetings)
    assert "already has an item 4.1" in str(error)
    meetings.add_item("CSC_21", "4.1.", title="DP916 and DP917 conversion", replace=True)
    assert meetings.meeting("CSC_21").items[0].title == "DP916 and DP917 conversion"


# -- dates and corrections ----------------------------------------------------------------------

LATE: list[tuple[str, Operation]] = [
    ("record", lambda g: g.record("MP916", "presented", on="2020-01-27")),
    ("link", lambda g: g.link("MP916", meeting="CSC_21", on="2020-01-27")),
    ("route", lambda g: g.set_route("MP916", path=3, on="2020-01-27")),
    ("proposer", lambda g: g.set_proposer("MP916", "DCC", on="2020-01-27")),
    ("release", lambda g: g.release("MP916", "November 2020", on="2020-01-27")),
]


@pytest.mark.parametrize("operation", [op for _, op in LATE], ids=[name for name, _ in LATE])
def test_an_event_dated_before_the_latest_takes_its_place_in_the_history(
    converted: Govflow, operation: Operation
) -> None:
    change = operation(converted)
    history = converted.history("MP916")
    assert [e.occurred_on for e in history] == sorted(e.occurred_on for e in history)
    placed = next(e for e in history if e.seq == change.seqs[0])
    assert history.index(placed) == 1  # after the raise (10 Jan), before the conversion (28th)
    assert converted.proposal("MP916").stage == "initial_consideration"
    assert converted.verify() == []


def test_a_late_entry_the_later_history_forbids_is_refused_naming_that_event(
    converted: Govflow,
) -> None:
    before = footprint(converted, "MP916")
    error = refused(
        TransitionNotAllowed, lambda g: g.advance("MP916", "withdraw", on="2020-01-27"), converted
    )
    assert "an entry dated 2020-01-27 would make event 2 ('convert' on 2020-01-28)" in str(error)
    assert "'withdrawn', a terminal stage" in str(error) or "terminal" in str(error)
    assert footprint(converted, "MP916") == before


def test_an_event_on_the_day_of_the_latest_is_accepted(converted: Govflow) -> None:
    change = converted.record("MP916", "presented", on="2020-01-28")
    assert change.occurred_on == dt.date(2020, 1, 28)


def test_a_correction_is_a_new_event_whose_values_every_view_shows(converted: Govflow) -> None:
    original = converted.history("MP916")[1]
    change = converted.correct(
        "MP916", original.seq, note="the CSC met on the 27th",
        changes={"occurred_on": "27 January 2020", "actor": "Change Sub-Committee"},
    )  # fmt: skip
    assert (change.kind, change.occurred_on) == ("correction", dt.date(2020, 1, 27))
    recorded = converted.history("MP916", as_recorded=True)
    correction = recorded[-1]
    assert (correction.kind, correction.corrects_seq) == ("correction", original.seq)
    assert correction.payload == {
        "changes": {"occurred_on": "2020-01-27", "actor": "Change Sub-Committee"}
    }
    assert correction.note == "the CSC met on the 27th"
    assert recorded[1] == converted.history("MP916", as_recorded=True)[1]  # never edited
    assert recorded[1].occurred_on == original.occurred_on
    shown = converted.history("MP916")[1]
    assert (shown.occurred_on, shown.actor) == (dt.date(2020, 1, 27), "Change Sub-Committee")
    assert shown.corrected_by == change.seqs
    assert "correction" not in {e.kind for e in converted.history("MP916")}
    assert converted.proposal("MP916").stage == "initial_consideration"
    assert converted.verify() == []


def test_a_correction_moves_the_event_in_every_view(converted: Govflow) -> None:
    converted.correct("MP916", 2, note="wrong date", changes={"occurred_on": "2020-01-20"})
    converted.record("MP916", "presented", on="2020-01-21")  # after the corrected conversion
    assert [e.kind for e in converted.history("MP916")] == [
        "raised", "transition", "relabel", "milestone",
    ]  # fmt: skip
    assert {r.reference: r.stage for r in converted.register(as_of="2020-01-20")} == {
        "MP916": "initial_consideration"
    }
    assert {r.reference: r.stage for r in converted.register(as_of="2020-01-19")} == {
        "DP916": "development"
    }


def test_a_correction_the_history_cannot_take_is_refused(converted: Govflow) -> None:
    error = refused(
        TransitionNotAllowed,
        lambda g: g.correct("MP916", 1, note="x", changes={"occurred_on": "2020-02-01"}),
        converted,
    )
    assert "would make event 2 ('convert' on 2020-01-28) impossible" in str(error)


@pytest.mark.parametrize(
    ("seq", "note", "changes", "error", "message"),
    [
        (2, "  ", {}, InvalidInput, "needs a note"),
        (2, "why", {"stage": "report"}, InvalidInput, "cannot correct stage; correctable:"),
        (2, "why", {"occurred_on": "2020-02-30"}, InvalidInput, "is not a corrected date"),
        (0, "why", {"note": "x"}, NotFound, "MP916 has no event 0; its events are 1 to 3"),
        (9, "why", {"note": "x"}, NotFound, "MP916 has no event 9; its events are 1 to 3"),
    ],
    ids=["no-note", "not-correctable", "bad-date", "seq-zero", "seq-beyond"],
)
def test_correct_refuses_what_it_cannot_record(
    converted: Govflow,
    seq: int,
    note: str,
    changes: dict[str, Any],
    error: type[GovflowError],
    message: str,
) -> None:
    caught = refused(
        error, lambda g: g.correct("MP916", seq, note=note, changes=changes), converted
    )
    assert message in str(caught)
    assert len(converted.history("MP916")) == 3


def test_a_correction_to_an_unknown_meeting_is_refused(converted: Govflow) -> None:
    with pytest.raises(NotFound):
        converted.correct("MP916", 2, note="it was the CSC", changes={"meeting": "CSC_99"})


# -- overrides ----------------------------------------------------------------------------------


def test_an_override_records_the_reason_and_the_waived_rules(converted: Govflow) -> None:
    reason = "the Panel set the path by email; confirmed at PANEL_81"
    change = converted.advance("MP916", "start_refinement", on="2020-02-14", override=reason)
    assert (change.kind, change.stage) == ("override", "refinement")
    last = converted.history("MP916")[-1]
    assert (last.kind, last.trigger, last.from_stage, last.to_stage) == (
        "override", "start_refinement", "initial_consideration", "refinement",
    )  # fmt: skip
    assert last.payload == {
        "override": reason,
        "waived": [],
        "unchecked": ["the Panel has not set its path (1, 2 or 3)"],
    }


def test_an_override_by_target_stage(converted: Govflow) -> None:
    converted.set_route("MP916", fast_track=True, on="2020-02-01")
    change = converted.advance("MP916", to="report", on="2020-02-14", override="Panel decision")
    assert (change.kind, change.stage) == ("reached", "report")  # the way between not on record
    last = converted.history("MP916")[-1]
    assert (last.trigger, last.payload["override"]) == (None, "Panel decision")
    assert NEVER_REFINED in last.payload["waived"]


def test_an_override_of_a_met_rule_waives_nothing(converted: Govflow) -> None:
    converted.set_route("MP916", path=3, on="2020-02-14")
    converted.advance("MP916", "start_refinement", on="2020-02-14", override="belt and braces")
    assert converted.history("MP916")[-1].payload["waived"] == []


def test_an_override_never_creates_a_transition(converted: Govflow) -> None:
    error = refused(
        TransitionNotAllowed, lambda g: g.advance("MP916", "implement", override="urgent"),
        converted,
    )  # fmt: skip
    assert "does not apply" in str(error)


OVERRIDDEN: list[tuple[str, Operation]] = [
    ("advance", lambda g: g.advance("MP916", "start_refinement", override="")),
    ("advance-blank", lambda g: g.advance("MP916", "start_refinement", override="   ")),
    ("record", lambda g: g.record("MP916", "mrc_opened", override=" ")),
    ("raise", lambda g: g.raise_proposal("MP917", title="x", stage="report", override="")),
]


@pytest.mark.parametrize(
    "operation", [op for _, op in OVERRIDDEN], ids=[name for name, _ in OVERRIDDEN]
)
def test_an_override_without_a_reason_is_refused(converted: Govflow, operation: Operation) -> None:
    before = footprint(converted, "MP916")
    error = refused(InvalidInput, operation, converted)
    assert "an override needs a reason" in str(error)
    assert footprint(converted, "MP916") == before
    assert len(converted.proposals()) == 1


def test_a_milestone_override_records_the_waived_reasons(converted: Govflow) -> None:
    change = converted.record("MP916", "mrc_opened", on="2020-02-01", override="early start")
    assert change.kind == "override"
    last = converted.history("MP916")[-1]
    assert (last.kind, last.milestone) == ("override", "mrc_opened")
    assert last.payload == {
        "override": "early start",
        "waived": ["'mrc_opened' is recorded only in report; it is in 'initial_consideration'"],
    }
    assert "mrc_opened" in converted.proposal("MP916").milestones


# -- milestones ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("milestone", "reason"),
    [
        ("mrc_opened", "'mrc_opened' is recorded only in report; it is in 'refinement'"),
        ("development_workshop", "'development_workshop' is recorded only in development"),
        ("refinement_consultation_closed", "the Refinement Consultation was never opened"),
        ("resumed", "it was never paused"),
    ],
    ids=["report-only", "development-only", "closed-before-opened", "resumed-before-paused"],
)
def test_a_milestone_the_rules_refuse_gives_its_reasons(
    refining: Govflow, milestone: str, reason: str
) -> None:
    before = footprint(refining, "MP916")
    error = refused(TransitionNotAllowed, lambda g: g.record("MP916", milestone), refining)
    assert error.reasons[0].startswith(reason)
    assert footprint(refining, "MP916") == before


def test_recorded_milestones_appear_once_in_the_proposal(refining: Govflow) -> None:
    refining.record("MP916", "working_group_meeting", meeting="WG_12", item="2")
    refining.record("MP916", "working_group_meeting", on="2020-05-06")
    refining.record("MP916", "legal_text_agreed", on="2020-05-06")
    assert refining.proposal("MP916").milestones == ("working_group_meeting", "legal_text_agreed")
    events = [e for e in refining.history("MP916") if e.kind == "milestone"]
    assert [(e.milestone, e.occurred_on, e.meeting) for e in events] == [
        ("working_group_meeting", dt.date(2020, 4, 8), "WG_12"),
        ("working_group_meeting", dt.date(2020, 5, 6), None),
        ("legal_text_agreed", dt.date(2020, 5, 6), None),
    ]
    assert refining.proposal("MP916").step == "legal_text"


def test_a_milestone_may_span_a_date_range(refining: Govflow) -> None:
    refining.record("MP916", "refinement_consultation_opened", on="2020-05-04", until="2020-05-22")
    last = refining.history("MP916")[-1]
    assert (last.occurred_on, last.until) == (dt.date(2020, 5, 4), dt.date(2020, 5, 22))


def test_a_range_that_ends_before_it_starts_is_refused(refining: Govflow) -> None:
    before = footprint(refining, "MP916")
    error = refused(
        InvalidInput,
        lambda g: g.record(
            "MP916", "refinement_consultation_opened", on="2020-05-22", until="2020-05-04"
        ),
        refining,
    )
    assert "2020-05-04 is before the start date 2020-05-22" in str(error)
    assert isinstance(error, InvalidInput) and error.field == "until"
    assert footprint(refining, "MP916") == before


def test_an_unknown_milestone_is_refused_with_did_you_mean(refining: Govflow) -> None:
    error = refused(InvalidInput, lambda g: g.record("MP916", "legal_text_agreeed"), refining)
    assert "did you mean 'legal_text_agreed'" in str(error)


# -- links --------------------------------------------------------------------------------------


def test_a_link_keeps_the_spelling_and_shows_on_the_item(converted: Govflow) -> None:
    change = converted.link("SECMP0916", meeting="PANEL_80", item="5", note="discussed")
    assert (change.kind, change.stage, change.occurred_on) == (
        "link", "initial_consideration", dt.date(2020, 2, 14),
    )  # fmt: skip
    last = converted.history("MP916")[-1]
    assert (last.kind, last.meeting, last.item) == ("link", "PANEL_80", "5")
    assert last.payload == {"spelling": "SECMP0916"}
    assert "SECMP0916" in converted.proposal("MP916").aliases
    (item,) = converted.meeting("PANEL_80").items
    assert item.proposals == ("MP916",)
    assert converted.proposal("MP916").stage == "initial_consideration"


def test_an_item_lists_each_proposal_once(converted: Govflow) -> None:
    converted.raise_proposal("MP936", title="Default maximum demand", on="2020-01-28")
    converted.link("MP936", meeting="CSC_21", item="4.1")
    converted.link("MP 916", meeting="CSC_21", item="4.1")
    (item,) = converted.meeting("CSC_21").items
    assert item.proposals == ("MP916", "MP936")


def test_a_link_to_a_meeting_without_an_item(converted: Govflow) -> None:
    converted.link("MP916", meeting="WG_12")
    last = converted.history("MP916")[-1]
    assert (last.meeting, last.item, last.committee) == ("WG_12", None, "WG")


@pytest.mark.parametrize("spelling", ["MP999", "DP916A", "minutes"])
def test_a_link_spelling_must_name_the_same_proposal(converted: Govflow, spelling: str) -> None:
    with pytest.raises(InvalidInput):
        converted.link("MP916", meeting="WG_12", spelling=spelling)


# -- route, proposer, releases ------------------------------------------------------------------


def test_set_route_records_what_changed(converted: Govflow) -> None:
    converted.set_route("MP916", path=2, urgent=True, meeting="PANEL_80", item="5")
    converted.set_route("MP916", path=3, urgent=False, on="2020-02-20")
    view = converted.proposal("MP916")
    assert (view.path, view.flags) == ("3", ())
    first, second = (e for e in converted.history("MP916") if e.kind == "route")
    assert first.payload == {
        "path": {"from": None, "to": "2"}, "flags": {"from": [], "to": ["urgent"]},
    }  # fmt: skip
    assert second.payload == {
        "path": {"from": "2", "to": "3"}, "flags": {"from": ["urgent"], "to": []},
    }  # fmt: skip


def test_routes_and_flags_by_name_are_the_conveniences_spelled_out(converted: Govflow) -> None:
    converted.set_route("MP916", route="2", flags=["urgent", "fast_track"], on="2020-02-14")
    converted.set_route("MP916", no_flags=["urgent"], on="2020-02-15")
    view = converted.proposal("MP916")
    assert (view.path, view.flags, view.route_label) == (
        "2", ("fast_track",), "Path 2: Authority Determination (the Change Board recommends; "
        "Ofgem decides)",
    )  # fmt: skip
    converted.raise_proposal("MP917", title="fictional", on="2020-03-02", route=1,
                             flags=["urgent"])  # fmt: skip
    assert (converted.proposal("MP917").path, converted.proposal("MP917").flags) == (
        "1", ("urgent",),
    )  # fmt: skip


def test_a_route_change_keeps_what_it_does_not_name(converted: Govflow) -> None:
    converted.set_route("MP916", path=2, urgent=True, on="2020-02-14")
    converted.set_route("MP916", fast_track=True, on="2020-02-14")
    view = converted.proposal("MP916")
    assert (view.path, set(view.flags)) == ("2", {"urgent", "fast_track"})


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"path": 4}, InvalidInput, "has no path '4'"),
        ({"path": 3, "meeting": "PANEL_81"}, NotFound, "no meeting PANEL_81"),
    ],
    ids=["bad-path", "unknown-meeting"],
)
def test_set_route_refuses_bad_input(
    converted: Govflow, arguments: dict[str, Any], error: type[GovflowError], message: str
) -> None:
    before = footprint(converted, "MP916")
    assert message in str(refused(error, lambda g: g.set_route("MP916", **arguments), converted))
    assert footprint(converted, "MP916") == before


def test_the_route_of_a_closed_proposal_cannot_change(converted: Govflow) -> None:
    converted.advance("MP916", "withdraw", on="2020-02-01")
    error = refused(TransitionNotAllowed, lambda g: g.set_route("MP916", path=3), converted)
    assert "'withdrawn', a terminal stage" in str(error)


def test_a_change_of_proposer_keeps_the_history(converted: Govflow) -> None:
    converted.set_proposer("MP916", "Octopus Energy", on="2020-03-01", note="handed over")
    converted.set_proposer("MP916", "E.ON", on="2020-06-01")
    assert converted.proposal("MP916").proposer == "E.ON"
    history = converted.history("MP916")
    assert history[0].payload["proposer"] == "British Gas"
    changes = [(e.occurred_on, e.payload) for e in history if e.kind == "proposer"]
    assert changes == [
        (dt.date(2020, 3, 1), {"from": "British Gas", "to": "Octopus Energy"}),
        (dt.date(2020, 6, 1), {"from": "Octopus Energy", "to": "E.ON"}),
    ]


def test_a_proposal_implemented_in_two_releases(refining: Govflow) -> None:
    refining.advance("MP916", to="approved", on="2021-10-01")  # the steps between implied
    refining.release(
        "MP916", "November 2021", release_date="2021-11-04", status="implemented", on="2021-11-04"
    )
    refining.release(
        "MP916", "June 2022", release_date="2022-06-30", status="implemented", on="2022-06-30"
    )
    releases = refining.proposal("MP916").releases
    assert [(r.release, r.date, r.status) for r in releases] == [
        ("November 2021", dt.date(2021, 11, 4), "implemented"),
        ("June 2022", dt.date(2022, 6, 30), "implemented"),
    ]
    events = [e.payload for e in refining.history("MP916") if e.kind == "release"]
    assert [(p["release"], p["status"]) for p in events] == [
        ("November 2021", "implemented"), ("June 2022", "implemented"),
    ]  # fmt: skip


def test_a_target_release_that_moves(refining: Govflow) -> None:
    refining.release("MP916", "November 2020", on="2020-04-08", note="Proposed for November 2020")
    refining.release("MP916", "November 2021", release_date="2021-11-04", on="2020-10-01",
                     moved_from="November 2020")  # fmt: skip
    assert [(r.release, r.status) for r in refining.proposal("MP916").releases] == [
        ("November 2020", "retargeted"), ("November 2021", "targeted"),
    ]  # fmt: skip
    row = next(r for r in refining.register(as_of="2020-10-01") if r.reference == "MP916")
    assert [(r.release, r.status) for r in row.releases] == [
        ("November 2020", "retargeted"), ("November 2021", "targeted"),
    ]  # fmt: skip
    with pytest.raises(TransitionNotAllowed, match="MP916: it was not in 'June 2022' then"):
        refining.release("MP916", "November 2022", moved_from="June 2022", on="2021-01-04")
    assert refining.releases() == [("November 2021", dt.date(2021, 11, 4)), ("November 2020", None)]
    assert len([e for e in refining.history("MP916") if e.kind == "release"]) == 2


def test_a_release_date_is_set_when_first_known(refining: Govflow) -> None:
    refining.release("MP916", "November 2021", on="2020-10-01")
    refining.release("MP916", "November 2021", release_date="4 November 2021", on="2020-10-02")
    assert refining.releases() == [("November 2021", dt.date(2021, 11, 4))]
    assert refining.history("MP916")[-1].payload["release_date"] == "2021-11-04"


def test_an_unknown_release_status_is_refused(refining: Govflow) -> None:
    error = refused(
        InvalidInput, lambda g: g.release("MP916", "June 2022", status="implement"), refining
    )
    assert "did you mean 'implemented'" in str(error)
    assert refining.releases() == []


# -- next steps ---------------------------------------------------------------------------------


def test_next_steps_give_what_is_allowed_blocked_and_recordable(refining: Govflow) -> None:
    steps = refining.next_steps("SECMP0916")
    assert (steps.reference, steps.stage, steps.terminal) == ("MP916", "refinement", False)
    assert [o.trigger for o in steps.allowed] == ["withdraw"]
    assert {o.trigger: o.reasons for o in steps.blocked} == {
        "send_to_report": ("the Refinement Consultation has not closed",)
    }
    assert "refinement_consultation_opened" in steps.milestones
    assert "refinement_consultation_closed" not in steps.milestones
    assert "mrc_opened" not in steps.milestones


def test_next_steps_follow_the_recorded_milestones(refining: Govflow) -> None:
    refining.record("MP916", "refinement_consultation_opened", on="2020-05-04")
    refining.record("MP916", "refinement_consultation_closed", on="2020-05-22")
    steps = refining.next_steps("MP916")
    assert {o.trigger for o in steps.allowed} == {"send_to_report", "withdraw"}
    assert steps.blocked == ()


def test_next_steps_of_a_closed_proposal(converted: Govflow) -> None:
    converted.advance("MP916", to="withdrawn", on="2020-02-01")
    steps = converted.next_steps("MP916")
    assert (steps.allowed, steps.blocked, steps.milestones, steps.terminal) == ((), (), (), True)


# -- listing and the register -------------------------------------------------------------------


@pytest.fixture
def several(meetings: Govflow) -> Govflow:
    """DP950 at the CSC, MP916 converted at CSC_21 then in Refinement, MP936 at the Change Board,
    MP922 withdrawn."""
    gf = meetings
    gf.add_meeting("CB_45", on="2020-08-26")
    gf.add_item("CB_45", "3", title="MP936 vote")
    gf.raise_proposal("DP916", title="Meter reading retries", on="2020-01-10", stage="development")
    gf.advance("DP916", "convert", meeting="CSC_21", item="4.1")
    gf.set_route("MP916", path=3, on="2020-02-14")
    gf.advance("MP916", to="refinement", meeting="PANEL_80", item="5")
    gf.raise_proposal("MP936", title="Default maximum demand", on="2020-05-21", path=3)
    gf.advance("MP936", "send_to_report", on="2020-06-19")
    gf.record("MP936", "mrc_opened", on="2020-07-20", until="2020-08-07")
    gf.record("MP936", "mrc_closed", on="2020-08-07")
    gf.advance("MP936", "send_to_change_board", on="2020-08-10")
    gf.record("MP936", "change_board_vote", meeting="CB_45", item="3")
    gf.raise_proposal("MP922", title="Install visit notices", on="2020-11-13", path=2)
    gf.advance("MP922", "withdraw", on="2021-05-26")
    gf.raise_proposal("DP950", title="Data retention", on="2020-10-27", stage="development")
    return gf


# Read-only tables over one database each: a loop, so the database is built once per table.
FILTERS: list[tuple[str, dict[str, Any], list[str]]] = [
    ("all", {}, ["MP916", "MP922", "MP936", "DP950"]),
    ("stage", {"stage": "refinement"}, ["MP916"]),
    ("withdrawn", {"stage": "withdrawn"}, ["MP922"]),
    ("none-approved", {"stage": "approved"}, []),
    ("workflow", {"workflow": "sec-modification"}, ["MP916", "MP922", "MP936", "DP950"]),
    ("committee-csc", {"committee": "CSC"}, ["MP916"]),
    ("committee-lower-case", {"committee": "cb"}, ["MP936"]),
    ("committee-panel", {"committee": "PANEL"}, ["MP916"]),
    ("committee-without-proposals", {"committee": "OPSG"}, []),
    ("since", {"since": "2020-10-01"}, ["MP922", "DP950"]),
    ("until", {"until": "2020-01-31"}, ["MP916"]),
    ("since-and-until", {"since": "2020-06-01", "until": "2020-06-30"}, ["MP936"]),
    ("since-and-committee", {"since": "2020-06-01", "committee": "CB"}, ["MP936"]),
    ("stage-and-committee", {"stage": "refinement", "committee": "CB"}, []),
]

BAD_FILTERS: list[tuple[dict[str, Any], type[GovflowError], str]] = [
    ({"committee": "OPSGG"}, NotFound, "unknown committee 'OPSGG' (did you mean 'OPSG'?)"),
    ({"workflow": "bsc"}, UnknownWorkflow, "unknown workflow 'bsc'"),
    ({"since": "last week"}, InvalidInput, "'last week' is not a date"),
]

REGISTER: list[tuple[str | dt.date, dict[str, str]]] = [
    ("2020-01-09", {}),
    ("2020-01-10", {"DP916": "development"}),
    ("2020-02-13", {"MP916": "initial_consideration"}),
    ("2020-06-30", {"MP916": "refinement", "MP936": "report"}),
    ("2020-12-31", {"MP916": "refinement", "MP922": "initial_consideration",
                    "MP936": "change_board", "DP950": "development"}),
    (dt.date(2021, 5, 26), {"MP916": "refinement", "MP922": "withdrawn",
                            "MP936": "change_board", "DP950": "development"}),
]  # fmt: skip


def test_proposals_are_filtered(several: Govflow) -> None:
    for name, filters, expected in FILTERS:
        assert [p.reference for p in several.proposals(**filters)] == expected, name


def test_proposals_refuse_unknown_filters(several: Govflow) -> None:
    for filters, error, message in BAD_FILTERS:
        with pytest.raises(error) as caught:
            several.proposals(**filters)
        assert message in str(caught.value)


def test_the_register_as_of_a_date_follows_the_events(several: Govflow) -> None:
    for as_of, expected in REGISTER:
        rows = several.register(as_of=as_of)
        assert {row.reference: row.stage for row in rows} == expected, as_of
        assert [row.reference for row in rows] == list(expected), as_of


def test_a_register_row_names_the_last_decision_and_meeting(several: Govflow) -> None:
    row = next(r for r in several.register(as_of="2020-03-01") if r.reference == "MP916")
    assert (row.stage, row.stage_since) == ("refinement", dt.date(2020, 2, 14))
    assert (row.last_decision, row.last_decision_on, row.last_meeting) == (
        "start_refinement", dt.date(2020, 2, 14), "PANEL_80",
    )  # fmt: skip
    assert (row.title, row.proposer, row.workflow) == (
        "Meter reading retries", None, "sec-modification",
    )  # fmt: skip


def test_a_register_row_of_a_proposal_never_moved_has_no_decision(several: Govflow) -> None:
    row = next(r for r in several.register(as_of="2020-12-31") if r.reference == "DP950")
    assert (row.stage_since, row.last_decision, row.last_meeting) == (
        dt.date(2020, 10, 27), None, None,
    )  # fmt: skip


def test_the_register_defaults_to_today(several: Govflow) -> None:
    assert several.register() == several.register(as_of=dt.datetime.now(dt.UTC).date())


def test_the_register_as_of_a_date_shows_the_route_and_releases_of_that_date(
    gf: Govflow,
) -> None:
    gf.raise_proposal("MP936", title="Default maximum demand", on="2020-05-21")
    gf.set_route("MP936", path=3, on="2020-06-01")
    gf.release("MP936", "November 2020", on="2020-08-26")
    (row,) = gf.register(as_of="2020-05-25")
    assert (row.path, row.releases) == (None, ())


# -- history and dates --------------------------------------------------------------------------


def test_history_is_every_event_in_order(refining: Govflow) -> None:
    history = refining.history("DP916")
    assert [(e.seq, e.kind, e.trigger) for e in history] == [
        (1, "raised", None),
        (2, "transition", "convert"),
        (3, "relabel", "convert"),
        (4, "route", None),
        (5, "transition", "start_refinement"),
    ]
    assert [e.occurred_on for e in history] == sorted(e.occurred_on for e in history)
    assert history[0].prev_hash != history[0].hash
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(history))
    assert history[1].body == "CSC"
    assert history[4].item_title == "MP916 Initial Consideration"


def test_dates_read_back_as_a_date_and_a_utc_timestamp(gf: Govflow) -> None:
    start = dt.datetime.now(dt.UTC)
    gf.raise_proposal("MP936", title="Default maximum demand", on=dt.date(2020, 5, 21))
    end = dt.datetime.now(dt.UTC)
    (event,) = gf.history("MP936")
    assert type(event.occurred_on) is dt.date
    assert event.occurred_on == dt.date(2020, 5, 21)
    assert isinstance(event.recorded_at, dt.datetime)
    assert event.recorded_at.utcoffset() == dt.timedelta(0)
    assert start - dt.timedelta(seconds=1) <= event.recorded_at <= end + dt.timedelta(seconds=1)
    # Two read paths (the history cursor and the proposal view) agree to the microsecond.
    assert gf.proposal("MP936").last_event == event
    assert gf.history("MP936") == [event]
    as_json = event.to_dict()
    assert as_json["occurred_on"] == "2020-05-21"
    assert as_json["recorded_at"] == event.recorded_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def test_a_proposal_view_reads_back_what_was_written(refining: Govflow) -> None:
    view = refining.proposal("MP916")
    assert (view.reference, view.title, view.proposer) == (
        "MP916", "Meter reading retries", "British Gas",
    )  # fmt: skip
    assert (view.workflow, view.workflow_version, view.stage_label) == (
        "sec-modification", 3, "Refinement Process",
    )  # fmt: skip
    assert view.key == "SEC:916"
    assert view.version > 1
    assert view.last_event is not None and view.last_event.seq == 5
    assert view.to_dict()["raised_on"] == "2020-01-10"


def test_verify_accepts_every_kind_of_event(refining: Govflow) -> None:
    refining.record("MP916", "working_group_meeting", meeting="WG_12", item="2")
    refining.link("MP 916", meeting="WG_12", item="2")
    refining.set_proposer("MP916", "DCC", on="2020-04-09")
    refining.release("MP916", "November 2021", release_date="2021-11-04", on="2020-04-09")
    refining.correct("MP916", 6, note="the Working Group met online", changes={"item": "2"})
    refining.advance("MP916", "send_to_report", on="2020-05-01", override="paper consultation")
    assert len({e.kind for e in refining.history("MP916", as_recorded=True)}) == 10
    assert refining.verify() == []


# -- one transaction per call, and locking ------------------------------------------------------

REFUSED: list[tuple[str, type[GovflowError], Operation]] = [
    ("refused-transition", TransitionNotAllowed,
     lambda g: g.advance("MP916", "approve", meeting="PANEL_80", item="5")),
    ("advance-unknown-item", NotFound,
     lambda g: g.advance("MP916", "withdraw", meeting="PANEL_80", item="9")),
    ("record-unknown-meeting", NotFound,
     lambda g: g.record("MP916", "presented", meeting="TABASC_88")),
    ("link-unknown-item", NotFound, lambda g: g.link("MP916", meeting="WG_12", item="3")),
    ("release-unknown-meeting", NotFound,
     lambda g: g.release("MP916", "November 2021", meeting="PANEL_81")),
    ("route-unknown-item", NotFound,
     lambda g: g.set_route("MP916", path=3, meeting="PANEL_80", item="6")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("error", "operation"),
    [(error, op) for _, error, op in REFUSED],
    ids=[name for name, _, _ in REFUSED],
)
def test_a_refused_call_writes_nothing(
    converted: Govflow, error: type[GovflowError], operation: Operation
) -> None:
    before = footprint(converted, "MP916")
    refused(error, operation, converted)
    assert footprint(converted, "MP916") == before
    assert converted.releases() == []
    assert converted.verify() == []


def test_a_conversion_refused_half_way_leaves_the_draft_as_it_was(meetings: Govflow) -> None:
    meetings.raise_proposal(
        "DP916", title="Meter reading retries", on="2020-01-10", stage="development"
    )
    before = footprint(meetings, "DP916")
    refused(
        NotFound, lambda g: g.advance("DP916", "convert", meeting="CSC_21", item="4.2"), meetings
    )
    assert footprint(meetings, "DP916") == before
    assert meetings.proposal("MP916").reference == "DP916"


def test_a_raise_refused_half_way_creates_nothing(meetings: Govflow) -> None:
    refused(
        NotFound,
        lambda g: g.raise_proposal("MP936", title="x", meeting="PANEL_80", item="6"),
        meetings,
    )
    assert meetings.proposals() == []
    refused(UnknownReference, lambda g: g.proposal("MP936"), meetings)


def test_every_write_raises_the_version(converted: Govflow) -> None:
    versions = [converted.proposal("MP916").version]
    converted.record("MP916", "presented", on="2020-02-01")
    versions.append(converted.proposal("MP916").version)
    converted.link("MP916", meeting="PANEL_80")
    versions.append(converted.proposal("MP916").version)
    assert versions == sorted(set(versions))


def test_a_stale_expected_version_is_refused_naming_the_stage(converted: Govflow) -> None:
    shown = converted.proposal("MP916")
    converted.set_route("MP916", path=3, on="2020-02-14")
    converted.advance("MP916", "start_refinement", on="2020-02-14")
    before = footprint(converted, "MP916")
    error = refused(
        StaleProposal,
        lambda g: g.advance("MP916", "withdraw", on="2020-02-20", expected_version=shown.version),
        converted,
    )
    assert (error.reference, error.stage) == ("MP916", "refinement")
    assert "it is now in 'refinement'" in str(error)
    assert footprint(converted, "MP916") == before


def test_a_current_expected_version_is_accepted(converted: Govflow) -> None:
    shown = converted.proposal("MP916")
    change = converted.advance("MP916", "withdraw", on="2020-02-20", expected_version=shown.version)
    assert change.stage == "withdrawn"


ERRORS = [
    "AlreadyExists", "IntegrityError", "InvalidInput", "InvalidWorkflow", "NotFound",
    "StaleProposal", "TransitionNotAllowed", "UnknownReference", "UnknownWorkflow",
]  # fmt: skip


def test_every_public_name_resolves() -> None:
    assert all(getattr(govflow, name) is not None for name in govflow.__all__)


@pytest.mark.parametrize("name", ERRORS)
def test_every_public_error_is_a_govflow_error(name: str) -> None:
    assert name in govflow.__all__
    assert issubclass(getattr(govflow, name), govflow.GovflowError)


def test_a_legacy_proposal_before_the_workflow_is_pinned_to_the_earliest_version(
    gf: Govflow,
) -> None:  # SECMP0961 and its date are invented: before the SEC's first version (version 0)
    with pytest.raises(UnknownWorkflow, match="give an override reason"):
        gf.raise_proposal("SECMP0961", title="Legacy", on="2012-03-01")
    gf.raise_proposal(
        "SECMP0961", title="Legacy", on="2012-03-01", override="from an invented register"
    )
    view = gf.proposal("SECMP961")
    assert (view.workflow_version, view.stage) == (0, "initial_consideration")
    assert "pinned" in gf.history("SECMP0961")[0].payload


def test_secmp0063_raised_before_the_development_stage_lands_on_version_0(gf: Govflow) -> None:
    """SECMP0063 was raised on 2 October 2018 (a public fact, from issue 14), before version 1's
    Development Stage came into force (1 November 2018): no override is needed. Its title is not
    confirmed in our sources, so the title here says so."""
    gf.raise_proposal("SECMP0063", title="(title not confirmed in our sources)", on="2018-10-02")
    view = gf.proposal("SECMP63")
    assert (view.workflow, view.workflow_version) == ("sec-modification", 0)
    assert (view.stage, view.reference) == ("initial_consideration", "SECMP0063")
    assert "pinned" not in gf.history("SECMP0063")[0].payload
    with pytest.raises(InvalidInput, match="does not use the prefix DP"):
        gf.raise_proposal("DP961", title="invented", on="2018-10-02")  # no DPs before Nov 2018
    gf.raise_proposal("MP962", title="invented", on="2018-11-01")
    # versions 2 and 3 correct 1 from its day: the highest in force is taken
    assert gf.proposal("MP962").workflow_version == 3
