"""``govflow proposal vote|alternative``: votes with their tally, alternative solutions.

:mod:`govflow.cli.proposal` adds these commands to the ``proposal`` group; the direction
of a decision is given to ``govflow proposal advance`` (``--outcome``, ``--solution``).
"""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from govflow.cli._complete import By, Item, Meeting, Note, On, Override, Reference, Title
from govflow.cli._db import opened
from govflow.cli._render import done

COUNTS = ("for", "against", "abstain", "absent")


def parse_tally(values: list[str]) -> dict[str, dict[str, int]]:
    """``Large Supplier=9,2,1,1`` (for, against, abstain, absent; the last two may be left out)
    for each category, as the library takes a tally."""
    tally: dict[str, dict[str, int]] = {}
    for value in values:
        category, sep, counts = value.rpartition("=")
        numbers = [n.strip() for n in counts.split(",")]
        if not sep or not category.strip() or not 2 <= len(numbers) <= 4:
            raise typer.BadParameter(
                f"{value!r}: write CATEGORY=FOR,AGAINST[,ABSTAIN[,ABSENT]], like "
                "'Large Supplier=9,2,1,1'",
                param_hint="'--tally'",
            )
        if not all(n.isdigit() for n in numbers):
            raise typer.BadParameter(f"{value!r}: counts are whole numbers", param_hint="'--tally'")
        tally[category.strip()] = dict(zip(COUNTS, map(int, numbers), strict=False))
    return tally


def vote(
    ctx: typer.Context,
    reference: Reference,
    tally: Annotated[
        list[str] | None,
        typer.Option(
            "--tally",
            metavar="CATEGORY=F,A[,AB[,ABS]]",
            help="One category's votes for, against, abstain, absent; repeat per category.",
        ),
    ] = None,
    solution: Annotated[
        str | None,
        typer.Option(metavar="REF", help="The solution voted on, with alternatives (MP122A)."),
    ] = None,
    unanimous: Annotated[
        bool, typer.Option("--unanimous", help="A unanimous vote for, recorded without counts.")
    ] = False,
    casting: Annotated[
        Literal["approve", "reject"] | None,
        typer.Option("--casting", help="The chair's casting vote on a tie (simple majority)."),
    ] = None,
    milestone: Annotated[
        str | None,
        typer.Option("--vote", metavar="MILESTONE", help="Which vote (default: the stage's)."),
    ] = None,
    on: On = None,
    meeting: Meeting = None,
    item: Item = None,
    by: By = None,
    note: Note = None,
    override: Override = None,
) -> None:
    """Record a vote with its tally per category; the workflow's rule gives the outcome.

    Example: govflow proposal vote MP980 --tally "Large Supplier=9,2,1" --tally "Network Party=3,0"
    """
    if not tally and not unanimous:
        raise typer.BadParameter("give the tally, or --unanimous", param_hint="'--tally'")
    counts = parse_tally(tally or [])
    with opened(ctx) as gf:
        change = gf.vote(
            reference, counts, casting=casting, solution=solution, unanimous=unanimous,
            milestone=milestone, on=on, meeting=meeting, item=item, actor=by, note=note,
            override=override,
        )  # fmt: skip
        outcome = gf.proposal(reference).vote
    done(change, f"vote: {outcome}")


def alternative(
    ctx: typer.Context,
    reference: Reference,
    title: Title,
    on: On = None,
    meeting: Meeting = None,
    item: Item = None,
    by: By = None,
    note: Note = None,
    override: Override = None,
) -> None:
    """Raise an alternative solution within a proposal's record (MP980A within MP980).

    Example: govflow proposal alternative MP980A --title "Alternative solution" --meeting WG_21
    """
    with opened(ctx) as gf:
        change = gf.raise_alternative(
            reference,
            title=title,
            on=on,
            meeting=meeting,
            item=item,
            actor=by,
            note=note,
            override=override,
        )
    done(change, "alternative raised")
