"""A reader of typed values out of a workflow file's data that records a problem (with its line)
instead of failing, so a file's problems come out together. The data and the lines come from
:func:`govflow.workflow.yaml_nodes.load_with_lines`, or from the index of the shipped files."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from govflow.errors import hint


class Reader:
    """Reads typed values out of parsed YAML, recording a problem instead of failing."""

    def __init__(self, source: str, lines: Mapping[str, int]) -> None:
        self.source = source
        self.lines = lines
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        # A name given as a scalar has no line of its own (source[0]): use its key's.
        line = self.lines.get(path) or self.lines.get(re.sub(r"\[\d+\]$", "", path))
        where = f"line {line}, " if line else ""
        self.problems.append(f"{where}{path or '<top>'}: {message}")

    def mapping(self, value: Any, path: str, allowed: Iterable[str]) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(path, f"expected a mapping, got {show(value)}")
            return {}
        allowed = set(allowed)
        for key in value:
            if str(key) not in allowed:
                self.problem(
                    join(path, key),
                    f"unknown key {str(key)!r}{hint(str(key), allowed)}; "
                    f"allowed: {', '.join(sorted(allowed))}",
                )
        return {str(k): v for k, v in value.items()}

    def text(self, data: dict[str, Any], key: str, path: str, required: bool = True) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(join(path, key), "missing (a text is required here)")
            return ""
        if not isinstance(value, str | int) or isinstance(value, bool):
            self.problem(join(path, key), f"expected a text, got {show(value)}")
            return ""
        return str(value)

    def integer(self, data: dict[str, Any], key: str, path: str, default: int | None) -> int | None:
        value = data.get(key, default)
        if value is None and default is None and key in data:
            return None
        if isinstance(value, bool) or not isinstance(value, int | type(None)):
            self.problem(join(path, key), f"expected a whole number, got {show(value)}")
            return default
        if value is not None and value < 0:
            self.problem(join(path, key), f"must not be negative, got {value}")
        return value

    def flag(self, data: dict[str, Any], key: str, path: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.problem(join(path, key), f"expected true or false, got {show(value)}")
            return default
        return value

    def names(self, value: Any, path: str) -> tuple[str, ...]:
        """A name or a list of names."""
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        self.problem(path, f"expected a name or a list of names, got {show(value)}")
        return ()


def join(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)


def show(value: object) -> str:
    return f"{type(value).__name__} {value!r}"
