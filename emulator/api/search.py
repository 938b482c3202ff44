"""/api/meta/search/indexsearch: the tenant's asset search (all the work is in emulator/search)."""

from __future__ import annotations

from aiohttp import web

from .http import both, ok, read_json, tenant_of


async def index_search(request: web.Request) -> web.Response:
    body = await read_json(request)
    return ok(tenant_of(request).search.search(body))


def routes(prefix: str = "/api/meta") -> list[web.RouteDef]:
    return [*both("POST", f"{prefix}/search/indexsearch", index_search)]
