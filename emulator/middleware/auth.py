"""Bearer-token auth for API routes, the admin token for /_emulator/*, and the choice of tenant
for every request.

The bearer token (``Authorization: Bearer <token>``) always says whose tenant a request acts on,
on API and admin routes alike. When ``admin_token`` is set, admin routes (all but health) also
need ``X-Emulator-Admin-Token: <admin token>``: a separate header, so that in per-token mode an
admin call still names its tenant by its bearer token.
"""

from __future__ import annotations

import hmac

from aiohttp import web

from ..keys import CONFIG, TENANT, TENANTS
from . import ADMIN_PREFIX, Handler, is_admin
from .errors import error_response

ADMIN_TOKEN_HEADER = "X-Emulator-Admin-Token"
# Reachable without the admin token: container health checks have no credentials.
OPEN_ADMIN_PATHS = frozenset({f"{ADMIN_PREFIX}/health"})


def bearer_token(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _admin_refusal(request: web.Request, token: str | None) -> web.Response | None:
    config = request.app[CONFIG]
    if request.path in OPEN_ADMIN_PATHS:
        return None
    if config.admin_token:
        given = request.headers.get(ADMIN_TOKEN_HEADER, "")
        if not given:
            return error_response(401, f"Admin API: send the header '{ADMIN_TOKEN_HEADER}: <admin token>'",
                                  "ATLAS-401-00-001")
        if not hmac.compare_digest(given.encode(), config.admin_token.encode()):
            return error_response(403, f"Admin API: the {ADMIN_TOKEN_HEADER} header is not the admin token",
                                  "ATLAS-403-00-001")
    if config.tenancy == "per-token" and not request.app[TENANTS].accepts(token):
        return error_response(401, "per-token tenancy: send 'Authorization: Bearer <token>' to say whose "
                                   "tenant this admin call acts on", "ATLAS-401-00-001")
    return None


@web.middleware
async def auth(request: web.Request, handler: Handler) -> web.StreamResponse:
    config = request.app[CONFIG]
    token = bearer_token(request)
    if is_admin(request):
        refusal = _admin_refusal(request, token)
        if refusal is not None:
            return refusal
    else:
        if token is None:
            return error_response(
                401, "Authentication required: send 'Authorization: Bearer <api key>'", "ATLAS-401-00-001"
            )
        if config.api_keys and token not in config.api_keys:
            return error_response(401, "The API token is not valid for this tenant", "ATLAS-401-00-002")
    tenant = request.get(TENANT)
    if tenant is None:
        tenant = request.app[TENANTS].for_token(token)
    request[TENANT] = tenant
    tenant.settle()
    return await handler(request)
