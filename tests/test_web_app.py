"""The application mounts its routers' routes itself (``govflow.web.app.ROUTERS``), rather than
including the routers: what ``include_router`` would add besides the routes must not exist."""

from __future__ import annotations

from starlette.routing import BaseRoute

from govflow.web.app import ROUTERS
from tests.conftest import Api


def test_every_route_of_every_router_is_mounted_once_in_order(api: Api) -> None:
    mounted: list[BaseRoute] = api.client.app.router.routes  # type: ignore[attr-defined]
    expected = [route for router in ROUTERS for route in router.routes]
    assert [r for r in mounted if r in expected] == expected


def test_no_router_has_what_only_include_router_would_give_the_app() -> None:
    for router in ROUTERS:
        assert not router.on_startup and not router.on_shutdown, router.prefix
        assert not router.dependencies, router.prefix  # a route holds its router's already
