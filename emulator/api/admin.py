"""/_emulator/*: the emulator's own control API (health, reset, state). Never faulted or authed
as an API route; it acts on the caller's tenant."""

from __future__ import annotations

import time

from aiohttp import web

from .. import __version__
from ..seeding.datasets import dataset_for, reset_config
from .http import ok, read_json, tenant_of


async def health(request: web.Request) -> web.Response:
    return ok({"status": "ok", "version": __version__})


async def reset(request: web.Request) -> web.Response:
    """Back to the start state (a snapshot swap); with {"seed", "assets", "dataset"} in the body,
    a new start state is built first (a regeneration, as slow as the tenant is large)."""
    tenant = tenant_of(request)
    body = await read_json(request, required=False)
    started = time.perf_counter()
    if body is not None:
        new_config = reset_config(tenant.config, body)
        if new_config != tenant.config:
            tenant.reload(dataset_for(new_config))
            tenant.config = new_config
    tenant.reset()
    return ok({"status": "reset", "entities": len(tenant.store), "ms": round((time.perf_counter() - started) * 1000, 3)})


async def get_state(request: web.Request) -> web.Response:
    return ok(tenant_of(request).export())


async def put_state(request: web.Request) -> web.Response:
    tenant = tenant_of(request)
    tenant.load(await read_json(request))
    return ok({"status": "loaded", "entities": len(tenant.store)})


def routes(prefix: str = "/_emulator") -> list[web.RouteDef]:
    return [
        web.get(f"{prefix}/health", health),
        web.post(f"{prefix}/reset", reset),
        web.get(f"{prefix}/state", get_state),
        web.put(f"{prefix}/state", put_state),
    ]
