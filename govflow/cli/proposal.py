"""``govflow proposal ...``: raise, advance, record, inspect and amend change proposals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

import typer

from govflow.cli import proposal_decisions as decisions
from govflow.cli import proposal_reads as reads
from govflow.cli._complete import (
    AsJson,
    By,
    FastTrack,
    FlagOption,
    Item,
    Meeting,
    MilestoneName,
    NoFlagOption,
    Note,
    On,
    Override,
    PathOption,
    Proposer,
    Reference,
    RequiredMeeting,
    RouteOption,
    StageOption,
    Title,
    ToStage,
    Trigger,
    UnknownFlagOption,
    Until,
    Urgent,
    WorkflowOption,
)
from govflow.cli._db import opened
from govflow.cli._render import done

if TYPE_CHECKING:
    pass

app = typer.Typer(
    add_completion=False,
    help="Proposals: raise, move on, record milestones, show history.",
    no_args_is_help=True,
)

# The statuses the library accepts (RELEASE_STATUSES of govflow.records.amendments; a test holds
# them equal).
ReleaseStatus = Literal["targeted", "approved", "implemented", "withdrawn", "not_yet_determined"]


# -- writes ---------------------------------------------------------------------------------------
@app.command("raise")
def raise_(
    ctx: typer.Context,
    reference: Reference,
    title: Title,
    workflow: WorkflowOption = None,
    proposer: Proposer = None,
    on: On = None,
    route: RouteOption = None,
    flag: FlagOption = None,
    path: PathOption = None,
    fast_track: FastTrack = False,
    urgent: Urgent = False,
    stage: StageOption = None,
    override: Override = None,
    meeting: Meeting = None,
    item: Item = None,
    by: By = None,
    note: Note = None,
    as_json: AsJson = False,
) -> None:
    """Raise a proposal in the stage its prefix enters (--stage for a legacy record).

    Routes and flags are the workflow's own (--route NAME, --flag NAME); --path N, --fast-track
    and --urgent are short for --route N, --flag fast_track and --flag urgent.

    Example: govflow proposal raise DP960 --title "Firmware retry limits" --on 2021-03-23
    """
    with opened(ctx) as gf:
        change = gf.raise_proposal(
            reference, title=title, workflow=workflow, proposer=proposer, on=on, route=route,
            flags=flag or [], path=path, fast_track=fast_track, urgent=urgent, stage=stage,
            override=override,
            meeting=meeting, item=item, actor=by, note=note,
        )  # fmt: skip
    done(change, "raised", as_json)


@app.command()
def advance(
    ctx: typer.Context,
    reference: Reference,
    trigger: Trigger = None,
    to: ToStage = None,
    on: On = None,
    meeting: Meeting = None,
    item: Item = None,
    by: By = None,
    note: Note = None,
    override: Override = None,
    outcome: Annotated[
        Literal["approve", "reject"] | None,
        typer.Option(help="Which way a recommendation went, when no vote is on record."),
    ] = None,
    solution: Annotated[
        str | None,
        typer.Option(metavar="REF", help="The solution decided, with alternatives (MP122A)."),
    ] = None,
    body: Annotated[
        str | None,
        typer.Option(metavar="CODE", help="Who took the step (AUTHORITY), when the record says."),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Move a proposal on, by trigger or by target stage (--to).

    Example: govflow proposal advance DP960 convert --meeting CSC_38 --item 5
    """
    if (trigger is None) == (to is None):
        which = "not both" if trigger else "one of them"
        raise typer.BadParameter(
            f"give a TRIGGER or --to STAGE ({which}); "
            f"`govflow proposal next {reference}` lists what is possible now",
            param_hint="'TRIGGER' / '--to'",
        )
    with opened(ctx) as gf:
        change = gf.advance(
            reference, trigger, to=to, on=on, meeting=meeting, item=item, actor=by, note=note,
            override=override, outcome=outcome, solution=solution, body=body,
        )  # fmt: skip
    # what it did in words, the trigger typed after it; the stage follows, in words
    what = (change.what or trigger or "moved") + (
        f" ({trigger})" if trigger and change.what else ""
    )
    what += " (override)" * bool(override)
    done(change, what, as_json)


