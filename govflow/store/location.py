"""Where a database is: a path, a URL, ``GOVFLOW_DB`` or the default location, checked before
anything connects, and shown without its password.

A path must name a regular file (or nothing yet, when the database may be created): a folder,
``/dev/null``, a path under a folder govflow may not enter, or ``~nosuchuser/x.db`` is refused
with a message. A URL must parse and name a database: ``postgresql://`` alone would mean the
server's default database. No message ever holds a URL's password.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from govflow.errors import InvalidInput, Remedy, UnusableDatabase

ENV_VAR = "GOVFLOW_DB"
_USERINFO = re.compile(r"(?<=://)([^/@:]*):[^/@]*@")


def default_path() -> Path:
    """The embedded database used when no ``--db``/``GOVFLOW_DB`` is given."""
    from platformdirs import user_data_path

    return user_data_path("govflow", appauthor=False) / "govflow.db"


def hide_password(text: str, secret: str | None = None) -> str:
    """``text`` with any ``user:password@`` of a URL in it, and ``secret`` itself, masked."""
    text = _USERINFO.sub(r"\1:***@", text)
    return text.replace(secret, "***") if secret else text


@dataclass(frozen=True)
class Target:
    """A database to connect to: the URL (password included), how to show it, and for an
    SQLite file its path."""

    url: URL
    shown: str
    path: Path | None

    def read_only_url(self, immutable: bool) -> URL:
        """The SQLite file opened read-only (``immutable`` when not even its ``-shm`` file can
        be written: a WAL database needs one)."""
        assert self.path is not None
        query = {"mode": "ro", "uri": "true", **({"immutable": "1"} if immutable else {})}
        return URL.create("sqlite", database=f"file:{quote(str(self.path))}", query=query)


def resolve(target: str | os.PathLike[str] | None, *, create: bool) -> Target:
    """The database ``target`` names (None: ``GOVFLOW_DB``, else the default location).

    ``create`` allows a file that does not exist yet (its folder is made); without it, a
    missing file is :class:`UnusableDatabase` saying to run ``govflow init``.
    """
    if target is None:
        target = os.environ.get(ENV_VAR) or default_path()
    value = os.fspath(target)
    if _has_surrogates(value):
        raise InvalidInput("the database path or URL is not valid UTF-8 text")
    if "://" in value:
        return _from_url(value, create)
    return _file(_expanded(value), create)


def _has_surrogates(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _from_url(value: str, create: bool) -> Target:
    try:
        url = make_url(value)
    except (ArgumentError, ValueError) as exc:  # ValueError: a port that is not a number
        why = "its port is not a number" if isinstance(exc, ValueError) else "it does not parse"
        raise InvalidInput(
            f"{hide_password(value)!r} is not a database URL: {why}; write it as "
            "dialect+driver://user:password@host:port/database"
        ) from None
    shown = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
            return _file(_expanded(url.database), create, url)
        return Target(url, shown, None)
    if not url.database:
        raise InvalidInput(
            f"the URL {shown!r} names no database; add its name at the end (.../NAME): "
            "without one the server's default database would be used"
        )
    return Target(url, shown, None)


def _expanded(value: str) -> Path:
    try:
        return Path(value).expanduser()
    except RuntimeError:  # ~nosuchuser
        user = value.split("/", 1)[0]
        raise InvalidInput(f"cannot find the home folder of {user!r} in {value!r}") from None


def _file(path: Path, create: bool, url: URL | None = None) -> Target:
    try:
        found = path.stat()
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise InvalidInput(f"cannot reach the database {path}: {exc.strerror}") from None
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise InvalidInput(f"{path} is a folder; give a database file path or a URL")
    if found is not None and not stat.S_ISREG(found.st_mode):
        raise InvalidInput(f"{path} is not a regular file, so it cannot be a database")
    if found is None and not create:
        raise UnusableDatabase(f"no database at {path}", remedy=Remedy("create_database"))
    if found is None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InvalidInput(
                f"cannot create the folder for the database {path}: {exc.strerror}",
                remedy=Remedy("writable_path"),
            ) from None
    resolved = path.resolve()
    final = url.set(database=str(resolved)) if url is not None else None
    return Target(final or URL.create("sqlite", database=str(resolved)), str(resolved), resolved)
