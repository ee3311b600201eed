"""Working days: observed windows, bank holidays, closures, refusals and properties."""

from __future__ import annotations

import doctest
import functools
import timeit
from datetime import date, datetime, timedelta

import holidays
import pytest
from holidays.version import __version__ as HOLIDAYS_VERSION
from hypothesis import given, settings
from hypothesis import strategies as st

import govflow.calendar
from govflow.calendar import WorkingCalendar
from govflow.errors import GovflowError, InvalidInput

CAL = WorkingCalendar()
D = date.fromisoformat

# Each one-off with the working days either side (the Jubilee followed the Spring bank holiday,
# moved to Thursday 2 June 2022, so its working neighbours are 1 and 6 June).
ONE_OFF_BANK_HOLIDAYS = [
    pytest.param(D("2020-05-08"), D("2020-05-07"), D("2020-05-11"), id="VE-day-moved-2020"),
    pytest.param(D("2022-06-03"), D("2022-06-01"), D("2022-06-06"), id="platinum-jubilee-2022"),
    pytest.param(D("2022-09-19"), D("2022-09-16"), D("2022-09-20"), id="state-funeral-2022"),
    pytest.param(D("2023-05-08"), D("2023-05-05"), D("2023-05-09"), id="coronation-2023"),
]


# -- observed windows ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "first_day_counts", "count"),
    [
        pytest.param(D("2021-04-19"), D("2021-05-10"), True, 15, id="MP099-MRC-first-day-counts"),
        pytest.param(
            D("2021-04-19"), D("2021-05-10"), False, 14, id="MP099-MRC-first-day-excluded"
        ),
        pytest.param(D("2021-04-19"), D("2021-04-19"), True, 1, id="one-day-window"),
        pytest.param(D("2021-04-19"), D("2021-04-19"), False, 0, id="empty-window"),
        pytest.param(D("2021-04-17"), D("2021-04-19"), True, 1, id="opened-on-a-saturday"),
        pytest.param(D("2021-12-24"), D("2022-01-04"), True, 5, id="across-christmas-and-new-year"),
        pytest.param(D("2020-01-01"), D("2020-12-31"), True, 254, id="whole-year-2020"),
        pytest.param(D("2010-01-01"), D("2029-12-31"), True, 5052, id="two-decades"),
    ],
)
def test_count_working_days_of_observed_windows(
    start: date, end: date, first_day_counts: bool, count: int
) -> None:
    assert CAL.count_working_days(start, end, first_day_counts) == count


@pytest.mark.parametrize(
    ("start", "n", "first_day_counts", "end"),
    [
        pytest.param(D("2021-04-19"), 15, True, D("2021-05-10"), id="MP099-MRC"),
        pytest.param(D("2021-04-19"), 14, False, D("2021-05-10"), id="MP099-MRC-first-excluded"),
        pytest.param(D("2021-04-19"), 1, True, D("2021-04-19"), id="day-one-is-start"),
        pytest.param(D("2021-04-19"), 1, False, D("2021-04-20"), id="day-one-is-next-day"),
        pytest.param(D("2021-04-17"), 1, True, D("2021-04-19"), id="saturday-start-counts-monday"),
        pytest.param(D("2021-04-17"), 1, False, D("2021-04-19"), id="saturday-start-next-monday"),
        pytest.param(D("2021-04-01"), 2, True, D("2021-04-06"), id="over-easter-2021"),
        pytest.param(D("2021-12-30"), 3, True, D("2022-01-04"), id="across-31-december-2021"),
        pytest.param(D("2022-12-23"), 2, True, D("2022-12-28"), id="christmas-2022-substitutes"),
        pytest.param(D("2019-12-31"), 1, False, D("2020-01-02"), id="new-years-day-skipped"),
        pytest.param(D("2024-02-27"), 5, True, D("2024-03-04"), id="spanning-29-february-2024"),
        pytest.param(D("2024-02-28"), 2, False, D("2024-03-01"), id="29-february-2024-counts"),
        pytest.param(D("2020-05-07"), 2, True, D("2020-05-11"), id="over-VE-day-2020"),
    ],
)
def test_add_working_days_of_observed_windows(
    start: date, n: int, first_day_counts: bool, end: date
) -> None:
    assert CAL.add_working_days(start, n, first_day_counts) == end


