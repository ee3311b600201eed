"""One house: the package's shape, read from its source with ``ast`` (nothing is imported).

Size
    No module under ``govflow/`` has more than :data:`MAX_LINES` lines.

Inheritance
    No class inherits from a class defined in govflow. Bases from the standard library or a
    dependency (``Exception``, ``SQLModel``, ``TypeDecorator``, ``NamedTuple``, ``Protocol``,
    Typer's ``TyperGroup``) are not this rule's business. A govflow base is allowed only for:

    * exceptions: the govflow base is an exception class (its bases reach a built-in exception,
      e.g. ``UnknownReference(NotFound)``): an error hierarchy is what ``except`` clauses catch;
    * SQLModel tables: the class is declared ``table=True`` and the govflow base is a SQLModel
      model (its bases reach ``sqlmodel.SQLModel``), which is how SQLModel shares columns;
    * dataclasses of data: the class is a ``@dataclass(frozen=True)``, every govflow base is a
      ``@dataclass(frozen=True)`` too, and the class body adds only fields (annotated names), a
      docstring and ``@property`` methods. That extends a record with more data; a subclass that
      defines or overrides any other method is behaviour and composes instead. A govflow
      ``Protocol`` is satisfied structurally, never listed as a base: the requirement kinds
      (``PathIn``, ``FlagSet``...) and the SQL dialects are plain frozen dataclasses.

Layers
    Every module belongs to a unit: ``govflow/X.py`` and ``govflow/X/...`` to ``X``,
    ``govflow/__init__.py`` (the public API, which re-exports the service) to ``govflow``.
    :data:`LAYERS` orders the units from the bottom up. A module imports its own unit or a unit of
    a lower layer, never a higher layer and never a sibling in its own layer (``workflow`` and
    ``store`` are independent, and so are ``minutes`` and ``exporters``). Every import counts:
    at the top, inside functions, and under ``TYPE_CHECKING`` (an annotation naming a higher
    layer's type is a dependency on it too), and so does a lazy import that names its module in a
    string (``importlib.import_module("govflow.x")``, or an f-string starting with a module's
    name). :data:`ALLOWED_NAMES` lists the exceptions, each with its reason. Only ``govflow/cli``
    and ``govflow/__main__.py`` import ``govflow.cli``, and :data:`LIBRARIES` says which modules
    may import ``transitions``, ``typer``, ``rich``, ``alembic``, ``sqlmodel`` and ``sqlalchemy``.

Circles
    Inside each package of :data:`NO_CIRCLES`, no module reaches itself by following imports (all
    of them, as for the layers): one module per concern means one direction between concerns.
"""

from __future__ import annotations

import ast
import builtins
import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "govflow"
MAX_LINES = 400

#: Units from the bottom up; a tuple holds siblings, which do not import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "safe_text"),  # no imports from govflow: the base of everything
    # limits: reading input files within caps (imports errors only); bank_holidays: the holiday
    # library's days, kept in a per-user cache file (imports nothing of govflow)
    ("days", "limits", "bank_holidays"),
    ("dates",),  # dates known to a precision, over days (which it re-exports)
    ("model",),  # the record's two value types, Event and Deadline, shared by every layer
    # foundation: plain values and rules, no database, no workflow
    ("calendar", "views", "validation"),
    ("workflow", "store"),  # the definition and the database: independent of each other
    # integrity: the log, checkpoints, export files read back (over the store); the planner:
    # dates the rule core's routes (pure, no database)
    ("audit", "planning"),
    ("records",),  # use cases over both
    ("minutes", "exporters"),  # reading minutes in, writing files out
    ("service",),  # the facade: builds the use cases and hands each what it uses
    ("govflow", "demo"),  # the package root re-exports the service; the demo drives it
    ("web",),  # govflow serve: the HTTP API, the pages and the static site (the only FastAPI)
    ("cli",),  # the only Typer (``serve`` and ``export site`` reach into web, lazily)
    ("__main__",),
)

