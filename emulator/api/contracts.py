"""/_emulator/openapi.json: the API as an OpenAPI 3.1 document, built from contracts/ for the
routes this app actually serves."""

from __future__ import annotations

from aiohttp import web

from .. import __version__
from ..keys import CONTRACTS
from .http import ok


async def openapi(request: web.Request) -> web.Response:
    served = [
        (route.method, route.resource.canonical)
        for route in request.app.router.routes()
        if route.resource is not None and route.method != "HEAD"
    ]
    return ok(request.app[CONTRACTS].openapi(served, version=__version__))


def routes(prefix: str = "/_emulator") -> list[web.RouteDef]:
    return [web.get(f"{prefix}/openapi.json", openapi)]
