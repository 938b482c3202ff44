"""pytest fixtures: ``atlan_emulator`` (a running emulator, reset before each test) and
``atlan_client`` (a pyatlan AtlanClient pointed at it).

One server per test session, on a free port, served from its own thread; each test gets the
tenant back in its start state, which takes milliseconds. Override ``atlan_emulator_config``
in a conftest.py to change the dataset, seed, clock or deletion delay.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest

from .config import EmulatorConfig
from .controls import ClockControls, FaultControls, JournalControls
from .server import BackgroundServer
from .settings import apply_settings
from .tenant import Tenant

T = TypeVar("T")
DEFAULT_API_KEY = "emulator-test-key"


class EmulatorHandle:
    """What a test holds: the URL and key to give a client, and the emulator's controls."""

    def __init__(self, server: BackgroundServer, api_key: str) -> None:
        self.server = server
        self.api_key = api_key

    @property
    def url(self) -> str:
        return self.server.url

    def call(self, fn: Callable[[Tenant], T]) -> T:
        """Run ``fn(tenant)`` on the server's thread, where the tenant lives."""
        return self.server.call(lambda: fn(self.server.tenant))

    def reset(self) -> None:
        self.call(lambda tenant: tenant.reset())

    def configure(self, **settings: Any) -> None:
        """Change runtime settings (for example ``deletion_delay=2``) until the next reset; validated
        as PATCH /_emulator/config validates them (a bad value raises and changes nothing)."""

        def apply(tenant: Tenant) -> None:
            for key in settings:
                if not hasattr(tenant.settings, key):
                    raise AttributeError(f"unknown emulator setting {key!r}")
            apply_settings(tenant.settings, settings)

        self.call(apply)

    def advance(self, seconds: float) -> None:
        """Move the tenant's clock forward, running what falls due (virtual or real clock)."""
        self.call(lambda tenant: tenant.clock.advance(seconds))

    @property
    def faults(self) -> FaultControls:
        """Fault rules: ``.add(path=..., status=503, times=2)``, ``.get(id)``, ``.remove(id)``, ``.clear()``."""
        return FaultControls(self.call)

    @property
    def journal(self) -> JournalControls:
        """The request journal: ``.requests(method=, path=, path_regex=, status=)``, ``.clear()``."""
        return JournalControls(self.call)

    def requests(self, **filters: Any) -> list[dict[str, Any]]:
        """Journal entries, oldest first (same filters as ``journal.requests``)."""
        return self.journal.requests(**filters)

    @property
    def clock(self) -> ClockControls:
        """The tenant's clock: ``.info()``, ``.now_ms``, ``.advance(s)``, ``.use_virtual()``."""
        return ClockControls(self.call)


@pytest.fixture(scope="session")
def atlan_emulator_config() -> EmulatorConfig:
    """Override in a conftest.py to configure the session's emulator."""
    return EmulatorConfig(port=0, api_keys=[DEFAULT_API_KEY])


@pytest.fixture(scope="session")
def atlan_emulator_server(atlan_emulator_config: EmulatorConfig) -> Iterator[BackgroundServer]:
    server = BackgroundServer(atlan_emulator_config).start()
    yield server
    server.stop()


@pytest.fixture
def atlan_emulator(atlan_emulator_server: BackgroundServer, atlan_emulator_config: EmulatorConfig) -> EmulatorHandle:
    """A running emulator in its start state, for this test alone."""
    api_key = atlan_emulator_config.api_keys[0] if atlan_emulator_config.api_keys else DEFAULT_API_KEY
    handle = EmulatorHandle(atlan_emulator_server, api_key)
    handle.reset()
    return handle


@pytest.fixture
def atlan_client(atlan_emulator: EmulatorHandle) -> Any:
    """A pyatlan AtlanClient pointed at the emulator (skipped where pyatlan is not installed)."""
    client_module = pytest.importorskip("pyatlan.client.atlan", reason="atlan_client needs pyatlan installed")
    return client_module.AtlanClient(base_url=atlan_emulator.url, api_key=atlan_emulator.api_key)
