"""CLI: minutes import, actions, due, calendar, meeting next and bulk import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import govflow
from govflow.cli import app
from govflow.demo import build
from govflow.store.hashing import hash_record

MINUTES = Path(__file__).parent / "fixtures" / "minutes"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_minutes_import_dry_run_then_for_real(runner: CliRunner, db_url: str) -> None:
    opsg = str(MINUTES / "opsg-12.md")
    result = runner.invoke(app, ["--db", db_url, "minutes", "import", opsg, "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["dry_run"] is True
    assert report["items_added"] == ["1", "2", "2.1", "2.2", "3", "4", "4.1"]
    assert [u["spelling"] for u in report["unknown_references"]][:2] == ["DP940", "MP910A"]
    shown = runner.invoke(app, ["--db", db_url, "meeting", "show", "OPSG_12"])
    assert shown.exit_code == 1
    result = runner.invoke(app, ["--db", db_url, "minutes", "import", opsg])
    assert result.exit_code == 0, result.output
    assert "wrote changes" in result.stdout
    again = runner.invoke(app, ["--db", db_url, "minutes", "import", opsg])
    assert again.exit_code == 0
    assert "nothing to change" in again.stdout


def test_minutes_import_refuses_a_file_that_is_not_minutes(runner: CliRunner, db_url: str) -> None:
    result = runner.invoke(
        app, ["--db", db_url, "minutes", "import", str(MINUTES / "not-minutes.md")]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: line ")


def test_actions_list_overdue_and_close(runner: CliRunner, db_url: str) -> None:
    runner.invoke(app, ["--db", db_url, "minutes", "import", str(MINUTES / "opsg-12.md")])
    listed = runner.invoke(app, ["--db", db_url, "action", "list", "--json"])
    assert listed.exit_code == 0
    actions = json.loads(listed.stdout)
    dues = ["2021-03-19", "2021-04-06", "2021-04-07", "2021-05-05"]  # 04-07: at OPSG_13
    assert [a["due_on"] for a in actions] == dues
    overdue = runner.invoke(
        app, ["--db", db_url, "action", "list", "--overdue", "--on", "2021-04-07", "--json"]
    )
    assert [a["due_on"] for a in json.loads(overdue.stdout)] == ["2021-03-19", "2021-04-06"]
    closed = runner.invoke(app, ["--db", db_url, "action", "close", str(actions[0]["id"])])
    assert closed.exit_code == 0
    assert "closed action" in closed.stdout
    twice = runner.invoke(app, ["--db", db_url, "action", "close", str(actions[0]["id"])])
    assert twice.exit_code == 1
    assert "already closed" in twice.stderr
    misuse = runner.invoke(app, ["--db", db_url, "action", "list", "--on", "2021-04-07"])
    assert misuse.exit_code == 2


def test_due_lists_what_falls_due_with_working_days_left(runner: CliRunner, db_url: str) -> None:
    with govflow.open_db(db_url) as gf:
        build(gf)
    result = runner.invoke(app, ["--db", db_url, "due", "--on", "2021-06-25", "--json"])
    assert result.exit_code == 0, result.output
    items = {i["reference"]: i for i in json.loads(result.stdout)}
    assert items["MP904"]["due_on"] == "2021-07-02"
    assert items["MP904"]["working_days_left"] == 5
    within = runner.invoke(app, ["--db", db_url, "due", "--on", "2021-06-25", "--within", "2"])
    assert within.exit_code == 0
    assert "MP904" not in within.stdout
    bad = runner.invoke(app, ["--db", db_url, "due", "--within", "-1"])
    assert bad.exit_code == 2


def test_calendar_closures_move_new_deadlines(runner: CliRunner, db_url: str) -> None:
    result = runner.invoke(
        app, ["--db", db_url, "calendar", "close", "2024-12-23", "--until", "2025-01-03",
              "--note", "Christmas shutdown"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["--db", db_url, "calendar", "show", "--json"])
    assert "2024-12-23/2025-01-03" in json.loads(shown.stdout)["closures"]
    backwards = runner.invoke(app, ["--db", db_url, "calendar", "close", "2025-01-03",
                                    "--until", "2024-12-23"])  # fmt: skip
    assert backwards.exit_code == 1
    assert "before it starts" in backwards.stderr


def test_meeting_next_gives_the_papers_deadline(runner: CliRunner, db_url: str) -> None:
    runner.invoke(app, ["--db", db_url, "committee", "add", "TEST", "--name", "Test",
                        "--paper-lead-days", "5"])  # fmt: skip
    runner.invoke(app, ["--db", db_url, "meeting", "add", "TEST_2", "--on", "2021-06-03"])
    result = runner.invoke(
        app, ["--db", db_url, "meeting", "next", "TEST", "--on", "2021-05-07", "--json"]
    )
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert (found["meeting"]["code"], found["papers_due"]) == ("TEST_2", "2021-05-26")
    none = runner.invoke(app, ["--db", db_url, "meeting", "next", "TEST", "--on", "2021-07-01"])
    assert none.exit_code == 1
    assert "no meeting on or after" in none.stderr


def _export(db_url: str, path: Path) -> list[str]:
    lines = [json.dumps({"format": "govflow-audit", "version": 1})]
    with govflow.open_db(db_url) as gf:
        build(gf)
        for p in gf.proposals():
            for e in gf.history(p.reference, as_recorded=True):  # as stored, as exported
                record = {**hash_record(e, p.key), "reference": p.reference,
                          "item_title": e.item_title}  # fmt: skip
                lines.append(json.dumps(record, default=str).replace("+00:00", "Z"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


def test_import_events_round_trip_and_refusal(
    runner: CliRunner, db_url: str, tmp_path: Path
) -> None:
    source = tmp_path / "audit.jsonl"
    lines = _export(f"sqlite:///{tmp_path / 'source.db'}", source)
    dry = runner.invoke(app, ["--db", db_url, "import", "events", str(source), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "nothing written" in dry.stdout
    with govflow.open_db(db_url) as gf:
        assert gf.proposals() == []
    done = runner.invoke(app, ["--db", db_url, "import", "events", str(source)])
    assert done.exit_code == 0, done.output
    assert runner.invoke(app, ["--db", db_url, "verify"]).exit_code == 0
    tampered = tmp_path / "tampered.jsonl"
    record = json.loads(lines[3])
    record["note"] = "rewritten"
    tampered.write_text("\n".join([*lines[:3], json.dumps(record), *lines[4:]]), "utf-8")
    refused = runner.invoke(
        app, ["--db", f"sqlite:///{tmp_path / 'other.db'}", "import", "events", str(tampered)]
    )
    assert refused.exit_code == 1
    assert "line 4" in refused.stderr
    assert "hash" in refused.stderr


def test_verify_file_checks_an_export_without_the_database(
    runner: CliRunner, db_url: str, tmp_path: Path
) -> None:
    with govflow.open_db(db_url) as gf:
        build(gf)
    export = tmp_path / "audit.jsonl"
    made = runner.invoke(app, ["--db", db_url, "export", "audit", "--format", "jsonl",
                               "--output", str(export)])  # fmt: skip
    assert made.exit_code == 0, made.output
    ok = runner.invoke(app, ["--db", str(tmp_path / "unused.db"), "verify", "--file", str(export)])
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.startswith("ok: 6 proposals")
    lines = export.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if '"seq": 3' in line or '"seq":3' in line)
    record = json.loads(lines[index])
    record["note"] = "rewritten"  # MP099's third event: an edit outside govflow
    lines[index] = json.dumps(record)
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    broken = runner.invoke(app, ["verify", "--file", str(export)])
    assert broken.exit_code == 1
    assert "broken history" in broken.stderr
    assert "MP099" in broken.stdout


def test_committee_set_gives_an_existing_committee_a_lead_time(
    runner: CliRunner, db_url: str
) -> None:
    runner.invoke(app, ["--db", db_url, "meeting", "add", "PANEL_96", "--on", "2021-06-18"])
    before = runner.invoke(app, ["--db", db_url, "meeting", "next", "PANEL", "--on", "2021-06-01"])
    assert "no paper lead time set" in before.stdout
    done = runner.invoke(
        app, ["--db", db_url, "committee", "set", "PANEL", "--paper-lead-days", "5"]
    )
    assert done.exit_code == 0, done.output
    after = runner.invoke(
        app, ["--db", db_url, "meeting", "next", "PANEL", "--on", "2021-06-01", "--json"]
    )
    assert json.loads(after.stdout)["papers_due"] == "2021-06-11"
    nothing = runner.invoke(app, ["--db", db_url, "committee", "set", "PANEL"])
    assert nothing.exit_code == 2
    unknown = runner.invoke(app, ["--db", db_url, "committee", "set", "NOPE", "--name", "x"])
    assert unknown.exit_code == 1
    assert "unknown committee" in unknown.stderr
