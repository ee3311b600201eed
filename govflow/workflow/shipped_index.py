"""The index of the shipped workflow files: what opening a database needs of each, unparsed.

``workflows/index.json`` holds, for each shipped file, the SHA-256 of its text (the fingerprint a
database stores for a definition), its header (name, title, version, ``in_force_from``, the
``references`` and ``bodies`` sections) and the data its YAML reads as. The header is what the
registry (which version is in force, duplicates), ``reconcile`` (name, version, text) and the
reference grammar read when a database opens. A shipped file whose text hashes to an entry is
registered from it as an :class:`IndexedWorkflow`; when anything else of it is first read, the
workflow is built from the entry's data and checked by the loader
(:func:`~govflow.workflow.loader.build_workflow`), without PyYAML: a ``proposal show`` builds the
one workflow it shows, not twelve, and reads no YAML. A shipped file with no entry (edited after
the index was made) is parsed and checked when it is loaded, as every extra file is, so a broken
file is still refused when the database opens.

The index is generated from the files and committed with them; ``tests/test_shipped_index.py``
generates it again and requires it equal. After editing a shipped file, or the loader, run::

    python -m govflow.workflow.shipped_index
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from govflow.errors import InvalidInput, InvalidWorkflow
from govflow.limits import WORKFLOW_BYTES, read_text
from govflow.workflow.definition import Body, Mark, Prefix, ReferenceScheme, Relabel, Workflow
from govflow.workflow.loader import build_workflow, parse_workflow

INDEX_FILE = "index.json"
#: What an entry gives; every other field is read from the file when first asked for.
HEADER = ("name", "title", "version", "in_force_from", "references", "bodies", "source", "text")
#: Workflows built from an entry's data, by fingerprint and source: immutable, never stale.
_BUILT: dict[tuple[str, str], Workflow] = {}
_LAZY = frozenset(f.name for f in dataclasses.fields(Workflow)) - set(HEADER)
_COMPARED = tuple(f.name for f in dataclasses.fields(Workflow) if f.compare)


class IndexedWorkflow(Workflow):
    """A shipped workflow registered from its index entry: the header is set, the rest of the
    definition is built (and checked) from the entry's data on first use. Equal to, and used as,
    the :class:`Workflow` its text parses to."""

    # A dataclass compares only with its own class: compare as the Workflow this one stands for.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Workflow):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in _COMPARED)

    __hash__ = Workflow.__hash__


class _Built:
    """A field of an :class:`IndexedWorkflow` not in its header: reading it builds the whole
    workflow and sets every field on the instance, where later reads find them first. (A class
    attribute, so that a field with a default is not read from ``Workflow``'s.)"""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, wf: IndexedWorkflow | None, owner: type | None = None) -> Any:
        if wf is None:
            return self
        for key, value in vars(_built(wf)).items():
            wf.__dict__.setdefault(key, value)
        return wf.__dict__[self.name]


for _name in _LAZY:
    setattr(IndexedWorkflow, _name, _Built(_name))


def _built(wf: IndexedWorkflow) -> Workflow:
    """The whole workflow ``wf`` stands for, built from its entry's data and checked. Were the
    data to fail the checks (the loader changed, the index not made again), the text is parsed,
    so that the problems carry their lines."""
    key = (wf.__dict__["_fingerprint"], wf.source)
    found = _BUILT.get(key)
    if found is None:
        try:
            found = build_workflow(decode(wf.__dict__["_data"]), {}, wf.text, wf.source)
        except InvalidWorkflow:
            found = parse_workflow(wf.text, source=wf.source)
        found = _BUILT.setdefault(key, found)
    return found


def encode(value: Any) -> Any:
    """YAML's data as JSON: a date as ``{"$date": ...}``, a mapping with a key that is not
    text (or one key that starts with ``$``) as ``{"$map": [[key, value], ...]}``."""
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value) and not (
            len(value) == 1 and next(iter(value)).startswith("$")
        ):
            return {k: encode(v) for k, v in value.items()}
        return {"$map": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"cannot index a {type(value).__name__} read from YAML: {value!r}")


def decode(value: Any) -> Any:
    """The data :func:`encode` was given."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        tag, inner = next(iter(value.items()))
        if tag == "$map":
            return {decode(k): decode(v) for k, v in inner}
        if tag == "$date":
            return dt.date.fromisoformat(inner)
        if tag == "$datetime":
            return dt.datetime.fromisoformat(inner)
    return {k: decode(v) for k, v in value.items()}


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


def registered(key: str, entry: Mapping[str, Any], text: str, source: str) -> IndexedWorkflow:
    """The workflow index entry ``key`` describes, its text ``text`` read from ``source``."""
    wf = IndexedWorkflow.__new__(IndexedWorkflow)
    vars(wf).update(
        _fingerprint=key,
        _data=entry["data"],
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


def read(folder: Path) -> Mapping[str, Any]:
    """The index in ``folder`` by fingerprint; empty when there is none (every file is then
    parsed when loaded). Read once a process while the file stays the same."""
    path = folder / INDEX_FILE
    try:
        stat = path.stat()
    except OSError:
        return {}
    return _read(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _read(path: str, mtime_ns: int, size: int) -> Mapping[str, Any]:
    try:
        found = json.loads(Path(path).read_text(encoding="utf-8"))
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
    key = fingerprint(text)
    entry = index.get(key)
    if entry is None:
        return parse_workflow(text, source=str(path))
    return registered(key, entry, text, str(path))


def generate(paths: Iterable[Path]) -> str:
    """The index of ``paths`` as committed: each file parsed and checked in full."""
    from govflow.workflow.yaml_reader import load_with_lines

    entries = {}
    for path in sorted(paths, key=lambda p: p.name):
        text = read_text(path, WORKFLOW_BYTES, "a workflow file")
        wf = parse_workflow(text, str(path))
        data = encode(load_with_lines(text)[0])
        entries[fingerprint(text)] = {"file": path.name, **header(wf), "data": data}
    return json.dumps(entries, indent=1, ensure_ascii=False) + "\n"


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
