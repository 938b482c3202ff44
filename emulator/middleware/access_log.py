"""One log line per request: method, path, status, duration and tenant (never its token).

The line goes to the app's AccessLog (emulator/logs.py), which formats it as text or JSON and
writes lines in batches; an app without one (the pytest fixtures) has no such link at all.
"""

from __future__ import annotations

import asyncio
import time

from aiohttp import web

from ..keys import ACCESS_LOG, TENANT, TENANTS
from . import Handler


@web.middleware
async def access_log(request: web.Request, handler: Handler) -> web.StreamResponse:
    started = time.perf_counter()
    status: int | None = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    except (asyncio.CancelledError, ConnectionError):
        status = None  # the connection went away (or a fault rule broke it)
        raise
    finally:
        tenant = request.get(TENANT)
        request.app[ACCESS_LOG].write(
            request.method,
            request.path,
            status,
            (time.perf_counter() - started) * 1000.0,
            request.app[TENANTS].name_of(tenant) if tenant is not None else "-",
        )
