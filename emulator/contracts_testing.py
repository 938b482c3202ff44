"""Helpers for test suites that run the emulator with ``check_responses`` on."""

from __future__ import annotations

from .keys import RESPONSE_VIOLATIONS, UNCOVERED_ROUTES
from .server import BackgroundServer


def take_response_violations(server: BackgroundServer | None) -> list[str]:
    """The response violations recorded since the last call (and forget them); none for a
    remote emulator (server None: it checks its own responses with --check-responses)."""
    if server is None:
        return []

    def take() -> list[str]:
        assert server.app is not None
        if RESPONSE_VIOLATIONS not in server.app:
            return []
        recorded = server.app[RESPONSE_VIOLATIONS]
        found = list(recorded)
        recorded.clear()
        return found

    return server.call(take)


def uncovered_routes(server: BackgroundServer | None) -> set[str]:
    """Routes that answered during the session but have no contract in contracts/routes.json."""
    if server is None:
        return set()

    def read() -> set[str]:
        assert server.app is not None
        if UNCOVERED_ROUTES not in server.app:
            return set()
        routes: set[str] = server.app[UNCOVERED_ROUTES]
        return set(routes)

    return server.call(read)
