"""The API as a caller meets it: wrong argument types are GovflowErrors, an unreachable server is
named as such, an existing engine can be used, several calls can share one transaction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

import govflow
from govflow.errors import DatabaseUnavailable, GovflowError, InvalidInput
from govflow.service import Govflow
from govflow.validation import checked


@pytest.fixture
def dp960(gf: Govflow) -> Govflow:
    gf.raise_proposal("DP960", title="Firmware retry limits", on="2021-03-01")
    return gf


MISTYPED: dict[str, tuple[str, tuple[Any, ...], dict[str, Any], str]] = {
    "item-as-int": ("advance", ("DP960", "submit"), {"item": 5}, "item must be a str or None"),
    "date-as-int": ("raise_proposal", ("DP961",), {"title": "x", "on": 20210525}, "on must be"),
    "reference-as-int": ("proposal", (160,), {}, "reference must be a str, not int"),
    "flag-as-str": ("set_route", ("DP960",), {"urgent": "yes"}, "urgent must be True or False"),
    "changes-as-list": ("correct", ("DP960", 1), {"note": "n", "changes": []}, "mapping"),
    "unknown-keyword": ("advance", ("DP960", "submit"), {"stage": "x"}, "unexpected keyword"),
}


@pytest.mark.parametrize(("method", "args", "kwargs", "message"), MISTYPED.values(),
                         ids=MISTYPED.keys())  # fmt: skip
def test_a_mistyped_argument_is_invalid_input_naming_it(
    dp960: Govflow, method: str, args: tuple[Any, ...], kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        getattr(dp960, method)(*args, **kwargs)
    assert message in str(caught.value)
    assert isinstance(caught.value, GovflowError)
    assert dp960.proposal("DP960").stage == "draft"  # nothing was written


def test_well_typed_arguments_still_work(dp960: Govflow) -> None:
    change = dp960.advance("DP960", "submit", on=dt.date(2021, 3, 2))
    assert change.stage == "development"


def test_the_wrapper_keeps_the_signature_and_docstring(gf: Govflow) -> None:
    import inspect

    assert "expected_version" in inspect.signature(gf.advance).parameters
    assert gf.advance.__doc__ and "Move" in gf.advance.__doc__


def test_checked_understands_sequences_and_literals() -> None:
    from typing import Literal

    def f(names: list[str], mode: Literal["a", "b"] = "a") -> int:
        return len(names)

    g = checked(f)
    assert g(["x", "y"], "b") == 2
    with pytest.raises(InvalidInput, match="names must be a list of a str"):
        g(["x", 3])
    with pytest.raises(InvalidInput, match="mode must be 'a' or 'b'"):
        g([], "c")  # type: ignore[arg-type]


def test_an_unreachable_server_is_database_unavailable() -> None:
    pytest.importorskip("psycopg")
    # Port 1 on the loopback: nothing listens there, so the connection is refused at once.
    with pytest.raises(DatabaseUnavailable, match="cannot reach the database") as caught:
        govflow.open_db("postgresql+psycopg://someone:secret@127.0.0.1:1/nowhere")
    assert "secret" not in str(caught.value)
    assert not isinstance(caught.value, govflow.IntegrityError)


def test_open_db_uses_an_existing_engine_and_leaves_it_open(db_url: str) -> None:
    engine = create_engine(db_url)
    with govflow.open_db(engine=engine) as gf:
        gf.raise_proposal("DP960", title="Firmware retry limits", on="2021-03-01")
    with engine.connect() as conn:  # still usable by its owner after close()
        assert conn.exec_driver_sql("SELECT count(*) FROM proposal").scalar() == 1
    with govflow.open_db(engine=engine) as again:  # adopting it twice is harmless
        assert again.proposal("DP960").title == "Firmware retry limits"
    engine.dispose()


def test_open_db_refuses_a_target_and_an_engine(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(InvalidInput, match="not both"):
        govflow.open_db(tmp_path / "y.db", engine=engine)


def test_a_transaction_keeps_all_calls_or_none(dp960: Govflow) -> None:
    with pytest.raises(GovflowError), dp960.transaction():
        dp960.add_meeting("CSC_38", on="2021-05-25")
        dp960.advance("DP960", "submit", on="2021-03-02")
        dp960.advance("DP960", "approve")  # refused: rolls back the two calls above
    assert dp960.proposal("DP960").stage == "draft"
    assert dp960.meetings() == []
    with dp960.transaction():
        dp960.add_meeting("CSC_38", on="2021-05-25")
        dp960.advance("DP960", "submit", on="2021-03-02")
    assert dp960.proposal("DP960").stage == "development"
    assert [m.code for m in dp960.meetings()] == ["CSC_38"]


def test_package_parse_minutes_needs_no_committees() -> None:
    text = Path(__file__).parent.joinpath("fixtures", "minutes", "opsg-12.md").read_text()
    minutes = govflow.parse_minutes(text)
    assert minutes.committee == "OPSG"
