"""The index of the shipped workflow files: the data each one's YAML reads as, by its text's hash.

``workflows/index.json`` holds, for each shipped file, the SHA-256 of its text (the fingerprint a
database stores for a definition) and the data PyYAML reads from it. A shipped file whose text
hashes to an entry is built from that data and checked by the loader
(:func:`~govflow.workflow.loader.build_workflow`) without reading YAML, so a command that opens a
database neither imports PyYAML (about 11 ms) nor parses twelve files (about 30 ms). A shipped
file with no entry (edited after the index was made) is parsed from its text and checked, as
every extra file is; a broken file is refused when the database opens either way.

The index is generated from the files (:mod:`govflow.workflow.make_index`) and committed with
them; ``tests/test_shipped_index.py`` generates it again and requires it equal. After editing a
shipped file, or the loader, run::

    python -m govflow.workflow.make_index
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from govflow.errors import InvalidInput, InvalidWorkflow
from govflow.limits import WORKFLOW_BYTES, read_text
from govflow.workflow.definition import Workflow
from govflow.workflow.loader import build_workflow, parse_workflow

INDEX_FILE = "index.json"


def fingerprint(text: str) -> str:
    """The SHA-256 of a workflow's text (UTF-8), in hex: the key of its index entry."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def encode(value: Any) -> Any:
    """YAML's data as JSON: a date as ``{"$date": ...}``, a mapping with a key that is not
    text (or with one key, starting with ``$``) as ``{"$map": [[key, value], ...]}``."""
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
    """A shipped workflow file, checked: built from its index entry when its text has one, else
    parsed (as :func:`~govflow.workflow.loader.load_file`)."""
    try:
        stat = path.stat()
        text, key = _read_file(str(path), stat.st_mtime_ns, stat.st_size)
    except (OSError, InvalidInput) as exc:
        raise InvalidWorkflow(str(path), [f"cannot read the file: {exc}"]) from None
    entry = index.get(key)
    if entry is None:
        return parse_workflow(text, source=str(path))
    return _built(key, text, str(path), entry)


@functools.lru_cache(maxsize=64)
def _read_file(path: str, mtime_ns: int, size: int) -> tuple[str, str]:
    """A shipped file's text and fingerprint, read once a process while the file stays the same
    (every database opened reads the twelve files: 1-2 ms an open)."""
    text = read_text(path, WORKFLOW_BYTES, "a workflow file")
    return text, fingerprint(text)


#: Workflows built from an entry, by fingerprint and source: a frozen Workflow, never stale.
_BUILT: dict[tuple[str, str], Workflow] = {}


def _built(key: str, text: str, source: str, entry: Any) -> Workflow:
    """The workflow of an index entry, checked. An entry that cannot be read, or whose data fails
    the checks (the loader changed, the index not made again), gives way to the text, parsed, so
    that its problems carry their lines."""
    found = _BUILT.get((key, source))
    if found is None:
        try:
            data = decode(entry["data"])
        except (KeyError, TypeError, ValueError):
            found = parse_workflow(text, source=source)
        else:
            try:
                found = build_workflow(data, {}, text, source)
            except InvalidWorkflow:
                found = parse_workflow(text, source=source)
        found = _BUILT.setdefault((key, source), found)
    return found
