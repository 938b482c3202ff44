"""A limit on the request line, as the front proxies of a real tenant have (nginx: 8 KiB by
default): past it, 414 in the API's error shape, stating the limit and the length received.

aiohttp's own parser limit is raised far above this (app.handler_args), so the emulator, not
the parser, decides, and the answer is the same whatever the tenant's runtime limit is.
"""

from __future__ import annotations

from aiohttp import web

from . import Handler, is_admin
from .journal import caller_tenant

CODE = "ATLAS-414-00-001"


def request_line_length(request: web.Request) -> int:
    version = f"HTTP/{request.version.major}.{request.version.minor}"
    return len(f"{request.method} {request.raw_path} {version}".encode("utf-8", "surrogateescape"))


@web.middleware
async def uri_limit(request: web.Request, handler: Handler) -> web.StreamResponse:
    if is_admin(request):
        return await handler(request)
    limit = caller_tenant(request).settings.uri_limit
    length = request_line_length(request)
    if limit and length > limit:
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
    return await handler(request)
