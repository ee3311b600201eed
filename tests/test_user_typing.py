"""A user's script over the documented API type-checks with ``mypy --strict``, and misuse of the
API does not: the type hints are the interface, so a caller's mistakes show before they run.

mypy checks the scripts from a folder of their own, with an empty configuration: the project's
(and its pydantic plugin) must not be needed to type-check code that merely uses govflow.
"""

from __future__ import annotations

import fcntl
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mypy", reason="mypy is not installed: `pip install '.[test]'` brings it")

USER_SCRIPT = Path(__file__).parent / "fixtures" / "user_script.py"

# Each misuse, and a piece of what mypy must say about it (on the misuse's own line).
MISUSES = {
    "wrong-argument-type": ('gf.advance(123, "submit")', 'incompatible type "int"'),
    "bad-keyword": ('gf.advance("MP960", stage="report")', 'keyword argument "stage"'),
    "no-such-method": ('gf.advanse("MP960", "submit")', 'has no attribute "advanse"'),
    "wrong-return-type": (
        'view: govflow.ProposalView = gf.history("MP960")',
        "Incompatible types in assignment",
    ),
    "misspelt-name": ('govflow.open_dbb("x.db")', 'Module has no attribute "open_dbb"'),
    "misspelt-type": ("change: govflow.Chnage", 'Name "govflow.Chnage" is not defined'),
}


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for the run's mypy runs: a later run reuses what the first learnt (govflow and
    its dependencies' stubs: 3 s of CPU cold, 0.2 s warm). Under xdist the module's tests often
    land on both workers, so the cache is the run's (the workers' common temporary folder), and
    ``run_mypy`` takes turns at it (benchmarks/README.md, "CI time, round five")."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = tmp_path_factory.getbasetemp().parent / "mypy-cache"
        shared.mkdir(exist_ok=True)
        return shared
    return tmp_path_factory.mktemp("mypy-cache")


def run_mypy(script: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    """``mypy --strict`` on ``script``, from its folder and with an empty configuration; one run
    at a time in ``cache``."""
    config = script.parent / "mypy.ini"
    config.write_text("[mypy]\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in {"MYPYPATH", "MYPY_CACHE_DIR"}}
    command = [sys.executable, "-m", "mypy", "--strict", "--config-file", str(config)]
    with (cache / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return subprocess.run(
            [*command, "--cache-dir", str(cache), "--no-error-summary", script.name],
            cwd=script.parent,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )


def test_a_script_using_the_documented_api_passes_mypy_strict(
    tmp_path: Path, mypy_cache: Path
) -> None:
    script = tmp_path / USER_SCRIPT.name
    shutil.copy(USER_SCRIPT, script)
    done = run_mypy(script, mypy_cache)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def misuse_report(
    tmp_path_factory: pytest.TempPathFactory, mypy_cache: Path
) -> tuple[list[str], subprocess.CompletedProcess[str]]:
    """mypy's lines about one script holding every misuse, each on a line of its own."""
    misuses = [code for code, _ in MISUSES.values()]
    body = "".join(f"    {line}\n" for line in misuses)
    text = f"import govflow\n\n\ndef misuse(gf: govflow.Govflow) -> None:\n{body}"
    script = tmp_path_factory.mktemp("misuse") / "misuse.py"
    script.write_text(text, encoding="utf-8")
    return misuses, run_mypy(script, mypy_cache)


def test_misuse_fails_the_check(
    misuse_report: tuple[list[str], subprocess.CompletedProcess[str]],
) -> None:
    misuses, done = misuse_report
    assert done.returncode == 1, done.stdout + done.stderr
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert len({line.split(":")[1] for line in errors}) == len(misuses), done.stdout


@pytest.mark.parametrize(("misuse", "message"), MISUSES.values(), ids=MISUSES.keys())
def test_mypy_names_each_misuse_on_its_line(
    misuse_report: tuple[list[str], subprocess.CompletedProcess[str]], misuse: str, message: str
) -> None:
    misuses, done = misuse_report
    line = 5 + misuses.index(misuse)  # the body of `misuse` starts on line 5
    said = [x for x in done.stdout.splitlines() if x.startswith(f"misuse.py:{line}: error:")]
    assert any(message in x for x in said), done.stdout


def test_the_user_script_runs(db_url: str) -> None:
    spec = importlib.util.spec_from_file_location("user_script", USER_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    lines = module.story(db_url)
    assert lines[0] == "MP960 is in initial_consideration (events (3, 4))"
    assert (
        lines[3]
        == "refused: ['only a Fast-Track proposal is decided by the Panel without Refinement']"
    )
    assert lines[-1].endswith("breaks: []")
