"""The definitions a database holds, reconciled with the files loaded, and pinning a proposal to
one.

A database stores each definition version the first time a proposal is pinned to it
(:mod:`govflow.store.definitions`). Opening it, every stored version whose file is not loaded is
read from the database, so its proposals can be shown, exported and verified without the file;
a loaded file that has the name and version of a stored definition but other text is refused:
the proposals pinned to that version were recorded under the stored rules.
"""

from __future__ import annotations

from collections.abc import Iterable

from govflow.errors import InvalidWorkflow
from govflow.store import definitions
from govflow.store.definitions import StoredDefinition
from govflow.store.hashing import ChainBreak
from govflow.store.session import Connection
from govflow.workflow.definition import Workflow
from govflow.workflow.loader import parse_workflow

STORED = "stored in the database"


def reconcile(loaded: Iterable[Workflow], stored: Iterable[StoredDefinition]) -> list[Workflow]:
    """The loaded workflows plus the stored ones no file supplies; refuse an edited file."""
    found = {(wf.name, wf.version): wf for wf in loaded}
    for s in stored:
        wf = found.get((s.name, s.version))
        if wf is None:
            found[(s.name, s.version)] = parse_workflow(
                s.source, source=f"{s.name} version {s.version} ({STORED})"
            )
        elif definitions.fingerprint(wf.text) != s.fingerprint:
            raise InvalidWorkflow(wf.source, [_edited(s)])
    return list(found.values())


def _edited(s: StoredDefinition) -> str:
    return (
        f"{s.name} version {s.version} differs from the version {s.version} this database "
        f"stored when a proposal was first pinned to it (fingerprint {s.fingerprint[:12]}...): "
        "its proposals keep the stored rules. Do not edit a version in use: put the original "
        "back (or remove the file: the database has it), and add the change as a new file with "
        "a new `version:` number and its `in_force_from`"
    )


def pin(conn: Connection, wf: Workflow) -> str:
    """Store ``wf`` if no proposal was pinned to it yet; its fingerprint."""
    return definitions.store(conn, wf.name, wf.version, wf.text)


def definition_breaks(conn: Connection) -> list[ChainBreak]:
    """Stored definitions whose text no longer has their fingerprint."""
    return [
        ChainBreak(f"workflow {s.name} version {s.version}", 0,
                   "its stored source does not match its fingerprint: it was altered")
        for s in definitions.stored(conn)
        if not s.intact
    ]  # fmt: skip
