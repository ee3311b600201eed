"""The database-wide log and signed checkpoints: tampering caught, even after a rehash."""

from __future__ import annotations

import hashlib
import json
import stat
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

import govflow
from govflow.audit.checkpoints import new_signing_key
from govflow.errors import AlreadyExists
from govflow.service import Govflow
from govflow.store import database, reads, tables
from govflow.store.hashing import GENESIS, event_hash, hash_record, log_hash


@pytest.fixture
def two(gf: Govflow) -> Govflow:
    """MP966 (raised, submitted, converted) and DP961 (raised, submitted), interleaved."""
    gf.raise_proposal("DP966", title="Firmware retry limits", on="2021-03-01")
    gf.raise_proposal("DP961", title="Meter clocks", on="2021-03-01")
    gf.advance("DP966", "submit", on="2021-03-02")
    gf.advance("DP961", "submit", on="2021-03-02")
    gf.advance("DP966", "convert", on="2021-03-23", note="agreed by the CSC")
    return gf


@pytest.fixture
def key(tmp_path: Path) -> Path:
    return new_signing_key(tmp_path / "signing.key").key_file


def _public(key: Path) -> str:
    return Path(f"{key}.pub").read_text(encoding="ascii")


def _drop_triggers(gf: Govflow) -> None:
    """What someone with write access to the database can do."""
    with gf.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("DROP TRIGGER event_no_update_delete ON event"))
            conn.execute(text("DROP TRIGGER ledger_no_update_delete ON ledger"))
        else:
            for name in ("event_no_update", "event_no_delete", "ledger_no_update",
                         "ledger_no_delete"):  # fmt: skip
                conn.execute(text(f"DROP TRIGGER {name}"))


def _log(gf: Govflow) -> list[tuple[Any, ...]]:
    with gf.engine.connect() as conn:
        rows = conn.execute(text("SELECT position, proposal, seq FROM ledger ORDER BY position"))
        return [tuple(r) for r in rows]


def test_the_log_holds_every_event_in_recording_order(two: Govflow) -> None:
    assert _log(two) == [(1, "SEC:966", 1), (2, "SEC:961", 1), (3, "SEC:966", 2),
                         (4, "SEC:961", 2), (5, "SEC:966", 3), (6, "SEC:966", 4)]  # fmt: skip
    assert two.verify() == []


def test_the_log_hash_is_the_canonical_json_of_its_entry() -> None:
    entry = {"position": 7, "proposal": "SEC:122A", "seq": 3, "event_hash": "ab" * 32,
             "prev_hash": GENESIS}  # fmt: skip
    canonical = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert log_hash(**entry) == hashlib.sha256(canonical.encode()).hexdigest()


@pytest.mark.parametrize(
    "statement",
    ["UPDATE ledger SET seq = 9 WHERE position = 2", "DELETE FROM ledger WHERE position = 6"],
    ids=["update", "delete"],
)
def test_the_database_refuses_to_change_the_log(two: Govflow, statement: str) -> None:
    with pytest.raises(Exception, match="append-only"), two.engine.begin() as conn:
        conn.execute(text(statement))


def test_postgresql_refuses_truncate_of_the_log(two: Govflow) -> None:
    if two.engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE exists only on PostgreSQL")
    with pytest.raises(Exception, match="append-only"), two.engine.begin() as conn:
        conn.execute(text("TRUNCATE ledger"))


def test_a_deleted_last_event_with_its_head_rewound_is_caught(two: Govflow) -> None:
    with two.engine.connect() as conn:
        t = tables.proposal_t
        before = conn.execute(t.select().where(t.c.number == 966)).mappings().one()
    two.record("MP966", "presented", on="2021-04-01")
    _drop_triggers(two)
    with two.engine.begin() as conn:  # the event gone, the row exactly as before it
        conn.execute(text("DELETE FROM event WHERE seq = 5"))
        conn.execute(t.update().where(t.c.id == before["id"]).values(**before))
    (broken,) = two.verify()
    assert (broken.proposal, broken.seq) == ("MP966", 5)
    assert "in the log (log position 7) but not in the database" in broken.reason


def test_a_proposal_deleted_with_its_events_is_caught(two: Govflow) -> None:
    _drop_triggers(two)
    with two.engine.begin() as conn:
        conn.execute(text("DELETE FROM event WHERE proposal_id = "
                          "(SELECT id FROM proposal WHERE number = 961)"))  # fmt: skip
        for table in ("proposal_alias", "deadline"):
            conn.execute(text(f"DELETE FROM {table} WHERE proposal_id = "
                              "(SELECT id FROM proposal WHERE number = 961)"))  # fmt: skip
        conn.execute(text("DELETE FROM proposal WHERE number = 961"))
    (broken,) = two.verify()
    assert broken.proposal == "SEC:961"
    assert "no such proposal: deleted with its events" in broken.reason


def test_a_truncated_log_is_caught(two: Govflow) -> None:
    _drop_triggers(two)
    with two.engine.begin() as conn:
        conn.execute(text("DELETE FROM ledger WHERE position >= 5"))
    (broken,) = two.verify()
    assert (broken.proposal, broken.seq) == ("MP966", 3)
    assert "not in the log: the log was cut short" in broken.reason


