"""Workflow files are untrusted: alias bombs, recursive aliases and deep nesting are refused
quickly with an InvalidWorkflow, never expanded or recursed into."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govflow.cli import app
from govflow.errors import InvalidWorkflow
from govflow.workflow.loader import parse_workflow
from govflow.workflow.yaml_nodes import MAX_ALIASES, load_with_lines


def _laughs(levels: int, width: int) -> str:
    """The "billion laughs": each level lists the one before ``width`` times."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


BOMBS = {
    "billion-laughs": _laughs(9, 9),
    "doubling": _laughs(40, 2),
    "wide-mapping": "a: &a {x: 1, y: 2}\n" + "".join(f"k{i}: *a\n" for i in range(MAX_ALIASES + 1)),
}
RECURSIVE = {
    "sequence": "a: &a [*a]\n",
    "mapping": "a: &a {b: *a}\n",
    "two-levels": "a: &a\n  b:\n    - c: *a\n",
    "top": "&top [1, *top]\n",
}
DEEP = {
    "flow": "a: " + "[" * 5000 + "]" * 5000 + "\n",
    "block": "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "end\n",
    "mixed": "a: " + "{b: [" * 100 + "]}" * 100 + "\n",
}


class TestRefused:
    @pytest.mark.parametrize("text", [*BOMBS.values(), *RECURSIVE.values(), *DEEP.values()],
                             ids=[*BOMBS, *RECURSIVE, *DEEP])  # fmt: skip
    def test_refused_quickly_as_an_invalid_workflow(self, text: str) -> None:
        start = time.perf_counter()
        with pytest.raises(InvalidWorkflow, match="not valid YAML"):
            parse_workflow(text, "bomb.yaml")
        assert time.perf_counter() - start < 2

    @pytest.mark.parametrize("text", RECURSIVE.values(), ids=RECURSIVE.keys())
    def test_a_recursive_alias_is_named(self, text: str) -> None:
        with pytest.raises(InvalidWorkflow, match="recursive alias"):
            parse_workflow(text, "loop.yaml")

    def test_too_many_aliases_are_named(self) -> None:
        with pytest.raises(InvalidWorkflow, match=f"more than {MAX_ALIASES} aliases"):
            parse_workflow(BOMBS["wide-mapping"], "many.yaml")

    @pytest.mark.parametrize("name", ["billion-laughs", "sequence", "flow"])
    def test_workflow_check_exits_1_with_the_message(self, tmp_path: Path, name: str) -> None:
        path = tmp_path / "bad.yaml"
        path.write_text({**BOMBS, **RECURSIVE, **DEEP}[name], encoding="utf-8")
        result = CliRunner().invoke(app, ["workflow", "check", str(path)])
        assert result.exit_code == 1
        assert "not valid YAML" in result.output
        assert "Traceback" not in result.output


class TestAllowed:
    def test_a_few_aliases_still_work_and_keep_their_lines(self) -> None:
        data, lines = load_with_lines("base: &b {x: 1}\none: *b\ntwo: *b\n")
        assert data == {"base": {"x": 1}, "one": {"x": 1}, "two": {"x": 1}}
        assert (lines["one"], lines["two"], lines["base.x"]) == (2, 3, 1)

    def test_aliases_up_to_the_limit_are_fine(self) -> None:
        text = "a: &a 1\n" + "".join(f"k{i}: *a\n" for i in range(MAX_ALIASES))
        data, _ = load_with_lines(text)
        assert len(data) == MAX_ALIASES + 1
