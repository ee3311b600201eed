"""Reading a search query (records/search_query.py): words, phrases and OR, and nothing else."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govflow.errors import InvalidInput
from govflow.records.search_query import MAX_CHARACTERS, Query, Term, parse_query


def _groups(query: Query) -> list[list[str]]:
    return [[t.text for t in group] for group in query.groups]


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("firmware hub", [["firmware"], ["hub"]]),
        ("firmware OR hub", [["firmware", "hub"]]),
        ("firmware OR hub retry", [["firmware", "hub"], ["retry"]]),
        ("a OR b OR c", [["a", "b", "c"]]),
        ('"retry limits" hub', [["retry limits"], ["hub"]]),
        ('"unclosed phrase', [["unclosed phrase"]]),
        ("over-the-air", [["over the air"]]),
        ("Firmware or hub", [["Firmware"], ["or"], ["hub"]]),  # only OR in capitals joins
        ("OR firmware OR", [["firmware"]]),
        ("firmware firmware", [["firmware"]]),
        ('title:firmware NEAR(hub) *', [["title firmware"], ["NEAR hub"]]),
    ],
    ids=["and", "or", "or-binds-tighter", "or-chain", "phrase", "unclosed", "hyphens",
         "lower-or", "dangling-or", "repeated", "syntax-as-words"],
)  # fmt: skip
def test_a_query_reads_as_groups_of_terms(text: str, groups: list[list[str]]) -> None:
    assert _groups(parse_query(text)) == groups


@given(st.text(max_size=MAX_CHARACTERS))
def test_any_text_is_a_query_of_words_or_a_refusal(text: str) -> None:
    try:
        query = parse_query(text)
    except InvalidInput as exc:
        assert "nothing to search for" in str(exc) or "at most 12 words" in str(exc)
        return
    assert query.groups and all(query.groups)
    for term in query.terms:
        assert all(re.fullmatch(r"\w+", word) for word in term.words)


def test_dropping_terms_drops_emptied_groups() -> None:
    query = parse_query("the OR of firmware")
    assert _groups(query.without({Term(("the",)), Term(("of",))})) == [["firmware"]]
