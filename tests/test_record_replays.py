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
    return {parse_when(w) for w in written}


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
