"""A fictional proposal (DP999, converted to MP999) replayed through the Python API along a timeline
shaped like MP999's, and the demonstration database (which carries MP999's public facts only).

The replay is invented: its number, title, meetings and dates are illustrative and say nothing about
MP999 or any real proposal. The demonstration database's MP999 is checked at the end of this file.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from govflow import demo
from govflow.service import Govflow

TITLE = "Fictional omnibus of small fixes (invented)"

# (code, date, item, item title)
MEETINGS = [
    ("CSC_21", "2020-01-28", "4.1", "DP999 conversion"),
    ("PANEL_80", "2020-02-14", "5", "MP999 Initial Consideration"),
    ("WG_12", "2020-04-08", "2", "MP999 solution options"),
    ("TABASC_88", "2021-02-04", "3", "MP999 technical review"),
    ("WG_21", "2021-03-03", "2", "MP999 legal text"),
    ("PANEL_94", "2021-04-16", "7", "MP999 Modification Report"),
    ("CB_54", "2021-05-26", "3", "MP999 Change Board vote"),
]

D = dt.date

# What the history must hold, in order: (kind, trigger or milestone, stage after, occurred_on,
# until, meeting, item).
EXPECTED = [
    ("raised", None, "development", D(2019, 12, 12), None, None, None),
    ("transition", "convert", "initial_consideration", D(2020, 1, 28), None, "CSC_21", "4.1"),
    ("relabel", "convert", None, D(2020, 1, 28), None, "CSC_21", "4.1"),
    ("route", None, None, D(2020, 2, 14), None, "PANEL_80", "5"),
    ("transition", "start_refinement", "refinement", D(2020, 2, 14), None, "PANEL_80", "5"),
    ("milestone", "working_group_meeting", None, D(2020, 4, 8), None, "WG_12", "2"),
    ("milestone", "presented", None, D(2021, 2, 4), None, "TABASC_88", "3"),
    ("milestone", "working_group_meeting", None, D(2021, 3, 3), None, "WG_21", "2"),
    ("milestone", "legal_text_agreed", None, D(2021, 3, 3), None, "WG_21", "2"),
    ("milestone", "refinement_consultation_opened", None, D(2021, 3, 8), D(2021, 3, 26), None,
     None),
    ("milestone", "refinement_consultation_closed", None, D(2021, 3, 26), None, None, None),
    ("transition", "send_to_report", "report", D(2021, 4, 16), None, "PANEL_94", "7"),
    ("milestone", "modification_report_presented", None, D(2021, 4, 16), None, "PANEL_94", "7"),
    ("milestone", "mrc_opened", None, D(2021, 4, 19), D(2021, 5, 10), None, None),
    ("milestone", "mrc_closed", None, D(2021, 5, 10), None, None, None),
    ("transition", "send_to_change_board", "change_board", D(2021, 5, 26), None, None, None),
    ("milestone", "change_board_vote", None, D(2021, 5, 26), None, "CB_54", "3"),
    ("transition", "approve", "approved", D(2021, 5, 26), None, "CB_54", "3"),
    ("release", None, None, D(2021, 5, 26), None, "CB_54", "3"),
    ("release", None, None, D(2022, 11, 3), None, None, None),
    ("transition", "implement", "implemented", D(2022, 11, 3), None, None, None),
]  # fmt: skip


@pytest.fixture
def mp999(gf: Govflow) -> Govflow:
    """A database holding MP999's record, written one API call at a time."""
    for code, day, item, title in MEETINGS:
        gf.add_meeting(code, on=day)
        gf.add_item(code, item, title=title, presenter="SECAS")
    gf.raise_proposal("DP999", title=TITLE, proposer="SECAS", on="12 December 2019",
                      stage="development")  # fmt: skip
    gf.advance("DP999", "convert", meeting="CSC_21", item="4.1", actor="CSC")
    gf.set_route("MP999", path=3, meeting="PANEL_80", item="5", actor="Panel")
    gf.advance("MP999", to="refinement", meeting="PANEL_80", item="5")
    gf.record("MP999", "working_group_meeting", meeting="WG_12", item="2")
    gf.record("MP999", "presented", meeting="TABASC_88", item="3", note="TABASC reviewed it")
    gf.record("MP999", "working_group_meeting", meeting="WG_21", item="2")
    gf.record("MP999", "legal_text_agreed", meeting="WG_21", item="2")
    gf.record("MP999", "refinement_consultation_opened", on="2021-03-08", until="2021-03-26")
    gf.record("MP999", "refinement_consultation_closed", on="2021-03-26")
    gf.advance("MP999", "send_to_report", meeting="PANEL_94", item="7")
    gf.record("MP999", "modification_report_presented", meeting="PANEL_94", item="7")
    gf.record("MP999", "mrc_opened", on="19 April 2021", until="10 May 2021")
    gf.record("MP999", "mrc_closed", on="10 May 2021")
    gf.advance("MP999", "send_to_change_board", on="26 May 2021")  # the Panel's, at no CB meeting
    gf.record("MP999", "change_board_vote", meeting="CB_54", item="3")
    gf.advance("MP999", "approve", meeting="CB_54", item="3", note="approved unanimously")
    gf.release("MP999", "November 2022", release_date="2022-11-03", meeting="CB_54", item="3")
    gf.release("MP999", "November 2022", status="implemented", on="3 November 2022")
    gf.advance("MP999", "implement", on="3 November 2022")
    return gf


