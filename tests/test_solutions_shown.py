"""Every solution shown as its code numbers it, and where it stands, in every view: the UNC
variation of an alternative (``0990AV``, the Joint Office's numbering; domain brief), each
solution's standing in the CSV register and on the web pages.

Every proposal here (09xx, MP9xx) is fictional, with fictional dates.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from typer.testing import Result

from govflow.errors import TransitionNotAllowed, UnknownReference
from govflow.service import Govflow
from govflow.web.links import Links
from govflow.web.proposal_page import render_proposal
from govflow.web.render import RegisterFilters, render_register

Invoke = Callable[..., Result]


def _varied_alternative(gf: Govflow) -> None:
    """0990 (fictional) with alternative 0990A, whose Variation Request the Panel accepts."""
    gf.raise_proposal("0990", title="A fictional modification", on="2021-01-07")
    gf.advance("0990", "send_to_workgroup", on="2021-01-21")
    gf.raise_alternative("0990A", title="A fictional alternative", on="2021-02-01")
    gf.advance("0990", to="consultation", on="2021-03-01")
    gf.record("0990A", "variation_request", on="2021-03-05")
    gf.record("0990A", "variation_accepted", on="2021-03-10")


def test_a_varied_alternative_is_shown_as_0990av_and_the_original_unmarked(
    cli: Invoke, gf: Govflow
) -> None:
    _varied_alternative(gf)
    shown = gf.proposal("0990A")
    assert (shown.reference, shown.solutions, shown.asked) == ("0990", ("0990", "0990AV"),
                                                               "0990AV")  # fmt: skip
    assert [s.reference for s in shown.standing] == ["0990", "0990AV"]
    assert gf.proposal("0990AV").asked == "0990AV"  # read as the Joint Office writes it
    assert [r.reference for r in gf.proposals()] == ["0990"]
    (row,) = gf.register(as_of="2021-03-10")
    assert row.solutions == ("0990", "0990AV") and row.standing[1].startswith("0990AV: ")
    (before,) = gf.register(as_of="2021-03-09")  # not yet varied then
    assert before.solutions == ("0990", "0990A")
    result = cli("proposal", "show", "0990AV")
    assert result.exit_code == 0, result.output
    assert "this solution: 0990AV: consultation" in result.stdout
    out = io.StringIO()
    gf.export_register(out, "jsonl", as_of="2021-03-10")
    assert '"0990AV"' in out.getvalue() and '"0990V"' not in out.getvalue()
    assert gf.verify() == []


def test_a_variation_of_the_original_marks_the_record_only(gf: Govflow) -> None:
    _varied_alternative(gf)
    gf.record("0990", "variation_accepted", on="2021-03-11")  # the original varied as well
    shown = gf.proposal("0990")
    assert (shown.reference, shown.solutions) == ("0990V", ("0990V", "0990AV"))
    assert gf.verify() == []


def test_a_milestone_on_a_solution_not_raised_is_refused(gf: Govflow) -> None:
    _varied_alternative(gf)
    with pytest.raises(UnknownReference, match="0990B"):
        gf.record("0990B", "variation_request", on="2021-03-12")


def test_a_vote_through_a_solutions_reference_is_on_that_solution(gf: Govflow) -> None:
    gf.raise_proposal("MP997", title="A fictional proposal", on="2021-01-11", path=2)
    gf.advance("MP997", "start_refinement", on="2021-02-12")
    gf.raise_alternative("MP997A", title="A fictional alternative", on="2021-03-03")
    gf.advance("MP997", to="change_board", on="2021-05-11")
    gf.vote("MP997A", {"Large Supplier": {"for": 9, "against": 2}}, on="2021-05-26")
    assert [(v.solution, v.outcome) for v in gf.proposal("MP997").votes] == [("MP997A", "approve")]
    with pytest.raises(TransitionNotAllowed, match="names the solution"):
        gf.vote("MP997", {"Large Supplier": {"for": 9, "against": 2}}, on="2021-05-26")


def _decided(gf: Govflow) -> None:
    """MP998 (fictional): the Change Board votes per solution, then recommends."""
    gf.raise_proposal("MP998", title="A fictional proposal", on="2021-01-11", path=2)
    gf.advance("MP998", "start_refinement", on="2021-02-12")
    gf.raise_alternative("MP998A", title="A fictional alternative", on="2021-03-03")
    gf.advance("MP998", to="change_board", on="2021-05-11")
    gf.vote("MP998", {"Large Supplier": {"for": 1, "against": 9}}, solution="MP998",
            on="2021-05-26")  # fmt: skip
    gf.vote("MP998A", {"Large Supplier": {"for": 9, "against": 1}}, on="2021-05-26")
    gf.advance("MP998", "recommend", on="2021-05-26")


def test_the_csv_register_has_each_solutions_standing(gf: Govflow) -> None:
    _decided(gf)
    out = io.StringIO()
    gf.export_register(out, "csv", as_of="2021-05-26")
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert row["standing"].split(" | ") == [
        "MP998: authority_decision (vote reject [Large Supplier 1-9-0-0]; recommended reject)",
        "MP998A: authority_decision (vote approve [Large Supplier 9-1-0-0]; recommended approve)",
    ]


def test_the_web_pages_show_each_solutions_standing(gf: Govflow) -> None:
    _decided(gf)
    page = render_proposal(gf, "MP998A", Links())
    table = page.split('class="stack solutions"')[1].split("</table>")[0]
    assert table.count("<tr") == 3 and '<tr class="asked">' in table
    assert 'MP998A</a></td><td data-label="Standing">authority_decision' in table
    register = render_register(gf, RegisterFilters(), Links())
    assert (
        "<li>MP998A: authority_decision (vote approve [Large Supplier 9-1-0-0]; recommended "
        "approve)</li>"
    ) in register


def test_the_rule_core_refuses_a_milestone_on_a_solution_not_raised() -> None:
    from govflow.workflow.rules import judge
    from govflow.workflow.step import step
    from tests.rules_kit import at, mark, rules_of

    rules = rules_of("unc-modification")
    state = at("consultation", solutions=("A",), version=2)
    refused = judge(rules, state, mark("variation_request", payload={"solution": "B"}))
    assert [r.rule for r in refused.refused] == ["solution"]
    assert "it is recorded on solution 'B', which was not raised" in refused.messages[0]
    after, verdict = step(rules, state, mark("variation_request", payload={"solution": "A"}))
    assert verdict.allowed and after.solution_milestones == {"A": ("variation_request",)}
