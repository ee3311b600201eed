"""``govflow committee ...`` and ``govflow meeting ...`` through Typer's CliRunner."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import get_args

import pytest
from typer.testing import CliRunner, Result

from govflow.cli import app
from govflow.cli import meeting as meeting_cli
from govflow.records.meetings import MEETING_KINDS
from govflow.service import Govflow

Invoke = Callable[..., Result]


@pytest.fixture
def csc_38(gf: Govflow) -> Govflow:
    """CSC_38 on 25 May 2021 with item 5, where DP960 was converted to MP960."""
    gf.add_meeting("CSC_38", on="2021-05-25")
    gf.add_item("CSC_38", "5", title="DP960 conversion", presenter="SECAS", text="Agreed.")
    gf.raise_proposal("DP960", title="Firmware retry limits", on="2021-03-01", stage="development")
    gf.advance("DP960", "convert", meeting="CSC_38", item="5")
    return gf


def _flat(text: str) -> str:
    return " ".join(text.split())


# -- committees ------------------------------------------------------------------------------------
def test_committee_list_has_the_workflow_committees(cli: Invoke) -> None:
    assert cli("init").exit_code == 0
    result = cli("committee", "list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:1] == ["code\tname\tpaper lead days\tcadence"]
    assert "CSC\tChange Sub-Committee\t\t" in lines


def test_committee_add_then_list_json(cli: Invoke) -> None:
    result = cli("committee", "add", "tsirs", "--name", "Issue Resolution Subgroup",
                 "--paper-lead-days", "5")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "Added committee TSIRS: Issue Resolution Subgroup\n"
    listed = cli("committee", "list", "--json")
    assert listed.exit_code == 0, listed.output
    data = json.loads(listed.stdout)
    assert {
        "code": "TSIRS",
        "name": "Issue Resolution Subgroup",
        "paper_lead_days": 5,
        "cadence": None,
    } in data


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["CSC", "--name", "Again"], 1, "committee CSC already exists"),
        (["A-B", "--name", "x"], 1, "'A-B' is not a committee code; use letters, like OPSG"),
        (["NEW", "--name", " "], 1, "a committee needs a name"),
        (["RLUQPU I C VX90 E0V2Z55X6LX8 SOA7TCC8P", "--name", "x"], 1,
         "a committee code has at most 32 characters"),
    ],
    ids=["exists", "bad-code", "empty-name", "too-long"],
)  # fmt: skip
def test_committee_add_errors(cli: Invoke, args: list[str], code: int, message: str) -> None:
    result = cli("committee", "add", *args)
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("Error: ")
    assert message in _flat(result.stderr)


# -- meetings --------------------------------------------------------------------------------------
@pytest.mark.parametrize("code", ["OPSG_49", "OPSG 49", "opsg/49"])
def test_meeting_add_accepts_the_forms_papers_use(cli: Invoke, code: str) -> None:
    result = cli("meeting", "add", code, "--on", "24 May 2021", "--kind", "reporting")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Added OPSG_49 on 2021-05-24 (reporting, held; papers 49_2405)\n"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["CSC_38", "--on", "2021-05-25"], 1, "meeting CSC_38 already exists (on 2021-05-25)"),
        (["CSC38", "--on", "2021-05-25"], 1, "'CSC38' is not a meeting code; write the committee "
                                             "code and the meeting number, like CSC_38"),
        (["XYZ_1", "--on", "2021-05-25"], 1, "unknown committee 'XYZ'"),
        (["CSC_39", "--on", "next Tuesday"], 1, "'next Tuesday' is not a date govflow can read; "
                                                "write it as 2021-05-24, 24 May 2021"),
    ],
    ids=["exists", "bad-code", "unknown-committee", "bad-date"],
)  # fmt: skip
def test_meeting_add_errors(
    cli: Invoke, csc_38: Govflow, args: list[str], code: int, message: str
) -> None:
    result = cli("meeting", "add", *args)
    assert result.exit_code == code, result.output
    assert message in _flat(result.stderr)


def test_meeting_kinds_match_the_library() -> None:
    assert get_args(meeting_cli.MeetingKind) == MEETING_KINDS


def test_meeting_item_adds_an_agenda_item(cli: Invoke, csc_38: Govflow) -> None:
    result = cli("meeting", "item", "CSC/38", "6.1", "--title", "AOB", "--presenter", "DCC",
                 "--text", "Nothing raised.")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "Added item 6.1 to CSC/38: AOB\n"
    assert [i.number for i in csc_38.meeting("CSC_38").items] == ["5", "6.1"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["CSC_38", "5", "--title", "Again"], 1, "meeting CSC_38 already has an item 5"),
        (["CSC_38", "five", "--title", "x"], 1, "'five' is not an agenda item number"),
        (["CSC_38", "6", "--title", " "], 1, "an agenda item needs a title"),
        (["CSC_99", "1", "--title", "x"], 1, "no meeting CSC_99; add it with "
                                             "`govflow meeting add CSC_99 --on DATE`"),
    ],
    ids=["exists", "bad-number", "empty-title", "unknown-meeting"],
)  # fmt: skip
def test_meeting_item_errors(
    cli: Invoke, csc_38: Govflow, args: list[str], code: int, message: str
) -> None:
    result = cli("meeting", "item", *args)
    assert result.exit_code == code, result.output
    assert message in _flat(result.stderr)


def test_meeting_show_lists_items_and_their_proposals(cli: Invoke, csc_38: Govflow) -> None:
    result = cli("meeting", "show", "CSC 38")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for line in ("meeting:    CSC_38", "committee:  Change Sub-Committee (CSC)",
                 "date:       2021-05-25", "paper code: 38_2505",
                 "item\ttitle\tpresenter\tproposals\ttext",
                 "5\tDP960 conversion\tSECAS\tMP960\tAgreed."):  # fmt: skip
        assert line in out


def test_meeting_show_without_items_says_how_to_add_one(cli: Invoke, gf: Govflow) -> None:
    gf.add_meeting("PANEL_94", on="2021-04-16")
    result = cli("meeting", "show", "PANEL_94")
    assert result.exit_code == 0, result.output
    assert "govflow meeting item PANEL_94 N --title TEXT" in result.stdout


def test_meeting_show_json_shape(cli: Invoke, csc_38: Govflow) -> None:
    result = cli("meeting", "show", "CSC_38", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"code", "committee", "number", "date", "items"}
    assert (data["code"], data["committee"], data["number"], data["date"]) == (
        "CSC_38",
        "CSC",
        38,
        "2021-05-25",
    )
    assert data["items"] == [
        {"number": "5", "title": "DP960 conversion", "presenter": "SECAS", "text": "Agreed.",
         "proposals": ["MP960"]}
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("CSC_99", "no meeting CSC_99; add it with `govflow meeting add CSC_99 --on DATE`"),
        ("XYZ_1", "unknown committee 'XYZ'"),
        ("38", "'38' is not a meeting code"),
    ],
    ids=["unknown-meeting", "unknown-committee", "bad-code"],
)
def test_meeting_show_errors(cli: Invoke, csc_38: Govflow, code: str, message: str) -> None:
    result = cli("meeting", "show", code)
    assert result.exit_code == 1, result.output
    assert message in _flat(result.stderr)


def test_meeting_list_oldest_first(cli: Invoke, csc_38: Govflow) -> None:
    csc_38.add_meeting("PANEL_94", on="2021-04-16")
    result = cli("meeting", "list")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "meeting\tdate\tkind\tstatus\tpaper code",
        "PANEL_94\t2021-04-16\tmain\theld\t94_1604",
        "CSC_38\t2021-05-25\tmain\theld\t38_2505",
    ]


def test_meeting_list_json_by_committee(cli: Invoke, csc_38: Govflow) -> None:
    csc_38.add_meeting("PANEL_94", on="2021-04-16")
    result = cli("meeting", "list", "--committee", "csc", "--json")
    assert result.exit_code == 0, result.output
    (only,) = json.loads(result.stdout)
    assert (only["code"], only["date"], only["items"]) == ("CSC_38", "2021-05-25", [])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["committee", "add", "NEW"], "Missing option '--name'"),
        (["committee", "add", "NEW", "--name", "x", "--paper-lead-days", "-1"],
         "Invalid value for '--paper-lead-days'"),
        (["meeting", "add", "CSC_39"], "Missing option '--on'"),
        (["meeting", "add", "CSC_39", "--on", "2021-06-22", "--kind", "party"],
         "'party' is not one of 'main', 'reporting', 'extraordinary', 'workshop'"),
        (["meeting", "item", "CSC_38", "6"], "Missing option '--title'"),
        (["meeting", "show"], "Missing argument 'CODE'"),
    ],
    ids=["committee-no-name", "committee-negative-lead", "meeting-no-date", "meeting-bad-kind",
         "item-no-title", "show-no-code"],
)  # fmt: skip
def test_misuse_exits_2_without_touching_the_database(
    tmp_path: Path, args: list[str], message: str
) -> None:
    db = tmp_path / "untouched.db"
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 2, result.output
    assert message in _flat(result.stderr)
    assert not db.exists()


def test_committee_set_keeps_a_cadence_and_refuses_one_it_cannot_read(cli: Invoke) -> None:
    assert cli("init").exit_code == 0
    result = cli("committee", "set", "CB", "--cadence", "monthly 4th wednesday")
    assert result.exit_code == 0, result.output
    assert "meets monthly 4th Wednesday" in result.output
    result = cli("committee", "set", "CB", "--cadence", "every other week")
    assert result.exit_code == 1
    assert "not a cadence" in result.output and "weekly Tuesday" in result.output
    result = cli("committee", "set", "CB", "--cadence", "")
    assert result.exit_code == 0 and "meets" not in result.output
