"""Bearer-token auth for API routes, and the choice of tenant for every request."""

from __future__ import annotations

from aiohttp import web

from ..keys import CONFIG, TENANT, TENANTS
from . import Handler, is_admin
from .errors import error_response


def bearer_token(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


@web.middleware
async def auth(request: web.Request, handler: Handler) -> web.StreamResponse:
    config = request.app[CONFIG]
    token = bearer_token(request)
    if not is_admin(request):
        if token is None:
            return error_response(
                401, "Authentication required: send 'Authorization: Bearer <api key>'", "ATLAS-401-00-001"
            )
        if config.api_keys and token not in config.api_keys:
            return error_response(401, "The API token is not valid for this tenant", "ATLAS-401-00-002")
    tenant = request.app[TENANTS].for_token(token)
    request[TENANT] = tenant
    tenant.settle()
    return await handler(request)
