"""Fault rules and limits from the configuration are active from the first request, and a reset
returns to them (their own emulator: the session one starts without rules)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from emulator.config import EmulatorConfig
from emulator.server import BackgroundServer

WHOAMI = "/api/service/whoami"


@pytest.fixture(scope="module")
def configured() -> Iterator[httpx.Client]:
    config = EmulatorConfig(port=0, dataset="empty", uri_limit=300, journal_size=5, faults=[
        {"id": "boot", "method": "GET", "path": WHOAMI, "status": 503, "times": 1},
    ])
    server = BackgroundServer(config).start()
    try:
        with httpx.Client(base_url=server.url, headers={"Authorization": "Bearer k"}, timeout=30) as client:
            yield client
    finally:
        server.stop()


def test_start_rules_fire_and_come_back_on_reset(configured: httpx.Client) -> None:
    assert [r["id"] for r in configured.get("/_emulator/faults").json()["rules"]] == ["boot"]
    assert [configured.get(WHOAMI).status_code for _ in range(2)] == [503, 200]
    configured.delete("/_emulator/faults")
    configured.post("/_emulator/reset")
    rules = configured.get("/_emulator/faults").json()["rules"]
    assert [(r["id"], r["fired"]) for r in rules] == [("boot", 0)]
    assert configured.get(WHOAMI).status_code == 503


def test_configured_uri_limit_and_journal_size(configured: httpx.Client) -> None:
    configured.post("/_emulator/reset")
    assert configured.get("/_emulator/config").json()["uri_limit"] == 300
    assert configured.get("/api/meta/entity/guid/" + "g" * 300).json()["limit"] == 300
    for _ in range(8):
        configured.get(WHOAMI)
    assert configured.get("/_emulator/requests").json()["count"] == 5


@pytest.fixture(scope="module")
def per_token() -> Iterator[str]:
    server = BackgroundServer(EmulatorConfig(port=0, dataset="empty", tenancy="per-token")).start()
    try:
        yield server.url
    finally:
        server.stop()


def test_faults_journal_clock_and_limits_are_per_tenant(per_token: str) -> None:
    with httpx.Client(base_url=per_token, headers={"Authorization": "Bearer alice"}) as alice, \
            httpx.Client(base_url=per_token, headers={"Authorization": "Bearer bob"}) as bob:
        alice.post("/_emulator/faults", json={"path": WHOAMI, "status": 503})
        alice.patch("/_emulator/config", json={"uri_limit": 100})
        alice.put("/_emulator/clock", json={"mode": "virtual"})
        assert alice.get(WHOAMI).status_code == 503
        assert bob.get(WHOAMI).status_code == 200
        assert bob.get("/api/meta/entity/guid/" + "g" * 200).status_code == 404  # bob's limit is 8192
        assert bob.get("/_emulator/faults").json()["rules"] == []
        assert [e["status"] for e in alice.get("/_emulator/requests").json()["requests"]] == [503]
        assert [e["status"] for e in bob.get("/_emulator/requests").json()["requests"]] == [200, 404]
        assert bob.get("/_emulator/clock").json()["mode"] == "real"
