"""The root of the CLI builds a command group only when it is used, and a group only the command
used; the help must not drift, and every command still runs from a fresh process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

import govflow
from govflow.cli import LAZY, app


@pytest.mark.parametrize("name", list(LAZY))
def test_the_root_help_text_is_the_command_s_own(name: str) -> None:
    root = typer.main.get_command(app)
    command = root.commands[name]  # type: ignore[attr-defined]
    assert command.get_short_help_str(500) == LAZY[name][2]
    assert command.name == name


def _fresh(code: str) -> str:
    """What ``code`` prints, run in a fresh process (nothing imported yet)."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_help_does_not_build_the_command_groups() -> None:
    """Only the root's own helper (``cli/_params.py``: the root's classes, over modules typer has
    already loaded) is imported; no command module, no database layer."""
    code = (
        "import sys, govflow.cli as c, typer.main; "
        "from typer.testing import CliRunner; "
        "r = CliRunner().invoke(c.app, ['--help']); "
        "assert r.exit_code == 0, r.output; "
        "print(sorted(m for m in sys.modules if m.startswith(('govflow.cli.', 'sqlalchemy'))))"
    )
    assert _fresh(code) == "['govflow.cli._params']"


#: What reading a proposal does not load: cryptography loads when a checkpoint is signed or
#: verified; the use cases a call does not use are not built (govflow/service/parts.py); the
#: queries load next steps and the lists' paging when first asked for.
NOT_FOR_READING = {
    "signing": ("cryptography",),
    "other-use-cases": ("govflow.exporters", "govflow.minutes", "govflow.records.bulk_import",
                        "govflow.records.verify"),
    "other-reads": ("govflow.records.next_steps", "govflow.store.listing",
                    "govflow.workflow.options"),
}  # fmt: skip


@pytest.mark.parametrize("prefixes", NOT_FOR_READING.values(), ids=NOT_FOR_READING.keys())
def test_reading_a_proposal_does_not_load(tmp_path: Path, prefixes: tuple[str, ...]) -> None:
    code = (
        "import sys, govflow; "
        f"gf = govflow.open_db({str(tmp_path / 'x.db')!r}); "
        "gf.raise_proposal('MP916', title='Invented', on='2021-01-04'); "
        "assert gf.proposal('MP916').stage; "
        f"print(sorted(m for m in sys.modules if m.startswith({prefixes!r})))"
    )
    assert _fresh(code) == "[]"


def test_a_group_builds_only_the_command_a_command_line_names(tmp_path: Path) -> None:
    """`proposal show` builds `show`, not the fourteen other commands of `proposal`; the exporters
    load only for a proposal with relations (tests/test_relations.py shows those)."""
    db = tmp_path / "x.db"
    with govflow.open_db(db) as gf:
        gf.raise_proposal("MP916", title="Invented", on="2021-01-04")
    code = (
        "import sys, govflow.cli as c, typer.main; "
        "root = typer.main.get_command(c.app); "
        f"root.main(['--db', {str(db)!r}, 'proposal', 'show', 'MP916'], standalone_mode=False); "
        "print(sorted(root.commands._built['proposal'].commands._built)); "
        "print(sorted(m for m in sys.modules if m.startswith('govflow.exporters')))"
    )
    shown = _fresh(code)
    assert shown.splitlines()[-2:] == ["['show']", "[]"]
    assert "reference:  MP916" in shown


def test_proposal_show_loads_neither_the_state_machine_nor_sqlmodel(tmp_path: Path) -> None:
    """`proposal show` run as the CLI runs (``python -m govflow``) needs no workflow machine, so
    `transitions` is not imported (issue 29); nor is sqlmodel (the store's run-time tables are
    SQLAlchemy Core); nor pydantic, which typer loads to read parameters unless they are plain
    (``cli/_params.py``); nor PyYAML (the shipped workflow is built from its index's data,
    ``workflow/shipped_index.py``); nor the relations and the write side they import, for a
    proposal with no links (``records/queries.py``); nor the replay and the rule core it brings
    (the state is the row's: ``records/derive.py``, ``records/stored_windows.py``); nor the
    ``workflow`` command group (the completion of ``--workflow`` is ``cli/_complete.py``'s); nor
    the views of next steps, of closures and of a write's change (``govflow/views/``); nor the
    meetings' actions (``records/deadlines.py``: the list of what is due reads them); nor the
    row ``verify`` reads (``store/rows.py``); nor the rule core's verdicts and rules
    (``workflow/verdict.py``: ``Lookup.rules`` and ``Registry.rules`` import it, and a read
    judges nothing). All are checked after the command has run, in its own process."""
    db = tmp_path / "x.db"
    with govflow.open_db(db) as gf:
        gf.raise_proposal("MP916", title="Invented", on="2021-01-04")
    code = (
        "import runpy, sys; "
        f"sys.argv = ['govflow', '--db', {str(db)!r}, 'proposal', 'show', 'MP916']; "
        "code = 0\n"
        "try:\n    runpy.run_module('govflow', run_name='__main__', alter_sys=True)\n"
        "except SystemExit as stop:\n    code = stop.code or 0\n"
        "print(code, sorted(m for m in sys.modules if m.split('.')[0] in "
        "('transitions', 'sqlmodel', 'pydantic', 'pydantic_core', 'yaml')), sorted(m for m in "
        "sys.modules if m.startswith(('govflow.records.relations', 'govflow.records.recording', "
        "'govflow.records.places', 'govflow.planning', 'govflow.workflow.replay', "
        "'govflow.workflow.rules', 'govflow.workflow.step', 'govflow.cli.workflow', "
        "'govflow.views.steps', 'govflow.views.closures', 'govflow.views.changes', "
        "'govflow.records.actions', 'govflow.store.action_rows', 'govflow.store.stored_rows', "
        "'govflow.workflow.verdict'))))"
    )
    shown = _fresh(code)
    assert "reference:  MP916" in shown
    assert shown.splitlines()[-1] == "0 [] []"


