"""`load_with_lines` builds the data in its walk over the composed nodes, without PyYAML's
constructor: the data, the lines and the errors are the constructor's, for the shipped files
and for documents that need the constructor (merge keys, explicit tags, refused scalars)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from govflow.workflow import yaml_nodes
from govflow.workflow.yaml_nodes import load_with_lines

ROOT = Path(__file__).resolve().parent.parent


def _by_constructor(text: str) -> tuple[Any, dict[str, int]]:
    """The walk for lines and limits only, then PyYAML's constructor (the reader before)."""
    loader = yaml_nodes._SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        walk = yaml_nodes._Walk(None)
        walk.node(node, "", 0)
        return loader.construct_document(node), walk.lines
    finally:
        loader.dispose()


def _outcome(text: str, read: Any) -> str:
    try:
        return repr(read(text))
    except (yaml.YAMLError, ValueError) as exc:
        return f"{type(exc).__name__}: {exc}"


DOCUMENTS = {
    "scalars": "a: 0x1F\nb: 1_000\nc: .inf\nd: yes\ne: ~\nf: 2020-01-01\ng: 2020-01-01 10:00:00\n"
    "h: 1:30\n3: x\ntrue: y\ni: -0.5\nj: '07'\n",
    "alias": "a: &x {b: [1, 2]}\nc: *x\n",
    "merge-key": "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n",
    "explicit-tags": "a: !!str 3\nb: !!int '4'\nc: !!set {x}\n",
    "unknown-tag": "a: !custom x\n",
    "bad-date-then-duplicate": "a: 2018-13-01\nb: 1\nb: 2\n",
    "bad-date": "in_force_from: 2018-13-01\n",
    "complex-key": "? [a]\n: 1\n",
    "value-key": "a: {=: 1}\n",
    "nested": "- a\n- [b, {c: d, e: [f, {g: null}]}]\n",
    "empty": "",
    "two-documents": "a: 1\n---\nb: 2\n",
    "recursive": "a: &a [*a]\n",
}
FILES = sorted((ROOT / "workflows").glob("*.yaml")) + sorted((ROOT / "tests").rglob("*.yaml"))


@pytest.mark.parametrize("text", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_a_document_reads_as_the_constructor_reads_it(text: str) -> None:
    assert _outcome(text, load_with_lines) == _outcome(text, _by_constructor)


def test_every_workflow_file_reads_as_the_constructor_reads_it() -> None:
    assert len(FILES) > 12
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        assert _outcome(text, load_with_lines) == _outcome(text, _by_constructor), path


def test_an_alias_is_one_object_as_the_constructor_makes_it() -> None:
    data, _ = load_with_lines("a: &x {b: 1}\nc: *x\n")
    assert data["a"] is data["c"]
