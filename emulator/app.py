"""create_app(config): the middleware chain, listed once and in order, and the route tables."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .api import admin, apps, entity, search, service, types, workflows
from .api import clock as clock_api
from .api import contracts as contracts_api
from .api import faults as faults_api
from .api import requests as requests_api
from .api import settings as settings_api
from .config import EmulatorConfig
from .contracts import load_contracts
from .keys import ACCESS_LOG, CONFIG, CONTRACTS, RESPONSE_VIOLATIONS, TENANTS, UNCOVERED_ROUTES
from .logs import AccessLog
from .middleware.access_log import access_log
from .middleware.admission import admission
from .middleware.contracts import check_responses
from .middleware.errors import errors
from .middleware.journal import journal
from .middleware.persist import persist
from .tenancy import Tenants

# Large enough that the emulator's own URI limit, not aiohttp's parser, decides what is too long.
MAX_LINE_SIZE = 1 << 20


def create_app(
    config: EmulatorConfig, *, dataset: dict[str, Any] | None = None, access: AccessLog | None = None
) -> web.Application:
    """The emulator's application; ``access`` receives a line per request (the standalone server's)."""
    app = web.Application(
        middlewares=[
            # the test configuration only: every answer checked against contracts/
            *([check_responses] if config.check_responses else []),
            # one log line per request (method, path, status, duration, tenant), final status included
            *([access_log] if access is not None else []),
            errors,  # outermost: every failure below becomes an API-shaped error body
            # state file: the caller's tenant's changes committed before the response is sent
            *([persist] if config.state_file else []),
            journal,  # record the request (and choose the caller's tenant for the link below)
            # fault rules, URI limit (414), rate limit (429), auth (401), request body contract (400)
            admission,
        ],
        client_max_size=config.max_body_size,  # larger bodies: 413 in the API's error shape
    )
    app[CONFIG] = config
    app[TENANTS] = Tenants(config, dataset=dataset)
    if access is not None:
        app[ACCESS_LOG] = access
        app.on_cleanup.append(_flush_access_log)
    app.on_cleanup.append(_close_tenants)
    app[CONTRACTS] = load_contracts()
    app[RESPONSE_VIOLATIONS] = []
    app[UNCOVERED_ROUTES] = set()
    app.add_routes(entity.routes())
    app.add_routes(types.routes())
    app.add_routes(search.routes())
    app.add_routes(service.routes())
    app.add_routes(workflows.routes())
    app.add_routes(apps.routes())
    app.add_routes(admin.routes())
    app.add_routes(faults_api.routes())
    app.add_routes(requests_api.routes())
    app.add_routes(clock_api.routes())
    app.add_routes(settings_api.routes())
    app.add_routes(contracts_api.routes())
    return app


async def _flush_access_log(app: web.Application) -> None:
    app[ACCESS_LOG].close()  # the lines still in the buffer


async def _close_tenants(app: web.Application) -> None:
    app[TENANTS].close()  # the state file's last flush


def handler_args() -> dict[str, Any]:
    """What the HTTP parser needs for the long URIs bulk deletes make."""
    return {"max_line_size": MAX_LINE_SIZE, "max_field_size": MAX_LINE_SIZE}
