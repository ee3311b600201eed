"""Full-text search (records/search.py, migration 0009) on the back end under test.

Every proposal, meeting and text here is fictional (MP9xx, meetings numbered 9xx).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import govflow
from govflow.errors import InvalidInput
from govflow.service import Govflow


@pytest.fixture
def record(gf: Govflow) -> Govflow:
    gf.add_meeting("PANEL_950", on="2021-03-19")
    gf.add_item("PANEL_950", "4", title="Smart meter firmware (fictional)",
                text="The Panel discussed retry limits for over-the-air upgrades.")  # fmt: skip
    gf.raise_proposal("MP950", title="Firmware retry limits (fictional)", on="2021-03-01",
                      meeting="PANEL_950", item="4")  # fmt: skip
    gf.raise_proposal(
        "DP951", title="Install visit notices (fictional)", on="2021-03-02", stage="development"
    )
    gf.record("DP951", "working_group_meeting", on="2021-03-10",
              note="Members asked for a consultation on text messages")  # fmt: skip
    return gf


def _found(gf: Govflow, query: str) -> list[tuple[str, str | None, str | None]]:
    return [(h.kind, h.reference, h.meeting) for h in gf.search(query)]


def test_a_title_word_finds_its_proposal_in_any_case(record: Govflow) -> None:
    assert _found(record, "FIRMWARE limits") == [
        ("proposal", "MP950", None),
        ("item", None, "PANEL_950"),
    ]


def test_a_word_finds_longer_words_that_start_with_it(record: Govflow) -> None:
    hits = record.search("consult")
    assert [(h.kind, h.reference, h.seq) for h in hits] == [("event", "DP951", 2)]
    assert hits[0].text == "Members asked for a consultation on text messages"
    assert hits[0].title == "Install visit notices (fictional)"


def test_minutes_text_of_an_agenda_item_is_searched(record: Govflow) -> None:
    (hit,) = record.search("over-the-air upgrades")
    assert (hit.kind, hit.meeting, hit.item, hit.on.isoformat() if hit.on else None) == (
        "item", "PANEL_950", "4", "2021-03-19",
    )  # fmt: skip


def test_every_word_must_match(record: Govflow) -> None:
    assert record.search("firmware notices") == []


def test_a_reference_finds_its_proposal_first(record: Govflow) -> None:
    assert _found(record, "MP 950")[0] == ("proposal", "MP950", None)


def test_rows_written_later_and_changed_items_are_found_as_they_are_now(record: Govflow) -> None:
    record.raise_proposal("MP952", title="Hub returns reporting (fictional)", on="2021-04-01")
    assert _found(record, "hub returns") == [("proposal", "MP952", None)]
    record.update_item("PANEL_950", "4", text="Deferred to the next meeting.")
    assert _found(record, "upgrades") == []
    assert _found(record, "deferred") == [("item", None, "PANEL_950")]


@pytest.mark.parametrize(
    "query",
    ['"', "NEAR(firmware", "firmware OR", "*", "fir*mware", "title:firmware", "'; DROP TABLE x"],
    ids=["quote", "near", "or", "star", "inner-star", "column", "sql"],
)
def test_query_syntax_is_read_as_plain_words(record: Govflow, query: str) -> None:
    try:
        hits = record.search(query)
    except InvalidInput as exc:  # nothing left to search for
        assert "nothing to search for" in str(exc)
        return
    assert all(h.kind in ("proposal", "item", "event") for h in hits)


def test_a_query_without_words_is_refused_with_the_way_out(gf: Govflow) -> None:
    with pytest.raises(InvalidInput, match="give a word or a reference"):
        gf.search("  --- ")
    with pytest.raises(InvalidInput, match="at most 12 words"):
        gf.search(" ".join(["word"] * 13))


def test_the_limit_applies_to_each_kind(record: Govflow) -> None:
    for n in range(3):
        record.raise_proposal(f"MP96{n}", title=f"Firmware change {n} (fictional)",
                              on="2021-05-01")  # fmt: skip
    hits = record.search("firmware", limit=2)
    assert [h.kind for h in hits] == ["proposal", "proposal", "item"]


def test_a_bulk_import_is_searchable(record: Govflow, tmp_path: Path) -> None:
    out = io.StringIO()
    record.export_audit(out, "jsonl")
    with govflow.open_db(f"sqlite:///{tmp_path / 'copy.db'}") as copy:
        copy.import_events(out.getvalue().splitlines())
        assert _found(copy, "firmware")[0] == ("proposal", "MP950", None)
        assert [h.reference for h in copy.search("consultation text")] == ["DP951"]
