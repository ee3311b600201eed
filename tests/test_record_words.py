"""What a person reads says the code's words (issue 24): the workflow file's labels in the CLI,
the exports and the register, machine names only in ``--json`` and as secondary text; and the
record's own words can be entered (flags not on record, SECAS's "Pending Implementation", a
release target "Not yet determined", a consultation of unknown kind).

Every proposal here is fictional (SEC MP95x, BSC P95x).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from typer.testing import Result

from govflow.service import Govflow

Invoke = Callable[..., Result]


def test_show_lists_the_flags_not_on_record(gf: Govflow, cli: Invoke) -> None:
    """A fictional P950 whose Self-Governance status its page does not give."""
    gf.raise_proposal("P950", title="A fictional BSC proposal", on="2021-01-07",
                      stage="initial_written_assessment")  # fmt: skip
    gf.set_route("P950", unknown_flags=["self_governance"], on="2021-01-07")
    assert gf.proposal("P950").flags_not_on_record == ("self_governance",)
    shown = cli("proposal", "show", "P950")
    assert shown.exit_code == 0, shown.output
    assert "flags not on record: self_governance" in shown.stdout
    as_json = cli("proposal", "show", "P950", "--json")
    assert json.loads(as_json.stdout)["flags_not_on_record"] == ["self_governance"]
    gf.set_route("P950", flags=["self_governance"], on="2021-01-08")
    assert gf.proposal("P950").flags_not_on_record == ()
