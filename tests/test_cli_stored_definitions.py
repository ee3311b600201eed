"""Workflows from anywhere: a definition outside the package, loaded with --workflows or
GOVFLOW_WORKFLOWS, is stored in the database when a proposal is first pinned to it; the database
then opens, shows, exports and verifies without the file, and refuses a file edited in place."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govflow.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "workflows"


def fictional(version: int = 1, label: str = "Assessment") -> str:
    """A fictional code's workflow (the minimal fixture renamed: prefixes FD and FC)."""
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    for old, new in (("name: minimal", "name: fictional-change"), ("code: MIN", "code: FIC"),
                     ("    DP:", "    FD:"), ("    CP:", "    FC:"), ("from: DP, to: CP",
                     "from: FD, to: FC"), ("version: 1", f"version: {version}"),
                     ("label: Assessment", f"label: {label}")):  # fmt: skip
        assert old in text
        text = text.replace(old, new)
    return text


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "definitions"
    path.mkdir()
    (path / "fictional-change.yaml").write_text(fictional(), encoding="utf-8")
    return path


def run(db_url: str, *args: str, folder: Path | None = None) -> tuple[int, str, str]:
    extra = ["--workflows", str(folder)] if folder is not None else []
    result = CliRunner().invoke(app, ["--db", db_url, *extra, *args])
    return result.exit_code, result.stdout, result.stderr


def test_a_workflow_outside_the_package_is_used_then_read_from_the_database(
    db_url: str, folder: Path, tmp_path: Path
) -> None:
    code, out, err = run(db_url, "proposal", "raise", "FD901", "--title", "A fictional change",
                         "--on", "2024-02-01", "--route", "3", folder=folder)  # fmt: skip
    assert code == 0, err
    assert "FD901: raised on 2024-02-01; stage " in out
    assert run(db_url, "proposal", "advance", "FD901", "assess", "--on", "2024-02-05",
               folder=folder)[0] == 0  # fmt: skip
    shutil.rmtree(folder)  # the file is gone: the database holds the definition
    code, out, err = run(db_url, "proposal", "show", "FC901", "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert (shown["workflow"], shown["stage"], shown["path"]) == ("fictional-change",
                                                                 "assessment", "3")  # fmt: skip
    assert run(db_url, "proposal", "list")[0] == 0
    assert "decide" in run(db_url, "proposal", "next", "FC901")[1]
    assert run(db_url, "verify")[1] == "ok: 1 proposal verified\n"
    page = tmp_path / "FC901.html"
    code, _, err = run(db_url, "export", "timeline", "FC901", "--format", "html",
                       "--output", str(page))  # fmt: skip
    assert code == 0, err
    assert "Assessment" in page.read_text(encoding="utf-8")
    audit = tmp_path / "audit.jsonl"
    assert run(db_url, "export", "audit", "--output", str(audit))[0] == 0
    raised = json.loads(audit.read_text(encoding="utf-8").splitlines()[2])
    assert raised["payload"]["workflow_fingerprint"]  # the chain covers the definition pinned


def test_a_file_edited_in_place_is_refused_and_a_new_version_is_not(
    db_url: str, folder: Path
) -> None:
    assert run(db_url, "proposal", "raise", "FD902", "--title", "A fictional change",
               "--on", "2024-02-01", folder=folder)[0] == 0  # fmt: skip
    (folder / "fictional-change.yaml").write_text(fictional(label="Assessment (edited)"),
                                                  encoding="utf-8")  # fmt: skip
    code, _, err = run(db_url, "proposal", "list", folder=folder)
    assert code == 1
    message = " ".join(err.split())
    assert "fictional-change version 1 differs from the version 1 this database stored" in message
    assert "add the change as a new file with a new `version:` number" in message
    (folder / "fictional-change.yaml").write_text(fictional(version=2, label="Assessment (v2)"),
                                                  encoding="utf-8")  # fmt: skip
    assert run(db_url, "proposal", "raise", "FD903", "--title", "A fictional change",
               "--on", "2024-03-01", folder=folder)[0] == 0  # fmt: skip
    code, out, _ = run(db_url, "proposal", "list", "--json", folder=folder)
    assert {(p["reference"], p["workflow_version"]) for p in json.loads(out)} == {
        ("FD902", 1), ("FD903", 2),
    }  # fmt: skip
    assert run(db_url, "verify", folder=folder)[1] == "ok: 2 proposals verified\n"


def test_govflow_workflows_names_several_folders(
    db_url: str, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("GOVFLOW_WORKFLOWS", os.pathsep.join([str(empty), str(folder)]))
    code, _, err = run(db_url, "proposal", "raise", "FD904", "--title", "A fictional change",
                       "--on", "2024-02-01", "--flag", "urgent")  # fmt: skip
    assert code == 0, err
    assert "fictional-change" in run(db_url, "workflow", "list")[1]
    monkeypatch.setenv("GOVFLOW_WORKFLOWS", str(tmp_path / "missing"))
    code, _, err = run(db_url, "workflow", "list")
    assert code == 1
    assert "no workflow folder or file" in err and "GOVFLOW_WORKFLOWS" in err
