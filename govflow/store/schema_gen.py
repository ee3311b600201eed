"""Write ``govflow/store/schema.py``: the SQLModel tables of ``models.py`` as plain SQLAlchemy
Core ``Table`` objects, which is all govflow itself uses at run time.

``models.py`` stays the schema's source (the Python API, Alembic, the tests); defining its
classes costs a pydantic model and an ORM mapper per table at every start-up, most of what a
short command such as ``govflow proposal show`` spends beyond its imports. The generated module
builds the same tables without them. ``tests/test_schema_generated.py`` fails when the file and
the models disagree; after changing ``models.py`` run::

    python -m govflow.store.schema_gen
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Index, MetaData, Table, UniqueConstraint
from sqlalchemy.sql.elements import TextClause

TARGET = Path(__file__).with_name("schema.py")

_HEADER = '''"""The tables govflow reads and writes, as SQLAlchemy Core.

GENERATED from ``models.py`` by ``python -m govflow.store.schema_gen``: do not edit
(``tests/test_schema_generated.py`` checks that it matches).
"""

# fmt: off
from sqlalchemy import {imports}

from govflow.store.types import PortableJSON

metadata = MetaData(naming_convention={naming})
'''


_SA_NAMES = (
    "Boolean",
    "Column",
    "Date",
    "DateTime",
    "ForeignKey",
    "Index",
    "Integer",
    "JSON",
    "String",
    "UniqueConstraint",
    "text",
)


def _type(column: Column[Any]) -> str:
    """The column's type as source. SQLModel's ``AutoString`` is a ``String`` on every back end
    govflow supports (it differs only on MySQL)."""
    kind = type(column.type).__name__
    if kind == "AutoString":
        kind = "String"
    length = getattr(column.type, "length", None)
    allowed = {"String", "Integer", "Date", "DateTime", "Boolean", "PortableJSON", "JSON"}
    if kind not in allowed:
        raise ValueError(f"{column.table.name}.{column.name}: no rendering for type {kind}")
    return f"{kind}({length})" if length else f"{kind}()"


def _q(name: object) -> str:
    """A string as a double-quoted literal (the house style)."""
    return json.dumps(str(name))


def _value(value: Any) -> str:
    if isinstance(value, TextClause):
        return f"text({_q(value)})"
    if isinstance(value, str):
        return _q(value)
    if value is None or isinstance(value, int | float | bool):
        return repr(value)
    raise ValueError(f"no rendering for the default {value!r}")


def _column(column: Column[Any]) -> str:
    parts = [_q(column.name), _type(column)]
    parts += [f"ForeignKey({_q(fk.target_fullname)})" for fk in column.foreign_keys]
    if column.primary_key:
        parts.append("primary_key=True")
    if column.autoincrement is not True and column.autoincrement != "auto":
        parts.append(f"autoincrement={column.autoincrement!r}")
    parts.append(f"nullable={column.nullable!r}")
    for flag in ("index", "unique"):
        if getattr(column, flag):
            parts.append(f"{flag}=True")
    if column.default is not None:
        arg = column.default.arg  # type: ignore[attr-defined]
        if callable(arg):
            raise ValueError(f"{column.table.name}.{column.name}: a callable default")
        parts.append(f"default={_value(arg)}")
    if column.server_default is not None:
        parts.append(f"server_default={_value(column.server_default.arg)}")  # type: ignore[attr-defined]
    return _call("Column", parts)


def _index(index: Index) -> str:
    parts = [_q(index.name), *(_q(c.name) for c in index.columns)]
    if index.unique:
        parts.append("unique=True")
    parts += [f"{key}={_value(value)}" for key, value in sorted(index.dialect_kwargs.items())]
    return _call("Index", parts)


def _call(name: str, parts: list[str]) -> str:
    """``name(parts)`` as an element of a ``Table(...)``: on one line when it fits in 100
    columns, else a part a line."""
    line = f"{name}({', '.join(parts)})"
    if len(line) + 5 <= 100:
        return line
    return f"{name}(\n" + "".join(f"        {p},\n" for p in parts) + "    )"


def _table(table: Table) -> list[str]:
    lines = [f"{table.name} = Table(", f"    {_q(table.name)}, metadata,"]
    lines += [f"    {_column(c)}," for c in table.columns]
    uniques = [
        c for c in table.constraints
        if isinstance(c, UniqueConstraint) and not getattr(c, "_column_flag", False)
    ]  # fmt: skip
    for uq in sorted(uniques, key=lambda c: [col.name for col in c.columns]):
        lines.append(f"    UniqueConstraint({', '.join(_q(c.name) for c in uq.columns)}),")
    own = [i for i in table.indexes if not getattr(i, "_column_flag", False)]
    lines += [f"    {_index(i)}," for i in sorted(own, key=lambda i: str(i.name))]
    return [*lines, ")"]


def render(metadata: MetaData) -> str:
    """The source of ``schema.py`` for these tables."""
    convention = metadata.naming_convention.items()
    naming = "{\n" + "".join(f"    {_q(k)}: {_q(v)},\n" for k, v in convention) + "}"
    tables = ["\n".join(_table(table)) + "\n" for table in metadata.sorted_tables]
    body = "\n".join(tables)
    names = {"MetaData", "Table", *_SA_NAMES}
    used = [n for n in names if re.search(rf"\b{n}\(", body) or n in {"MetaData", "Table"}]
    used.sort(key=lambda n: (0 if n.isupper() else 1 if n[0].isupper() else 2, n))  # as isort
    one_line = ", ".join(used)
    imports = one_line if len(one_line) < 76 else "(\n" + "".join(f"    {n},\n" for n in used) + ")"
    header = _HEADER.replace("{naming}", naming).replace("{imports}", imports)
    return header + "\n\n" + body


def models_metadata() -> MetaData:
    from sqlmodel import SQLModel

    import govflow.store.models  # noqa: F401  (defines the tables on SQLModel.metadata)

    return SQLModel.metadata


if __name__ == "__main__":
    TARGET.write_text(render(models_metadata()), encoding="utf-8")
    print(f"wrote {TARGET}")
