"""Input the record cannot keep is refused by the library, the same for every caller (the CLI,
the JSON API, a script) and on every database: text with a NUL or a lone surrogate, text past
its limit, numbers no column holds, dates outside the supported range, meeting times that are
not times, and paper lead days no committee has.

DP960 is an invented proposal (the fictional number the docs use), not a real one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from govflow.dates import FIRST, LAST, far_from_today, parse_date, parse_when
from govflow.errors import InvalidInput
from govflow.service import Govflow
from govflow.validation import LIMITS, Limits


@pytest.fixture
def dp960(gf: Govflow) -> Govflow:
    gf.raise_proposal("DP960", title="Firmware retry limits", on="2021-03-01")
    return gf


REFUSED: dict[str, tuple[str, tuple[Any, ...], dict[str, Any], str]] = {
    "nul-in-title": ("raise_proposal", ("DP961",), {"title": "a\x00b"}, "title holds a NUL"),
    "surrogate-in-title": ("raise_proposal", ("DP961",), {"title": "a\ud800"}, "lone surrogate"),
    "nul-in-note": ("advance", ("DP960", "submit"), {"note": "\x00"}, "note holds a NUL"),
    "nul-in-filter": ("proposals", (), {"stage": "draft\x00"}, "stage holds a NUL"),
    "nul-in-reference": ("proposal", ("DP\x00960",), {}, "reference holds a NUL"),
    "nul-in-correction": (
        "correct",
        ("DP960", 1),
        {"note": "n", "changes": {"note": "\x00"}},
        "note holds a NUL",
    ),
    "long-title": (
        "raise_proposal",
        ("DP961",),
        {"title": "x" * (LIMITS.title + 1)},
        f"the most govflow keeps is {LIMITS.title:,}",
    ),
    "long-note": ("advance", ("DP960", "submit"), {"note": "x" * (LIMITS.text + 1)}, "note is"),
    "long-name": (
        "raise_proposal",
        ("DP961",),
        {"title": "t", "proposer": "p" * 1000},
        "proposer is 1,000 characters",
    ),
    "huge-seq": ("correct", ("DP960", 2**63), {"note": "n"}, "seq is out of range"),
    "huge-limit": ("proposals", (), {"limit": 10**40}, "limit is out of range"),
    "huge-version": (
        "advance",
        ("DP960", "submit"),
        {"expected_version": -(2**40)},
        "expected_version is out of range",
    ),
    "far-future": (
        "raise_proposal",
        ("DP961",),
        {"title": "t", "on": "9999-12-31"},
        "outside the dates govflow keeps (1900-01-01 to 2099-12-31)",
    ),
    "far-future-month": ("advance", ("DP960", "submit"), {"on": "December 9999"}, "outside"),
    "far-past": ("advance", ("DP960", "submit"), {"on": dt.date(1, 1, 1)}, "outside"),
    "as-of-outside": ("proposal", ("DP960",), {"as_of": "3000-01-01"}, "outside"),
    "known-on-instant": ("proposal", ("DP960",), {"known_on": "9999-12-31T23:59:59Z"}, "outside"),
    "start-25-99": (
        "add_meeting",
        ("CSC_38",),
        {"on": "2021-05-25", "start_time": "25:99"},
        "'25:99' is not a start time",
    ),
    "end-before-start": (
        "add_meeting",
        ("CSC_38",),
        {"on": "2021-05-25", "start_time": "10:00", "end_time": "09:30"},
        "end (09:30) before it starts (10:00)",
    ),
    "negative-lead": (
        "add_committee",
        ("XYZ", "Invented"),
        {"paper_lead_days": -1},
        "paper lead days is -1",
    ),
    "absurd-lead": (
        "update_committee",
        ("CSC",),
        {"paper_lead_days": 5000},
        "paper lead days is 5000",
    ),
}


@pytest.mark.parametrize(("method", "args", "kwargs", "message"), REFUSED.values(),
                         ids=REFUSED.keys())  # fmt: skip
def test_input_the_record_cannot_keep_is_refused_and_nothing_is_written(
    dp960: Govflow, method: str, args: tuple[Any, ...], kwargs: dict[str, Any], message: str
) -> None:
    before = [e.hash for e in dp960.history("DP960")]
    with pytest.raises(InvalidInput) as caught:
        getattr(dp960, method)(*args, **kwargs)
    assert message in str(caught.value)
    assert [e.hash for e in dp960.history("DP960")] == before
    assert [p.reference for p in dp960.proposals()] == ["DP960"]
    assert dp960.meetings() == []


def test_times_are_kept_as_hh_mm_and_text_at_its_limit_is_kept(gf: Govflow) -> None:
    meeting = gf.add_meeting("CSC_38", on="2021-05-25", start_time="9:30", end_time="12:00")
    assert (meeting.start_time, meeting.end_time) == ("09:30", "12:00")
    change = gf.raise_proposal("DP960", title="x" * LIMITS.title, on="2021-03-01")
    assert gf.proposal(change.reference).title == "x" * LIMITS.title


def test_a_date_far_from_today_is_kept_with_a_warning(gf: Govflow) -> None:
    ahead = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=800)
    change = gf.raise_proposal("DP960", title="Firmware retry limits", on=ahead)
    assert change.warnings == (f"{ahead} is more than a year from today; if the year is wrong, "
                               "correct the event",)  # fmt: skip
    moved = gf.advance("DP960", "submit", on=ahead)
    assert any("more than a year from today" in w for w in moved.warnings)


def test_the_supported_range_and_its_edges() -> None:
    assert parse_date("1900-01-01") == FIRST and parse_date("2099-12-31") == LAST
    assert parse_when("on or before December 2099") == (LAST, "on_or_before")
    for outside in ("1899-12-31", "2100-01-01", "31 December 9999", "9999-12"):
        with pytest.raises(InvalidInput, match="outside the dates govflow keeps"):
            parse_when(outside)
    today = dt.date(2026, 1, 1)
    assert far_from_today(dt.date(2026, 12, 31), today) is None
    assert far_from_today(dt.date(2027, 6, 1), today) is not None
    assert far_from_today(dt.date(1960, 1, 1), today) is not None


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVFLOW_MAX_TITLE", "80")
    monkeypatch.setenv("GOVFLOW_MAX_TEXT", "1000")
    assert Limits.from_environment() == Limits(title=80, text=1000, name=Limits().name)
    monkeypatch.setenv("GOVFLOW_MAX_NAME", "many")
    with pytest.raises(InvalidInput, match="GOVFLOW_MAX_NAME='many' is not a number"):
        Limits.from_environment()


def test_the_cli_refuses_what_the_library_refuses(cli: Any) -> None:
    result = cli("proposal", "raise", "DP960", "--title", "Firmware", "--on", "9999-12-31")
    assert result.exit_code == 1
    assert "9999-12-31 is outside the dates govflow keeps" in result.output
    long_title = cli("proposal", "raise", "DP960", "--title", "x" * (LIMITS.title + 1))
    assert long_title.exit_code == 1
    assert "title is" in long_title.output
    assert cli("proposal", "list", "--json").output.strip() == "[]"
