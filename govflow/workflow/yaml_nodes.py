"""Safe YAML reading that remembers the line of every key (PyYAML, libyaml when it has it).

Imported when a file is first read as YAML: the shipped workflows are built from their index
(:mod:`govflow.workflow.shipped_index`), and ``import yaml`` costs a command that reads no file
about 11 ms.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import yaml
from yaml.resolver import Resolver

# libyaml's parser when the wheel has it (much faster), the pure-Python one otherwise; both safe.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
assert not _SafeLoader.yaml_path_resolvers  # so a node's tag depends on its kind and text alone


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    """The safe loader, asking PyYAML's resolver (regular expressions, in Python, for every node)
    once per distinct node kind, text and implicitness: keys and words repeat."""

    resolve = staticmethod(
        functools.lru_cache(maxsize=4096)(functools.partial(Resolver.resolve, Resolver()))
    )


#: Limits on what a file may ask of the reader: a few aliases make a legitimate file shorter, a
#: few dozen nested ten times over make a "billion laughs" (a 7-line file that expands to
#: millions of nodes). Past them the file is refused, never expanded.
MAX_ALIASES = 100
MAX_NODES = 100_000  # in the document with every alias expanded
MAX_DEPTH = 64


def load_with_lines(text: str) -> tuple[Any, dict[str, int]]:
    """Parse ``text`` safely; return the data and a map from key path to 1-based line.

    Paths look like ``transitions[3].requires[0].milestone``. Only the safe loader is used:
    a workflow file can hold data and nothing else. A document that uses more than
    :data:`MAX_ALIASES` aliases, nests deeper than :data:`MAX_DEPTH`, would expand to more than
    :data:`MAX_NODES` nodes, or holds an alias inside its own anchor raises a YAMLError before
    anything is built from it.

    The data is built in the same walk as the lines, by the safe loader's own functions for each
    scalar's tag (PyYAML's constructor, in Python, took longer than parsing). A document with
    anything else (a merge key ``<<``, an explicit tag, a complex key) or a scalar the loader
    refuses is walked again and built by the constructor, so its data and errors are the
    constructor's, in the same order as ever.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        try:
            walk = _Walk(loader)
            walk.node(node, "", 0)
            return walk.values[id(node)], walk.lines
        except _Unusual:
            pass
        walk = _Walk(None)
        walk.node(node, "", 0)
        return loader.construct_document(node), walk.lines
    except RecursionError:
        raise _refused(None, f"the document nests deeper than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()


def _refused(node: yaml.Node | None, problem: str) -> yaml.YAMLError:
    return yaml.composer.ComposerError(None, None, problem, node.start_mark if node else None)


_MAP, _SEQ, _STR = (f"tag:yaml.org,2002:{kind}" for kind in ("map", "seq", "str"))
#: The safe loader's builders of the scalars plain YAML resolves to (besides text).
_SCALARS: dict[str, Callable[[Any, yaml.Node], Any]] = {
    f"tag:yaml.org,2002:{kind}": _SafeLoader.yaml_constructors[f"tag:yaml.org,2002:{kind}"]
    for kind in ("null", "bool", "int", "float", "timestamp")
}


class _Unusual(Exception):
    """The document needs PyYAML's constructor (see :func:`load_with_lines`)."""


class _Walk:
    """One pass over the composed nodes: each key's line, the limits checked and, given the
    loader, the data built. A node met again is an alias: it counts once more, is not walked
    again, and is the same object, as the constructor makes it."""

    def __init__(self, loader: yaml.SafeLoader | None) -> None:
        self.loader = loader  # None: lines and limits only
        self.lines: dict[str, int] = {}
        self.sizes: dict[int, int] = {}  # node id -> nodes it expands to
        self.values: dict[int, Any] = {}  # node id -> its data (with a loader)
        self.open: set[int] = set()  # the nodes being walked (an alias to one is a cycle)
        self.aliases = 0

    def node(self, node: yaml.Node, path: str, depth: int) -> int:
        self.lines.setdefault(path, node.start_mark.line + 1)
        key = id(node)
        if key in self.open:
            raise _refused(node, "an alias refers to the node that holds it (a recursive alias)")
        if key in self.sizes:
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _refused(node, f"more than {MAX_ALIASES} aliases (*name); write it out")
            return self.sizes[key]
        if depth > MAX_DEPTH:
            raise _refused(node, f"the document nests deeper than {MAX_DEPTH} levels")
        self.open.add(key)
        if isinstance(node, yaml.MappingNode):
            size = 1 + self._mapping(node, path, depth)
        elif isinstance(node, yaml.SequenceNode):
            size = 1 + self._sequence(node, path, depth)
        else:
            size = 1
            if self.loader is not None:
                self.values[key] = self._scalar(node)
        self.open.discard(key)
        self.sizes[key] = size
        if size > MAX_NODES:
            raise _refused(node, f"the document expands to more than {MAX_NODES:,} values")
        return size

    def _mapping(self, node: yaml.MappingNode, path: str, depth: int) -> int:
        build = self.loader is not None
        if build and node.tag != _MAP:
            raise _Unusual
        data: dict[Any, Any] = {}
        self.values[id(node)] = data  # before the children, as the constructor does
        seen: set[str] = set()
        size = 0
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:  # the safe loader would silently keep only the last one
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"found duplicate key {key!r}",
                    key_node.start_mark,
                )
            seen.add(key)
            child = f"{path}.{key}" if path else key
            self.lines[child] = key_node.start_mark.line + 1
            size += self.node(value_node, child, depth + 1)
            if build:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _Unusual
                data[self._scalar(key_node)] = self.values[id(value_node)]
        return size

    def _sequence(self, node: yaml.SequenceNode, path: str, depth: int) -> int:
        build = self.loader is not None
        if build and node.tag != _SEQ:
            raise _Unusual
        items: list[Any] = []
        self.values[id(node)] = items
        size = 0
        for index, item in enumerate(node.value):
            size += self.node(item, f"{path}[{index}]", depth + 1)
            if build:
                items.append(self.values[id(item)])
        return size

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == _STR:
            return node.value
        make = _SCALARS.get(node.tag)
        if make is None:
            raise _Unusual
        try:
            return make(self.loader, node)
        except Exception:  # the constructor's own error, in its own order
            raise _Unusual from None
