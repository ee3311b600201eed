"""Long work says where it is: the library reports phases with totals, and the command line draws
them as bars on a terminal (and nothing when stderr is not one)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import govflow
from govflow.service import Govflow
from tests.conftest import Build


def _raise_twelve_hundred(gf: Govflow) -> None:
    with gf.transaction():
        for number in range(1000, 2200):
            gf.raise_proposal(f"DP{number}", title="Invented", on="2021-03-01")


@pytest.fixture
def twelve_hundred(built_db_url: Callable[[str, Build], str]) -> Iterator[Govflow]:
    """1,200 invented proposals (DP1000 onwards are fictional), one event each."""
    with govflow.open_db(built_db_url("twelve_hundred", _raise_twelve_hundred)) as gf:
        yield gf


def test_import_events_reports_checking_then_writing_with_totals(
    twelve_hundred: Govflow, tmp_path: Path
) -> None:
    export = io.StringIO()
    twelve_hundred.export_audit(export, "jsonl")
    heard: list[tuple[str, int, int | None]] = []
    with govflow.open_db(tmp_path / "fresh.db") as fresh:
        report = fresh.import_events(
            io.StringIO(export.getvalue()),
            phases=lambda phase, done, total: heard.append((phase, done, total)),
        )
    assert report.events == 1200
    assert ("checking", 1000, None) in heard
    assert ("checking", 1200, 1200) in heard
    assert heard[-1] == ("writing", 1200, 1200)
    assert [p for p, _, _ in heard].index("writing") > [p for p, _, _ in heard].index("checking")


def test_verify_reports_proposals_checked_of_the_total(twelve_hundred: Govflow) -> None:
    heard: list[tuple[int, int]] = []
    assert twelve_hundred.verify(progress=lambda done, total: heard.append((done, total))) == []
    assert heard == [(500, 1200), (1000, 1200)]


def test_export_audit_reports_events_of_the_total(twelve_hundred: Govflow) -> None:
    heard: list[tuple[str, int, int | None]] = []
    twelve_hundred.export_audit(io.StringIO(), "jsonl", phases=lambda *args: heard.append(args))
    assert heard and all(phase == "exporting" and total == 1200 for phase, _, total in heard)


def test_the_bar_shows_phase_count_total_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from rich.console import Console

    from govflow.cli import _output

    screen = io.StringIO()
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr(_output, "_stderr_console",
                        lambda: Console(file=screen, force_terminal=True, width=120))  # fmt: skip
    with _output.progress_bar("events") as report:
        report("checking", 500, 2000)
        report("writing", 100, 2000)
    drawn = screen.getvalue()
    assert "checking" in drawn and "writing" in drawn and "100/2000" in drawn.replace(" ", "")


def test_no_bar_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    from govflow.cli import _output

    with _output.progress_bar("events") as report:
        report("checking", 1, 2)
    assert capsys.readouterr().err == ""
