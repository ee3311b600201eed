"""``advance --to`` the stage a proposal is already in records no move: the rule core refuses it,
with or without an override, naming the proposal and the stage (issue 23). Before, the plain
entry said "No transition leads from 'approved' to 'approved'" and, with an override, an
approved-to-approved ``reached`` event was stored through the appeal loop.

MP960-MP962 are fictional.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from govflow.cli import app
from govflow.errors import InvalidInput, TransitionNotAllowed
from govflow.model import Event
from govflow.service import Govflow
from tests.histories import append_unjudged, export_lines

ALREADY = "MP960 is already in Pending Implementation"  # SEC's label for 'approved'


def _approved(gf: Govflow, reference: str) -> None:
    gf.raise_proposal(reference, title="A fictional proposal", on="2021-01-11", route="3")
    gf.advance(reference, to="approved", on="2021-06-01", override="a fictional case")
    assert gf.proposal(reference).stage == "approved"


@pytest.mark.parametrize("override", [None, "a fictional reason"])
def test_advance_to_the_stage_it_is_in_is_refused_and_stores_nothing(
    gf: Govflow, override: str | None
) -> None:
    _approved(gf, "MP960")
    before = gf.history("MP960", as_recorded=True)
    with pytest.raises(TransitionNotAllowed) as refused:
        gf.advance("MP960", to="approved", on="2021-06-05", override=override)
    assert str(refused.value) == f"{ALREADY}."
    assert refused.value.reasons == [ALREADY]
    assert "No transition leads" not in str(refused.value)
    assert gf.history("MP960", as_recorded=True) == before
    with pytest.raises(TransitionNotAllowed, match=ALREADY):  # by its label too
        gf.advance("MP960", to="Pending Implementation", on="2021-06-05")


def test_the_command_line_says_so(gf: Govflow, db_url: str) -> None:
    _approved(gf, "MP960")
    result = CliRunner().invoke(
        app, ["--db", db_url, "proposal", "advance", "MP960", "--to", "approved",
              "--on", "2021-06-05", "--override", "a fictional reason"],
    )  # fmt: skip
    assert result.exit_code != 0
    assert ALREADY in result.stderr
    assert gf.history("MP960")[-1].to_stage == "approved"
    assert gf.history("MP960")[-1].occurred_on.isoformat() == "2021-06-01"


def test_a_stored_move_to_the_stage_it_was_in_is_reported_by_verify_and_the_import(
    gf: Govflow,
) -> None:
    """What the override stored before: reported, not rewritten."""
    _approved(gf, "MP961")
    stay = Event(kind="reached", occurred_on=gf.history("MP961")[-1].occurred_on.replace(day=5),
                 from_stage="approved", to_stage="approved",
                 payload={"override": "a fictional reason"})  # fmt: skip
    (seq,) = append_unjudged(gf, "MP961", [stay])
    breaks = [(b.seq, b.rule, b.reason) for b in gf.verify() if b.kind == "rules"]
    assert [(s, r) for s, r, _ in breaks] == [(seq, "order")]
    assert breaks[0][2].endswith("MP961 is already in Pending Implementation")
    with pytest.raises(InvalidInput, match=rf"event {seq}\): MP961 is already in"):
        gf.import_events(export_lines(gf, "MP961"), dry_run=True)
