"""``/docs``: the OpenAPI document browsed with Swagger UI, served from this server alone.

Swagger UI's script, stylesheet and icon come from the ``fastapi-offline`` package (part of the
``web`` extra), which ships them; the page that starts it is a file here (``apidocs/``), so no
inline script is needed and no request leaves the server: ``/docs`` works on a machine without
internet. ReDoc is not served (one browser of the document is enough).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse

router = APIRouter(include_in_schema=False)

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>govflow API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="docs/swagger-ui.css">
<link rel="icon" type="image/png" href="docs/favicon.png"></head>
<body><div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/init.js"></script>
</body></html>
"""
_CACHE = {"Cache-Control": "public, max-age=86400"}


def _shipped(name: str) -> Path:
    """A file of Swagger UI as the ``fastapi_offline`` package ships it."""
    return Path(str(resources.files("fastapi_offline") / "static" / name))


_ASSETS = {
    "swagger-ui-bundle.js": (_shipped("swagger-ui-bundle.js"), "text/javascript"),
    "swagger-ui.css": (_shipped("swagger-ui.css"), "text/css"),
    "favicon.png": (_shipped("favicon.png"), "image/png"),
    "init.js": (Path(__file__).parent / "apidocs" / "init.js", "text/javascript"),
}


@router.get("/docs")
def docs_page() -> HTMLResponse:
    return HTMLResponse(_PAGE)


def _asset_route(name: str, path: Path, media: str) -> None:
    def asset() -> FileResponse:
        return FileResponse(path, media_type=media, headers=_CACHE)

    router.add_api_route(f"/docs/{name}", asset, methods=["GET"], name=f"docs-{name}")


for _name, (_path, _media) in _ASSETS.items():
    _asset_route(_name, _path, _media)
