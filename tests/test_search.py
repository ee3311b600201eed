"""Search (records/search.py, migration 0014) on the back end under test: what a page shows,
English stemming, OR and phrases, and hits with stage, dates and marked words.

Every proposal, meeting and text here is fictional (MP9xx, meetings numbered 9xx).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import text

import govflow
from govflow.errors import InvalidInput
from govflow.service import Govflow
from govflow.store import database as db
from govflow.views import SearchHit


@pytest.fixture
def record(gf: Govflow) -> Govflow:
    gf.add_meeting("PANEL_950", on="2021-03-19")
    gf.add_item("PANEL_950", "4", title="Smart meter firmware (fictional)",
                text="The Panel discussed retry limits for over-the-air upgrades.")  # fmt: skip
    gf.raise_proposal("MP950", title="Firmware retry limits (fictional)", on="2021-03-01",
                      meeting="PANEL_950", item="4",
                      proposer="Northern Fictional Supply")  # fmt: skip
    gf.raise_proposal(
        "DP951", title="Install visit notices (fictional)", on="2021-03-02", stage="development"
    )
    gf.record("DP951", "working_group_meeting", on="2021-03-10",
              note="Members asked for a consultation on text messages")  # fmt: skip
    return gf


def _found(gf: Govflow, query: str) -> list[tuple[str, str | None, str | None]]:
    return [(h.kind, h.reference, h.meeting) for h in gf.search(query)]


def _marked(hit: SearchHit) -> list[str]:
    """The words marked in a hit's title and snippet."""
    pieces = hit.title.pieces() + (hit.snippet.pieces() if hit.snippet else [])
    return [piece for piece, marked in pieces if marked]


def test_a_title_word_finds_its_proposal_then_the_item_in_any_case(record: Govflow) -> None:
    hits = record.search("FIRMWARE limits")
    assert [(h.kind, h.reference, h.meeting) for h in hits] == [
        ("proposal", "MP950", None),
        ("item", None, "PANEL_950"),
    ]
    assert _marked(hits[0]) == ["Firmware", "limits"]
    assert (hits[0].stage, hits[0].latest.isoformat() if hits[0].latest else "") == (
        "Initial Consideration", "2021-03-01",
    )  # fmt: skip


@pytest.mark.parametrize("word", ["consultation", "consulted", "consult", "consultations"])
def test_english_words_match_in_any_form(record: Govflow, word: str) -> None:
    (hit,) = record.search(word)
    assert (hit.kind, hit.reference, hit.where, hit.seq) == ("proposal", "DP951", "note", 2)
    assert hit.snippet is not None and hit.snippet.text.endswith("on text messages")
    assert _marked(hit) == ["consultation"]
    assert hit.on is not None and hit.on.isoformat() == "2021-03-10"


def test_a_stage_or_milestone_label_on_the_page_is_found(record: Govflow) -> None:
    (stage,) = record.search("development")
    assert (stage.reference, stage.where, stage.seq) == ("DP951", "stage", 1)
    assert stage.snippet is not None and _marked(stage) == ["Development"]
    (milestone,) = record.search('"working group"')
    assert (milestone.reference, milestone.where, " ".join(_marked(milestone))) == (
        "DP951", "milestone", "Working Group",
    )  # fmt: skip


def test_the_proposer_is_found(record: Govflow) -> None:
    (hit,) = record.search("northern")
    assert (hit.reference, hit.where, _marked(hit)) == ("MP950", "proposer", ["Northern"])


def test_or_wants_either_term_and_the_others_all(record: Govflow) -> None:
    either = {h.reference for h in record.search("firmware OR notices") if h.kind == "proposal"}
    assert either == {"MP950", "DP951"}
    assert _found(record, "notices OR firmware consultation") == [("proposal", "DP951", None)]


def test_a_quoted_phrase_wants_its_words_in_order(record: Govflow) -> None:
    assert _found(record, '"retry limits"') == [
        ("proposal", "MP950", None), ("item", None, "PANEL_950"),
    ]  # fmt: skip
    assert _found(record, '"limits retry"') == []


