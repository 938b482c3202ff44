"""With a state file: the caller's tenant's changes are committed before its response is sent
(one transaction per request), so every acknowledged write survives a killed process."""

from __future__ import annotations

from aiohttp import web

from ..keys import TENANT, TENANTS
from . import Handler


@web.middleware
async def persist(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    finally:
        tenant = request.get(TENANT)
        if tenant is not None:
            request.app[TENANTS].flush(tenant)
