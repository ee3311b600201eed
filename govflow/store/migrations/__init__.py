"""Alembic migrations shipped inside the package, run from code by :mod:`govflow.store.database`.

``HEAD`` names the newest revision so that opening an up-to-date database does not need to load
Alembic at all; a test checks it against the scripts.
"""

from pathlib import Path

HEAD = "0019"

#: Every revision the shipped scripts know (``0003_stage_change_index.py`` is ``0003``): a
#: database at any other revision was made by a newer govflow, or by another program.
KNOWN = frozenset(p.name.split("_")[0] for p in (Path(__file__).parent / "versions").glob("*.py"))
