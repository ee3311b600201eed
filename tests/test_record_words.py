"""What a person reads says the code's words (issue 24): the workflow file's labels in the CLI,
the exports and the register, machine names only in ``--json`` and as secondary text; and the
record's own words can be entered (flags not on record, SECAS's "Pending Implementation", a
release target "Not yet determined", a consultation of unknown kind).

Every proposal here is fictional (SEC MP95x, BSC P95x).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from typer.testing import Result

from govflow.service import Govflow

Invoke = Callable[..., Result]


def test_show_lists_the_flags_not_on_record(gf: Govflow, cli: Invoke) -> None:
    """A fictional P950 whose Self-Governance status its page does not give."""
    gf.raise_proposal("P950", title="A fictional BSC proposal", on="2021-01-07",
                      stage="initial_written_assessment")  # fmt: skip
    gf.set_route("P950", unknown_flags=["self_governance"], on="2021-01-07")
    assert gf.proposal("P950").flags_not_on_record == ("self_governance",)
    shown = cli("proposal", "show", "P950")
    assert shown.exit_code == 0, shown.output
    assert "flags not on record: self_governance" in shown.stdout
    as_json = cli("proposal", "show", "P950", "--json")
    assert json.loads(as_json.stdout)["flags_not_on_record"] == ["self_governance"]
    gf.set_route("P950", flags=["self_governance"], on="2021-01-08")
    assert gf.proposal("P950").flags_not_on_record == ()


# -- the code's words in every view a person reads ---------------------------------------------
def _triggers(gf: Govflow) -> set[str]:
    return {t.trigger for wf in gf.registry.all() for t in wf.transitions}


def _demo(db_url: str, *args: str) -> Result:
    from typer.testing import CliRunner

    from govflow.cli import app

    result = CliRunner().invoke(app, ["--db", db_url, *args])
    assert result.exit_code == 0, result.output
    return result


def test_history_says_the_workflows_words_and_the_name_after_them(
    demo_gf: Govflow, demo_db_url: str
) -> None:
    lines = _demo(demo_db_url, "proposal", "history", "MP099").stdout.splitlines()
    assert lines[0] == "seq\tdate\tevent\tmeeting\tby\tnote"
    events = [line.split("\t")[2] for line in lines[1:]]
    assert "Report Phase → Change Board (send_to_change_board)" in events
    assert "Change Board approved: Change Board → Approved (approve)" in events
    assert "Modification Report Consultation opened (mrc_opened)" in events
    assert not [e for e in events if e.split(" ")[0] in _triggers(demo_gf)]  # never first
    raw = _demo(demo_db_url, "proposal", "history", "MP099", "--json").stdout
    assert {e["trigger"] for e in json.loads(raw)} >= {"send_to_change_board", "approve"}


def test_show_and_the_register_say_the_workflows_words(demo_gf: Govflow, demo_db_url: str) -> None:
    shown = _demo(demo_db_url, "proposal", "show", "MP099").stdout
    assert "stage:      Implemented (implemented)" in shown
    assert "Modification Report Consultation closed (mrc_closed)" in shown
    assert "decision:   Change Board approved, 2021-05-26" in shown
    lines = _demo(demo_db_url, "proposal", "list", "--as-of", "2023-01-01").stdout.splitlines()
    row = dict(zip(lines[0].split("\t"), lines[1].split("\t"), strict=True))
    assert (row["stage"], row["last decision"]) == (
        "Implemented",
        "Implemented (SEC Code Administrator and Secretariat)",
    )
    fast_track = next(line for line in lines if line.startswith("MP902\t"))
    assert "\tSEC Panel approved\t" in fast_track  # the Panel decided it, not the Change Board


def test_the_exports_say_no_trigger_name(demo_gf: Govflow) -> None:
    import io

    triggers = _triggers(demo_gf)
    for fmt in ("md", "html"):
        out = io.StringIO()
        demo_gf.export_timeline(out, fmt, "MP099")
        text = out.getvalue()
        assert "Change Board approved: Change Board → Approved" in text, fmt
        # the tables (the workflow diagram labels its arrows with the triggers)
        assert "send_to_change_board:" not in text and "| implement |" not in text, fmt
        assert "<td>implement</td>" not in text, fmt
        out = io.StringIO()
        demo_gf.export_register(out, fmt, as_of="2023-01-01")
        assert "SEC Panel approved on 2021-06-18" in out.getvalue(), fmt
        assert not [t for t in triggers if f" {t} on " in out.getvalue()], fmt


def test_the_demo_fits_an_80_column_terminal(
    monkeypatch: pytest.MonkeyPatch, empty_db_url: str
) -> None:
    import io

    from rich.console import Console

    from govflow.cli import _output

    screen = io.StringIO()
    monkeypatch.setattr(_output, "console", lambda: Console(file=screen, width=80, height=500))
    monkeypatch.setattr(_output, "is_terminal", lambda: True)
    _demo(empty_db_url, "demo")
    shown = screen.getvalue()
    assert "Report Phase → Change Board" in shown
    assert max(len(line) for line in shown.splitlines()) <= 80
