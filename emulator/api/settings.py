"""/_emulator/config: the caller's tenant's runtime settings; PATCH changes them, validated as a
whole (400 on unknown keys or bad values, and then nothing changes)."""

from __future__ import annotations

from aiohttp import web

from ..settings import apply_settings, settings_dict
from .http import ok, read_json, tenant_of


async def get_config(request: web.Request) -> web.Response:
    return ok(settings_dict(tenant_of(request).settings))


async def patch_config(request: web.Request) -> web.Response:
    return ok(apply_settings(tenant_of(request).settings, await read_json(request)))


def routes(prefix: str = "/_emulator") -> list[web.RouteDef]:
    return [
        web.get(f"{prefix}/config", get_config),
        web.patch(f"{prefix}/config", patch_config),
    ]
