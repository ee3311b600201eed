"""Arguments checked against their annotations, so a wrong type is an :class:`InvalidInput`.

The facade (``service.Govflow``) wraps each public method with :func:`checked`: a caller who
passes ``item=5`` or ``on=20210525`` gets ``InvalidInput`` naming the argument, the type given and
what is expected, instead of an ``AttributeError`` from deep inside. The wrapper keeps the
method's signature for type checkers (``ParamSpec``) and for ``inspect`` (``__wrapped__``).
Understood: ``str``, ``int``, ``bool``, ``float``, dates, None, unions, ``Literal``, sequences,
mappings and classes; anything else passes unchecked.

Values are checked too (:func:`check_value`), wherever they come from, so that no database sees
what it cannot store: text (also inside lists and mappings) holding a NUL or a lone surrogate;
text past its limit (:data:`LIMITS`: ``title``, ``text`` for notes and minutes text, ``name``
for the rest, set by ``GOVFLOW_MAX_TITLE``, ``GOVFLOW_MAX_TEXT``, ``GOVFLOW_MAX_NAME``; the
methods that read whole files or documents have limits of their own); integers outside a
signed 32-bit column's range.
"""

from __future__ import annotations

import collections.abc as cabc
import datetime as dt
import functools
import inspect
import os
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from govflow.errors import InvalidInput

P = ParamSpec("P")
R = TypeVar("R")

# A check takes a value and says whether it fits; its text says what was expected.
_Check = tuple[Callable[[Any], bool], str]


@dataclass(frozen=True)
class Limits:
    """The longest text govflow stores, in characters: ``title`` (proposals, alternatives and
    agenda items), ``text`` (notes, overrides, actions, agenda items' minutes text) and
    ``name`` (every other value a person types: references, codes, names, triggers, dates)."""

    title: int = 500
    text: int = 50_000
    name: int = 200

    @classmethod
    def from_environment(cls) -> Limits:
        """The defaults, each replaced by ``GOVFLOW_MAX_TITLE``, ``GOVFLOW_MAX_TEXT`` or
        ``GOVFLOW_MAX_NAME`` when set (a whole number of characters, 1 or more)."""
        found: dict[str, int] = {}
        for field in ("title", "text", "name"):
            raw = os.environ.get(f"GOVFLOW_MAX_{field.upper()}")
            if raw is None:
                continue
            if not raw.strip().isdigit() or int(raw) < 1:
                raise InvalidInput(
                    f"GOVFLOW_MAX_{field.upper()}={raw!r} is not a number of characters (1 or more)"
                )
            found[field] = int(raw)
        return cls(**found)


LIMITS = Limits.from_environment()
#: The range of an integer argument: what a signed 32-bit database column holds.
INT_RANGE = (-(2**31), 2**31 - 1)
_TITLES = frozenset({"title"})
_TEXTS = frozenset({"note", "text", "override"})
# Methods that take whole documents, files or queries: they bound their input themselves.
_UNBOUNDED = frozenset({"parse_minutes", "import_minutes", "import_events", "search", "checkpoint",
                        "verify_checkpoint", "export_audit", "export_register", "export_timeline",
                        "export_calendar", "open_audit", "iter_audit"})  # fmt: skip
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _limit(argument: str) -> int:
    return getattr(LIMITS, _limit_field(argument))  # type: ignore[no-any-return]


def _limit_field(argument: str) -> str:
    """Which of :data:`LIMITS` bounds the text ``argument`` names."""
    if argument in _TITLES:
        return "title"
    return "text" if argument in _TEXTS else "name"


def _text_problem(argument: str, text: str, bounded: bool) -> str | None:
    bad = _UNSTORABLE.search(text)
    if bad is not None:
        what = "a NUL character" if bad.group() == "\x00" else "a lone surrogate"
        return f"{argument} holds {what} (at character {bad.start() + 1}); remove it"
    limit = _limit(argument)
    if bounded and len(text) > limit:
        return f"{argument} is {len(text):,} characters long; the most govflow keeps is {limit:,}"
    return None


