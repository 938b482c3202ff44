"""/_emulator/requests: the caller's tenant's request journal, filtered; and clearing it."""

from __future__ import annotations

from aiohttp import web

from .http import int_param, ok, tenant_of


async def list_requests(request: web.Request) -> web.Response:
    query = request.query
    limit = int_param(request, "limit", 0, minimum=0)
    journal = tenant_of(request).journal
    found = journal.find(
        method=query.get("method") or None,
        path=query.get("path") or None,
        path_regex=query.get("path_regex") or None,
        status=query.get("status") or None,
        limit=limit or None,
    )
    return ok({"count": len(found), "size": journal.size, "requests": [entry.to_dict() for entry in found]})


async def clear_requests(request: web.Request) -> web.Response:
    return ok({"removed": tenant_of(request).journal.clear()})


def routes(prefix: str = "/_emulator") -> list[web.RouteDef]:
    return [
        web.get(f"{prefix}/requests", list_requests),
        web.delete(f"{prefix}/requests", clear_requests),
    ]