#: Names a lower layer may import from a higher unit, with the reason.
ALLOWED_NAMES: Mapping[tuple[str, str], str] = {
    ("govflow", "__version__"): (
        "a constant assigned in govflow/__init__.py before it imports anything, and Python runs "
        "that file before any submodule: reading it adds no dependency"
    ),
}

#: Third-party packages kept to one place: package -> modules (or packages) that may import it.
LIBRARIES: Mapping[str, tuple[str, ...]] = {
    "transitions": ("govflow.workflow.machine",),  # the topology and its conditions
    "typer": ("govflow.cli",),  # the command line
    "rich": ("govflow.cli",),  # terminal output is the command line's
    "alembic": ("govflow.store.database", "govflow.store.migrations"),  # runs them | holds them
    "sqlmodel": ("govflow.store",),  # the tables
    "cryptography": ("govflow.audit.checkpoints",),  # signing and checking checkpoints
    "fastapi": ("govflow.web",),  # the HTTP framework
    "starlette": ("govflow.web",),  # under FastAPI
    "uvicorn": ("govflow.web",),  # the server that runs it
    "jinja2": ("govflow.web",),  # the pages' templates
    "markupsafe": ("govflow.web",),  # Jinja2's safe strings, for the pictures
    "icalendar": ("govflow.exporters.to_ics",),  # the calendar feed
    "docx": ("govflow.minutes.documents.word",),  # python-docx: Word minutes
    "pdfplumber": ("govflow.minutes.documents.pdf",),  # PDF minutes
    "pdfminer": ("govflow.minutes.documents.pdf",),  # under pdfplumber: its errors
    # Every SQL statement belongs in store/ (issue 23). A use case that only needs the
    # connection's type imports govflow.store.session.Connection (the facade, the Engine's, from
    # the same module).
    "sqlalchemy": ("govflow.store",),
}


# -- reading the source ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Module:
    name: str  # govflow.store.writes
    path: str  # govflow/store/writes.py, as messages show it
    source: str

    @functools.cached_property
    def tree(self) -> ast.Module:
        return ast.parse(self.source, self.path)

    @property
    def unit(self) -> str:
        return unit_of(self.name)

    @property
    def package(self) -> str:
        """What a relative import starts from."""
        return self.name if self.path.endswith("__init__.py") else self.name.rpartition(".")[0]


