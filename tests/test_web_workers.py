"""Several workers over one database: one winner per stage move, and one migration of an empty
database that several processes open at once. DP960 is an invented proposal."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

import govflow
from govflow.web.app import WebConfig, create_app
from tests.conftest import PG_URL, Api


@pytest.fixture
def second_worker(api: Api, db_url: str) -> Iterator[TestClient]:
    """Another worker's application over the same database (its own engine and connections)."""
    with TestClient(create_app(WebConfig(database=db_url))) as client:
        yield client


def _waiting_update(api: Api) -> bool:
    """Whether some session waits for a lock while updating a proposal (PostgreSQL)."""
    sql = ("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
           "WHERE NOT l.granted AND a.query ILIKE 'UPDATE proposal%'")  # fmt: skip
    with api.gf.engine.connect() as conn:
        return bool(conn.execute(text(sql)).scalar())


@pytest.mark.parametrize("named_version", [True, False], ids=["expected_version", "none"])
def test_two_workers_moving_one_proposal_from_one_stage_keep_one_winner(
    api: Api, second_worker: TestClient, named_version: bool
) -> None:
    api.gf.raise_proposal("DP960", title="Firmware retry limits", on="2021-03-01")
    loaded = api.gf.proposal("DP960").version
    body: dict[str, object] = {"trigger": "submit"}
    if named_version:
        body["expected_version"] = loaded
    answers: list[httpx.Response] = []

    def other() -> None:
        answers.append(second_worker.post("/api/proposals/DP960/advance", json=body,
                                          headers=api.auth("secretariat")))  # fmt: skip

    with api.gf.transaction():  # the first worker's move, not yet committed
        api.gf.advance("DP960", "submit", actor="first")
        thread = threading.Thread(target=other)
        thread.start()
        deadline = time.monotonic() + 10
        while PG_URL and not _waiting_update(api) and time.monotonic() < deadline:
            time.sleep(0.02)  # PostgreSQL: until the other's versioned UPDATE waits on the row
        if not PG_URL:
            time.sleep(0.3)  # SQLite: the other waits for the write lock (BEGIN IMMEDIATE)
    thread.join(20)
    (answer,) = answers
    assert answer.status_code == 409, answer.text
    # PostgreSQL: the other read the row before the first committed, and its versioned UPDATE
    # found the version gone. SQLite serialises writers: the other read the row after, and
    # either its named version had gone or the rules no longer allow 'submit'.
    stale = bool(PG_URL) or named_version
    assert answer.json()["error"] == ("StaleProposal" if stale else "TransitionNotAllowed")
    if stale:
        now = api.gf.proposal("DP960").version
        current = {"reference": "DP960", "stage": "development", "version": now}
        assert answer.json()["current"] == current
    moves = [(e.kind, e.actor) for e in api.gf.history("DP960")]
    assert moves == [("raised", None), ("transition", "first")]


def _open(url: str, answers: multiprocessing.Queue[str]) -> None:
    try:
        govflow.open_db(url).close()
        answers.put("ok")
    except Exception as exc:  # reported to the test, which shows it
        answers.put(f"{type(exc).__name__}: {exc}")


def test_three_processes_opening_an_empty_database_at_once_migrate_it_once(
    empty_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A spawned process imports this module by name: the project's root must be on its path
    # (a spawned child starts from the parent's sys.path), also when govflow is installed.
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent))
    context = multiprocessing.get_context("spawn")
    answers: multiprocessing.Queue[str] = context.Queue()
    processes = [context.Process(target=_open, args=(empty_db_url, answers)) for _ in range(3)]
    for p in processes:
        p.start()
    results = [answers.get(timeout=120) for _ in processes]
    for p in processes:
        p.join(30)
    assert results == ["ok"] * 3
    with govflow.open_db(empty_db_url) as gf:
        codes = [c.code for c in gf.committees()]
        assert len(codes) == len(set(codes)) > 0
        with gf.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
