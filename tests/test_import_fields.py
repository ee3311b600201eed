"""The import, field by field (issue 30): each forbidden history a crafted export once brought in
is refused naming its line and its rule, and the live path (or ``verify``, where no live path can
write it) refuses the same input. The files are rewritten hashes and all (tests/histories.py), so
only the rules can refuse them. MP9xx are fictional; MP099 and MP131 are the demo's (its sources).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

import govflow
from govflow.demo import build
from govflow.errors import InvalidInput, NotFound
from govflow.model import Event
from govflow.service import Govflow
from govflow.workflow.facts import CORRECTABLE
from tests.histories import append_unjudged, parsed, rechained


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The demo's audit export (built on SQLite once; imported on the backend under test)."""
    source = govflow.open_db(tmp_path_factory.mktemp("fields") / "demo.db")
    build(source)
    out = io.StringIO(newline="")
    source.export_audit(out, "jsonl")
    source.close()
    return out.getvalue().splitlines(keepends=True)


def _events(records: list[dict[str, Any]], reference: str) -> list[dict[str, Any]]:
    return [r for r in records if r.get("reference") == reference and "chain" not in r
            and "seq" in r]  # fmt: skip


def _line_of(records: list[dict[str, Any]], record: dict[str, Any]) -> int:
    return next(i for i, r in enumerate(records) if r is record) + 1


def _appended(records: list[dict[str, Any]], reference: str, **fields: Any) -> dict[str, Any]:
    """A new last event of ``reference`` in the file (its chain is recomputed later)."""
    last = _events(records, reference)[-1]
    blank = dict.fromkeys(("trigger", "milestone", "from_stage", "to_stage", "until", "meeting",
                           "item", "corrects_seq", "actor", "body"))  # fmt: skip
    new = {**last, **blank, "payload": {}, "note": None, "seq": last["seq"] + 1, **fields}
    records.insert(_line_of(records, last), new)
    return new


def _refused(gf: Govflow, records: list[dict[str, Any]], line: int, rule: str, why: str) -> None:
    with pytest.raises(InvalidInput, match=rf"^line {line} \(.*\): .*{why}.*\(rule {rule}\)"):
        gf.import_events(rechained(records))
    assert gf.proposals() == []


@pytest.mark.parametrize("kind", ["milestone", "relabel"])
@pytest.mark.parametrize("stage_field", ["to_stage", "from_stage"])
def test_stage_fields_on_an_event_that_moves_nothing_are_refused(
    gf: Govflow, export: list[str], kind: str, stage_field: str
) -> None:
    records = parsed(export)
    event = next(r for r in _events(records, "MP099") if r["kind"] == kind)
    event[stage_field] = "approved"
    _refused(gf, records, _line_of(records, event), "fields", f"carries no {stage_field}")


def test_stage_fields_on_a_link_are_refused_by_the_import_and_by_verify(
    gf: Govflow, export: list[str]
) -> None:
    records = parsed(export)
    link = _appended(records, "MP904", kind="link", meeting="CSC_38", to_stage="approved",
                     payload={"spelling": "MP904"})  # fmt: skip
    _refused(gf, records, _line_of(records, link), "fields", "carries no to_stage")
    gf.import_events(export)
    stored = Event(kind="link", occurred_on=_day(link), to_stage="approved")
    (seq,) = append_unjudged(gf, "MP904", [stored])
    assert [(b.proposal, b.seq, b.rule) for b in gf.verify() if b.kind == "rules"] == [
        ("MP904", seq, "fields")
    ]


