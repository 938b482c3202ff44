"""create_app(config): the middleware chain, listed once and in order, and the route tables."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .api import admin, entity, service, types, workflows
from .config import EmulatorConfig
from .keys import CONFIG, TENANTS
from .middleware.auth import auth
from .middleware.errors import errors
from .tenancy import Tenants

# Large enough that the emulator's own URI limit, not aiohttp's parser, decides what is too long.
MAX_LINE_SIZE = 1 << 20


def create_app(config: EmulatorConfig, *, dataset: dict[str, Any] | None = None) -> web.Application:
    app = web.Application(
        middlewares=[
            errors,  # outermost: every failure below becomes an API-shaped error body
            auth,  # bearer token -> tenant (admin routes: tenant only)
        ],
        client_max_size=64 * 1024 * 1024,
    )
    app[CONFIG] = config
    app[TENANTS] = Tenants(config, dataset=dataset)
    app.add_routes(entity.routes())
    app.add_routes(types.routes())
    app.add_routes(service.routes())
    app.add_routes(workflows.routes())
    app.add_routes(admin.routes())
    return app


def handler_args() -> dict[str, Any]:
    """What the HTTP parser needs for the long URIs bulk deletes make."""
    return {"max_line_size": MAX_LINE_SIZE, "max_field_size": MAX_LINE_SIZE}
