"""``govflow proposal ...`` through Typer's CliRunner: success, --json shapes, every error path."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast, get_args

import pytest
import typer
import typer.main
import typer.testing
from typer.testing import CliRunner, Result

from govflow.cli import app
from govflow.cli import proposal as proposal_cli
from govflow.cli._complete import (
    complete_flag,
    complete_reference,
    complete_route,
    complete_stage,
    complete_trigger,
)
from govflow.records.amendments import RELEASE_STATUSES
from govflow.service import Govflow

Invoke = Callable[..., Result]


@pytest.fixture
def converted(gf: Govflow) -> Govflow:
    """MP960: raised as DP960, submitted, converted at CSC_38 item 5 (25 May 2021)."""
    gf.add_meeting("CSC_38", on="2021-05-25")
    gf.add_item("CSC_38", "5", title="DP960 conversion", presenter="SECAS")
    gf.raise_proposal("DP960", title="Firmware retry limits", on="2021-03-01")
    gf.advance("DP960", "submit", on="2021-03-02")
    gf.advance("DP960", "convert", meeting="CSC_38", item="5", actor="CSC")
    return gf


@pytest.fixture
def refining(converted: Govflow) -> Govflow:
    """MP960 on Path 3, in refinement since 18 June 2021."""
    converted.set_route("MP960", path=3, on="2021-06-18")
    converted.advance("MP960", "start_refinement", on="2021-06-18")
    return converted


def _json(result: Result) -> Any:
    return json.loads(result.stdout)


# -- raise -----------------------------------------------------------------------------------------
def test_raise_prints_the_reference_stage_and_event(cli: Invoke) -> None:
    result = cli("proposal", "raise", "DP960", "--title", "Firmware retry limits",
                 "--on", "1 March 2021", "--proposer", "British Gas")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "DP960: raised on 2021-03-01; stage Draft (draft) (event 1)\n"
    shown = _json(cli("proposal", "show", "DP960", "--json"))
    assert (shown["proposer"], shown["raised_on"]) == ("British Gas", "2021-03-01")


def test_raise_sets_route_flags_and_meeting(cli: Invoke, gf: Govflow) -> None:
    gf.add_meeting("PANEL_96", on="2021-06-18")
    result = cli("proposal", "raise", "MP960", "--title", "Manifest error", "--path", "3",
                 "--fast-track", "--meeting", "PANEL 96", "--by", "Panel")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "on 2021-06-18; stage Initial Consideration (initial_consideration)" in result.stdout
    shown = gf.proposal("MP960")
    assert (shown.path, shown.flags) == ("3", ("fast_track",))
    assert shown.last_event is not None and shown.last_event.meeting == "PANEL_96"


def test_raise_legacy_stage_needs_an_override(cli: Invoke) -> None:
    refused = cli("proposal", "raise", "MP7", "--title", "Old", "--stage", "report")
    assert refused.exit_code == 1
    assert "give an override reason" in refused.stderr
    result = cli("proposal", "raise", "MP7", "--title", "Old", "--stage", "report",
                 "--override", "migrated from the 2019 register")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "stage Report Phase (report)" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["DP960", "--title", "Again"], 1, "MP960 already exists (in 'initial_consideration')"),
        (["QQ1", "--title", "x"], 1, "'QQ1' is not a proposal reference"),
        (["DP1", "--title", " "], 1, "a proposal needs a title"),
        (["DP1", "--title", "x", "--on", "31/02/2021"], 1, "24 May 2021"),
        (["DP1", "--title", "x", "--stage", "refinment"], 1, "did you mean 'refinement'?"),
        (["DP1", "--title", "x", "--workflow", "sec"], 1, "unknown workflow 'sec'"),
    ],
    ids=["exists", "bad-reference", "empty-title", "bad-date", "unknown-stage",
         "unknown-workflow"],
)  # fmt: skip
def test_raise_errors(
    cli: Invoke, converted: Govflow, args: list[str], code: int, message: str
) -> None:
    result = cli("proposal", "raise", *args)
    assert result.exit_code == code, result.output
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


# -- advance ---------------------------------------------------------------------------------------
def test_advance_by_trigger(cli: Invoke, gf: Govflow) -> None:
    gf.raise_proposal("DP960", title="Firmware retry limits", on="2021-03-01")
    result = cli("proposal", "advance", "DP960", "submit", "--on", "2021-03-02", "--by", "SECAS")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "DP960: moved from Draft (submit) on 2021-03-02; stage Development Stage (development) "
        "(event 2)\n"
    )


@pytest.mark.parametrize("code", ["CSC_38", "CSC 38", "CSC/38", "csc_38"])
def test_advance_at_a_meeting_takes_its_date_and_relabels(
    cli: Invoke, gf: Govflow, code: str
) -> None:
    gf.add_meeting("CSC_38", on="2021-05-25")
    gf.add_item("CSC_38", "5", title="DP960 conversion")
    gf.raise_proposal("DP960", title="Firmware retry limits", on="2021-03-01")
    gf.advance("DP960", "submit", on="2021-03-02")
    result = cli("proposal", "advance", "DP960", "convert", "--meeting", code, "--item", "5")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "MP960: moved from Development Stage (convert) on 2021-05-25; stage Initial Consideration"
    )
    assert "(events 3, 4)" in result.stdout


def test_advance_to_a_stage(cli: Invoke, refining: Govflow) -> None:
    refining.record("MP960", "refinement_consultation_opened", on="2021-08-02")
    refining.record("MP960", "refinement_consultation_closed", on="2021-08-20")
    result = cli("proposal", "advance", "MP960", "--to", "report", "--on", "2021-09-10")
    assert result.exit_code == 0, result.output
    assert "send_to_report" not in result.stdout
    assert (
        "moved from Refinement Process on 2021-09-10; stage Report Phase (report)" in result.stdout
    )
    assert refining.history("MP960")[-1].trigger == "send_to_report"


def test_advance_with_override_records_the_reason(cli: Invoke, refining: Govflow) -> None:
    result = cli("proposal", "advance", "MP960", "send_to_report", "--on", "2021-09-10",
                 "--override", "consultation waived by the Panel")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "(override)" in result.stdout
    last = refining.history("MP960")[-1]
    assert (last.kind, last.payload["override"]) == ("override", "consultation waived by the Panel")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["MP960", "send_to_report"], 1,
         "Cannot advance MP960 with 'send_to_report': it is in 'refinement' and the Refinement "
         "Consultation has not closed. Possible now: withdraw"),
        (["MP960", "sendto_report"], 1, "Unknown trigger 'sendto_report' (did you mean "
                                        "'send_to_report'?)"),
        (["MP960", "submit"], 1, "where 'submit' does not apply"),
        (["MP960", "--to", "development"], 1,
         "No transition leads from 'refinement' to 'development'"),
        (["MP96", "withdraw"], 1, "no proposal answers to 'MP96'; did you mean MP960?"),
        (["MP960", "withdraw", "--on", "last week"], 1,
         "'last week' is not a date govflow can read; write it as 2021-05-24, 24 May 2021"),
        (["MP960", "withdraw", "--on", "2021-06-01"], 1,
         "an entry dated 2021-06-01 would make event"),
        (["MP960", "withdraw", "--meeting", "CSC_99"], 1,
         "no meeting CSC_99; add it with `govflow meeting add CSC_99 --on DATE`"),
        (["MP960", "withdraw", "--meeting", "XYZ_1"], 1, "unknown committee 'XYZ'"),
        (["MP960", "withdraw", "--meeting", "CSC38"], 1, "'CSC38' is not a meeting code"),
        (["MP960", "withdraw", "--meeting", "CSC_38", "--item", "9"], 1,
         "meeting CSC_38 has no item 9; its items: 5"),
        (["MP960", "withdraw", "--item", "5"], 1, "--meeting: an agenda item needs its meeting"),
        (["MP960", "withdraw", "--override", " "], 1, "an override needs a reason"),
    ],
    ids=["refused", "unknown-trigger", "wrong-stage", "no-way-there", "unknown-reference",
         "bad-date", "out-of-order", "unknown-meeting", "unknown-committee", "bad-meeting-code",
         "unknown-item", "item-without-meeting", "empty-override"],
)  # fmt: skip
def test_advance_errors(
    cli: Invoke, refining: Govflow, args: list[str], code: int, message: str
) -> None:
    result = cli("proposal", "advance", *args)
    assert result.exit_code == code, result.output
    assert message in " ".join(result.stderr.split())
    assert result.stderr.startswith("Error: ")
    assert refining.proposal("MP960").stage == "refinement"


# -- record ----------------------------------------------------------------------------------------
def test_record_a_period(cli: Invoke, refining: Govflow) -> None:
    result = cli("proposal", "record", "MP960", "refinement_consultation_opened", "--on",
                 "2 August 2021", "--until", "2021-08-20", "--note", "15 working days")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "MP960: recorded Refinement Consultation opened (refinement_consultation_opened) on "
        "2021-08-02; stage Refinement Process (refinement) (event 7)\n"
    )
    last = refining.history("MP960")[-1]
    assert (str(last.until), last.note) == ("2021-08-20", "15 working days")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["mrc_opened"], "Cannot record 'mrc_opened' for MP960: 'mrc_opened' is recorded only in "
                         "report; it is in 'refinement'."),
        (["mrc_openned"], "unknown milestone 'mrc_openned' (did you mean 'mrc_opened'?)"),
        (["paused", "--on", "2021-09-01", "--until", "2021-08-01"], "is before the start date"),
        (["paused", "--until", "soon"], "--until: 'soon' is not a date"),
    ],
    ids=["wrong-stage", "unknown-milestone", "until-before-on", "bad-until"],
)  # fmt: skip
def test_record_errors(cli: Invoke, refining: Govflow, args: list[str], message: str) -> None:
    result = cli("proposal", "record", "MP960", *args)
    assert result.exit_code == 1, result.output
    assert message in " ".join(result.stderr.split())


def test_record_with_override_outside_its_stage(cli: Invoke, refining: Govflow) -> None:
    result = cli("proposal", "record", "MP960", "mrc_opened", "--on", "2021-09-01",
                 "--override", "legacy record")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert refining.history("MP960")[-1].kind == "override"


# -- show, history, next ---------------------------------------------------------------------------
def test_show_lists_the_essentials(cli: Invoke, refining: Govflow) -> None:
    refining.release("MP960", "November 2021", on="2021-06-20", release_date="2021-11-04")
    result = cli("proposal", "show", "dp960")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for line in ("reference:  MP960", "aliases:    DP960", "title:      Firmware retry limits",
                 "workflow:   sec-modification version 3",
                 "stage:      Refinement Process (refinement)",
                 "route:      Path 3: Self-Governance",
                 "releases:   November 2021 (2021-11-04): targeted",
                 "last event: 7 on 2021-06-20: Release November 2021: targeted"):  # fmt: skip
        assert line in out


def test_show_json_shape(cli: Invoke, refining: Govflow) -> None:
    result = cli("proposal", "show", "MP960", "--json")
    assert result.exit_code == 0, result.output
    data = _json(result)
    assert set(data) >= {"reference", "aliases", "title", "proposer", "workflow",
                         "workflow_version", "stage", "stage_label", "path", "flags",
                         "milestones", "releases", "last_event"}  # fmt: skip
    assert (data["reference"], data["aliases"], data["stage"]) == (
        "MP960",
        ["MP960", "DP960"],
        "refinement",
    )
    assert (data["workflow"], data["workflow_version"]) == ("sec-modification", 3)
    assert data["last_event"]["trigger"] == "start_refinement"


def test_show_unknown_reference_suggests_near_ones(cli: Invoke, refining: Govflow) -> None:
    result = cli("proposal", "show", "MP961")
    assert result.exit_code == 1
    assert result.stderr == "Error: no proposal answers to 'MP961'; did you mean MP960?\n"


def test_history_one_row_per_event(cli: Invoke, refining: Govflow) -> None:
    result = cli("proposal", "history", "MP960")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:1] == ["seq\tdate\tevent\tmeeting\tby\tnote"]  # no title when piped
    assert lines[1] == "1\t2021-03-01\tRaised in Draft: Firmware retry limits\t\t\t"
    assert lines[3] == (  # the workflow's words, the name a secretariat types after them
        "3\t2021-05-25\tDevelopment Stage → Initial Consideration (convert)\tCSC_38 item 5\t"
        "Change Sub-Committee\t"  # --by CSC: the body's name
    )
    assert lines[4].startswith("4\t2021-05-25\tRenamed DP960 → MP960 (convert)\t")
    assert lines[5].startswith("5\t2021-06-18\tRoute: Path 3: Self-Governance")
    assert len(lines) == 1 + 6


def test_history_json_shape(cli: Invoke, refining: Govflow) -> None:
    result = cli("proposal", "history", "DP960", "--json")
    assert result.exit_code == 0, result.output
    events = _json(result)
    assert [e["seq"] for e in events] == [1, 2, 3, 4, 5, 6]
    keys = {"seq", "kind", "occurred_on", "recorded_at", "trigger", "milestone", "from_stage",
            "to_stage", "meeting", "item", "actor", "note", "hash", "prev_hash"}  # fmt: skip
    assert all(set(e) >= keys for e in events)
    convert = events[2]
    assert (convert["kind"], convert["trigger"], convert["occurred_on"]) == (
        "transition",
        "convert",
        "2021-05-25",
    )
    assert (convert["meeting"], convert["item"], convert["actor"]) == ("CSC_38", "5", "CSC")
    assert convert["recorded_at"].endswith("Z")


def test_history_unknown_reference(cli: Invoke, refining: Govflow) -> None:
    result = cli("proposal", "history", "DP96")
    assert result.exit_code == 1
    assert "no proposal answers to 'DP96'" in result.stderr


def test_next_lists_allowed_blocked_and_milestones(cli: Invoke, refining: Govflow) -> None:
    result = cli("proposal", "next", "MP960")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "MP960 is in Refinement Process (refinement)." in out
    assert "\nRefinement Process → Withdrawn (withdraw)\tWithdrawn\tthe Proposer\t" in out
    assert "\nRefinement Process → Report Phase (send_to_report)\tReport Phase\t" in out
    assert (
        "(send_to_report)\tReport Phase\tSEC Panel\tthe Refinement Consultation has not closed"
        in out
    )
    assert "Milestones recordable now: " in out
    assert "Refinement Consultation opened (refinement_consultation_opened)" in out


def test_next_json_shape(cli: Invoke, refining: Govflow) -> None:
    result = cli("proposal", "next", "MP960", "--json")
    assert result.exit_code == 0, result.output
    data = _json(result)
    assert set(data) >= {"reference", "stage", "allowed", "blocked", "milestones"}
    assert [(o["trigger"], o["dest"], o["reasons"]) for o in data["allowed"]] == [
        ("withdraw", "withdrawn", [])
    ]
    (blocked,) = data["blocked"]
    assert (blocked["trigger"], blocked["dest"]) == ("send_to_report", "report")
    assert blocked["reasons"] == ["the Refinement Consultation has not closed"]
    assert "working_group_meeting" in data["milestones"]


def test_next_on_a_terminal_stage(cli: Invoke, refining: Govflow) -> None:
    refining.advance("MP960", "withdraw", on="2021-07-01")
    result = cli("proposal", "next", "MP960")
    assert result.exit_code == 0, result.output
    assert "MP960 is Withdrawn (withdrawn), a terminal stage: nothing can happen." in result.stdout


# -- list ------------------------------------------------------------------------------------------
@pytest.fixture
def several(refining: Govflow) -> Govflow:
    """MP960 in refinement (converted at CSC_38) and MP947 raised in initial consideration."""
    refining.raise_proposal("MP947", title="Hub returns", on="2021-07-01", path=3)
    return refining


def test_list_all(cli: Invoke, several: Govflow) -> None:
    result = cli("proposal", "list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "reference\tstage\troute\tlast event\ttitle"
    assert lines[1:] == [
        "MP947\tInitial Consideration\t3\t2021-07-01\tHub returns",
        "MP960\tRefinement Process\t3\t2021-06-18\tFirmware retry limits",
    ]


@pytest.mark.parametrize(
    ("args", "references"),
    [
        (["--stage", "refinement"], ["MP960"]),
        (["--workflow", "sec-modification"], ["MP947", "MP960"]),
        (["--committee", "CSC"], ["MP960"]),
        (["--since", "2021-06-20"], ["MP947"]),
        (["--until", "1 June 2021"], ["MP960"]),
    ],
    ids=["stage", "workflow", "committee", "since", "until"],
)
def test_list_filters_json(
    cli: Invoke, several: Govflow, args: list[str], references: list[str]
) -> None:
    result = cli("proposal", "list", *args, "--json")
    assert result.exit_code == 0, result.output
    data = _json(result)
    assert [p["reference"] for p in data] == references
    assert all(set(p) >= {"reference", "aliases", "title", "workflow", "stage"} for p in data)


def test_list_as_of_gives_the_register_on_that_day(cli: Invoke, several: Govflow) -> None:
    result = cli("proposal", "list", "--as-of", "2021-04-01")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "reference\tstage\tsince\tlast decision\ttitle",
        "DP960\tDevelopment Stage\t2021-03-02\tDevelopment Stage (Change Sub-Committee)\t"
        "Firmware retry limits",
    ]


def test_list_as_of_json_shape_and_filters(cli: Invoke, several: Govflow) -> None:
    result = cli("proposal", "list", "--as-of", "2021-07-02", "--stage", "refinement", "--json")
    assert result.exit_code == 0, result.output
    (row,) = _json(result)
    assert set(row) == {"reference", "title", "proposer", "workflow", "path", "stage",
                        "stage_since", "last_decision", "last_decision_on", "last_meeting",
                        "releases", "stage_since_precision", "outcome", "solution",
                        "solutions", "standing", "vote", "body_on_record",
                        "decided_by", "moving"}  # fmt: skip
    assert (row["reference"], row["stage"], row["stage_since"]) == (
        "MP960",
        "refinement",
        "2021-06-18",
    )
    assert row["last_decision"] == "start_refinement"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--workflow", "sec"], 1, "unknown workflow 'sec'"),
        (["--committee", "XYZ"], 1, "unknown committee 'XYZ'"),
        (["--since", "last week"], 1, "--since: 'last week' is not a date"),
        (["--as-of", "someday"], 1, "--as-of: 'someday' is not a date"),
    ],
    ids=["unknown-workflow", "unknown-committee", "bad-since", "bad-as-of"],
)  # fmt: skip
def test_list_errors(
    cli: Invoke, several: Govflow, args: list[str], code: int, message: str
) -> None:
    result = cli("proposal", "list", *args)
    assert result.exit_code == code, result.output
    assert message in " ".join(result.stderr.split())


# -- link, correct, route, proposer, release -------------------------------------------------------
def test_link_ties_a_proposal_to_an_item(cli: Invoke, refining: Govflow) -> None:
    refining.add_meeting("TABASC_88", on="2021-07-01")
    refining.add_item("TABASC_88", "3", title="Technical review")
    result = cli("proposal", "link", "MP960", "--meeting", "TABASC_88", "--item", "3",
                 "--note", "presented")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("MP960: linked to TABASC_88 item 3 on 2021-07-01;")
    assert refining.meeting("TABASC_88").items[0].proposals == ("MP960",)


def test_correct_points_at_the_event(cli: Invoke, refining: Govflow) -> None:
    result = cli("proposal", "correct", "MP960", "3", "--occurred-on", "2021-05-26",
                 "--actor", "Change Sub-Committee", "--note", "minutes give the 26th")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "MP960: corrected event 3 on 2021-05-26" in result.stdout
    last = refining.history("MP960", as_recorded=True)[-1]
    assert (last.kind, last.corrects_seq) == ("correction", 3)
    assert last.payload["changes"] == {"occurred_on": "2021-05-26", "actor": "Change Sub-Committee"}
    shown = next(e for e in refining.history("MP960") if e.seq == 3)
    assert (shown.occurred_on.isoformat(), shown.actor) == ("2021-05-26", "Change Sub-Committee")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["99", "--note", "x", "--actor", "CSC"],
            1,
            "MP960 has no event 99; its events are 1 to 6",
        ),
        (["3", "--note", " "], 1, "a correction needs a note"),
        (["3", "--note", "x", "--occurred-on", "someday"], 1, "'someday' is not a corrected date"),
    ],
    ids=["no-such-event", "empty-note", "bad-date"],
)
def test_correct_errors(
    cli: Invoke, refining: Govflow, args: list[str], code: int, message: str
) -> None:
    result = cli("proposal", "correct", "MP960", *args)
    assert result.exit_code == code, result.output
    assert message in " ".join(result.stderr.split())


def test_route_sets_path_and_flags(cli: Invoke, converted: Govflow) -> None:
    result = cli("proposal", "route", "MP960", "--path", "2", "--urgent", "--on", "2021-06-01")
    assert result.exit_code == 0, result.output
    assert (
        "MP960: route set on 2021-06-01; stage Initial Consideration (initial_consideration)"
        in result.stdout
    )
    cleared = cli("proposal", "route", "MP960", "--no-urgent", "--on", "2021-06-02")
    assert cleared.exit_code == 0, cleared.output
    shown = converted.proposal("MP960")
    assert (shown.path, shown.flags) == ("2", ())


def test_routes_and_flags_are_set_by_the_names_the_workflow_declares(
    cli: Invoke, converted: Govflow
) -> None:
    result = cli("proposal", "route", "MP960", "--route", "3", "--flag", "urgent",
                 "--flag", "fast_track", "--on", "2021-06-01")  # fmt: skip
    assert result.exit_code == 0, result.output
    cleared = cli("proposal", "route", "MP960", "--no-flag", "urgent", "--on", "2021-06-02")
    assert cleared.exit_code == 0, cleared.output
    shown = converted.proposal("MP960")
    assert (shown.path, shown.flags) == ("3", ("fast_track",))
    assert "route:      Path 3: Self-Governance" in cli("proposal", "show", "MP960").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["route", "MP960", "--flag", "self_governance"],
         "sec-modification has no flag 'self_governance'; flags: fast_track, urgent"),
        (["route", "MP960", "--flag", "urgnt"], "no flag 'urgnt' (did you mean 'urgent'?)"),
        (["route", "MP960", "--route", "4"], "sec-modification has no path '4'; paths: 1, 2, 3"),
        (["route", "MP960", "--path", "two"], "has no path 'two'; paths: 1, 2, 3"),
        (["route", "MP960", "--flag", "urgent", "--no-flag", "urgent"],
         "flag 'urgent' is both set and cleared"),
        (["raise", "MP961", "--title", "x", "--route", "self_governance"],
         "sec-modification has no path 'self_governance'; paths: 1, 2, 3"),
    ],
    ids=["undeclared-flag", "near-miss", "undeclared-route", "path-not-a-route", "both",
         "raise-undeclared-route"],
)  # fmt: skip
def test_an_undeclared_route_or_flag_is_refused_with_what_the_workflow_declares(
    cli: Invoke, converted: Govflow, args: list[str], message: str
) -> None:
    before = converted.history("MP960")
    result = cli("proposal", *args)
    assert result.exit_code == 1, result.output
    assert message in " ".join(result.stderr.split())
    assert converted.history("MP960") == before
    assert [p.reference for p in converted.proposals()] == ["MP960"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--path", "3", "--meeting", "CSC_99"], 1, "no meeting CSC_99"),
    ],
    ids=["unknown-meeting"],
)
def test_route_errors(
    cli: Invoke, converted: Govflow, args: list[str], code: int, message: str
) -> None:
    result = cli("proposal", "route", "MP960", *args)
    assert result.exit_code == code, result.output
    assert message in " ".join(result.stderr.split())


def test_proposer_change_is_kept_in_history(cli: Invoke, converted: Govflow) -> None:
    result = cli("proposal", "proposer", "MP960", "Consumer Panel", "--on", "2021-06-01")
    assert result.exit_code == 0, result.output
    assert "MP960: proposer now Consumer Panel on 2021-06-01" in result.stdout
    history = cli("proposal", "history", "MP960")
    assert "Proposer: - → Consumer Panel" in history.stdout


def test_release_targets_and_implements(cli: Invoke, converted: Govflow) -> None:
    result = cli("proposal", "release", "MP960", "November 2021", "--release-date", "2021-11-04",
                 "--on", "2021-06-01")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "MP960: targeted in November 2021 on 2021-06-01" in result.stdout
    early = cli("proposal", "release", "MP960", "November 2021", "--status", "implemented",
                "--on", "2021-11-04")  # fmt: skip
    assert early.exit_code == 1
    assert "implemented only for an approved proposal" in early.stderr
    converted.set_route("MP960", fast_track=True, on="2021-06-02")
    converted.advance("MP960", "approve", on="2021-06-02")
    done = cli("proposal", "release", "MP960", "November 2021", "--status", "implemented",
               "--on", "2021-11-04")  # fmt: skip
    assert done.exit_code == 0, done.output
    (link,) = converted.proposal("MP960").releases
    assert (link.release, str(link.date), link.status) == ("November 2021", "2021-11-04",
                                                           "implemented")  # fmt: skip


def test_release_statuses_match_the_library() -> None:
    assert get_args(proposal_cli.ReleaseStatus) == RELEASE_STATUSES


# -- misuse ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["raise", "DP1"], "Missing option '--title'"),
        (["advance", "MP960", "withdraw", "--to", "withdrawn"],
         "give a TRIGGER or --to STAGE (not both); `govflow proposal next MP960` lists"),
        (["advance", "MP960"], "give a TRIGGER or --to STAGE (one of them)"),
        (["record", "MP960"], "Missing argument 'MILESTONE'"),
        (["list", "--stage", "refinment"],
         "unknown stage 'refinment' (did you mean 'refinement'?)"),
        (["list", "--as-of", "2021-01-01", "--since", "2020-01-01"],
         "the register on a day takes --stage and --workflow, not --committee, --since or --until"),
        (["link", "MP960"], "Missing option '--meeting'"),
        (["correct", "MP960", "three", "--note", "x"], "Invalid value for 'SEQ'"),
        (["correct", "MP960", "3"], "Missing option '--note'"),
        (["route", "MP960"], "say what to change: --route NAME, --flag NAME or --no-flag NAME"),
        (["release", "MP960", "Nov 2021", "--status", "done"], "'done' is not one of 'targeted'"),
        (["show"], "Missing argument 'REF'"),
        (["rase", "DP1"], "No such command 'rase'"),
    ],
    ids=["raise-no-title", "advance-both",
         "advance-neither", "record-no-milestone", "list-unknown-stage", "list-as-of-with-since",
         "link-no-meeting", "correct-seq-not-a-number", "correct-no-note", "route-nothing",
         "release-bad-status", "show-no-reference", "unknown-command"],
)  # fmt: skip
def test_misuse_exits_2_without_touching_the_database(
    tmp_path: Path, args: list[str], message: str
) -> None:
    db = tmp_path / "untouched.db"
    result = CliRunner().invoke(app, ["--db", str(db), "proposal", *args])
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.stderr.split())
    assert not db.exists()


# -- a whole flow ----------------------------------------------------------------------------------
def test_a_secretariat_flow_through_the_cli(cli: Invoke) -> None:
    steps = [
        ["proposal", "raise", "DP960", "--title", "Firmware retry limits", "--on", "2021-03-01"],
        ["proposal", "advance", "DP960", "submit", "--on", "2021-03-02"],
        ["meeting", "add", "CSC_38", "--on", "25 May 2021"],
        ["meeting", "item", "CSC_38", "5", "--title", "DP960 conversion"],
        ["proposal", "advance", "DP960", "convert", "--meeting", "CSC 38", "--item", "5"],
        ["proposal", "route", "MP960", "--path", "3", "--on", "2021-06-18", "--by", "Panel"],
        ["proposal", "advance", "MP960", "start_refinement", "--on", "2021-06-18"],
        ["proposal", "record", "MP960", "working_group_meeting", "--on", "2021-07-07"],
        ["proposal", "record", "MP960", "refinement_consultation_opened", "--on", "2021-08-02",
         "--until", "2021-08-20"],
        ["proposal", "record", "MP960", "refinement_consultation_closed", "--on", "2021-08-20"],
        ["proposal", "advance", "MP960", "send_to_report", "--on", "2021-09-17"],
        ["proposal", "record", "MP960", "mrc_opened", "--on", "2021-09-20", "--until",
         "2021-10-08"],
        ["proposal", "record", "MP960", "mrc_closed", "--on", "2021-10-08"],
        ["proposal", "advance", "MP960", "send_to_change_board", "--on", "2021-10-11"],
        ["proposal", "advance", "MP960", "approve", "--on", "2021-10-27", "--by", "CB"],
        ["proposal", "release", "MP960", "February 2022", "--on", "2021-10-27"],
        ["proposal", "advance", "MP960", "implement", "--on", "2022-02-24"],
    ]  # fmt: skip
    for step in steps:
        result = cli(*step)
        assert result.exit_code == 0, (step, result.output)
    history = cli("proposal", "history", "DP960", "--json")
    kinds = [(e["kind"], e["trigger"] or e["milestone"]) for e in _json(history)]
    assert kinds[2:4] == [("transition", "convert"), ("relabel", "convert")]
    assert _json(history)[2]["occurred_on"] == "2021-05-25"
    assert kinds[-1] == ("transition", "implement")
    assert cli("proposal", "next", "MP960", "--json").stdout.count('"terminal": true') == 1
    assert cli("verify").stdout == "ok: 1 proposal verified\n"


# -- completion ------------------------------------------------------------------------------------
def test_stage_and_trigger_completion_come_from_the_workflows(db_url: str) -> None:
    ctx = _completion_context(db_url)
    assert complete_stage(ctx, "re") == ["refinement", "rejected", "report", "report_phase"]
    assert complete_trigger(ctx, "send_to_") == [
        "send_to_authority",
        "send_to_change_board",
        "send_to_report",
        "send_to_report_phase",
        "send_to_workgroup",
    ]


def test_route_and_flag_completion_offer_what_that_workflow_declares(db_url: str) -> None:
    ctx = _completion_context(db_url)
    ctx.params["reference"] = "MP960"
    assert complete_route(ctx, "") == ["1", "2", "3"]
    assert complete_flag(ctx, "u") == ["urgent"]
    ctx.params["workflow"] = "no-such-workflow"
    assert complete_flag(ctx, "") == []


def _completion_context(db: str) -> typer.Context:
    """The root context as shell completion builds it: parsed, callbacks not run."""
    command = typer.main.get_command(app)
    ctx = command.make_context("govflow", ["--db", db, "proposal"], resilient_parsing=True)
    return cast(typer.Context, ctx)


def test_reference_completion_reads_the_database(db_url: str, converted: Govflow) -> None:
    ctx = _completion_context(db_url)
    assert complete_reference(ctx, "") == ["DP960", "MP960"]
    assert complete_reference(ctx, "mp") == ["MP960"]


def test_reference_completion_never_raises_or_creates(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    for db in (str(missing), "nope://x", str(tmp_path)):
        assert complete_reference(_completion_context(db), "MP") == []
    assert not missing.exists()


def test_advance_to_a_stage_the_record_skips_says_the_way_between_is_not_on_record(
    cli: Invoke,
) -> None:
    """A fictional DP970, known in Development, then in the Report Phase."""
    raised = cli("proposal", "raise", "DP970", "--title", "fictional", "--on", "2021-03-01",
                 "--stage", "development", "--path", "3")  # fmt: skip
    assert raised.exit_code == 0, raised.output
    result = cli("proposal", "advance", "DP970", "--to", "report", "--on", "2021-06-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "MP970: moved from Development Stage on 2021-06-01; stage Report Phase (report) (events 2, "
        "3; steps between not on record)\n"
    )
    history = cli("proposal", "history", "MP970")
    assert (
        "2021-06-01\tReached Report Phase from Development Stage; steps between not on record "
        "(routes that fit: " in history.stdout
    )
    assert "[implied]" not in history.stdout
    listed = _json(cli("proposal", "list", "--as-of", "2021-06-01", "--json"))
    assert (listed[0]["stage"], listed[0]["stage_since"]) == ("report", "2021-06-01")