FRESH = {
    "history": (["proposal", "history", "MP916"], "\tRaised in "),
    "next": (
        ["proposal", "next", "MP916"],
        "MP916 is in Initial Consideration (initial_consideration)",
    ),
    "export-audit": (["export", "audit", "--format", "csv"], "MP916,SEC:916,1,raised"),
    "export-timeline": (["export", "timeline", "MP916", "--format", "md"], "# MP916: Invented"),
}


@pytest.mark.parametrize(("args", "expected"), FRESH.values(), ids=FRESH.keys())
def test_a_lazily_built_command_and_use_case_run_from_a_fresh_process(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    db = tmp_path / "x.db"
    with govflow.open_db(db) as gf:
        gf.raise_proposal("MP916", title="Invented", on="2021-01-04")
    command = [sys.executable, "-m", "govflow", "--db", str(db), *args]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout


def test_the_command_leaves_its_heap_to_the_operating_system(tmp_path: Path) -> None:
    """`main` freezes the heap once the command is done and its output flushed, so that Python's
    teardown does not walk it (cli/__init__.py); the output, a file the command wrote and the
    atexit handlers are still complete, and the database is left closed."""
    db, out = tmp_path / "x.db", tmp_path / "audit.csv"
    with govflow.open_db(db) as gf:
        gf.raise_proposal("MP916", title="Invented", on="2021-01-04")
    code = (
        "import atexit, gc, sys; from govflow.cli import main; "
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0)); "
        f"sys.argv = ['govflow', '--db', {str(db)!r}, 'export', 'audit', '--format', 'csv', "
        f"'--output', {str(out)!r}]; main()"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "frozen True"
    assert "MP916,SEC:916,1,raised" in out.read_text(encoding="utf-8")
    with govflow.open_db(db) as gf:  # nothing left open or locked
        gf.raise_proposal("MP917", title="Invented too", on="2021-01-05")
        assert gf.proposal("MP917").stage


def test_a_command_freezes_what_it_imported_and_still_collects_its_own_garbage(
    tmp_path: Path,
) -> None:
    """Run by ``main`` (a process of its own), the first `opened` (cli/_db.py) freezes the heap
    the imports left before opening the database, so that the collections the command triggers
    do not walk the modules again; what the command then makes and drops in a cycle is still
    collected, as a long import or export needs. Run in a caller's process (a test's
    ``CliRunner``), it freezes nothing: the caller's garbage would be kept for good. The
    service is imported with the collector paused (nothing it loads is garbage), and the
    collector is back as it was before, on, or off when the caller had turned it off."""
    db = tmp_path / "x.db"
    with govflow.open_db(db) as gf:
        gf.raise_proposal("MP916", title="Invented", on="2021-01-04")
    code = (
        "import gc, sys, weakref, typer, typer.core\n"
        "from govflow.cli import _db\n"
        "class Cycle:\n    pass\n"
        "def run():\n"
        "    with typer.Context(typer.core.TyperCommand('x')) as ctx:\n"
        "        ctx.obj = {'db': sys.argv[1], 'workflows': None}\n"
        "        with _db.opened(ctx, read_only=True) as gf:\n"
        "            frozen = gc.get_freeze_count()\n"
        "            a = Cycle(); a.me = a; gone = weakref.ref(a); del a\n"
        "            gc.collect()\n"
        "            on = gc.isenabled()\n"
        "            print(frozen > 1000, gone() is None, on, gf.proposal('MP916').stage)\n"
        "run()\n"
        "_db.freeze_at_open()\n"
        "run()\n"
        "gc.disable(); gc.unfreeze()\n"
        "_db.freeze_at_open()\n"
        "run()\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "False True True initial_consideration",
        "True True True initial_consideration",
        "True True False initial_consideration",
    ]


def test_the_workflow_names_complete_without_the_workflow_group() -> None:
    """``--workflow``'s completion lives in ``cli/_complete.py`` (the ``workflow`` group's
    argument uses the same function), so a command taking the option does not build the group."""
    code = (
        "import sys, typer.core; from govflow.cli._complete import complete_workflow\n"
        "with typer.Context(typer.core.TyperCommand('x')) as ctx:\n"
        "    ctx.obj = {'db': None, 'workflows': None}\n"
        "    print(complete_workflow(ctx, 'sec-mod'), 'govflow.cli.workflow' in sys.modules)\n"
        "from govflow.cli import workflow\n"
        "print(workflow.complete_workflow is complete_workflow)"
    )
    assert _fresh(code).splitlines() == ["['sec-modification'] False", "True"]
