"""How a view becomes JSON, and how a view is built fast (see :mod:`govflow.views`)."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from govflow.model import jsonable

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_V = TypeVar("_V")


def new_view(cls: type[_V], values: dict[str, Any]) -> _V:
    """``cls(**values)`` built without the frozen dataclass's ``__init__`` (which sets each field
    through ``object.__setattr__``, several times slower), for views built by the thousand.
    ``values`` must name every field; the view has no ``__post_init__`` or ``__slots__``."""
    view = object.__new__(cls)
    view.__dict__.update(values)
    return view


def json_fields(view: DataclassInstance) -> dict[str, Any]:
    """A view's fields as JSON-ready data (what each view's ``to_dict()`` returns), without
    those marked internal (words for people, as the web's answer models leave them out)."""
    return {f.name: _plain(getattr(view, f.name)) for f in fields(view)
            if not f.metadata.get("internal")}  # fmt: skip


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        to_dict = getattr(value, "to_dict", None)
        return to_dict() if to_dict is not None else json_fields(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return jsonable(value)
