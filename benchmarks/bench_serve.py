"""``govflow serve`` under a bounded local load: a proposal's page, its JSON, an advance.

govflow: the application ``govflow serve`` runs (uvicorn, one worker, access log off) on an
SQLite file of generated proposals in ``draft``: ``GET /proposals/DP{n}`` (the HTML page),
``GET /api/proposals/DP{n}`` (reading public) and ``POST /api/proposals/DP{n}/advance``
``{"trigger": "submit"}`` with a secretariat token. Baseline: a bare FastAPI application on the
same uvicorn, doing the same SQL on the raw driver (``sqlite3``, WAL, ``BEGIN IMMEDIATE`` for
the write): for the page, the reading setting, the proposal row, its events and its open
deadlines, rendered by a Jinja2 template (compiled once, autoescape on) as a page showing the
proposal, its history and its open deadlines; for the JSON, the reading setting, the proposal
row, its aliases, its events, its releases and its open deadlines; for the POST, the token by
its hash, then in one transaction the proposal row, its last event, the versioned update, the
chained event insert and the log entry.

The load: a few client threads on 127.0.0.1, each with its own keep-alive connection, a bounded
number of requests per round (and at most 60 s a round). Rounds alternate between govflow and
the baseline; each side's server runs in a process of its own, started once, and is sent a few
requests of each kind before the first round (:func:`warm`). Figures: requests
per second (the round's count over its wall time, from when every client is made: making one
costs about 30 ms, which in a round of 200 fast requests was a third of the bare app's time
and pulled the ratios of a small run towards 1), and each request's latency at the median and
the 99th percentile.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import clock, remove_db, report_rounds, scratch
from _populate import populate

import govflow

CLIENTS = 4
WARM = 20  # requests of each kind sent to each server before the rounds
ROUND_SECONDS = 60.0

#: The bare page: the proposal, its history and its open deadlines (what a page needs at least).
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ p.reference }}: {{ p.title }}</title>
<link rel="stylesheet" href="/static/page.css"></head><body><main>
<header><h1><span class="ref">{{ p.reference }}</span> {{ p.title }}</h1>
<p><span class="badge">{{ p.stage }}</span>{% if p.path %}
<span class="badge">Path {{ p.path }}</span>{% endif %}{% if p.proposer %}
<span class="badge">proposer {{ p.proposer }}</span>{% endif %}</p>
</header>
<section><h2>Deadlines</h2>
{% if deadlines %}<table><thead><tr><th>What</th><th>Opened</th><th>Due</th><th>Status</th>
</tr></thead><tbody>
{% for d in deadlines %}<tr><td>{{ d.label }}</td><td>{{ d.opened_on }}</td><td>{{ d.due_on }}</td>
<td>{{ d.status }}</td></tr>
{% endfor %}</tbody></table>
{% else %}<p>No deadline recorded.</p>{% endif %}</section>
<section><h2>History</h2>
<table><thead><tr><th>#</th><th>Date</th><th>What</th><th>By</th><th>Note</th></tr></thead>
<tbody>
{% for e in events %}<tr id="event-{{ e.seq }}"><td>{{ e.seq }}</td><td>{{ e.occurred_on }}</td>
<td>{{ e.kind }} {{ e.trigger or e.milestone or "" }}{% if e.to_stage %} to {{ e.to_stage }}
{% endif %}</td><td>{{ e.actor or "" }}</td><td>{{ e.note or "" }}</td></tr>
{% endfor %}</tbody></table></section>
</main></body></html>
"""


