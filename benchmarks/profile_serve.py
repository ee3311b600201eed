"""Where a served request's CPU goes: cProfile and statement counts per request type.

    python benchmarks/profile_serve.py page|get|post [--requests N] [--top N] [--unplanned]

Builds the application ``govflow serve`` runs (:func:`govflow.web.app.create_app`) over a
database of generated proposals in ``draft`` (as ``bench_serve`` does), then sends it requests
in this process through its ASGI interface (no socket, no uvicorn): the thread pool's hops are
run inline so that one profiler sees the whole request, routes and dependencies alike. Prints
the statements one request runs (SQLite's trace callback: every statement, BEGIN and COMMIT
included), the CPU a request takes without the profiler (five batches: median and minimum),
then the function calls a request makes (counted by the profiler: a figure the machine's load
does not move) and the profile's top functions by cumulative and by own time (``--top 0``: no
profile).

``--unplanned``: the Govflow's kept plans are forgotten before each request, so every page
plans its proposal anew (the cost of a page whose state was not planned yet in the process;
the generated proposals are alike, so otherwise all but the first find their plan kept).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import pstats
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import remove_db, scratch
from _populate import populate
from sqlalchemy import event
from sqlalchemy.pool import Pool

import govflow

STATEMENTS: list[str] = []
Request = tuple[str, str, bytes, list[tuple[bytes, bytes]]]  # method, path, body, headers


@event.listens_for(Pool, "connect")
def _trace(dbapi_connection: Any, _record: Any) -> None:
    if hasattr(dbapi_connection, "set_trace_callback"):  # sqlite3
        dbapi_connection.set_trace_callback(STATEMENTS.append)


def _inline() -> None:
    """Run the thread pool's work inline (one thread: one profiler sees all of it)."""
    import fastapi.concurrency
    import fastapi.dependencies.utils
    import fastapi.routing
    import starlette.concurrency

    import govflow.web.deps
    import govflow.web.pages

    async def run_inline(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    for module in (fastapi.concurrency, fastapi.dependencies.utils, fastapi.routing,
                   starlette.concurrency, govflow.web.deps, govflow.web.pages):  # fmt: skip
        if hasattr(module, "run_in_threadpool"):
            module.run_in_threadpool = run_inline  # type: ignore[attr-defined]


async def call(app: Any, method: str, path: str, body: bytes, headers: list[Any]) -> int:
    """Send one request to the ASGI ``app``; its status."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "headers": headers,
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 8000)}  # fmt: skip
    sent = False
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


def requests(kind: str, secret: str) -> Callable[[int], Request]:
    """The request of ``kind`` on proposal DP{k} (a POST needs a proposal of its own)."""
    auth = [(b"authorization", f"Bearer {secret}".encode()),
            (b"content-type", b"application/json")]  # fmt: skip
    body = json.dumps({"trigger": "submit"}).encode()
    paths = {"page": "/proposals/DP{k}", "get": "/api/proposals/DP{k}"}
    if kind == "post":
        return lambda k: ("POST", f"/api/proposals/DP{k}/advance", body, auth)
    return lambda k: ("GET", paths[kind].format(k=k), b"", [])


async def measure(
    run: Callable[[int, int], Awaitable[None]], n: int, kind: str, top: int, dump: str = ""
) -> None:
    await run(2 * n + 6, 5)  # warm: the first request of each kind
    STATEMENTS.clear()
    await run(1, 1)
    print(f"statements of one {kind} request ({len(STATEMENTS)}):")
    for s in STATEMENTS:
        print("   ", " ".join(s.split())[:150])
    batch, cpus = (n - 1) // 5, []
    for b in range(5):
        start = time.process_time()
        await run(n + 6 + b * batch, batch)
        cpus.append((time.process_time() - start) * 1000 / batch)
    print(f"\nCPU a request (no profiler, no socket): median {statistics.median(cpus):.3f} ms, "
          f"minimum {min(cpus):.3f} ({batch} requests, 5 batches)")  # fmt: skip
    if top == 0:
        return
    profiler = cProfile.Profile()
    profiler.enable()
    await run(2, n - 1)
    profiler.disable()
    stats = pstats.Stats(profiler)
    if dump:
        stats.dump_stats(dump)
    print(f"Python function calls a request: {stats.total_calls / (n - 1):,.0f}")  # type: ignore[attr-defined]
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(top)
        print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("page", "get", "post"))
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--unplanned", action="store_true")
    parser.add_argument("--dump", default="", help="write the profile (pstats) to this file")
    args = parser.parse_args()
    _inline()
    from govflow.web.app import WebConfig, create_app

    n = args.requests
    with scratch() as folder:
        path = folder / "serve.db"
        remove_db(path)
        gf = govflow.open_db(path)
        populate(gf, 3 * n + 10, stage="draft")
        secret = gf.add_token("bench", role="secretariat").secret
        gf.close()
        app = create_app(WebConfig(database=str(path), create=False))
        request = requests(args.kind, secret)
        kept = app.state.govflow._parts.plans._made  # the plans a Govflow keeps

        async def run(first: int, count: int) -> None:
            for k in range(first, first + count):
                if args.unplanned:
                    kept.clear()
                status = await call(app, *request(k))
                assert status == 200, (k, status)

        async def session() -> None:
            async with app.router.lifespan_context(app):
                await measure(run, n, args.kind, args.top, args.dump)

        asyncio.run(session())


if __name__ == "__main__":
    main()
