"""A dedicated emulator for the reliability tests: a small body limit (so 413 is cheap to reach),
a journal large enough to hold a whole load test, responses checked against contracts/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from emulator.config import EmulatorConfig
from emulator.contracts_testing import take_response_violations
from emulator.server import BackgroundServer

API_KEY = "reliability-key"
BODY_LIMIT = 256 * 1024


@pytest.fixture(scope="module")
def server() -> Iterator[BackgroundServer]:
    config = EmulatorConfig(port=0, api_keys=[API_KEY], dataset="empty", check_responses=True,
                            max_body_size=BODY_LIMIT, journal_size=20_000)
    server = BackgroundServer(config).start()
    yield server
    server.stop()


@pytest.fixture
def fresh(server: BackgroundServer) -> Iterator[BackgroundServer]:
    """The module's server with its tenant reset; fails the test on any response that broke its contract."""
    server.call(lambda: server.tenant.reset())
    take_response_violations(server)
    yield server
    found = take_response_violations(server)
    assert not found, "responses that break their contract:\n  " + "\n  ".join(found[:20])