@app.command()
def record(
    ctx: typer.Context,
    reference: Reference,
    milestone: MilestoneName,
    on: On = None,
    until: Until = None,
    meeting: Meeting = None,
    item: Item = None,
    by: By = None,
    note: Note = None,
    override: Override = None,
    as_json: AsJson = False,
) -> None:
    """Record a milestone (a consultation opened, a vote) without changing the stage.

    Example: govflow proposal record MP960 mrc_opened --on 2021-04-19 --until 2021-05-10
    """
    with opened(ctx) as gf:
        change = gf.record(
            reference, milestone, on=on, until=until, meeting=meeting, item=item, actor=by,
            note=note, override=override,
        )  # fmt: skip
    said = f"{change.what} ({milestone})" if change.what else milestone
    done(change, f"recorded {said}", as_json)


@app.command()
def link(
    ctx: typer.Context,
    reference: Reference,
    meeting: RequiredMeeting,
    item: Item = None,
    on: On = None,
    by: By = None,
    note: Note = None,
    as_json: AsJson = False,
) -> None:
    """Tie a proposal to a meeting's agenda item without moving it.

    Example: govflow proposal link MP960 --meeting TABASC_88 --item 3
    """
    with opened(ctx) as gf:
        change = gf.link(reference, meeting=meeting, item=item, on=on, actor=by, note=note)
    done(change, f"linked to {meeting}" + (f" item {item}" if item else ""), as_json)


@app.command()
def relate(
    ctx: typer.Context,
    reference: Reference,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            metavar="REF",
            help="The other proposal, as its code writes it (P9415, 9678), or CODE:REF "
            "(BSC:P9415) when that spelling is another code's too.",
        ),
    ],
    relation: Annotated[
        str,
        typer.Option(
            "--as",
            metavar="RELATION",
            help="consequential_on (REFERENCE follows from --to) or related.",
        ),
    ] = "related",
    meeting: Meeting = None,
    item: Item = None,
    on: On = None,
    by: By = None,
    note: Note = None,
    as_json: AsJson = False,
) -> None:
    """Link a proposal to another, of this code or another; both show the link.

    Example: govflow proposal relate MP960 --to BSC:P9415 --as consequential_on --on 2024-02-01
    """
    with opened(ctx) as gf:
        change = gf.relate(reference, to=to, relation=relation, meeting=meeting, item=item,
                           on=on, actor=by, note=note)  # fmt: skip
    from govflow.workflow.words import relation_words

    done(change, f"{relation_words(relation).lower()} {to}", as_json)


@app.command()
def correct(
    ctx: typer.Context,
    reference: Reference,
    seq: Annotated[int, typer.Argument(metavar="SEQ", help="The event to correct (its seq).")],
    note: Annotated[str, typer.Option("--note", metavar="TEXT", help="What was wrong.")],
    occurred_on: Annotated[
        str | None, typer.Option("--occurred-on", metavar="DATE", help="The right date.")
    ] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", metavar="NAME", help="The right actor.")
    ] = None,
    meeting: Annotated[
        str | None, typer.Option("--meeting", metavar="CODE", help="The right meeting.")
    ] = None,
    item: Annotated[
        str | None, typer.Option("--item", metavar="N", help="The right agenda item.")
    ] = None,
    in_error: Annotated[
        bool, typer.Option("--in-error", help="Withdraw it: it should never have been recorded.")
    ] = False,
    by: By = None,
    as_json: AsJson = False,
) -> None:
    """Correct an earlier event with a new one pointing at it (events are never edited).

    Example: govflow proposal correct MP960 3 --occurred-on 2021-03-24 --note "minutes say 24th"
    """
    given = (("occurred_on", occurred_on), ("actor", actor), ("meeting", meeting), ("item", item))
    changes: dict[str, object] = {k: v for k, v in given if v is not None}
    if in_error:
        changes["recorded_in_error"] = True
    with opened(ctx) as gf:
        change = gf.correct(reference, seq, note=note, changes=changes, actor=by)
    done(change, f"corrected event {seq}", as_json)


