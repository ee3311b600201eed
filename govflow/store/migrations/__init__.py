"""Alembic migrations shipped inside the package, run from code by :mod:`govflow.store.database`.

``HEAD`` names the newest revision so that opening an up-to-date database does not need to load
Alembic at all; a test checks it against the scripts.
"""

HEAD = "0006"