def test_mp099_window_is_15_only_when_the_early_may_bank_holiday_is_skipped() -> None:
    assert not CAL.is_working_day(D("2021-05-03"))
    ignoring_holidays = sum(
        1 for i in range(22) if (D("2021-04-19") + timedelta(days=i)).weekday() < 5
    )
    assert ignoring_holidays == 16
    assert CAL.count_working_days(D("2021-04-19"), D("2021-05-10"), True) == 15


# -- which days are working days ----------------------------------------------------------------


@pytest.mark.parametrize(("day", "before", "after"), ONE_OFF_BANK_HOLIDAYS)
def test_one_off_bank_holidays_are_not_working_days(day: date, before: date, after: date) -> None:
    assert not CAL.is_working_day(day)
    assert CAL.is_working_day(before)
    assert CAL.is_working_day(after)
    assert CAL.previous_working_day(day) == before
    assert CAL.next_working_day(day) == after
    assert CAL.add_working_days(before, 2, True) == after


@pytest.mark.parametrize(("day", "before", "after"), ONE_OFF_BANK_HOLIDAYS)
def test_the_holiday_library_knows_the_one_offs_itself(
    day: date, before: date, after: date
) -> None:
    # If this fails after a library upgrade, add the date to _ENGLAND_AND_WALES_ADDITIONS.
    assert day in holidays.country_holidays("GB", subdiv="ENG", years=day.year)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(D("2021-04-02"), False, id="good-friday-2021"),
        pytest.param(D("2021-04-05"), False, id="easter-monday-2021"),
        pytest.param(D("2021-04-06"), True, id="easter-tuesday-2021"),
        pytest.param(D("2024-03-29"), False, id="good-friday-2024"),
        pytest.param(D("2024-04-01"), False, id="easter-monday-2024"),
        pytest.param(D("2021-12-27"), False, id="christmas-substitute-2021"),
        pytest.param(D("2021-12-28"), False, id="boxing-day-substitute-2021"),
        pytest.param(D("2021-12-29"), True, id="after-christmas-2021"),
        pytest.param(D("2022-12-26"), False, id="boxing-day-2022"),
        pytest.param(D("2022-12-27"), False, id="christmas-substitute-2022"),
        pytest.param(D("2022-06-02"), False, id="spring-bank-holiday-moved-2022"),
        pytest.param(D("2022-05-30"), True, id="usual-spring-bank-holiday-2022-open"),
        pytest.param(D("2020-05-04"), True, id="usual-early-may-2020-open"),
        pytest.param(D("2024-02-29"), True, id="leap-day-2024"),
        pytest.param(D("2020-02-29"), False, id="leap-day-2020-saturday"),
        pytest.param(D("2021-04-17"), False, id="saturday"),
        pytest.param(D("2021-04-18"), False, id="sunday"),
        pytest.param(D("2021-04-19"), True, id="monday"),
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


@pytest.mark.parametrize(
    ("day", "after", "before"),
    [
        pytest.param(D("2021-12-24"), D("2021-12-29"), D("2021-12-23"), id="christmas-2021"),
        pytest.param(D("2022-12-31"), D("2023-01-03"), D("2022-12-30"), id="new-year-2023"),
        pytest.param(D("2024-02-28"), D("2024-02-29"), D("2024-02-27"), id="leap-day"),
        pytest.param(D("2022-06-01"), D("2022-06-06"), D("2022-05-31"), id="jubilee-weekend"),
    ],
)
def test_next_and_previous_working_day(day: date, after: date, before: date) -> None:
    assert CAL.next_working_day(day) == after
    assert CAL.previous_working_day(day) == before


