"""One compiled-statement cache for the engines the tests make, shared by engines of one kind.

SQLAlchemy compiles each statement once per engine and keeps the result in that engine's cache,
keyed by the dialect object among other things. The suite makes thousands of engines (every
``gf``, ``cli`` and ``api``: a database of its own per test), so it compiled the same statements
again in nearly every test: a quarter of a database test's CPU (benchmarks/README.md, "CI time,
round nine"). Here each engine that ``govflow.store.database.make_engine`` creates gets, through
the public ``compiled_cache`` execution option, a view of one process-wide cache whose keys name
the dialect by what its SQL depends on (back end, driver, parameter style, server version)
instead of by the object. A user's process holds one engine per database and keeps its own
cache; nothing in govflow changes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Dialect, Engine

from govflow.store import database

_LIMIT = 20_000  # entries; the suite uses a few thousand, a runaway text() would not grow it far
_SHARED: dict[tuple[Any, ...], Any] = {}


def _kind(dialect: Dialect) -> tuple[Any, ...]:
    return (type(dialect), dialect.driver, dialect.paramstyle, dialect.server_version_info)


class SharedCompiled:
    """What SQLAlchemy asks of a compiled cache (``get`` and item assignment), over the shared
    one; SQLAlchemy's key starts with the dialect."""

    @staticmethod
    def _key(key: tuple[Any, ...]) -> tuple[Any, ...]:
        return (_kind(key[0]), *key[1:])

    def get(self, key: tuple[Any, ...], default: Any = None) -> Any:
        return _SHARED.get(self._key(key), default)

    def __setitem__(self, key: tuple[Any, ...], value: Any) -> None:
        if len(_SHARED) >= _LIMIT:
            _SHARED.clear()
        _SHARED[self._key(key)] = value


_made_by_sqlalchemy = database.create_engine


def _create_engine(*args: Any, **kw: Any) -> Engine:
    engine = _made_by_sqlalchemy(*args, **kw)
    engine.update_execution_options(compiled_cache=SharedCompiled())
    return engine


def install() -> None:
    """From now on, govflow's engines in this process share compiled statements."""
    database.create_engine = _create_engine  # type: ignore[assignment]
