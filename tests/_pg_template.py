"""The PostgreSQL template of tests/conftest.py (see its docstring): a database of the test
session's own on the server under test, a pristine migrated *seed* schema in it and the *work*
schema the tests use, put back to the seed's state after each test."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from urllib.parse import quote

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

import govflow
from govflow.service import Govflow

Build = Callable[[Govflow], object]  # what writes a test's records (built_db_url)


def migrated(url: str) -> None:
    """Migrate the database at ``url`` as a first ``open_db`` does."""
    govflow.open_db(url).close()


# What a schema is made of (its relations, columns, constraints, triggers and functions), to
# show that a schema is back as it was (tests/test_fixtures.py). PostgreSQL's internal triggers
# (those of foreign keys) are left out: their names carry oids, which change when a schema is
# made again. The schema's oid is a parameter: joined from a CTE it kept the catalogs' indexes out
# of the plan (three times slower).
SHAPE = """
SELECT md5(string_agg(item, ',' ORDER BY item)) FROM (
    SELECT relname || '/' || CAST(relkind AS text) AS item
    FROM pg_class WHERE relnamespace = CAST(:oid AS oid)
    UNION ALL
    SELECT c.relname || '.' || a.attname || ':' || format_type(a.atttypid, a.atttypmod)
           || CAST(a.attnotnull AS text) || CAST(a.attgenerated AS text)
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace = CAST(:oid AS oid) AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT conname || ':' || pg_get_constraintdef(pg_constraint.oid)
    FROM pg_constraint WHERE connamespace = CAST(:oid AS oid)
    UNION ALL
    SELECT t.tgname || ':' || CAST(t.tgenabled AS text)
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE c.relnamespace = CAST(:oid AS oid) AND NOT t.tgisinternal
    UNION ALL
    SELECT proname || ':' || prosrc FROM pg_proc WHERE pronamespace = CAST(:oid AS oid)
) AS items
"""

# DDL on the work schema, noted by event triggers as it happens (in the transaction that does it,
# so a rolled-back change leaves no note): the reset then makes the schema anew. This costs one
# small query a test, where comparing the catalogs took 17-50 ms. Event triggers see every CREATE,
# ALTER, DROP, COMMENT, GRANT and REVOKE; PostgreSQL fires none only for databases, roles,
# tablespaces and event triggers themselves. A GRANT names no object, so any GRANT counts.
# tests/test_fixtures.py shows changes being caught.
_WATCH = """
CREATE SCHEMA gf_watch;
CREATE TABLE gf_watch.ddl (tag text NOT NULL, what text);
CREATE FUNCTION gf_watch.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO gf_watch.ddl SELECT command_tag, object_identity
    FROM pg_event_trigger_ddl_commands()
    WHERE schema_name = '{work}' OR object_identity = '{work}'
          OR starts_with(object_identity, '{work}.') OR object_identity IS NULL;
END $$;
CREATE FUNCTION gf_watch.on_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO gf_watch.ddl SELECT 'DROP ' || object_type, object_identity
    FROM pg_event_trigger_dropped_objects()
    WHERE schema_name = '{work}' OR object_identity = '{work}' OR address_names[1] = '{work}';
