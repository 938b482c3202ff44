"""/_emulator/faults: add, list, inspect and remove the caller's tenant's fault rules."""

from __future__ import annotations

from aiohttp import web

from .http import ok, read_json, tenant_of


async def add_fault(request: web.Request) -> web.Response:
    """One rule (an object) or several (an array, all-or-nothing); 201 with what was added."""
    book = tenant_of(request).faults
    raw = await read_json(request)
    if isinstance(raw, list):
        added = []
        try:
            for item in raw:
                added.append(book.add(item))
        except Exception:
            for rule in added:
                book.remove(rule.id)
            raise
        return web.json_response({"rules": [rule.to_dict() for rule in added]}, status=201)
    return web.json_response(book.add(raw).to_dict(), status=201)


async def list_faults(request: web.Request) -> web.Response:
    return ok({"rules": [rule.to_dict() for rule in tenant_of(request).faults]})


async def get_fault(request: web.Request) -> web.Response:
    return ok(tenant_of(request).faults.get(request.match_info["id"]).to_dict())


async def remove_fault(request: web.Request) -> web.Response:
    rule = tenant_of(request).faults.remove(request.match_info["id"])
    return ok({"removed": rule.id, "rule": rule.to_dict()})


async def clear_faults(request: web.Request) -> web.Response:
    return ok({"removed": tenant_of(request).faults.clear()})


def routes(prefix: str = "/_emulator") -> list[web.RouteDef]:
    return [
        web.post(f"{prefix}/faults", add_fault),
        web.get(f"{prefix}/faults", list_faults),
        web.delete(f"{prefix}/faults", clear_faults),
        web.get(f"{prefix}/faults/{{id}}", get_fault),
        web.delete(f"{prefix}/faults/{{id}}", remove_fault),
    ]
