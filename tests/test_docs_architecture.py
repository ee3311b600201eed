"""docs/architecture.md is true: every module and symbol it names exists.

It names modules as paths (`workflow/rules.py`), symbols after a path (`workflow/step.py: step`,
`records/recording.py: Recorder.append`), and symbols by dotted name
(`records.lookup.Lookup`). Each is looked up in the source with ``ast`` (nothing is imported).
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "govflow"
DOC = ROOT / "docs" / "architecture.md"
UNITS = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}

_PATH = re.compile(r"^(?P<path>[a-z_/]+\.py)(?::\s*(?P<symbol>[A-Za-z_][\w.]*))?$")
_DOTTED = re.compile(r"^(?P<dotted>[a-z_]+(?:\.[A-Za-z_]\w*)+)$")


def _spans(text: str) -> list[str]:
    return re.findall(r"`([^`\n]+)`", text)


@functools.cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def _names(node: ast.stmt) -> list[str]:
    """The names a statement of a module or class body defines."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    if isinstance(node, ast.ImportFrom | ast.Import):
        return [a.asname or a.name.rpartition(".")[2] for a in node.names]
    return []


def _defines(body: list[ast.stmt], name: str) -> ast.stmt | None:
    return next((node for node in body if name in _names(node)), None)


def _has(path: Path, symbol: str) -> bool:
    """Whether ``path`` defines ``symbol`` (``Class.method`` looks inside the class)."""
    body: list[ast.stmt] = _tree(path).body
    for part in symbol.split("."):
        node = _defines(body, part)
        if node is None:
            return False
        body = node.body if isinstance(node, ast.ClassDef) else []
    return True


def _module_file(parts: list[str]) -> Path | None:
    """The file of module ``govflow.<parts>`` (a package's ``__init__.py``), or None."""
    base = PACKAGE.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def references(text: str) -> list[tuple[str, Path | None, str | None]]:
    """Each (span, the module file it names or None, the symbol in it or None) of ``text``."""
    found = []
    for span in _spans(text):
        if m := _PATH.match(span):
            path, symbol = m["path"], m["symbol"]
            target = (ROOT if path.startswith("tests/") else PACKAGE) / path
            found.append((span, target if target.is_file() else None, symbol))
        elif (m := _DOTTED.match(span)) and span.split(".")[0] in UNITS:
            parts = span.split(".")
            for cut in range(len(parts), 0, -1):
                module = _module_file(parts[:cut])
                if module is not None:
                    rest = ".".join(parts[cut:]) or None
                    found.append((span, module, rest))
                    break
            else:
                found.append((span, None, None))
    return found


REFERENCES = references(DOC.read_text(encoding="utf-8"))


def test_the_doc_names_the_one_file_where_a_rule_is_decided() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert "**One file: `workflow/rules.py`.**" in text
    assert _has(PACKAGE / "workflow" / "rules.py", "judge")
    assert len(REFERENCES) > 60


@pytest.mark.parametrize(("span", "module", "symbol"), REFERENCES, ids=[r[0] for r in REFERENCES])
def test_every_module_and_symbol_named_exists(
    span: str, module: Path | None, symbol: str | None
) -> None:
    assert module is not None, f"docs/architecture.md names {span!r}: no such module"
    if symbol is not None:
        assert _has(module, symbol), f"docs/architecture.md names {span!r}: no such symbol"


def test_a_name_that_does_not_exist_is_caught() -> None:
    bad = references("`workflow/engine.py: Engine.fire`, `records.history.replay`, "
                     "`workflow/rules.py: nothing_here`")  # fmt: skip
    assert [(s, m is None or not (sym is None or _has(m, sym))) for s, m, sym in bad] == [
        ("workflow/engine.py: Engine.fire", True),
        ("records.history.replay", True),
        ("workflow/rules.py: nothing_here", True),
    ]


#: A docstring's reference to a name of the package (``:func:`govflow.workflow.step.step```).
_ROLE = re.compile(r":(?:func|class|mod|meth|data|attr|exc):`~?govflow\.([\w.]+)`")


def _source_references() -> list[tuple[str, Path | None, str | None]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        names = sorted(set(_ROLE.findall(path.read_text(encoding="utf-8"))))
        spans = " ".join(f"`{n}`" for n in names)
        found += [(f"{path.relative_to(ROOT)}: {span}", module, symbol)
                  for (span, module, symbol) in references(spans)]  # fmt: skip
    return found


def _exported(module: Path, symbol: str) -> bool:
    """Whether ``symbol`` is in the module's ``__all__`` (a name its ``__getattr__`` makes)."""
    for node in _tree(module).body:
        if isinstance(node, ast.Assign) and "__all__" in _names(node):
            return symbol in ast.literal_eval(node.value)
    return False


def test_every_name_the_docstrings_refer_to_exists() -> None:
    """The source's own cross-references (``:func:`govflow...```) are as true as this doc."""
    found = _source_references()
    missing = [
        span for span, module, symbol in found
        if module is None
        or (symbol is not None and not _has(module, symbol) and not _exported(module, symbol))
    ]  # fmt: skip
    assert len(found) > 100 and missing == []