def test_every_term_must_be_on_the_record_not_all_in_one_field(record: Govflow) -> None:
    assert _found(record, "notices consultation") == [("proposal", "DP951", None)]
    assert _found(record, "firmware notices") == []


def test_common_words_alone_are_ignored_on_both_back_ends(record: Govflow) -> None:
    assert _found(record, "the firmware") == _found(record, "firmware")
    assert _found(record, "the OR of") == []


def test_minutes_text_of_an_agenda_item_is_searched_and_its_words_marked(record: Govflow) -> None:
    (hit,) = record.search("over-the-air upgrades")
    assert (hit.kind, hit.meeting, hit.item, hit.on.isoformat() if hit.on else None) == (
        "item", "PANEL_950", "4", "2021-03-19",
    )  # fmt: skip
    assert hit.where == "minutes" and "upgrades" in _marked(hit)


def test_a_reference_finds_its_proposal_first(record: Govflow) -> None:
    assert _found(record, "MP 950")[0] == ("proposal", "MP950", None)
    assert _found(record, "MP950 retry") == [("proposal", "MP950", None)]


def test_rows_written_later_and_changed_items_are_found_as_they_are_now(record: Govflow) -> None:
    record.raise_proposal("MP952", title="Hub returns reporting (fictional)", on="2021-04-01")
    assert _found(record, "hub returning") == [("proposal", "MP952", None)]
    record.update_item("PANEL_950", "4", text="Deferred to the next meeting.")
    assert _found(record, "upgrades") == []
    assert _found(record, "deferred") == [("item", None, "PANEL_950")]


def test_stored_text_that_holds_the_marks_is_never_marked_wrongly(gf: Govflow) -> None:
    gf.raise_proposal("MP953", title="Odd \ue000 firmware \ue001 \ue001 text (fictional)",
                      on="2021-05-01")  # fmt: skip
    (hit,) = gf.search("firmware")
    assert "\ue000" not in hit.title.text and "\ue001" not in hit.title.text
    assert hit.title.marks == ()


@pytest.mark.parametrize(
    "query",
    ['"', "NEAR(firmware", "firmware OR", "OR OR firmware", "*", "fir*mware", "title:firmware",
     "'; DROP TABLE x", "firmware -retry", "a & b | !c", '"unclosed phrase'],
    ids=["quote", "near", "or-end", "or-start", "star", "inner-star", "column", "sql", "minus",
         "tsquery", "unclosed"],
)  # fmt: skip
def test_query_syntax_is_read_as_plain_words(record: Govflow, query: str) -> None:
    try:
        hits = record.search(query)
    except InvalidInput as exc:  # nothing left to search for
        assert "nothing to search for" in str(exc)
        return
    assert all(h.kind in ("proposal", "item") for h in hits)


def test_a_query_without_words_or_too_long_is_refused_with_the_way_out(gf: Govflow) -> None:
    with pytest.raises(InvalidInput, match="give a word or a reference"):
        gf.search("  --- ")
    with pytest.raises(InvalidInput, match="at most 12 words; 13 given"):
        gf.search(" ".join(f"word{n}" for n in range(13)))
    with pytest.raises(InvalidInput, match="at most 400 characters; this one has 401"):
        gf.search("a" * 401)


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


def test_a_database_made_before_0014_finds_stemmed_words_after_the_upgrade(
    empty_db_url: str,
) -> None:
    with govflow.open_db(empty_db_url) as gf:
        gf.raise_proposal("MP954", title="Consultations on tariffs (fictional)", on="2021-03-01",
                          proposer="Fictional Energy")  # fmt: skip
        db.downgrade(gf.engine, "0013")
        db.upgrade(gf.engine)
        assert [h.reference for h in gf.search("consulted")] == ["MP954"]
        assert [h.where for h in gf.search("fictional energy")] == ["proposer"]
        if gf.engine.dialect.name == "sqlite":  # triggers keep the index in step after it
            with gf.engine.connect() as conn:
                names = set(conn.execute(text(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                    "AND name LIKE 'search_%'"
                )).scalars())  # fmt: skip
            assert len(names) == 7
        gf.raise_proposal("MP955", title="Tariff consulting (fictional)", on="2021-03-02")
        assert [h.reference for h in gf.search("consult")] == ["MP955", "MP954"]
