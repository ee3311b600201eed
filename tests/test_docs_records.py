"""Every ``python`` example of docs/records.md runs, in order, against a fresh database."""

from __future__ import annotations

from pathlib import Path

from tests.test_docs_python_api import run_examples

DOCS = Path(__file__).parents[1] / "docs" / "records.md"


def test_every_example_runs_in_order(db_url: str) -> None:
    run_examples(DOCS, db_url, minimum=5)