def _row(event: Any) -> tuple[Any, ...]:
    return (
        event.kind, event.trigger or event.milestone, event.to_stage, event.occurred_on,
        event.until, event.meeting, event.item,
    )  # fmt: skip


def test_mp999_reaches_implemented(mp999: Govflow) -> None:
    view = mp999.proposal("MP999")
    assert (view.reference, view.title, view.stage, view.path) == (
        "MP999", TITLE, "implemented", "3",
    )  # fmt: skip
    assert view.raised_on == dt.date(2019, 12, 12)
    assert view.aliases == ("MP999", "DP999")
    assert [(r.release, r.date, r.status) for r in view.releases] == [
        ("November 2022", dt.date(2022, 11, 3), "implemented")
    ]


def test_mp999_history_keeps_every_date_and_meeting(mp999: Govflow) -> None:
    history = mp999.history("DP999")
    assert [_row(e) for e in history] == EXPECTED
    assert [e.seq for e in history] == list(range(1, len(EXPECTED) + 1))
    titles = {(e.meeting, e.item): e.item_title for e in history if e.meeting}
    assert titles == {(code, item): title for code, _, item, title in MEETINGS}
    assert history[1].committee == "CSC" and history[-4].committee == "CB"
    assert mp999.verify() == []


def test_every_mp999_meeting_item_lists_it(mp999: Govflow) -> None:
    for code, _, _, _ in MEETINGS:
        (item,) = mp999.meeting(code).items
        assert item.proposals == ("MP999",), code


AS_OF = [
    ("2019-12-11", None, None, None),
    ("2019-12-12", "DP999", "development", D(2019, 12, 12)),
    ("2020-01-27", "DP999", "development", D(2019, 12, 12)),
    ("2020-01-28", "MP999", "initial_consideration", D(2020, 1, 28)),
    ("2020-04-30", "MP999", "refinement", D(2020, 2, 14)),
    ("2021-05-01", "MP999", "report", D(2021, 4, 16)),
    ("2021-05-25", "MP999", "report", D(2021, 4, 16)),
    ("2021-05-26", "MP999", "approved", D(2021, 5, 26)),
    ("2022-11-02", "MP999", "approved", D(2021, 5, 26)),
    ("2022-11-03", "MP999", "implemented", D(2022, 11, 3)),
]


def test_the_register_shows_mp999_as_it_stood_on_each_date(mp999: Govflow) -> None:
    for as_of, reference, stage, since in AS_OF:
        rows = [(r.reference, r.stage, r.stage_since) for r in mp999.register(as_of=as_of)]
        assert rows == ([(reference, stage, since)] if reference else []), as_of


def test_the_register_on_1_may_2021_has_mp999_in_report(mp999: Govflow) -> None:
    (row,) = mp999.register(as_of="2021-05-01")
    assert (row.reference, row.stage) == ("MP999", "report")
    assert (row.last_decision, row.last_decision_on, row.last_meeting) == (
        "send_to_report", dt.date(2021, 4, 16), "PANEL_94",
    )  # fmt: skip
    assert row.title == TITLE


# -- the demonstration database ------------------------------------------------------------------


@pytest.fixture
def demo_db(gf: Govflow) -> Govflow:
    """An empty database filled by ``govflow.demo.build``."""
    assert gf.proposals() == []
    assert demo.build(gf) == "MP099"
    return gf


def test_the_demo_builds_on_an_empty_database_and_verifies(demo_db: Govflow) -> None:
    assert demo_db.verify() == []
    history = demo_db.history(demo.FEATURED)
    assert (history[0].kind, history[0].occurred_on) == ("raised", dt.date(2019, 12, 12))
    assert (history[-1].to_stage, history[-1].occurred_on) == ("implemented", dt.date(2022, 11, 3))


def test_the_demo_register_has_a_withdrawal_and_a_split_implementation(demo_db: Govflow) -> None:
    register = demo_db.register()
    assert any(row.stage == "withdrawn" for row in register)
    split = [
        row.reference
        for row in register
        if sum(link.status == "implemented" for link in row.releases) >= 2
    ]
    assert split, "no proposal is implemented in two releases"
    assert {row.reference: row.stage for row in register}["MP099"] == "implemented"
