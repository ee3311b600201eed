"""``govflow serve`` as a process: it listens, serves the API with several workers, stops; and
without the web extra it says what to install."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx
import pytest
from typer.testing import Result

import govflow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _serving(db_url: str, *args: str) -> Iterator[str]:
    port = _free_port()
    command = [sys.executable, "-m", "govflow", "--db", db_url, "serve", "--port", str(port),
               "--log-level", "warning", *args]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/openapi.json", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.communicate()[1].decode()
                assert time.monotonic() < deadline, "govflow serve did not start in 60 s"
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(30)


def test_serve_with_two_workers_reads_and_writes(db_url: str) -> None:
    with govflow.open_db(db_url) as gf:
        secret = gf.add_token("clerk", role="secretariat").secret
        gf.raise_proposal("DP960", title="Invented", on="2021-03-01")  # an invented proposal
    with _serving(db_url, "--workers", "2") as base:
        shown = httpx.get(f"{base}/api/proposals/DP960", timeout=10)
        assert (shown.status_code, shown.json()["stage"]) == (200, "draft")
        moved = httpx.post(f"{base}/api/proposals/DP960/advance", json={"trigger": "submit"},
                           headers={"Authorization": f"Bearer {secret}"}, timeout=10)  # fmt: skip
        assert moved.status_code == 200, moved.text
    with govflow.open_db(db_url) as gf:
        assert gf.history("DP960")[-1].actor == "clerk"


def test_serve_without_the_web_extra_says_what_to_install(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "uvicorn" else real(name, *a))  # fmt: skip
    result = cli("serve")
    assert result.exit_code == 1
    assert "govflow serve needs uvicorn: pip install 'govflow[web]'" in result.stderr


def test_serve_refuses_an_unusable_database_before_listening(tmp_path: os.PathLike[str]) -> None:
    path = os.path.join(tmp_path, "other.db")
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    done = subprocess.run([sys.executable, "-m", "govflow", "--db", path, "serve"],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 1
    assert "is not a govflow database" in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_refuses_a_missing_database_and_creates_none(tmp_path: os.PathLike[str]) -> None:
    path = os.path.join(tmp_path, "typo.db")
    done = subprocess.run([sys.executable, "-m", "govflow", "--db", path, "serve"],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 1
    assert f"no database at {path}; run `govflow init` to create one" in done.stderr
    assert not os.path.exists(path)


def test_serve_on_a_busy_port_exits_1_saying_so(sqlite_demo_url: str) -> None:
    """A taken port is refused whatever the back end (SQLite here; serving the database under
    test is shown above), so the PostgreSQL suite leaves this test to the SQLite suite."""
    db_url = sqlite_demo_url
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for workers in ("1", "2"):
            done = subprocess.run(
                [sys.executable, "-m", "govflow", "--db", db_url, "serve", "--port", str(port),
                 "--workers", workers],
                capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            assert done.returncode == 1, done.stderr
            assert f"Error: could not serve on 127.0.0.1:{port}" in done.stderr
            assert "Traceback" not in done.stderr


@pytest.mark.parametrize("kind", ["missing", "another program's"])
def test_serve_refuses_a_database_before_loading_the_web_stack(
    tmp_path: os.PathLike[str], kind: str
) -> None:
    path = os.path.join(tmp_path, "x.db")
    if kind != "missing":
        import sqlite3

        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE customers (id INTEGER)")
    code = (
        "import sys; from govflow.cli import main; "
        f"sys.argv = ['govflow', '--db', {path!r}, 'serve']\n"
        "try:\n    main()\nexcept SystemExit as done:\n    code = done.code\n"
        "print(code, sorted(m for m in sys.modules if m.split('.')[0] in "
        "('fastapi', 'uvicorn', 'starlette', 'jinja2') or m.startswith('govflow.web')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    assert done.stdout.strip() == "1 []", done.stderr
    assert "Error: " in done.stderr
