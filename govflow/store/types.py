"""Column types of govflow's own, shared by the SQLModel tables and the generated Core ones."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


class PortableJSON(TypeDecorator[Any]):
    """JSON, stored as JSONB on PostgreSQL. The PostgreSQL dialect is imported only when used:
    importing it costs more than the rest of the tables together."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import JSONB

            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(JSON())
