"""The API answers in its own terms: the library's messages name command-line options and
commands, and :func:`govflow.web.wording.api_terms` puts them as the API's fields and operations
(the messages below are the library's, as it writes them)."""

from __future__ import annotations

import re

import pytest

from govflow.web.wording import api_terms
from tests.conftest import Api

LIBRARY = {
    "stale": ("MP960 was changed by someone else since you loaded it; it is now in 'report'. "
              "Check `govflow proposal next MP960` and try again.",
              "Check `GET /api/proposals/MP960/next` and try again."),
    "unknown": ("no proposal answers to 'MP990'; `govflow proposal list` shows the proposals "
                "there are", "`GET /api/proposals` shows the proposals there are"),
    "as-of": ("'x' is not a --as-of date govflow can read", "not a `as_of` date"),
    "item": ("an agenda item needs its meeting: give --meeting CODE too", "give `meeting` too"),
    "due": ("give when it is due: a date (--due) or a meeting (--at), one",
            "a date (`due`) or a meeting (`at`), one"),
    "until": ("--until 2021-01-01 is before the start date 2021-02-01",
              "`until` 2021-01-01 is before"),
    "committee": ("unknown committee 'XYZ'; known: CSC. Add one with "
                  "`govflow committee add CODE --name TEXT`",
                  "Add one with `POST /api/committees`"),
    "meeting": ("no meeting CSC_9; add it with `govflow meeting add CSC_9 --on DATE`",
                "add it with `POST /api/meetings` (code CSC_9)"),
    "item-add": ("meeting CSC_9 has no item 4. Add it with `govflow meeting item CSC_9 4 --title "
                 "TEXT`", "Add it with `POST /api/meetings/CSC_9/items` (number 4)"),
    "meetings": ("CSC has no meeting on 2021-01-01; `govflow meeting list --committee CSC` shows "
                 "its meetings", "`GET /api/meetings?committee=CSC` shows its meetings"),
    "set": ("dated 2021-05-26 but CSC_38 is dated 2021-05-25; if the meeting's date is wrong, "
            "change it with `govflow meeting set CSC_38 --on DATE`",
            "change it with `govflow meeting set` (on the command line)"),
    "token": ("no token named 'x'; `govflow token list` shows them", "`GET /api/tokens` shows"),
    "action": ("no action 9; `govflow action list` shows them", "`GET /api/actions` shows them"),
    "correct": ("correct its event (`govflow proposal correct`) on both proposals",
                "correct its event (`POST /api/proposals/{reference}/corrections`)"),
    "init": ("no database at x.db: run `govflow init` to create one",
             "run `govflow init` (on the command line) to create one"),
}  # fmt: skip


@pytest.mark.parametrize(("message", "expected"), LIBRARY.values(), ids=LIBRARY.keys())
def test_library_messages_are_put_in_the_apis_terms(message: str, expected: str) -> None:
    said = api_terms(message)
    assert expected in said
    assert re.search(r"(?<![\w-])--[a-z]", said) is None
    assert all("(on the command line)" in said for _ in re.finditer("`govflow ", said))


def test_dates_and_plain_text_are_left_as_they_are() -> None:
    for text in ("2021-05-25 -- a note", "MP960 moved to 'report'", "a--b"):
        assert api_terms(text) == text


def test_the_api_says_it_in_its_terms(api: Api) -> None:
    answer = api.get("/api/proposals/DP990")
    assert answer.json()["detail"] == ("no proposal answers to 'DP990'; `GET /api/proposals` "
                                       "lists the proposals there are")  # fmt: skip
