"""Routes and flags by name: a workflow that names its routes (a fictional code) is driven by
those names, and nothing in govflow knows the SEC's words."""

from __future__ import annotations

from pathlib import Path

import pytest

import govflow
from govflow.errors import InvalidInput

FIXTURES = Path(__file__).parent / "fixtures" / "workflows"

# The minimal fixture with named routes (written `routes:`, tested with `route:`) and two flags.
NAMED = {
    "paths:\n  1: the Authority decides\n  3: the Panel decides\n": (
        "route_term: Route\nroutes:\n  authority: Authority decision\n"
        "  self_governance: Self-Governance (the Panel decides)\n"
    ),
    "flags:\n  urgent: Urgent\n": "flags:\n  urgent: Urgent\n  fast_track_self_governance: FTSG\n",
    "      - path: [1, 3]\n": "      - route: [authority, self_governance]\n",
}


@pytest.fixture
def named(tmp_path: Path, db_url: str) -> govflow.Govflow:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    for old, new in NAMED.items():
        assert old in text
        text = text.replace(old, new)
    file = tmp_path / "named-routes.yaml"
    file.write_text(text, encoding="utf-8")
    gf = govflow.open_db(db_url, workflows=[file])
    yield gf
    gf.close()


def test_a_named_route_and_flag_are_set_and_tested_by_name(named: govflow.Govflow) -> None:
    named.raise_proposal("CP901", title="fictional", on="2024-02-01", stage="assessment",
                         override="fictional legacy record", flags=["urgent"])  # fmt: skip
    (decide,) = [o for o in named.next_steps("CP901", on="2024-02-02").allowed
                 if o.trigger == "decide"]  # fmt: skip
    assert decide.unchecked == ("the path is not set",)  # no route on record: unchecked
    named.set_route("CP901", route="self_governance", on="2024-02-02")
    view = named.proposal("CP901")
    assert (view.path, view.flags, view.route_label) == (
        "self_governance", ("urgent",), "Self-Governance (the Panel decides)",
    )  # fmt: skip
    assert named.advance("CP901", "decide", on="2024-02-03").stage == "decided"
    assert named.verify() == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"route": "3"}, "minimal has no route '3'; routes: authority, self_governance"),
        ({"route": "self_governence"}, "(did you mean 'self_governance'?)"),
        ({"flags": ["fast_track"]}, "minimal has no flag 'fast_track'; flags: urgent, "
                                    "fast_track_self_governance"),
        ({"fast_track": True}, "minimal has no flag 'fast_track'"),
    ],
    ids=["sec-number", "near-miss", "sec-flag", "sec-convenience"],
)  # fmt: skip
def test_names_the_workflow_does_not_declare_are_refused_with_its_own(
    named: govflow.Govflow, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        named.raise_proposal("CP902", title="fictional", on="2024-02-01", **kwargs)  # type: ignore[arg-type]
    assert message in str(caught.value)
    assert named.proposals() == []