# -- the baseline: a bare FastAPI application over sqlite3 ----------------------------------------
def bare_app(path: str) -> object:
    """The baseline application (built in its server process)."""
    from fastapi import FastAPI, Header, HTTPException
    from fastapi.responses import HTMLResponse
    from jinja2 import DictLoader, Environment, select_autoescape

    app = FastAPI()
    local = threading.local()
    env = Environment(loader=DictLoader({"page.html": PAGE}), autoescape=select_autoescape())
    page = env.get_template("page.html")

    def db() -> sqlite3.Connection:
        if not hasattr(local, "conn"):
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=10000")
            local.conn = conn
        return local.conn  # type: ignore[no-any-return]

    @app.get("/bare/proposals/{number}")
    def show(number: int) -> dict[str, object]:
        conn = db()
        conn.execute("BEGIN")
        conn.execute("SELECT value FROM setting WHERE key = 'reading'").fetchone()
        row = conn.execute(
            "SELECT id, prefix, number, title, proposer, workflow, workflow_version, stage, path, "
            "flags, milestones, raised_on, version FROM proposal WHERE scheme = 'SEC' AND "
            "number = ? AND alternative = ''", (number,),
        ).fetchone()  # fmt: skip
        aliases = conn.execute("SELECT spelling FROM proposal_alias WHERE proposal_id = ?",
                               (row[0],)).fetchall()  # fmt: skip
        events = conn.execute("SELECT * FROM event WHERE proposal_id = ? ORDER BY seq",
                              (row[0],)).fetchall()  # fmt: skip
        releases = conn.execute(
            "SELECT r.name, r.date, rp.status FROM release_proposal rp JOIN release r ON "
            "r.id = rp.release_id WHERE rp.proposal_id = ?", (row[0],),
        ).fetchall()  # fmt: skip
        deadlines = conn.execute("SELECT * FROM deadline WHERE proposal_id = ? AND status = "
                                 "'open'", (row[0],)).fetchall()  # fmt: skip
        conn.execute("COMMIT")
        return {"reference": f"{row[1]}{row[2]}", "title": row[3], "proposer": row[4],
                "workflow": row[5], "workflow_version": row[6], "stage": row[7], "path": row[8],
                "flags": json.loads(row[9]), "milestones": json.loads(row[10]),
                "raised_on": row[11], "version": row[12], "aliases": [a[0] for a in aliases],
                "last_event": list(events[-1]), "releases": [list(r) for r in releases],
                "deadlines": [list(d) for d in deadlines]}  # fmt: skip

    def dicts(conn: sqlite3.Connection, sql: str, *params: object) -> list[dict[str, object]]:
        cursor = conn.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    @app.get("/bare/pages/{number}", response_class=HTMLResponse, response_model=None)
    def show_page(number: int) -> HTMLResponse:
        conn = db()
        conn.execute("BEGIN")
        conn.execute("SELECT value FROM setting WHERE key = 'reading'").fetchone()
        p = dicts(conn, "SELECT id, prefix || number AS reference, title, proposer, stage, path "
                        "FROM proposal WHERE scheme = 'SEC' AND number = ? AND alternative = ''",
                  number)[0]  # fmt: skip
        events = dicts(conn, "SELECT seq, kind, trigger, milestone, to_stage, occurred_on, "
                             "actor, note FROM event WHERE proposal_id = ? ORDER BY seq",
                       p["id"])  # fmt: skip
        deadlines = dicts(conn, "SELECT label, opened_on, due_on, status FROM deadline WHERE "
                                "proposal_id = ? AND status = 'open' ORDER BY due_on",
                          p["id"])  # fmt: skip
        conn.execute("COMMIT")
        return HTMLResponse(page.render(p=p, events=events, deadlines=deadlines),
                            headers={"Cache-Control": "no-store"})  # fmt: skip

    @app.post("/bare/proposals/{number}/advance")
    def advance(number: int, authorization: str = Header()) -> dict[str, object]:
        conn = db()
        digest = hashlib.sha256(authorization.removeprefix("Bearer ").encode()).hexdigest()
        token = conn.execute("SELECT name, role, revoked_at FROM api_token WHERE secret_hash = ?",
                             (digest,)).fetchone()  # fmt: skip
        if token is None or token[2] is not None:
            raise HTTPException(401)
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute(
            "SELECT id, stage, version, head_seq, head_hash FROM proposal WHERE scheme = 'SEC' "
            "AND number = ? AND alternative = ''", (number,),
        ).fetchone()  # fmt: skip
        last = conn.execute("SELECT seq, hash FROM event WHERE proposal_id = ? ORDER BY seq "
                            "DESC LIMIT 1", (row[0],)).fetchone()  # fmt: skip
        content = json.dumps({"seq": last[0] + 1, "prev": last[1], "to": "development"})
        new_hash = hashlib.sha256(content.encode()).hexdigest()
        conn.execute("UPDATE proposal SET stage = 'development', version = ?, head_seq = ?, "
                     "head_hash = ? WHERE id = ? AND version = ?",
                     (row[2] + 1, last[0] + 1, new_hash, row[0], row[2]))  # fmt: skip
        conn.execute(
            "INSERT INTO event (proposal_id, seq, kind, trigger, from_stage, to_stage, "
            "occurred_on, recorded_at, actor, payload, prev_hash, hash) VALUES "
            "(?, ?, 'transition', 'submit', 'draft', 'development', '2021-01-05', ?, ?, '{}', "
            "?, ?)",
            (row[0], last[0] + 1, time.strftime("%Y-%m-%dT%H:%M:%S"), token[0], last[1],
             new_hash),
        )  # fmt: skip
        head = conn.execute("SELECT position, hash FROM ledger ORDER BY position DESC LIMIT 1"
                            ).fetchone() or (0, "")  # fmt: skip
        entry = hashlib.sha256(f"{head[0] + 1}{number}{new_hash}{head[1]}".encode()).hexdigest()
        conn.execute("INSERT INTO ledger (position, proposal, seq, event_hash, prev_hash, hash) "
                     "VALUES (?, ?, ?, ?, ?, ?)", (head[0] + 1, f"SEC:{number}", last[0] + 1,
                                                   new_hash, head[1], entry))  # fmt: skip
        conn.execute("COMMIT")
        return {"reference": f"DP{number}", "stage": "development", "seqs": [last[0] + 1],
                "version": row[2] + 1}  # fmt: skip

    return app


