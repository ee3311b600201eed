"""What a :class:`Lookup` keeps for its life is what the registry gives: the machine of each
workflow version (kept by name and version), the label written from the kept padding, and the
rule core's view made by the verdict's class; an unknown version is refused every time, never
kept. References here are invented (MP9xx)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from govflow.errors import UnknownWorkflow
from govflow.records.lookup import Lookup
from govflow.workflow.references import format_reference
from govflow.workflow.registry import Registry
from govflow.workflow.verdict import Rules

REGISTRY = Registry.shipped()
VERSIONS = [(wf.name, wf.version) for wf in REGISTRY.all()]


def _row(name: str, version: int, **values: object) -> SimpleNamespace:
    wf = REGISTRY.get(name, version)
    prefix = wf.references.prefixes[0].prefix
    return SimpleNamespace(
        workflow=name, workflow_version=version, prefix=prefix, number=907, alternative="",
        **values,
    )  # fmt: skip


def test_each_version_s_machine_is_the_registry_s() -> None:
    lookup = Lookup(REGISTRY)
    for _ in range(2):  # asked, then kept
        for name, version in VERSIONS:
            machine = lookup.machine(_row(name, version))
            assert machine is REGISTRY.machine(name, version)
            assert machine.workflow is REGISTRY.get(name, version)


def test_an_unknown_version_is_refused_every_time() -> None:
    lookup = Lookup(REGISTRY)
    row = _row("sec-modification", 1)
    row.workflow_version = 99
    for _ in range(2):
        with pytest.raises(UnknownWorkflow):
            lookup.machine(row)
    assert ("sec-modification", 99) not in lookup._machines


@pytest.mark.parametrize("number", [7, 907, 12345, 0])
@pytest.mark.parametrize("alternative", ["", "A", "1"])
def test_a_label_is_the_reference_written_with_its_version_s_padding(
    number: int, alternative: str
) -> None:
    lookup = Lookup(REGISTRY)
    for name, version in VERSIONS:
        row = _row(name, version)
        row.number, row.alternative = number, alternative
        width = lookup.width(name, version, row.prefix)
        label = REGISTRY.get(name, version).references.alternative_label
        expected = format_reference(row.prefix, number, alternative, width, label)
        assert lookup.label(row) == lookup.written(name, version, row.prefix, number, alternative)
        assert lookup.label(row) == expected


def test_the_rules_of_a_row_are_the_rule_core_s_view_of_its_versions() -> None:
    lookup = Lookup(REGISTRY)
    row = _row("sec-modification", 2)
    machine = lookup.machine(row)
    rules = lookup.rules(None, row, machine)  # type: ignore[arg-type]
    assert type(rules) is Rules
    assert rules.of(2) == (machine.workflow, machine)
    assert rules.of(1) == (
        REGISTRY.get("sec-modification", 1),
        REGISTRY.machine("sec-modification", 1),
    )
