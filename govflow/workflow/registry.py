"""Where workflow definitions come from: the shipped ``workflows/`` folder, plus extra files.

A :class:`Registry` loads every definition once, keeps every version of each, and builds one
:class:`~govflow.workflow.machine.Machine` per version on first use.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from govflow.calendar import WorkingCalendar
from govflow.errors import InvalidInput, InvalidWorkflow, Remedy, UnknownWorkflow, hint
from govflow.limits import WORKFLOW_FILES, is_regular
from govflow.workflow import shipped_index
from govflow.workflow.definition import Workflow
from govflow.workflow.loader import load_file

if TYPE_CHECKING:  # the machine (and `transitions`) loads when one is built
    from govflow.workflow.machine import Machine
    from govflow.workflow.verdict import Rules  # the rule core's view: imported where built

WORKFLOW_SUFFIXES = (".yaml", ".yml")
#: Folders of workflow files to load besides the shipped ones, separated by ``os.pathsep``.
ENV_VAR = "GOVFLOW_WORKFLOWS"


def shipped_dir() -> Path:
    """The folder of shipped definitions: inside the installed package, or the source tree's."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "workflows"
    return installed if installed.is_dir() else package.parent / "workflows"


def workflow_files(folder: Path | None = None) -> list[Path]:
    """The ``*.yaml``/``*.yml`` files of ``folder`` (default: the shipped ones): at most
    :data:`~govflow.limits.WORKFLOW_FILES` of them, each a regular file (or a link to one)."""
    folder = folder or shipped_dir()
    most = WORKFLOW_FILES.value()
    found: list[Path] = []
    for path in folder.iterdir():
        if path.suffix not in WORKFLOW_SUFFIXES:
            continue
        if len(found) == most:
            raise WORKFLOW_FILES.exceeded(f"the workflow folder {str(folder)!r}")
        if not is_regular(path):
            raise InvalidInput(
                f"{str(path)!r} is not a regular file (a folder, a device, a pipe or a broken "
                "link), so it cannot be a workflow file: move it out of the workflow folder"
            )
        found.append(path)
    return sorted(found)


def expand(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Definition files from files and folders (a folder gives its ``*.yaml``/``*.yml``)."""
    found: list[Path] = []
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            found.extend(workflow_files(path))
        elif is_regular(path):
            found.append(path)
        elif path.exists():
            raise InvalidInput(f"the workflow file {str(path)!r} is not a regular file (a device "
                               "or a pipe)", remedy=Remedy("check_workflows"))  # fmt: skip
        else:
            raise InvalidInput(
                f"no workflow folder or file {str(path)!r}", remedy=Remedy("check_workflows")
            )
    return found


def from_env() -> list[str]:
    """The folders ``GOVFLOW_WORKFLOWS`` names (empty entries skipped)."""
    return [p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]


def check_files(paths: Iterable[Path]) -> Iterator[tuple[Path, InvalidWorkflow | None]]:
    """Load each file; yield it with its problems (None when it passes)."""
    for path in paths:
        try:
            load_file(path)
        except InvalidWorkflow as exc:
            yield path, exc
        else:
            yield path, None


class Registry:
    """Every loaded workflow, by name and version, with their machines."""

    def __init__(self, workflows: Iterable[Workflow]) -> None:
        self._versions: dict[str, dict[int, Workflow]] = {}
        self._machines: dict[tuple[str, int], Machine] = {}
        for wf in workflows:
            versions = self._versions.setdefault(wf.name, {})
            if wf.version in versions:
                other = versions[wf.version].source
                raise InvalidWorkflow(
                    wf.source, [f"{wf.name} version {wf.version} is also defined in {other}"]
                )
            versions[wf.version] = wf

    @classmethod
    def from_paths(cls, paths: Iterable[Path]) -> Registry:
        return cls(load_file(p) for p in paths)

    @classmethod
    def shipped(cls, extra: Iterable[str | os.PathLike[str]] = ()) -> Registry:
        """The shipped definitions and those in ``extra`` (files or folders), each checked. A
        shipped file its index describes is built from the index's data, without reading YAML
        (:mod:`~govflow.workflow.shipped_index`); any other file is parsed."""
        folder = shipped_dir()
        index = shipped_index.read(folder)
        shipped = (shipped_index.load(p, index) for p in workflow_files(folder))
        return cls([*shipped, *(load_file(p) for p in expand(extra))])

    @property
    def names(self) -> list[str]:
        return sorted(self._versions)

    def all(self) -> list[Workflow]:
        return [self._versions[n][v] for n in self.names for v in sorted(self._versions[n])]

    def get(self, name: str, version: int | None = None, on: dt.date | None = None) -> Workflow:
        """A workflow by name: the given version, else the highest version in force on ``on``."""
        versions = self._versions.get(name)
        if not versions:
            raise UnknownWorkflow(
                f"unknown workflow {name!r}{hint(name, self.names)}; "
                f"known: {', '.join(self.names) or '(none)'}"
            )
        if version is not None:
            if version not in versions:
                raise UnknownWorkflow(
                    f"workflow {name!r} has no version {version}; "
                    f"versions: {', '.join(map(str, sorted(versions)))}"
                )
            return versions[version]
        in_force = [wf for wf in versions.values() if on is None or wf.in_force_from <= on]
        if not in_force:
            first = min(versions.values(), key=lambda wf: wf.in_force_from)
            raise UnknownWorkflow(
                f"workflow {name!r} was not in force on {on}; its first version starts "
                f"{first.in_force_from}"
            )
        # The highest version in force: a later version supersedes the earlier ones from its
        # own in_force_from, even when that is earlier than theirs (BSC version 2, from 2001,
        # corrects version 1, from 2014).
        return max(in_force, key=lambda wf: wf.version)

    def versions(self, name: str) -> list[int]:
        """The versions defined for a workflow, oldest first."""
        self.get(name)
        return sorted(self._versions[name])

    def machine(self, name: str, version: int | None = None) -> Machine:
        wf = self.get(name, version)
        key = (wf.name, wf.version)
        if key not in self._machines:
            # Imported here: reading a proposal needs no machine, and `transitions` costs start-up.
            from govflow.workflow.machine import Machine

            self._machines[key] = Machine(wf)
        return self._machines[key]

    def rules(self, name: str, calendar: WorkingCalendar | Callable[[], WorkingCalendar]) -> Rules:
        """The rule core's view of workflow ``name``: each version with its machine."""
        self.get(name)

        def version(number: int) -> tuple[Workflow, Machine]:
            return self.get(name, number), self.machine(name, number)

        from govflow.workflow.verdict import Rules  # a read that judges nothing needs none

        return Rules(name, version, calendar)

    def for_prefix(self, prefix: str) -> list[Workflow]:
        """The latest version of every workflow whose reference scheme uses ``prefix``."""
        found = [self.get(n) for n in self.names]
        return [wf for wf in found if wf.references.prefix(prefix) is not None]
