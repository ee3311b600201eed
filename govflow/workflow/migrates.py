"""``migrates_from``: how a new version of a workflow takes the open proposals of an earlier one.

::

    migrates_from:
      0:                     # the earlier version
        stages:              # its stage -> this version's stage
          modification_proposal: modification_proposal
          refinement: refinement

A stage not listed cannot move: ``govflow workflow migrate`` refuses its proposals by name. The
earlier version's stage names are not checked here (that file may not be loaded); this
version's are (:func:`check_migrations`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from govflow.errors import hint
from govflow.workflow.definition import Workflow
from govflow.workflow.yaml_reader import Reader

MIGRATION_KEYS = {"stages"}


def parse_migrates_from(r: Reader, value: Any) -> dict[int, dict[str, str]]:
    """The ``migrates_from`` mapping: earlier version -> {old stage -> new stage}."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        r.problem("migrates_from", "expected a mapping of earlier version numbers")
        return {}
    found: dict[int, dict[str, str]] = {}
    for version, raw in value.items():
        path = f"migrates_from.{version}"
        if not isinstance(version, int) or isinstance(version, bool) or version < 0:
            r.problem(path, f"expected a version number (0, 1, ...), got {version!r}")
            continue
        data = r.mapping(raw, path, MIGRATION_KEYS)
        stages = data.get("stages")
        if (
            not isinstance(stages, dict)
            or not stages
            or not all(isinstance(k, str) and isinstance(v, str) for k, v in stages.items())
        ):
            r.problem(f"{path}.stages", "expected a mapping of old stage names to new ones")
            continue
        found[version] = dict(stages)
    return found


def check_migrations(wf: Workflow) -> Iterator[tuple[str, str]]:
    """Each mapping is from another version and leads to a stage this version has."""
    names = wf.state_names
    for version, stages in wf.migrates_from.items():
        path = f"migrates_from.{version}"
        if version == wf.version:
            yield path, f"a version cannot migrate from itself ({version})"
        for old, new in stages.items():
            if wf.state(new) is None:
                yield (
                    f"{path}.stages.{old}",
                    f"unknown stage {new!r}{hint(new, names)}; stages of version "
                    f"{wf.version}: {', '.join(names)}",
                )
