"""Proposal references as each code writes them.

* SEC: ``SECMP0116``, ``SECMP116``, ``MP116``, ``MP 116``, ``DP116``; ``MP122A`` is the
  alternative solution of MP122. All prefixes of one scheme share one number space, so every
  spelling names the same proposal (number 116, no alternative).
* UNC: a bare four-digit number, ``0678``; alternatives ``0678A``, ``0678B``; status marks after
  them (``V`` varied, ``S`` Self-Governance, ``FT`` Fast Track Self-Governance), as in ``0678AV``
  and ``0701FT``. Marks do not change which proposal is named: ``0678AV`` is ``0678A``.
* CUSC: ``CMP315``, and its Workgroup Alternative CUSC Modifications ``CMP315 WACM1``.
* BSC: ``P415`` (an Alternative Modification is a solution within the same P-number).

A :class:`Grammar` is built from the workflows' ``references`` sections. In running text (minutes)
a prefixed reference is found anywhere; a bare number (UNC) only where the scheme says the code
writes it: after one of its ``read_also`` prefixes (``UNC0678``) or ``in_text_after`` words
(``Modification 0678``), so years and page numbers are never read as proposals. The exact
spelling a source used is kept in :attr:`Ref.spelling`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from govflow.errors import InvalidInput
from govflow.model import built
from govflow.workflow.definition import Prefix, ReferenceScheme

DEFAULT_PREFIXES = ("SECMP", "DP", "MP")
_EXAMPLE = 116
_PARSED_KEPT = 4096  # texts a grammar keeps the parse of; all forgotten when full


@dataclass(frozen=True)
class Ref:
    """A parsed proposal reference."""

    prefix: str  # upper case, as declared in the scheme (DP, MP, SECMP; "" for a bare number)
    number: int
    alternative: str = ""  # "" or one capital letter (MP122A), or a number (CMP315 WACM1)
    spelling: str = ""  # exactly as written in the source
    marks: str = ""  # status marks as written after the number (V, S, FT); not part of the key
    alternative_label: str = ""  # WACM for a CUSC alternative
    shared: tuple[int, ...] = ()  # the other records sharing the alternative (CMP264/265 WACM4)

    @property
    def key(self) -> tuple[int, str]:
        """What identifies the proposal within its scheme, whatever the prefix and marks."""
        return (self.number, self.alternative)

    def display(self, width: int = 0) -> str:
        """The proposal it names, as its code writes it: no marks, which the record supplies
        (``0678AV`` -> ``0678A``)."""
        written = format_reference(
            self.prefix, self.number, self.alternative, width, self.alternative_label
        )
        if not self.shared:
            return written
        head = format_reference(self.prefix, self.number, "", width)
        others = "".join(f"/{n:0{width}d}" for n in self.shared)
        return head + others + written[len(head) :]


def _made_ref(values: dict[str, Any]) -> Ref:
    """``Ref(**values)``, every field given, without the frozen dataclass's ``__init__`` (which
    sets each of the seven fields through ``object.__setattr__``: most of reading a reference
    that is not read again). ``tests/test_plain_arguments.py`` holds it to ``Ref(...)``."""
    return built(Ref, values)


def format_reference(
    prefix: str, number: int, alternative: str = "", width: int = 0, alternative_label: str = ""
) -> str:
    """``MP`` 7 -> ``MP7``; with width 4 -> ``SECMP0007``; ``CMP`` 315 ``1`` ``WACM`` ->
    ``CMP315 WACM1``. A number's digits by ``zfill``, which pads as ``:0{width}d`` does (after
    a sign), without building the format at every call."""
    digits = str(number).zfill(width) if type(number) is int else f"{number:0{width}d}"
    if alternative and alternative_label:
        return f"{prefix}{digits} {alternative_label}{alternative}"
    return f"{prefix}{digits}{alternative}"


def _words(names: Iterable[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))


def _tail(scheme: ReferenceScheme) -> str:
    """What may follow the number: an alternative, then status marks."""
    marks = _words(m.suffix for m in scheme.marks)
    if scheme.alternative_label:
        label = re.escape(scheme.alternative_label)
        # One alternative shared by several records: "CMP264/265 WACM4" (Ofgem's direction);
        # no lookahead: the OpenAPI document carries this form, and a lookahead is drawn only by
        # filtering (schemathesis spent 5.5 s on it; benchmarks/README.md, CI time, round four).
        shared = r"(?P<shared>(?:/\d{1,6})+)?"
        alt = rf"(?:{shared}[ \t]?(?P<label>{label})[ \t]?(?P<alt>\d{{1,2}}))?"
    elif scheme.alternatives:
        # Lazy when marks may follow, so 0678S reads as the mark S and 0678AV as A varied.
        alt = "(?P<alt>[A-Z])??" if marks else "(?P<alt>[A-Z])?"
    else:
        alt = ""
    return alt + (rf"(?P<marks>(?:{marks})*)" if marks else "")


_GUARD, _END = "(?<![A-Za-z0-9])", "(?![A-Za-z0-9])"


def _prefixed(p: Prefix, tail: str) -> tuple[str, list[str]]:
    """A reference with a prefix (MP116, CMP 315): the same form alone and in running text."""
    ref = rf"(?P<ref>(?:{_words([p.prefix, *p.read_also])})[ \t]?(?P<number>\d{{1,6}}){tail})"
    return ref, [rf"{_GUARD}{ref}{_END}"]


def _bare(p: Prefix, tail: str) -> tuple[str, list[str]]:
    """A bare number, written with its full width (0678). Alone it may carry a read_also prefix
    (UNC0678); in running text it needs one, or one of the in_text_after words before it
    (Modification 0678)."""
    digits = rf"\d{{{p.width}}}" if p.width else r"\d{1,6}"
    alias = rf"(?:(?:{_words(p.read_also)})[ \t]?)" if p.read_also else ""
    ref = rf"(?P<ref>{alias}{'?' if alias else ''}(?P<number>{digits}){tail})"
    texts = [rf"{_GUARD}(?P<ref>{alias}(?P<number>{digits}){tail}){_END}"] if alias else []
    if p.in_text_after:
        texts.append(rf"{_GUARD}(?i:{_words(p.in_text_after)})\.?[ \t]+{ref}{_END}")
    return ref, texts


@dataclass(frozen=True)
class _Form:
    """The patterns of one declared prefix: one for a whole input, some for running text. Each
    is compiled when first matched (most commands read one reference, of one scheme)."""

    scheme: ReferenceScheme
    prefix: Prefix
    whole_pattern: str
    in_text_patterns: tuple[str, ...]

    @classmethod
    def of(cls, scheme: ReferenceScheme, p: Prefix) -> _Form:
        tail = _tail(scheme)
        ref, texts = _prefixed(p, tail) if p.prefix else _bare(p, tail)
        return cls(scheme, p, rf"^\s*{ref}\s*$", tuple(texts))

    @cached_property
    def whole(self) -> re.Pattern[str]:
        return re.compile(self.whole_pattern, re.IGNORECASE)

    @cached_property
    def in_text(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(t) for t in self.in_text_patterns)

    def ref(self, match: re.Match[str]) -> Ref:
        groups = match.groupdict()
        alt, marks, shared = groups.get("alt"), groups.get("marks"), groups.get("shared")
        return _made_ref({
            "prefix": self.prefix.prefix,
            "number": int(groups["number"]),
            "alternative": alt.upper() if alt else "",
            "spelling": groups["ref"].strip(),
            "marks": marks.upper() if marks else "",
            "alternative_label": self.scheme.alternative_label if alt else "",
            "shared": tuple(int(n) for n in shared.split("/") if n) if shared else (),
        })  # fmt: skip

    def examples(self) -> list[str]:
        p, scheme = self.prefix, self.scheme
        plain = format_reference(p.prefix, _EXAMPLE, "", p.width)
        found = [plain, *(format_reference(a, _EXAMPLE, "", p.width) for a in p.read_also)]
        if scheme.alternative_label:
            found.append(
                format_reference(p.prefix, _EXAMPLE, "1", p.width, scheme.alternative_label)
            )
        elif scheme.alternatives:
            found.append(f"{plain}A")
        found.extend(plain + m.suffix for m in scheme.marks)
        return found


def _firsts(form: _Form) -> frozenset[str] | None:
    """The ASCII characters a text that ``form`` reads may start with (after spaces): a prefix's
    or an alias's first letter in either case, or a digit; None when that is not plain (a
    prefix that is not ASCII letters and digits: the form is tried whatever the text)."""
    p = form.prefix
    words = [p.prefix, *p.read_also] if p.prefix else list(p.read_also)
    if not all(w.isascii() and w.isalnum() for w in words):
        return None
    found = {c for w in words for c in (w[0].upper(), w[0].lower())}
    return frozenset(found | (set("0123456789") if not p.prefix else set()))


_DIGITS = "0123456789"


def _plain_heads(forms: Iterable[_Form]) -> frozenset[str]:
    """What may come before the digits of a plain spelling :meth:`Grammar.parse` reads without
    matching patterns: a form's prefix or alias as declared, in capitals or in small letters,
    alone or with a space or a tab after it, and nothing (a bare number). None at all when a
    prefix, alias, mark or alternative label holds a digit (there a text's digits are not
    only counted)."""
    words = {w for f in forms for w in (f.prefix.prefix, *f.prefix.read_also)}
    written = words | {m.suffix for f in forms for m in f.scheme.marks}
    written |= {f.scheme.alternative_label for f in forms}
    if any(c.isdigit() for w in written for c in w):
        return frozenset()
    spelled = {v for w in words for v in (w, w.upper(), w.lower())}
    return frozenset({""} | {w + space for w in spelled for space in ("", " ", "\t") if w})


class Grammar:
    """Every reference form of a set of schemes: reads one reference, finds them in text."""

    def __init__(self, schemes: Iterable[ReferenceScheme]) -> None:
        seen: dict[tuple[str, str, str], _Form] = {}
        for scheme in schemes:
            for p in scheme.prefixes:
                form = _Form.of(scheme, p)
                seen.setdefault((p.prefix, form.whole_pattern, scheme.code), form)
        self._forms = tuple(seen.values())
        # The forms a text whose first character (after spaces) is this ASCII one may match, in
        # the grammar's order; any other first character tries every form (:func:`_firsts`).
        firsts = [(f, _firsts(f)) for f in self._forms]
        self._by_first = {
            c: tuple(f for f, first in firsts if first is None or c in first)
            for c in map(chr, range(128))
        }
        # What each text parsed to: a Ref is frozen and depends on the text and the forms alone,
        # so a text read again (a register's references, an advance's) is not matched again.
        self._parsed: dict[str, Ref] = {}
        self._heads = _plain_heads(self._forms)
        self._shapes: dict[str, tuple[str | None, ...]] = {}

    def parse(self, text: str) -> Ref:
        """Read one reference; raise InvalidInput naming the accepted forms when it is not one."""
        known = self._parsed.get(text)
        if known is not None:
            return known
        head = text.rstrip(_DIGITS)  # a plain spelling, DP123 or MP 7 or 0678: see _plain_heads
        shapes = self._shapes.get(head)
        if shapes is None and head in self._heads:
            shapes = self._shapes_of(head)
        if shapes is not None:
            count = len(text) - len(head)
            if count < 8 and (prefix := shapes[count]) is not None:
                number = int(text[-count:])  # the other fields the class's defaults: "", ()
                return built(Ref, {"prefix": prefix, "number": number, "spelling": text})
        return self._matched(text)

    def _shapes_of(self, head: str) -> tuple[str | None, ...]:
        """For ``head`` followed by 0 to 7 ASCII digits, the prefix of the reference the text
        reads as when that is the plain one (the digits its whole number; no alternative,
        marks or shared records), else None: worked out by matching ``head`` and that many
        ones the general way. No form's words hold a digit (:func:`_plain_heads`), so a form
        tells one ASCII digit from another only by counting them: any digits read as the ones
        do."""
        shapes: list[str | None] = []
        for count in range(8):
            probe = head + "1" * count
            try:
                ref = self._matched(probe) if count else None
            except InvalidInput:
                ref = None
            plain = ref is not None and ref == Ref(ref.prefix, int(probe[len(head) :]), "", probe)
            shapes.append(ref.prefix if plain and ref is not None else None)
        found = self._shapes[head] = tuple(shapes)
        return found

    def _matched(self, text: str) -> Ref:
        """:meth:`parse` by the forms' patterns: the general way."""
        for form in self._by_first.get(text.lstrip()[:1], self._forms):
            match = form.whole.match(text)
            if match is not None:
                ref = form.ref(match)
                if len(text) <= 64:  # a reference as written, not one padded with spaces
                    if len(self._parsed) >= _PARSED_KEPT:
                        self._parsed.clear()
                    self._parsed[text] = ref
                return ref
        examples = list(dict.fromkeys(e for f in self._forms for e in f.examples()))
        raise InvalidInput(
            f"{text!r} is not a proposal reference; write it as the code does, like "
            f"{', '.join(examples)} (a space after a prefix is accepted)"
        )

    def pattern(self) -> str:
        """One regular expression (in the dialect JSON Schema and Python share) for the
        references :meth:`parse` reads, as their codes write them: in capitals, with at most one
        space after a prefix, nothing around. Each text it matches parses."""
        parts = (
            re.sub(r"\(\?P<\w+>", "(?:", f.whole_pattern[4:-4])
            .replace("[ \\t]?", " ?")
            .replace("\\d", "[0-9]")
            for f in self._forms  # whole is ^\s*(...)\s*$
        )
        return f"^(?:{'|'.join(dict.fromkeys(parts))})$"

    def find(self, text: str) -> Iterator[Ref]:
        """Every proposal reference in a text, in order. Prefixes must be written in capitals;
        a bare number (UNC) counts only in its code's context (``Modification 0678``)."""
        found = sorted(
            ((m.start("ref"), -m.end("ref"), form, m) for form in self._forms
             for pattern in form.in_text for m in pattern.finditer(text)),
            key=lambda t: (t[0], t[1]),
        )  # fmt: skip
        end = -1
        for start, _, form, match in found:
            if start >= end:
                end = match.end("ref")
                yield form.ref(match)


def reference_forms(scheme: ReferenceScheme) -> list[str]:
    """Examples of every form a scheme reads (``MP116``, ``MP116A``, ``0116FT``, ...)."""
    return [e for p in scheme.prefixes for e in _Form.of(scheme, p).examples()]


@lru_cache(maxsize=32)
def _plain(prefixes: tuple[str, ...]) -> Grammar:
    scheme = ReferenceScheme(code="", prefixes=tuple(Prefix(p.upper(), "") for p in prefixes))
    return Grammar([scheme])


def _grammar(prefixes: Iterable[str] | Grammar) -> Grammar:
    return prefixes if isinstance(prefixes, Grammar) else _plain(tuple(prefixes))


def parse_reference(text: str, prefixes: Iterable[str] | Grammar = DEFAULT_PREFIXES) -> Ref:
    """Read one reference against a grammar, or letter prefixes with SEC-style alternatives."""
    return _grammar(prefixes).parse(text)


def find_references(
    text: str, prefixes: Iterable[str] | Grammar = DEFAULT_PREFIXES
) -> Iterator[Ref]:
    """Every proposal reference in a text, in order. Prefixes must be written in capitals."""
    return _grammar(prefixes).find(text)
