"""The register gives a record without alternatives its latest vote with the tally (issue 25),
as a record with alternatives gives each solution's: read with the page's other changes in one
statement for the records read with SQL (no replay), and from the facts for those replayed.

MP97x proposals, their dates and tallies are fictional.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from typer.testing import Result

from govflow.records import register as register_module
from govflow.service import Govflow
from govflow.web.links import Links
from govflow.web.render import Paging, RegisterFilters, render_register

FOR_ALL = {
    "Large Supplier": {"for": 9, "against": 2, "abstain": 1, "absent": 1},
    "Small Supplier": {"for": 2, "against": 1},
    "Network Party": {"for": 3, "against": 0},
}
AGAINST = {"Large Supplier": {"for": 2, "against": 9}, "Small Supplier": {"for": 1, "against": 2}}
APPROVED = "approve [Large Supplier 9-2-1-1; Small Supplier 2-1-0-0; Network Party 3-0-0-0]"
REJECTED = "reject [Large Supplier 2-9-0-0; Small Supplier 1-2-0-0]"


def _at_the_change_board(gf: Govflow, ref: str) -> None:
    gf.raise_proposal(ref, title="A fictional proposal", on="2021-01-11", path=2)
    gf.advance(ref, "start_refinement", on="2021-02-12")
    gf.record(ref, "refinement_consultation_opened", on="2021-03-01")
    gf.record(ref, "refinement_consultation_closed", on="2021-03-22")
    gf.advance(ref, "send_to_report", on="2021-04-08")
    gf.record(ref, "mrc_opened", on="2021-04-19")
    gf.record(ref, "mrc_closed", on="2021-05-10")
    gf.advance(ref, "send_to_change_board", on="2021-05-11")


def _voted(gf: Govflow, ref: str = "MP977") -> str:
    _at_the_change_board(gf, ref)
    gf.vote(ref, FOR_ALL, on="2021-05-26")
    gf.vote(ref, AGAINST, on="2021-06-02")
    return ref


def _no_replay(monkeypatch: pytest.MonkeyPatch) -> None:
    def replayed(*_: object, **__: object) -> None:
        raise AssertionError("a record read with SQL was replayed")

    monkeypatch.setattr(register_module.derive, "facts_of", replayed)


def test_the_register_gives_the_latest_vote_by_the_day_read_with_sql(
    gf: Govflow, monkeypatch: pytest.MonkeyPatch
) -> None:
    _voted(gf)
    _no_replay(monkeypatch)  # recorded in date order, uncorrected: read with SQL
    assert [r.vote for r in gf.register(as_of="2021-05-25")] == [None]
    assert [r.vote for r in gf.register(as_of="2021-05-26")] == [APPROVED]
    (row,) = gf.register(as_of="2021-06-02")
    assert (row.vote, row.standing, row.under_stage()) == (REJECTED, (), (f"vote {REJECTED}",))
    assert [r.vote for r in gf.register_page(as_of="2021-05-31").rows] == [APPROVED]


def test_a_replayed_record_gives_its_latest_vote_as_the_sql_path_does(gf: Govflow) -> None:
    """MP978 gets an entry dated before its latest event (amended: replayed from its facts);
    MP977 is read with SQL: both say the same vote on each day."""
    _voted(gf, "MP977")
    _voted(gf, "MP978")
    gf.record("MP978", "working_group_meeting", on="2021-03-01")  # recorded late
    for day, vote in (("2021-05-25", None), ("2021-05-26", APPROVED), ("2021-06-02", REJECTED)):
        assert [r.vote for r in gf.register(as_of=day)] == [vote, vote]


def test_a_unanimous_vote_without_counts_is_given_as_its_direction(gf: Govflow) -> None:
    _at_the_change_board(gf, "MP979")
    gf.vote("MP979", {}, unanimous=True, on="2021-05-26")
    assert [r.vote for r in gf.register(as_of="2021-05-26")] == ["approve"]


def test_a_record_with_alternatives_gives_its_votes_per_solution_only(gf: Govflow) -> None:
    _at_the_change_board(gf, "MP974")
    gf.raise_alternative("MP974A", title="Fictional", on="2021-05-12", override="fictional")
    gf.vote("MP974", FOR_ALL, solution="MP974A", on="2021-05-26")
    (row,) = gf.register(as_of="2021-05-26")
    assert row.vote is None and f"MP974A: change_board (vote {APPROVED})" in row.standing


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "md", "html"])
def test_every_register_export_gives_the_latest_vote(gf: Govflow, fmt: str) -> None:
    _voted(gf)
    exported = {}
    for day in ("2021-05-25", "2021-05-26", "2021-06-02"):
        out = io.StringIO()
        gf.export_register(out, fmt, as_of=day)
        exported[day] = out.getvalue().replace("\\[", "[").replace("\\]", "]")  # Markdown's
    assert "approve [" not in exported["2021-05-25"]
    assert APPROVED in exported["2021-05-26"] and REJECTED not in exported["2021-05-26"]
    assert REJECTED in exported["2021-06-02"]


def test_the_web_register_gives_the_latest_vote(gf: Govflow) -> None:
    _voted(gf)
    html = render_register(gf, RegisterFilters(as_of="2021-05-26"), Links(), Paging(limit=50))
    assert f"<li>vote {APPROVED}</li>" in html


def test_the_command_line_register_gives_the_latest_vote_under_the_stage(
    gf: Govflow, cli: Callable[..., Result]
) -> None:
    """``proposal list --as-of`` shows what the exported register shows under the stage: the
    latest vote by the day with its tally (the table; its CSV keeps the stage alone)."""
    _voted(gf)
    before = cli("proposal", "list", "--as-of", "2021-05-25")
    assert before.exit_code == 0, before.output
    assert "vote" not in before.stdout
    table = cli("proposal", "list", "--as-of", "2021-05-26")
    assert table.exit_code == 0, table.output
    flat = " ".join(table.stdout.split())  # the table may wrap a long cell
    assert "vote approve [Large Supplier 9-2-1-1;" in flat and "Network Party 3-0-0-0]" in flat
    as_csv = cli("proposal", "list", "--as-of", "2021-05-26", "--csv")
    assert as_csv.exit_code == 0 and "vote" not in as_csv.stdout
