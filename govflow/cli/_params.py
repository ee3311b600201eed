"""Reading a command line's plain values without pydantic.

Typer 0.29 converts every parameter's value through a pydantic ``TypeAdapter``, built when the
value is first read (``typer._coercion.build_runtime_param``): any command that reads one option
imports pydantic (about as much as ``import typer`` again) and builds an adapter per parameter.
For a text, a flag's ``True``/``False``, a list of texts or a whole number given as digits, that
adapter returns the value itself (or its ``list``/``int``): those are taken here directly. Any
other value, or any other type (a choice, a number with bounds, a path), goes through typer's
own adapter, built on first need, so what a command accepts, refuses and says is typer's.
``tests/test_cli_params.py`` holds each short cut equal to typer's adapter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from typer._click import Context
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer.core import TyperCommand, TyperGroup, _TyperParameter

#: Digits that ``int`` and pydantic read alike (pydantic caps the length of what it parses).
_DIGITS = re.compile(r"[0-9]{1,18}")


@dataclass(frozen=True)
class PlainParam(RuntimeParam):
    """A ``str``, ``bool``, ``list[str]`` or ``int`` parameter: the plain value taken as it is,
    anything else handed to typer's adapter."""

    descriptor: TypeDescriptor
    kind: str  # "str", "bool", "list", "int"
    typers: list[RuntimeParam] = field(default_factory=list, compare=False, repr=False)

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        kind = self.kind
        if (kind == "str" and type(value) is str) or (kind == "bool" and type(value) is bool):
            return value
        if kind == "list" and type(value) in (list, tuple) and all(type(v) is str for v in value):
            return list(value)
        if kind == "int":
            if type(value) is int:
                return value
            if type(value) is str and _DIGITS.fullmatch(value):
                return int(value)
        return self.typer()._coerce_value(value, param=param, ctx=ctx)

    def typer(self) -> RuntimeParam:
        """Typer's own conversion (pydantic's adapter), built once when first needed."""
        if not self.typers:
            self.typers.append(build_runtime_param(self.descriptor))
        return self.typers[0]


def kind_of(descriptor: TypeDescriptor) -> str | None:
    """Which short cut fits a parameter's type, if any."""
    info = descriptor.parameter_info
    if descriptor.is_file or info.parser is not None or getattr(info, "click_type", None):
        return None
    annotation = descriptor.annotation
    if annotation is str or annotation is bool:
        return annotation.__name__
    if annotation == list[str]:
        return "list"
    if annotation is int and info.min is None and info.max is None and not info.clamp:
        return "int"
    return None


def plain(params: list[Any]) -> list[Any]:
    """``params`` (returned), their plain ones now read without pydantic."""
    for param in params:
        if isinstance(param, _TyperParameter) and param._runtime_param is None:
            descriptor = param.type_descriptor
            kind = kind_of(descriptor)
            if kind is not None:
                param._runtime_param = PlainParam(
                    parameter_info=descriptor.parameter_info,
                    annotation=descriptor.annotation,
                    descriptor=descriptor,
                    kind=kind,
                )
    return params


# The parameters are taken where they are read: typer adds the help option (and, to the root,
# the completion options) after a command is built.


class PlainCommand(TyperCommand):
    """A command whose plain parameters are read without pydantic."""

    def get_params(self, ctx: Context) -> list[Any]:
        return plain(super().get_params(ctx))


class PlainGroup(TyperGroup):
    """A group whose own plain parameters are read without pydantic."""

    def get_params(self, ctx: Context) -> list[Any]:
        return plain(super().get_params(ctx))
