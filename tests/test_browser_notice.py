"""The test run says loudly when the browser tests are skipped, and why; with
``GOVFLOW_REQUIRE_BROWSER=1`` they fail instead (tests/conftest.py, tests/test_web_browser.py).
Each case runs pytest on one browser test in a process of its own, with no Chromium.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _pytest_without_chromium(require: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVFLOW_")}
    env["GOVFLOW_CHROMIUM"] = "/nonexistent/chromium"
    if require:
        env["GOVFLOW_REQUIRE_BROWSER"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_web_browser.py", "-n", "0",
         "-k", "tables_stack", "-p", "no:cacheprovider"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.mark.slow
def test_skipped_browser_tests_are_announced_with_the_reason() -> None:
    run = _pytest_without_chromium(require=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 BROWSER TEST SKIPPED" in run.stdout
    assert "no Chromium at /nonexistent/chromium: install Debian's Chromium" in run.stdout
    assert "GOVFLOW_REQUIRE_BROWSER=1 makes this a failure" in run.stdout


@pytest.mark.slow
def test_required_browser_tests_fail_without_chromium() -> None:
    run = _pytest_without_chromium(require=True)
    assert run.returncode != 0
    assert (
        "GOVFLOW_REQUIRE_BROWSER=1 but Chromium at /nonexistent/chromium is missing" in run.stdout
    )
    assert "BROWSER TEST SKIPPED" not in run.stdout
