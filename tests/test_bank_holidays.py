"""The bank-holiday cache file: the library's days, kept for a later process; anything the file
holds that does not match is ignored and rewritten, and a folder that cannot be written is no
error."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import holidays
import pytest

import govflow
from govflow.bank_holidays import CACHE_DIR_VAR, BankHolidays, Region

ENGLAND = Region("GB", "ENG", ())
SCOTLAND = Region("GB", "SCT", ())
WITH_ONE_OFF = Region("GB", "ENG", ((date(2031, 6, 6), "Invented one-off"),))
FILE = "bank-holidays-x.json"


def _library(region: Region, year: int) -> frozenset[int]:
    found = holidays.country_holidays(region.country, subdiv=region.subdivision, years=year)
    added = [day for day, _name in region.additions if day.year == year]
    return frozenset(day.toordinal() for day in [*found, *added])


def _library_years(region: Region) -> range:
    whole = holidays.country_holidays(region.country, subdiv=region.subdivision)
    return range(whole.start_year, whole.end_year + 1)


@pytest.mark.parametrize("region", [ENGLAND, SCOTLAND, WITH_ONE_OFF], ids=["eng", "sct", "add"])
def test_a_fresh_reader_of_the_file_gives_the_library_s_days(
    tmp_path: Path, region: Region
) -> None:
    years = [1872, 1953, 2020, 2022, 2023, 2031, 2100]
    writer = BankHolidays("x", region, tmp_path)
    assert [writer.of_year(y) for y in years] == [_library(region, y) for y in years]
    reader = BankHolidays("x", region, tmp_path)
    assert reader.years() == _library_years(region)
    assert [reader.of_year(y) for y in years] == [_library(region, y) for y in years]
    assert reader.library_version() == holidays.version.__version__
    assert set(json.loads((tmp_path / FILE).read_text())["days"]) >= {str(y) for y in years}


def test_an_addition_counts_only_for_the_spec_that_has_it(tmp_path: Path) -> None:
    one_off = date(2031, 6, 6).toordinal()
    assert one_off in BankHolidays("x", WITH_ONE_OFF, tmp_path).of_year(2031)
    assert one_off not in BankHolidays("x", ENGLAND, tmp_path).of_year(2031)
    assert one_off in BankHolidays("x", WITH_ONE_OFF, tmp_path).of_year(2031)


def _written(tmp_path: Path) -> dict[str, object]:
    BankHolidays("x", ENGLAND, tmp_path).of_year(2021)
    data: dict[str, object] = json.loads((tmp_path / FILE).read_text())
    return data


WRONG = {
    "not-json": lambda data: "{not json",
    "a-list": lambda data: [],
    "other-version": lambda data: {**data, "installed": "0.1"},
    "other-spec": lambda data: {**data, "spec": ["GB", "SCT", []]},
    "other-format": lambda data: {**data, "format": 0},
    "years-not-a-pair": lambda data: {**data, "years": [1872]},
    "year-outside": lambda data: {**data, "days": {"1700": [1]}},
    "day-not-an-int": lambda data: {**data, "days": {"2021": ["738000"]}},
    "no-version": lambda data: {k: v for k, v in data.items() if k != "version"},
}


@pytest.mark.parametrize("spoil", WRONG.values(), ids=WRONG.keys())
def test_a_file_that_does_not_match_is_ignored_and_rewritten(tmp_path: Path, spoil: object) -> None:
    good = _written(tmp_path)
    bad = spoil(good)  # type: ignore[operator]
    (tmp_path / FILE).write_text(bad if isinstance(bad, str) else json.dumps(bad))
    fresh = BankHolidays("x", ENGLAND, tmp_path)
    assert fresh.of_year(2021) == _library(ENGLAND, 2021)
    assert fresh.years() == _library_years(ENGLAND)
    assert json.loads((tmp_path / FILE).read_text()) == good


def test_days_of_another_library_version_are_never_served(tmp_path: Path) -> None:
    data = _written(tmp_path)
    data["installed"] = "0.1"
    data["days"] = {"2021": [date(2021, 3, 3).toordinal()]}  # what an old version "said"
    (tmp_path / FILE).write_text(json.dumps(data))
    assert date(2021, 3, 3).toordinal() not in BankHolidays("x", ENGLAND, tmp_path).of_year(2021)


def test_an_unwritable_or_missing_folder_is_no_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    under_a_file = tmp_path / "a-file"
    under_a_file.write_text("")
    try:
        for folder in (locked, locked / "sub", under_a_file / "sub"):
            found = BankHolidays("x", ENGLAND, folder)
            assert found.of_year(2022) == _library(ENGLAND, 2022)
            assert found.years() == _library_years(ENGLAND)
    finally:
        locked.chmod(stat.S_IRWXU)
    if os.geteuid() != 0:  # root writes anywhere
        assert list(locked.iterdir()) == []


def _show_in_a_fresh_process(db: Path, cache: Path) -> tuple[str, bool]:
    """What ``govflow proposal show`` prints, and whether it imported ``holidays`` (as
    ``-X importtime`` lists every module a process imports)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "govflow", "--db", str(db), "proposal",
         "show", "MP916"],
        capture_output=True, text=True, check=True, env={**os.environ, CACHE_DIR_VAR: str(cache)},
    )  # fmt: skip
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    return done.stdout, "holidays" in imported


def test_with_a_warm_cache_showing_an_open_deadline_does_not_import_holidays(
    tmp_path: Path,
) -> None:
    db, cache = tmp_path / "x.db", tmp_path / "cache"
    with govflow.open_db(db) as gf:
        gf.raise_proposal("MP916", title="Invented", route="3", on="2021-06-14")
        gf.advance("MP916", "start_refinement", on="2021-06-18")
        gf.record("MP916", "preliminary_assessment_requested", on="2021-06-21")
        assert gf.proposal("MP916").deadlines  # open: show counts working days for it
    first, imported = _show_in_a_fresh_process(db, cache)
    assert "reference:  MP916" in first
    assert "working days" in first
    assert imported
    assert _show_in_a_fresh_process(db, cache) == (first, False)