END $$;
CREATE EVENT TRIGGER gf_watch_ddl ON ddl_command_end EXECUTE FUNCTION gf_watch.on_ddl();
CREATE EVENT TRIGGER gf_watch_drop ON sql_drop EXECUTE FUNCTION gf_watch.on_drop();
"""


class PgDatabase:
    """The PostgreSQL template (see the module's docstring): a database of this session's own, a
    pristine migrated ``seed`` schema in it, and the ``work`` schema the tests use, put back to
    the seed's state after each test."""

    def __init__(self, server_url: str) -> None:
        tag = uuid.uuid4().hex[:12]
        self.name = f"gf_test_{tag}"
        self.server = create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        with self.server.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
            # Commits need not wait for the disk: nothing here outlives the session.
            conn.execute(text(f'ALTER DATABASE "{self.name}" SET synchronous_commit = off'))
        self.url = make_url(server_url).set(database=self.name).render_as_string(False)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")  # for schemas
        self.engine = create_engine(self.url)  # transactions, for the reset
        self.seed, self.work = "gf_seed", "gf_work"
        self.remade = 0  # how often the work schema was made anew (tests/test_fixtures.py)
        with self.admin.connect() as conn:
            conn.exec_driver_sql(_WATCH.format(work=self.work))
        for schema in (self.seed, self.work):
            self._create(schema)
        self.refill = self._refill_sql(self.seed)
        self.filled: dict[str, str] = {}  # the refill SQL from each built seed, by its schema

    def schema_url(self, schema: str) -> str:
        sep = "&" if "?" in self.url else "?"
        return f"{self.url}{sep}options={quote(f'-csearch_path={schema}')}"

    def _create(self, schema: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        migrated(self.schema_url(schema))
        with self.admin.connect() as conn:
            conn.execute(text("DELETE FROM gf_watch.ddl"))

    def shape(self, schema: str) -> str:
        with self.admin.connect() as conn:
            found = text("SELECT CAST(CAST(:s AS regnamespace) AS oid)")
            oid = conn.execute(found, {"s": schema}).scalar_one()
            return str(conn.execute(text(SHAPE), {"oid": oid}).scalar_one())

    def _refill_sql(self, source: str) -> str:
        """Empty every table of the work schema, copy the rows and sequences of ``source`` (a
        schema migrated as it is) into it."""
        tables = "SELECT tablename FROM pg_tables WHERE schemaname = :s ORDER BY tablename"
        columns = (
            "SELECT attname FROM pg_attribute WHERE attrelid = CAST(:t AS regclass) "
            "AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum"
        )
        sequences = "SELECT sequencename FROM pg_sequences WHERE schemaname = :s"
        seed, work = f'"{source}"', f'"{self.work}"'
        sql = ["SET LOCAL session_replication_role = replica"]  # no triggers, no FK checks
        with self.admin.connect() as conn:
            for table in conn.execute(text(tables), {"s": self.work}).scalars():
                names = conn.execute(text(columns), {"t": f'{work}."{table}"'}).scalars()
                listed = ", ".join(f'"{n}"' for n in names)
                sql.append(f'DELETE FROM {work}."{table}"')
                sql.append(f'INSERT INTO {work}."{table}" ({listed}) OVERRIDING SYSTEM VALUE '
                           f'SELECT {listed} FROM {seed}."{table}"')  # fmt: skip
            for seq in conn.execute(text(sequences), {"s": self.work}).scalars():
                sql.append(f"SELECT setval('{work}.\"{seq}\"', last_value, is_called) "
                           f'FROM {seed}."{seq}"')  # fmt: skip
        return ";\n".join(sql)

    def fill(self, name: str, build: Build) -> None:
        """Put into the work schema what ``build`` writes into a database as ``db_url`` hands
        it: built once a session into a schema of its own (``name``), copied at each call."""
        if name not in self.filled:
            schema = f"gf_built_{name}"
            self._create(schema)
            with govflow.open_db(self.schema_url(schema)) as gf:
                build(gf)
            self.filled[name] = self._refill_sql(schema)
        with self.engine.begin() as conn:
            conn.exec_driver_sql(self.filled[name])

    def reset(self) -> None:
        """Put the work schema back as the seed is: its rows, or the whole schema after DDL."""
        with self.engine.begin() as conn:
            if conn.exec_driver_sql("SELECT 1 FROM gf_watch.ddl LIMIT 1").first() is None:
                conn.exec_driver_sql(self.refill)
                return
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{self.work}" CASCADE'))
        self._create(self.work)
        self.remade += 1

    def drop(self) -> None:
        self.admin.dispose()
        self.engine.dispose()
        with self.server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.server.dispose()
