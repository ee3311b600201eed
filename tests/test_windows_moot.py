"""Windows that never close (issue 24): a window the proposal moved past without its end on
record is *moot*, decided once (``workflow/windows.py: made_moot``), and no view keeps it
running ("later than usual by 1,657 working days" on an implemented proposal).

Every proposal here is fictional (BSC P98x, SEC MP98x), shaped like an Urgent BSC proposal
whose Report Phase Consultation's close is not on record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import text
from typer.testing import Result

from govflow.service import Govflow
from govflow.web.links import Links
from govflow.web.proposal_page import render_proposal

Invoke = Callable[..., Result]
CONSULTATION = "Report Phase Consultation opened"


def _urgent_in_report_phase(gf: Govflow, reference: str) -> None:
    gf.raise_proposal(reference, title="A fictional proposal", on="2021-01-04",
                      stage="initial_written_assessment", urgent=True)  # fmt: skip
    gf.advance(reference, "send_to_report_phase", on="2021-01-08")
    gf.record(reference, "report_consultation_opened", on="2021-01-11")


def _implemented(gf: Govflow, reference: str) -> None:
    gf.advance(reference, "recommend", outcome="approve", on="2021-01-21")
    gf.advance(reference, "approve", on="2021-01-25")
    gf.advance(reference, "implement", on="2021-02-25")


def test_an_urgent_proposal_sent_on_leaves_its_consultation_moot(gf: Govflow, cli: Invoke) -> None:
    _urgent_in_report_phase(gf, "P981")
    _implemented(gf, "P981")
    (window,) = gf.deadlines("P981", open_only=False)
    assert (window.what, window.status) == (CONSULTATION, "moot")
    assert window.left_text().startswith("not applicable")
    assert gf.deadlines("P981") == []
    shown = cli("proposal", "show", "P981")
    assert shown.exit_code == 0, shown.output
    assert "later than usual" not in shown.stdout
    assert f"deadline:   {CONSULTATION}" not in shown.stdout
    page = render_proposal(gf, "P981", Links())
    assert "not applicable (moved on)" in page and "later than usual" not in page
    assert [d.what for d in gf.due(on="2021-06-01")] == []
    ics = gf.export_calendar(on="2021-06-01")
    assert b"Report Phase" not in ics
    # before the move that made it moot, it was running, and is listed as of then
    assert [d.what for d in gf.due(on="2021-01-15")] == [CONSULTATION]
    assert gf.verify() == []


def test_a_close_entered_late_closes_the_window_instead(gf: Govflow) -> None:
    _urgent_in_report_phase(gf, "P982")
    gf.advance("P982", "recommend", outcome="approve", on="2021-01-20")
    assert gf.deadlines("P982", open_only=False)[0].status == "moot"
    gf.record("P982", "report_consultation_closed", on="2021-01-18")  # the minutes came later
    (window,) = gf.deadlines("P982", open_only=False)
    assert window.status == "closed"
    assert gf.verify() == []


def test_the_outcome_makes_every_open_window_moot(gf: Govflow) -> None:
    """A fictional MP985 withdrawn while its Modification Report Consultation runs: the window
    is moot from the withdrawal (not closed on it: its end is not on record)."""
    gf.raise_proposal("MP985", title="A fictional proposal", on="2021-01-04", route="2",
                      stage="report", override="a fictional legacy record")  # fmt: skip
    gf.record("MP985", "mrc_opened", on="2021-02-01")
    gf.advance("MP985", "withdraw", on="2021-02-03")
    (window,) = gf.deadlines("MP985", open_only=False)
    assert (window.status, window.due_on > dt.date(2021, 2, 3)) == ("moot", True)
    assert gf.due(on="2021-02-04") == []
    assert gf.verify() == []


def _as_an_older_govflow_stored_it(gf: Govflow, number: int) -> None:
    """The proposal's moot windows stored open, as govflow stored them before windows could be
    moot (a database written then is not rewritten)."""
    with gf.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE deadline SET status = 'open', closed_on = NULL, closed_with = NULL "
                "WHERE status = 'moot' AND proposal_id = "
                "(SELECT id FROM proposal WHERE number = :n)"
            ),
            {"n": number},
        )


def test_a_window_an_older_database_stores_open_reads_and_verifies_as_moot(
    gf: Govflow, cli: Invoke
) -> None:
    """A fictional P983 (Urgent, BSC) in a database written before windows could be moot: its
    Report Phase Consultation is stored open though the proposal went on and was implemented.
    Every read takes it as its events make it (moot from the recommendation), and ``verify``
    finds no difference: the row is what an older govflow wrote, not an edit. Without that,
    ``verify`` said "the stored deadline says status 'open'; its events say 'moot'"."""
    _urgent_in_report_phase(gf, "P983")
    _implemented(gf, "P983")
    _as_an_older_govflow_stored_it(gf, 983)
    assert gf.verify() == []
    (window,) = gf.deadlines("P983", open_only=False)
    assert (window.status, window.left_text()[:14]) == ("moot", "not applicable")
    assert gf.deadlines("P983") == []
    assert [d.what for d in gf.due(on="2021-06-01")] == []
    assert [d.what for d in gf.due(on="2021-01-15")] == [CONSULTATION]
    shown = cli("proposal", "show", "P983")
    assert shown.exit_code == 0, shown.output
    assert "later than usual" not in shown.stdout  # and no deadline line names the window
    assert [x for x in shown.stdout.splitlines() if x.startswith("deadline")] == []


def test_a_write_after_an_older_database_keeps_the_window_moot_from_the_move_that_left_it(
    gf: Govflow,
) -> None:
    """A fictional P984 (Urgent, BSC) with the Authority, its Report Phase Consultation stored
    open by an older govflow: the Authority's decision entered now does not make it moot a
    second time on a later day; it stays moot from the recommendation (2021-01-21)."""
    _urgent_in_report_phase(gf, "P984")
    gf.advance("P984", "recommend", outcome="approve", on="2021-01-21")
    _as_an_older_govflow_stored_it(gf, 984)
    gf.advance("P984", "approve", on="2021-01-25")
    (window,) = gf.deadlines("P984", open_only=False)
    assert (window.status, window.opened_on) == ("moot", dt.date(2021, 1, 11))
    assert [d.what for d in gf.due(on="2021-01-22")] == []
    assert gf.verify() == []


def test_a_targeted_release_leaves_the_appeal_window_to_lapse_by_itself(gf: Govflow) -> None:
    """A fictional MP986 shaped like the demo's MP131: Self-Governance, approved over a gap,
    targeted at a release (not implemented on record). It stays Approved, so its appeal window
    is not moot: it lapsed by itself on its last day, is shown so, and is not due after it."""
    gf.raise_proposal("MP986", title="A fictional proposal", on="2020-05-21", route="3")
    gf.advance("MP986", to="approved", on="2020-08-26", body="CB")
    gf.release("MP986", "November 2020", on="by November 2020")
    (window,) = gf.deadlines("MP986")
    assert (window.status, window.due_on) == ("lapsed", dt.date(2020, 9, 16))
    assert window.left_text() == "lapsed on 2020-09-16"
    assert [d.reference for d in gf.due(on="2020-09-16")] == ["MP986"]
    assert gf.due(on="2020-09-17") == [] and gf.due(on="2020-12-01", overdue=True) == []
    assert gf.proposal("MP986").decisions[0].body == "CB"
    assert gf.verify() == []
