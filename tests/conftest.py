"""Shared test fixtures. The emulator fixtures themselves come from the pytest plugin
(emulator.pytest_plugin, registered as a pytest11 entry point)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from emulator.config import EmulatorConfig


@pytest.fixture(scope="session")
def atlan_emulator_config() -> EmulatorConfig:
    # The suite's own tests start from an empty tenant unless they load a dataset themselves.
    # check_responses: every answer the emulator gives is checked against contracts/ (see below).
    return EmulatorConfig(port=0, api_keys=["test-key"], dataset="empty", check_responses=True)


@pytest.fixture(autouse=True)
def _responses_match_contracts(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail any test during which an in-process emulator of the session (the session server, or a
    pooled one a marker chose) gave a response that breaks its contract in contracts/: one hook
    for every test, pyatlan's traffic included. A remote emulator (--atlan-emulator-url) checks
    nothing here."""
    if "atlan_emulator_server" not in request.fixturenames:
        yield
        return
    from emulator.contracts_testing import take_response_violations

    def servers() -> list[Any]:
        found = [request.getfixturevalue("atlan_emulator_server")]
        found += list(request.getfixturevalue("_atlan_emulator_pool").values())
        return [server for server in found if server is not None]

    for server in servers():
        if not server.config.check_responses:
            pytest.fail("this suite checks every response: set check_responses=True in atlan_emulator_config",
                        pytrace=False)
        take_response_violations(server)
    yield
    found = [violation for server in servers() for violation in take_response_violations(server)]
    if found:
        pytest.fail("responses that break their contract (contracts/):\n  " + "\n  ".join(found[:20]), pytrace=False)


@pytest.fixture
def api(atlan_emulator) -> Iterator[httpx.Client]:
    """A raw HTTP client for the API, authenticated like pyatlan."""
    with httpx.Client(
        base_url=atlan_emulator.url,
        headers={"Authorization": f"Bearer {atlan_emulator.api_key}"},
        timeout=30,
    ) as client:
        yield client