def check_value(argument: str, value: Any, bounded: bool = True, depth: int = 0) -> None:
    """Refuse (:class:`InvalidInput`) a value no database can store or that passes its limit:
    text with a NUL or a lone surrogate, text longer than :data:`LIMITS` allows (when
    ``bounded``), an integer outside :data:`INT_RANGE`; lists and mappings are looked into."""
    problem: str | None = None
    if isinstance(value, str):
        problem = _text_problem(argument, value, bounded)
    elif isinstance(value, int) and not isinstance(value, bool):
        if not INT_RANGE[0] <= value <= INT_RANGE[1]:
            low, high = INT_RANGE
            problem = f"{argument} is out of range: govflow stores whole numbers {low}..{high}"
    elif depth < 4 and isinstance(value, cabc.Mapping):
        for key, item in value.items():
            check_value(f"a key of {argument}", key, bounded, depth + 1)
            check_value(key if isinstance(key, str) else argument, item, bounded, depth + 1)
    elif depth < 4 and isinstance(value, list | tuple):
        for item in value:
            check_value(argument, item, bounded, depth + 1)
    if problem is not None:
        raise InvalidInput(problem)


#: :func:`checked`'s long and short ways by function, made once (a ms), for every Govflow's.
_MADE: dict[tuple[Any, bool, bool], tuple[Callable[..., None], Callable[..., bool] | None]] = {}


def checked(method: Callable[P, R], *, short: bool = True) -> Callable[P, R]:
    """``method`` with its arguments checked against its annotations on every call.

    A call whose arguments bind to the method's parameters and are each plainly fit by type and
    text alone (:func:`_fitter`) goes straight to the method; any other takes the long way
    (:func:`_long_way`), which passes what the short way passes and words every refusal
    (``short=False``: every call the long way, as tests compare)."""
    key = (getattr(method, "__func__", method), inspect.ismethod(method), short)
    if (made := _MADE.get(key)) is None:
        signature = inspect.signature(method)
        name = getattr(method, "__name__", "method")
        bounded = name not in _UNBOUNDED
        made = _MADE[key] = (_long_way(method, signature, name, bounded), _fitter(
            _plain_kinds(method, signature), signature, bounded) if short else None)  # fmt: skip
    long_way, fits = made

    if fits is None:

        @functools.wraps(method)
        def slow(*args: P.args, **kwargs: P.kwargs) -> R:
            long_way(args, kwargs)
            return method(*args, **kwargs)

        return slow

    @functools.wraps(method)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            fit = fits(*args, **kwargs)
        except TypeError:  # the call does not bind: the long way says why
            fit = False
        if not fit:
            long_way(args, kwargs)
        return method(*args, **kwargs)

    return call


def _long_way(
    method: Callable[..., Any], signature: inspect.Signature, name: str, bounded: bool
) -> Callable[[tuple[Any, ...], dict[str, Any]], None]:
    """The check of every argument of a call, in the order ``signature.bind`` names them: its
    type against its annotation, then its value (:func:`check_value`); the first that does not
    fit is refused (:class:`InvalidInput`), as is a call that does not bind."""
    checks = _checks(method, signature)
    bind = _binder(signature)

    def check(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        try:
            arguments = bind(args, kwargs)
        except TypeError as exc:
            raise InvalidInput(f"{name}(): {exc}") from None
        for argument, value in arguments:
            found = checks.get(argument)
            if found is not None and not found[0](value):
                raise InvalidInput(
                    f"{name}(): {argument} must be {found[1]}, not {_kind(value)} ({value!r:.60})"
                )
            check_value(argument, value, bounded)

    return check


def _storable(argument: str, text: str, bounded: bool) -> bool:
    """Whether ``text`` is plainly one :func:`check_value` passes: ASCII (so no lone surrogate),
    no NUL, within its limit. Any other text goes the long way, which says what is wrong."""
    return text.isascii() and "\x00" not in text and (not bounded or len(text) <= _limit(argument))


def _plain_kinds(
    method: Callable[..., Any], signature: inspect.Signature
) -> dict[str, frozenset[type]]:
    """For each argument annotated with one of :data:`_FAST`'s types or a union of them, the
    exact types its check passes: a value of one of them is fit when it is a number within
    :data:`INT_RANGE` (an int) or text :func:`_storable` passes (a str); other types need
    nothing more (:func:`check_value` looks only at text, integers and containers). Every
    other argument takes the long way."""
    found: dict[str, frozenset[type]] = {}
    for argument, hint in _resolved(method, signature).items():
        parts = typing.get_args(hint) if typing.get_origin(hint) in _UNIONS else (hint,)
        kinds = [type(None) if part is None else part for part in parts]
        if all(kind in _FAST for kind in kinds):
            found[argument] = frozenset(kinds)
    return found


#: An argument not given (the default of every optional parameter of a :func:`_fitter`).
_NOT_GIVEN: Any = object()
_type, _NONE, _DATE = type, type(None), dt.date
_TYPE_NAMES = {str: "str", int: "int", bool: "bool", float: "float", _NONE: "_NONE", _DATE: "_DATE"}


def _fitter(
    plain: dict[str, frozenset[type]], signature: inspect.Signature, bounded: bool
) -> Callable[..., bool] | None:
    """A function with the parameters of ``signature`` (so a call binds to it as to the method,
    or raises TypeError), True when each argument given is plainly fit (:func:`_plain_kinds`),
    False when one may not be: the short way of :func:`checked`, made once per method. None for
    a signature it does not copy (``*args``, ``**kwargs``, names that start with ``_``)."""
    params = list(signature.parameters.values())
    if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.name.startswith("_") for p in params):
        return None
    heads, body = _fitter_parameters(params), []
    for p in params:
        given = f"{p.name} is not _NOT_GIVEN" if p.default is not p.empty else "True"
        kinds = plain.get(p.name)
        body.append(f"    if {given}:")
        body.extend(_fit_lines(p.name, kinds, bounded) if kinds else ["        return False"])
    source = f"def fits({', '.join(heads)}):\n" + "\n".join([*body, "    return True"])
    made: dict[str, Any] = {}
    exec(source, globals(), made)  # the source is built here from parameter names alone
    return made["fits"]  # type: ignore[no-any-return]


