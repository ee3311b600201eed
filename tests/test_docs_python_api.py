"""Every ``python`` example of docs/python-api.md runs, in order, in one namespace, against a fresh
database whose URL the page receives as ``DB``."""

from __future__ import annotations

import re
import traceback
from pathlib import Path

import pytest

DOCS = Path(__file__).parents[1] / "docs" / "python-api.md"
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)


def python_blocks(text: str) -> list[tuple[int, str]]:
    """Each ```python block with the line of the page it starts on."""
    return [(text.count("\n", 0, m.start()) + 1, m.group(1)) for m in BLOCK.finditer(text)]


def test_the_page_has_examples() -> None:
    blocks = python_blocks(DOCS.read_text(encoding="utf-8"))
    assert len(blocks) >= 10
    assert "open_db(DB)" in blocks[0][1]


def test_every_example_runs_in_order(db_url: str) -> None:
    namespace: dict[str, object] = {"DB": db_url, "__name__": "python_api_docs"}
    blocks = python_blocks(DOCS.read_text(encoding="utf-8"))
    try:
        for number, (line, code) in enumerate(blocks, start=1):
            try:
                # Padded so that a traceback gives the line of the page.
                exec(compile("\n" * line + code, str(DOCS), "exec"), namespace)
            except Exception:
                pytest.fail(
                    f"block {number} of {len(blocks)} (docs/python-api.md line {line}) failed:\n"
                    f"{code}\n{traceback.format_exc()}"
                )
    finally:
        service = namespace.get("gf")
        close = getattr(service, "close", None)
        if close is not None:
            close()


def run_examples(docs: Path, db_url: str, minimum: int) -> None:
    """Run every ``python`` block of ``docs`` in order, in one namespace where ``DB`` is a fresh
    database's URL; fail naming the block and its line. The page must have ``minimum`` blocks."""
    namespace: dict[str, object] = {"DB": db_url, "__name__": f"{docs.stem}_docs"}
    blocks = python_blocks(docs.read_text(encoding="utf-8"))
    assert len(blocks) >= minimum
    try:
        for number, (line, code) in enumerate(blocks, start=1):
            try:
                exec(compile("\n" * line + code, str(docs), "exec"), namespace)
            except Exception:
                pytest.fail(f"block {number} (docs/{docs.name} line {line}) failed:\n{code}\n"
                            f"{traceback.format_exc()}")  # fmt: skip
    finally:
        close = getattr(namespace.get("gf"), "close", None)
        if close is not None:
            close()
