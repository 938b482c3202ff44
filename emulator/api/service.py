"""/api/service/*: the Heracles calls pyatlan makes on its own (users, groups, roles, whoami)."""

from __future__ import annotations

from aiohttp import web

from ..directory import page
from .http import int_param, ok, tenant_of


async def whoami(request: web.Request) -> web.Response:
    tenant = tenant_of(request)
    return ok(tenant.directory.whoami(api_token_user=tenant.settings.api_token_user))


async def current_user(request: web.Request) -> web.Response:
    return ok(tenant_of(request).directory.current_user())


async def list_users(request: web.Request) -> web.Response:
    return _listing(request, tenant_of(request).directory.users, default_limit=20)


async def list_groups(request: web.Request) -> web.Response:
    return _listing(request, tenant_of(request).directory.groups, default_limit=20)


async def list_roles(request: web.Request) -> web.Response:
    return _listing(request, tenant_of(request).directory.roles, default_limit=100)


async def list_api_keys(request: web.Request) -> web.Response:
    return _listing(request, [], default_limit=20)


def _listing(request: web.Request, records: list, *, default_limit: int) -> web.Response:
    return ok(
        page(
            records,
            offset=int_param(request, "offset", 0),
            limit=int_param(request, "limit", default_limit),
            filter_text=request.query.get("filter"),
            sort=request.query.get("sort"),
        )
    )


def routes(prefix: str = "/api/service") -> list[web.RouteDef]:
    return [
        web.get(f"{prefix}/whoami", whoami),
        web.get(f"{prefix}/users/current", current_user),
        web.get(f"{prefix}/users", list_users),
        web.get(f"{prefix}/v2/groups", list_groups),
        web.get(f"{prefix}/groups", list_groups),
        web.get(f"{prefix}/roles", list_roles),
        web.get(f"{prefix}/apikeys", list_api_keys),
    ]
