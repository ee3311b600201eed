"""govflow: a governance workflow engine for industry-code change proposals.

The public API is small: :func:`open_db` gives a :class:`Govflow` service over one database;
its methods return the view dataclasses below and raise :class:`GovflowError` subclasses.
:func:`parse_minutes` reads minutes and :func:`verify_export` checks an audit export, both
without a database; :func:`new_signing_key` makes a key for signed checkpoints. Everything
else is internal (``docs/python-api.md``, "What is public").
Heavy modules load only when first used, so ``import govflow`` stays cheap for the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "AlreadyExists",
    "Change",
    "DatabaseUnavailable",
    "EventView",
    "Govflow",
    "GovflowError",
    "IntegrityError",
    "InvalidInput",
    "InvalidWorkflow",
    "MinutesError",
    "NextSteps",
    "NotFound",
    "ProposalView",
    "RegisterRow",
    "StaleProposal",
    "TransitionNotAllowed",
    "UnknownReference",
    "UnknownWorkflow",
    "UnusableDatabase",
    "__version__",
    "new_signing_key",
    "open_db",
    "parse_minutes",
    "verify_export",
]

_LAZY = {
    "Govflow": "govflow.service",
    "open_db": "govflow.service",
    "Change": "govflow.views",
    "parse_minutes": "govflow.minutes.parser",
    "verify_export": "govflow.audit.verify_file",
    "new_signing_key": "govflow.audit.checkpoints",
    "EventView": "govflow.views",
    "NextSteps": "govflow.views",
    "ProposalView": "govflow.views",
    "RegisterRow": "govflow.views",
}

from govflow.errors import (  # noqa: E402
    AlreadyExists,
    DatabaseUnavailable,
    GovflowError,
    IntegrityError,
    InvalidInput,
    InvalidWorkflow,
    MinutesError,
    NotFound,
    StaleProposal,
    TransitionNotAllowed,
    UnknownReference,
    UnknownWorkflow,
    UnusableDatabase,
)

if TYPE_CHECKING:
    from govflow.audit.checkpoints import new_signing_key
    from govflow.audit.verify_file import verify_export
    from govflow.minutes.parser import parse_minutes
    from govflow.service import Govflow, open_db
    from govflow.views import Change, EventView, NextSteps, ProposalView, RegisterRow
else:
    # Hidden from type checkers: a module ``__getattr__`` returning Any would make every name
    # look public to mypy, so a misspelt ``govflow.ProposalVeiw`` would pass unchecked.
    def __getattr__(name: str) -> Any:
        if name in _LAZY:
            import importlib

            return getattr(importlib.import_module(_LAZY[name]), name)
        raise AttributeError(f"module 'govflow' has no attribute {name!r}")
