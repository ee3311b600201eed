"""Every proposal page of a few databases, written to a folder: to compare two trees' pages.

    python benchmarks/page_html.py OUT DATABASES

Builds, in the folder DATABASES (when they are not there yet), the demo database
(:func:`govflow.demo.build`: proposals in several stages, an alternative with votes, releases,
a route set, meetings, deadlines open and closed) and three of ``bench_serve``'s generated
drafts (four events each), then sends ``GET /proposals/<reference>`` for every proposal and
solution (and every meeting's page, the register, the meetings, what is due, the portfolio, a
search, the sign-in form, a page not found, and each proposal's JSON) to the application
``govflow serve`` runs, and writes each answer's status, headers and body to
``OUT/<database>/<path>.html`` (the footer's time of making left out: it is the only part that
moves). Run it from two trees over the same DATABASES (one tree through ``PYTHONPATH``) and
compare: ``diff -r OUT_A OUT_B`` (the pages hold today's working days: run both on one day).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _populate import populate

import govflow
from govflow import demo

_MADE = re.compile(r" on \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z from the audit record")


def _write(db: Path, out: Path) -> int:
    from fastapi.testclient import TestClient

    from govflow.web.app import WebConfig, create_app

    out.mkdir(parents=True, exist_ok=True)
    with govflow.open_db(db) as gf:
        references = [r for p in gf.proposals() for r in (p.reference, *p.solutions)]
        meetings = [m.code for m in gf.meetings()]
    paths = [f"/proposals/{r}" for r in dict.fromkeys(references)]
    paths += [f"/api/proposals/{r}" for r in dict.fromkeys(references)]
    paths += [f"/meetings/{code}" for code in meetings]
    paths += ["/", "/meetings", "/due", "/portfolio", "/search?q=fictional", "/login",
              "/proposals/MP969"]  # fmt: skip
    app = create_app(WebConfig(database=str(db), create=False))
    with TestClient(app) as client:
        for path in paths:
            answer = client.get(path)
            head = "".join(f"{k}: {v}" + chr(10) for k, v in sorted(answer.headers.items()))
            body = _MADE.sub(" from the audit record", answer.text)
            name = path.strip("/").replace("/", "_").replace(" ", "_").replace("?", "_")
            (out / f"{name or 'index'}.html").write_text(f"{answer.status_code}" + chr(10) + head
                                                          + chr(10) + body)  # fmt: skip
    return len(paths)


def main(out: Path, folder: Path) -> None:
    """Write the pages into ``out``, of the databases in ``folder`` (built there when missing:
    give two trees the same folder, so that their pages hold the same recording times)."""
    folder.mkdir(parents=True, exist_ok=True)
    made, drafts = folder / "demo.db", folder / "drafts.db"
    if not made.exists():
        with govflow.open_db(made) as gf:
            demo.build(gf)
    if not drafts.exists():
        with govflow.open_db(drafts) as gf:
            populate(gf, 3, stage="draft", events_each=4)
    for name, db in (("demo", made), ("drafts", drafts)):
        print(f"{name}: {_write(db, out / name)} pages")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
