"""``govflow export audit/register/timeline`` through Typer's CliRunner, on the demo database."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govflow.audit.verify_file import verify_export
from govflow.cli import app


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "200", "TERMINAL_WIDTH": "200"})


@pytest.fixture
def demo_db(demo_db_url: str) -> str:
    """A URL to a database holding the demo records."""
    return demo_db_url


def _run(runner: CliRunner, db: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", db, "export", *args])
    return result.exit_code, result.stdout, result.stderr


def test_audit_as_csv_goes_to_stdout(runner: CliRunner, demo_db: str) -> None:
    code, out, err = _run(runner, demo_db, "audit", "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == 49 and rows[0]["reference"] == "MP099"
    assert err == ""  # nothing but the export on stdout, and no progress when not a terminal


def test_audit_with_filters(runner: CliRunner, demo_db: str) -> None:
    filters = [
        "--proposal",
        "MP099",
        "-p",
        "DP903",
        "--since",
        "1 May 2021",
        "--until",
        "2021-05-31",
    ]
    code, out, err = _run(runner, demo_db, "audit", "-f", "csv", *filters)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert {r["reference"] for r in rows} == {"MP099", "DP903"}
    assert [r["seq"] for r in rows if r["reference"] == "MP099"] == ["11", "12", "13"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder for the exports (the SQLite database lives next to it)."""
    path = tmp_path / "out"
    path.mkdir()
    return path


def test_audit_jsonl_to_a_file_verifies(runner: CliRunner, demo_db: str, folder: Path) -> None:
    path = folder / "audit.jsonl"
    code, out, err = _run(runner, demo_db, "audit", "--output", str(path))  # format from ending
    assert code == 0, err
    assert out == "" and "49 events written to" in err
    with path.open(encoding="utf-8") as lines:
        assert verify_export(lines) == []
    assert [p.name for p in folder.iterdir()] == ["audit.jsonl"]  # no temporary file left


def test_register_as_of_a_date(runner: CliRunner, demo_db: str, tmp_path: Path) -> None:
    code, out, err = _run(runner, demo_db, "register", "--as-of", "2021-05-01", "-f", "jsonl")
    assert code == 0, err
    header, *rows = (json.loads(line) for line in out.splitlines())
    assert header["as_of"] == "2021-05-01"
    assert {r["reference"]: r["stage"] for r in rows}["MP099"] == "report"
    page = tmp_path / "register.html"
    code, _, err = _run(runner, demo_db, "register", "--as-of", "2021-05-01", "-o", str(page))
    assert code == 0, err
    assert "Report Phase" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "fmt, marker",
    [("md", "```mermaid"), ("html", "<svg"), ("csv", "reference,seq,date,occurred_on")],
)
def test_timeline(runner: CliRunner, demo_db: str, fmt: str, marker: str) -> None:
    code, out, err = _run(runner, demo_db, "timeline", "MP099", "--format", fmt)
    assert code == 0, err
    assert marker in out and "MP099" in out


@pytest.mark.parametrize(
    "args, allowed",
    [
        (["audit", "--format", "xlsx"], "allowed: csv, jsonl, md, html"),
        (["timeline", "MP099", "--format", "jsonl"], "allowed: csv, md, html"),
        (["register"], "give the format; allowed: csv, jsonl, md, html"),
        (["audit", "--output", "audit.txt"], "give the format"),
    ],
    ids=["unknown", "not for a timeline", "missing", "unknown ending"],
)
def test_a_bad_format_is_a_usage_error(
    runner: CliRunner, demo_db: str, args: list[str], allowed: str
) -> None:
    code, _, err = _run(runner, demo_db, *args)
    assert code == 2
    assert allowed in " ".join(err.split())


def test_an_unknown_reference_fails_and_leaves_no_file(
    runner: CliRunner, demo_db: str, folder: Path
) -> None:
    page = folder / "MP999.html"
    page.write_text("an earlier export", encoding="utf-8")
    code, _, err = _run(runner, demo_db, "timeline", "MP999", "--output", str(page))
    assert code == 1
    assert err.startswith("Error: no proposal answers to 'MP999'")
    assert page.read_text(encoding="utf-8") == "an earlier export"  # untouched
    assert [p.name for p in folder.iterdir()] == ["MP999.html"]
    code, _, err = _run(runner, demo_db, "audit", "-f", "csv", "--proposal", "MP999")
    assert code == 1 and "Error: no proposal answers to 'MP999'" in err


def test_a_bad_date_fails_with_the_accepted_forms(runner: CliRunner, demo_db: str) -> None:
    code, _, err = _run(runner, demo_db, "audit", "-f", "csv", "--since", "the other day")
    assert code == 1
    assert "--since: 'the other day' is not a date" in err


def test_export_help_lists_the_reports(runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", "--help"])
    assert result.exit_code == 0
    for command in ("audit", "register", "timeline"):
        assert command in result.stdout


def test_an_output_in_a_missing_folder_fails_cleanly(
    runner: CliRunner, demo_db: str, folder: Path
) -> None:
    code, _, err = _run(runner, demo_db, "register", "-o", str(folder / "nowhere" / "r.csv"))
    assert code == 1
    assert err.startswith("Error: cannot write") and "No such file or directory" in err
