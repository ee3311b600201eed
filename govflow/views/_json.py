"""How a view becomes JSON, and how a view is built fast (see :mod:`govflow.views`)."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import fields, is_dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from govflow.model import built, jsonable

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_V = TypeVar("_V")


def new_view(cls: type[_V], values: dict[str, Any]) -> _V:
    """``cls(**values)`` built without the frozen dataclass's ``__init__``, for views built by
    the thousand (:func:`govflow.model.built`, on a copy of ``values``)."""
    return built(cls, dict(values))


def json_fields(view: DataclassInstance) -> dict[str, Any]:
    """A view's fields as JSON-ready data (what each view's ``to_dict()`` returns), without
    those marked internal (words for people, as the web's answer models leave them out)."""
    return {name: _plain(getattr(view, name)) for name in _shown(type(view))}


@functools.cache
def _shown(cls: type) -> tuple[str, ...]:
    """The names of a view class's fields that are not internal (a class's fields are fixed)."""
    return tuple(f.name for f in fields(cls) if not f.metadata.get("internal"))


#: Values that are JSON as they are (by exact type: a subclass takes the long way).
_AS_IS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind in _AS_IS:
        return value
    if kind is dt.date:
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        to_dict = getattr(value, "to_dict", None)
        return to_dict() if to_dict is not None else json_fields(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return jsonable(value)
