"""Database engines: URL or path to engine, SQLite settings, the default location, migrations.

SQLite runs with WAL, foreign keys on, a busy timeout and ``BEGIN IMMEDIATE`` for write
transactions (a read-then-write transaction would otherwise fail with SQLITE_BUSY under a
concurrent writer). Read-only work opens with ``read_only=True`` and a plain deferred BEGIN.
"""

from __future__ import annotations

import logging
import os
import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError

from govflow.errors import IntegrityError, InvalidInput
from govflow.store.migrations import HEAD

log = logging.getLogger(__name__)

ENV_VAR = "GOVFLOW_DB"
READ_ONLY = "govflow_read_only"
BUSY_TIMEOUT_MS = 10_000


def default_path() -> Path:
    """The embedded database used when no ``--db``/``GOVFLOW_DB`` is given."""
    from platformdirs import user_data_path

    return user_data_path("govflow", appauthor=False) / "govflow.db"


def resolve_url(target: str | os.PathLike[str] | None) -> str:
    """A SQLAlchemy URL from a path, a URL, ``GOVFLOW_DB`` or the default location."""
    if target is None:
        target = os.environ.get(ENV_VAR) or default_path()
    value = os.fspath(target)
    if "://" in value:
        try:
            make_url(value)
        except ArgumentError as exc:
            raise InvalidInput(f"{value!r} is not a database URL: {exc}") from None
        return value
    path = Path(value).expanduser()
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder; give a database file path or a URL")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(
            f"cannot create the folder for the database {path}: {exc.strerror}; "
            "give a path in a folder you can write to (--db PATH)"
        ) from None
    return f"sqlite:///{path.resolve()}"


def _sqlite_settings(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # A 16 MB page cache (the default is 2 MB): enough that a register of 100,000 proposals
        # keeps its index pages cached for writes, small enough that a long export's scan
        # leaves memory flat.
        cursor.execute("PRAGMA cache_size=-16384")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        # Straight to the driver: this runs once per transaction, on every write.
        connection.connection.driver_connection.execute("BEGIN" if read_only else "BEGIN IMMEDIATE")


def make_engine(target: str | os.PathLike[str] | None = None) -> Engine:
    url = resolve_url(target)
    try:
        engine = create_engine(url)
    except Exception as exc:  # bad driver name, missing DBAPI, ...
        raise InvalidInput(f"cannot use database {url!r}: {exc}") from None
    if engine.dialect.name == "sqlite":
        _sqlite_settings(engine)
    return engine


def current_revision(engine: Engine) -> str | None:
    """The schema revision of the database, or None for an empty one."""
    try:
        with engine.connect().execution_options(**{READ_ONLY: True}) as conn:
            if not _has_version_table(conn):
                return None
            value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            return None if value is None else str(value)
    except DatabaseError as exc:  # not a database, unreachable server, no permission, ...
        raise IntegrityError(f"cannot open the database {engine.url!r}: {exc.orig}") from None


def _has_version_table(conn: Any) -> bool:
    """Whether Alembic's table exists: one cheap query (the inspector costs more at start-up)."""
    if conn.dialect.name == "sqlite":
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        return conn.execute(text(sql)).first() is not None
    if conn.dialect.name == "postgresql":
        return conn.execute(text("SELECT to_regclass('alembic_version')")).scalar() is not None
    return bool(inspect(conn).has_table("alembic_version"))


def _alembic(engine: Engine, action: str, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        getattr(command, action)(config, revision)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the shipped migrations up to ``revision``."""
    _alembic(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Run the shipped migrations down to ``revision`` (``base``: an empty database)."""
    _alembic(engine, "downgrade", revision)


def ensure_schema(engine: Engine) -> bool:
    """Bring the schema to the shipped head; True when anything was done."""
    if current_revision(engine) == HEAD:
        return False
    log.info("upgrading %s to schema %s", engine.url, HEAD)
    upgrade(engine)
    return True


_ADOPTED: weakref.WeakSet[Engine] = weakref.WeakSet()


def adopt_engine(engine: Engine) -> Engine:
    """A caller's engine, given govflow's SQLite connection settings (once per engine)."""
    if engine.dialect.name == "sqlite" and engine not in _ADOPTED:
        _sqlite_settings(engine)
        _ADOPTED.add(engine)
    return engine
