"""Writes ``workflows/index.json``, the index of the shipped workflow files
(:mod:`govflow.workflow.shipped_index`), from the files. Run it after editing one::

    python -m govflow.workflow.make_index          # write the index
    python -m govflow.workflow.make_index check    # only say whether it is up to date (exit 1)
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

from govflow.limits import WORKFLOW_BYTES, read_text
from govflow.workflow.loader import parse_workflow
from govflow.workflow.registry import shipped_dir, workflow_files
from govflow.workflow.shipped_index import INDEX_FILE, encode, fingerprint


def generate(paths: Iterable[Path]) -> str:
    """The index of ``paths`` as committed: each file parsed and checked in full first."""
    from govflow.workflow.yaml_nodes import load_with_lines

    entries = {}
    for path in sorted(paths, key=lambda p: p.name):
        text = read_text(path, WORKFLOW_BYTES, "a workflow file")
        parse_workflow(text, str(path))  # refuses a file with a problem
        data = encode(load_with_lines(text)[0])
        entries[fingerprint(text)] = {"file": path.name, "data": data}
    return json.dumps(entries, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    folder = shipped_dir()
    wanted = generate(workflow_files(folder))
    target = folder / INDEX_FILE
    current = target.read_text(encoding="utf-8") if target.exists() else ""
    if "check" in (sys.argv[1:] if argv is None else argv):
        print(f"{target}: {'up to date' if current == wanted else 'out of date'}")
        return 0 if current == wanted else 1
    if current != wanted:
        target.write_text(wanted, encoding="utf-8")
    print(f"{target}: {'written' if current != wanted else 'up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
