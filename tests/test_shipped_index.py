"""The index of the shipped workflow files (govflow/workflow/shipped_index.py): equal to what the
files make, used only for a file whose text it describes, and parsed in full on first use."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from govflow.errors import InvalidWorkflow
from govflow.workflow import shipped_index
from govflow.workflow.definition import Workflow
from govflow.workflow.loader import load_file
from govflow.workflow.registry import Registry, shipped_dir, workflow_files
from govflow.workflow.shipped_index import (
    INDEX_FILE,
    IndexedWorkflow,
    decode,
    encode,
    generate,
    load,
    read,
)

SHIPPED = workflow_files()


def test_the_committed_index_is_the_one_the_shipped_files_make() -> None:
    committed = (shipped_dir() / INDEX_FILE).read_text(encoding="utf-8")
    assert committed == generate(SHIPPED), (
        f"{INDEX_FILE} is out of date with the shipped workflow files (or with the loader): "
        "run `python -m govflow.workflow.shipped_index` and commit workflows/index.json"
    )


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_a_shipped_file_is_registered_from_its_entry_and_equals_the_file_parsed(
    path: Path,
) -> None:
    wf = load(path, read(shipped_dir()))
    assert isinstance(wf, IndexedWorkflow)
    assert "states" not in vars(wf)  # not parsed yet
    parsed = load_file(path)
    for name in shipped_index.HEADER:
        assert vars(wf)[name] == getattr(parsed, name), name
    assert wf == parsed and parsed == wf  # reading the fields builds the rest
    for field in dataclasses.fields(Workflow):  # each the first read of a fresh one
        fresh = load(path, read(shipped_dir()))
        assert getattr(fresh, field.name) == getattr(parsed, field.name), field.name
    assert wf.state(wf.initial) == parsed.state(parsed.initial)


def test_a_shipped_file_the_index_does_not_describe_is_parsed_and_checked_when_loaded(
    tmp_path: Path,
) -> None:
    index = read(shipped_dir())
    edited = tmp_path / SHIPPED[0].name
    text = SHIPPED[0].read_text(encoding="utf-8")
    edited.write_text(text + "\n# an edit after the index was made\n", encoding="utf-8")
    wf = load(edited, index)
    assert not isinstance(wf, IndexedWorkflow)
    assert wf.source == str(edited)
    edited.write_text(text.replace("initial:", "initial_stage:", 1), encoding="utf-8")
    with pytest.raises(InvalidWorkflow, match="initial_stage"):
        load(edited, index)


def test_without_a_readable_index_every_file_is_parsed(tmp_path: Path) -> None:
    assert read(tmp_path) == {}
    (tmp_path / INDEX_FILE).write_text("[not, an index", encoding="utf-8")
    assert read(tmp_path) == {}
    wf = load(SHIPPED[0], read(tmp_path))
    assert type(wf) is Workflow


def test_the_registry_parses_a_shipped_workflow_only_when_it_is_first_used() -> None:
    registry = Registry.shipped()
    assert all(isinstance(wf, IndexedWorkflow) for wf in registry.all())
    assert [wf for wf in registry.all() if "states" in vars(wf)] == []
    chosen = registry.get("sec-modification")
    assert chosen.version == max(registry.versions("sec-modification"))
    assert chosen.state(chosen.initial) is not None
    assert [wf.key for wf in registry.all() if "states" in vars(wf)] == [chosen.key]
    assert registry.machine("sec-modification").workflow == chosen


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


def test_a_workflow_built_from_the_index_needs_no_yaml() -> None:
    code = (
        "import sys; from govflow.workflow.registry import Registry; "
        "wf = Registry.shipped().get('sec-modification'); "
        "print(len(wf.states) > 5, wf.state(wf.initial) is not None, 'yaml' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split() == ["True", "True", "False"], done.stderr


def test_the_index_module_writes_and_checks_the_index(tmp_path: Path) -> None:
    folder = tmp_path / "workflows"
    shutil.copytree(shipped_dir(), folder)
    (folder / INDEX_FILE).unlink()
    code = (
        "import sys; from pathlib import Path; from govflow.workflow import registry, "
        "shipped_index as s; "
        f"registry.shipped_dir = lambda: Path({str(folder)!r}); "
        "sys.exit(s.main(sys.argv[1:]))"
    )

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)

    assert run("--check").returncode == 1
    assert run().returncode == 0
    assert json.loads((folder / INDEX_FILE).read_text(encoding="utf-8")) == json.loads(
        generate(SHIPPED)
    )
    done = run("--check")
    assert done.returncode == 0, done.stdout
    assert "up to date" in done.stdout
