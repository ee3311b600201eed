"""The service's shared machinery: the engine, the workflow registry, transactions, and resolving
references and meeting places. Every public operation runs in exactly one transaction.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Row, insert, select
from sqlalchemy.exc import IntegrityError as SAIntegrityError
from sqlalchemy.exc import SQLAlchemyError

from govflow.dates import optional_date
from govflow.errors import GovflowError, IntegrityError, InvalidInput, NotFound, UnknownReference
from govflow.store import tables
from govflow.store.database import READ_ONLY
from govflow.workflow.definition import Situation, Workflow
from govflow.workflow.engine import Engine as RulesEngine
from govflow.workflow.references import Ref, parse_reference
from govflow.workflow.registry import Registry


def _cause(exc: SQLAlchemyError) -> str:
    return str(getattr(exc, "orig", None) or exc).strip()


@dataclass(frozen=True)
class Place:
    """Where something happened: a meeting (and maybe one of its items)."""

    meeting: Row[Any] | None = None
    item: Row[Any] | None = None
    code: str | None = None  # OPSG_49
    committee: str | None = None


class Core:
    """Holds the database engine and the workflows; opens one transaction per operation."""

    def __init__(self, engine: Engine, registry: Registry) -> None:
        self.engine = engine
        self.registry = registry
        self._widths: dict[tuple[str, int, str], int] = {}
        self._scheme_cache: dict[str, list[str]] = {}
        self._local = threading.local()  # the write transaction this thread holds, if any
        self._prefixes = sorted({p.prefix for wf in registry.all() for p in wf.references.prefixes})

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Core:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions --------------------------------------------------------------------------
    @contextmanager
    def _write(self, rollback: bool = False) -> Iterator[Connection]:
        """One write transaction. Called while this service already holds one (in this thread),
        it joins it, so a composite operation (a minutes import) is still one transaction.
        ``rollback`` undoes everything at the end: a dry run of the very same work."""
        active: Connection | None = getattr(self._local, "conn", None)
        if active is not None:
            yield active
            return
        try:
            with self.engine.connect() as conn:
                transaction = conn.begin()
                self._local.conn = conn
                try:
                    yield conn
                except BaseException:
                    transaction.rollback()
                    raise
                finally:
                    self._local.conn = None
                if rollback:
                    transaction.rollback()
                else:
                    transaction.commit()
        except GovflowError:
            raise
        except SAIntegrityError as exc:
            raise IntegrityError(f"the database refused the change: {exc.orig}") from None
        except SQLAlchemyError as exc:
            raise IntegrityError(f"database error: {_cause(exc)}") from None

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        active: Connection | None = getattr(self._local, "conn", None)
        if active is not None:  # inside a write: read what it has written so far
            yield active
            return
        try:
            options = {READ_ONLY: True}
            # begin() at once: one snapshot, also for reads made on the raw cursor
            with self.engine.connect().execution_options(**options) as conn, conn.begin():
                yield conn
        except GovflowError:
            raise
        except SQLAlchemyError as exc:
            raise IntegrityError(f"database error: {_cause(exc)}") from None

    # -- references ----------------------------------------------------------------------------
    def parse(self, reference: str) -> Ref:
        return parse_reference(reference, self._prefixes)

    def _schemes(self, ref: Ref) -> list[str]:
        """The reference schemes using the prefix (fixed for a service: cached, on every lookup)."""
        found = self._scheme_cache.get(ref.prefix)
        if found is None:
            codes = {wf.references.code for wf in self.registry.for_prefix(ref.prefix)}
            found = self._scheme_cache[ref.prefix] = sorted(codes)
        return found

    def _find(self, conn: Connection, reference: str) -> tuple[Row[Any], Ref]:
        """The proposal row a reference names, or UnknownReference with near matches."""
        ref = self.parse(reference)
        schemes = self._schemes(ref)
        try:
            return tables.proposal(conn, schemes, ref.number, ref.alternative), ref
        except NotFound:
            near = tables.nearby_numbers(conn, schemes, ref.number)
            raise UnknownReference(reference, [self.reference_of(r) for r in near]) from None

    def workflow_of(self, row: Any) -> Workflow:
        return self.registry.get(row.workflow, row.workflow_version)

    def rules(self, row: Any) -> RulesEngine:
        return self.registry.engine(row.workflow, row.workflow_version)

    def reference_of(self, row: Any) -> str:
        width = self._width_of(row.workflow, row.workflow_version, row.prefix)
        return tables.display(row, width)

    def _width_of(self, workflow: str, version: int, prefix: str) -> int:
        """The zero-padding of a prefix's numbers (MP099, SECMP0007), cached."""
        key = (workflow, version, prefix)
        width = self._widths.get(key)
        if width is None:
            found = self.registry.get(workflow, version).references.prefix(prefix)
            width = self._widths[key] = found.width if found else 0
        return width

    @staticmethod
    def situation(row: Any) -> Situation:
        return Situation(
            stage=row.stage,
            milestones=frozenset(row.milestones or ()),
            path=row.path,
            flags=frozenset(row.flags or ()),
        )

    # -- places and dates ----------------------------------------------------------------------
    def _place(self, conn: Connection, meeting: str | None, item: str | None) -> Place:
        if meeting is None:
            if item is not None:
                raise InvalidInput("an agenda item needs its meeting: give --meeting CODE too")
            return Place()
        row = tables.meeting(conn, meeting)
        committee = conn.execute(
            select(tables.committee_t.c.code).where(tables.committee_t.c.id == row.committee_id)
        ).scalar_one()
        code = f"{committee}_{row.number}"
        item_row = tables.item(conn, row, item, code) if item is not None else None
        return Place(row, item_row, code, committee)

    @staticmethod
    def _when(on: str | dt.date | None, place: Place) -> dt.date:
        """The date an event happened: as given, else the meeting's date, else today."""
        day = optional_date(on)
        if day is not None:
            return day
        if place.meeting is not None:
            return place.meeting.date  # type: ignore[no-any-return]
        return dt.datetime.now(dt.UTC).date()

    @staticmethod
    def _not_before(row: Any, day: dt.date, reference: str) -> None:
        if day < row.head_occurred_on:
            raise InvalidInput(
                f"{reference}'s latest event happened on {row.head_occurred_on}; an event on "
                f"{day} would put its history out of order. Fix a wrong earlier date with a "
                "correction (`govflow proposal correct`)."
            )

    def _register_committees(self, conn: Connection) -> None:
        """Add the committees every loaded workflow declares, when they are missing."""
        existing = set(conn.execute(select(tables.committee_t.c.code)).scalars())
        for wf in self.registry.all():
            for body in wf.bodies:
                if body.committee and body.code not in existing:
                    conn.execute(insert(tables.committee_t).values(code=body.code, name=body.name))
                    existing.add(body.code)