def _day(record: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(record["occurred_on"])


@pytest.mark.parametrize(
    ("source", "why"),
    [(3, "declares no migration from version 3"), (0, "migrates from version 0, not 3")],
    ids=["to-itself", "from-another-version"],
)
def test_a_migration_the_mapping_does_not_give_is_refused_by_the_import_and_by_verify(
    gf: Govflow, export: list[str], source: int, why: str
) -> None:
    """Version 3 (the demo's) to itself, refinement to approved (what a crafted file once did);
    and from a version the proposal was not under."""
    records = parsed(export)
    payload = {"workflow": "sec-modification", "from_version": source, "to_version": 3}
    moved = _appended(records, "MP904", kind="migrated", from_stage="refinement",
                      to_stage="approved", payload=payload)  # fmt: skip
    _refused(gf, records, _line_of(records, moved), "migration", why)
    gf.import_events(export)
    stored = Event(kind="migrated", occurred_on=_day(moved), from_stage="refinement",
                   to_stage="approved", payload=payload)  # fmt: skip
    (seq,) = append_unjudged(gf, "MP904", [stored])
    assert [(b.seq, b.rule) for b in gf.verify() if b.kind == "rules"] == [(seq, "migration")]
    assert gf.proposal("MP904").stage == "refinement"


def test_a_raise_outside_the_entry_stages_needs_an_override_as_live(
    gf: Govflow, export: list[str]
) -> None:
    records = parsed(export)
    raised, *later = _events(records, "MP904")
    records = [r for r in records if not any(r is e for e in later)]  # the raise alone
    raised["to_stage"] = "change_board"
    _refused(gf, records, _line_of(records, raised), "entry", "raised in")
    with pytest.raises(govflow.errors.TransitionNotAllowed, match="override"):
        gf.raise_proposal("MP954", title="A fictional proposal", on="2021-05-24",
                          stage="change_board")  # fmt: skip
    raised["payload"]["override"] = "a fictional legacy record"
    gf.import_events(rechained(records))
    assert gf.proposal("MP904").stage == "change_board"
    assert gf.verify() == []


def test_a_correction_of_a_later_event_is_refused_as_live(gf: Govflow, export: list[str]) -> None:
    records = parsed(export)
    last = _events(records, "MP904")[-1]
    fix = _appended(records, "MP904", kind="correction", corrects_seq=last["seq"] + 2,
                    note="wrong day", payload={"changes": {"note": "x"}})  # fmt: skip
    _refused(gf, records, _line_of(records, fix), "correction", "not an earlier event")
    gf.import_events(export)
    with pytest.raises(NotFound, match="has no event"):
        gf.correct("MP904", last["seq"] + 2, note="wrong day", changes={"note": "x"})


_CORRECTIONS = {  # id: (note, changes, the import's refusal, the live refusal)
    "stage": ("wrong", {"stage": "approved"}, "cannot correct stage; correctable", None),
    "to_stage": ("wrong", {"to_stage": "approved", "note": "x"}, "cannot correct to_stage", None),
    "not-true": ("wrong", {"recorded_in_error": "yes"}, "recorded_in_error takes True", None),
    "withdrawn-and-changed": ("wrong", {"recorded_in_error": True, "note": "x"},
                              "takes no other change", None),
    "not-a-date": ("wrong", {"occurred_on": "someday"}, "is not a date", "not a corrected date"),
    "not-text": ("wrong", {"actor": 5}, "must be text", None),
    "empty": ("wrong", {}, "no change", None),
    "no-note": (" ", {"actor": "Someone"}, "needs a note", "needs a note"),
    # what govflow fills in: refused from a caller, and in a file alone or malformed
    "item-title-alone": ("wrong", {"item_title": "An item"}, "item_title is recorded only with",
                         "cannot correct"),
    "precision-alone": ("wrong", {"date_precision": "month"},
                        "date_precision is recorded only with", "cannot correct"),
    "unknown-precision": ("wrong", {"occurred_on": "2021-06-19", "date_precision": "fortnight"},
                          "precision is one of", "cannot correct"),
}  # fmt: skip


@pytest.mark.parametrize("case", _CORRECTIONS.values(), ids=_CORRECTIONS.keys())
def test_a_correction_the_api_refuses_is_refused_by_the_import_as_live(
    gf: Govflow, export: list[str], case: tuple[str, dict[str, Any], str, str | None]
) -> None:
    note, changes, why, live = case
    records = parsed(export)
    fix = _appended(records, "MP904", kind="correction", corrects_seq=2, note=note,
                    payload={"changes": changes})  # fmt: skip
    _refused(gf, records, _line_of(records, fix), "correction", why)
    gf.import_events(export)
    with pytest.raises(InvalidInput, match=live or why):
        gf.correct("MP904", 2, note=note, changes=changes)


def test_the_api_accepts_the_keys_a_correction_may_change_and_no_other() -> None:
    from govflow.web.api_proposals import Changes

    assert tuple(Changes.model_fields) == CORRECTABLE


def test_a_chain_key_that_disagrees_with_its_reference_is_refused(
    gf: Govflow, export: list[str]
) -> None:
    records = parsed(export)
    for record in records:
        if record.get("reference") == "MP131":
            record["proposal"] = "SEC:950"
    first = _events(records, "MP131")[0]
    _refused(gf, records, _line_of(records, first), "reference", "disagrees with its reference")


def test_a_line_that_names_another_reference_is_refused(gf: Govflow, export: list[str]) -> None:
    records = parsed(export)
    event = _events(records, "MP131")[-1]  # not its first line
    event["reference"] = "MP950"
    _refused(gf, records, _line_of(records, event), "reference", "names 'MP950'")


def test_a_wrong_workflow_fingerprint_is_refused(gf: Govflow, export: list[str]) -> None:
    records = parsed(export)
    raised = _events(records, "MP131")[0]
    raised["payload"]["workflow_fingerprint"] = "ab" * 32
    _refused(gf, records, _line_of(records, raised), "fingerprint", "fingerprint abababababab")


@pytest.mark.parametrize(
    ("title", "why"),
    [("x" * 10_000, "title is 10,000 characters long"), ("   ", "needs a title"),
     ("A title with a NUL \x00", "NUL character")],
    ids=["too-long", "blank", "nul"],
)  # fmt: skip
def test_a_title_a_live_raise_refuses_is_refused_by_the_import(
    gf: Govflow, export: list[str], title: str, why: str
) -> None:
    records = parsed(export)
    raised = _events(records, "MP904")[0]
    raised["payload"]["title"] = title
    with pytest.raises(InvalidInput, match=rf"^line {_line_of(records, raised)} .*{why}"):
        gf.import_events(rechained(records))
    with pytest.raises(InvalidInput, match=why):
        gf.raise_proposal("MP955", title=title, on="2021-05-24")
