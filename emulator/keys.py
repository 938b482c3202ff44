"""Typed keys for what the application and each request carry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from .config import EmulatorConfig
    from .tenancy import Tenants
    from .tenant import Tenant

CONFIG: web.AppKey[EmulatorConfig] = web.AppKey("config")
TENANTS: web.AppKey[Tenants] = web.AppKey("tenants")
# Per request: the tenant the caller acts on.
TENANT: web.RequestKey[Tenant] = web.RequestKey("tenant")