# -- signed distances and counting back ---------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "between"),
    [
        pytest.param(D("2021-05-10"), D("2021-05-10"), 0, id="due-today"),
        pytest.param(D("2021-05-07"), D("2021-05-10"), 1, id="due-next-working-day"),
        pytest.param(D("2021-05-11"), D("2021-05-10"), -1, id="one-day-overdue"),
        pytest.param(D("2021-04-19"), D("2021-05-10"), 14, id="MP099-MRC-days-left"),
        pytest.param(D("2021-05-10"), D("2021-04-19"), -14, id="MP099-MRC-days-overdue"),
        pytest.param(D("2021-12-24"), D("2022-01-04"), 4, id="across-year-end"),
    ],
)
def test_working_days_between(a: date, b: date, between: int) -> None:
    assert CAL.working_days_between(a, b) == between


@pytest.mark.parametrize(
    ("end", "n", "result"),
    [
        pytest.param(D("2024-03-14"), 5, D("2024-03-07"), id="thursday-to-thursday"),
        pytest.param(D("2021-05-10"), 14, D("2021-04-19"), id="MP099-MRC-back"),
        pytest.param(D("2022-01-04"), 4, D("2021-12-24"), id="back-across-year-end"),
        pytest.param(D("2021-04-18"), 0, D("2021-04-16"), id="zero-from-a-sunday"),
    ],
)
def test_subtract_working_days(end: date, n: int, result: date) -> None:
    assert CAL.subtract_working_days(end, n) == result


# -- extra closures -----------------------------------------------------------------------------

SHUTDOWN = (D("2024-12-23"), D("2025-01-03"))


def test_a_christmas_shutdown_closes_every_day_of_its_range() -> None:
    cal = WorkingCalendar([SHUTDOWN])
    days = [SHUTDOWN[0] + timedelta(days=i) for i in range(12)]
    assert not any(cal.is_working_day(day) for day in days)
    assert CAL.is_working_day(D("2024-12-23"))
    assert cal.is_working_day(D("2024-12-20"))
    assert cal.next_working_day(D("2024-12-20")) == D("2025-01-06")
    assert cal.add_working_days(D("2024-12-19"), 3, True) == D("2025-01-06")


def test_closures_accept_single_dates_and_are_merged() -> None:
    cal = WorkingCalendar([D("2025-01-02"), SHUTDOWN, (D("2024-12-27"), D("2024-12-30"))])
    assert cal.closures == (SHUTDOWN,)
    assert cal == WorkingCalendar([SHUTDOWN])
    assert hash(cal) == hash(WorkingCalendar([SHUTDOWN]))
    assert cal != CAL
    assert not WorkingCalendar([D("2021-04-19")]).is_working_day(D("2021-04-19"))


def test_describe_names_the_region_library_and_closures() -> None:
    described = WorkingCalendar([SHUTDOWN, D("2025-04-22")]).describe()
    assert described == {
        "region": "england-and-wales",
        "holidays": f"holidays {HOLIDAYS_VERSION} (GB, ENG)",
        "additions": [],
        "closures": ["2024-12-23/2025-01-03", "2025-04-22"],
    }


