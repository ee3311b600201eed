"""Database engines: a target to an engine, SQLite settings, the schema and its migrations.

SQLite runs with WAL, foreign keys on, a busy timeout and ``BEGIN IMMEDIATE`` for write
transactions (a read-then-write transaction would otherwise fail with SQLITE_BUSY under a
concurrent writer). Read-only work opens with ``read_only=True`` and a plain deferred BEGIN; an
engine made with ``read_only=True`` opens an SQLite file read-only (``mode=ro``) and sets
PostgreSQL sessions read-only, so a database that cannot be written can still be read.

:func:`prepare` says what a database is before anything is written to it (see
:class:`Schema`): govflow creates its tables only in a new or empty database, upgrades only its
own, and refuses another program's database and a newer govflow's.
"""

from __future__ import annotations

import enum
import os
import weakref
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DatabaseError

from govflow.errors import IntegrityError, InvalidInput, Remedy, UnusableDatabase
from govflow.safe_text import logger
from govflow.store.location import ENV_VAR, default_path, hide_password, resolve
from govflow.store.migrations import HEAD, KNOWN

log = logger(__name__)  # user text in a record is escaped (safe_text.EscapingFilter)

__all__ = ["ENV_VAR", "HEAD", "default_path", "make_engine", "prepare", "shown"]

READ_ONLY = "govflow_read_only"
BUSY_TIMEOUT_MS = 10_000
_MIGRATION_LOCK = 0x60F10  # pg_advisory_xact_lock key: one migrating process at a time


def make_engine(target: str | os.PathLike[str] | None = None, *, create: bool = True,
                read_only: bool = False) -> Engine:  # fmt: skip
    """An engine over ``target``; ``create`` allows an SQLite file that does not exist yet."""
    where = resolve(target, create=create and not read_only)
    url = where.url
    if read_only and where.path is not None:
        url = where.read_only_url(immutable=not _writable_beside(where.path))
    try:
        engine = create_engine(url)
    except Exception as exc:  # bad driver name, missing DBAPI, ...
        message = hide_password(str(exc), where.url.password and str(where.url.password))
        raise InvalidInput(f"cannot use database {where.shown!r}: {message}") from None
    if engine.dialect.name == "sqlite":
        _sqlite_settings(engine, read_only)
    elif read_only and engine.dialect.name == "postgresql":
        _postgresql_read_only(engine)
    return engine


def shown(engine: Engine) -> str:
    """How messages name the database: a file's path, else the URL without its password."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return unquote(url.database.removeprefix("file:"))
    return url.render_as_string(hide_password=True)


def _writable_beside(path: Path) -> bool:
    """Whether SQLite can keep a WAL database's shared-memory file next to ``path``."""
    shm = Path(f"{path}-shm")
    return os.access(shm, os.W_OK) if shm.exists() else os.access(path.parent, os.W_OK)


def _postgresql_read_only(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        dbapi_connection.commit()


# The statement an SQLite engine's write transaction begins with, which :class:`Store.write
# <govflow.store.session.Store>` issues on the driver's connection itself (SQLAlchemy's own
# begin and commit cost more than the two statements); an engine not here (PostgreSQL) is
# left to SQLAlchemy.
_WRITE_BEGIN: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def write_begin(engine: Engine) -> str | None:
    """``BEGIN IMMEDIATE`` (``BEGIN`` on a read-only file) for an SQLite engine govflow set up;
    None for any other, whose transactions SQLAlchemy begins."""
    return _WRITE_BEGIN.get(engine)


def _sqlite_settings(engine: Engine, read_only: bool) -> None:
    _WRITE_BEGIN[engine] = "BEGIN" if read_only else "BEGIN IMMEDIATE"

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not read_only and _at_head(cursor):  # a new one is switched once made: see prepare
            _wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
        # A 16 MB page cache (the default is 2 MB): enough that a register of 100,000 proposals
        # keeps its index pages cached for writes, small enough that a long export's scan
        # leaves memory flat.
        cursor.execute("PRAGMA cache_size=-16384")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        driver = connection.connection.driver_connection
        if driver.in_transaction:  # begun by Store.write on the driver: SQLAlchemy joins it
            return
        reading = read_only or connection.get_execution_options().get(READ_ONLY, False)
        # Straight to the driver: this runs once per transaction.
        driver.execute("BEGIN" if reading else "BEGIN IMMEDIATE")


def _at_head(cursor: Any) -> bool:
    """Whether an SQLite connection's database is govflow's at this govflow's schema: only such
    a database is switched to WAL as it is opened. Another program's database, a newer govflow's
    and one that ``prepare`` will refuse are left exactly as they are (the journal mode is
    written into the file itself)."""
    sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    if cursor.execute(sql).fetchone() is None:
        return False
    row = cursor.execute("SELECT version_num FROM alembic_version").fetchone()
    return row is not None and row[0] == HEAD


def _wal(cursor: Any) -> None:
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] not in ("memory", "wal"):
        cursor.execute("PRAGMA journal_mode=WAL")


