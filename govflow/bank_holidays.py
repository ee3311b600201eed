"""The bank holidays of a region, from the ``holidays`` library, kept in a per-user cache file.

Importing ``holidays`` costs more CPU than the rest of a command's start-up (its package imports
every calendar system it knows), and any command that counts working days needs it. So what the
library said is kept in a file, one per region, and a later process that finds there what it
needs does not import the library at all:

* where: ``bank-holidays-<region>.json`` in ``GOVFLOW_CACHE_DIR`` when that is set, else in the
  user's cache folder (platformdirs: ``~/.cache/govflow`` on Linux). Deleting the file, or the
  folder, clears it; the next command that counts working days writes it again.
* what: the library's supported years for the region, its own version string (recorded with each
  deadline), and the ordinals of each year's bank holidays asked for so far (a miss fills the
  decade of the year asked for).
* keyed by the installed library's version, read from its metadata (cheap, no import), and by
  govflow's own region spec (country, subdivision, additions): after an upgrade of ``holidays``
  or a change to the additions, the file no longer matches and is rebuilt from the library.

The library stays the source of truth: a file that is missing, unreadable, corrupt, of another
shape or for another version or spec is ignored and rewritten; a file that cannot be written (a
read-only home, no cache folder) is simply not kept. Neither is ever an error. A file is written
whole to a temporary name and renamed over the old one, so a reader sees either file, never half.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any, NamedTuple

__all__ = ["CACHE_DIR_VAR", "BankHolidays", "Region", "cache_dir"]

CACHE_DIR_VAR = "GOVFLOW_CACHE_DIR"
_FORMAT = 1
_FILL = 10  # a miss computes the whole decade of the year asked for
_log = logging.getLogger(__name__)


class Region(NamedTuple):
    """Where a region's bank holidays come from: the library's country and subdivision, plus
    the days govflow adds (one-offs proclaimed before the installed library knows them)."""

    country: str
    subdivision: str
    additions: tuple[tuple[date, str], ...]


def cache_dir() -> Path:
    """The folder of the cache files: ``GOVFLOW_CACHE_DIR``, else the user's cache folder."""
    chosen = os.environ.get(CACHE_DIR_VAR)
    if chosen:
        return Path(chosen)
    from platformdirs import user_cache_path

    return user_cache_path("govflow", appauthor=False)


def _installed_version() -> str | None:
    try:
        return metadata.version("holidays")
    except (metadata.PackageNotFoundError, OSError, ValueError):
        return None


class BankHolidays:
    """One region's bank holidays: read from the cache file when it was written by the installed
    library version for the same spec, else asked of the library (and the file rewritten)."""

    def __init__(self, name: str, region: Region, folder: Path | None = None) -> None:
        self._region = region
        self._path = (folder or cache_dir()) / f"bank-holidays-{name}.json"
        self._key: dict[str, Any] = {
            "format": _FORMAT, "installed": _installed_version(), "region": name,
            "spec": [region.country, region.subdivision,
                     [[day.isoformat(), label] for day, label in region.additions]],
        }  # fmt: skip
        self._years: range | None = None
        self._version: str | None = None
        self._days: dict[int, frozenset[int]] = {}
        if self._key["installed"] is not None:
            self._adopt(self._read())

    def years(self) -> range:
        """The years the library covers for the region."""
        if self._years is None:
            self._from_library()
        assert self._years is not None
        return self._years

    def library_version(self) -> str:
        """``holidays.version.__version__`` of the library the days come from."""
        if self._version is None:
            self._from_library()
        assert self._version is not None
        return self._version

    def of_year(self, year: int) -> frozenset[int]:
        """Ordinals of the bank holidays the library gives for ``year``, additions included
        (a year the library covers: callers check :meth:`years` first)."""
        days = self._days.get(year)
        if days is None:
            self._from_library(year)
            days = self._days[year]
        return days

    # -- the library ---------------------------------------------------------------------------

    def _from_library(self, year: int | None = None) -> None:
        import holidays  # the cost this module exists to avoid
        from holidays.version import __version__

        spec = self._region
        if self._years is None:
            whole = holidays.country_holidays(spec.country, subdiv=spec.subdivision)
            self._years = range(whole.start_year, whole.end_year + 1)
            self._version = str(__version__)
        if year is not None:
            start = year - year % _FILL
            wanted = range(max(start, self._years.start), min(start + _FILL, self._years.stop))
            for y in {year, *wanted}:
                found = holidays.country_holidays(spec.country, subdiv=spec.subdivision, years=y)
                added = (day for day, _name in spec.additions if day.year == y)
                self._days[y] = frozenset(day.toordinal() for day in [*found, *added])
        self._write()

    # -- the file ------------------------------------------------------------------------------

    def _read(self) -> dict[str, Any] | None:
        """The file's content when it is for this library version and spec and well formed."""
        try:
            data = json.loads(self._path.read_bytes())
        except (OSError, ValueError):
            return None
        return data if _well_formed(data, self._key) else None

    def _adopt(self, data: dict[str, Any] | None) -> None:
        if data is None:
            return
        if self._years is None:
            self._years = range(data["years"][0], data["years"][1] + 1)
            self._version = data["version"]
        for year, days in data["days"].items():
            self._days.setdefault(int(year), frozenset(days))

    def _write(self) -> None:
        if self._key["installed"] is None or self._years is None:
            return
        self._adopt(self._read())  # keep the years another process wrote meanwhile
        years = self._years
        content = {
            **self._key,
            "version": self._version,
            "years": [years.start, years.stop - 1],
            "days": {str(y): sorted(d) for y, d in sorted(self._days.items()) if y in years},
        }
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(
                dir=self._path.parent, prefix=".bank-holidays-", suffix=".tmp"
            )
        except OSError as exc:
            _log.debug("bank holidays not cached in %s: %s", self._path.parent, exc)
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(content, out, separators=(",", ":"))
            os.replace(temporary, self._path)
        except OSError as exc:
            _log.debug("bank holidays not cached in %s: %s", self._path, exc)
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _well_formed(data: object, key: dict[str, Any]) -> bool:
    if not isinstance(data, dict) or any(data.get(k) != v for k, v in key.items()):
        return False
    years, version, days = data.get("years"), data.get("version"), data.get("days")
    if not (isinstance(years, list) and len(years) == 2 and all(_is_int(y) for y in years)):
        return False
    if years[0] > years[1] or not isinstance(version, str) or not isinstance(days, dict):
        return False
    return all(
        isinstance(year, str) and year.isdigit() and years[0] <= int(year) <= years[1]
        and isinstance(found, list) and all(_is_int(d) and d > 0 for d in found)
        for year, found in days.items()
    )  # fmt: skip


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
