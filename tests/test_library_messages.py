"""Library errors describe the problem; the command line and the web add their own advice.

The library (everything but ``govflow/cli`` and ``govflow/web``) names no command-line option
and no ``govflow`` command in a string: a message says what is wrong, and an error that can be
helped carries a :class:`govflow.errors.Remedy` (and ``field``, for a bad value) that the CLI says
as its commands and options and the API in its own terms. Read with ``ast``: docstrings (which
document the CLI too) are not messages.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from govflow import errors
from govflow.cli._advice import ADVICE, said
from govflow.service import Govflow
from govflow.web import wording
from tests.conftest import Api

PACKAGE = Path(__file__).resolve().parent.parent / "govflow"
#: The edges, which speak to a person at a terminal or a client of the API.
EDGES = ("cli", "web")
#: An option (``--on``); not a CSS custom property (``--ink:``, ``var(--ink)``).
OPTION = re.compile(r"(?<![\w(-])--[a-z][a-z0-9-]*(?![\w:-])")
#: A command, as messages quote them (`govflow proposal next MP960`).
COMMAND = re.compile(r"`govflow [a-z]")


def _docstrings(tree: ast.AST) -> set[int]:
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, kinds) and node.body and isinstance(node.body[0], ast.Expr):
            value = node.body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.add(id(value))
    return found


def advice_in_library() -> list[str]:
    """Every string of the library that names an option or a command, as ``path:line: text``."""
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent)
        if relative.parts[1] in EDGES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
                continue
            if id(node) in docs:
                continue
            if OPTION.search(node.value) or COMMAND.search(node.value):
                problems.append(f"{relative}:{node.lineno}: {node.value[:80]!r}")
    return problems


def test_the_library_names_no_option_or_command() -> None:
    assert advice_in_library() == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("give --override REASON", True),
        ("; give --on 2021-05-01 or later", True),
        ("run `govflow init` to create one", True),
        ("color:var(--ink)", False),
        (":root{--ink:#1f2933}", False),
        ("-- a SQL comment", False),
        ("the as-of date", False),
    ],
    ids=["option", "option-inside", "command", "css-var", "css-property", "sql", "words"],
)
def test_the_check_finds_options_and_commands(text: str, found: bool) -> None:
    assert bool(OPTION.search(text) or COMMAND.search(text)) is found


def test_every_remedy_has_words_on_both_edges() -> None:
    assert set(ADVICE) == set(errors.REMEDIES) == set(wording.ADVICE)


def test_a_remedy_not_known_is_refused() -> None:
    with pytest.raises(AssertionError):
        errors.Remedy("reboot")


@pytest.mark.parametrize(
    ("error", "cli", "web"),
    [
        (
            errors.StaleProposal("MP960", "report"),
            "now in 'report'; check `govflow proposal next MP960` and try again",
            "now in 'report'; check `GET /api/proposals/MP960/next` and try again",
        ),
        (
            errors.InvalidInput("'soon' is not a date", field="as_of"),
            "--as-of: 'soon' is not a date",
            "`as_of`: 'soon' is not a date",
        ),
        (
            errors.InvalidInput("no", field="overdue_on"),
            "--on: no",
            "`overdue_on`: no",
        ),
        (
            errors.TransitionNotAllowed("Cannot x.", remedy=errors.Remedy("override")),
            "Cannot x. Give --override REASON to set the rules aside (it is recorded).",
            "Cannot x. Send an `override` reason to set the rules aside (it is recorded).",
        ),
        (
            errors.NotFound("no meeting OPSG_9", remedy=errors.Remedy("add_meeting", "OPSG_9")),
            "no meeting OPSG_9; add it with `govflow meeting add OPSG_9 --on DATE`",
            "no meeting OPSG_9; add it with `POST /api/meetings` (code OPSG_9)",
        ),
    ],
    ids=["stale", "field", "field-renamed", "override", "add-meeting"],
)
def test_each_edge_words_the_advice(error: errors.GovflowError, cli: str, web: str) -> None:
    assert said(error).endswith(cli)
    assert wording.said(error).endswith(web)
    assert "--" not in str(error) and "`govflow" not in str(error)


Invoke = Callable[..., Result]


@pytest.fixture
def refining(gf: Govflow) -> Govflow:
    """MP960 (fictional) on Path 3, in refinement since 18 June 2021."""
    gf.raise_proposal("DP960", title="Firmware retry limits", on="2021-03-01")
    gf.advance("DP960", "submit", on="2021-03-02")
    gf.advance("DP960", "convert", on="2021-05-25", actor="CSC")
    gf.set_route("MP960", path=3, on="2021-06-18")
    gf.advance("MP960", "start_refinement", on="2021-06-18")
    return gf


def test_the_cli_names_the_option_of_a_bad_date(cli: Invoke) -> None:
    result = cli("due", "--on", "soonish")
    assert result.exit_code == 1
    assert "Error: --on: 'soonish' is not a date govflow can read" in result.stderr


def test_the_cli_offers_an_override(cli: Invoke, refining: Govflow) -> None:
    result = cli("proposal", "advance", "MP960", "send_to_report", "--on", "2021-07-01")
    assert result.exit_code == 1
    assert "Consultation has not closed" in result.stderr
    assert "Give --override REASON to set the rules aside" in result.stderr


def test_no_override_is_offered_for_a_missing_transition(cli: Invoke, refining: Govflow) -> None:
    result = cli("proposal", "advance", "MP960", "submit")
    assert result.exit_code == 1
    assert "--override" not in result.stderr


def test_the_cli_says_how_to_add_a_missing_meeting(cli: Invoke) -> None:
    result = cli("meeting", "show", "OPSG_949")
    assert result.exit_code == 1
    assert "no meeting OPSG_949" in result.stderr or "unknown committee" in result.stderr
    assert "`govflow " in result.stderr


def test_the_api_words_the_advice_its_own_way(api: Api, refining: Govflow) -> None:
    answer = api.get("/api/proposals/P999", role="secretariat")
    assert answer.status_code == 404
    assert "`GET /api/proposals` lists the proposals" in answer.json()["detail"]
    refused = api.post("/api/proposals/MP960/advance",
                       {"trigger": "send_to_report", "on": "2021-07-01"})  # fmt: skip
    assert refused.status_code == 409
    detail = refused.json()["detail"]
    assert "Send an `override` reason" in detail and "--override" not in detail
    answer = api.get("/api/due", role="secretariat", params={"on": "soonish"})
    assert answer.status_code in (400, 422)
    assert "--on" not in answer.json()["detail"]