def _switch_to_wal(engine: Engine) -> None:
    """Put an SQLite database govflow has just created or upgraded in WAL mode (outside any
    transaction: SQLite changes the journal mode only there). Best effort: while another
    process holds the file the switch can be refused, and the next connection, which finds the
    database at the head, makes it."""
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        _wal(cursor)
        cursor.close()
    except Exception as exc:  # the driver's OperationalError ("database is locked")
        log.debug("WAL mode left for later: %s", exc)
    finally:
        raw.close()


def current_revision(engine: Engine) -> str | None:
    """The schema revision of the database, or None for an empty one."""
    try:
        with engine.connect().execution_options(**{READ_ONLY: True}) as conn:
            if not _has_version_table(conn):
                return None
            value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            return None if value is None else str(value)
    except DatabaseError as exc:  # not a database, unreachable server, no permission, ...
        raise IntegrityError(
            f"cannot open the database {shown(engine)}: {_cause(engine, exc)}"
        ) from None


def _cause(engine: Engine, exc: DatabaseError) -> str:
    password = engine.url.password
    return hide_password(str(exc.orig).strip(), str(password) if password else None)


def _has_version_table(conn: Any) -> bool:
    """Whether Alembic's table exists: one cheap query (the inspector costs more at start-up)."""
    if conn.dialect.name == "sqlite":
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        return conn.execute(text(sql)).first() is not None
    if conn.dialect.name == "postgresql":
        return conn.execute(text("SELECT to_regclass('alembic_version')")).scalar() is not None
    return bool(inspect(conn).has_table("alembic_version"))


