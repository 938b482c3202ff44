"""What a request must pass before its handler runs, in this order:

API routes: a matching fault rule (answers, breaks the connection, or only adds latency), the URI
limit (414), the tenant's rate limit (429), the bearer token (401), the request body's contract
(400 in strict mode). Admin routes (/_emulator/*): the admin token only.

One link rather than one middleware each: every link of aiohttp's chain costs a coroutine and a
call per request, and these checks are short; each lives in its own module.
"""

from __future__ import annotations

from aiohttp import web

from ..contracts import BODY_METHODS
from . import Handler, is_admin
from .auth import admin_refusal, api_refusal
from .contracts import check_request_body
from .faults import fault_answer, fault_decision
from .journal import caller_tenant
from .rate_limit import rate_limit_refusal
from .uri_limit import uri_limit_refusal


@web.middleware
async def admission(request: web.Request, handler: Handler) -> web.StreamResponse:
    if is_admin(request):
        refusal = admin_refusal(request)
        if refusal is not None:
            return refusal
        tenant = caller_tenant(request)
    else:
        tenant = caller_tenant(request)  # chosen by the journal, so a refused request is recorded
        decision = fault_decision(request, tenant)
        answer = await fault_answer(request, decision) if decision is not None else None
        if answer is None:
            answer = uri_limit_refusal(request, tenant) or rate_limit_refusal(tenant) or api_refusal(request)
        if answer is not None:
            return answer
    tenant.settle()
    if request.method in BODY_METHODS:
        await check_request_body(request)
    return await handler(request)
