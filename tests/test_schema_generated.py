"""``store/schema.py`` (the Core tables govflow runs on) is generated from the SQLModel classes of
``store/models.py``: it must be current, and build the same tables."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

from govflow.store import schema, schema_gen


def test_schema_py_is_generated_from_the_current_models() -> None:
    current = Path(schema.__file__).read_text(encoding="utf-8")
    assert schema_gen.render(schema_gen.models_metadata()) == current, (
        "store/schema.py is out of date: run `python -m govflow.store.schema_gen`"
    )


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()], ids=["sqlite", "pg"])
def test_the_generated_tables_compile_to_the_models_ddl(dialect: object) -> None:
    models = schema_gen.models_metadata()
    assert sorted(models.tables) == sorted(schema.metadata.tables)
    for name, table in models.tables.items():
        ours = schema.metadata.tables[name]
        assert str(CreateTable(ours).compile(dialect=dialect)) == str(
            CreateTable(table).compile(dialect=dialect)
        )
        indexes = {i.name: str(CreateIndex(i).compile(dialect=dialect)) for i in table.indexes}
        assert {
            i.name: str(CreateIndex(i).compile(dialect=dialect)) for i in ours.indexes
        } == indexes


def test_the_generated_tables_keep_the_models_defaults() -> None:
    """Core inserts fill Python-side defaults (a meeting's kind, a deadline's status): they are
    not in the DDL, so they are compared here."""

    def defaults(metadata: MetaData) -> dict[str, object]:
        return {
            f"{t.name}.{c.name}": (c.default.arg if c.default is not None else None)
            for t in metadata.tables.values()
            for c in t.columns
        }

    found = defaults(schema.metadata)
    assert found == defaults(schema_gen.models_metadata())
    assert found["meeting.kind"] == "main" and found["proposal.version"] == 1


def test_the_generator_refuses_what_it_cannot_write() -> None:
    metadata = MetaData()
    Table("t", metadata, Column("n", Integer, default=lambda: 1))
    with pytest.raises(ValueError, match=r"t\.n: a callable default"):
        schema_gen.render(metadata)


def test_every_row_type_and_column_list_agrees_with_the_tables() -> None:
    """The tables are the one schema source (generated from models.py): the typed rows and the
    column lists the raw statements use are derived from them or held to them here."""
    from dataclasses import fields

    from govflow.model import Deadline, Event
    from govflow.store import reads, schema, writes

    def names(table: Any, *leave_out: str) -> tuple[str, ...]:
        return tuple(c.name for c in table.columns if c.name not in leave_out)

    assert tuple(f.name for f in fields(writes.ProposalRow)) == names(schema.proposal)
    assert names(schema.proposal) == writes.PROPOSAL_COLUMNS
    assert set(writes.EVENT_COLUMNS) | {"id"} == set(names(schema.event))
    assert names(schema.ledger) == writes.LOG_COLUMNS
    assert {f.name for f in fields(Deadline)} == set(names(schema.deadline, "proposal_id"))
    assert set(reads.DEADLINE_COLUMNS) == {f.name for f in fields(Deadline)}
    event_fields = {f.name for f in fields(Event)}
    assert set(names(schema.event, "id", "proposal_id")) <= event_fields
    assert set(reads.EVENT_FIELDS) - {"proposal_id", "committee_code", "meeting_number",
                                      "item_number", "meeting_date"} <= event_fields  # fmt: skip


def test_the_audit_exports_statement_reads_every_column_of_the_event_table() -> None:
    """``store/audit_sql.py: event_columns`` is written out as SQL text: every column of
    ``event`` is in it (the place as the meeting's and item's numbers, not their ids), so a
    column added to the table is exported, or this test says where to add it."""
    from govflow.store import audit_sql

    placed = {"id", "meeting_id", "item_id"}  # the row's own id; the place, read by its join
    for name, backend in audit_sql.BACKENDS.items():
        read = set(re.findall(r"\be\.(\w+)", audit_sql.event_columns(backend)))
        assert read == {c.name for c in schema.event.columns} - placed, name
