"""Record every API request in the caller's tenant journal: method, path, query, headers, body,
status, the response body, and duration (including any latency a fault rule added). Admin calls
are not recorded. Errors raised below are rendered here (by errors.render_error, the one renderer),
so the journal holds the answer the client got.

The journal is the first link after ``errors``, so it also chooses the caller's tenant for the
links after it (faults, URI limit, rate limit); ``auth`` checks the token afterwards.
"""

from __future__ import annotations

import asyncio
import time

from aiohttp import web

from ..journal import JournalEntry
from ..keys import TENANT, TENANTS
from ..tenant import Tenant
from . import Handler, is_admin
from .auth import bearer_token
from .errors import render_error

# The request's journal entry, so later links can note on it what they did (a fault that fired).
JOURNAL_ENTRY: web.RequestKey[JournalEntry] = web.RequestKey("journal_entry")


def note_fault(request: web.Request, rule_id: str, action: str | None) -> None:
    """Mark the request's journal entry with the fault rule that fired on it."""
    entry = request.get(JOURNAL_ENTRY)
    if entry is not None:
        entry.fault = {"id": rule_id, "action": action}


def caller_tenant(request: web.Request) -> Tenant:
    """The tenant this request acts on, chosen once per request."""
    tenant = request.get(TENANT)
    if tenant is None:
        tenant = request.app[TENANTS].for_token(bearer_token(request))
        request[TENANT] = tenant
    return tenant


@web.middleware
async def journal(request: web.Request, handler: Handler) -> web.StreamResponse:
    if is_admin(request):
        return await handler(request)
    tenant = caller_tenant(request)
    started = time.perf_counter()
    entry = tenant.journal.open(
        time_ms=time.time() * 1000.0,
        method=request.method,
        path=request.path,
        query=request.query.items(),
        headers=request.headers.items(),
    )
    request[JOURNAL_ENTRY] = entry
    try:
        try:
            if request.body_exists:
                entry.keep_body(await request.read())  # aiohttp caches it for the handler
            response = await handler(request)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # rendered here, by the one renderer, so the journal sees the answer
            rendered = render_error(request, exc)
            if rendered is None:
                entry.status = getattr(exc, "status", None)  # a redirect, raised on as aiohttp wants
                raise
            response = rendered
        entry.status = response.status
        if isinstance(response, web.Response) and isinstance(response.body, bytes | bytearray):
            entry.keep_response(bytes(response.body))
        return response
    finally:
        if entry.fault is not None and entry.fault.get("action"):
            entry.status = None  # the client got a broken connection, not an HTTP status
        entry.duration_ms = (time.perf_counter() - started) * 1000.0
