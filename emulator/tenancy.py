"""Which tenant a request acts on.

``single``: every caller shares one tenant. ``per-token``: each accepted bearer token gets its
own isolated tenant (data, clock, faults, journal: everything on Tenant), made on first use as a
copy of a template tenant built once from the configured dataset (a snapshot swap, not a reload),
up to ``max_tenants``. With ``state_file`` each tenant's state is kept in SQLite across restarts.
"""

from __future__ import annotations

import hashlib
from typing import Any

from .config import EmulatorConfig
from .errors import ApiError
from .persistence import StateFile
from .tenant import Tenant

SINGLE_KEY = "default"


class TooManyTenants(ApiError):
    status = 429
    code = "ATLAS-429-00-002"


def tenant_key(token: str) -> str:
    """A tenant's stable name for logs and the state file: never the token itself."""
    return "t-" + hashlib.sha256(token.encode("utf-8")).hexdigest()[:12]


class Tenants:
    def __init__(self, config: EmulatorConfig, dataset: dict[str, Any] | None = None) -> None:
        self.config = config
        self.per_token = config.tenancy == "per-token"
        # Single mode: the one tenant. Per-token mode: the template each new tenant is copied from,
        # and the tenant of requests without an accepted token (which auth then refuses).
        self._default = Tenant(config, dataset=dataset)
        self._by_token: dict[str, Tenant] = {}
        self._names: dict[int, str] = {id(self._default): SINGLE_KEY if not self.per_token else "-"}
        self.state = StateFile(config.state_file) if config.state_file else None
        if self.state is not None and not self.per_token:
            self.state.attach(self._default, SINGLE_KEY)

    def accepts(self, token: str | None) -> bool:
        return token is not None and (not self.config.api_keys or token in self.config.api_keys)

    def for_token(self, token: str | None) -> Tenant:
        if not self.per_token or token is None or not self.accepts(token):
            return self._default
        tenant = self._by_token.get(token)
        if tenant is None:
            tenant = self._create(token)
        return tenant

    def _create(self, token: str) -> Tenant:
        if len(self._by_token) >= self.config.max_tenants:
            raise TooManyTenants(
                f"tenant limit reached: this emulator serves at most {self.config.max_tenants} tokens "
                "(max_tenants); reuse a token or restart the emulator with a larger --max-tenants"
            )
        tenant = self._default.clone_start()
        key = tenant_key(token)
        if self.state is not None:
            self.state.attach(tenant, key)
        self._by_token[token] = tenant
        self._names[id(tenant)] = key
        return tenant

    def name_of(self, tenant: Tenant) -> str:
        """The tenant's name in logs: ``default`` (single mode) or ``t-<hash of its token>``."""
        return self._names.get(id(tenant), "-")

    def flush(self, tenant: Tenant) -> None:
        """Make the tenant's changes durable (state file) before the response is sent."""
        if self.state is not None:
            name = self.name_of(tenant)
            self.state.flush(name)

    def close(self) -> None:
        if self.state is not None:
            self.state.close()

    @property
    def count(self) -> int:
        return len(self._by_token) if self.per_token else 1

    @property
    def default(self) -> Tenant:
        return self._default
