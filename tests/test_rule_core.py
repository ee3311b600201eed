"""One rule core: the cases where the live writes, the import, ``verify`` and ``next`` once
disagreed (issue 23), each now judged the same way on every path. Fictional proposals (MP95x,
0995) except where a real record's public facts are used, with their source.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from typer.testing import Result

from govflow.errors import InvalidInput, TransitionNotAllowed
from govflow.model import Event
from govflow.service import Govflow
from tests.histories import append_unjudged, export_lines

FOR_ALL = {"Large Supplier": {"for": 9, "against": 1}}


def _rule_breaks(gf: Govflow) -> list[tuple[str, int, str | None]]:
    return [(b.proposal, b.seq, b.rule) for b in gf.verify() if b.kind == "rules"]


# -- 1. a raise straight into a terminal stage ---------------------------------------------------


def test_a_raise_into_implemented_is_refused_live_by_the_import_and_by_verify(gf: Govflow) -> None:
    with pytest.raises(TransitionNotAllowed, match="'implemented' is a terminal stage"):
        gf.raise_proposal("MP951", title="A fictional proposal", on="2021-02-01",
                          stage="implemented")  # fmt: skip
    gf.raise_proposal("MP951", title="A fictional proposal", on="2021-02-01",
                      stage="implemented", override="a fictional legacy record")  # fmt: skip
    assert _rule_breaks(gf) == []  # with its override, the raise is what the rules allow
    lines = export_lines(gf, "MP951")
    raised = json.loads(lines[2])
    del raised["payload"]["override"]  # the same raise, without the override
    forged = _rechained(lines, 2, raised)
    with pytest.raises(InvalidInput, match=r"line 3 \(.*event 1\): .*'implemented' is a terminal"):
        gf.import_events(forged, dry_run=True)


def test_verify_reports_a_raise_the_rules_refuse_in_a_database_that_holds_one(
    gf: Govflow,
) -> None:
    gf.raise_proposal("MP953", title="A fictional proposal", on="2021-02-01")
    event = Event(kind="raised", occurred_on=dt.date(2021, 2, 2), to_stage="implemented",
                  payload={"workflow": "sec-modification", "workflow_version": 1,
                           "reference": "MP953", "title": "A fictional proposal"})  # fmt: skip
    (seq,) = append_unjudged(gf, "MP953", [event])
    assert ("MP953", seq, "order") in _rule_breaks(gf)  # a second raise, and into a terminal


# -- 2. a decision whose payload contradicts its transition --------------------------------------


def _at_change_board(gf: Govflow, reference: str, path: int) -> None:
    gf.raise_proposal(reference, title="A fictional proposal", on="2021-01-11", path=path)
    gf.advance(reference, to="change_board", on="2021-05-11")


def test_an_approval_recorded_as_a_rejection_is_refused_on_every_path(gf: Govflow) -> None:
    _at_change_board(gf, "MP954", 3)
    with pytest.raises(InvalidInput, match="an outcome is approve or reject"):
        gf.advance("MP954", "approve", on="2021-05-26", outcome="rejected")
    with pytest.raises(TransitionNotAllowed, match="'approve' records a decision to approve, not "
                       "reject"):  # fmt: skip
        gf.advance("MP954", "approve", on="2021-05-26", outcome="reject")
    contrary = Event(kind="transition", trigger="approve", from_stage="change_board",
                     to_stage="approved", occurred_on=dt.date(2021, 5, 26), body="CB",
                     payload={"outcome": "reject"})  # fmt: skip
    (seq,) = append_unjudged(gf, "MP954", [contrary])
    breaks = [b for b in gf.verify() if b.kind == "rules"]
    assert [(b.proposal, b.seq, b.rule) for b in breaks] == [("MP954", seq, "direction")]
    assert "records a decision to approve, not reject" in breaks[0].reason
    with pytest.raises(InvalidInput, match=rf"event {seq}\): 'approve' records a decision to "
                       "approve, not reject"):  # fmt: skip
        gf.import_events(export_lines(gf, "MP954"), dry_run=True)


def test_verify_on_the_command_line_lists_refused_events_apart_from_broken_chains(
    gf: Govflow, cli: Callable[..., Result]
) -> None:
    """A database an earlier govflow wrote may hold an event the rules refuse: ``verify`` names
    it with its rule, apart from integrity breaks, and rewrites nothing."""
    _at_change_board(gf, "MP957", 3)
    contrary = Event(kind="transition", trigger="approve", from_stage="change_board",
                     to_stage="approved", occurred_on=dt.date(2021, 5, 26), body="CB",
                     payload={"outcome": "reject"})  # fmt: skip
    (seq,) = append_unjudged(gf, "MP957", [contrary])
    stored = (gf.proposal("MP957").stage, [e.seq for e in gf.history("MP957")])
    result = cli("verify")
    assert result.exit_code == 1, result.output
    assert (
        f"MP957\t{seq}\tdirection\tevent {seq} ('approve' on 2021-05-26): 'approve' records"
        in result.stdout
    )
    assert "Broken chains" not in result.stdout
    assert "changed outside govflow" not in result.stderr
    assert "1 event the rules of its workflow version refuse" in result.stderr
    assert (gf.proposal("MP957").stage, [e.seq for e in gf.history("MP957")]) == stored


# -- 3. next and advance on the same day ---------------------------------------------------------


def test_next_lists_an_appeal_only_while_its_window_runs_as_advance_allows_it(gf: Govflow) -> None:
    gf.raise_proposal("MP955", title="A fictional proposal", on="2020-05-21", path=3)
    gf.advance("MP955", to="change_board", on="2020-08-20")
    gf.vote("MP955", FOR_ALL, on="2020-08-26")
    gf.advance("MP955", "approve", on="2020-08-26")
    during, after = "2020-09-01", "2020-10-01"  # the appeal window (15 WD) runs to 16 September
    assert "appeal" in {o.trigger for o in gf.next_steps("MP955", on=during).allowed}
    blocked = {o.trigger: o for o in gf.next_steps("MP955", on=after).blocked}
    assert "lapsed on 2020-09-16" in blocked["appeal"].reasons[0]
    with pytest.raises(TransitionNotAllowed) as refused:
        gf.advance("MP955", "appeal", on=after)
    assert refused.value.reasons == list(blocked["appeal"].reasons)
    assert "appeal" not in {o.trigger for o in gf.next_steps("MP955").allowed}  # today


def test_next_on_a_day_before_the_latest_event_says_what_a_late_entry_would_break(
    gf: Govflow,
) -> None:
    gf.raise_proposal("MP956", title="A fictional proposal", on="2021-01-11", path=3)
    gf.advance("MP956", "send_to_report", on="2021-02-12")
    gf.record("MP956", "mrc_opened", on="2021-03-01")
    blocked = {o.trigger: o for o in gf.next_steps("MP956", on="2021-02-01").blocked}
    (reason,) = blocked["withdraw"].reasons
    assert reason.startswith("it would make event 2 ('send_to_report' on 2021-02-12) impossible")
    with pytest.raises(TransitionNotAllowed, match="would make event 2"):
        gf.advance("MP956", "withdraw", on="2021-02-01")


# -- 4. a recommendation whose direction is not on record ----------------------------------------


def test_a_unc_recommendation_without_a_direction_is_accepted_explicitly_as_when_implied(
    gf: Govflow,
) -> None:
    gf.raise_proposal("0995", title="A fictional UNC modification", on="2021-03-01")
    gf.advance("0995", to="panel_decision", on="2021-10-21")
    explicit = gf.advance("0995", "recommend", on="2021-10-21")
    assert explicit.kind == "transition"
    assert "outcome" not in gf.history("0995")[-1].payload
    gf.raise_proposal("0996", title="A fictional UNC modification", on="2021-03-01")
    implied = gf.advance("0996", to=explicit.stage, on="2021-10-21")
    assert implied.stage == explicit.stage
    assert _rule_breaks(gf) == []


# -- 5. a move by target stage with an override, and the real cause of a refusal -----------------


def test_advance_to_a_later_stage_with_an_override_works_and_names_what_it_set_aside(
    gf: Govflow,
) -> None:
    gf.raise_proposal("MP958", title="A fictional proposal", on="2021-01-11")
    gf.advance("MP958", "start_refinement", on="2021-02-12", override="a fictional case")
    change = gf.advance("MP958", to="approved", on="2021-06-01", override="a fictional case")
    assert change.stage == "approved"
    final = gf.history("MP958")[-1]
    assert final.kind == "reached" and final.trigger is None  # no route chosen
    # the path is not on record: the Change Board's rule is unchecked, not set aside
    assert final.payload["waived"] == []
    assert any("Self-Governance" in w for w in final.payload["unchecked"])
    assert _rule_breaks(gf) == []


def test_a_refusal_by_target_stage_names_the_rule_not_a_missing_transition(gf: Govflow) -> None:
    """From Refinement the graph leads to Approved: with no path on record the move is made, the
    rules that depend on the path named as unchecked; where a rule blocks the way, the refusal
    names that rule, never "no transition leads"."""
    gf.raise_proposal("MP959", title="A fictional proposal", on="2021-01-11")
    gf.advance("MP959", "start_refinement", on="2021-02-12")
    gf.advance("MP959", to="approved", on="2021-06-01")
    unchecked = gf.history("MP959")[-1].payload["unchecked"]
    assert any("Path 1" in u for u in unchecked) and any("Path 3" in u for u in unchecked)
    gf.set_route("MP959", path="1", on="2021-06-01")
    with pytest.raises(TransitionNotAllowed) as refused:  # path 1: no appeal
        gf.advance("MP959", to="authority_decision", on="2021-06-02")
    assert "only a Self-Governance (Path 3) decision can be appealed" in str(refused.value)
    assert "No transition leads" not in str(refused.value)


# -- helpers ---------------------------------------------------------------------------------------


def _rechained(lines: list[str], index: int, record: dict[str, object]) -> list[str]:
    """``lines`` with line ``index`` replaced by ``record`` and its proposal's chain recomputed
    after it (what someone rewriting a file, hashes and all, would produce)."""
    from govflow.store.hashing import event_hash

    out = list(lines)
    previous = record["prev_hash"]
    for i in range(index, len(out)):
        value = record if i == index else json.loads(out[i])
        if value.get("proposal") == record["proposal"] and "chain" not in value:
            value["prev_hash"] = previous
            value["hash"] = previous = event_hash(value)
            out[i] = json.dumps(value) + "\n"
    for i, line in enumerate(out):
        value = json.loads(line)
        if value.get("proposal") == record["proposal"] and "chain" in value:
            out[i] = json.dumps({**value, "head_hash": previous}) + "\n"
    return out
