"""A limit on the request line, as the front proxies of a real tenant have (nginx: 8 KiB by
default): past it, 414 in the API's error shape, stating the limit and the length received.

aiohttp's own parser limit is raised far above this (app.handler_args), so the emulator, not
the parser, decides, and the answer is the same whatever the tenant's runtime limit is.
"""

from __future__ import annotations

from aiohttp import web

from ..tenant import Tenant

CODE = "ATLAS-414-00-001"


def request_line_length(request: web.Request) -> int:
    version = f"HTTP/{request.version.major}.{request.version.minor}"
    return len(f"{request.method} {request.raw_path} {version}".encode("utf-8", "surrogateescape"))


def uri_limit_refusal(request: web.Request, tenant: Tenant) -> web.Response | None:
    """The 414 for a request line over the tenant's limit; None when it fits."""
    limit = tenant.settings.uri_limit
    if not limit:
        return None
    length = request_line_length(request)
    if length <= limit:
        return None
    return web.json_response(
        {
            "errorCode": CODE,
            "errorMessage": f"URI too long: the request line is {length} bytes, over the limit of {limit} "
            f"bytes; send fewer parameters per request (for example 20-50 GUIDs per bulk delete)",
            "limit": limit,
            "length": length,
        },
        status=414,
    )
