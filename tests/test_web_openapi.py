"""The OpenAPI document tells the truth about the running server: schemathesis sends every
operation requests made from the document (valid and invalid ones, with a secretariat token, on
the demo database) and checks every answer against it: its status is documented, its body fits
the documented schema and media type, a request that fits the document is never refused as
malformed, one that does not is refused, a method a path does not take is 405 with an ``Allow``
header that agrees with the routes.

The run is fixed (a seed, a bounded number of examples per operation) so that it is the same on
every machine and quick. 422 is accepted for a well-formed request: the record may refuse its
values for a reason the document cannot state (an agenda item without its meeting, a meeting
that would end before it starts); see docs/serve.md, Errors.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import schemathesis
import schemathesis.engine
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events as engine_events

from govflow import demo
from tests.conftest import Api

SEED = 20260101
EXAMPLES = 12


def _config(token: str) -> SchemathesisConfig:
    """``schemathesis run``'s phases (examples, coverage, fuzzing; no stateful links), fixed,
    with the token sent on every request and 422 accepted for a well-formed request."""
    return SchemathesisConfig.from_dict({
        "seed": SEED,
        "headers": {"Authorization": f"Bearer {token}"},
        "workers": 1,
        "generation": {"max-examples": EXAMPLES, "database": "none"},
        "phases": {"stateful": {"enabled": False}},
        "checks": {"positive_data_acceptance": {
            "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422"]}},
    })  # fmt: skip


def _failures(events: Iterable[Any]) -> list[str]:
    found: list[str] = []
    for event in events:
        if isinstance(event, engine_events.NonFatalError | engine_events.FatalError):
            found.append(f"error: {getattr(event, 'value', None) or event.exception}")
        if isinstance(event, engine_events.ScenarioFinished):
            for checks in event.recorder.checks.values():
                found += [f"{event.recorder.label}: {c.name}: {c.failure_info.failure.title}\n"
                          f"{c.failure_info.failure.message}\n{c.failure_info.code_sample}"
                          for c in checks if c.failure_info is not None]  # fmt: skip
    return list(dict.fromkeys(found))


def test_every_operation_answers_as_the_document_says(api: Api) -> None:
    demo.build(api.gf)
    config = _config(api.secrets["secretariat"])
    schema = schemathesis.openapi.from_asgi("/openapi.json", api.client.app, config=config)
    failures = _failures(schemathesis.engine.from_schema(schema).execute())
    assert not failures, "\n\n".join(failures)


def test_no_error_is_documented_but_as_a_problem_and_no_default_422(api: Api) -> None:
    document = api.get("/openapi.json").json()
    assert not {"HTTPValidationError", "ValidationError"} & set(document["components"]["schemas"])
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation["responses"].items():
                if int(status) >= 400:
                    assert list(answer["content"]) == ["application/problem+json"], (path, method)
            if "422" in operation["responses"]:
                assert operation["responses"]["422"]["description"].startswith("Well-formed")
    assert "422" not in document["paths"]["/api/tokens"]["post"]["responses"]
