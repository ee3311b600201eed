"""``govflow serve``: a JSON API over the Python API (and, alongside it, the web pages).

The layer above :mod:`govflow.service`: FastAPI, uvicorn and Jinja2 are imported here and
nowhere else, and nothing imports ``govflow.web`` but the CLI (lazily, so that ``govflow`` works
without the ``web`` extra). :mod:`govflow.web.app` builds the application,
:mod:`govflow.web.deps` holds what every route depends on (the database, the caller and their
role), :mod:`govflow.web.serve` runs it with uvicorn. ``docs/serve.md`` tells the API.

The pages are pure render functions over a :class:`~govflow.service.Govflow` (``render.py``,
``proposal_page.py``), used by the app's page routes (``pages/``) and by ``govflow export site``
(``site.py``) alike; ``docs/web.md`` tells them.
"""
