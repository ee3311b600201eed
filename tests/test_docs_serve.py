"""docs/serve.md stays true: its curl session runs as written with the statuses it shows, its
error example is what the API answers, and every API route is in its table."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

from tests.conftest import Api

DOCS = Path(__file__).resolve().parents[1] / "docs" / "serve.md"
BASE = "http://127.0.0.1:8000"


def _block(after: str, language: str) -> str:
    text = DOCS.read_text(encoding="utf-8").split(after, 1)[1]
    return text.split(f"```{language}\n", 1)[1].split("```", 1)[0]


def _request(line: str, secrets: dict[str, str]) -> tuple[str, str, Any, dict[str, str], int]:
    """A curl line as (method, path, JSON body, headers, expected status; 0 for any 2xx)."""
    expected = re.search(r"\s#\s*(\d{3})\s*$", line)
    line = line[: expected.start()] if expected else line
    words = shlex.split(line.replace("$SECRETARIAT", secrets["secretariat"]))
    assert words[0] == "curl", line
    method, body, headers, url = "GET", None, {}, ""
    pairs = iter(words[1:])
    for word in pairs:
        if word == "-X":
            method = next(pairs)
        elif word == "-H":
            key, _, value = next(pairs).partition(": ")
            headers[key] = value
        elif word == "--json":
            body, method = json.loads(next(pairs)), "POST" if method == "GET" else method
        else:
            url = word
    assert url.startswith(BASE), url
    return method, url[len(BASE) :], body, headers, int(expected.group(1)) if expected else 0


def test_the_curl_session_runs_as_written(api: Api) -> None:
    for line in _block("A session with curl", "bash").splitlines():
        method, path, body, headers, expected = _request(line, api.secrets)
        answer = api.client.request(method, path, json=body, headers=headers)
        if expected:
            assert answer.status_code == expected, (line, answer.text)
        else:
            assert 200 <= answer.status_code < 300, (line, answer.text)


def test_the_error_example_is_what_the_api_answers(api: Api) -> None:
    gf = api.gf
    gf.raise_proposal("DP960", title="Firmware retry limits", on="2021-03-01")
    gf.advance("DP960", "submit", on="2021-03-02")
    gf.add_meeting("CSC_38", on="2021-05-25")
    gf.advance("DP960", "convert", meeting="CSC_38")
    gf.set_route("MP960", path=3, on="2021-06-18")
    gf.advance("MP960", "start_refinement", on="2021-06-18")
    gf.record("MP960", "refinement_consultation_opened", on="2021-08-02", until="2021-08-20")
    answer = api.post("/api/proposals/MP960/advance", {"trigger": "send_to_report"})
    assert answer.status_code == 409
    assert answer.json() == json.loads(_block("## Errors", "json"))


def _braces(text: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", text)


def test_every_api_route_is_in_the_table(api: Api) -> None:
    document = api.get("/openapi.json").json()
    docs = _braces(DOCS.read_text(encoding="utf-8"))
    for path, operations in document["paths"].items():
        for method in operations:
            if path.startswith("/api"):
                assert f"`{method.upper()} {_braces(path)}`" in docs, (method, path)
