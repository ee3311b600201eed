"""A file govflow writes is written whole or not at all: an output that fails leaves nothing (no
half-written file, no temporary file), and a key pair is written both or neither. (Databases
that are not ours are left untouched: tests/test_databases.py, ``_untouched``.)"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from govflow.audit.checkpoints import new_signing_key
from govflow.errors import AlreadyExists
from govflow.service import Govflow

Invoke = Callable[..., Result]


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rename into place fails as on a full disk (after the data went to a temp file)."""

    def refuse(source: str, target: str) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(os, "replace", refuse)


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(
    "command",
    [
        ("export", "audit", "--format", "jsonl"),
        ("export", "register", "--format", "csv"),
        ("due", "--ics"),
    ],
    ids=["export audit", "export register", "due --ics"],
)
def test_an_output_that_fails_leaves_no_file(
    gf: Govflow, cli: Invoke, tmp_path: Path, full_disk: None, command: tuple[str, ...]
) -> None:
    gf.raise_proposal("DP960", title="Firmware retry limits", on="2021-03-01")
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "result.out"
    flag = [] if command[-1] == "--ics" else ["--output"]
    result = cli(*command, *flag, str(target))
    assert result.exit_code == 1
    assert "No space left" in result.stderr
    assert _left(folder) == []


def test_a_checkpoint_output_that_fails_leaves_no_file(
    gf: Govflow, cli: Invoke, tmp_path: Path, full_disk: None
) -> None:
    gf.raise_proposal("DP960", title="Firmware retry limits", on="2021-03-01")
    key = tmp_path / "signing.key"
    assert cli("checkpoint", "keygen", "--key", str(key)).exit_code == 0
    folder = tmp_path / "out"
    folder.mkdir()
    result = cli("checkpoint", "--key", str(key), "--output", str(folder / "cp.json"))
    assert result.exit_code == 1
    assert _left(folder) == []


class TestKeyPairs:
    def test_an_existing_public_key_refuses_the_pair(self, tmp_path: Path) -> None:
        (tmp_path / "signing.key.pub").write_text("someone else's key\n", encoding="ascii")
        with pytest.raises(AlreadyExists, match=r"signing\.key\.pub exists"):
            new_signing_key(tmp_path / "signing.key")
        assert _left(tmp_path) == ["signing.key.pub"]
        assert (tmp_path / "signing.key.pub").read_text(encoding="ascii") == "someone else's key\n"

    def test_a_failed_write_removes_what_it_made(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        real = os.fdopen
        calls = []

        def failing_second(fd: int, *args: object, **kwargs: object) -> object:
            calls.append(fd)
            if len(calls) == 2:
                os.close(fd)
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real(fd, *args, **kwargs)  # type: ignore[call-overload]

        monkeypatch.setattr(os, "fdopen", failing_second)
        with pytest.raises(Exception, match="No space left"):
            new_signing_key(tmp_path / "signing.key")
        assert _left(tmp_path) == []

    def test_the_cli_refuses_cleanly(self, cli: Invoke, tmp_path: Path) -> None:
        folder = tmp_path / "keys"
        (folder / "signing.key.pub").mkdir(parents=True)
        result = cli("checkpoint", "keygen", "--key", str(folder / "signing.key"))
        assert result.exit_code == 1 and "exists" in result.stderr
        assert _left(folder) == ["signing.key.pub"]
