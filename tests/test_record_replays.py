"""Records with gaps replayed as a secretariat would enter them, with no override (issue 24).

Each history is shaped like a real record the issue names, with a fictional number (SEC MP9xx,
DP9xx, SECMP09xx; BSC P9xx) and fictional dates: none of them is that record, and none carries a
fact taken from it. For each: what ``show``, ``history``, the register as of days before and
after its gaps, and the timeline say, and that nothing they state was not entered (no date, no
deciding body, no route, no implied step).

- MP922, like MP122: the path never public, an alternative approved, the release known;
- MP977, like MP077: dates known to the month, the conversion "by" a month;
- SECMP0907, like SECMP0007: the deciding body and day not on record, a release split in two
  (its target once "Not yet determined" is left out: not yet expressible here);
- SECMP0963, like SECMP0063: a day and month whose year is uncertain;
- P993, a BSC Self-Governance proposal whose flag is entered after its decision;
- P994, a BSC Urgent proposal, its Report Phase Consultation's close not on record.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable
from typing import Any

from typer.testing import Result

from govflow.dates import parse_when
from govflow.service import Govflow

Invoke = Callable[..., Result]
TITLE = "A fictional proposal"
BODIES = ("CB", "AUTHORITY", "PANEL", "BSC PANEL")


def _entered(*written: str) -> set[tuple[dt.date, str]]:
    """The dates as entered; a raise keeps a month on its first day (the first it may be)."""
    found = {parse_when(w) for w in written}
    return found | {(day.replace(day=1), p) for day, p in found if p == "month"}


def _nothing_unsaid(
    gf: Govflow, ref: str, written: Iterable[str], days: Iterable[str], bodies: Iterable[str] = ()
) -> None:
    """Every date ``history`` and the register state is one entered, as entered; no step is
    stored as implied; no decision names a body but ``bodies``."""
    entered = _entered(*written)
    for e in gf.history(ref):
        assert (e.occurred_on, e.date_precision) in entered, (e, "a date not entered")
    assert not any(e.implied or e.kind == "implied" for e in gf.history(ref, as_recorded=True))
    assert {d.body for d in gf.proposal(ref).decisions} <= {None, *bodies}
    for day in days:
        for row in gf.register(as_of=day):
            if row.reference == ref and row.stage_since is not None:
                assert (row.stage_since, row.stage_since_precision) in entered, (day, row)


def _row(gf: Govflow, ref: str, day: str) -> tuple[Any, ...] | None:
    """The register's stage, since when (and how precisely), outcome and whether who decided is
    on record, as of ``day``."""
    for r in gf.register(as_of=day):
        if r.reference == ref:
            return (r.stage, str(r.stage_since), r.stage_since_precision, r.outcome,
                    r.body_on_record)  # fmt: skip
    return None


def _since(gf: Govflow, ref: str, day: str) -> tuple[Any, ...]:
    """The register's stage and since when (and how precisely), as of ``day``."""
    row = _row(gf, ref, day)
    assert row is not None, (ref, day)
    return row[:3]


