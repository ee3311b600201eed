"""The OpenAPI document as the server really behaves, made once per application.

FastAPI writes most of it from the routes' types; this adds what only the running server
knows or what FastAPI says otherwise:

* error answers as ``application/problem+json`` (FastAPI would write ``application/json``),
  and no 422 but govflow's own (FastAPI documents one for validation, which is 400 here);
* the pattern of a proposal reference, from the workflows the server loaded (a deployment with
  its own workflows takes its own prefixes), on every ``reference`` parameter and field;
* the bearer token: required where a route needs a role (its 403), optional elsewhere (reads
  are public unless the ``reading`` setting says ``token``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from govflow.web.auth import SignIn
from govflow.web.problems import MEDIA_TYPE

DESCRIPTION = """The JSON API of a govflow database: the register of change proposals, their
history and rules, meetings and what falls due; writes with a `secretariat` token (see
docs/serve.md). Every error is an RFC 9457 problem (`application/problem+json`): 400 for a
request that does not fit this document, 422 for one the record refuses."""
_PROBLEM = "#/components/schemas/Problem"
_REFERENCE_FIELDS = {("path", "reference"), ("query", "proposal"), ("query", "after")}


def _no_default_422(doc: dict[str, Any]) -> None:
    """FastAPI documents a 422 ``HTTPValidationError`` wherever a route has parameters and says
    nothing of 422; govflow answers a malformed request 400, and documents its own 422s."""
    for operation in _operations(doc):
        answers = operation.get("responses", {})
        if answers.get("422", {}).get("description") == "Validation Error":
            del answers["422"]
    schemas = doc.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)


def _problems_as_problem_json(doc: dict[str, Any]) -> None:
    for operation in _operations(doc):
        for status, answer in operation.get("responses", {}).items():
            if status.isdigit() and int(status) >= 400:  # whatever the route's own type
                answer["content"] = {MEDIA_TYPE: {"schema": {"$ref": _PROBLEM}}}


def _reference_patterns(doc: dict[str, Any], pattern: str) -> None:
    for operation in _operations(doc):
        for parameter in operation.get("parameters", ()):
            if (parameter.get("in"), parameter.get("name")) in _REFERENCE_FIELDS:
                _set_pattern(parameter["schema"], pattern)
    schemas = doc.get("components", {}).get("schemas", {})
    _set_pattern(schemas["RaiseBody"]["properties"]["reference"], pattern)


def _set_pattern(schema: dict[str, Any], pattern: str) -> None:
    for part in schema.get("anyOf", [schema]):
        if part.get("type") == "string":
            part["pattern"] = pattern
            part["maxLength"] = 40


def _security(doc: dict[str, Any]) -> None:
    doc.setdefault("components", {})["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer", "description": "gft_... (docs/serve.md)"}
    }
    for operation in _operations(doc):
        needs_role = "403" in operation.get("responses", {})
        operation["security"] = [{"bearer": []}] if needs_role else [{}, {"bearer": []}]


def _operations(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [op for item in doc.get("paths", {}).values() for op in item.values()]


def builder(app: FastAPI, reference_pattern: str) -> Callable[[], dict[str, Any]]:
    """The ``app.openapi`` of a govflow application (the document is made on first use)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(title=app.title, version=app.version, summary=app.summary,
                              description=DESCRIPTION, routes=app.routes)  # fmt: skip
            schemas = doc.setdefault("components", {}).setdefault("schemas", {})
            schemas["SignIn"] = SignIn.model_json_schema()  # read by hand in POST /login
            _no_default_422(doc)
            _problems_as_problem_json(doc)
            _reference_patterns(doc, reference_pattern)
            _security(doc)
            app.openapi_schema = doc
        return app.openapi_schema

    return openapi
