"""Word's automatic numbering: the "3.2" a reader sees is not in the text but worked out from each
paragraph's ``numPr`` (list and level, on the paragraph or its style) and the list's definition in
``numbering.xml`` (start, format such as decimal or lowerLetter, and a template such as "%1.%2.").

Counters are kept per list (``numId``): a level counts up, and the levels below it start again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_LEVELS = 9


def w(name: str) -> str:
    """The qualified name of a WordprocessingML element or attribute."""
    return W + name


@dataclass(frozen=True, slots=True)
class Level:
    start: int = 1
    format: str = "decimal"
    text: str = "%1."
    legal: bool = False  # isLgl: every level's number in decimal


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        count, n = divmod(n, value)
        out += letters * count
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


#: How each numFmt writes a number (the registry; an unknown format is written in decimal).
FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": _letter,
    "upperLetter": lambda n: _letter(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "bullet": lambda n: "",
    "none": lambda n: "",
}


def _val(element: Any, name: str, default: str | None = None) -> str | None:
    found = element.find(w(name)) if element is not None else None
    return found.get(w("val"), default) if found is not None else default


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


@dataclass
class Numbering:
    """The lists of one document and where each stands."""

    lists: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId -> levels
    counters: dict[str, list[int | None]] = field(default_factory=dict)

    @classmethod
    def read(cls, root: Any) -> Numbering:
        """From the ``w:numbering`` element (None: a document without lists)."""
        if root is None:
            return cls()
        abstract = {a.get(w("abstractNumId")): _levels(a) for a in root.iter(w("abstractNum"))}
        lists: dict[str, dict[int, Level]] = {}
        for num in root.iter(w("num")):
            levels = dict(abstract.get(_val(num, "abstractNumId"), {}))
            for override in num.iter(w("lvlOverride")):
                ilvl = _int(override.get(w("ilvl")), 0)
                start = _val(override, "startOverride")
                if start is not None and ilvl in levels:
                    levels[ilvl] = Level(_int(start, 1), *_tail(levels[ilvl]))
            lists[num.get(w("numId"), "")] = levels
        return cls(lists)

    def label(self, num_id: str, ilvl: int) -> str | None:
        """The next label of list ``num_id`` at level ``ilvl`` ("2.1."), "" for a bullet, None
        when the document has no such list."""
        levels = self.lists.get(num_id)
        if not levels or num_id == "0" or not 0 <= ilvl < MAX_LEVELS:
            return None
        level = levels.get(ilvl, Level())
        counters = self.counters.setdefault(num_id, [None] * MAX_LEVELS)
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        counters[ilvl + 1 :] = [None] * (MAX_LEVELS - ilvl - 1)
        if level.format in ("bullet", "none"):
            return ""
        text = level.text
        for n in range(ilvl, -1, -1):  # %10 is no placeholder: up to %9, highest first
            shown = levels.get(n, Level())
            value = counters[n] if counters[n] is not None else shown.start
            fmt = "decimal" if level.legal else shown.format
            text = text.replace(f"%{n + 1}", FORMATS.get(fmt, str)(value or 0))
        return text.strip()


def _levels(abstract: Any) -> dict[int, Level]:
    levels = {}
    for lvl in abstract.iter(w("lvl")):
        levels[_int(lvl.get(w("ilvl")), 0)] = Level(
            start=_int(_val(lvl, "start"), 1),
            format=_val(lvl, "numFmt", "decimal") or "decimal",
            text=_val(lvl, "lvlText", "") or "",
            legal=lvl.find(w("isLgl")) is not None,
        )
    return levels


def _tail(level: Level) -> tuple[str, str, bool]:
    return level.format, level.text, level.legal
