"""``govflow workflow list/show/diagram/check`` through Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govflow.cli import app
from govflow.cli import workflow as workflow_cli
from govflow.workflow.registry import Registry, workflow_files

FIXTURES = Path(__file__).parent / "fixtures" / "workflows"
DOCS = Path(__file__).parents[1] / "docs" / "workflows.md"
SEC = Registry.shipped().get("sec-modification")


@pytest.fixture
def runner() -> CliRunner:
    """A runner with a wide terminal, so rich output does not wrap."""
    return CliRunner(env={"COLUMNS": "200", "TERMINAL_WIDTH": "200"})


def test_list_shows_the_shipped_workflows(runner: CliRunner) -> None:
    result = runner.invoke(app, ["workflow", "list"])
    assert result.exit_code == 0, result.output
    assert "sec-modification\t1\t2018-11-01\tSEC\tSEC Modification Proposal" in result.stdout


def test_show_names_the_reference_forms_of_each_code(runner: CliRunner) -> None:
    unc = runner.invoke(app, ["workflow", "show", "unc-modification"])
    assert unc.exit_code == 0, unc.output
    assert "prefixes: (a bare number)\nforms:    0116, UNC0116, 0116A, 0116S, 0116FT, 0116V\n" in (
        unc.stdout
    )
    assert "modification\tModification\tUNC PANEL" in unc.stdout
    bsc = runner.invoke(app, ["workflow", "show", "bsc-modification"])
    assert "prefixes: P\nforms:    P116, P116A\n" in bsc.stdout
    assert "initial_written_assessment\tInitial Written Assessment\tBSC PANEL" in bsc.stdout


def test_show_lists_states_transitions_and_milestones(runner: CliRunner) -> None:
    result = runner.invoke(app, ["workflow", "show", "sec-modification"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "workflow: sec-modification (version 3, in force from 2018-11-01)" in out
    assert "prefixes: DP, MP, SECMP" in out
    assert "refinement\tRefinement Process\tWG\tWorking Group, DCC assessment" in out
    assert (
        "send_to_report\trefinement\treport\tPANEL\tmilestone refinement_consultation_closed"
        in (out)
    )
    assert "mrc_opened\tModification Report Consultation opened\tSECAS\treport\t15" in out


def test_show_json_gives_the_whole_definition(runner: CliRunner) -> None:
    result = runner.invoke(app, ["workflow", "show", "sec-modification", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"name", "version", "states", "transitions", "milestones", "references"}
    assert (data["name"], data["version"], data["initial"]) == ("sec-modification", 3, "draft")
    assert [s["name"] for s in data["states"]] == list(SEC.state_names)
    refinement = next(s for s in data["states"] if s["name"] == "refinement")
    assert refinement["steps"][0]["name"] == "working_group"
    approve_at_cb = next(
        t
        for t in data["transitions"]
        if t["trigger"] == "approve" and t["sources"] == ["change_board"]
    )
    assert approve_at_cb["requires"] == [
        {
            "rule": "route 3",
            "kind": "path",
            "message": "only a Self-Governance (Path 3) proposal is decided by the Change Board",
        },
        {
            "rule": "the vote did not go reject",
            "kind": "no_vote",
            "message": "the Change Board's vote on record went against it",
        },
    ]
    assert approve_at_cb["outcome"] == "approve"
    assert data["votes"][0]["body"] == "CB"
    assert len(data["milestones"]) == len(SEC.milestones)
    assert data["references"]["relabel"] == [{"trigger": "convert", "from": "DP", "to": "MP"}]


def test_show_json_gives_the_uncs_reference_scheme(runner: CliRunner) -> None:
    result = runner.invoke(app, ["workflow", "show", "unc-modification", "--json"])
    assert result.exit_code == 0, result.output
    references = json.loads(result.stdout)["references"]
    (bare,) = references["prefixes"]
    assert (bare["prefix"], bare["width"], bare["read_also"]) == ("", 4, ["UNC"])
    assert bare["in_text_after"] == ["Modification", "Mod", "Modifications"]
    assert [(m["suffix"], m["flag"], m["milestone"]) for m in references["marks"]] == [
        ("S", "self_governance", ""),
        ("FT", "fast_track", ""),
        ("V", "", "variation_accepted"),
    ]
    assert references["alternative_label"] == ""


def test_show_a_given_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["workflow", "show", "sec-modification", "--version", "9"])
    assert result.exit_code == 1
    assert "Error: workflow 'sec-modification' has no version 9; versions: 0, 1" in result.stderr


@pytest.mark.parametrize("command", ["show", "diagram"])
def test_an_unknown_workflow_exits_1_with_did_you_mean(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, ["workflow", command, "sec-modificaton"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown workflow 'sec-modificaton'")
    assert "(did you mean 'sec-modification'?)" in result.stderr
    assert result.stdout == ""


def test_diagram_is_a_mermaid_state_diagram_of_every_state(runner: CliRunner) -> None:
    result = runner.invoke(app, ["workflow", "diagram", "sec-modification"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "stateDiagram-v2"
    for state in SEC.states:
        assert f'    state "{state.label}" as {state.name}' in lines
    assert "    [*] --> draft" in lines
    assert "    state refinement {" in lines
    assert '        state "Working Group" as refinement__working_group' in lines
    assert "    report --> refinement: send_back" in lines
    assert "    withdrawn --> [*]" in lines
    assert not any(line.strip().startswith("class ") for line in lines)


def test_diagram_highlights_a_state(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["workflow", "diagram", "sec-modification", "--highlight", "refinement"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "    class refinement current"
    assert "classDef current" in result.stdout


def test_diagram_refuses_an_unknown_highlight_with_did_you_mean(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["workflow", "diagram", "sec-modification", "--highlight", "refinment"]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown state 'refinment'")
    assert "(did you mean 'refinement'?)" in result.stderr


def test_diagram_format_other_than_mermaid_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["workflow", "diagram", "sec-modification", "--format", "dot"])
    assert result.exit_code == 2
    assert "unknown format 'dot'; allowed: mermaid" in result.stderr


def test_check_passes_the_shipped_workflows(runner: CliRunner) -> None:
    result = runner.invoke(app, ["workflow", "check"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"ok: {path}" for path in workflow_files()]
    assert result.stderr == ""


def test_check_passes_a_valid_file(runner: CliRunner) -> None:
    bsc = FIXTURES / "vote-rules.yaml"
    result = runner.invoke(app, ["workflow", "check", str(bsc)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"ok: {bsc}\n"


def test_check_reports_a_broken_file_on_stderr_and_exits_1(runner: CliRunner) -> None:
    broken = FIXTURES / "broken-unknown-initial.yaml"
    valid = FIXTURES / "minimal.yaml"
    result = runner.invoke(app, ["workflow", "check", str(valid), str(broken)])
    assert result.exit_code == 1
    assert result.stdout == f"ok: {valid}\n"
    assert result.stderr.startswith(f"{broken}: 1 problem\n")
    assert "line 6, initial: unknown state 'opne' (did you mean 'open'?)" in result.stderr


def test_check_reports_every_problem_of_every_file(runner: CliRunner) -> None:
    several = FIXTURES / "broken-several-problems.yaml"
    invalid = FIXTURES / "broken-invalid-yaml.yaml"
    result = runner.invoke(app, ["workflow", "check", str(several), str(invalid)])
    assert result.exit_code == 1
    assert f"{several}: 6 problems" in result.stderr
    assert f"{invalid}: 1 problem" in result.stderr
    assert result.stderr.count("\n  - ") == 7


def test_check_a_missing_file_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["workflow", "check", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_every_workflow_command_is_documented() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    names = [
        c.name or getattr(c.callback, "__name__", "") for c in workflow_cli.app.registered_commands
    ]
    assert sorted(names) == ["check", "diagram", "list", "migrate", "show"]
    for name in names:
        assert f"govflow workflow {name}" in docs
