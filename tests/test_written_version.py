"""A write's answer carries the version the write made (issue 29): the web's written answer
takes it from the write, not from a second read of the proposal after it.

Compared here with that second read (``proposal_version`` in the write's transaction, what the
route answered before) for every kind of write, on either back end; and with another engine's
write in between, the version answered is still the one this write made. MP99x proposals, their
meetings, releases and dates are fictional.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

import govflow
from govflow.service import Govflow
from govflow.views import Change
from govflow.web.api_proposals import written_answer
from tests.conftest import Api

FOR_ALL = {
    "Large Supplier": {"for": 9, "against": 2, "abstain": 1, "absent": 1},
    "Small Supplier": {"for": 2, "against": 1},
    "Network Party": {"for": 3, "against": 0},
}

#: Every kind of write, in an order each can be made in: (name, the write).
WRITES: list[tuple[str, Callable[[Govflow], Change]]] = [
    ("raise", lambda gf: gf.raise_proposal("MP991", title="A fictional proposal",
                                           on="2021-01-11", path=2)),
    ("advance", lambda gf: gf.advance("MP991", "start_refinement", on="2021-02-12")),
    ("alternative", lambda gf: gf.raise_alternative("MP991A", title="Fictional", on="2021-03-03")),
    ("link", lambda gf: gf.link("MP991", meeting="CSC_91", item="4")),
    ("earlier", lambda gf: gf.link("MP991", meeting="CSC_91", item="4", on="2021-01-20")),
    ("proposer", lambda gf: gf.set_proposer("MP991", "A fictional party", on="2021-03-04")),
    ("to a stage", lambda gf: gf.advance("MP991", to="change_board", on="2021-05-11")),
    ("vote", lambda gf: gf.vote("MP991", FOR_ALL, solution="MP991A", on="2021-05-26")),
    ("release", lambda gf: gf.release("MP991", "November 2099", on="2021-05-27")),
    ("relate", lambda gf: gf.relate("MP991", to="MP992", on="2021-05-28")),
    ("correct", lambda gf: gf.correct("MP991", 4, note="linked to the wrong item",
                                      changes={"recorded_in_error": True})),
]  # fmt: skip


def _setting(gf: Govflow) -> None:
    gf.add_meeting("CSC_91", on="2021-03-09")
    gf.add_item("CSC_91", "4", title="MP991", presenter="SECAS")
    gf.raise_proposal("MP992", title="Another fictional proposal", on="2021-01-12")


def _read_after(gf: Govflow, change: Change) -> dict[str, Any]:
    """The answer as the route made it before: the version read again after the write."""
    return written_answer(gf, dataclasses.replace(change, version=0))


def test_every_write_answers_the_version_the_second_read_gives(gf: Govflow) -> None:
    _setting(gf)
    for name, write in WRITES:
        with gf.transaction():  # as the routes write: the read after it in its transaction
            change = write(gf)
            answered, read = written_answer(gf, change), _read_after(gf, change)
        assert change.version > 0, name
        assert list(answered.items()) == list(read.items()), name  # the keys' order too
        assert answered["version"] == gf.proposal_version(change.reference), name


def test_the_version_is_this_write_s_with_another_engine_s_write_between(
    gf: Govflow, db_url: str
) -> None:
    _setting(gf)
    gf.raise_proposal("MP993", title="A fictional proposal", on="2021-01-11", path=2)
    other = govflow.open_db(db_url)
    try:
        mine = gf.advance("MP993", "start_refinement", on="2021-02-12")
        theirs = other.raise_alternative("MP993A", title="Fictional", on="2021-03-03")
        assert gf.proposal_version("MP993") == theirs.version == mine.version + 1
        assert written_answer(gf, mine)["version"] == mine.version  # not the read's now
        again = gf.advance("MP993", to="change_board", on="2021-05-11",
                           expected_version=theirs.version)  # fmt: skip
        assert again.version == theirs.version + 1 == other.proposal_version("MP993")
    finally:
        other.close()


#: Every write route, in an order each can be made in: (path, body).
ROUTES: list[tuple[str, dict[str, Any]]] = [
    ("", {"reference": "MP995", "title": "A fictional proposal", "on": "2021-01-11", "path": 2}),
    ("/MP995/advance", {"trigger": "start_refinement", "on": "2021-02-12"}),
    ("/MP995A/alternatives", {"title": "Fictional", "on": "2021-03-03"}),
    ("/MP995/link", {"meeting": "CSC_91", "item": "4"}),
    ("/MP995/releases", {"release": "November 2099", "on": "2021-03-10"}),
    ("/MP995/advance", {"to": "change_board", "on": "2021-05-11"}),
    ("/MP995/votes", {"tally": FOR_ALL, "solution": "MP995A", "on": "2021-05-26"}),
    ("/MP995/corrections", {"seq": 4, "note": "linked to the wrong item",
                            "changes": {"recorded_in_error": True}}),
]  # fmt: skip


def test_each_write_route_writes_the_bytes_fastapi_wrote_from_the_second_read(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.routing import APIRoute

    from govflow.web import api_proposals, api_solutions
    from tests.test_web_answers import _fastapis

    _setting(api.gf)
    made: list[Change] = []

    def spy(gf: Govflow, change: Change) -> dict[str, Any]:
        made.append(change)
        return written_answer(gf, change)

    for module in (api_proposals, api_solutions):
        monkeypatch.setattr(module, "written_answer", spy)
    routes = {(r.path, *r.methods): r for r in api.client.app.routes if isinstance(r, APIRoute)}
    for path, body in ROUTES:
        got = api.post(f"/api/proposals{path}", body)
        assert got.status_code in (200, 201), got.text
        route = routes["/api/proposals" + path.replace("MP995A", "{reference}").replace(
            "MP995", "{reference}"), "POST"]  # fmt: skip
        assert got.status_code == (route.status_code or 200)
        expected = _fastapis(route, _read_after(api.gf, made[-1]))  # no write since: the same
        assert got.content == expected, path
        assert got.headers["content-length"] == str(len(expected))


def test_the_routes_answer_the_version_the_write_made(api: Api) -> None:
    raised = api.post("/api/proposals", {"reference": "MP994", "title": "A fictional proposal",
                                         "on": "2021-01-11", "path": 2})  # fmt: skip
    assert raised.status_code == 201, raised.text
    assert raised.json()["version"] == api.gf.proposal_version("MP994")
    body = {"trigger": "start_refinement", "on": "2021-02-12",
            "expected_version": raised.json()["version"]}  # fmt: skip
    moved = api.post("/api/proposals/MP994/advance", body)
    assert moved.status_code == 200, moved.text
    version = api.gf.proposal_version("MP994")
    assert moved.json()["version"] == version == raised.json()["version"] + 1
    voted = api.post("/api/proposals/MP994A/alternatives", {"title": "F", "on": "2021-03-03"})
    assert voted.json()["version"] == version + 1 == api.gf.proposal_version("MP994")
