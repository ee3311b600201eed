"""``govflow checkpoint``, ``checkpoint keygen`` and ``verify`` against checkpoints, on the
database and on an audit export."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import Result

import govflow
from govflow.audit.checkpoints import new_signing_key
from govflow.store.hashing import GENESIS, event_hash, log_hash

Invoke = Callable[..., Result]


@pytest.fixture
def signed(cli: Invoke, db_url: str, tmp_path: Path) -> tuple[Path, Path]:
    """A database with two proposals, a key, and a checkpoint of the log written to cp.json."""
    with govflow.open_db(db_url) as gf:
        gf.raise_proposal("DP960", title="Firmware retry limits", on="2021-03-01")
        gf.raise_proposal("DP961", title="Meter clocks", on="2021-03-01")
        gf.advance("DP960", "submit", on="2021-03-02")
    key = tmp_path / "signing.key"
    result = cli("checkpoint", "keygen", "--key", str(key))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("-----BEGIN PUBLIC KEY-----")
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    result = cli("checkpoint", "--key", str(key), "--output", str(tmp_path / "cp.json"))
    assert result.exit_code == 0, result.output
    return key, tmp_path / "cp.json"


def test_a_checkpoint_states_the_log_s_length_and_root(signed: tuple[Path, Path]) -> None:
    statement = json.loads(signed[1].read_text(encoding="utf-8"))
    assert statement["length"] == 3
    assert len(statement["root"]) == len(statement["signature"]) // 2 == 64


def test_verify_against_a_checkpoint(cli: Invoke, signed: tuple[Path, Path]) -> None:
    key, checkpoint = signed
    result = cli("verify", "--checkpoint", str(checkpoint), "--public-key", f"{key}.pub")
    assert result.exit_code == 0, result.output
    assert "ok: 2 proposals verified" in result.stdout


def test_verify_names_a_log_cut_below_the_checkpoint(
    cli: Invoke, db_url: str, signed: tuple[Path, Path]
) -> None:
    key, checkpoint = signed
    with govflow.open_db(db_url) as gf, gf.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("DROP TRIGGER ledger_no_update_delete ON ledger"))
            conn.execute(text("DROP TRIGGER event_no_update_delete ON event"))
        else:
            conn.execute(text("DROP TRIGGER ledger_no_delete"))
            conn.execute(text("DROP TRIGGER event_no_delete"))
        conn.execute(text("DELETE FROM ledger WHERE position = 3"))
    result = cli("verify", "--checkpoint", str(checkpoint), "--public-key", f"{key}.pub", "--json")
    assert result.exit_code == 1, result.output
    reasons = [b["reason"] for b in json.loads(result.stdout)["breaks"]]
    assert any("cut short" in r for r in reasons), reasons


def test_checkpoint_and_public_key_go_together(cli: Invoke, signed: tuple[Path, Path]) -> None:
    result = cli("verify", "--checkpoint", str(signed[1]))
    assert result.exit_code == 2
    assert "go together" in result.stderr


def test_a_checkpoint_needs_a_key(cli: Invoke) -> None:
    result = cli("checkpoint")
    assert result.exit_code == 2
    assert "--key FILE" in result.stderr


def test_an_export_carries_the_checkpoint_and_verifies_against_it(
    cli: Invoke, db_url: str, signed: tuple[Path, Path], tmp_path: Path
) -> None:
    key, _ = signed
    with govflow.open_db(db_url) as gf:
        gf.advance("DP961", "submit", on="2021-03-02")  # after the checkpoint: not covered
    out = tmp_path / "audit.jsonl"
    assert cli("export", "audit", "--format", "jsonl", "--output", str(out)).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["checkpoint"]["length"] == 3
    assert sum('"log":' in line for line in lines) == 3
    result = cli("verify", "--file", str(out), "--public-key", f"{key}.pub")
    assert result.exit_code == 0, result.output
    with govflow.open_db(tmp_path / "copy.db") as copy:  # it imports: its log lines skipped
        assert copy.import_events(lines).events == 4
    out.write_text("\n".join(_rewritten(lines)) + "\n", encoding="utf-8")
    result = cli("verify", "--file", str(out), "--json")  # the chains agree; the log lines do not
    assert result.exit_code == 1, result.output
    (broken,) = json.loads(result.stdout)["breaks"]
    assert (broken["reference"], broken["seq"]) == ("SEC:960", 2)
    assert "not the event signed (log position 3): rewritten since" in broken["reason"]


def test_a_file_rewritten_to_its_checkpoint_fails_only_the_signature(
    cli: Invoke, signed: tuple[Path, Path], tmp_path: Path
) -> None:
    key, _ = signed
    out = tmp_path / "audit.jsonl"
    assert cli("export", "audit", "--format", "jsonl", "--output", str(out)).exit_code == 0
    lines = _rewritten(out.read_text(encoding="utf-8").splitlines(), relog=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cli("verify", "--file", str(out)).exit_code == 0  # without the key: nothing to see
    result = cli("verify", "--file", str(out), "--public-key", f"{key}.pub", "--json")
    assert result.exit_code == 1, result.output
    (broken,) = json.loads(result.stdout)["breaks"]
    assert broken["reason"] == "its signature does not verify"


def _rewritten(lines: list[str], relog: bool = False) -> list[str]:
    """A forger's edit of MP960's last event, rehashed with its chain line's head; with
    ``relog``, the log lines and the checkpoint's root recomputed too (the signature cannot be)."""
    values = [json.loads(line) for line in lines]
    for value in values:
        if value.get("proposal") == "SEC:960" and value.get("seq") == 2 and "log" not in value:
            value["note"] = "nothing to see"
            value["hash"] = new = event_hash(value)
    previous = GENESIS
    for value in values:
        if value.get("chain") and value["proposal"] == "SEC:960":
            value["head_hash"] = new
        if relog and "log" in value:
            if (value["proposal"], value["seq"]) == ("SEC:960", 2):
                value["event_hash"] = new
            value["prev_hash"] = previous
            value["hash"] = previous = log_hash(
                value["log"], value["proposal"], value["seq"], value["event_hash"], previous
            )
    if relog:
        values[0]["checkpoint"]["root"] = previous
    return [json.dumps(v, ensure_ascii=False) for v in values]


def test_a_file_without_a_checkpoint_is_named(cli: Invoke, db_url: str, tmp_path: Path) -> None:
    with govflow.open_db(db_url) as gf:
        gf.raise_proposal("DP960", title="Firmware retry limits", on="2021-03-01")
    pair = new_signing_key(tmp_path / "k")
    out = tmp_path / "audit.jsonl"
    assert cli("export", "audit", "--format", "jsonl", "--output", str(out)).exit_code == 0
    result = cli("verify", "--file", str(out), "--public-key", str(pair.public_key_file))
    assert result.exit_code == 1
    assert "carries no checkpoint" in result.stdout


def test_an_export_of_one_proposal_verifies_against_the_checkpoint(
    cli: Invoke, signed: tuple[Path, Path], tmp_path: Path
) -> None:
    key, _ = signed
    out = tmp_path / "mp960.jsonl"
    result = cli(
        "export", "audit", "--format", "jsonl", "--proposal", "DP960", "--output", str(out)
    )
    assert result.exit_code == 0, result.output
    result = cli("verify", "--file", str(out), "--public-key", f"{key}.pub")
    assert result.exit_code == 0, result.output
    assert "ok: 1 proposal (2 events)" in result.stdout
