"""docs/cli.md agrees with the tool: each JSON shape it documents has exactly the keys the command
prints, the shape version it announces is the tool's, and `init` shows the schema revision the
tool creates."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from govflow.cli._output import JSON_SHAPE_VERSION
from govflow.service import Govflow
from govflow.store.migrations import HEAD

DOCS = Path(__file__).parents[1] / "docs" / "cli.md"
MINUTES = Path(__file__).parent / "fixtures" / "minutes"
Invoke = Callable[..., Result]


def _json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def documented_keys(heading: str) -> set[str]:
    """The keys in the first column of the table under the JSON section ``### heading (...``."""
    text = DOCS.read_text(encoding="utf-8").split("## JSON output", 1)[1]
    section = re.split(r"\n### ", text.split(f"\n### {heading} (", 1)[1])[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {key for row in rows for key in re.findall(r"`([a-z_]+)`", row.split(" | ")[0])}


def _demo_and_minutes(gf: Govflow) -> None:
    from govflow.demo import build

    build(gf)
    gf.import_minutes((MINUTES / "opsg-12.md").read_bytes())


@pytest.fixture
def filled(built_db_url: Callable[[str, Callable[[Govflow], object]], str]) -> str:
    """The demo records and OPSG_12's minutes (fixtures/minutes), built once a session."""
    return built_db_url("demo-and-opsg-12", _demo_and_minutes)


MIGRATE = ("sec-modification", "--from", "0", "--to", "1")

SHAPES: dict[str, Callable[[Invoke], Any]] = {
    "Event": lambda cli: _json(cli("proposal", "history", "MP099", "--json"))[0],
    "Proposal": lambda cli: _json(cli("proposal", "show", "MP099", "--json")),
    "Next steps": lambda cli: _json(cli("proposal", "next", "MP099", "--json")),
    "Register row": lambda cli: _json(cli("proposal", "list", "--as-of", "2022-01-01", "--json"))[
        0
    ],
    "Meeting": lambda cli: _json(cli("meeting", "show", "OPSG_12", "--json")),
    "Committee": lambda cli: _json(cli("committee", "list", "--json"))[0],
    "Plan": lambda cli: _json(cli("plan", "MP099", "--as-of", "2021-05-01", "--json")),
    "Portfolio line": lambda cli: _json(cli("plan", "--all", "--as-of", "2021-05-01", "--json"))[0],
    "Due item": lambda cli: _json(cli("action", "list", "--json"))[0],
    "Change": lambda cli: _json(
        cli("proposal", "raise", "DP977", "--title", "Invented", "--on", "2021-03-01", "--json")
    ),
    "Verify": lambda cli: _json(cli("verify", "--json")),
    "Workflow": lambda cli: _json(cli("workflow", "list", "--json"))[0],
    "Migration": lambda cli: _json(cli("workflow", "migrate", *MIGRATE, "--dry-run", "--json")),
    "Import report": lambda cli: _json(
        cli("import", "events", _export(cli), "--dry-run", "--json")
    ),
    "Closure": lambda cli: _json(cli("calendar", "close", "2021-12-24", "--json")),
    "Minutes import report": lambda cli: _json(
        cli("minutes", "import", str(MINUTES / "opsg-12.md"), "--dry-run", "--json")
    ),
}


def _export(cli: Invoke) -> str:
    """The database's audit history as a JSONL file (a dry-run import checks it whole)."""
    import tempfile

    path = Path(tempfile.mkdtemp()) / "audit.jsonl"
    assert cli("export", "audit", "--output", str(path)).exit_code == 0
    return str(path)


@pytest.mark.parametrize("heading", SHAPES)
def test_each_documented_json_shape_has_the_keys_the_tool_prints(
    cli: Invoke, filled: str, heading: str
) -> None:
    printed = SHAPES[heading](cli)
    assert documented_keys(heading) == set(printed)


def test_the_documented_shape_version_is_the_tools() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert f"## JSON output (shape version {JSON_SHAPE_VERSION})" in text


def test_the_init_example_shows_the_schema_the_tool_creates(empty_cli: Invoke) -> None:
    result = empty_cli("init")
    assert result.exit_code == 0, result.output
    assert f"schema:   {HEAD} (created)" in result.stdout
    assert f"schema:   {HEAD} (created)" in DOCS.read_text(encoding="utf-8")
