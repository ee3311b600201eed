"""Each typed row (``store/rows.py``) has its table's columns, of the types they read back, null
where the column may be; and no use case takes a row as ``Any`` beyond the shrinking list."""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import pytest
from sqlalchemy import Boolean, Date, DateTime, Integer, String, Table

from govflow.store import paging, rows, schema
from govflow.store.types import PortableJSON

PACKAGE = Path(__file__).resolve().parent.parent / "govflow"
_PYTHON = {Integer: int, String: str, Date: dt.date, DateTime: dt.datetime, Boolean: bool}
#: Modules that still take a row as ``Any``, and why (none since issue 23: keep it so).
ANY_ROWS: dict[str, int] = {}


def _members(protocol: type) -> dict[str, Any]:
    names = [n for n, v in vars(protocol).items() if isinstance(v, property)]
    return {n: typing.get_type_hints(getattr(protocol, n).fget)["return"] for n in names}


def _nullable(hint: Any) -> tuple[Any, bool]:
    if get_origin(hint) in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        return args[0], len(args) < len(get_args(hint))
    return hint, False


@pytest.mark.parametrize("protocol", list(rows.TABLES), ids=lambda p: p.__name__)
def test_a_typed_row_has_its_tables_columns(protocol: type) -> None:
    table = schema.metadata.tables[rows.TABLES[protocol]]
    members = _members(protocol)
    assert list(members) == [c.name for c in table.columns]
    for column in table.columns:
        hint, nullable = _nullable(members[column.name])
        assert nullable == bool(column.nullable), column.name
        if isinstance(column.type, PortableJSON):
            assert get_origin(hint) in (list, dict), column.name
        else:
            python = next(p for k, p in _PYTHON.items() if isinstance(column.type, k))
            assert hint is python, column.name


def test_the_proposal_as_verify_reads_it_has_the_tables_columns() -> None:
    """``StoredProposal`` is built from a row of every column (``StoredProposal(**values)``)."""
    table = schema.metadata.tables["proposal"]
    assert list(typing.get_type_hints(rows.StoredProposal)) == [c.name for c in table.columns]


def test_no_new_row_is_typed_any() -> None:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        count = len(re.findall(r"\brows?: Any\b|Row\[Any\]", text))
        if count:
            found[str(path.relative_to(PACKAGE))] = count
    over = {k: v for k, v in found.items() if v > ANY_ROWS.get(k, 0)}
    assert over == {}, "type these rows (store/rows.py): " + repr(over)


def test_the_register_page_row_names_the_statements_columns_in_order() -> None:
    """``RegisterValues`` is the register page's statement row: one field per column, in its
    order (a table's column by its name, or its table's and its name: ``meeting_number``)."""
    fields = paging.RegisterValues._fields
    for dialect in ("sqlite", "postgresql"):
        columns = list(paging.register_query(dialect).selected_columns)
        assert len(columns) == len(fields), dialect
        for field, column in zip(fields, columns, strict=True):
            table = getattr(column, "table", None)
            if isinstance(table, Table):  # a table's column, not an expression
                assert field in (column.name, f"{table.name}_{column.name}"), (field, column)
