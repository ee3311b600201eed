"""Limits where input enters from files: only regular files are read, and what is read is capped
(size, lines, one line's length, files per workflow folder), each limit changed by its
environment variable and documented; a refused file writes nothing."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import govflow
from govflow import limits
from govflow.cli import app
from govflow.demo import build
from govflow.errors import InvalidInput, InvalidWorkflow
from govflow.service import Govflow
from govflow.workflow.loader import load_file
from govflow.workflow.registry import Registry, shipped_dir, workflow_files

Invoke = Callable[..., Result]
DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSONL audit export of the demo's proposals (made once, in a database of its own; the
    tests only read it)."""
    folder = tmp_path_factory.mktemp("export")
    path = folder / "audit.jsonl"
    with govflow.open_db(f"sqlite:///{folder / 'source.db'}") as source:
        build(source)
        with path.open("w", encoding="utf-8", newline="") as out:
            source.export_audit(out, "jsonl")
    return path


def _nothing_imported(cli: Invoke) -> None:
    listed = cli("proposal", "list", "--json")
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.strip() == "[]"


class TestAuditFiles:
    @pytest.mark.parametrize("command", [("import", "events"), ("verify", "--file")])
    def test_a_device_is_refused_before_it_is_read(
        self, cli: Invoke, command: tuple[str, ...]
    ) -> None:
        result = cli(*command, "/dev/zero")
        assert result.exit_code == 1
        assert "/dev/zero is a character device, not a regular file" in result.stderr

    def test_a_refused_file_opens_no_database(self, tmp_path: Path) -> None:
        target = tmp_path / "new.db"
        result = CliRunner().invoke(app, ["--db", str(target), "import", "events", "/dev/zero"])
        assert result.exit_code == 1
        assert not target.exists()

    def test_a_missing_file_is_misuse(self, cli: Invoke, tmp_path: Path) -> None:
        result = cli("import", "events", str(tmp_path / "nosuch.jsonl"))
        assert result.exit_code == 2 and "no such file" in result.stderr

    def test_a_pipe_is_refused_without_waiting_for_a_writer(
        self, cli: Invoke, tmp_path: Path
    ) -> None:
        fifo = tmp_path / "audit.jsonl"
        os.mkfifo(fifo)
        result = cli("import", "events", str(fifo))
        assert result.exit_code == 1
        assert "is a pipe, not a regular file" in result.stderr

    def test_a_link_to_a_device_is_refused(self, cli: Invoke, tmp_path: Path) -> None:
        link = tmp_path / "audit.jsonl"
        link.symlink_to("/dev/zero")
        result = cli("import", "events", str(link))
        assert result.exit_code == 1 and "character device" in result.stderr

    def test_a_file_over_the_size_limit_writes_nothing(
        self, cli: Invoke, export: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("GOVFLOW_MAX_IMPORT_BYTES", str(export.stat().st_size - 1))
        result = cli("import", "events", str(export))
        assert result.exit_code == 1
        assert "GOVFLOW_MAX_IMPORT_BYTES" in result.stderr
        _nothing_imported(cli)
        monkeypatch.setenv("GOVFLOW_MAX_IMPORT_BYTES", str(export.stat().st_size))
        assert cli("import", "events", str(export)).exit_code == 0

    def test_the_size_limit_is_enforced_on_the_import_itself(
        self, gf: Govflow, export: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Past the counting pass: a file that grows while it is imported is still capped."""
        with limits.open_regular(export, "a test") as raw:
            monkeypatch.setenv("GOVFLOW_MAX_IMPORT_BYTES", "1000")
            with pytest.raises(InvalidInput, match="GOVFLOW_MAX_IMPORT_BYTES"):
                gf.import_events(limits.bounded_lines(raw, str(export)))
        assert gf.proposals() == []

    def test_too_many_lines_are_refused(
        self, cli: Invoke, export: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("GOVFLOW_MAX_IMPORT_LINES", "5")
        result = cli("import", "events", str(export))
        assert result.exit_code == 1
        assert "over the limit of 5 lines" in result.stderr
        assert "GOVFLOW_MAX_IMPORT_LINES" in result.stderr
        _nothing_imported(cli)

    def test_an_endless_line_on_stdin_is_refused(
        self, db_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("GOVFLOW_MAX_LINE_CHARACTERS", "1000")
        result = CliRunner().invoke(
            app, ["--db", db_url, "import", "events", "-"], input="{" + "0" * 5000
        )
        assert result.exit_code == 1
        assert "line 1 of standard input is over the limit of 1,000 characters" in result.stderr

    def test_verify_file_keeps_to_the_limits_too(
        self, cli: Invoke, export: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        assert cli("verify", "--file", str(export)).exit_code == 0
        monkeypatch.setenv("GOVFLOW_MAX_IMPORT_LINES", "3")
        result = cli("verify", "--file", str(export))
        assert result.exit_code == 1 and "GOVFLOW_MAX_IMPORT_LINES" in result.stderr

    def test_a_line_at_the_limit_passes_and_one_past_it_does_not(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("GOVFLOW_MAX_LINE_CHARACTERS", "10")
        path = tmp_path / "lines.txt"
        path.write_bytes(b"0123456789\r\n0123456789\n0123456789A\n")
        with limits.open_regular(path, "a test") as raw:
            lines = limits.bounded_lines(raw, "lines.txt")
            assert [next(lines), next(lines)] == ["0123456789\r\n", "0123456789\n"]
            with pytest.raises(InvalidInput, match=r"line 3 of lines\.txt"):
                next(lines)

    @pytest.mark.parametrize("value", ["abc", "0", "-5", "1e9"])
    def test_a_limit_that_is_not_a_whole_number_is_an_error(
        self, cli: Invoke, export: Path, monkeypatch: pytest.MonkeyPatch, value: str
    ) -> None:
        monkeypatch.setenv("GOVFLOW_MAX_IMPORT_BYTES", value)
        result = cli("verify", "--file", str(export))
        assert result.exit_code == 1
        assert "GOVFLOW_MAX_IMPORT_BYTES" in result.stderr and "whole number" in result.stderr


class TestKeysAndCheckpoints:
    def test_a_device_as_a_key_is_refused(self, cli: Invoke) -> None:
        result = cli("checkpoint", "--key", "/dev/zero")
        assert result.exit_code == 1 and "character device" in result.stderr

    def test_a_checkpoint_file_over_the_limit_is_refused(
        self, cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        key = tmp_path / "signing.key"
        assert cli("checkpoint", "keygen", "--key", str(key)).exit_code == 0
        statement = tmp_path / "cp.json"
        assert cli("checkpoint", "--key", str(key), "--output", str(statement)).exit_code == 0
        monkeypatch.setenv("GOVFLOW_MAX_KEY_BYTES", "10")
        result = cli("verify", "--checkpoint", str(statement), "--public-key", f"{key}.pub")
        assert result.exit_code == 1 and "GOVFLOW_MAX_KEY_BYTES" in result.stderr


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder holding a copy of one shipped workflow file."""
    path = tmp_path / "workflows"
    path.mkdir()
    shutil.copy(shipped_dir() / "unc-modification.yaml", path / "unc-copy.yaml")
    return path


class TestWorkflowFiles:
    def test_a_link_to_a_device_in_a_folder_is_refused(self, folder: Path) -> None:
        (folder / "zero.yaml").symlink_to("/dev/zero")
        with pytest.raises(InvalidInput, match=r"zero\.yaml' is not a regular file"):
            workflow_files(folder)

    def test_a_pipe_in_a_folder_is_refused(self, folder: Path) -> None:
        os.mkfifo(folder / "pipe.yml")
        with pytest.raises(InvalidInput, match="not a regular file"):
            workflow_files(folder)

    def test_a_device_given_as_a_file_is_refused(self) -> None:
        with pytest.raises(InvalidInput, match="not a regular file"):
            Registry.shipped(extra=["/dev/zero"])

    def test_a_link_to_a_regular_file_is_read(self, folder: Path, tmp_path: Path) -> None:
        target = tmp_path / "elsewhere.yaml"
        (folder / "unc-copy.yaml").rename(target)
        (folder / "unc-copy.yaml").symlink_to(target)
        assert workflow_files(folder) == [folder / "unc-copy.yaml"]

    def test_a_folder_over_the_count_limit_is_refused(
        self, folder: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        for n in range(3):
            (folder / f"extra-{n}.yaml").write_text("name: x\n", encoding="utf-8")
        (folder / "notes.txt").write_text("not counted", encoding="utf-8")
        monkeypatch.setenv("GOVFLOW_MAX_WORKFLOW_FILES", "4")
        assert len(workflow_files(folder)) == 4
        monkeypatch.setenv("GOVFLOW_MAX_WORKFLOW_FILES", "3")
        with pytest.raises(InvalidInput, match="GOVFLOW_MAX_WORKFLOW_FILES"):
            workflow_files(folder)

    def test_a_file_over_the_size_limit_is_a_problem_of_that_file(
        self, folder: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = folder / "unc-copy.yaml"
        monkeypatch.setenv("GOVFLOW_MAX_WORKFLOW_BYTES", str(path.stat().st_size - 1))
        with pytest.raises(InvalidWorkflow) as caught:
            load_file(path)
        assert caught.value.source == str(path)
        assert "GOVFLOW_MAX_WORKFLOW_BYTES" in caught.value.problems[0]
        monkeypatch.setenv("GOVFLOW_MAX_WORKFLOW_BYTES", str(path.stat().st_size))
        assert load_file(path).name

    def test_the_cli_refuses_a_workflows_folder_holding_a_device(
        self, cli: Invoke, folder: Path
    ) -> None:
        (folder / "zero.yaml").symlink_to("/dev/zero")
        result = cli("--workflows", str(folder), "proposal", "list")
        assert result.exit_code == 1
        assert "not a regular file" in result.stderr

    def test_workflows_named_by_the_environment_are_refused_alike(
        self, cli: Invoke, folder: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        (folder / "zero.yaml").symlink_to("/dev/zero")
        monkeypatch.setenv("GOVFLOW_WORKFLOWS", str(folder))
        result = cli("proposal", "list")
        assert result.exit_code == 1 and "not a regular file" in result.stderr


class TestDocumented:
    def _section(self, text: str, heading: str) -> str:
        start = text.index(heading)
        end = text.find("\n## ", start + len(heading))
        return text[start : end if end != -1 else None]

    @pytest.mark.parametrize("limit", limits.LIMITS, ids=lambda limit: limit.variable)
    def test_every_limit_is_in_the_limits_section_with_its_default(
        self, limit: limits.Limit
    ) -> None:
        section = self._section((DOCS / "integrity.md").read_text(encoding="utf-8"), "## Limits")
        row = next((r for r in section.splitlines() if f"`{limit.variable}`" in r), None)
        assert row is not None, f"{limit.variable} is not in docs/integrity.md's Limits"
        assert re.search(rf"\b{limit.default:,}\b", row), row

    @pytest.mark.parametrize("limit", limits.LIMITS, ids=lambda limit: limit.variable)
    def test_every_limit_is_named_in_the_cli_docs(self, limit: limits.Limit) -> None:
        assert f"`{limit.variable}`" in (DOCS / "cli.md").read_text(encoding="utf-8")