def _run_alembic(conn: Connection, action: str, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.attributes["connection"] = conn
    getattr(command, action)(config, revision)


def _lock(conn: Connection) -> None:
    """One migrating process at a time: PostgreSQL's advisory lock, held to the transaction's
    end (SQLite's write transactions begin IMMEDIATE, which locks the file the same way)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})


def _alembic(engine: Engine, action: str, revision: str) -> None:
    with engine.begin() as conn:
        _lock(conn)
        _run_alembic(conn, action, revision)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the shipped migrations up to ``revision``."""
    _alembic(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Run the shipped migrations down to ``revision`` (``base``: an empty database)."""
    _alembic(engine, "downgrade", revision)


class Schema(enum.Enum):
    """What a database holds, as far as govflow is concerned."""

    CURRENT = "govflow's, at this govflow's schema"
    EMPTY = "empty: no tables at all"
    OLDER = "govflow's, at an older schema"
    NEWER = "at a schema revision this govflow does not know"
    FOREIGN = "another program's: tables, and no govflow schema"


def schema_of(engine: Engine) -> tuple[Schema, str | None, list[str]]:
    """What the database is, its schema revision, and (when not govflow's) its tables."""
    try:
        with engine.connect().execution_options(**{READ_ONLY: True}) as conn:
            return _schema_on(conn)
    except DatabaseError as exc:
        raise IntegrityError(
            f"cannot open the database {shown(engine)}: {_cause(engine, exc)}"
        ) from None


def _schema_on(conn: Connection) -> tuple[Schema, str | None, list[str]]:
    revision = None
    if _has_version_table(conn):
        value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        revision = None if value is None else str(value)
    if revision == HEAD:
        return Schema.CURRENT, revision, []
    if revision in KNOWN:
        return Schema.OLDER, revision, []
    if revision is not None:
        return Schema.NEWER, revision, []
    tables = sorted(inspect(conn).get_table_names())
    return (Schema.FOREIGN if tables else Schema.EMPTY), None, tables


def prepare(engine: Engine, *, create: bool = True, upgrade: bool = True) -> bool:
    """Make sure the database is govflow's and at the shipped schema; True when it was created
    or upgraded. ``create`` allows creating the schema in an empty database, ``upgrade``
    migrating an older one; anything else is :class:`UnusableDatabase` saying why, and a
    database refused is left untouched: nothing is written to it, not even a lock or a journal
    mode.

    Processes opening one database at once (``govflow serve --workers N``) look again under the
    migration lock and in the transaction that migrates: one creates or upgrades the schema, the
    others then find it current (and return False), never half-made or another program's."""
    state, revision, tables = schema_of(engine)
    if state is Schema.CURRENT:  # the usual case: no lock, no transaction
        return False
    _refuse(state, revision, tables, shown(engine), create=create, upgrade=upgrade)
    try:
        with engine.begin() as conn:
            _lock(conn)
            changed = _prepare_on(conn, shown(engine), create=create, upgrade=upgrade)
    except DatabaseError as exc:  # read-only, disk full, no permission to create tables
        raise IntegrityError(
            f"cannot create or upgrade the schema of {shown(engine)}: {_cause(engine, exc)}"
        ) from None
    if changed:
        _switch_to_wal(engine)
    return changed


def _refuse(state: Schema, revision: str | None, tables: list[str], where: str, *,
            create: bool, upgrade: bool) -> None:  # fmt: skip
    """Raise :class:`UnusableDatabase` for a database ``prepare`` may not create or upgrade."""
    if state is Schema.FOREIGN:
        listed = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        raise UnusableDatabase(
            f"{where} is not a govflow database: it holds {len(tables)} tables ({listed}) and no "
            "govflow schema. govflow creates its tables only in a new or empty database",
            remedy=Remedy("other_database"),
        )
    if state is Schema.NEWER:
        raise UnusableDatabase(
            f"{where} has schema revision {revision!r}, which this govflow does not know (it "
            f"knows up to {HEAD}): a newer govflow made it. Upgrade govflow to use it"
        )
    if state is Schema.EMPTY and not create:
        raise UnusableDatabase(f"no govflow database at {where} (it is empty)",
                               remedy=Remedy("create_database"))  # fmt: skip
    if state is Schema.OLDER and not upgrade:
        raise UnusableDatabase(f"{where} has schema {revision}, older than this govflow's "
                               f"{HEAD}", remedy=Remedy("upgrade_database"))  # fmt: skip


def _prepare_on(conn: Connection, where: str, *, create: bool, upgrade: bool) -> bool:
    """Under the migration lock: look again, then create or upgrade (or refuse)."""
    state, revision, tables = _schema_on(conn)
    if state is Schema.CURRENT:  # another process made it while this one waited for the lock
        return False
    _refuse(state, revision, tables, where, create=create, upgrade=upgrade)
    log.info("%s %s to schema %s", "creating" if revision is None else "upgrading", where, HEAD)
    _run_alembic(conn, "upgrade", "head")
    return True


def ensure_schema(engine: Engine) -> bool:
    """Bring the schema to the shipped head (creating it in an empty database); True when
    anything was done. Another program's or a newer govflow's database is refused."""
    return prepare(engine, create=True, upgrade=True)


_ADOPTED: weakref.WeakSet[Engine] = weakref.WeakSet()


def adopt_engine(engine: Engine) -> Engine:
    """A caller's engine, given govflow's SQLite connection settings (once per engine)."""
    if engine.dialect.name == "sqlite" and engine not in _ADOPTED:
        _sqlite_settings(engine, read_only=False)
        _ADOPTED.add(engine)
    return engine
