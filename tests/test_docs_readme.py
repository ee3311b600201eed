"""The README's shell blocks run as written, in order, in one fresh folder laid out like a clone
of the repository (its top-level files and folders linked in), as a newcomer pastes them.

What a test cannot do for real is stood in for, and only that:

* ``python3 -m venv .venv`` and ``.venv/bin/pip install ...``: the suite already runs where
  govflow is installed with its extras, so ``.venv/bin`` links to that ``govflow``, ``pip``
  checks that each extra it is asked for is declared in pyproject.toml, and ``activate`` puts
  ``.venv/bin`` first on the PATH;
* the port ``serve`` listens on: a free one instead of 8000, which another program may hold;
* "Run the tests", which is this suite.

Every govflow command runs for real, and each block must succeed as a whole (``set -e``). The
data are the README's: the demo (MP099 and MP131 with their public facts; MP9xx fictional) and
fictional records (DP960, CSC_938, the OPSG_12 minutes of tests/fixtures).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SKIPPED = {"Run the tests": "it runs this suite"}
BLOCK = re.compile(r"^```bash\n(?P<code>.*?)^```", re.M | re.S)


def _blocks() -> list[tuple[str, str]]:
    """(the heading above it, the code) of each bash block, in order."""
    text = README.read_text(encoding="utf-8")
    found = []
    for m in BLOCK.finditer(text):
        headings = re.findall(r"^#+ (.+)$", text[: m.start()], re.M)
        found.append((headings[-1] if headings else "", m["code"]))
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def _executable(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)


def _clone(tmp: Path) -> dict[str, str]:
    """The folder and the environment a newcomer's shell would have."""
    for entry in ROOT.iterdir():
        if entry.name not in (".venv", ".git") and not entry.name.startswith("."):
            (tmp / entry.name).symlink_to(entry)
    bin_ = tmp / ".venv" / "bin"
    bin_.mkdir(parents=True)
    (bin_ / "govflow").symlink_to(Path(sys.executable).parent / "govflow")
    _executable(bin_ / "activate", f'export VIRTUAL_ENV="{tmp / ".venv"}"\n'
                                   f'export PATH="{bin_}:$PATH"\n')  # fmt: skip
    extras = sorted(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
                    ["optional-dependencies"])  # fmt: skip
    _executable(bin_ / "pip", f"""#!{sys.executable}
import re, sys
args = sys.argv[1:]
m = re.fullmatch(r"\\.(?:\\[([a-z,]+)\\])?", args[-1]) if args[:1] == ["install"] else None
wanted = set(m[1].split(",")) if m and m[1] else set()
sys.exit(0 if m and wanted <= {set(extras)!r} else f"not a pip install of this package: {{args}}")
""")  # fmt: skip
    shims = tmp / ".shims"
    shims.mkdir()
    _executable(shims / "python3", f'#!/bin/sh\n[ "$1 $2 $3" = "-m venv .venv" ] && exit 0\n'
                                   f'exec "{sys.executable}" "$@"\n')  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOVFLOW_", "VIRTUAL_ENV"))}
    env.update(PATH=f"{shims}:{os.environ['PATH']}", HOME=str(tmp / ".home"),
               XDG_DATA_HOME=str(tmp / ".home" / "data"), COLUMNS="100")  # fmt: skip
    return env


def _run(code: str, tmp: Path, env: dict[str, str], name: str) -> str:
    """The block under ``set -e``; whatever it left running in the background is stopped."""
    out = tmp / f".{name}.out"
    with out.open("w") as sink:
        shell = subprocess.Popen(["bash", "-e", "-c", code], cwd=tmp, env=env, stdout=sink,
                                 stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        try:
            code_ = shell.wait(timeout=180)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(shell.pid, signal.SIGTERM)
    text = out.read_text()
    assert code_ == 0, f"README block under {name!r} failed:\n{text}"
    return text


@pytest.mark.slow
def test_every_readme_block_runs_as_written(tmp_path: Path) -> None:
    if shutil.which("curl") is None:
        pytest.skip("the README's server block uses curl; install curl")
    env = _clone(tmp_path)
    ran = {}
    for heading, code in _blocks():
        if heading in SKIPPED:
            continue
        port = str(_free_port())
        ran[heading] = _run(code.replace("8000", port), tmp_path, env, heading)
    assert set(ran) == {"Try it", "govflow serve", "Using it"}, set(ran)
    assert (tmp_path / "govflow-demo.db").is_file() and "MP099" in ran["Try it"]
    # MP099's history; curl's progress meter (on stderr, ended by \r) may precede it on its line
    assert re.search(r'\[\{"seq": ?1,', ran["govflow serve"])
    assert "OPSG_12" in ran["Using it"] and "The DCC will report back" in ran["Using it"]
    assert "ok: 2 proposals" in ran["Using it"]  # MP960 and the record with gaps, MP961
    assert "Reached Pending Implementation from Initial Consideration" in ran["Using it"]
    assert (tmp_path / "fictional.db").is_file()