@app.command()
def route(
    ctx: typer.Context,
    reference: Reference,
    route: RouteOption = None,
    flag: FlagOption = None,
    no_flag: NoFlagOption = None,
    flag_not_on_record: UnknownFlagOption = None,
    path: PathOption = None,
    fast_track: Annotated[
        bool | None,
        typer.Option("--fast-track/--no-fast-track", help="Set or clear the flag fast_track."),
    ] = None,
    urgent: Annotated[
        bool | None, typer.Option("--urgent/--no-urgent", help="Set or clear the flag urgent.")
    ] = None,
    on: On = None,
    meeting: Meeting = None,
    item: Item = None,
    by: By = None,
    note: Note = None,
    as_json: AsJson = False,
) -> None:
    """Set a proposal's route and flags, by the names its workflow declares.

    --flag sets a flag and --no-flag clears one (both repeatable); flags not named are kept.
    --flag-not-on-record NAME says the record does not tell whether the flag is set: a rule that
    asks for it is unchecked, not refused, until it is set or cleared.
    --path N, --fast-track/--no-fast-track and --urgent/--no-urgent are short forms.

    Example: govflow proposal route MP960 --route 3 --meeting PANEL_94 --item 7
    """
    given = (route, flag, no_flag, flag_not_on_record, path, fast_track, urgent)
    if all(v is None or v == [] for v in given):
        raise typer.BadParameter(
            "say what to change: --route NAME, --flag NAME or --no-flag NAME",
            param_hint="'--route' / '--flag' / '--no-flag'",
        )
    with opened(ctx) as gf:
        change = gf.set_route(
            reference, route=route, flags=flag or [], no_flags=no_flag or [],
            unknown_flags=flag_not_on_record or [], path=path, fast_track=fast_track,
            urgent=urgent, on=on, meeting=meeting, item=item, actor=by, note=note,
        )  # fmt: skip
    done(change, "route set", as_json)


@app.command()
def proposer(
    ctx: typer.Context,
    reference: Reference,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The new proposer.")],
    on: On = None,
    by: By = None,
    note: Note = None,
    as_json: AsJson = False,
) -> None:
    """Record a change of proposer (the history keeps the old one).

    Example: govflow proposal proposer MP122 "Citizens Advice" --on 2021-01-05
    """
    with opened(ctx) as gf:
        change = gf.set_proposer(reference, name, on=on, actor=by, note=note)
    done(change, f"proposer now {name}", as_json)


@app.command()
def release(
    ctx: typer.Context,
    reference: Reference,
    name: Annotated[str, typer.Argument(metavar="RELEASE", help="e.g. 'November 2022'.")],
    status: Annotated[ReleaseStatus, typer.Option("--status", help="Its status there.")] = (
        "targeted"
    ),
    release_date: Annotated[
        str | None, typer.Option("--release-date", metavar="DATE", help="The release's date.")
    ] = None,
    on: On = None,
    meeting: Meeting = None,
    item: Item = None,
    by: By = None,
    note: Note = None,
    moved_from: Annotated[
        str | None,
        typer.Option("--moved-from", metavar="RELEASE", help="The release the target moves from."),
    ] = None,
    scope_closes: Annotated[
        str | None,
        typer.Option("--scope-closes", metavar="DATE",
                     help="The day the release's full scope is fixed (release data)."),
    ] = None,
    dcc_scope_closes: Annotated[
        str | None,
        typer.Option("--dcc-scope-closes", metavar="DATE",
                     help="The day its DCC-impacting scope is fixed (release data)."),
    ] = None,
    as_json: AsJson = False,
) -> None:  # fmt: skip
    """Target a proposal at a release, or mark it approved, implemented or withdrawn there.

    Example: govflow proposal release MP099 "November 2022" --release-date 2022-11-03
    """
    with opened(ctx) as gf:
        change = gf.release(
            reference, name, status=status, release_date=release_date, on=on, meeting=meeting,
            item=item, actor=by, note=note, moved_from=moved_from, scope_closes=scope_closes,
            dcc_scope_closes=dcc_scope_closes,
        )  # fmt: skip
    from govflow.workflow.words import release_status

    done(change, f"{release_status(status)} in {name}", as_json)


# -- reads (in cli/proposal_reads.py) -------------------------------------------------------------
app.command()(reads.show)
app.command()(reads.history)
app.command("next")(reads.next_)
app.command("list")(reads.list_)

# -- decisions (in cli/proposal_decisions.py) ----------------------------------------------------
app.command()(decisions.vote)
app.command()(decisions.alternative)
