"""Calendar closures: bounded to the calendar's range, listed, removed by a recorded act (never
deleted), and never able to make a working-day count, a deadline or ``verify`` fail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, text
from typer.testing import Result

from govflow.calendar import MAX_CLOSURE_DAYS, WorkingCalendar, closure_bounds
from govflow.errors import AlreadyExists, InvalidInput, NotFound
from govflow.service import Govflow
from govflow.store.tables import closure_t

Invoke = Callable[..., Result]
D = dt.date.fromisoformat
FIRST, LAST = closure_bounds()


@pytest.fixture
def refining(gf: Govflow) -> Govflow:
    """MP947 (fictional), in Refinement since 18 June 2021."""
    gf.raise_proposal("MP947", title="Hub returns", on="2021-05-24", path=3)
    gf.advance("MP947", "start_refinement", on="2021-06-18")
    return gf


def _stored(gf: Govflow, start: str, end: str, note: str = "legacy") -> None:
    """A closure written as an older govflow (or a direct INSERT) could: no rule checked."""
    with gf.engine.begin() as conn:
        conn.execute(insert(closure_t).values(start=D(start), end=D(end), note=note))


class TestBounds:
    def test_the_range_is_the_dates_govflow_keeps_within_the_library_years(self) -> None:
        assert (dt.date(1900, 1, 1), dt.date(2099, 12, 31)) == (FIRST, LAST)

    @pytest.mark.parametrize(
        ("start", "end", "message"),
        [
            ("2021-01-01", "9999-12-31", "outside the dates govflow keeps"),
            ("2099-12-31", "2100-01-02", "outside the dates govflow keeps"),
            ("1899-12-30", "1900-01-02", "outside the dates govflow keeps"),
            ("2021-01-01", "2022-01-02", "more than 366"),
        ],
        ids=["to-9999", "into-2100", "from-1899", "over-a-year"],
    )
    def test_a_closure_outside_the_rules_is_refused(
        self, gf: Govflow, start: str, end: str, message: str
    ) -> None:
        with pytest.raises(InvalidInput, match=message):
            gf.add_closure(start, end)
        with pytest.raises(InvalidInput):  # a calendar refuses it too, in its own words
            WorkingCalendar([(D(start), D(end))])
        assert gf.closures(removed=True) == []

    def test_the_edges_are_accepted(self, gf: Govflow) -> None:
        gf.add_closure(LAST - dt.timedelta(days=MAX_CLOSURE_DAYS - 1), LAST)
        gf.add_closure(FIRST)
        assert [c.in_force for c in gf.closures()] == [True, True]

    def test_the_cli_refuses_the_closure_of_the_report(self, cli: Invoke) -> None:
        result = cli("calendar", "close", "2021-01-01", "--until", "9999-12-31")
        assert result.exit_code == 1
        assert "1900-01-01 to 2099-12-31" in result.stderr
        assert cli("verify").exit_code == 0


class TestNeverFails:
    def test_a_stored_closure_to_9999_is_not_applied_and_verify_passes(
        self, refining: Govflow, cli: Invoke
    ) -> None:
        _stored(refining, "2021-01-01", "9999-12-31")
        refining.record("MP947", "refinement_consultation_opened", on="2021-06-21")
        (deadline,) = refining.deadlines("MP947")
        assert deadline.due_on == D("2021-07-09")  # as if the closure were not there
        assert refining.verify() == []
        assert refining.calendar().closures == ()
        [closure] = refining.closures()
        assert not closure.in_force and "outside the days" in (closure.problem or "")
        for command in (("verify",), ("due", "--on", "2021-07-01"), ("calendar", "show")):
            result = cli(*command)
            assert result.exit_code == 0, result.output
        shown = cli("calendar", "closures")
        assert "closure 1 is not applied" in shown.stderr and "calendar reopen 1" in shown.stderr

    def test_the_api_verify_passes_too(self, api: object) -> None:
        gf: Govflow = api.gf  # type: ignore[attr-defined]
        gf.raise_proposal("MP947", title="Hub returns", on="2021-05-24", path=3)
        _stored(gf, "2021-01-01", "9999-12-31")
        response = api.get("/api/verify", role="admin")  # type: ignore[attr-defined]
        assert response.status_code == 200, response.text

    def test_every_day_closed_still_leaves_windows_computable(self) -> None:
        step = dt.timedelta(days=MAX_CLOSURE_DAYS)
        starts = [FIRST + step * i for i in range((LAST - FIRST).days // MAX_CLOSURE_DAYS + 1)]
        tiles = [(s, min(s + step - dt.timedelta(days=1), LAST)) for s in starts]
        cal = WorkingCalendar(tiles)
        assert cal.add_working_days(D("2021-03-01"), 250, True).year == 2100
        assert cal.subtract_working_days(D("2050-01-03"), 240).year == 1899
        assert cal.working_days_between(D("2021-03-01"), D("2099-12-31")) == 0

    @settings(max_examples=60, deadline=None, derandomize=True)
    @given(
        st.lists(
            st.tuples(st.dates(FIRST, LAST), st.integers(0, MAX_CLOSURE_DAYS - 1)), max_size=8
        ),
        st.dates(FIRST, LAST),
        st.integers(1, 250),
    )
    def test_any_closures_within_the_rules_leave_every_window_computable(
        self, spans: list[tuple[dt.date, int]], start: dt.date, n: int
    ) -> None:
        closures = [(s, min(s + dt.timedelta(days=k), LAST)) for s, k in spans]
        cal = WorkingCalendar(closures)
        end = cal.add_working_days(start, n, first_day_counts=True)
        assert cal.is_working_day(end)
        assert cal.is_working_day(cal.subtract_working_days(start, n))


class TestRemoval:
    def test_a_removal_is_recorded_and_the_closure_stays_on_record(self, gf: Govflow) -> None:
        made = gf.add_closure("2021-12-24", "2021-12-31", note="Christmas")
        assert made.in_force and made.recorded_at is not None
        assert not gf.calendar().is_working_day(D("2021-12-29"))
        removed = gf.remove_closure(made.id, note="the office stays open")
        assert (removed.in_force, removed.removal_note) == (False, "the office stays open")
        assert removed.removed_at is not None and removed.removed_at >= made.recorded_at
        assert gf.calendar().is_working_day(D("2021-12-29"))
        assert gf.closures() == []
        assert gf.closures(removed=True) == [removed]

    def test_the_calendar_follows_a_closure_in_its_transaction_and_the_next_snapshot(
        self, gf: Govflow
    ) -> None:
        day = D("2021-12-29")
        with gf.snapshot():  # a read snapshot builds its calendar once
            assert gf.calendar() is gf.calendar()
            assert gf.calendar().is_working_day(day)
        with gf.transaction():  # a write's calendar is read again: it may add a closure
            assert gf.calendar().is_working_day(day)
            gf.add_closure("2021-12-24", "2021-12-31", note="Christmas")
            assert not gf.calendar().is_working_day(day)
        with gf.snapshot():
            assert not gf.calendar().is_working_day(day)

    def test_a_removal_moves_new_deadlines_but_not_open_ones(self, refining: Govflow) -> None:
        made = refining.add_closure("2021-06-28", "2021-07-02", note="office move")
        refining.record("MP947", "preliminary_assessment_requested", on="2021-06-21")
        refining.remove_closure(made.id)
        refining.record("MP947", "refinement_consultation_opened", on="2021-06-21")
        due = {d.what: d.due_on for d in refining.deadlines("MP947")}
        # 10 working days skipping the closed week | 15 counting it again (16 July with it)
        assert due["DCC Preliminary Assessment requested"] == D("2021-07-09")
        assert due["Refinement Consultation opened"] == D("2021-07-09")

    def test_twice_or_unknown_is_refused(self, gf: Govflow) -> None:
        made = gf.add_closure("2021-12-24")
        gf.remove_closure(made.id)
        with pytest.raises(AlreadyExists, match="removed already"):
            gf.remove_closure(made.id)
        for missing in (made.id + 1, 0, -1):
            with pytest.raises(NotFound, match=f"no closure {missing}"):
                gf.remove_closure(missing)
        with pytest.raises(InvalidInput, match="out of range"):  # no row could hold it
            gf.remove_closure(2**63)

    @pytest.mark.parametrize(
        "statement",
        ["UPDATE closure SET \"end\" = '9999-12-31'", "DELETE FROM closure",
         "UPDATE closure_removal SET note = 'x'", "DELETE FROM closure_removal"],
        ids=["update-closure", "delete-closure", "update-removal", "delete-removal"],
    )  # fmt: skip
    def test_the_database_refuses_to_change_or_delete_either(
        self, gf: Govflow, statement: str
    ) -> None:
        gf.remove_closure(gf.add_closure("2021-12-24").id)
        with pytest.raises(Exception, match="append-only"), gf.engine.begin() as conn:
            conn.execute(text(statement))
        assert len(gf.closures(removed=True)) == 1

    def test_the_cli_lists_removes_and_lists_again(self, gf: Govflow, cli: Invoke) -> None:
        closed = cli("calendar", "close", "2024-12-23", "--until", "2025-01-03", "--note", "Xmas")
        assert closed.exit_code == 0, closed.output
        assert "(closure 1)" in closed.stdout
        listed = cli("calendar", "closures")
        assert listed.stdout.splitlines()[1].split("\t")[:4] == ["1", "2024-12-23", "2025-01-03",
                                                                 "Xmas"]  # fmt: skip
        assert "in force" in listed.stdout
        reopened = cli("calendar", "reopen", "1", "--note", "open after all", "--json")
        assert reopened.exit_code == 0, reopened.output
        assert '"in_force": false' in reopened.stdout
        assert cli("calendar", "closures").stdout.count("\n") == 1  # the header only
        everything = cli("calendar", "closures", "--all")
        assert "removed" in everything.stdout and "open after all" in everything.stdout
        again = cli("calendar", "reopen", "1")
        assert again.exit_code == 1 and "removed already" in again.stderr


def test_closures_made_before_0016_stay_in_force_and_can_be_removed(empty_db_url: str) -> None:
    import govflow
    from govflow.store import database

    engine = database.make_engine(empty_db_url)
    database.ensure_schema(engine)
    database.downgrade(engine, "0015")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO closure (start, \"end\", note) VALUES "
                          "('2021-12-24', '2021-12-31', 'Christmas')"))  # fmt: skip
    database.upgrade(engine)
    engine.dispose()
    with govflow.open_db(empty_db_url) as gf:
        [kept] = gf.closures()
        assert (kept.start, kept.in_force, kept.recorded_at) == (D("2021-12-24"), True, None)
        assert gf.remove_closure(kept.id).removed_at is not None
