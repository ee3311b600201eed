"""Append-only events, tamper detection, optimistic locking and one transaction per operation."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text

import govflow
from govflow.errors import GovflowError, IntegrityError, StaleProposal, TransitionNotAllowed
from govflow.service import Govflow
from govflow.store import tables
from tests.histories import drop_event_triggers


@pytest.fixture
def converted(gf: Govflow) -> Govflow:
    """A database holding MP960: raised as DP960, submitted and converted."""
    gf.raise_proposal("DP960", title="Firmware retry limits", on="2021-03-01")
    gf.advance("DP960", "submit", on="2021-03-02")
    gf.advance("DP960", "convert", on="2021-03-23", note="agreed by the CSC")
    return gf


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE event SET note = 'rewritten' WHERE seq = 2",
        "DELETE FROM event WHERE seq = 3",
    ],
    ids=["update", "delete"],
)
def test_the_database_refuses_to_change_events(converted: Govflow, statement: str) -> None:
    with pytest.raises(Exception, match="append-only"), converted.engine.begin() as conn:
        conn.execute(text(statement))
    assert len(converted.history("MP960")) == 4


def test_postgresql_refuses_truncate_of_events(converted: Govflow) -> None:
    if converted.engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE exists only on PostgreSQL")
    with pytest.raises(Exception, match="append-only"), converted.engine.begin() as conn:
        conn.execute(text("TRUNCATE event CASCADE"))


def test_an_intact_history_verifies(converted: Govflow) -> None:
    assert converted.verify() == []


def test_verify_names_the_first_altered_event(converted: Govflow) -> None:
    drop_event_triggers(converted)
    with converted.engine.begin() as conn:
        conn.execute(text("UPDATE event SET note = 'nothing to see' WHERE seq = 2"))
    (broken,) = converted.verify()
    assert (broken.proposal, broken.seq) == ("MP960", 2)
    assert "altered" in broken.reason


def test_verify_catches_a_deleted_middle_event(converted: Govflow) -> None:
    drop_event_triggers(converted)
    with converted.engine.begin() as conn:
        conn.execute(text("DELETE FROM event WHERE seq = 2"))
    (broken,) = converted.verify()
    assert broken.seq == 2
    assert "missing" in broken.reason


def test_verify_catches_a_deleted_last_event(converted: Govflow) -> None:
    drop_event_triggers(converted)
    with converted.engine.begin() as conn:
        conn.execute(text("DELETE FROM event WHERE seq = 4"))
    (broken,) = converted.verify()
    assert broken.seq == 4
    assert "missing" in broken.reason


def test_verify_catches_a_changed_meeting_link(converted: Govflow) -> None:
    converted.add_meeting("CSC_38", on="2021-05-25")
    converted.add_meeting("CSC_39", on="2021-06-22")
    converted.link("MP960", meeting="CSC_38")
    drop_event_triggers(converted)
    with converted.engine.begin() as conn:
        other = conn.execute(text("SELECT id FROM meeting WHERE number = 39")).scalar()
        conn.execute(text("UPDATE event SET meeting_id = :m WHERE seq = 5"), {"m": other})
    (broken,) = converted.verify()
    assert broken.seq == 5


@pytest.mark.parametrize(
    ("column", "value", "said"),
    [("stage", "'report'", "stage 'report'"), ("path", "2", "path '2'"),
     ("milestones", "'[\"mrc_closed\"]'", "milestones ['mrc_closed']"),
     ("proposer", "'Someone else'", "proposer 'Someone else'")],
    ids=["stage", "path", "milestones", "proposer"],
)  # fmt: skip
def test_verify_recomputes_the_proposal_row_from_its_events(
    converted: Govflow, column: str, value: str, said: str
) -> None:
    with converted.engine.begin() as conn:
        conn.execute(text(f"UPDATE proposal SET {column} = {value}"))
    (broken,) = converted.verify()
    assert broken.proposal == "MP960"
    assert f"the proposal row says {said}" in broken.reason


def test_a_stale_version_is_refused_with_the_current_stage(converted: Govflow) -> None:
    seen = converted.proposal("MP960")
    converted.set_route("MP960", path=3, on="2021-04-01")
    with pytest.raises(StaleProposal, match="initial_consideration") as caught:
        converted.advance(
            "MP960", "start_refinement", on="2021-04-02", expected_version=seen.version
        )
    assert "changed by someone else" in str(caught.value)
    assert [e.kind for e in converted.history("MP960")][-1] == "route"


def _race(db_url: str, action: Callable[[Govflow], Any], workers: int = 2) -> list[Any]:
    """Run ``action`` at once on separate connections; return results or exceptions."""
    barrier = threading.Barrier(workers)
    results: list[Any] = [None] * workers

    def work(index: int) -> None:
        service = govflow.open_db(db_url)
        try:
            barrier.wait()
            results[index] = action(service)
        except GovflowError as exc:
            results[index] = exc
        finally:
            service.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_users_advancing_at_once_one_wins(db_url: str, converted: Govflow) -> None:
    converted.set_route("MP960", path=3, on="2021-04-01")
    results = _race(db_url, lambda s: s.advance("MP960", "start_refinement", on="2021-04-16"))
    errors = [r for r in results if isinstance(r, GovflowError)]
    assert len(errors) == 1, results
    assert isinstance(errors[0], StaleProposal | TransitionNotAllowed)
    assert "refinement" in str(errors[0])
    moves = [e for e in converted.history("MP960") if e.trigger == "start_refinement"]
    assert len(moves) == 1
    assert converted.verify() == []


def test_history_never_shows_two_transitions_out_of_one_stage(
    db_url: str, converted: Govflow
) -> None:
    converted.set_route("MP960", path=3, on="2021-04-01")
    _race(
        db_url,
        lambda s: s.advance("MP960", to="withdrawn", on="2021-04-16"),
        workers=3,
    )
    froms = [e.from_stage for e in converted.history("MP960") if e.kind == "transition"]
    assert len(froms) == len(set(froms))


def test_a_failure_after_the_events_are_written_leaves_nothing(
    converted: Govflow, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tables.commit_events

    def then_fail(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        raise IntegrityError("the disk fell off")

    monkeypatch.setattr(tables, "commit_events", then_fail)
    with pytest.raises(IntegrityError):
        converted.record("MP960", "presented", on="2021-04-01")
    monkeypatch.undo()
    assert len(converted.history("MP960")) == 4
    assert "presented" not in converted.proposal("MP960").milestones
    assert converted.proposal("MP960").version == 4
    assert converted.verify() == []


def test_dates_read_back_identically(converted: Govflow) -> None:
    first, *_ = converted.history("MP960")
    assert first.occurred_on.isoformat() == "2021-03-01"
    assert first.recorded_at.tzinfo is not None
    assert first.recorded_at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
    again = converted.history("MP960")[0]
    assert again.recorded_at == first.recorded_at
