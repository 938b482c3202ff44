"""The one place that turns errors into HTTP responses, always in the API's error shape."""

from __future__ import annotations

import logging

from aiohttp import web

from ..errors import ApiError
from . import Handler

log = logging.getLogger("atlan_emulator")

_STATUS_CODES = {
    400: "ATLAS-400-00-029",
    401: "ATLAS-401-00-001",
    403: "ATLAS-403-00-001",
    404: "ATLAS-404-00-004",
    405: "ATLAS-405-00-001",
    413: "ATLAS-413-00-001",
    414: "ATLAS-414-00-001",
}


def error_response(status: int, message: str, code: str | None = None) -> web.Response:
    code = code or _STATUS_CODES.get(status, f"ATLAS-{status}-00-001")
    return web.json_response({"errorCode": code, "errorMessage": message}, status=status)


def render_error(request: web.Request, exc: Exception) -> web.Response | None:
    """The API-shaped response for an exception raised below; None for what is not an error
    (an HTTP redirect), which the caller re-raises."""
    if isinstance(exc, ApiError):
        return web.json_response(exc.body(), status=exc.status)
    if isinstance(exc, web.HTTPNotFound):
        return error_response(404, f"No API at {request.method} {request.path}")
    if isinstance(exc, web.HTTPMethodNotAllowed):
        return error_response(405, f"Method {request.method} is not allowed on {request.path}; allowed: "
                                   f"{', '.join(sorted(exc.allowed_methods))}")
    if isinstance(exc, web.HTTPRequestEntityTooLarge):
        return error_response(413, f"Request body too large: {exc.text}")
    if isinstance(exc, web.HTTPException):
        return error_response(exc.status, exc.reason) if exc.status >= 400 else None
    # a bug in the emulator: say so in the API's shape, and log it
    log.error("unhandled error in %s %s", request.method, request.path, exc_info=exc)
    return error_response(500, "Internal emulator error (a bug: please report it)", "ATLAS-500-00-001")


@web.middleware
async def errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except Exception as exc:
        response = render_error(request, exc)
        if response is None:
            raise
        return response