def unit_of(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def module_name(relative: Path) -> str:
    parts = relative.with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def read_house() -> dict[str, Module]:
    found = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        relative = path.relative_to(ROOT)
        name = module_name(relative)
        found[name] = Module(name, relative.as_posix(), path.read_text(encoding="utf-8"))
    return found


HOUSE = read_house()
MODULES = [pytest.param(m, id=m.path) for m in HOUSE.values()]


# -- names ----------------------------------------------------------------------------------------
def _absolute(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.package.split(".")
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


@functools.cache
def aliases(module: Module) -> dict[str, str]:
    """What each name bound by an import, or a class defined here, stands for (dotted)."""
    nodes = list(ast.walk(module.tree))
    bound = {c.name: f"{module.name}.{c.name}" for c in nodes if isinstance(c, ast.ClassDef)}
    for node in nodes:
        if isinstance(node, ast.Import):
            for a in node.names:
                top = a.name.split(".")[0]
                bound[a.asname or top] = a.name if a.asname else top
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            for a in node.names:
                bound[a.asname or a.name] = f"{source}.{a.name}"
    return bound


def resolve(bound: Mapping[str, str], expr: ast.expr) -> str:
    """The dotted name an expression refers to (``Dialect`` -> ``govflow.store.writes.Dialect``)."""
    if isinstance(expr, ast.Name):
        return bound.get(expr.id, expr.id)
    if isinstance(expr, ast.Attribute):
        return f"{resolve(bound, expr.value)}.{expr.attr}"
    if isinstance(expr, ast.Subscript):  # Generic[T], TypeDecorator[Any]
        return resolve(bound, expr.value)
    if isinstance(expr, ast.Call):
        return resolve(bound, expr.func)
    return ast.unparse(expr)


def is_govflow(name: str) -> bool:
    return name == PACKAGE or name.startswith(PACKAGE + ".")


@dataclass(frozen=True)
class Klass:
    module: Module
    node: ast.ClassDef

    @property
    def bases(self) -> tuple[str, ...]:
        bound = aliases(self.module)
        return tuple(resolve(bound, b) for b in self.node.bases)


class Index:
    """The classes of a set of modules, and how names that point at them resolve."""

    def __init__(self, house: Mapping[str, Module]) -> None:
        self.house = house
        self.classes: dict[str, Klass] = {}
        for module in house.values():
            for node in ast.walk(module.tree):
                if isinstance(node, ast.ClassDef):
                    self.classes.setdefault(f"{module.name}.{node.name}", Klass(module, node))

    def canonical(self, name: str, seen: frozenset[str] = frozenset()) -> str:
        """Follows re-exports (``govflow.store.X`` imported there from ``govflow.store.models``)."""
        if name in self.classes or name in seen:
            return name
        owner, _, attr = name.rpartition(".")
        if owner in self.house:
            target = aliases(self.house[owner]).get(attr)
            if target is not None and target != name:
                return self.canonical(target, seen | {name})
        return name

    def bases(self, klass: Klass) -> tuple[str, ...]:
        return tuple(self.canonical(b) for b in klass.bases)

    def reaches(
        self, name: str, goal: Callable[[str], bool], seen: frozenset[str] = frozenset()
    ) -> bool:
        """True when ``name`` or a class among its bases, at any depth, meets ``goal``."""
        if goal(name):
            return True
        klass = self.classes.get(name)
        if klass is None or name in seen:
            return False
        return any(self.reaches(b, goal, seen | {name}) for b in self.bases(klass))


def _builtin_exception(name: str) -> bool:
    value = getattr(builtins, name, None)
    return isinstance(value, type) and issubclass(value, BaseException)


def _frozen_dataclass(klass: Klass) -> bool:
    bound = aliases(klass.module)
    return any(
        isinstance(d, ast.Call)
        and resolve(bound, d) == "dataclasses.dataclass"
        and any(k.arg == "frozen" and _true(k.value) for k in d.keywords)
        for d in klass.node.decorator_list
    )


def _true(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Constant) and expr.value is True


def _only_data(klass: Klass) -> bool:
    """Fields, a docstring and properties: nothing that is behaviour."""
    bound = aliases(klass.module)
    for statement in klass.node.body:
        if isinstance(statement, ast.AnnAssign | ast.Pass):
            continue
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue
        if isinstance(statement, ast.FunctionDef) and [
            resolve(bound, d) for d in statement.decorator_list
        ] == ["property"]:
            continue
        return False
    return True


# -- the rules ------------------------------------------------------------------------------------
def inheritance_problems(index: Index, module: Module) -> list[str]:
    problems = []
    for klass in index.classes.values():
        if klass.module is not module:
            continue
        table = any(k.arg == "table" and _true(k.value) for k in klass.node.keywords)
        for base in index.bases(klass):
            if not is_govflow(base):
                continue
            where = f"{module.path}:{klass.node.lineno}: class {klass.node.name}({base})"
            parent = index.classes.get(base)
            if parent is None:
                problems.append(f"{where}: a govflow base this test cannot find as a class")
            elif index.reaches(base, _builtin_exception):
                continue  # an exception
            elif table and index.reaches(base, lambda b: b == "sqlmodel.SQLModel"):
                continue  # a SQLModel table sharing a model's columns
            elif _frozen_dataclass(klass) and _frozen_dataclass(parent) and _only_data(klass):
                continue  # a record extended with more data
            else:
                problems.append(
                    f"{where} inherits from a govflow class that is not an exception, not a "
                    "SQLModel model under a table, and not a frozen dataclass extended only with "
                    "fields and properties: compose it, or satisfy a Protocol structurally"
                )
    return problems


@dataclass(frozen=True)
class Import:
    line: int
    target: str  # a module: govflow.store.writes, typer.main
    name: str | None = None  # what `from <target> import` took, when it is not a module
    lazy: bool = False  # named in a string


# Each module's imports, read once for the house they were read against: the rules below ask for
# them about 15,000 times a run, and walking the tree each time was most of this file's time.
_READ: dict[int, tuple[Module, Mapping[str, Module], tuple[Import, ...]]] = {}


def imports(house: Mapping[str, Module], module: Module) -> tuple[Import, ...]:
    """Every import in the module, wherever it stands, with the module it reaches."""
    kept = _READ.get(id(module))
    if kept is not None and kept[0] is module and kept[1] is house:
        return kept[2]
    found = tuple(_walk_imports(house, module))
    _READ[id(module)] = (module, house, found)
    return found


def _walk_imports(house: Mapping[str, Module], module: Module) -> Iterator[Import]:
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield Import(node.lineno, a.name)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            for a in node.names:
                whole = f"{source}.{a.name}"
                if whole in house:
                    yield Import(node.lineno, whole)
                else:
                    yield Import(node.lineno, source, a.name)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if "." in node.value and node.value in house:  # not the bare app name "govflow"
                yield Import(node.lineno, node.value, lazy=True)
        elif isinstance(node, ast.JoinedStr) and node.values:
            first = node.values[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                prefix = first.value.rstrip(".")
                if first.value.endswith(".") and prefix in house:
                    yield Import(node.lineno, prefix, lazy=True)


LAYER_OF = {unit: i for i, units in enumerate(LAYERS) for unit in units}


def layer_problems(house: Mapping[str, Module], module: Module) -> list[str]:
    here = module.unit
    if here not in LAYER_OF:
        return [f"{module.path}:1: unit {here!r} has no layer: place it in LAYERS"]
    problems = []
    for found in imports(house, module):
        if not is_govflow(found.target):
            continue
        there = unit_of(found.target)
        if there == here or (there, found.name) in ALLOWED_NAMES:
            continue
        how = f"names {found.target!r} in a string" if found.lazy else f"imports {found.target}"
        where = f"{module.path}:{found.line}: {here} (layer {LAYER_OF[here]}) {how}"
        if there not in LAYER_OF:
            problems.append(f"{where}, whose unit {there!r} has no layer")
        elif LAYER_OF[there] > LAYER_OF[here]:
            problems.append(f"{where} ({there}, layer {LAYER_OF[there]}): imports go down only")
        elif LAYER_OF[there] == LAYER_OF[here]:
            problems.append(f"{where}: {there} is a sibling in the same layer, and independent")
    return problems


def cli_problems(house: Mapping[str, Module], module: Module) -> list[str]:
    if module.unit == "cli" or module.name == f"{PACKAGE}.__main__":
        return []
    return [
        f"{module.path}:{found.line}: imports {found.target}: only govflow/cli and "
        "govflow/__main__.py may import the command line"
        for found in imports(house, module)
        if unit_of(found.target) == "cli" and is_govflow(found.target)
    ]


def library_problems(house: Mapping[str, Module], module: Module) -> list[str]:
    problems = []
    for found in imports(house, module):
        top = found.target.split(".")[0]
        allowed = LIBRARIES.get(top)
        if found.lazy or allowed is None:
            continue
        if not any(module.name == a or module.name.startswith(a + ".") for a in allowed):
            problems.append(
                f"{module.path}:{found.line}: imports {found.target}; only "
                f"{', '.join(allowed)} may import {top}"
            )
    return problems


#: Packages whose modules never import each other in a circle.
NO_CIRCLES = tuple(
    sorted({n.rsplit(".", 1)[0] for n in HOUSE if n.count(".") >= 2 and not n.endswith("__init__")})
)


def import_circles(house: Mapping[str, Module], package: str) -> list[list[str]]:
    """Each circle of imports among the modules of ``package`` (the package itself left out: its
    ``__init__`` loads its modules lazily), as the modules in order, found once each."""
    inside = {n for n in house if n.startswith(package + ".")}
    graph = {
        n: sorted({f.target for f in imports(house, house[n]) if f.target in inside} - {n})
        for n in sorted(inside)
    }
    circles: list[list[str]] = []
    seen: set[frozenset[str]] = set()

    def walk(path: list[str]) -> None:
        for nxt in graph[path[-1]]:
            if nxt == path[0] and frozenset(path) not in seen:
                seen.add(frozenset(path))
                circles.append(path)
            elif nxt not in path and nxt > path[0]:  # each circle from its smallest module
                walk([*path, nxt])

    for start in graph:
        walk([start])
    return circles


# -- the house ------------------------------------------------------------------------------------
@functools.cache
def house_index() -> Index:
    """The house's classes, built on first use: at import it would parse every module in each
    pytest process, including those that run none of these tests (the PostgreSQL suite)."""
    return Index(HOUSE)


@pytest.mark.parametrize("package", NO_CIRCLES)
def test_no_import_circle_inside_the_package(package: str) -> None:
    circles = [" -> ".join([*c, c[0]]) for c in import_circles(HOUSE, package)]
    assert not circles, "import circles:\n" + "\n".join(circles)


@pytest.mark.parametrize("module", MODULES)
def test_module_is_at_most_400_lines(module: Module) -> None:
    lines = len(module.source.splitlines())
    assert lines <= MAX_LINES, (
        f"{module.path}:{MAX_LINES + 1}: {lines} lines, more than {MAX_LINES}: split it at a seam"
    )


@pytest.mark.parametrize("module", MODULES)
def test_no_class_inherits_from_a_govflow_class(module: Module) -> None:
    problems = inheritance_problems(house_index(), module)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("module", MODULES)
def test_imports_go_down_the_layers(module: Module) -> None:
    problems = layer_problems(HOUSE, module)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("module", MODULES)
def test_only_the_cli_and_main_import_the_cli(module: Module) -> None:
    problems = cli_problems(HOUSE, module)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("module", MODULES)
def test_libraries_stay_in_their_place(module: Module) -> None:
    problems = library_problems(HOUSE, module)
    assert not problems, "\n".join(problems)


def test_every_unit_is_a_module_or_package_of_govflow() -> None:
    units = {m.unit for m in HOUSE.values()}
    assert set(LAYER_OF) - units == set(), "LAYERS names units govflow does not have"


# -- the rules catch what they should ------------------------------------------------------------
def _house(**sources: str) -> dict[str, Module]:
    """Modules from source text: keyword ``store__writes`` is ``govflow/store/writes.py``."""
    found = {}
    for key, source in sources.items():
        parts = [PACKAGE, *key.split("__")] if key != "root" else [PACKAGE]
        name = ".".join(parts)
        path = "/".join(parts) + (".py" if key != "root" else "/__init__.py")
        found[name] = Module(name, path, source)
    return found


def _inheritance(**sources: str) -> list[str]:
    house = _house(**sources)
    index = Index(house)
    return [p for m in house.values() for p in inheritance_problems(index, m)]


DATACLASS = "from dataclasses import dataclass\n"


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        pytest.param(
            {"store__writes": "class Dialect:\n    pass\n\nclass _Postgres(Dialect):\n    pass\n"},
            ["govflow/store/writes.py:4: class _Postgres(govflow.store.writes.Dialect)"],
            id="subclass-in-the-same-module",
        ),
        pytest.param(
            {
                "workflow__definition": DATACLASS
                + "@dataclass(frozen=True)\nclass R:\n    m: str\n",
                "workflow__loader": (
                    DATACLASS + "from govflow.workflow.definition import R\n\n"
                    "@dataclass(frozen=True)\nclass P(R):\n    p: int = 0\n\n"
                    "    def met(self) -> bool:\n        return True\n"
                ),
            },
            ["govflow/workflow/loader.py:5: class P(govflow.workflow.definition.R)"],
            id="dataclass-with-behaviour",
        ),
        pytest.param(
            {
                "store__models": "class Base:\n    pass\n",
                "store": "from govflow.store.models import Base\n",
                "records__x": "from govflow import store\n\nclass C(store.Base):\n    pass\n",
            },
            ["govflow/records/x.py:3: class C(govflow.store.models.Base)"],
            id="through-a-re-export",
        ),
        pytest.param(
            {
                "errors": "class E(Exception):\n    pass\n\nclass F(E):\n    pass\n",
                "store__models": (
                    "from sqlmodel import SQLModel\n\nclass Base(SQLModel):\n    x: int\n\n"
                    "class T(Base, table=True):\n    y: int\n"
                ),
                "views": (
                    DATACLASS + "@dataclass(frozen=True)\nclass A:\n    a: int\n\n"
                    "@dataclass(frozen=True)\nclass B(A):\n    '''More data.'''\n\n"
                    "    b: int = 0\n\n    @property\n    def c(self) -> int:\n        return 1\n"
                ),
                "cli": "from typer.core import TyperGroup\n\nclass G(TyperGroup):\n    pass\n",
            },
            [],
            id="the-allowed-kinds",
        ),
    ],
)
def test_the_inheritance_rule(sources: dict[str, str], expected: list[str]) -> None:
    found = _inheritance(**sources)
    assert len(found) == len(expected), found
    assert all(p.startswith(e + " inherits") for p, e in zip(found, expected, strict=True)), found


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        pytest.param(
            {"views": "from govflow.store.hashing import timestamp\n", "store__hashing": ""},
            "govflow/views.py:1: views (layer 4) imports govflow.store.hashing (store, layer 5)",
            id="up-at-the-top",
        ),
        pytest.param(
            {
                "store__writes": "def f() -> None:\n    from govflow.workflow import machine\n",
                "workflow__machine": "",
            },
            "govflow/store/writes.py:2: store (layer 5) imports govflow.workflow.machine: workflow "
            "is a sibling",
            id="sibling-inside-a-function",
        ),
        pytest.param(
            {
                "records__x": "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from govflow.service import Govflow\n",
                "service": "",
            },
            "govflow/records/x.py:3: records (layer 7) imports govflow.service (service, layer 9)",
            id="up-under-type-checking",
        ),
        pytest.param(
            {
                "store__x": "import importlib\nimportlib.import_module('govflow.records.audit')\n",
                "records__audit": "",
            },
            "govflow/store/x.py:2: store (layer 5) names 'govflow.records.audit' in a string",
            id="up-by-name",
        ),
        pytest.param(
            {"exporters__x": "from . import y\nfrom ..service import open_db\n", "service": ""},
            "govflow/exporters/x.py:2: exporters (layer 8) imports govflow.service (service",
            id="relative-imports-resolve",
        ),
        pytest.param(
            {"exporters__x": "from govflow import __version__, service\n", "service": ""},
            "govflow/exporters/x.py:1: exporters (layer 8) imports govflow.service",
            id="only-the-version-from-the-root",
        ),
    ],
)
def test_the_layer_rule(sources: dict[str, str], expected: str) -> None:
    house = _house(**sources)
    found = [p for m in house.values() for p in layer_problems(house, m)]
    assert len(found) == 1 and found[0].startswith(expected), found