def _fitter_parameters(params: list[inspect.Parameter]) -> list[str]:
    """The parameter list of a :func:`_fitter`: the same names and kinds, each optional one
    defaulting to :data:`_NOT_GIVEN`."""
    heads: list[str] = []
    for i, p in enumerate(params):
        if p.kind == p.KEYWORD_ONLY and (i == 0 or params[i - 1].kind != p.KEYWORD_ONLY):
            heads.append("*")
        heads.append(p.name if p.default is p.empty else f"{p.name}=_NOT_GIVEN")
        if p.kind == p.POSITIONAL_ONLY and (i + 1 == len(params) or
                                            params[i + 1].kind != p.POSITIONAL_ONLY):  # fmt: skip
            heads.append("/")
    return heads


def _fit_lines(argument: str, kinds: frozenset[type], bounded: bool) -> list[str]:
    """The lines of a :func:`_fitter` that return False unless ``argument``'s value is of one of
    ``kinds`` and plainly fit."""
    fits = []
    for kind in sorted(kinds, key=_TYPE_NAMES.__getitem__):
        test = f"kind is {_TYPE_NAMES[kind]}"
        if kind is str:
            limit = f" and len({argument}) <= LIMITS.{_limit_field(argument)}" if bounded else ""
            test += f" and {argument}.isascii() and '\\x00' not in {argument}{limit}"
        elif kind is int:
            test += f" and INT_RANGE[0] <= {argument} <= INT_RANGE[1]"
        fits.append(f"({test})")
    return [f"        kind = _type({argument})", f"        if not ({' or '.join(fits)}):",
            "            return False"]  # fmt: skip


def _binder(
    signature: inspect.Signature,
) -> Callable[[tuple[Any, ...], dict[str, Any]], cabc.Iterable[tuple[str, Any]]]:
    """The (argument, value) pairs of a call, as ``signature.bind`` names them: the usual call
    (positional arguments within the positional parameters, keywords the method knows, the
    required ones given) is paired directly, every other one is left to ``bind``, which also says
    what is wrong with it (a ``TypeError``). ``bind`` took about a quarter of the checks' time
    on every call of the API (3.5 of 14 µs)."""
    params = signature.parameters.values()
    if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
        return lambda args, kwargs: signature.bind(*args, **kwargs).arguments.items()
    positional = tuple(p.name for p in params if p.kind in (p.POSITIONAL_ONLY,
                                                            p.POSITIONAL_OR_KEYWORD))  # fmt: skip
    by_keyword = frozenset(p.name for p in params if p.kind != p.POSITIONAL_ONLY)
    required = frozenset(p.name for p in params if p.default is p.empty)

    def bind(args: tuple[Any, ...], kwargs: dict[str, Any]) -> cabc.Iterable[tuple[str, Any]]:
        named = positional[: len(args)]
        given = kwargs.keys()
        if (len(args) > len(positional) or not given <= by_keyword
                or not given.isdisjoint(named) or not required <= given | set(named)):  # fmt: skip
            return signature.bind(*args, **kwargs).arguments.items()
        return [*zip(named, args, strict=True), *kwargs.items()]

    return bind


