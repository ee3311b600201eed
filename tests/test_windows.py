"""Kinds of window: deadlines, expected durations, windows that lapse, announced closing dates.

Every proposal here is fictional (MP9xx), with fictional dates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from govflow.errors import InvalidWorkflow, TransitionNotAllowed
from govflow.service import Govflow
from govflow.workflow.loader import parse_workflow
from govflow.workflow.windows import lapse_names


@pytest.fixture
def decided(gf: Govflow) -> Govflow:
    """MP960 (fictional, Self-Governance), approved by the Change Board on 2 June 2021: its
    appeal window (15 WD, the first day counted) runs until 22 June 2021."""
    gf.raise_proposal(
        "MP960", title="A fictional proposal", on="2021-05-03", path=3, stage="change_board",
        override="a fictional record starting at the vote",
    )  # fmt: skip
    gf.advance("MP960", "approve", on="2021-06-02")
    return gf


def test_an_appeal_window_that_passes_lapses_and_is_never_overdue(decided: Govflow) -> None:
    (window,) = decided.deadlines("MP960")
    assert (window.what, window.due_on, window.window) == (
        "Path 3 appeal window",
        dt.date(2021, 6, 22),
        "lapses",
    )
    assert [d.reference for d in decided.due(on="2021-06-22")] == ["MP960"]
    assert decided.due(on="2021-06-23") == []
    assert decided.due(on="2025-01-01", overdue=True) == []
    shown = decided.proposal("MP960").deadlines
    assert [(d.status, d.window) for d in shown] == [("lapsed", "lapses")]
    assert shown[0].left_text() == "lapsed on 2021-06-22"


def test_an_appeal_after_the_window_has_lapsed_is_refused_with_the_dates(
    decided: Govflow,
) -> None:
    with pytest.raises(TransitionNotAllowed) as refused:  # the 16th working day
        decided.advance("MP960", "appeal", on="2021-06-23")
    assert (
        "the Path 3 appeal window (15 WD from 2021-06-02) lapsed on 2021-06-22: "
        "'appeal' on 2021-06-23 comes after it"
    ) in str(refused.value)
    assert decided.proposal("MP960").stage == "approved"


def test_an_appeal_on_the_windows_last_day_is_accepted_and_closes_it(decided: Govflow) -> None:
    decided.advance("MP960", "appeal", on="2021-06-22")
    assert decided.proposal("MP960").stage == "authority_decision"
    (closed,) = decided.deadlines("MP960", open_only=False)
    assert closed.status == "closed"


def test_implement_waits_for_the_appeal_window_to_lapse(decided: Govflow) -> None:
    with pytest.raises(TransitionNotAllowed) as refused:
        decided.advance("MP960", "implement", on="2021-06-10")
    assert "runs until 2021-06-22: 'implement' must wait until it has lapsed" in str(refused.value)
    decided.advance("MP960", "implement", on="2021-06-23")
    (lapsed,) = decided.deadlines("MP960", open_only=False)
    assert (lapsed.status, lapsed.due_on) == ("lapsed", dt.date(2021, 6, 22))


def test_implement_by_target_stage_waits_for_the_window_too(decided: Govflow) -> None:
    with pytest.raises(TransitionNotAllowed, match="'implement' must wait until it has lapsed"):
        decided.advance("MP960", to="implemented", on="2021-06-10")
    assert decided.advance("MP960", to="implemented", on="2021-06-23").stage == "implemented"


def test_an_override_implements_inside_the_window_and_says_so(decided: Govflow) -> None:
    decided.advance(
        "MP960", "implement", on="2021-06-10", override="urgent fix agreed by all parties"
    )
    (last,) = [e for e in decided.history("MP960") if e.trigger == "implement"]
    assert last.kind == "override"
    assert any("must wait until it has lapsed" in w for w in last.payload["waived"])


def test_a_late_entry_cannot_put_an_appeal_after_its_window(decided: Govflow) -> None:
    decided.advance("MP960", "appeal", on="2021-06-21")
    with pytest.raises(TransitionNotAllowed) as refused:
        decided.correct("MP960", 2, changes={"occurred_on": "2021-05-20"}, note="earlier vote")
    assert "lapsed on 2021-06-10" in str(refused.value)


def test_an_expected_duration_shows_late_but_never_overdue(gf: Govflow) -> None:
    gf.raise_proposal("MP961", title="A fictional proposal", on="2021-05-24", path=3)
    gf.advance("MP961", "start_refinement", on="2021-06-18")
    gf.record("MP961", "preliminary_assessment_requested", on="2021-06-21")
    assert gf.due(on="2021-08-02", overdue=True) == []
    (late,) = gf.due(on="2021-08-02")
    assert (late.window, late.status, late.due_on) == ("expected", "late", dt.date(2021, 7, 2))
    assert late.left_text() == "later than usual by 21 working days"


def test_a_deadline_the_rules_set_is_overdue_when_it_passes(gf: Govflow) -> None:
    gf.raise_proposal("DP962", title="A fictional draft", on="2021-06-01")
    gf.record("DP962", "critical_friend_review", on="2021-06-01")
    (overdue,) = gf.due(on="2021-06-14", overdue=True)
    assert (overdue.window, overdue.status, overdue.due_on) == (
        "deadline",
        "open",
        dt.date(2021, 6, 7),
    )


@pytest.mark.parametrize(
    ("until", "due"),
    [(None, dt.date(2021, 5, 10)), ("2021-05-20", dt.date(2021, 5, 20))],
    ids=["computed-15wd", "announced"],
)
def test_an_announced_closing_date_beats_the_computed_one(
    gf: Govflow, until: str | None, due: dt.date
) -> None:
    gf.raise_proposal("MP963", title="A fictional proposal", on="2021-03-01", path=3)
    gf.advance("MP963", "send_to_report", on="2021-04-01")
    gf.record("MP963", "mrc_opened", on="2021-04-19", until=until)
    assert [d.due_on for d in gf.deadlines("MP963")] == [due]
    # the same when the whole history is replayed (a correction replays it)
    gf.record("MP963", "modification_report_presented", on="2021-04-30")
    gf.correct("MP963", 3, changes={"actor": "SECAS"}, note="who opened it")
    assert [d.due_on for d in gf.deadlines("MP963")] == [due]


SEC_FILE = Path(__file__).parents[1] / "workflows" / "sec-modification.yaml"


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("      kind: lapses\n", "      kind: lapse\n",
         "states.approved.deadline.kind: unknown window kind 'lapse' (did you mean 'lapses'?)"),
        ("before: [implement]", "before: [implemnt]",
         "states.approved.deadline.before[0]: unknown trigger 'implemnt' (did you mean "
         "'implement'?)"),
        ("      kind: lapses\n", "      kind: expected\n",
         "states.approved.deadline.before: only a window that lapses (kind: lapses) can hold "
         "back triggers"),
    ],
    ids=["kind", "before-trigger", "before-not-lapsing"],
)  # fmt: skip
def test_a_broken_window_is_named(old: str, new: str, problem: str) -> None:
    text = SEC_FILE.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(InvalidWorkflow) as broken:
        parse_workflow(text.replace(old, new, 1), "sec-modification.yaml")
    assert any(problem in p for p in broken.value.problems), broken.value.problems


def test_what_a_lapsing_window_may_refuse_counts_each_version_of_the_window() -> None:
    """An open window keeps what closed it under the version that opened it (before a
    migration): a write looks at the open windows for those names too."""
    text = SEC_FILE.read_text(encoding="utf-8")
    current = parse_workflow(text, "sec-modification.yaml")
    other = parse_workflow(
        text.replace("closed_by: [appeal]", "closed_by: [appeal, withdraw]", 1)
        .replace("version: 1", "version: 2", 1),
        "sec-modification.yaml",
    )  # fmt: skip
    assert lapse_names(current) == {"appeal", "implement"}
    assert lapse_names(current, [other]) == {"appeal", "implement", "withdraw"}
