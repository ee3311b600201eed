"""Routes and flags by name: what a caller asks for, checked against what a workflow declares.

A workflow declares its routes (``paths:`` or ``routes:``; the SEC numbers them, other codes
name them) and its flags. Callers name them; a name the workflow does not declare is refused
with the names it does declare, so nothing here knows any one code's words.
"""

from __future__ import annotations

from collections.abc import Iterable

from govflow.errors import InvalidInput, hint
from govflow.workflow.definition import Workflow, route_name


def _declared(kind: str, names: Iterable[str]) -> str:
    listed = ", ".join(names)
    return f"{kind}: {listed}" if listed else f"it declares no {kind}"


def check_route(wf: Workflow, route: object) -> str | None:
    """The route's name, when ``wf`` declares it (``None`` stays unset)."""
    name = route_name(route)
    if name is not None and name not in wf.paths:
        term = wf.route_term.lower()
        raise InvalidInput(
            f"{wf.name} has no {term} {name!r}{hint(name, list(wf.paths))}; "
            f"{_declared(term + 's', wf.paths)}"
        )
    return name


def check_flags(wf: Workflow, flags: Iterable[str]) -> list[str]:
    """The flags, sorted, when ``wf`` declares every one of them."""
    for flag in flags:
        if flag not in wf.flags:
            raise InvalidInput(
                f"{wf.name} has no flag {flag!r}{hint(flag, list(wf.flags))}; "
                f"{_declared('flags', wf.flags)}"
            )
    return sorted(set(flags))


def flags_after(
    wf: Workflow, now: Iterable[str], add: Iterable[str] = (), remove: Iterable[str] = ()
) -> list[str]:
    """The flags once ``add`` are set and ``remove`` cleared (a flag in both is refused)."""
    add, remove = check_flags(wf, add), check_flags(wf, remove)
    both = sorted(set(add) & set(remove))
    if both:
        raise InvalidInput(f"flag {both[0]!r} is both set and cleared: say one")
    return sorted((set(now) | set(add)) - set(remove))


def convenience_flags(**wanted: bool | None) -> tuple[list[str], list[str]]:
    """Flags given as keyword conveniences (``fast_track=True``): (to set, to clear)."""
    on = [name for name, value in wanted.items() if value]
    off = [name for name, value in wanted.items() if value is False]
    return on, off