# -- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "message"),
    [
        pytest.param(
            lambda: WorkingCalendar(region="scotland"),
            "unknown calendar region 'scotland'; allowed: england-and-wales",
            id="unknown-region",
        ),
        pytest.param(
            lambda: WorkingCalendar(region="england-and-wale"),
            "(did you mean 'england-and-wales'?)",
            id="region-near-miss",
        ),
        pytest.param(
            lambda: CAL.add_working_days(D("2021-04-19"), 0, True),
            "whole number >= 1, got 0",
            id="n-zero",
        ),
        pytest.param(
            lambda: CAL.add_working_days(D("2021-04-19"), -3, False),
            "whole number >= 1, got -3",
            id="n-negative",
        ),
        pytest.param(
            lambda: CAL.subtract_working_days(D("2021-04-19"), -1),
            "whole number >= 0, got -1",
            id="subtract-negative",
        ),
        pytest.param(
            lambda: CAL.count_working_days(D("2021-05-10"), D("2021-04-19"), True),
            "cannot end (2021-04-19) before it starts (2021-05-10)",
            id="window-ends-before-start",
        ),
        pytest.param(
            lambda: CAL.is_working_day(D("2101-01-03")),
            "known only for 1872-2100",
            id="year-beyond-library",
        ),
        pytest.param(
            lambda: CAL.add_working_days(D("2100-12-01"), 100, True),
            "2101 is outside them",
            id="window-runs-beyond-library",
        ),
        pytest.param(
            lambda: CAL.is_working_day(datetime(2021, 4, 19, 9, 30)),
            "day must be a date (not a datetime)",
            id="datetime-refused",
        ),
        pytest.param(
            lambda: WorkingCalendar([(D("2024-12-31"), D("2024-12-23"))]),
            "closure 2024-12-31 to 2024-12-23 ends before it starts",
            id="closure-backwards",
        ),
        pytest.param(
            lambda: WorkingCalendar(["2024-12-25"]),  # type: ignore[list-item]
            "a closure is a date or a (start, end) pair of dates, got '2024-12-25'",
            id="closure-as-text",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(action: object, message: str) -> None:
    assert callable(action)
    with pytest.raises(InvalidInput) as caught:
        action()
    assert message in str(caught.value)
    assert isinstance(caught.value, GovflowError)


# -- docs and speed -----------------------------------------------------------------------------


def test_module_docstring_examples_run() -> None:
    assert doctest.testmod(govflow.calendar).failed == 0


def test_adding_15_working_days_takes_microseconds() -> None:
    start = D("2021-04-19")
    CAL.add_working_days(start, 15, True)
    per_call = timeit.timeit(lambda: CAL.add_working_days(start, 15, True), number=2000) / 2000
    assert per_call < 50e-6


# -- properties ---------------------------------------------------------------------------------

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))
counts = st.integers(min_value=1, max_value=800)
PROPERTY = settings(max_examples=150, derandomize=True, deadline=None)


@functools.cache
def _library() -> holidays.HolidayBase:
    """England's holidays 1990-2064, made on first use (not in every process that imports this)."""
    return holidays.country_holidays("GB", subdiv="ENG", years=range(1990, 2065))


def _plainly_working(day: date) -> bool:
    """The definition itself, day by day: the oracle for the bisecting implementation."""
    return day.weekday() < 5 and day not in _library()


@PROPERTY
@given(start=days, n=counts, first_day_counts=st.booleans())
def test_adding_n_then_counting_back_gives_n(start: date, n: int, first_day_counts: bool) -> None:
    end = CAL.add_working_days(start, n, first_day_counts)
    assert CAL.is_working_day(end)
    assert CAL.count_working_days(start, end, first_day_counts) == n


@PROPERTY
@given(start=days, end=days, first_day_counts=st.booleans())
def test_counting_then_adding_returns_to_a_working_end(
    start: date, end: date, first_day_counts: bool
) -> None:
    start, end = min(start, end), max(start, end)
    n = CAL.count_working_days(start, end, first_day_counts)
    if CAL.is_working_day(end) and n >= 1:
        assert CAL.add_working_days(start, n, first_day_counts) == end


@PROPERTY
@given(a=days, b=days)
def test_working_days_between_is_antisymmetric(a: date, b: date) -> None:
    assert CAL.working_days_between(a, b) == -CAL.working_days_between(b, a)


@PROPERTY
@given(end=days, n=st.integers(min_value=0, max_value=800))
def test_subtracting_n_is_n_working_days_before(end: date, n: int) -> None:
    earlier = CAL.subtract_working_days(end, n)
    assert CAL.is_working_day(earlier)
    assert CAL.working_days_between(earlier, end) == n


@PROPERTY
@given(start=days, span=st.integers(min_value=0, max_value=60), first_day_counts=st.booleans())
def test_counting_agrees_with_checking_day_by_day(
    start: date, span: int, first_day_counts: bool
) -> None:
    window = [start + timedelta(days=i) for i in range(0 if first_day_counts else 1, span + 1)]
    expected = sum(_plainly_working(day) for day in window)
    assert CAL.count_working_days(start, start + timedelta(days=span), first_day_counts) == expected
    assert all(CAL.is_working_day(day) is _plainly_working(day) for day in window)
