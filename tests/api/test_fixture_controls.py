"""The pytest handle's controls (.faults, .journal, .requests, .clock, .configure) act on the same
tenant the HTTP admin routes show."""

from __future__ import annotations

import httpx
import pytest

from emulator.errors import BadRequest, NotFound

WHOAMI = "/api/service/whoami"


def test_fault_controls(atlan_emulator, api: httpx.Client) -> None:
    rule = atlan_emulator.faults.add({"path": WHOAMI}, status=418, times=1)
    assert api.get("/_emulator/faults").json()["rules"][0]["id"] == rule["id"]
    assert api.get(WHOAMI).status_code == 418
    assert atlan_emulator.faults.get(rule["id"])["fired"] == 1
    assert [r["id"] for r in atlan_emulator.faults.list()] == [rule["id"]]
    assert atlan_emulator.faults.remove(rule["id"])["id"] == rule["id"]
    with pytest.raises(NotFound):
        atlan_emulator.faults.remove(rule["id"])
    with pytest.raises(BadRequest):
        atlan_emulator.faults.add(status="nope")
    atlan_emulator.faults.add(status=500)
    assert atlan_emulator.faults.clear() == 1 and api.get(WHOAMI).status_code == 200


def test_journal_controls(atlan_emulator, api: httpx.Client) -> None:
    api.get(WHOAMI)
    api.get("/api/meta/entity/guid/missing")
    assert [e["status"] for e in atlan_emulator.requests()] == [200, 404]
    assert atlan_emulator.journal.requests(status=404)[0]["path"] == "/api/meta/entity/guid/missing"
    assert atlan_emulator.journal.clear() == 2 and atlan_emulator.requests() == []


def test_clock_controls(atlan_emulator, api: httpx.Client) -> None:
    atlan_emulator.clock.use_virtual()
    info = atlan_emulator.clock.info()
    assert info["mode"] == "virtual" and atlan_emulator.clock.virtual
    assert atlan_emulator.clock.advance(90) == 0
    assert atlan_emulator.clock.now_ms == info["now"] + 90_000
    assert api.get("/_emulator/clock").json()["now"] == info["now"] + 90_000
    atlan_emulator.clock.use_real()
    assert api.get("/_emulator/clock").json()["mode"] == "real"


def test_configure_validates_like_patch(atlan_emulator, api: httpx.Client) -> None:
    atlan_emulator.configure(uri_limit=4096, deletion_delay=1)
    assert api.get("/_emulator/config").json()["uri_limit"] == 4096
    with pytest.raises(BadRequest):
        atlan_emulator.configure(uri_limit=-1)
    with pytest.raises(AttributeError):
        atlan_emulator.configure(no_such_setting=1)
    assert api.get("/_emulator/config").json()["uri_limit"] == 4096
