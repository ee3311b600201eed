"""Actions as minutes write them: owners named in the sentence, promises tied to a meeting (named,
or "the next meeting"), and the reference to that meeting kept. Invented sentences, fictional
meeting numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from govflow.minutes import Minutes, parse_minutes
from govflow.service import Govflow

COMMITTEES = {"Operations Group": "OPSG", "Change Sub-Committee": "CSC"}
HEAD = "## Operations Group Meeting 49\\_2405\n\n24 May 2021\n\n**1. Operational Updates (DCC):** "


def parse_item(sentence: str) -> Minutes:
    return parse_minutes(HEAD + sentence + "\n", committees=COMMITTEES)


@pytest.mark.parametrize(
    ("sentence", "party", "meeting"),
    [
        (
            "The DCC noted that it will give an update at the next meeting (OPSG_50).",
            "DCC",
            "OPSG_50",
        ),
        (
            "The DCC noted that it will give an update at the next meeting (OPSG\\_50).",
            "DCC",
            "OPSG_50",
        ),
        ("The DCC will give an update at the next meeting.", "DCC", "OPSG_50"),
        ("SECAS to circulate the paper ahead of OPSG_52.", "SECAS", "OPSG_52"),
        ("SECAS to provide an update in the next meeting.", "SECAS", "OPSG_50"),
        ("The DCC confirmed it would present the findings at the next meeting.", "DCC", "OPSG_50"),
        (
            "The OPSG noted that the DCC would bring the figures to the next meeting.",
            "DCC",
            "OPSG_50",
        ),
        (
            "SECAS and the DCC advised that they will report back at OPSG\\_51.",
            "SECAS and the DCC",
            "OPSG_51",
        ),
        ("An update will be given by the DCC at OPSG_50.", "DCC", "OPSG_50"),
        ("An update will be given at the next meeting.", None, "OPSG_50"),
        ("The CSC will consider the paper at CSC_41.", "CSC", "CSC_41"),
    ],
)
def test_a_promise_at_a_meeting_is_an_action_due_there(
    sentence: str, party: str | None, meeting: str
) -> None:
    (action,) = parse_item(sentence).actions
    assert (action.party, action.at_meeting, action.due, action.item) == (party, meeting, None, "1")
    assert action.text == sentence.replace("\\_", "_")


@pytest.mark.parametrize(
    "sentence",
    [
        "The OPSG noted the update given at OPSG_48.",
        "The minutes of OPSG\\_48 were approved.",
        "The DCC noted the report.",
        "The OPSG noted that the next meeting will be held online.",
    ],
)
def test_a_meeting_named_without_a_promise_is_no_action(sentence: str) -> None:
    assert parse_item(sentence).actions == ()


@pytest.mark.parametrize(
    ("sentence", "party"),
    [
        ("The DCC noted that it will circulate the figures by 4 June.", "DCC"),
        ("The OPSG noted that SECAS would issue the survey by 4 June.", "SECAS"),
        ("The revised plan will be issued by SECAS by 4 June.", "SECAS"),
        ("The report will be issued by Friday 4 June.", None),  # a day, not a name
        ("The OPSG noted that responses are due by 4 June.", None),
    ],
)
def test_owners_named_in_the_sentence(sentence: str, party: str | None) -> None:
    (action,) = parse_item(sentence).actions
    assert action.party == party


def test_the_next_meeting_promised_is_kept_as_a_reference() -> None:
    minutes = parse_item("The DCC will give an update at the next meeting.")
    assert [(o.kind, o.value, o.item) for o in minutes.other_refs] == [("meeting", "OPSG_50", "1")]


def test_a_promise_naming_its_meeting_keeps_one_reference() -> None:
    minutes = parse_item("The DCC will report back at the next meeting (OPSG_50).")
    assert [(o.kind, o.value) for o in minutes.other_refs] == [("meeting", "OPSG_50")]


def test_the_action_is_due_on_the_date_the_same_minutes_announce(gf: Govflow) -> None:
    text = (
        HEAD + "The DCC noted that it will give an update at the next meeting (OPSG\\_50).\n\n"
        "Next meeting: 28 June 2021\n"
    )
    report = gf.import_minutes(text)
    assert [(a["due"], a["at_meeting"], a["party"]) for a in report.actions_added] == [
        ("2021-06-28", "OPSG_50", "DCC")
    ]
    (action,) = gf.actions()
    assert (action.meeting, action.due_on, action.party) == ("OPSG_49", dt.date(2021, 6, 28), "DCC")