def _rewrite_and_rehash(gf: Govflow, number: int, note: str) -> None:
    """Change a proposal's events, recompute its chain and its head, and rebuild the whole log
    from the rewritten events: nothing a database-only check can see."""
    _drop_triggers(gf)
    with gf.engine.begin() as conn:
        rows = conn.execute(tables.events_with_places().order_by(tables.event_t.c.id)).all()
        previous: dict[int, str] = {}
        log_rows = []
        for row in rows:
            view = reads.event_of(row)
            key = "SEC:" + str(conn.execute(text("SELECT number FROM proposal WHERE id = :i"),
                                            {"i": row.proposal_id}).scalar())  # fmt: skip
            record = hash_record(view, key)
            if key == f"SEC:{number}":
                record["note"] = note if view.seq == 2 else view.note
                record["prev_hash"] = previous.get(row.proposal_id, GENESIS)
                record["hash"] = event_hash(record)
                conn.execute(text("UPDATE event SET note = :n, prev_hash = :p, hash = :h "
                                  "WHERE id = :i"), {"n": record["note"], "p": record["prev_hash"],
                                                     "h": record["hash"], "i": row.id})  # fmt: skip
                conn.execute(text("UPDATE proposal SET head_hash = :h WHERE id = :i"),
                             {"h": record["hash"], "i": row.proposal_id})  # fmt: skip
            previous[row.proposal_id] = record["hash"]
            log_rows.append((key, view.seq, record["hash"]))
        conn.execute(text("DELETE FROM ledger"))
        prev = GENESIS
        for position, (key, seq, digest) in enumerate(log_rows, start=1):
            entry = log_hash(position, key, seq, digest, prev)
            conn.execute(
                text("INSERT INTO ledger VALUES (:a, :b, :c, :d, :e, :f)"),
                {"a": position, "b": key, "c": seq, "d": digest, "e": prev, "f": entry},
            )
            prev = entry


def test_a_proposal_rewritten_and_rehashed_is_caught_against_an_earlier_checkpoint(
    two: Govflow, key: Path
) -> None:
    statement = two.checkpoint(key)
    two.record("MP966", "presented", on="2021-04-01")  # the log grows after the checkpoint
    assert two.verify_checkpoint(statement, _public(key)) == []
    _rewrite_and_rehash(two, 966, "nothing to see")
    assert two.verify() == []  # every chain and the log recomputed: no check inside can tell
    (broken,) = two.verify_checkpoint(statement, _public(key))
    assert (broken.proposal, broken.seq) == ("the checkpoint", 6)
    assert "rewritten" in broken.reason


def test_a_log_cut_below_a_checkpoint_is_caught(two: Govflow, key: Path) -> None:
    statement = two.checkpoint(key)
    _drop_triggers(two)
    with two.engine.begin() as conn:  # the last event, its log entry and its head all gone
        conn.execute(text("DELETE FROM ledger WHERE position = 6"))
        conn.execute(text("DELETE FROM event WHERE seq = 4"))
    (broken,) = two.verify_checkpoint(statement, _public(key))
    assert "cut short" in broken.reason


def test_a_checkpoint_altered_or_signed_by_another_key_is_refused(
    two: Govflow, key: Path, tmp_path: Path
) -> None:
    statement = json.loads(two.checkpoint(key))
    altered = json.dumps({**statement, "length": 3})
    assert "does not verify" in two.verify_checkpoint(altered, _public(key))[0].reason
    other = new_signing_key(tmp_path / "other.key")
    assert "another key" in two.verify_checkpoint(json.dumps(statement), other.public_key)[0].reason


def test_the_latest_checkpoint_is_kept(two: Govflow, key: Path) -> None:
    assert two.latest_checkpoint() is None
    two.checkpoint(key)
    two.record("MP966", "presented", on="2021-04-01")
    latest = two.checkpoint(key)
    assert two.latest_checkpoint() == latest
    assert json.loads(latest)["length"] == 7


def test_a_new_key_is_private_to_its_owner_and_never_overwritten(tmp_path: Path) -> None:
    pair = new_signing_key(tmp_path / "k")
    assert stat.S_IMODE(pair.key_file.stat().st_mode) == 0o600
    assert pair.public_key.startswith("-----BEGIN PUBLIC KEY-----")
    with pytest.raises(AlreadyExists, match="never overwritten"):
        new_signing_key(tmp_path / "k")


def test_the_migration_builds_the_log_of_existing_events_in_recording_order(
    two: Govflow,
) -> None:
    before = _log(two)
    with two.engine.begin() as conn:
        hashes = list(conn.execute(text("SELECT hash FROM ledger ORDER BY position")).scalars())
    database.downgrade(two.engine, "0006")
    database.upgrade(two.engine)
    assert _log(two) == before
    with two.engine.begin() as conn:
        again = list(conn.execute(text("SELECT hash FROM ledger ORDER BY position")).scalars())
    assert again == hashes
    assert two.verify() == []


def test_writers_appending_at_once_never_fork_the_log(db_url: str, gf: Govflow) -> None:
    for number in range(1, 9):
        gf.raise_proposal(f"DP{number}", title=f"Proposal {number}", on="2021-03-01")
    barrier = threading.Barrier(4)

    def work(first: int) -> None:
        with govflow.open_db(db_url) as mine:
            barrier.wait()
            for number in (first, first + 4):
                mine.advance(f"DP{number}", "submit", on="2021-03-02")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(1, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [position for position, _, _ in _log(gf)] == list(range(1, 17))
    assert gf.verify() == []


def test_an_altered_log_entry_is_named_by_its_position(two: Govflow) -> None:
    _drop_triggers(two)
    with two.engine.begin() as conn:
        conn.execute(text("UPDATE ledger SET seq = 9 WHERE position = 4"))
    broken = two.verify()
    assert (broken[0].proposal, broken[0].seq) == ("the log", 4)
    assert "altered" in broken[0].reason
