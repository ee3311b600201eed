"""The index of the shipped workflow files: what opening a database needs of each, unparsed.

``workflows/index.json`` holds, for each shipped file, the SHA-256 of its text (the fingerprint a
database stores for a definition) and its header: name, title, version, ``in_force_from``, the
``references`` and ``bodies`` sections. Those are what the registry (which version is in force,
duplicates), ``reconcile`` (name, version, text) and the reference grammar read when a database
opens. A shipped file whose text hashes to an entry is registered from it as an
:class:`IndexedWorkflow`, and parsed and checked in full (:func:`~govflow.workflow.loader.
parse_workflow`) when anything else of it is first read: a ``proposal show`` parses the one
workflow it shows, not twelve. A shipped file with no entry (edited after the index was made) is
parsed and checked when it is loaded, as every extra file is, so a broken file is still refused
when the database opens.

The index is generated from the files and committed with them; ``tests/test_shipped_index.py``
generates it again and requires it equal. After editing a shipped file, or the loader, run::

    python -m govflow.workflow.shipped_index
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from govflow.errors import InvalidInput, InvalidWorkflow
from govflow.limits import WORKFLOW_BYTES, read_text
from govflow.workflow.definition import Body, Mark, Prefix, ReferenceScheme, Relabel, Workflow
from govflow.workflow.loader import parse_workflow

INDEX_FILE = "index.json"
#: What an entry gives; every other field is read from the file when first asked for.
HEADER = ("name", "title", "version", "in_force_from", "references", "bodies", "source", "text")
_LAZY = frozenset(f.name for f in dataclasses.fields(Workflow)) - set(HEADER)
_COMPARED = tuple(f.name for f in dataclasses.fields(Workflow) if f.compare)


class IndexedWorkflow(Workflow):
    """A shipped workflow registered from its index entry: the header is set, the rest of the
    definition is parsed (and checked) from its text on first use. Equal to, and used as, the
    :class:`Workflow` the text parses to."""

    def __getattr__(self, name: str) -> Any:  # only called for a field not yet set
        if name not in _LAZY:
            raise AttributeError(name)
        whole = parse_workflow(self.text, source=self.source)
        for key, value in vars(whole).items():
            self.__dict__.setdefault(key, value)
        return self.__dict__[name]

    # A dataclass compares only with its own class: compare as the Workflow this one stands for.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Workflow):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in _COMPARED)

    __hash__ = Workflow.__hash__


def fingerprint(text: str) -> str:
    """The SHA-256 of a workflow's text (UTF-8), in hex: the key of its index entry."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def header(wf: Workflow) -> dict[str, Any]:
    """The index entry of a parsed workflow (without its key)."""
    return {
        "name": wf.name,
        "title": wf.title,
        "version": wf.version,
        "in_force_from": wf.in_force_from.isoformat(),
        "references": dataclasses.asdict(wf.references),
        "bodies": [dataclasses.asdict(b) for b in wf.bodies],
    }


def _tuples(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}


def _scheme(data: Mapping[str, Any]) -> ReferenceScheme:
    return ReferenceScheme(
        code=data["code"],
        prefixes=tuple(Prefix(**_tuples(p)) for p in data["prefixes"]),
        relabels=tuple(Relabel(**r) for r in data["relabels"]),
        alternatives=data["alternatives"],
        alternative_label=data["alternative_label"],
        marks=tuple(Mark(**m) for m in data["marks"]),
    )


def registered(entry: Mapping[str, Any], text: str, source: str) -> IndexedWorkflow:
    """The workflow an index entry describes, its text ``text`` read from ``source``."""
    wf = IndexedWorkflow.__new__(IndexedWorkflow)
    vars(wf).update(
        name=entry["name"],
        title=entry["title"],
        version=entry["version"],
        in_force_from=dt.date.fromisoformat(entry["in_force_from"]),
        references=_scheme(entry["references"]),
        bodies=tuple(Body(**b) for b in entry["bodies"]),
        source=source,
        text=text,
    )
    return wf


def read(folder: Path) -> dict[str, Any]:
    """The index in ``folder`` by fingerprint; empty when there is none (every file is then
    parsed when loaded)."""
    try:
        found = json.loads((folder / INDEX_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def load(path: Path, index: Mapping[str, Any]) -> Workflow:
    """A shipped workflow file: from its index entry when its text has one, else parsed and
    checked now (as :func:`~govflow.workflow.loader.load_file`)."""
    try:
        text = read_text(path, WORKFLOW_BYTES, "a workflow file")
    except InvalidInput as exc:
        raise InvalidWorkflow(str(path), [f"cannot read the file: {exc}"]) from None
    entry = index.get(fingerprint(text))
    if entry is None:
        return parse_workflow(text, source=str(path))
    return registered(entry, text, str(path))


def generate(paths: Iterable[Path]) -> str:
    """The index of ``paths`` as committed: each file parsed and checked in full."""
    entries = {}
    for path in paths:
        text = read_text(path, WORKFLOW_BYTES, "a workflow file")
        entries[fingerprint(text)] = {"file": path.name, **header(parse_workflow(text, str(path)))}
    return json.dumps(entries, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write ``workflows/index.json`` from the shipped files (``--check``: only say whether the
    committed one is up to date, exit 1 if not)."""
    from govflow.workflow.registry import shipped_dir, workflow_files

    folder = shipped_dir()
    wanted = generate(workflow_files(folder))
    target = folder / INDEX_FILE
    current = target.read_text(encoding="utf-8") if target.exists() else ""
    if "--check" in (sys.argv[1:] if argv is None else argv):
        print(f"{target}: {'up to date' if current == wanted else 'out of date'}")
        return 0 if current == wanted else 1
    if current != wanted:
        target.write_text(wanted, encoding="utf-8")
    print(f"{target}: {'written' if current != wanted else 'up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
