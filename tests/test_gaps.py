"""Gaps in a record (issue 24): a stage reached with the way between not on record stores no
route, and a flag not on record leaves the deciding body not on record.

Every proposal here is fictional (SEC MP94x, BSC P99x): the scenarios are shaped like the public
records the issue names (a BSC Self-Governance flag entered after the decision), not copied
from them.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable

from typer.testing import Result

from govflow.service import Govflow

Invoke = Callable[..., Result]
TO_PANEL = "only a Self-Governance modification is determined by the Panel"
TO_AUTHORITY = (
    "a Self-Governance modification is determined by the Panel, not sent to the Authority"
)


def _raised_bsc(gf: Govflow, reference: str) -> None:
    gf.raise_proposal(reference, title="A fictional BSC proposal", on="2021-01-07",
                      stage="initial_written_assessment")  # fmt: skip


def test_a_bsc_decision_before_its_flag_is_known_names_no_deciding_body(
    gf: Govflow, cli: Invoke
) -> None:
    """A fictional P990 approved before anyone entered whether it was Self-Governance: neither
    the Panel's determination nor an Authority decision is asserted."""
    _raised_bsc(gf, "P990")
    change = gf.advance("P990", to="approved", on="2021-06-10")
    assert change.kind == "reached"
    (decided,) = gf.proposal("P990").decisions
    assert (decided.trigger, decided.body, decided.outcome) == (None, None, "approve")
    reached = gf.history("P990")[-1]
    assert reached.body is None
    assert any("authority_decision" in r for r in reached.payload["routes"])
    assert any("authority_decision" not in r for r in reached.payload["routes"])
    shown = cli("proposal", "show", "P990")
    assert shown.exit_code == 0, shown.output
    assert "Approved (deciding body not on record), 2021-06-10" in shown.stdout
    assert "AUTHORITY" not in shown.stdout and "BSC PANEL" not in shown.stdout
    (row,) = gf.register(as_of="2021-07-01")
    assert (row.outcome, row.body_on_record) == ("approve", False)
    out = io.StringIO()
    gf.export_timeline(out, "md", "P990")
    assert "steps between not on record" in out.getvalue()
    assert "AUTHORITY" not in out.getvalue()
    assert gf.verify() == []


def test_the_flag_entered_after_the_decision_re_derives_who_decided(gf: Govflow) -> None:
    """A fictional P991: its Self-Governance flag found in a later paper, dated before the
    decision: the routes re-derived leave only the Panel's determination."""
    _raised_bsc(gf, "P991")
    gf.advance("P991", to="approved", on="2021-06-10")
    gf.set_route("P991", flags=["self_governance"], on="2021-01-07", note="found later")
    (decided,) = gf.proposal("P991").decisions
    assert decided.body == "BSC PANEL"
    routes = gf.history("P991")[-1].payload["routes"]
    assert routes and not any("authority_decision" in r for r in routes)
    assert gf.verify() == []


def test_a_flag_recorded_as_not_on_record_leaves_its_rules_unchecked(
    gf: Govflow, cli: Invoke
) -> None:
    """A fictional P992 at the end of its Report Phase (where the Panel recommends), the flag said
    not on record: both the Panel's determination and the recommendation to the Authority are
    allowed, unchecked."""
    _raised_bsc(gf, "P992")
    done = cli("proposal", "route", "P992", "--flag-not-on-record", "self_governance",
               "--on", "2021-01-07")  # fmt: skip
    assert done.exit_code == 0, done.output
    gf.advance("P992", to="report_phase", on="2021-04-01")
    gf.record("P992", "report_consultation_opened", on="2021-04-02")
    gf.record("P992", "report_consultation_closed", on="2021-04-30")
    nxt = {o.trigger: o for o in gf.next_steps("P992", on="2021-05-02").allowed}
    assert TO_PANEL in nxt["approve"].unchecked
    assert TO_AUTHORITY in nxt["recommend"].unchecked
    gf.advance("P992", to="approved", on="2021-06-10")
    reached = gf.history("P992")[-1]
    assert reached.payload["unchecked"] == [TO_PANEL, TO_AUTHORITY]
    assert gf.proposal("P992").decisions[0].body is None
    gf.set_route("P992", no_flags=["self_governance"], on="2021-01-08")
    assert "unchecked" not in gf.history("P992")[-1].payload  # re-judged: checked now
    assert gf.verify() == []


def test_a_reached_stage_is_exported_as_it_was_entered(gf: Govflow) -> None:
    """The audit export keeps the gap as entered (no routes: they are derived on reading)."""
    _raised_bsc(gf, "P993")
    gf.advance("P993", to="report_phase", on="by 2021-03-01")
    out = io.StringIO(newline="")
    gf.export_audit(out, "jsonl")
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    reached = [e for e in events if e.get("kind") == "reached"]
    assert len(reached) == 1 and "routes" not in reached[0]["payload"]
    assert reached[0]["trigger"] is None