def _said(cli: Invoke, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _timeline(gf: Govflow, ref: str) -> str:
    out = io.StringIO()
    gf.export_timeline(out, "md", ref)
    return out.getvalue()


def _decision_lines(shown: str) -> list[str]:
    return [line for line in shown.splitlines() if line.startswith("decision:")]


def test_a_path_never_public_with_its_alternative_approved_and_released(
    gf: Govflow, cli: Invoke
) -> None:
    """MP922 (fictional, shaped like MP122): raised, in Refinement by its first Working Group,
    an alternative raised by a day, the Report Phase reached by a day, the alternative
    approved (who decided not on record), implemented in a release whose date is known."""
    written = ["2020-03-24", "by 2020-06-03", "2020-06-03", "by 2020-09-30", "by 2021-04-16",
               "2021-05-26", "2021-11-04"]  # fmt: skip
    gf.raise_proposal("MP922", title=TITLE, on="2020-03-24")
    gf.advance("MP922", to="refinement", on="by 2020-06-03")
    gf.record("MP922", "working_group_meeting", on="2020-06-03")
    gf.raise_alternative("MP922", letter="A", title="A fictional alternative", on="by 2020-09-30")
    assert gf.advance("MP922", to="report", on="by 2021-04-16").kind == "reached"
    decided = gf.advance("MP922", to="approved", on="2021-05-26", outcome="approve",
                         solution="MP922A")  # fmt: skip
    assert decided.kind == "reached"
    gf.release("MP922", "November 2021", status="implemented", release_date="2021-11-04",
               on="2021-11-04")  # fmt: skip
    gf.advance("MP922", to="implemented", on="2021-11-04")

    (decision,) = gf.proposal("MP922").decisions
    assert (decision.body, decision.outcome, decision.solution) == (None, "approve", "MP922A")
    shown = _said(cli, "proposal", "show", "MP922")
    assert "route:      not on record" in shown
    (line,) = _decision_lines(shown)
    assert "MP922A" in line and "body not on record" in line and "MP922 " not in line
    assert "MP922A: implemented" in shown and "MP922: not approved" in shown
    assert "by None" not in shown  # the solution's standing names no body either
    history = _said(cli, "proposal", "history", "MP922")
    assert "by 2021-04-16" in history and "by 2020-06-03" in history
    assert not any(f"\t{body}\t" in history for body in ("CB", "AUTHORITY", "PANEL"))
    timeline = _timeline(gf, "MP922")
    assert "steps between not on record" in timeline
    assert "| CB |" not in timeline and "| AUTHORITY |" not in timeline

    assert _row(gf, "MP922", "2020-03-23") is None  # not raised yet
    assert _row(gf, "MP922", "2021-04-16") == ("report", "2021-04-16", "on_or_before", None,
                                               False)  # fmt: skip
    assert _row(gf, "MP922", "2021-05-25") == ("report", "2021-04-16", "on_or_before", None,
                                               False)  # fmt: skip
    assert _row(gf, "MP922", "2021-05-26") == ("approved", "2021-05-26", "day", "approve", False)
    assert _row(gf, "MP922", "2021-11-04") == ("implemented", "2021-11-04", "day", None, True)
    days = ["2020-06-02", "2020-06-03", "2021-04-15", "2021-04-16", "2021-05-26", "2021-11-04"]
    _nothing_unsaid(gf, "MP922", written, days)
    assert gf.verify() == []


def test_dates_known_to_the_month_and_a_conversion_by_a_month(gf: Govflow, cli: Invoke) -> None:
    """MP977 (fictional, shaped like MP077): raised as DP977 in a month, converted by the end of
    a later month, in Refinement in a month, the Report Phase reached by a month, approved in a
    month (who decided not on record)."""
    written = ["March 2019", "by May 2019", "June 2019", "by February 2020", "April 2020"]
    gf.raise_proposal("DP977", title=TITLE, on="March 2019", stage="development")
    converted = gf.advance("DP977", to="initial_consideration", on="by May 2019")
    assert (converted.reference, converted.date_precision) == ("MP977", "on_or_before")
    gf.advance("MP977", to="refinement", on="June 2019")
    gf.advance("MP977", to="report", on="by February 2020")
    gf.advance("MP977", to="approved", on="April 2020")

    shown = _said(cli, "proposal", "show", "MP977")
    assert "raised on:  March 2019" in shown and "aliases:    DP977" in shown
    (line,) = _decision_lines(shown)
    assert "body not on record" in line and line.endswith("April 2020")
    history = _said(cli, "proposal", "history", "MP977")
    for said in ("March 2019", "by 2019-05-31", "June 2019", "by 2020-02-29", "April 2020"):
        assert said in history
    assert "2019-03-01" not in history and "2020-04-30" not in history  # a month, not a day
    timeline = _timeline(gf, "MP977")
    assert "steps between not on record" in timeline and "April 2020" in timeline

    assert _row(gf, "MP977", "2019-02-28") is None
    # the conversion's body is the one the workflow fixes for it (the CSC), on every route
    assert _row(gf, "MP977", "2019-05-31") == ("initial_consideration", "2019-05-31",
                                               "on_or_before", None, True)  # fmt: skip
    assert _since(gf, "MP977", "2020-02-29") == ("report", "2020-02-29", "on_or_before")
    assert _row(gf, "MP977", "2020-04-30") == ("approved", "2020-04-30", "month", "approve", False)
    days = ["2019-03-31", "2019-05-30", "2019-05-31", "2019-06-30", "2020-02-29", "2020-04-30"]
    _nothing_unsaid(gf, "MP977", written, days)
    assert gf.verify() == []


def test_a_decision_whose_body_and_day_are_not_on_record_and_a_release_split_in_two(
    gf: Govflow, cli: Invoke
) -> None:
    """SECMP0907 (fictional, shaped like SECMP0007): raised before the DP stage existed,
    approved by the day of its first release (neither the deciding body nor the day on record),
    half implemented in one release and the rest in a later one. Before that, its target
    release became "Not yet determined" (SECAS's words): the release it had been targeted at is
    neither withdrawn nor kept."""
    written = [
        "2018-05-14",
        "2019-06-03",
        "2020-02-03",
        "by 2021-11-04",
        "2021-11-04",
        "2022-06-30",
    ]
    gf.raise_proposal("SECMP0907", title=TITLE, on="2018-05-14")
    gf.release("SECMP0907", "November 2020", on="2019-06-03")  # targeted
    gf.release("SECMP0907", "November 2020", status="not_yet_determined", on="2020-02-03")
    undetermined = {r.reference: r for r in gf.register(as_of="2020-03-01")}["SECMP0907"]
    assert [(r.release, r.status) for r in undetermined.releases] == [
        ("November 2020", "not_yet_determined")]  # fmt: skip
    assert "target not yet determined" in _said(cli, "proposal", "show", "SECMP0907")
    gf.advance("SECMP0907", to="approved", on="by 2021-11-04", outcome="approve")
    gf.release("SECMP0907", "November 2021", status="implemented", release_date="2021-11-04",
               on="2021-11-04")  # fmt: skip
    gf.release("SECMP0907", "June 2022", status="targeted", release_date="2022-06-30",
               on="2021-11-04")  # fmt: skip
    gf.release("SECMP0907", "June 2022", status="implemented", on="2022-06-30")
    gf.advance("SECMP0907", to="implemented", on="2022-06-30")

    (decision,) = gf.proposal("SECMP0907").decisions
    assert (decision.body, decision.on, decision.on_precision) == (
        None, dt.date(2021, 11, 4), "on_or_before")  # fmt: skip
    shown = _said(cli, "proposal", "show", "SECMP0907")
    (line,) = _decision_lines(shown)
    assert "body not on record" in line and line.endswith("by 2021-11-04")
    assert not any(body in line for body in ("CB", "Change Board", "AUTHORITY", "Authority"))
    assert "November 2021 (2021-11-04): implemented" in shown
    assert "June 2022 (2022-06-30): implemented" in shown
    history = _said(cli, "proposal", "history", "SECMP0907")
    assert "by 2021-11-04" in history and "steps between not on record" in history
    timeline = _timeline(gf, "SECMP0907")
    assert "| CB |" not in timeline and "| AUTHORITY |" not in timeline

    assert _since(gf, "SECMP0907", "2021-11-03") == ("initial_consideration", "2018-05-14", "day")
    assert _row(gf, "SECMP0907", "2021-11-04") == ("approved", "2021-11-04", "on_or_before",
                                                   "approve", False)  # fmt: skip
    between = {r.reference: r for r in gf.register(as_of="2022-01-01")}["SECMP0907"]
    assert [(r.release, r.status) for r in between.releases] == [
        ("November 2020", "not_yet_determined"), ("November 2021", "implemented"),
        ("June 2022", "targeted")]  # fmt: skip
    assert _since(gf, "SECMP0907", "2022-06-30") == ("implemented", "2022-06-30", "day")
    _nothing_unsaid(gf, "SECMP0907", written, ["2021-11-03", "2021-11-04", "2022-06-30"])
    assert gf.verify() == []


def test_a_day_and_month_whose_year_is_uncertain(gf: Govflow, cli: Invoke) -> None:
    """SECMP0963 (fictional, shaped like SECMP0063): in Refinement on a 21 November of 2018 or
    2019, the record does not say which; the Report Phase reached on a known day."""
    uncertain = "21 November, year uncertain (2018 or 2019)"
    written = ["2018-10-02", uncertain, "2020-03-02"]
    gf.raise_proposal("SECMP0963", title=TITLE, on="2018-10-02")
    gf.advance("SECMP0963", to="refinement", on=uncertain)
    gf.advance("SECMP0963", to="report", on="2020-03-02")

    history = _said(cli, "proposal", "history", "SECMP0963")
    assert uncertain in history
    assert "2018-11-21" not in history and "2019-11-21" not in history  # no year chosen
    shown = _said(cli, "proposal", "show", "SECMP0963")
    assert "2018-11-21" not in shown and "2019-11-21" not in shown
    timeline = _timeline(gf, "SECMP0963")
    assert "2018-11-21" not in timeline and "2019-11-21" not in timeline

    # before the earlier year's day: still in Initial Consideration; the register counts the
    # move from the last day it may have happened
    assert _since(gf, "SECMP0963", "2018-11-20") == ("initial_consideration", "2018-10-02", "day")
    assert _since(gf, "SECMP0963", "2019-11-21") == (
        "refinement",
        "2019-11-21",
        "year_uncertain:2018..2019",
    )
    assert _since(gf, "SECMP0963", "2020-03-02") == ("report", "2020-03-02", "day")
    days = ["2018-11-20", "2018-11-21", "2019-11-21", "2020-03-02"]
    _nothing_unsaid(gf, "SECMP0963", written, days)
    assert gf.verify() == []


def _raised_bsc(gf: Govflow, ref: str, **more: Any) -> None:
    gf.raise_proposal(ref, title=TITLE, on="2021-01-07", stage="initial_written_assessment",
                      **more)  # fmt: skip


def test_a_bsc_self_governance_flag_entered_after_its_decision(gf: Govflow, cli: Invoke) -> None:
    """P993 (fictional): the Report Phase reached, then approved; only later is it entered (from
    a paper found then) that it was Self-Governance from before the decision. Before that entry
    no view names who decided; after it, the Panel's determination is the one route left."""
    written = ["2021-01-07", "by 2021-04-01", "2021-06-10", "by 2021-03-01"]
    _raised_bsc(gf, "P993")
    gf.advance("P993", to="report_phase", on="by 2021-04-01")
    gf.advance("P993", to="approved", on="2021-06-10")
    (before,) = gf.proposal("P993").decisions
    assert before.body is None
    assert _row(gf, "P993", "2021-06-10") == ("approved", "2021-06-10", "day", "approve", False)
    shown = _said(cli, "proposal", "show", "P993")
    (line,) = _decision_lines(shown)
    assert "body not on record" in line and "AUTHORITY" not in line and "Authority" not in line

    gf.set_route("P993", flags=["self_governance"], on="by 2021-03-01", note="found later")
    (after,) = gf.proposal("P993").decisions
    assert (after.body, after.on) == ("BSC PANEL", dt.date(2021, 6, 10))
    shown = _said(cli, "proposal", "show", "P993")
    (line,) = _decision_lines(shown)
    assert "BSC Panel" in line or "BSC PANEL" in line
    assert "AUTHORITY" not in line and "Authority" not in line
    history = gf.history("P993")
    assert not any("authority_decision" in r for r in history[-1].payload["routes"])
    assert "by 2021-03-01" in _said(cli, "proposal", "history", "P993")
    timeline = _timeline(gf, "P993")
    assert "steps between not on record" in timeline and "| AUTHORITY |" not in timeline

    assert _since(gf, "P993", "2021-03-31") == ("initial_written_assessment", "2021-01-07", "day")
    assert _since(gf, "P993", "2021-04-01") == ("report_phase", "2021-04-01", "on_or_before")
    assert _row(gf, "P993", "2021-06-10") == ("approved", "2021-06-10", "day", "approve", True)
    days = ["2021-03-01", "2021-03-31", "2021-04-01", "2021-06-09", "2021-06-10"]
    _nothing_unsaid(gf, "P993", written, days, bodies=["BSC PANEL"])
    assert gf.verify() == []


def test_a_bsc_urgent_proposal_whose_consultation_close_is_not_on_record(
    gf: Govflow, cli: Invoke
) -> None:
    """P994 (fictional): Urgent, its Report Phase Consultation opened and its close never on
    record, approved (who decided not on record) and implemented: the consultation's window is
    not applicable once it moved on, never "later than usual"."""
    written = ["2021-01-07", "2021-01-08", "2021-01-11", "2021-01-25", "2021-02-25"]
    _raised_bsc(gf, "P994", urgent=True)
    gf.advance("P994", to="report_phase", on="2021-01-08")
    gf.record("P994", "report_consultation_opened", on="2021-01-11")
    gf.advance("P994", to="approved", on="2021-01-25")
    gf.advance("P994", to="implemented", on="2021-02-25")

    shown = _said(cli, "proposal", "show", "P994")
    (line,) = _decision_lines(shown)
    assert "body not on record" in line and line.endswith("2021-01-25")
    assert "later than usual" not in shown
    assert not any(said.startswith("deadline:") for said in shown.splitlines())
    (window,) = gf.deadlines("P994", open_only=False)
    assert window.status == "moot" and window.left_text().startswith("not applicable")
    assert [d.reference for d in gf.due(on="2021-01-15")] == ["P994"]  # it ran until the move
    assert gf.due(on="2021-06-01") == []
    history = _said(cli, "proposal", "history", "P994")
    assert "steps between not on record" in history
    timeline = _timeline(gf, "P994")
    assert "later than usual" not in timeline and "| AUTHORITY |" not in timeline

    assert _since(gf, "P994", "2021-01-07") == ("initial_written_assessment", "2021-01-07", "day")
    assert _since(gf, "P994", "2021-01-24") == ("report_phase", "2021-01-08", "day")
    assert _row(gf, "P994", "2021-01-25") == ("approved", "2021-01-25", "day", "approve", False)
    assert _since(gf, "P994", "2021-02-25") == ("implemented", "2021-02-25", "day")
    _nothing_unsaid(gf, "P994", written, ["2021-01-08", "2021-01-24", "2021-01-25", "2021-02-25"])
    assert gf.verify() == []
