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


@web.middleware
async def errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as exc:
        return web.json_response(exc.body(), status=exc.status)
    except web.HTTPNotFound:
        return error_response(404, f"No API at {request.method} {request.path}")
    except web.HTTPMethodNotAllowed as exc:
        return error_response(405, f"Method {request.method} is not allowed on {request.path}; allowed: "
                                   f"{', '.join(sorted(exc.allowed_methods))}")
    except web.HTTPRequestEntityTooLarge as exc:
        return error_response(413, f"Request body too large: {exc.text}")
    except web.HTTPException as exc:
        if exc.status >= 400:
            return error_response(exc.status, exc.reason)
        raise
    except Exception:  # a bug in the emulator: say so in the API's shape, and log it
        log.exception("unhandled error in %s %s", request.method, request.path)
        return error_response(500, "Internal emulator error (a bug: please report it)", "ATLAS-500-00-001")
