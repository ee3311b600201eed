"""The web layer: the HTTP API, the server-rendered pages and the static site.

The pages are pure render functions over a :class:`~govflow.service.Govflow` (``render.py``,
``proposal_page.py``), used by the app's page routes (``pages/``) and by ``govflow export site``
(``site.py``) alike.
"""
