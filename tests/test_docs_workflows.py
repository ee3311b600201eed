"""Every ``python`` example of docs/workflows.md runs, in order, against a fresh database."""

from __future__ import annotations

import traceback
from pathlib import Path

import pytest

from tests.test_docs_python_api import python_blocks

DOCS = Path(__file__).parents[1] / "docs" / "workflows.md"


def test_every_example_runs_in_order(db_url: str) -> None:
    namespace: dict[str, object] = {"DB": db_url, "__name__": "workflows_docs"}
    blocks = python_blocks(DOCS.read_text(encoding="utf-8"))
    assert len(blocks) >= 4
    try:
        for number, (line, code) in enumerate(blocks, start=1):
            try:
                exec(compile("\n" * line + code, str(DOCS), "exec"), namespace)
            except Exception:
                pytest.fail(f"block {number} (docs/workflows.md line {line}) failed:\n{code}\n"
                            f"{traceback.format_exc()}")  # fmt: skip
    finally:
        close = getattr(namespace.get("gf"), "close", None)
        if close is not None:
            close()
