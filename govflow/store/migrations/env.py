"""Alembic environment: runs on the connection govflow hands over (govflow.store.database)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import govflow.store.models  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
