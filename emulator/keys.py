"""Typed keys for what the application and each request carry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from .config import EmulatorConfig
    from .contracts import ContractSet, Violation
    from .logs import AccessLog
    from .tenancy import Tenants
    from .tenant import Tenant

CONFIG: web.AppKey[EmulatorConfig] = web.AppKey("config")
TENANTS: web.AppKey[Tenants] = web.AppKey("tenants")
ACCESS_LOG: web.AppKey[AccessLog] = web.AppKey("access_log")
# Per request: the tenant the caller acts on.
TENANT: web.RequestKey[Tenant] = web.RequestKey("tenant")
# Contracts: the compiled schemas; what the response check found (test configuration only).
CONTRACTS: web.AppKey[ContractSet] = web.AppKey("contracts")
RESPONSE_VIOLATIONS: web.AppKey[list[str]] = web.AppKey("response_violations")
UNCOVERED_ROUTES: web.AppKey[set[str]] = web.AppKey("uncovered_routes")
# Per request: the parsed JSON body (parsed once, by contract validation) and warn-mode findings.
JSON_BODY: web.RequestKey[Any] = web.RequestKey("json_body")
CONTRACT_VIOLATIONS: web.RequestKey[list[Violation]] = web.RequestKey("contract_violations")
