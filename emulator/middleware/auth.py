"""Bearer-token auth for API routes and the admin token for /_emulator/*.

The bearer token (``Authorization: Bearer <token>``) always says whose tenant a request acts on,
on API and admin routes alike. When ``admin_token`` is set, admin routes (all but health) also
need ``X-Emulator-Admin-Token: <admin token>``: a separate header, so that in per-token mode an
admin call still names its tenant by its bearer token.
"""

from __future__ import annotations

import hmac

from aiohttp import web

from ..keys import CONFIG, TENANTS
from . import ADMIN_PREFIX
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


def admin_refusal(request: web.Request) -> web.Response | None:
    """The 401/403 for an admin call without the admin token (or, per-token, without a bearer
    token naming its tenant); None to go on."""
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
    if config.tenancy == "per-token" and not request.app[TENANTS].accepts(bearer_token(request)):
        return error_response(401, "per-token tenancy: send 'Authorization: Bearer <token>' to say whose "
                                   "tenant this admin call acts on", "ATLAS-401-00-001")
    return None


def api_refusal(request: web.Request) -> web.Response | None:
    """The 401 for an API request without an accepted bearer token; None to go on."""
    token = bearer_token(request)
    if token is None:
        return error_response(
            401, "Authentication required: send 'Authorization: Bearer <api key>'", "ATLAS-401-00-001"
        )
    api_keys = request.app[CONFIG].api_keys
    if api_keys and token not in api_keys:
        return error_response(401, "The API token is not valid for this tenant", "ATLAS-401-00-002")
    return None