# -- servers and load ---------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(kind: str, path: Path) -> Iterator[tuple[str, int]]:
    """A uvicorn server of ``kind`` (govflow or bare) over ``path`` on 127.0.0.1, stopped on
    the way out; its base URL and its process id."""
    import httpx

    port = _free_port()
    env = dict(os.environ, GOVFLOW_DB=str(path))
    command = [sys.executable, __file__, "--serve", kind, str(path), str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/openapi.json", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"the {kind} server did not start") from None
                time.sleep(0.1)
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(30)


def cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) process ``pid`` has used so far (Linux's ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _serve(kind: str, path: str, port: int) -> None:
    import uvicorn

    options = {"host": "127.0.0.1", "port": port, "log_level": "warning", "access_log": False}
    if kind == "govflow":
        uvicorn.run("govflow.web.app:app_from_environment", factory=True, **options)
    else:
        uvicorn.run(bare_app(path), **options)  # type: ignore[arg-type]


Request = tuple[str, str, dict[str, object] | None, dict[str, str]]  # method, URL, JSON, headers


def load(requests: list[Request]) -> tuple[float, list[float]]:
    """Send ``requests`` from CLIENTS threads; the requests per second and each one's latency
    in ms."""
    import httpx

    latencies: list[float] = []
    queue = list(reversed(requests))
    lock = threading.Lock()
    ready = threading.Barrier(CLIENTS + 1)  # the clock starts when every client is made
    stop = 0.0

    def worker() -> None:
        with httpx.Client(timeout=30) as client:
            ready.wait()
            while time.monotonic() < stop:
                with lock:
                    if not queue:
                        return
                    method, url, body, headers = queue.pop()
                start = clock()
                response = client.request(method, url, json=body, headers=headers)
                elapsed = (clock() - start) * 1000
                assert response.status_code == 200, response.text
                with lock:
                    latencies.append(elapsed)

    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    stop = time.monotonic() + ROUND_SECONDS
    ready.wait()  # not timed: making a client (its TLS context) costs ~30 ms of the GIL each
    start = clock()
    for t in threads:
        t.join()
    return len(latencies) / (clock() - start), latencies


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def _prepared(path: Path, count: int) -> str:
    """``count`` generated proposals in draft and a secretariat token; the token's secret."""
    remove_db(path)
    gf = govflow.open_db(path)
    populate(gf, count, stage="draft")
    secret = gf.add_token("bench", role="secretariat").secret
    gf.close()
    return secret


def warm(paths: tuple[str, str, str], auth: dict[str, str], first: int) -> None:
    """WARM pages, GETs and POSTs (these on proposals no round moves, from ``first`` + 1) sent
    to a server before its first round: what a process does once (templates compiled, modules
    imported on first use, the statement caches filled) is not in the first round's figures."""
    url, tail, page = paths
    numbers = range(first + 1, first + WARM + 1)
    load([("GET", page.format(n=n), None, {}) for n in numbers])
    load([("GET", url.format(n=n), None, {}) for n in numbers])
    load([("POST", url.format(n=n) + tail, {"trigger": "submit"}, auth) for n in numbers])


def main(scale: float = 1.0) -> bool:
    reads = max(100, int(1000 * scale))  # GETs a round
    writes = max(50, int(300 * scale))  # POSTs a round, each on a proposal of its own
    rounds = 5
    count = writes * rounds + WARM
    figures: dict[str, dict[str, list[float]]] = {}
    with scratch() as folder:
        secrets = {k: _prepared(folder / f"{k}.db", count) for k in ("govflow", "bare")}
        with server("govflow", folder / "govflow.db") as (ours, ours_pid), \
                server("bare", folder / "bare.db") as (bare, bare_pid):  # fmt: skip
            pids = {"govflow": ours_pid, "bare": bare_pid}
            paths = {"govflow": (ours + "/api/proposals/DP{n}", "/advance",
                                 ours + "/proposals/DP{n}"),
                     "bare": (bare + "/bare/proposals/{n}", "/advance",
                              bare + "/bare/pages/{n}")}  # fmt: skip
            for kind in ("govflow", "bare"):  # both warmed alike, before any round is timed
                warm(paths[kind], {"Authorization": f"Bearer {secrets[kind]}"}, writes * rounds)
            for r in range(rounds):
                order = ["govflow", "bare"] if r % 2 == 0 else ["bare", "govflow"]
                for kind in order:
                    url, tail, page = paths[kind]
                    auth = {"Authorization": f"Bearer {secrets[kind]}"}
                    pages: list[Request] = [("GET", page.format(n=n), None, {})
                                            for n in range(1, reads + 1)]  # fmt: skip
                    gets: list[Request] = [("GET", url.format(n=n), None, {})
                                           for n in range(1, reads + 1)]  # fmt: skip
                    first = r * writes + 1
                    posts: list[Request] = [
                        ("POST", url.format(n=n) + tail, {"trigger": "submit"}, auth)
                        for n in range(first, first + writes)
                    ]
                    for name, batch in (("page", pages), ("get", gets), ("post", posts)):
                        before = cpu_seconds(pids[kind])
                        rate, latencies = load(batch)
                        cpu = (cpu_seconds(pids[kind]) - before) * 1000 / len(latencies)
                        into = figures.setdefault(f"{kind} {name}", {})
                        into.setdefault("cpu", []).append(cpu)
                        into.setdefault("rate", []).append(rate)
                        into.setdefault("p50", []).append(statistics.median(latencies))
                        into.setdefault("p99", []).append(p99(latencies))
    ok = True
    judged = (("page", "a proposal's page", 0.4), ("get", "GET a proposal", 0.5),
              ("post", "POST an advance", 0.5))  # issue 29's targets  # fmt: skip
    for name, label, target in judged:
        ours_f, bare_f = figures[f"govflow {name}"], figures[f"bare {name}"]
        ok &= report_rounds(f"serve: {label} (requests/s)", ours_f["rate"], bare_f["rate"],
                            "req/s", f"ratio>= {target}", higher=True)  # fmt: skip
        for q in ("p50", "p99"):  # reported, not judged: the rate above is
            report_rounds(f"serve: {label}, {q} latency (ms)", ours_f[q], bare_f[q], "ms",
                          "ratio>= 0", higher=False)  # fmt: skip
        report_rounds(f"serve: {label}, server CPU (ms/request)", ours_f["cpu"], bare_f["cpu"],
                      "ms", "ratio>= 0", higher=False)  # fmt: skip
    return ok


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        _serve(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
