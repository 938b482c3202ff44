"""The pytest plugin's ergonomics: the atlan_emulator marker (dataset, clock, deletion delay, fault
rules, settings), a reset between tests, the async aiohttp fixture, and a client on plain urllib."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import httpx
import pytest

BULK = "/api/meta/entity/bulk"


def _table(name: str) -> dict[str, Any]:
    return {"entities": [{"typeName": "Table", "attributes": {
        "qualifiedName": f"default/snowflake/1/db/schema/{name}", "name": name}}]}


def _count(atlan_emulator: Any) -> int:
    return int(atlan_emulator.call(lambda tenant: len(tenant.store)))


@pytest.mark.atlan_emulator(dataset="docs", assets=0)
def test_marker_picks_a_dataset(atlan_emulator: Any, api: httpx.Client) -> None:
    assert _count(atlan_emulator) == 64  # the docs' own dataset, without generated assets
    r = api.get("/api/meta/entity/uniqueAttribute/type/AtlasGlossary",
                params={"attr:qualifiedName": "hUn7pB3kQmW9xZr2TsYcE"})
    assert r.status_code == 200, r.text


@pytest.mark.atlan_emulator(dataset="docs", assets=0)
def test_a_dataset_server_is_reset_between_tests(atlan_emulator: Any, api: httpx.Client) -> None:
    assert api.post(BULK, json=_table("extra")).status_code == 200
    assert _count(atlan_emulator) == 65


@pytest.mark.atlan_emulator(dataset="docs", assets=0)
def test_and_starts_again_from_its_dataset(atlan_emulator: Any) -> None:
    assert _count(atlan_emulator) == 64


def test_without_marker_the_session_dataset(atlan_emulator: Any) -> None:
    assert _count(atlan_emulator) == 0  # tests/conftest.py: dataset "empty"


@pytest.mark.atlan_emulator(deletion_delay=2, clock="virtual")
def test_marker_sets_deletion_delay_on_a_virtual_clock(atlan_emulator: Any, api: httpx.Client) -> None:
    assert atlan_emulator.clock.virtual
    guid = api.post(BULK, json=_table("slow")).json()["mutatedEntities"]["CREATE"][0]["guid"]
    assert api.delete(BULK, params={"guid": guid, "deleteType": "PURGE"}).status_code == 200
    assert api.get(f"/api/meta/entity/guid/{guid}").status_code == 200  # not yet: 2 s to go
    atlan_emulator.advance(2)
    assert api.get(f"/api/meta/entity/guid/{guid}").status_code == 404


def test_settings_are_back_to_the_config_after_a_marked_test(atlan_emulator: Any) -> None:
    assert not atlan_emulator.clock.virtual
    assert atlan_emulator.call(lambda tenant: tenant.settings.deletion_delay) == 0


@pytest.mark.atlan_emulator(faults=[{"path": BULK, "method": "POST", "status": 503, "times": 1}])
def test_marker_installs_fault_rules(atlan_emulator: Any, api: httpx.Client) -> None:
    assert api.post(BULK, json=_table("f")).status_code == 503
    assert api.post(BULK, json=_table("f")).status_code == 200
    assert [rule["fired"] for rule in atlan_emulator.faults.list()] == [1]


async def test_async_fixture_for_aiohttp_clients(atlan_emulator_aiohttp: Any) -> None:
    async with atlan_emulator_aiohttp.post(BULK, json=_table("async")) as response:
        assert response.status == 200
        created = (await response.json())["mutatedEntities"]["CREATE"][0]
    async with atlan_emulator_aiohttp.get(f"/api/meta/entity/guid/{created['guid']}") as response:
        assert (await response.json())["entity"]["attributes"]["name"] == "async"


async def test_httpx_async_client_with_the_handle(atlan_emulator: Any) -> None:
    headers = {"Authorization": f"Bearer {atlan_emulator.api_key}"}
    async with httpx.AsyncClient(base_url=atlan_emulator.url, headers=headers) as client:
        r = await client.post(BULK, json=_table("httpx-async"))
    assert r.status_code == 200
    assert _count(atlan_emulator) == 1


def test_a_project_with_a_plain_http_client(atlan_emulator: Any) -> None:
    """What a project on ``requests`` does (requests is not installed here: urllib is the same idea):
    only ``atlan_emulator.url`` and ``atlan_emulator.api_key`` are needed."""
    request = urllib.request.Request(
        f"{atlan_emulator.url}{BULK}", data=json.dumps(_table("plain")).encode(), method="POST",
        headers={"Authorization": f"Bearer {atlan_emulator.api_key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        assert json.loads(response.read())["mutatedEntities"]["CREATE"][0]["typeName"] == "Table"
    assert _count(atlan_emulator) == 1
