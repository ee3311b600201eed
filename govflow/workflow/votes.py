"""Votes as data: the categories a body votes in, and the rule that turns a tally into an outcome.

A workflow's ``votes`` section declares, per voting body, its categories (the SEC Change Board's
Large Supplier, Small Supplier, Network Party, Other SEC Party, Consumer Representative) and its
rule. The rules (:data:`RULES`):

``majority_in_each``
    every category that cast a vote has more votes for than against (a tie in a category is no
    majority); categories with no vote cast do not count.
``weighted``
    each category that cast a vote counts its share of votes for (for / (for + against)) times
    its weight; the weighted share must be more than ``threshold`` (default 0.5).
``simple_majority``
    more votes for than against over all categories; a tie is broken by the casting vote of
    ``casting_vote`` (the chair), which must then be given.
``unanimity``
    at least one vote for and none against; abstentions and absences do not break it.

Pure: no database. :func:`decide` returns the :class:`Result` (approve or reject, and why).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from govflow.errors import InvalidInput, hint
from govflow.workflow.yaml_reader import Reader, join, show

RULES = ("majority_in_each", "weighted", "simple_majority", "unanimity")
OUTCOMES = ("approve", "reject")
COUNTS = ("for", "against", "abstain", "absent")
VOTING_KEYS = {"categories", "rule", "note", "seats"}
RULE_KEYS = {"kind", "weights", "threshold", "casting_vote"}


@dataclass(frozen=True)
class VoteRule:
    kind: str
    weights: Mapping[str, float] = field(default_factory=dict)  # weighted: per category
    threshold: float = 0.5  # weighted: the share of votes for that must be exceeded
    casting_vote: str = ""  # simple_majority: who breaks a tie (the chair)


@dataclass(frozen=True)
class Voting:
    """How one body votes: its categories and its rule."""

    body: str
    categories: tuple[str, ...]
    rule: VoteRule
    note: str = ""  # where the rule comes from, or that it is unconfirmed
    seats: Mapping[str, int] = field(default_factory=dict)  # per category; none: not declared

    def beyond_seats(self, tally: Tally) -> str | None:
        """Why a tally counts more members than a category has seats (None: it does not)."""
        for category, counts in tally.items():
            seats = self.seats.get(category)
            cast = sum(int(n) for n in counts.values())
            if seats is not None and cast > seats:
                return (f"the {self.body} vote counts {cast} in {category}, which has "
                        f"{seats} seat{'s' * (seats != 1)}")  # fmt: skip
        return None

    def in_order(self, tally: Any) -> Any:
        """A stored tally in this body's order of categories (a JSON column need not keep the
        order it was written in); anything that is not a tally, as it is."""
        if not isinstance(tally, dict):
            return tally
        return {c: tally[c] for c in self.categories if c in tally}


@dataclass(frozen=True)
class Result:
    outcome: str  # approve or reject
    reason: str  # why, in one sentence


Tally = Mapping[str, Mapping[str, int]]


def checked_tally(voting: Voting, tally: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """The tally with every count a whole number, 0 or more; unknown categories and counts are
    refused. A category left out cast no vote."""
    if not tally:
        raise InvalidInput(f"a vote needs a tally by category: {', '.join(voting.categories)}")
    out: dict[str, dict[str, int]] = {}
    for category, counts in tally.items():
        if category not in voting.categories:
            raise InvalidInput(
                f"unknown category {category!r}{hint(category, voting.categories)} in the "
                f"{voting.body} vote; categories: {', '.join(voting.categories)}"
            )
        if not isinstance(counts, Mapping):
            raise InvalidInput(f"{category}: expected counts like {{'for': 3, 'against': 1}}")
        for key, value in counts.items():
            if key not in COUNTS:
                raise InvalidInput(
                    f"{category}: unknown count {key!r}; counts: {', '.join(COUNTS)}"
                )
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidInput(f"{category}: {key} must be a whole number, 0 or more")
        out[category] = {k: int(counts.get(k, 0)) for k in COUNTS}
    return out


def decide(voting: Voting, tally: Tally, casting: str | None = None) -> Result:
    """The outcome of ``tally`` under the body's rule (``casting``: the casting vote on a tie)."""
    if casting is not None and casting not in OUTCOMES:
        raise InvalidInput(f"a casting vote is approve or reject, not {casting!r}")
    cast = {c: n for c, n in tally.items() if n["for"] + n["against"] > 0}
    if not cast:
        raise InvalidInput(f"no vote for or against was cast in the {voting.body} vote")
    rule = voting.rule
    result = _RULES[rule.kind](rule, cast, casting)
    if casting is not None and "casting vote" not in result.reason:
        raise InvalidInput(f"a casting vote counts only on a tie: {result.reason}")
    return result


