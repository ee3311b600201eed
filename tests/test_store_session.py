"""The store's transactions: one connection kept between writes, and given back when it is not
fit to keep or the service closes. Proposals here are invented."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text

import govflow
from govflow.errors import IntegrityError, InvalidInput
from govflow.service import Govflow
from govflow.store.session import Store, once


@pytest.fixture
def engine(gf: Govflow, db_url: str) -> Iterator[Engine]:
    """A second engine over the test database (its schema made by ``gf``)."""
    made = create_engine(db_url)
    yield made
    made.dispose()


def test_writes_in_a_row_share_one_connection_and_release_returns_it(engine: Engine) -> None:
    store = Store(engine)
    with store.write() as first:
        pass
    with store.write() as second:
        assert second is first
        assert engine.pool.checkedout() == 1  # type: ignore[attr-defined]
    store.release()
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_a_failed_write_is_undone_and_its_connection_not_kept(engine: Engine) -> None:
    store = Store(engine)
    with store.write() as kept:
        pass
    with pytest.raises(InvalidInput), store.write() as conn:
        conn.execute(text("INSERT INTO committee (code, name) VALUES ('ZZQ', 'Invented')"))
        raise InvalidInput("refused after a statement")
    with store.write() as after:
        assert after is not kept
        found = after.execute(text("SELECT count(*) FROM committee WHERE code = 'ZZQ'"))
        assert found.scalar() == 0
    with pytest.raises(IntegrityError), store.write() as conn:
        conn.execute(text("INSERT INTO no_such_table VALUES (1)"))
    with store.write() as conn:  # the next write works on a sound connection
        conn.execute(text("INSERT INTO committee (code, name) VALUES ('ZZQ', 'Invented')"))
    store.release()
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_a_service_over_a_callers_engine_gives_its_connection_back_on_close(
    engine: Engine,
) -> None:
    service = govflow.open_db(engine=engine)
    service.raise_proposal("DP960", title="Invented", on="2021-03-01")
    service.advance("DP960", "submit", on="2021-03-02")
    service.close()
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    with engine.connect() as conn:  # the engine stays open for its owner
        assert conn.execute(text("SELECT count(*) FROM event")).scalar() == 2


def test_what_a_read_kept_once_is_read_again_by_the_next_read(engine: Engine) -> None:
    """A read keeps its connection for the next read, and ``once`` keeps what a snapshot read:
    the next read is another snapshot and reads again (kept beyond it, it would be stale)."""
    store = Store(engine)
    with store.read() as first:
        assert once(first, "answer", lambda: "first") == "first"
        assert once(first, "answer", lambda: "second") == "first"  # one snapshot: read once
    with store.read() as again:
        assert again is first  # the connection was kept
        assert once(again, "answer", lambda: "second") == "second"
    store.release()


def test_a_page_read_again_sees_what_another_process_wrote(gf: Govflow, db_url: str) -> None:
    """The web's reads (proposal, history, deadlines, each in a snapshot) on one service see a
    move another service over the same database made between them. Fictional MP961."""
    other = govflow.open_db(db_url)
    try:
        gf.raise_proposal("MP961", title="Invented", on="2021-03-01", path=3)
        with gf.snapshot():
            before = (gf.proposal("MP961").stage, len(gf.history("MP961")))
        other.advance("MP961", "start_refinement", on="2021-03-02")
        with gf.snapshot():
            after = (gf.proposal("MP961").stage, len(gf.history("MP961")))
    finally:
        other.close()
    assert before[1] + 1 == after[1]
    assert after[0] != before[0]
