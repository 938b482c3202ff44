"""One log line per request: method, path, status, duration and tenant (never its token).

The line is a ``logging`` record on ``atlan_emulator.access`` carrying its fields in
``record.access``; emulator/logs.py formats it as text or JSON.
"""

from __future__ import annotations

import asyncio
import logging
import time

from aiohttp import web

from ..keys import TENANT, TENANTS
from . import Handler

log = logging.getLogger("atlan_emulator.access")


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
        fields = {
            "method": request.method,
            "path": request.path,
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000.0, 2),
            "tenant": request.app[TENANTS].name_of(tenant) if tenant is not None else "-",
        }
        log.info("%(method)s %(path)s %(status)s %(duration_ms).2fms tenant=%(tenant)s", fields,
                 extra={"access": fields})
