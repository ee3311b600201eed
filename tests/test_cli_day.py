"""A day of secretariat work through the command line, point by point as a new user met it
(issue 17): minutes, meetings and actions, dates and words, Unix conventions.

The minutes below are invented for these tests: DP901, the incident number and what was said are
fictional, not the OPSG's record of 24 May 2021.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from govflow.cli import app
from govflow.service import Govflow

Invoke = Callable[..., Result]

MINUTES = """## Operations Group Meeting 49_2405

24 May 2021, 10:00 \u2013 12:30

**1. Minutes and Actions (SECAS):** The OPSG approved the minutes of OPSG_48 as written.

**2. Certificate Signing Requests (SECAS):** SECAS presented DP901 \u201cCertificate Signing
Request\u201d, which is in Development. Incident INC000000123456 was discussed. ACTION: OPSG to
provide comments on the draft by 11 June. SECAS will present the revised plan at OPSG_50.

**Next meeting: 21 June 2021; Next reporting meeting: 28 June 2021.**
"""


def _json(result: Result) -> object:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# -- minutes --------------------------------------------------------------------------------------
@pytest.fixture
def imported(cli: Invoke, tmp_path: Path) -> dict[str, object]:
    path = tmp_path / "opsg-49.md"
    path.write_text(MINUTES, encoding="utf-8")
    report = _json(cli("minutes", "import", str(path), "--create-missing", "--json"))
    assert isinstance(report, dict)
    return report


def test_create_missing_uses_the_quoted_title_and_the_stage_the_minutes_say(
    cli: Invoke, imported: dict[str, object]
) -> None:
    assert imported["created_proposals"] == ["DP901"]
    shown = _json(cli("proposal", "show", "DP901", "--json"))
    assert isinstance(shown, dict)
    assert (shown["title"], shown["stage"]) == ("Certificate Signing Request", "development")
    link = {"reference": "DP901", "spelling": "DP901", "item": "2", "status": "linked",
            "reason": "raised from the minutes"}  # fmt: skip
    assert imported["links"] == [link]


def test_an_action_keeps_its_party_and_an_undated_request_is_due_at_its_meeting(
    imported: dict[str, object],
) -> None:
    actions = imported["actions_added"]
    assert isinstance(actions, list)
    assert [(a["party"], a["due"], a["at_meeting"]) for a in actions] == [
        ("OPSG", "2021-06-11", None),
        ("SECAS", "2021-06-21", "OPSG_50"),  # the next meeting, announced for 21 June
    ]


def test_every_announced_meeting_is_kept_and_the_times_and_incident_shown(
    cli: Invoke, imported: dict[str, object]
) -> None:
    planned = imported["planned_meetings"]
    assert isinstance(planned, list)
    assert [(p["meeting"], p["stored"]) for p in planned] == [
        ("OPSG_50", True),
        ("OPSG@2021-06-28", True),  # announced without a number: kept, unnumbered
    ]
    reporting = _json(cli("meeting", "show", "OPSG@2021-06-28", "--json"))
    assert isinstance(reporting, dict)
    assert (reporting["kind"], reporting["status"], reporting["number"]) == (
        "reporting", "planned", None,
    )  # fmt: skip
    shown = cli("meeting", "show", "OPSG_49")
    assert shown.exit_code == 0, shown.output
    assert "10:00 - 12:30" in shown.stdout
    assert "incident INC000000123456 (item 2)" in shown.stdout


def test_a_conflicting_announced_meeting_is_reported_not_dropped(
    cli: Invoke, tmp_path: Path
) -> None:
    assert (
        cli("meeting", "add", "OPSG_50", "--on", "2021-06-22", "--status", "planned").exit_code == 0
    )
    path = tmp_path / "opsg-49.md"
    path.write_text(MINUTES, encoding="utf-8")
    result = cli("minutes", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "Warning: the minutes announce OPSG_50 on 2021-06-21, but it is dated 2021-06-22" in (
        result.stderr
    )
    assert _json(cli("meeting", "show", "OPSG_50", "--json"))["date"] == "2021-06-22"  # type: ignore[index]


def test_minutes_import_reads_stdin_for_a_dash(db_url: str) -> None:
    result = CliRunner().invoke(app, ["--db", db_url, "minutes", "import", "-", "--json"],
                                input=MINUTES)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["meeting"] == "OPSG_49"


# -- meetings and actions -------------------------------------------------------------------------
def test_planned_meetings_redating_item_edits_and_action_add(cli: Invoke) -> None:
    added = cli("meeting", "add", "OPSG", "--on", "28 June 2021", "--status", "planned")
    assert added.exit_code == 0, added.output
    assert added.stdout.startswith("Added OPSG@2021-06-28 on 2021-06-28 (main, planned)")
    agenda = cli("meeting", "item", "OPSG@2021-06-28", "1", "--title", "Minutes")
    assert agenda.exit_code == 0, agenda.output
    numbered = cli("meeting", "set", "OPSG@2021-06-28", "--number", "50", "--on", "29 June 2021")
    assert numbered.exit_code == 0, numbered.output
    assert numbered.stdout == "OPSG_50: 2021-06-29, main, planned\n"
    assert cli("meeting", "item", "OPSG_50", "3", "--title", "Release").exit_code == 0
    agenda_now = _json(cli("meeting", "show", "OPSG_50", "--json"))
    assert isinstance(agenda_now, dict)
    assert [i["number"] for i in agenda_now["items"]] == ["1", "3"]  # kept through the numbering
    edited = cli("meeting", "item-set", "OPSG_50", "3", "--presenter", "DCC", "--json")
    assert _json(edited) == {"number": "3", "title": "Release", "presenter": "DCC", "text": "",
                             "proposals": []}  # fmt: skip
    action = cli("action", "add", "OPSG_50", "DCC to report on the release", "--at", "OPSG_50",
                 "--party", "DCC", "--item", "3", "--json")  # fmt: skip
    got = _json(action)
    assert isinstance(got, dict)
    assert (got["due_on"], got["party"], got["item"]) == ("2021-06-29", "DCC", "3")
    neither = cli("action", "add", "OPSG_50", "Something")
    assert neither.exit_code == 2


def test_a_held_meeting_without_a_number_is_known_by_committee_and_date(cli: Invoke) -> None:
    result = cli("meeting", "add", "OPSG", "--on", "2021-06-28")
    assert result.exit_code == 0, result.output
    assert "OPSG@2021-06-28" in result.stdout
    shown = cli("meeting", "show", "OPSG@2021-06-28")
    assert "number:     not on record" in shown.stdout


# -- dates and words ------------------------------------------------------------------------------
@pytest.fixture
def dp960(gf: Govflow) -> Govflow:
    gf.raise_proposal("DP960", title="Firmware retry limits", on="2021-03-01")
    gf.add_meeting("CSC_38", on="2021-05-25")
    return gf


def test_british_dates_and_today_are_read(cli: Invoke, dp960: Govflow) -> None:
    result = cli("proposal", "advance", "DP960", "submit", "--on", "17 Sept 2021", "--json")
    assert _json(result)["occurred_on"] == "2021-09-17"  # type: ignore[index]
    today = cli("proposal", "link", "DP960", "--meeting", "CSC_38", "--on", "today")
    assert today.exit_code == 0, today.output


def test_an_on_date_off_the_meetings_date_warns(cli: Invoke, dp960: Govflow) -> None:
    same = cli("proposal", "link", "DP960", "--meeting", "CSC_38", "--on", "25 May 2021")
    assert same.exit_code == 0 and same.stderr == ""
    result = cli("proposal", "link", "DP960", "--meeting", "CSC_38", "--on", "2021-05-26")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        "Warning: dated 2021-05-26 but CSC_38 is dated 2021-05-25; if the meeting's date is wrong, "
        "change it with `govflow meeting set CSC_38 --on DATE`"
    )


def test_proposal_next_names_proposal_route(cli: Invoke, dp960: Govflow) -> None:
    dp960.advance("DP960", "submit", on="2021-03-02")
    dp960.advance("DP960", "convert", meeting="CSC_38")
    result = cli("proposal", "next", "MP960")
    assert result.exit_code == 0, result.output
    assert "the Panel has not set its path" in result.stdout
    assert "`govflow proposal route MP960 --route NAME --flag NAME`" in result.stdout


def test_overdue_deadlines_read_as_overdue_and_due_within_leaves_them_out(
    cli: Invoke, dp960: Govflow
) -> None:
    dp960.record("DP960", "critical_friend_review", on="2021-03-01")  # a deadline the rules set
    shown = cli("proposal", "show", "DP960")
    assert "working days overdue)" in shown.stdout and "left)" not in shown.stdout
    within = _json(cli("due", "--within", "10", "--json"))
    assert within == []  # everything here is long overdue: not "due within 10 days"
    overdue = _json(cli("due", "--overdue", "--json"))
    assert (
        isinstance(overdue, list) and overdue and all(d["working_days_left"] < 0 for d in overdue)
    )


def test_an_expected_duration_reads_as_late_never_overdue(cli: Invoke, dp960: Govflow) -> None:
    dp960.advance("DP960", "submit", on="2021-03-02")
    dp960.advance("DP960", "convert", meeting="CSC_38")
    dp960.set_route("MP960", path=3, on="2021-06-18")
    dp960.advance("MP960", "start_refinement", on="2021-06-18")
    dp960.record("MP960", "refinement_consultation_opened", on="2021-08-02", until="2021-08-20")
    shown = cli("proposal", "show", "MP960")
    assert "later than usual by" in shown.stdout and "overdue" not in shown.stdout
    assert _json(cli("due", "--overdue", "--json")) == []


def test_counts_agree_with_their_number(cli: Invoke, dp960: Govflow) -> None:
    result = cli("verify")
    assert result.stdout == "ok: 1 proposal verified\n"


# -- output ---------------------------------------------------------------------------------------
@pytest.fixture
def three(gf: Govflow) -> Govflow:
    for number, title in ((901, '=HYPERLINK("x")'), (902, "Plain"), (903, "Third")):
        gf.raise_proposal(f"DP{number}", title=title, on="2021-03-01")  # invented proposals
    return gf


def test_limit_keeps_the_first_rows_and_counts_the_rest_on_stderr(
    cli: Invoke, three: Govflow
) -> None:
    result = cli("proposal", "list", "--limit", "2")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "reference\tstage\troute\tlast event\ttitle"
    assert len(result.stdout.splitlines()) == 3
    assert "... and more; --limit N shows N, --limit 0 all of them" in result.stderr
    assert len(_json(cli("proposal", "list", "--limit", "1", "--json"))) == 1  # type: ignore[arg-type]


def test_csv_output_is_csv_with_formulas_defused(cli: Invoke, three: Govflow) -> None:
    import csv
    import io

    result = cli("proposal", "list", "--csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["reference", "stage", "route", "last event", "title"]
    assert rows[1][0] == "DP901" and rows[1][4] == '\'=HYPERLINK("x")'


def test_history_on_a_terminal_never_cuts_a_word(
    monkeypatch: pytest.MonkeyPatch, cli: Invoke, dp960: Govflow
) -> None:
    import io

    from rich.console import Console

    from govflow.cli import _output

    dp960.advance("DP960", "submit", on="2021-03-02")
    dp960.advance("DP960", "convert", meeting="CSC_38", note="agreed with a long note " * 4)
    screen = io.StringIO()
    monkeypatch.setattr(_output, "console", lambda: Console(file=screen, width=80, height=200))
    monkeypatch.setattr(_output, "is_terminal", lambda: True)
    assert cli("proposal", "history", "MP960").exit_code == 0
    words = re.findall(r"[A-Za-z_]+", screen.getvalue())
    assert "Development" in words and "Consideration" in words and "convert" in words
    assert "Developmen" not in words and "Considerat" not in words


def test_long_output_on_a_terminal_goes_through_the_pager(
    monkeypatch: pytest.MonkeyPatch, cli: Invoke, three: Govflow
) -> None:
    import io
    import pydoc

    from rich.console import Console

    from govflow.cli import _output

    paged: list[str] = []
    monkeypatch.setattr(pydoc, "pager", paged.append)
    small = Console(file=io.StringIO(), width=80, height=5, force_terminal=True)
    monkeypatch.setattr(_output, "console", lambda: small)
    monkeypatch.setattr(_output, "is_terminal", lambda: True)
    assert cli("proposal", "list").exit_code == 0
    assert len(paged) == 1 and "DP903" in paged[0]


def test_export_to_dash_writes_stdout_not_a_file(
    cli: Invoke, three: Govflow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("export", "audit", "--format", "jsonl", "--output", "-")
    assert result.exit_code == 0, result.output
    assert '"reference": "DP901"' in result.stdout or '"reference":"DP901"' in result.stdout
    assert not (tmp_path / "-").exists()


def test_import_events_reads_stdin_and_speaks_json(
    cli: Invoke, three: Govflow, tmp_path: Path
) -> None:
    exported = cli("export", "audit", "--format", "jsonl")
    assert exported.exit_code == 0
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    result = CliRunner().invoke(app, ["--db", fresh, "import", "events", "-", "--json"],
                                input=exported.stdout)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"proposals": 3, "events": 3, "meetings": 0, "items": 0,
                                         "dry_run": False}  # fmt: skip


def test_writes_verify_and_workflow_list_speak_json(cli: Invoke, dp960: Govflow) -> None:
    change = _json(cli("proposal", "advance", "DP960", "submit", "--on", "2021-03-02", "--json"))
    assert change == {"reference": "DP960", "stage": "development", "seqs": [2],
                      "occurred_on": "2021-03-02", "kind": "transition",
                      "implied": [], "warnings": [], "date_precision": "day",
                      "stage_label": "Development Stage"}  # fmt: skip
    assert _json(cli("verify", "--json")) == {"ok": True, "proposals": 1, "breaks": []}
    names = [w["name"] for w in _json(cli("workflow", "list", "--json"))]  # type: ignore[attr-defined]
    assert "sec-modification" in names
    committee = _json(cli("committee", "add", "TSIRS", "--name", "Issue Resolution", "--json"))
    assert committee == {"code": "TSIRS", "name": "Issue Resolution", "paper_lead_days": None,
                         "cadence": None}  # fmt: skip
