"""``verify`` recomputes everything a person sees from the events (issue 30): each value edited
with direct SQL is reported as a difference (kind ``row``), or (a damaged event) as an altered
chain, never as an internal error. On the demo database (MP099 and MP131 carry public facts, with
their sources; MP9xx are fictional)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy import text
from typer.testing import Result

from govflow.service import Govflow
from tests.histories import drop_event_triggers

_MP = "(SELECT id FROM proposal WHERE number = {})"


@pytest.fixture
def demo(demo_gf: Govflow) -> Govflow:
    assert demo_gf.verify() == []
    return demo_gf


def _run(gf: Govflow, *statements: str) -> None:
    with gf.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))


_EDITS = {  # id: (statements, the proposal named, what the report says)
    "title": (["UPDATE proposal SET title = 'Another title' WHERE number = 904"], "MP904",
              "says title 'Another title'"),
    "raise-date": (["UPDATE proposal SET raised_on = '2020-01-02' WHERE number = 904"], "MP904",
                   "says raise date"),
    "deadline-reopened": ([
        "UPDATE deadline SET status = 'open', closed_on = NULL, due_on = '2099-12-31' "
        "WHERE name = 'mrc_opened' AND proposal_id = {mp}".replace("{mp}", _MP.format(99))],
        "MP099", "status 'open'"),
    "deadline-due": ([
        "UPDATE deadline SET due_on = '2021-08-02' "
        "WHERE name = 'preliminary_assessment_requested'"], "MP904", "due on 2021-08-02"),
    "deadline-deleted": (["DELETE FROM deadline WHERE name = 'preliminary_assessment_requested'"],
                         "MP904", "has no stored deadline"),
    "deadline-invented": ([
        "INSERT INTO deadline (proposal_id, kind, name, label, opened_on, opened_seq, "
        "working_days, first_day_counts, due_on, calendar, closed_by, status, note) SELECT "
        "proposal_id, kind, 'invented', label, opened_on, 2, working_days, first_day_counts, "
        "due_on, calendar, closed_by, status, note FROM deadline "
        "WHERE name = 'preliminary_assessment_requested'"], "MP904", "stores a deadline"),
    "deadline-calendar": ([
        "UPDATE deadline SET due_on = '2022-01-20', calendar = '{\"region\": "
        "\"england-and-wales\", \"closures\": [\"2021-06-22/2021-12-31\"]}' "
        "WHERE name = 'preliminary_assessment_requested'"], "MP904",
        "never recorded"),
    "deadline-damaged": (["UPDATE deadline SET closed_by = '{\"a\": 1}' "
                          "WHERE name = 'preliminary_assessment_requested'"], "MP904",
                         "not what govflow writes"),
    "release-status": ([
        "UPDATE release_proposal SET status = 'implemented' WHERE proposal_id = "
        + _MP.format(131)], "MP131", "release November 2020 says implemented"),
    "release-date": (["UPDATE release SET date = '2030-01-01' WHERE name = 'November 2021'"],
                     "release November 2021", "stored with date 2030-01-01"),
    "alias-added": ([
        "INSERT INTO proposal_alias (proposal_id, spelling, source) VALUES ("
        + _MP.format(904) + ", 'MP999', 'x')"], "MP904", "'MP999' is stored"),
    "alias-deleted": (["DELETE FROM proposal_alias WHERE spelling = 'MP901A'"], "MP901",
                      "spelling 'MP901A', which is not stored"),
    "flags-damaged": (["UPDATE proposal SET flags = '{\"a\": 1}' WHERE number = 904"], "MP904",
                      "says flags"),
}  # fmt: skip


@pytest.mark.parametrize("edit", _EDITS.values(), ids=_EDITS.keys())
def test_a_value_edited_outside_govflow_is_reported(
    demo: Govflow, edit: tuple[list[str], str, str]
) -> None:
    statements, proposal, said = edit
    _run(demo, *statements)
    (broken,) = demo.verify()
    assert (broken.proposal, broken.kind) == (proposal, "row")
    assert said in broken.reason


def test_a_closure_added_after_a_deadline_opened_does_not_move_it_or_break_verify(
    demo: Govflow,
) -> None:
    """The deadline keeps the calendar it opened under; verify rebuilds that calendar from the
    closures recorded, the later one included, and agrees."""
    due = [d.due_on for d in demo.due(on="2021-06-22")]
    demo.add_closure("2021-06-28", "2021-06-30", note="a fictional shutdown")
    assert [d.due_on for d in demo.due(on="2021-06-22")] == due
    assert demo.verify() == []


def _damage_payload(gf: Govflow) -> None:
    drop_event_triggers(gf)
    value = "not json" if gf.engine.dialect.name == "sqlite" else '"a JSON string"'
    _run(gf, "UPDATE event SET payload = '" + value + "' WHERE seq = 2 AND proposal_id = "
         + _MP.format(904))  # fmt: skip


def test_a_payload_that_is_not_a_json_object_is_tampering_not_an_internal_error(
    demo: Govflow,
) -> None:
    _damage_payload(demo)
    (broken,) = demo.verify()
    assert (broken.proposal, broken.seq, broken.kind) == ("MP904", 2, "chain")
    assert "altered" in broken.reason


def test_the_cli_reports_a_damaged_payload_as_a_broken_history(
    demo: Govflow, cli: Callable[..., Result]
) -> None:
    _damage_payload(demo)
    result = cli("verify", "--json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert [(b["reference"], b["seq"], b["kind"]) for b in found["breaks"]] == [
        ("MP904", 2, "chain")
    ]
    assert "internal error" not in result.output
