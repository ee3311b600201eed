"""The index of the shipped workflow files (govflow/workflow/shipped_index.py): equal to what the
files make, used only for a file whose text it describes, and giving the workflow the file
parses to."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from govflow.errors import InvalidWorkflow
from govflow.workflow.definition import Workflow
from govflow.workflow.loader import load_file
from govflow.workflow.make_index import generate
from govflow.workflow.registry import Registry, shipped_dir, workflow_files
from govflow.workflow.shipped_index import INDEX_FILE, decode, encode, load, read

SHIPPED = workflow_files()


def test_the_committed_index_is_the_one_the_shipped_files_make() -> None:
    committed = (shipped_dir() / INDEX_FILE).read_text(encoding="utf-8")
    assert committed == generate(SHIPPED), (
        f"workflows/{INDEX_FILE} is out of date with the shipped workflow files (or with the "
        "loader): run `python -m govflow.workflow.make_index` and commit workflows/index.json"
    )


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_a_shipped_file_built_from_its_entry_is_the_file_parsed(path: Path) -> None:
    wf, parsed = load(path, read(shipped_dir())), load_file(path)
    assert type(wf) is Workflow
    for field in dataclasses.fields(Workflow):
        assert getattr(wf, field.name) == getattr(parsed, field.name), field.name
    assert wf == parsed


def test_a_shipped_file_the_index_does_not_describe_is_parsed_and_checked(tmp_path: Path) -> None:
    index = read(shipped_dir())
    edited = tmp_path / SHIPPED[0].name
    text = SHIPPED[0].read_text(encoding="utf-8")
    edited.write_text(text + "\n# an edit after the index was made\n", encoding="utf-8")
    assert load(edited, index) == load_file(edited)
    edited.write_text(text.replace("initial:", "initial_stage:", 1), encoding="utf-8")
    with pytest.raises(InvalidWorkflow, match="initial_stage"):
        load(edited, index)


def test_a_file_edited_in_place_is_read_again_even_at_the_same_size(tmp_path: Path) -> None:
    """A process keeps each file's text while its modification time and size stay the same."""
    index = read(shipped_dir())
    edited = tmp_path / SHIPPED[0].name
    text = SHIPPED[0].read_text(encoding="utf-8")
    edited.write_text(text + "# edit A\n", encoding="utf-8")
    assert load(edited, index).text.endswith("# edit A\n")
    before = edited.stat().st_mtime_ns
    edited.write_text(text + "# edit B\n", encoding="utf-8")
    os.utime(edited, ns=(before + 1_000_000, before + 1_000_000))
    assert load(edited, index).text.endswith("# edit B\n")
    edited.unlink()
    with pytest.raises(InvalidWorkflow, match="cannot read the file"):
        load(edited, index)


def test_without_a_readable_index_every_file_is_parsed(tmp_path: Path) -> None:
    assert read(tmp_path) == {}
    (tmp_path / INDEX_FILE).write_text("[not, an index", encoding="utf-8")
    assert read(tmp_path) == {}
    assert load(SHIPPED[0], read(tmp_path)) == load_file(SHIPPED[0])


@pytest.mark.parametrize(
    "entry", [{"file": "x.yaml"}, "not an entry", {"data": {"$map": 7}}, {"data": {"name": 7}}]
)
def test_an_entry_that_cannot_be_built_gives_way_to_the_file_parsed(
    tmp_path: Path, entry: Any
) -> None:
    copy = tmp_path / SHIPPED[0].name
    shutil.copyfile(SHIPPED[0], copy)
    index = {key: entry for key in read(shipped_dir())}
    assert load(copy, index) == load_file(copy)


ODD_DATA = {
    "text-keys": {"a": 1, "b": [True, None, 2.5, "x"]},
    "number-keys": {3: "Path 3", 1: {"draft": "open"}},
    "dates": {"in_force_from": dt.date(2018, 11, 1), "at": dt.datetime(2021, 1, 4, 10, 30)},
    "a-key-like-a-tag": {"$date": "2018-11-01"},
    "mixed-keys": {"a": 1, 2: "b", None: False},
    "nested": [[{"$map": []}], {}],
}


@pytest.mark.parametrize("data", ODD_DATA.values(), ids=ODD_DATA.keys())
def test_data_comes_back_from_the_index_as_yaml_read_it(data: Any) -> None:
    back = decode(json.loads(json.dumps(encode(data))))
    assert back == data
    assert [type(k) for k in back] == [type(k) for k in data]


def test_opening_the_shipped_workflows_reads_no_yaml() -> None:
    code = (
        "import sys; from govflow.workflow.registry import Registry; "
        "wf = Registry.shipped().get('sec-modification'); "
        "print(len(wf.states) > 5, wf.state(wf.initial) is not None, 'yaml' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split() == ["True", "True", "False"], (
        done.stderr
        or "a shipped file has no index entry, so it was read as YAML: run "
        "`python -m govflow.workflow.make_index` and commit workflows/index.json"
    )
    assert Registry.shipped().all() == Registry.from_paths(SHIPPED).all()


def test_make_index_writes_and_checks_the_index(tmp_path: Path) -> None:
    folder = tmp_path / "workflows"
    shutil.copytree(shipped_dir(), folder)
    (folder / INDEX_FILE).unlink()
    code = (
        "import sys; from pathlib import Path; from govflow.workflow import make_index as m; "
        f"m.shipped_dir = lambda: Path({str(folder)!r}); "
        "sys.exit(m.main(sys.argv[1:]))"
    )

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)

    assert run("check").returncode == 1
    assert run().returncode == 0
    assert json.loads((folder / INDEX_FILE).read_text(encoding="utf-8")) == json.loads(
        generate(SHIPPED)
    )
    done = run("check")
    assert done.returncode == 0, done.stdout
    assert "up to date" in done.stdout
