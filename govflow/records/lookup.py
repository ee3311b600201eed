"""Finding proposals by any of their references, and the workflow rules that govern each.

A :class:`Lookup` is built once per service over the workflow registry. The schemes behind a
reference prefix and the zero-padding of each prefix are fixed for its life, so both are cached:
every operation looks a proposal up.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from govflow.errors import NotFound, StaleProposal, UnknownReference
from govflow.records.closures import calendar_of
from govflow.store import tables
from govflow.store.rows import ProposalRecord, ReferenceRecord
from govflow.store.session import Connection, is_snapshot, once
from govflow.workflow.definition import Workflow
from govflow.workflow.references import Grammar, Ref, format_reference
from govflow.workflow.registry import Registry
from govflow.workflow.solutions import milestones_of
from govflow.workflow.state import ProposalState, state_from_row

if TYPE_CHECKING:  # the machine (and `transitions`) loads when one is built
    from govflow.workflow.machine import Machine
    from govflow.workflow.verdict import Rules  # the rule core's view: imported where built


def check_version(row: ProposalRecord, label: str, expected: int | None) -> None:
    """:class:`StaleProposal` when the caller named a version (``expected``) the proposal's row,
    read in this write transaction, no longer has: someone else wrote first."""
    if expected is not None and row.version != expected:
        raise StaleProposal(label, row.stage)


def written_version(row: ProposalRecord) -> int:
    """The version ``row`` (read in a write transaction) has once that write's one versioned
    update (:func:`govflow.store.tables.commit_events`) is made: one more. The write knows it, so
    its answer needs no second read."""
    return row.version + 1


def state_of(row: ProposalRecord) -> ProposalState:
    """A proposal as its row holds it (its whole history applied): what the rule core reads at
    the end of a history. Its windows and releases are not in the row; a write reads them when
    the rules may ask (see :class:`govflow.records.recording.Recorder`)."""
    state = state_from_row(  # each slot set once (see :func:`state_from_row`)
        row.workflow_version, row.stage, row.path, frozenset(row.flags or ()),
        tuple(row.milestones or ()), row.prefix, row.title, row.proposer, row.raised_on,
        row.head_occurred_on,
    )  # fmt: skip
    outcomes = row.outcomes
    if outcomes:  # a decision, vote or solution on record (most rows have none)
        state.vote = outcomes.get("vote")
        state.decisions = tuple(outcomes.get("decisions", ()))
        state.solutions = tuple(outcomes.get("solutions", ()))
        state.votes = dict(outcomes.get("votes", {}))
        state.solution_milestones = {
            k: tuple(v) for k, v in outcomes.get("solution_milestones", {}).items()
        }
        state.record_too = tuple(outcomes.get("record_too", ()))
        state.shared = {k: tuple(v) for k, v in outcomes.get("shared", {}).items()}
        state.unknown_flags = frozenset(outcomes.get("flags_not_on_record", ()))
        state.unknown_milestones = frozenset(outcomes.get("milestones_may_be", ()))
    return state


@functools.cache
def _rules_type() -> type[Rules]:
    """The rule core's view's class, imported when first a write judges (a read that judges
    nothing needs none; an import statement run at every write cost it 8,000 instructions)."""
    from govflow.workflow.verdict import Rules

    return Rules


class Lookup:
    """References to proposal rows, and proposal rows to their workflow, rules and label."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._forms: dict[tuple[str, int, str], tuple[int, str]] = {}  # width, alternative label
        self._scheme_cache: dict[str, list[str]] = {}
        self._machines: dict[tuple[str, int], Machine] = {}
        #: Every reference prefix the loaded workflows use (MP, DP, SECMP, ...).
        self.prefixes = sorted({p.prefix for wf in registry.all() for p in wf.references.prefixes})
        #: Every reference form the loaded workflows write (SEC, UNC, CUSC, BSC, ...).
        self.grammar = Grammar(wf.references for wf in registry.all())

    def parse(self, reference: str) -> Ref:
        """A reference as written (``MP 122A``, ``SECMP0122``, ``0678AV``), in any known form."""
        return self.grammar.parse(reference)

    def schemes(self, prefix: str) -> list[str]:
        """The reference schemes using ``prefix``."""
        found = self._scheme_cache.get(prefix)
        if found is None:
            codes = {wf.references.code for wf in self.registry.for_prefix(prefix)}
            found = self._scheme_cache[prefix] = sorted(codes)
        return found

    def find(
        self, conn: Connection, reference: str, ref: Ref | None = None
    ) -> tuple[ProposalRecord, Ref]:
        """The proposal row a reference names, or UnknownReference with near matches (``ref``:
        ``reference`` as :meth:`parse` reads it, when the caller has read it already; found once
        in a read snapshot, where a page's reads each ask)."""
        if not is_snapshot(conn):  # a write reads it at every call (see :func:`once`)
            return self._find(conn, reference, ref)
        return once(conn, ("find", reference), lambda: self._find(conn, reference, ref))

    def _find(
        self, conn: Connection, reference: str, ref: Ref | None
    ) -> tuple[ProposalRecord, Ref]:
        ref = self.parse(reference) if ref is None else ref
        schemes = self.schemes(ref.prefix)
        try:
            return tables.proposal(conn, schemes, ref.number, ref.alternative), ref
        except NotFound:
            found = self._solution_of(conn, schemes, ref)
            if found is not None:
                return found, ref
            near = tables.nearby_numbers(conn, schemes, ref.number)
            raise UnknownReference(reference, [self.label(r) for r in near]) from None

    @staticmethod
    def _solution_of(conn: Connection, schemes: list[str], ref: Ref) -> ProposalRecord | None:
        """The proposal whose record holds the alternative solution ``ref`` names (MP122A)."""
        if not ref.alternative:
            return None
        try:
            row = tables.proposal(conn, schemes, ref.number, "")
        except NotFound:
            return None
        solutions = (row.outcomes or {}).get("solutions", ())
        return row if f"{ref.alternative_label}{ref.alternative}" in solutions else None

    def original_of(self, ref: Ref) -> str:
        """The reference of the proposal ``ref`` names, without its alternative or marks, padded
        as its scheme reads it (``0678`` for ``0678AV``, ``MP122`` for ``MP122A``)."""
        found = self.registry.for_prefix(ref.prefix)
        prefix = found[0].references.prefix(ref.prefix) if found else None
        return format_reference(ref.prefix, ref.number, "", prefix.width if prefix else 0)

    def alternative_label(self, ref: Ref) -> str:
        """The label the code of ``ref`` numbers its alternatives after (WACM), or ""."""
        found = (wf.references.alternative_label for wf in self.registry.for_prefix(ref.prefix))
        return next((label for label in found if label), "")

    def workflow_of(self, row: ReferenceRecord) -> Workflow:
        return self.registry.get(row.workflow, row.workflow_version)

    def stage_label(self, row: ReferenceRecord, stage: str) -> str:
        """``stage`` as the row's workflow writes it (``Pending Implementation``)."""
        spec = self.workflow_of(row).state(stage)
        return spec.label if spec is not None else stage

    def rules(
        self, conn: Connection, row: ReferenceRecord, machine: Machine | None = None
    ) -> Rules:
        """The rule core's view of the row's workflow, with the calendar of ``conn``'s database
        (read when a window first needs it); ``machine`` is the row's version's
        (:meth:`machine`), when the caller has it already: the rule core asks for that version
        first, and the registry for any other."""
        if machine is None:
            return self.registry.rules(row.workflow, lambda: calendar_of(conn))
        registry, name, known = self.registry, row.workflow, machine.workflow.version

        def version(number: int) -> tuple[Workflow, Machine]:
            if number == known:
                return machine.workflow, machine
            return registry.get(name, number), registry.machine(name, number)

        return _rules_type()(name, version, lambda: calendar_of(conn))

    def machine(self, row: ReferenceRecord) -> Machine:
        """The machine of the row's workflow version (the registry's, kept by name and version:
        a definition never changes once loaded)."""
        key = (row.workflow, row.workflow_version)
        found = self._machines.get(key)
        if found is None:
            found = self._machines[key] = self.registry.machine(*key)
        return found

    def label(self, row: ReferenceRecord) -> str:
        """The reference a proposal goes by now, padded as its workflow writes it (MP099, 0678A);
        status marks are not part of it (see :meth:`marks`)."""
        prefix = row.prefix
        width, label = self._form(row.workflow, row.workflow_version, prefix)
        return format_reference(prefix, row.number, row.alternative, width, label)

    def marks(self, row: ReferenceRecord, flags: Iterable[str], milestones: Iterable[str]) -> str:
        """The status marks a proposal of ``row``'s scheme is written with while it has these
        flags and milestones (``FT`` of 0701FT); "" for a scheme without marks."""
        return self.registry.get(row.workflow, row.workflow_version).references.marks_of(
            flags, milestones
        )

    def marked(self, row: ProposalRecord) -> str:
        """:meth:`label` with the marks the row's flags and milestones give (0701FT)."""
        return self.label(row) + self.marks(
            row, row.flags or (), milestones_of(state_of(row), "")
        )  # fmt: skip

    def written(self, workflow: str, version: int, prefix: str, number: int, alt: str) -> str:
        """A reference padded as the workflow writes it (MP099, 0678A, CMP315 WACM1)."""
        width, label = self._form(workflow, version, prefix)
        return format_reference(prefix, number, alt, width, label)

    def width(self, workflow: str, version: int, prefix: str) -> int:
        """The zero-padding of a prefix's numbers (MP099, SECMP0007)."""
        return self._form(workflow, version, prefix)[0]

    def _form(self, workflow: str, version: int, prefix: str) -> tuple[int, str]:
        """A prefix's padding and its scheme's alternative label, looked up once (the register
        writes every row's reference with them)."""
        key = (workflow, version, prefix)
        form = self._forms.get(key)
        if form is None:
            references = self.registry.get(workflow, version).references
            found = references.prefix(prefix)
            form = self._forms[key] = (found.width if found else 0, references.alternative_label)
        return form
