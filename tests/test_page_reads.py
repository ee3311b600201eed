"""A proposal page's one read (:mod:`govflow.records.page_reads`) gives what the four facade
calls it replaces give, for every proposal and solution of the demo (several stages, an
alternative with votes, releases, a route set, deadlines open and closed), and refuses what
they refuse with their words. Fictional MP969, MP99x."""

from __future__ import annotations

from dataclasses import replace

import pytest

from govflow.errors import GovflowError
from govflow.service import Govflow
from govflow.web.page_rows import _planned_row, planned_rows


def test_the_page_read_is_the_four_calls(demo_gf: Govflow) -> None:
    references = [r for p in demo_gf.proposals() for r in (p.reference, *p.solutions)]
    assert len(set(references)) >= 7
    for reference in references:
        read = demo_gf.proposal_page(reference)
        with demo_gf.snapshot():
            assert read.proposal == demo_gf.proposal(reference)
            assert read.history == demo_gf.history(reference)
            assert read.deadlines == demo_gf.deadlines(reference, open_only=False)
            assert read.plan == demo_gf.plan(reference)


@pytest.mark.parametrize("reference", ["MP99", "mp901", "DP901", "SECMP0901"])
def test_the_page_read_finds_a_proposal_by_any_of_its_spellings(
    demo_gf: Govflow, reference: str
) -> None:
    assert demo_gf.proposal_page(reference).proposal == demo_gf.proposal(reference)


@pytest.mark.parametrize("reference", ["MP969", "", "MP901B", "XX901", "MP 901 A", "MP" + "9" * 30])
def test_the_page_read_refuses_as_the_proposal_call_does(demo_gf: Govflow, reference: str) -> None:
    with pytest.raises(GovflowError) as alone:
        demo_gf.proposal(reference)
    with pytest.raises(GovflowError) as paged:
        demo_gf.proposal_page(reference)
    assert (type(paged.value), str(paged.value)) == (type(alone.value), str(alone.value))


def test_the_planned_rows_kept_are_the_rows_written_anew(demo_gf: Govflow) -> None:
    """Rows of steps seen before are the rows written anew, for equal steps that are other
    objects too; a step changed in any way is written anew."""
    for p in demo_gf.proposals():
        for route in demo_gf.plan(p.reference).routes:
            fresh = "".join(map(_planned_row, route.steps))
            assert planned_rows(route.steps) == fresh
            assert planned_rows([replace(s) for s in route.steps]) == fresh  # equal, not same
            if route.steps:
                changed = replace(route.steps[0], reason="<b>moved</b> to 2099-01-01")
                other = planned_rows([changed, *route.steps[1:]])
                assert other == "".join(map(_planned_row, [changed, *route.steps[1:]]))
                assert other != fresh
