"""/api/meta/types/*: the typedefs the tenant knows (entity types, tags, custom metadata)."""

from __future__ import annotations

from aiohttp import web

from .http import both, ok, read_json, tenant_of


async def get_typedefs(request: web.Request) -> web.Response:
    tenant = tenant_of(request)
    categories = request.query.getall("type", [])
    return ok(tenant.typedefs.all(categories or None))


async def create_typedefs(request: web.Request) -> web.Response:
    tenant = tenant_of(request)
    return ok(tenant.typedefs.create(await read_json(request)))


async def get_typedef_by_name(request: web.Request) -> web.Response:
    return ok(tenant_of(request).typedefs.by_name(request.match_info["name"]))


async def delete_typedef_by_name(request: web.Request) -> web.Response:
    tenant_of(request).typedefs.delete(request.match_info["name"])
    return ok({})


def routes(prefix: str = "/api/meta") -> list[web.RouteDef]:
    return [
        *both("GET", f"{prefix}/types/typedefs", get_typedefs),
        *both("POST", f"{prefix}/types/typedefs", create_typedefs),
        web.get(f"{prefix}/types/typedef/name/{{name}}", get_typedef_by_name),
        web.delete(f"{prefix}/types/typedef/name/{{name}}", delete_typedef_by_name),
    ]
