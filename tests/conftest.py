"""Shared test fixtures. The emulator fixtures themselves come from the pytest plugin
(emulator.pytest_plugin, registered as a pytest11 entry point)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from emulator.config import EmulatorConfig


@pytest.fixture(scope="session")
def atlan_emulator_config() -> EmulatorConfig:
    # The suite's own tests start from an empty tenant unless they load a dataset themselves.
    return EmulatorConfig(port=0, api_keys=["test-key"], dataset="empty")


@pytest.fixture
def api(atlan_emulator) -> Iterator[httpx.Client]:
    """A raw HTTP client for the API, authenticated like pyatlan."""
    with httpx.Client(
        base_url=atlan_emulator.url,
        headers={"Authorization": f"Bearer {atlan_emulator.api_key}"},
        timeout=30,
    ) as client:
        yield client
