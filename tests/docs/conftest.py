"""The seed documents' examples run against the default ``docs`` dataset (with its small
generated tenant), on a server of their own so the rest of the suite keeps its empty tenant."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from emulator.config import EmulatorConfig
from emulator.server import BackgroundServer

API_KEY = "docs-key"


@pytest.fixture(scope="session")
def atlan_emulator_config() -> EmulatorConfig:
    return EmulatorConfig(port=0, api_keys=[API_KEY], dataset="docs", clock="virtual", check_responses=True)


@pytest.fixture(scope="session")
def atlan_emulator_server(atlan_emulator_config: EmulatorConfig) -> Iterator[BackgroundServer]:
    # Overridden too: a session-scoped server is cached once per definition, so the suite's
    # empty-tenant server would otherwise be reused here.
    server = BackgroundServer(atlan_emulator_config).start()
    yield server
    server.stop()


@pytest.fixture
def sdk_env(atlan_emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    """The snippets call ``AtlanClient()`` with no arguments: it reads these variables."""
    monkeypatch.setenv("ATLAN_BASE_URL", atlan_emulator.url)
    monkeypatch.setenv("ATLAN_API_KEY", atlan_emulator.api_key)


@pytest.fixture
def api(atlan_emulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=atlan_emulator.url, headers={"Authorization": f"Bearer {atlan_emulator.api_key}"},
                      timeout=30) as client:
        yield client
