"""Who may raise an alternative and when, and the seats a vote is checked against, as each code's
workflow file gives them (issue 25): with their source, or marked as not in our sources.

MP9xx and P9xx proposals, their dates and actors are fictional.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from govflow.service import Govflow
from govflow.workflow.loader import load_file, parse_workflow

Invoke = Callable[..., Result]
WORKFLOWS = Path(__file__).resolve().parents[1] / "workflows"


def _ok(cli: Invoke, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_sec_alternative_outside_refinement_is_recorded_and_its_history_says_so(
    cli: Invoke, gf: Govflow
) -> None:
    """The SEC's rule ("usually by the Working Group during Refinement") is UNCONFIRMED: an
    alternative raised in the Report Phase is not refused; history names the rule not kept to."""
    _ok(cli, "proposal", "raise", "MP975", "--title", "A fictional proposal", "--on", "2021-01-07")
    _ok(cli, "proposal", "advance", "MP975", "--to", "report", "--on", "2021-02-04")
    _ok(cli, "proposal", "alternative", "MP975A", "--title", "Fictional", "--on", "2021-02-11")
    assert gf.proposal("MP975").solutions == ("MP975", "MP975A")
    (event,) = [e for e in gf.history("MP975") if e.kind == "alternative"]
    assert "waived" not in event.payload  # nothing set aside: nothing was refused
    history = _ok(cli, "proposal", "history", "MP975")
    assert "[not kept to, a rule UNCONFIRMED: an alternative is raised in refinement" in history
    assert "it is in 'report'" in history
    assert gf.verify() == []


def test_a_sec_alternative_in_refinement_keeps_to_the_unconfirmed_rule(gf: Govflow) -> None:
    gf.raise_proposal("MP976", title="A fictional proposal", on="2021-01-07")
    gf.advance("MP976", to="refinement", on="2021-02-04")
    gf.raise_alternative("MP976A", title="Fictional", on="2021-03-04", actor="WG")
    (event,) = [e for e in gf.history("MP976") if e.kind == "alternative"]
    assert "unconfirmed" not in event.payload and "unchecked" not in event.payload


def test_a_bsc_alternative_is_checked_only_for_an_open_proposal(gf: Govflow) -> None:
    """Who may raise a BSC Alternative Modification, and when, is not in our sources: nothing is
    checked or named beyond the proposal being open."""
    gf.raise_proposal("P991", title="A fictional modification", on="2021-01-07")
    gf.raise_alternative("P991A", title="Fictional", on="2021-01-08", actor="the proposer")
    (event,) = [e for e in gf.history("P991") if e.kind == "alternative"]
    assert "unconfirmed" not in event.payload and "waived" not in event.payload
    rule = load_file(WORKFLOWS / "bsc-modification.yaml").alternative_rule
    assert (rule.raised_in, rule.not_by_proposer, rule.unconfirmed) == ((), False, True)
    assert "not in our sources" in rule.note


@pytest.mark.parametrize("code", ["sec", "bsc", "unc", "cusc"])
def test_every_code_says_who_may_raise_an_alternative_with_a_source_or_unconfirmed(
    code: str,
) -> None:
    wf = load_file(WORKFLOWS / f"{code}-modification.yaml")
    rule = wf.alternative_rule
    assert rule.note, f"{wf.name} gives no source for its alternatives rule"
    assert rule.unconfirmed or rule.raised_in  # an unconfirmed rule says so as data


@pytest.mark.parametrize("code", ["sec", "bsc", "unc"])
def test_every_voting_body_declares_its_seats_or_says_they_are_not_in_our_sources(
    code: str,
) -> None:
    wf = load_file(WORKFLOWS / f"{code}-modification.yaml")
    assert wf.votes
    for voting in wf.votes:
        assert voting.seats or ("seats" in voting.note and "not in our sources" in voting.note), (
            f"{wf.name}: {voting.body} declares no seats and does not say why"
        )


@pytest.mark.parametrize("code", ["sec", "bsc", "unc"])
def test_the_previous_version_is_kept_unchanged_and_migrates_to_this_one(code: str) -> None:
    latest = load_file(WORKFLOWS / f"{code}-modification.yaml")
    kept = load_file(WORKFLOWS / f"{code}-modification-v{latest.version - 1}.yaml")
    assert kept.version == latest.version - 1 and kept.in_force_from == latest.in_force_from
    mapping = latest.migrates_from[kept.version]
    assert set(mapping.values()) <= {s.name for s in latest.states}


def test_unconfirmed_is_a_flag_of_the_alternatives_section() -> None:
    from govflow.errors import InvalidWorkflow

    text = Path(WORKFLOWS, "sec-modification.yaml").read_text()
    broken = text.replace("  unconfirmed: true\n", "  unconfirmed: usually\n", 1)
    with pytest.raises(InvalidWorkflow, match="unconfirmed"):
        parse_workflow(broken, source="broken.yaml")


@pytest.mark.parametrize(
    ("code", "raised_in", "unconfirmed"),
    [("sec", ["refinement"], True), ("bsc", [], True), ("unc", ["workgroup"], False)],
)
def test_workflow_show_json_gives_the_alternatives_rule_and_the_seats(
    code: str, raised_in: list[str], unconfirmed: bool
) -> None:
    from govflow.workflow.describe import workflow_to_dict

    shown = workflow_to_dict(load_file(WORKFLOWS / f"{code}-modification.yaml"))
    rule = shown["alternatives"]
    assert (rule["raised_in"], rule["unconfirmed"], bool(rule["note"])) == (
        raised_in, unconfirmed, True,
    )  # fmt: skip
    seats = {v["body"]: v["seats"] for v in shown["votes"]}
    assert seats.get("CB", {}).get("Large Supplier") == (13 if code == "sec" else None)