def _each(rule: VoteRule, cast: Tally, casting: str | None) -> Result:
    short = [c for c, n in cast.items() if n["for"] <= n["against"]]
    if not short:
        return Result("approve", "a majority for in every category that voted")
    c = short[0]
    return Result(
        "reject", f"no majority for in {c} ({cast[c]['for']} for, {cast[c]['against']} against)"
    )


def _weighted(rule: VoteRule, cast: Tally, casting: str | None) -> Result:
    weights = {c: rule.weights.get(c, 0.0) for c in cast}
    total = sum(weights.values())
    share = sum(
        w * cast[c]["for"] / (cast[c]["for"] + cast[c]["against"]) for c, w in weights.items()
    )
    score = share / total if total else 0.0
    said = f"weighted share for {score:.2f}"
    if score > rule.threshold:
        return Result("approve", f"{said}, more than {rule.threshold:g}")
    return Result("reject", f"{said}, not more than {rule.threshold:g}")


def _simple(rule: VoteRule, cast: Tally, casting: str | None) -> Result:
    yes = sum(n["for"] for n in cast.values())
    no = sum(n["against"] for n in cast.values())
    said = f"{yes} for, {no} against"
    if yes != no:
        return Result("approve" if yes > no else "reject", f"a simple majority ({said})")
    who = rule.casting_vote or "the chair"
    if casting is None:
        raise InvalidInput(f"a tie ({said}) needs {who}'s casting vote: give approve or reject")
    return Result(casting, f"a tie ({said}) decided by {who}'s casting vote")


def _unanimity(rule: VoteRule, cast: Tally, casting: str | None) -> Result:
    against = [c for c, n in cast.items() if n["against"]]
    if not against:
        return Result("approve", "unanimous: no vote against")
    return Result("reject", f"not unanimous: {against[0]} voted against")


_RULES = {
    "majority_in_each": _each,
    "weighted": _weighted,
    "simple_majority": _simple,
    "unanimity": _unanimity,
}


# -- reading the ``votes`` section of a workflow file --------------------------------------------
def parse_votes(r: Reader, value: Any) -> tuple[Voting, ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        r.problem("votes", f"expected a mapping of body codes to votes, got {show(value)}")
        return ()
    return tuple(_voting(r, str(body), raw, f"votes.{body}") for body, raw in value.items())


def _voting(r: Reader, body: str, raw: Any, path: str) -> Voting:
    data = r.mapping(raw, path, VOTING_KEYS)
    categories = r.names(data.get("categories"), join(path, "categories"))
    if not categories:
        r.problem(join(path, "categories"), "missing (the categories the body votes in)")
    rule = _rule(r, data.get("rule"), join(path, "rule"), categories)
    seats = _seats(r, data.get("seats"), join(path, "seats"), categories)
    return Voting(body, categories, rule, r.text(data, "note", path, required=False), seats)


def _seats(r: Reader, raw: Any, path: str, categories: tuple[str, ...]) -> dict[str, int]:
    """Seats per category (optional; the note says where the numbers come from)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        r.problem(path, f"expected seats per category, got {show(raw)}")
        return {}
    seats: dict[str, int] = {}
    for category, n in raw.items():
        if str(category) not in categories:
            r.problem(
                join(path, str(category)), f"not a category of this vote ({', '.join(categories)})"
            )
        elif isinstance(n, bool) or not isinstance(n, int) or n < 1:
            r.problem(
                join(path, str(category)), f"expected a number of seats, 1 or more, got {show(n)}"
            )
        else:
            seats[str(category)] = n
    return seats


def _rule(r: Reader, raw: Any, path: str, categories: tuple[str, ...]) -> VoteRule:
    data: dict[str, Any] = (
        {"kind": raw} if isinstance(raw, str) else r.mapping(raw, path, RULE_KEYS)
    )
    kind = r.text(data, "kind", path)
    if kind and kind not in RULES:
        r.problem(
            join(path, "kind"),
            f"unknown rule {kind!r}{hint(kind, RULES)}; allowed: {', '.join(RULES)}",
        )
    weights: dict[Any, Any] = {}
    if kind == "weighted":
        weights = data.get("weights") or {}
        if not isinstance(weights, dict) or set(map(str, weights)) != set(categories):
            r.problem(join(path, "weights"), "a weighted rule needs a weight for every category")
            weights = {}
        elif not all(
            isinstance(w, int | float) and not isinstance(w, bool) and w > 0
            for w in weights.values()
        ):
            r.problem(join(path, "weights"), "weights are numbers more than 0")
            weights = {}
    threshold = data.get("threshold", 0.5)
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, int | float)
        or not 0 <= threshold < 1
    ):
        r.problem(
            join(path, "threshold"), f"expected a share from 0 to below 1, got {show(threshold)}"
        )
        threshold = 0.5
    return VoteRule(
        kind=kind,
        weights={str(c): float(w) for c, w in weights.items()},
        threshold=float(threshold),
        casting_vote=r.text(data, "casting_vote", path, required=False),
    )
