"""Importing minutes into a database: meetings, items, links, actions, planned meetings."""

from __future__ import annotations

from pathlib import Path

import pytest

from govflow.errors import MinutesError, NotFound
from govflow.service import Govflow

FIXTURES = Path(__file__).parent / "fixtures" / "minutes"
OPSG = (FIXTURES / "opsg-12.md").read_text(encoding="utf-8")


@pytest.fixture
def known(gf: Govflow) -> Govflow:
    """DP940 and the legacy SECMP0971 exist; MP910A and MP916 do not."""
    gf.raise_proposal("DP940", title="Firmware retry limits", on="2021-02-01", stage="development")
    gf.raise_proposal("SECMP0971", title="Legacy change", on="2019-01-01", override="legacy")
    return gf


def _event_count(gf: Govflow) -> int:
    return sum(len(gf.history(p.reference)) for p in gf.proposals())


def test_a_dry_run_reports_everything_and_writes_nothing(known: Govflow) -> None:
    before = _event_count(known)
    report = known.import_minutes(OPSG, dry_run=True)
    assert report.dry_run and report.meeting_created
    assert report.items_added == ("1", "2", "2.1", "2.2", "3", "4", "4.1")
    assert {(link.reference, link.item) for link in report.links} == {
        ("DP940", "2.1"),
        ("SECMP0971", "4.1"),
    }
    assert [u["spelling"] for u in report.unknown_references] == ["MP910A", "MP 916"]
    assert [a["due"] for a in report.actions_added] == [
        "2021-03-19", "2021-04-06", "2021-04-07", "2021-05-05"
    ]  # fmt: skip
    assert report.actions_added[2]["at_meeting"] == "OPSG_13"  # asked at the next meeting
    assert known.meetings() == []
    assert known.actions() == []
    assert _event_count(known) == before


def test_an_import_writes_the_meeting_items_links_and_actions(known: Govflow) -> None:
    known.import_minutes(OPSG)
    meeting = known.meeting("OPSG_12")
    assert meeting.date.isoformat() == "2021-03-03"
    items = {i.number: i for i in meeting.items}
    assert items["2.1"].title == "Firmware Report"
    assert items["2.1"].presenter == "DCC"
    assert items["2.1"].proposals == ("DP940",)
    assert items["4.1"].proposals == ("SECMP0971",)
    link = known.history("DP940")[-1]
    assert (link.kind, link.meeting, link.item, link.payload["spelling"]) == (
        "link",
        "OPSG_12",
        "2.1",
        "DP940",
    )
    actions = known.actions()
    assert [(a.item, a.party) for a in actions] == [
        ("2", "members"),
        ("2.1", "DCC"),
        ("4.1", "DCC"),  # "report back at the next meeting (OPSG_13)": due on its date
        ("4.1", "Members"),
    ]
    planned = known.meeting("OPSG_13")
    assert (planned.status, planned.date.isoformat()) == ("planned", "2021-04-07")
    assert known.verify() == []


def test_importing_the_same_file_twice_changes_nothing(known: Govflow) -> None:
    known.import_minutes(OPSG)
    events = _event_count(known)
    again = known.import_minutes(OPSG)
    assert not again.changed
    assert {link.status for link in again.links} == {"already linked"}
    assert _event_count(known) == events
    assert len(known.actions()) == 4


def test_a_corrected_file_updates_items_and_says_what_changed(known: Govflow) -> None:
    known.import_minutes(OPSG)
    corrected = OPSG.replace("Hub Returns (SECAS)", "Hub Returns by Region (SECAS)").replace(
        "**3. Release Update \u2013 February 2021 (SECAS):** The OPSG noted that MP910A went live "
        "on 25 February and that MP 916 is targeted at the *November 2021* release. Changes to "
        "Section L and H3.24 are expected.\n",
        "",
    )
    report = known.import_minutes(corrected)
    assert report.items_updated == ("2.2",)
    assert report.items_removed == ("3",)
    assert {i.number for i in known.meeting("OPSG_12").items} == {
        "1",
        "2",
        "2.1",
        "2.2",
        "4",
        "4.1",
    }


def test_create_missing_raises_unknown_proposals_from_their_item(known: Govflow) -> None:
    report = known.import_minutes(OPSG, create_missing=True)
    assert report.created_proposals == ("MP910A", "MP916")
    raised = known.history("MP916")[0]
    assert (raised.kind, raised.meeting, raised.item) == ("raised", "OPSG_12", "3")
    assert known.proposal("MP910A").alternative_of == "MP910"
    assert known.proposal("MP 916").stage == "initial_consideration"


def test_minutes_approved_after_later_events_link_at_the_meeting_date(known: Govflow) -> None:
    known.record("DP940", "development_workshop", on="2021-04-01")
    report = known.import_minutes(OPSG)
    (linked,) = [link for link in report.links if link.reference == "DP940"]
    assert linked.status == "linked"
    link = next(e for e in known.history("DP940") if e.kind == "link")
    assert link.occurred_on == known.meeting(link.meeting or "").date  # its true date, not later
    history = known.history("DP940")
    assert [e.kind for e in history][-1] == "milestone"  # the later workshop stays last


def test_windows_line_endings_and_cp1252_import(gf: Govflow) -> None:
    crlf = (FIXTURES / "ssc-150-crlf.md").read_bytes()
    assert b"\r\n" in crlf
    assert gf.import_minutes(crlf).items_added
    cp1252 = (FIXTURES / "panel-95-cp1252.md").read_bytes()
    assert gf.import_minutes(cp1252).items_added


def test_a_file_that_is_not_minutes_is_refused_and_nothing_is_written(gf: Govflow) -> None:
    with pytest.raises(MinutesError) as refused:
        gf.import_minutes((FIXTURES / "not-minutes.md").read_text(encoding="utf-8"))
    assert refused.value.line is not None
    assert gf.meetings() == []


def test_the_committee_can_be_forced(gf: Govflow) -> None:
    report = gf.import_minutes(OPSG, committee="TABASC")
    assert report.meeting == "TABASC_12"


def test_closing_an_action(known: Govflow) -> None:
    known.import_minutes(OPSG)
    first = known.actions()[0]
    closed = known.close_action(first.id, on="2021-03-18")
    assert closed.status == "closed"
    assert [a.id for a in known.actions(open_only=True)] == [a.id for a in known.actions()][1:]
    assert [a.due_on.isoformat() for a in known.actions(overdue_on="2021-04-07")] == ["2021-04-06"]
    with pytest.raises(NotFound):
        known.close_action(999)
