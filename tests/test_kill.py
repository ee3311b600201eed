"""Writers killed with SIGKILL at random moments leave nothing lost or half-written.

A few rounds of ``scripts/kill_writers.py`` (a longer run is documented in docs/integrity.md):
each kills a process importing an export and advancing proposals, then verifies every chain,
every proposal row and the database-wide log, and that the import is all there or not at all.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "kill_writers.py"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_writers_killed_at_random_moments_leave_a_database_that_verifies(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = importlib.util.spec_from_file_location("kill_writers", SCRIPT)
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.run(db_url, rounds=3, seed=18, longest=1.5) == 0, capsys.readouterr().err
    assert capsys.readouterr().out.count("verify clean") == 3
