"""Dates known only between two days, and a day and month whose year is uncertain (issue 24):
read from every way in (the library, the command line, the API, a correction, an import), kept
with their bounds, written as the record says them by every view, and never shown as a day.

Every proposal here is fictional (MP98x).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from govflow.dates import (
    _parse_when,
    as_written,
    bounds,
    in_range,
    is_precision,
    parse_when,
    when_text,
)
from govflow.errors import InvalidInput
from govflow.service import Govflow
from tests.conftest import Api, NewGovflow

Invoke = Callable[..., Result]
OCTOBER = "between:2019-10-01..2019-10-15"


@pytest.mark.parametrize(
    ("written", "day", "precision"),
    [
        ("between 1 and 15 October 2019", "2019-10-15", OCTOBER),
        ("between 1 Oct and 15 Oct 2019", "2019-10-15", OCTOBER),
        ("from 1 to 15 October 2019", "2019-10-15", OCTOBER),
        ("2019-10-01/2019-10-15", "2019-10-15", OCTOBER),
        ("between 2019-10-01 and 2019-10-15", "2019-10-15", OCTOBER),
        ("between 1 October 2019 and 15 January 2020", "2020-01-15",
         "between:2019-10-01..2020-01-15"),
        ("between October and December 2019", "2019-12-31", "between:2019-10-01..2019-12-31"),
        ("between 2019 and 2020", "2020-12-31", "between:2019-01-01..2020-12-31"),
        ("between 3 and 3 May 2020", "2020-05-03", "day"),
        ("21 November, year uncertain (2018 or 2019)", "2019-11-21", "year_uncertain:2018..2019"),
        ("21 November 2018 or 2019", "2019-11-21", "year_uncertain:2018..2019"),
        ("21 Nov 2017 to 2019", "2019-11-21", "year_uncertain:2017..2019"),
    ],
)  # fmt: skip
def test_an_interval_is_read_and_kept_on_its_last_day(
    written: str, day: str, precision: str
) -> None:
    assert parse_when(written) == (dt.date.fromisoformat(day), precision)
    assert is_precision(precision)


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("21 November, year uncertain", "needs the years the date may fall in"),
        ("between 15 and 1 October 2019", "2019-10-15 is after 2019-10-01"),
        ("21 November 2019 or 2018", "the earlier first"),
        ("21 November 2017 or 2019", "'Y or Y+1'"),
        ("29 February 2019 or 2020", "is not a date govflow can read"),
    ],
)
def test_an_interval_that_says_no_place_or_none_is_refused(written: str, said: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_when(written)
    assert said in str(refused.value)


def test_the_formatter_writes_the_bounds_and_never_one_day() -> None:
    day, precision = parse_when("between 1 and 15 October 2019")
    assert as_written(day, precision) == "between 2019-10-01 and 2019-10-15"
    assert when_text(day, precision) == "between 2019-10-01 and 2019-10-15"
    assert bounds(day, precision) == (dt.date(2019, 10, 1), dt.date(2019, 10, 15))
    # the bounds come from the precision, whichever day the event is kept on (a raise: the first)
    assert bounds(dt.date(2019, 10, 1), precision) == (dt.date(2019, 10, 1), dt.date(2019, 10, 15))
    day, precision = parse_when("21 November 2018 or 2019")
    assert as_written(day, precision) == "21 November, year uncertain (2018 or 2019)"
    assert as_written(day, "year_uncertain:2016..2019").endswith("(2016 to 2019)")
    assert bounds(day, precision) == (dt.date(2018, 11, 21), dt.date(2019, 11, 21))


@pytest.mark.parametrize(
    "value",
    ["between", "between:2019-10-15..2019-10-01", "between:2019-10-01", "year_uncertain",
     "year_uncertain:2019..2019", "year_uncertain:19..2019", "day:2019", "soon"],
)  # fmt: skip
def test_a_stored_precision_out_of_shape_is_not_one(value: str) -> None:
    assert not is_precision(value)


def _moved_in_october(gf: Govflow, reference: str = "MP980") -> None:
    gf.raise_proposal(reference, title="A fictional proposal", on="2019-06-03", route="2",
                      stage="initial_consideration")  # fmt: skip
    gf.advance(reference, "start_refinement", on="between 1 and 15 October 2019")


def test_the_register_inside_the_interval_does_not_count_the_move(gf: Govflow) -> None:
    """As of a day inside the interval the move is not counted (it is certain only at its end);
    after it, the stage is said to have been entered between the two days."""
    _moved_in_october(gf)
    for known_on in (None, "2099-12-31"):  # read with SQL, and replayed
        inside = next(iter(gf.register(as_of="2019-10-07", known_on=known_on)))
        assert (inside.stage, inside.stage_since) == ("initial_consideration", dt.date(2019, 6, 3))
        after = next(iter(gf.register(as_of="2019-10-15", known_on=known_on)))
        assert (after.stage, after.stage_since_precision) == ("refinement", OCTOBER)
        assert after.decision_dated() == "start_refinement between 2019-10-01 and 2019-10-15"
    event = gf.history("MP980")[-1]
    assert (event.occurred_on, event.date_precision) == (dt.date(2019, 10, 15), OCTOBER)
    assert gf.verify() == []


def test_every_view_writes_an_interval_as_the_record_does(gf: Govflow, cli: Invoke) -> None:
    gf.raise_proposal("MP981", title="A fictional proposal", on="between 1 and 20 May 2019",
                      stage="initial_consideration")  # fmt: skip
    gf.advance("MP981", "start_refinement", on="21 November 2019 or 2020")
    raised = gf.history("MP981")[0]
    assert raised.occurred_on == dt.date(2019, 5, 1)  # the raise: the first day it may be
    shown = cli("proposal", "show", "MP981")
    assert shown.exit_code == 0, shown.output
    assert "between 2019-05-01 and 2019-05-20" in shown.stdout
    history = cli("proposal", "history", "MP981")
    assert "between 2019-05-01 and 2019-05-20\tRaised" in history.stdout
    assert "21 November, year uncertain (2019 or 2020)\tInitial Consideration" in history.stdout
    assert "2020-11-21" not in history.stdout
    listed = cli("proposal", "list").stdout
    assert "MP981\tRefinement Process\t\t21 November, year uncertain (2019 or 2020)" in listed
    assert "2 on 21 November, year uncertain (2019 or 2020)" in shown.stdout
    as_json = json.loads(cli("proposal", "history", "MP981", "--json").stdout)
    assert [e["date_precision"] for e in as_json] == [
        "between:2019-05-01..2019-05-20", "year_uncertain:2019..2020",
    ]  # fmt: skip
    out = io.StringIO()
    gf.export_timeline(out, "md", "MP981")
    assert "21 November, year uncertain (2019 or 2020)" in out.getvalue()
    out = io.StringIO()
    gf.export_register(out, "md", as_of="2021-01-01")
    assert "on 21 November, year uncertain (2019 or 2020)" in out.getvalue()
    out = io.StringIO(newline="")
    gf.export_register(out, "csv", as_of="2021-01-01")
    assert "year_uncertain:2019..2020" in out.getvalue()


def test_the_command_line_and_a_correction_take_an_interval(gf: Govflow, cli: Invoke) -> None:
    gf.raise_proposal("MP982", title="A fictional proposal", on="2019-06-03", route="2",
                      stage="initial_consideration")  # fmt: skip
    moved = cli("proposal", "advance", "MP982", "start_refinement", "--on",
                "between 1 and 15 October 2019")  # fmt: skip
    assert moved.exit_code == 0, moved.output
    assert "between 2019-10-01 and 2019-10-15" in moved.stdout
    seq = gf.history("MP982")[-1].seq
    assert seq is not None
    gf.correct("MP982", seq, note="a later paper narrows it",
               changes={"occurred_on": "between 7 and 9 October 2019"})  # fmt: skip
    event = gf.history("MP982")[-1]
    assert (event.occurred_on, event.date_precision) == (
        dt.date(2019, 10, 9), "between:2019-10-07..2019-10-09",
    )  # fmt: skip
    assert gf.verify() == []


def test_the_api_takes_an_interval_and_answers_it(api: Api) -> None:
    api.gf.raise_proposal("MP983", title="A fictional proposal", on="2019-06-03", route="2",
                          stage="initial_consideration")  # fmt: skip
    moved = api.post("/api/proposals/MP983/advance",
                     {"trigger": "start_refinement", "on": "2019-10-01/2019-10-15"})  # fmt: skip
    assert moved.status_code == 200, moved.text
    history = api.get("/api/proposals/MP983/history", "reader").json()
    assert history[-1]["date_precision"] == OCTOBER
    wrong = api.post("/api/proposals/MP983/record",
                     {"milestone": "presented", "on": "2019-10-15/2019-10-01"})  # fmt: skip
    assert wrong.status_code == 422, wrong.text


def test_an_export_with_intervals_imports_and_verifies(new_gf: NewGovflow) -> None:
    with new_gf() as gf:
        _moved_in_october(gf, "MP984")
        gf.record("MP984", "presented", on="21 November 2019 or 2020")
        out = io.StringIO(newline="")
        gf.export_audit(out, "jsonl")
    with new_gf() as other:
        other.import_events(out.getvalue().splitlines(keepends=True))
        assert other.verify() == []
        assert [e.date_precision for e in other.history("MP984")] == [
            "day", OCTOBER, "year_uncertain:2019..2020",
        ]  # fmt: skip


def _the_long_way(value: str) -> tuple[dt.date, str] | str:
    """``parse_when`` without its first try for the plain ISO form: the day, or the refusal."""
    try:
        day, precision = _parse_when(value, "date")
        return in_range(day, "date"), precision
    except InvalidInput as refused:
        return str(refused)


def _either_way(value: str) -> tuple[dt.date, str] | str:
    try:
        return parse_when(value)
    except InvalidInput as refused:
        return str(refused)


@pytest.mark.parametrize(
    "written",
    ["2021-01-05", "1900-01-01", "2099-12-31", "1899-12-31", "2100-01-01", "2021-02-30",
     "2021-13-01", " 2021-1-05", "2021-01-5 ", "2021-W01-1", "20210105", "2021-01-05 ",
     "2021/01/05", "0001-01-01", "9999-12-31", "April 2020", "2021-01-0\u0665",
     "2021\u201301\u201305"],
)  # fmt: skip
def test_a_plain_iso_date_read_first_is_what_the_long_way_reads(written: str) -> None:
    assert _either_way(written) == _the_long_way(written)


@given(st.text(alphabet="0123456789-W :/", min_size=8, max_size=12) | st.dates().map(str))
@settings(max_examples=300, deadline=None)
def test_any_short_text_reads_as_the_long_way_reads_it(written: str) -> None:
    assert _either_way(written) == _the_long_way(written)