def test_the_circle_rule() -> None:
    house = _house(
        minutes__a="from govflow.minutes import b\n",
        minutes__b=(
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from govflow.minutes.c import X\n"
        ),
        minutes__c="import govflow.minutes.a\n",
        minutes__d="from govflow.minutes import a\n",
    )
    assert import_circles(house, "govflow.minutes") == [
        ["govflow.minutes.a", "govflow.minutes.b", "govflow.minutes.c"]
    ]


def test_the_cli_and_library_rules() -> None:
    house = _house(
        records__x="import typer\nfrom govflow.cli import app\n",
        workflow__machine="from transitions import Machine\n",
        workflow__loader="import transitions.extensions\n",
        cli__y="import typer\nimport rich.console\n",
        store__migrations__env="from alembic import context\n",
    )
    modules = list(house.values())
    assert [p for m in modules for p in cli_problems(house, m)] == [
        "govflow/records/x.py:2: imports govflow.cli: only govflow/cli and govflow/__main__.py "
        "may import the command line"
    ]
    assert [p for m in modules for p in library_problems(house, m)] == [
        "govflow/records/x.py:1: imports typer; only govflow.cli may import typer",
        "govflow/workflow/loader.py:1: imports transitions.extensions; only "
        "govflow.workflow.machine may import transitions",
    ]