def _kind(value: Any) -> str:
    return "None" if value is None else type(value).__name__


def _checks(method: Callable[..., Any], signature: inspect.Signature) -> dict[str, _Check]:
    return {argument: _check(hint) for argument, hint in _resolved(method, signature).items()}


def _resolved(method: Callable[..., Any], signature: inspect.Signature) -> dict[str, Any]:
    """Each argument's annotation, resolved (those that cannot be are left out: unchecked)."""
    namespace = {**vars(typing), "dt": dt, "datetime": dt, "os": os, **_globals(method)}
    found: dict[str, Any] = {}
    for parameter in signature.parameters.values():
        hint = parameter.annotation
        if hint is inspect.Parameter.empty or parameter.kind in (
            parameter.VAR_POSITIONAL,
            parameter.VAR_KEYWORD,
        ):
            continue
        try:
            resolved = eval(hint, namespace) if isinstance(hint, str) else hint
        except Exception:  # a name imported only for type checkers: leave it unchecked
            continue
        found[parameter.name] = resolved
    return found


def _globals(method: Callable[..., Any]) -> dict[str, Any]:
    target = inspect.unwrap(getattr(method, "__func__", method))
    return dict(getattr(target, "__globals__", {}))


def _any(_value: Any) -> bool:
    return True


#: Types whose check (:func:`_simple`) is a plain ``isinstance`` (not int, whose check refuses
#: True and False).
_PLAIN = frozenset({str, type(None), dt.date})
#: The exact types of a value that a :func:`_fitter` may find fit (see :func:`_plain_kinds`).
_FAST = frozenset({*_PLAIN, int, bool, float})
_UNIONS = (types.UnionType, typing.Union)


def _check(hint: Any) -> _Check:
    """How to test a value against one resolved annotation."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is None or hint is type(None):
        return (lambda v: v is None), "None"
    if hint is Any or isinstance(hint, TypeVar):
        return _any, "anything"
    if origin in _UNIONS:
        parts = [_check(a) for a in args]
        text = " or ".join(p[1] for p in parts)
        if all(a in _PLAIN for a in args):  # str | None: one isinstance, as each part's would do
            plain = tuple(args)
            return (lambda v: isinstance(v, plain)), text
        return (lambda v: any(p[0](v) for p in parts)), text
    if origin is typing.Literal:
        return (lambda v: v in args), " or ".join(repr(a) for a in args)
    return _simple(hint, origin, args)


def _simple(hint: Any, origin: Any, args: tuple[Any, ...]) -> _Check:
    if hint is bool:
        return (lambda v: isinstance(v, bool)), "True or False"
    if hint is int:
        return (lambda v: isinstance(v, int) and not isinstance(v, bool)), "an int"
    if hint is float:
        return (lambda v: isinstance(v, int | float) and not isinstance(v, bool)), "a number"
    if hint is str:
        return (lambda v: isinstance(v, str)), "a str"
    if hint is dt.date:
        return (lambda v: isinstance(v, dt.date)), "a datetime.date"
    if hint in (typing.TextIO, typing.BinaryIO) or hint is typing.IO or origin is typing.IO:
        return (lambda v: hasattr(v, "write") or hasattr(v, "read")), "a file object"
    if origin is not None and isinstance(origin, type):
        return _container(origin, args)
    if isinstance(hint, type):
        return (lambda v: isinstance(v, hint)), hint.__name__
    return _any, "anything"


def _container(origin: type, args: tuple[Any, ...]) -> _Check:
    if issubclass(origin, cabc.Mapping):
        return (lambda v: isinstance(v, cabc.Mapping)), "a mapping (dict)"
    if issubclass(origin, cabc.Callable):  # type: ignore[arg-type]
        return callable, "a callable"
    if issubclass(origin, str | bytes):
        return (lambda v: isinstance(v, origin)), origin.__name__
    if issubclass(origin, cabc.Iterable) and args and args[0] is not Ellipsis:
        inner = _check(args[0])
        noun = "a list" if issubclass(origin, cabc.Sequence) else "an iterable"

        def fits(v: Any) -> bool:
            if isinstance(v, str | bytes) or not isinstance(v, origin):
                return False
            # Only containers are inspected: a generator would be used up.
            return not isinstance(v, cabc.Collection) or all(inner[0](x) for x in v)

        return fits, f"{noun} of {inner[1]}"
    return (lambda v: isinstance(v, origin)), origin.__name__
