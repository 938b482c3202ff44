"""Which tenant a request acts on. In single mode every caller shares one tenant."""

from __future__ import annotations

from typing import Any

from .config import EmulatorConfig
from .tenant import Tenant


class Tenants:
    def __init__(self, config: EmulatorConfig, dataset: dict[str, Any] | None = None) -> None:
        self.config = config
        self._default = Tenant(config, dataset=dataset)

    def for_token(self, token: str | None) -> Tenant:
        return self._default

    @property
    def default(self) -> Tenant:
        return self._default
