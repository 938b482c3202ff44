"""GET /api/service/v1/apps/{app_id}[/inputs]: the apps the emulator knows are described; any
other id is a 404 in the API's error shape (pyatlan raises NotFoundError), not a made-up app."""

from __future__ import annotations

import httpx
import pytest

from emulator.workflows.apps import KNOWN_APPS

APPS = "/api/service/v1/apps"


@pytest.mark.parametrize("app_id", ["no-such-app", "Snowflake-Miner", "connection-delete-x", "%20", "a" * 300])
@pytest.mark.parametrize("suffix", ["", "/inputs"])
def test_an_unknown_app_is_a_404_in_the_api_error_shape(api: httpx.Client, app_id: str, suffix: str) -> None:
    response = api.get(f"{APPS}/{app_id}{suffix}")
    assert response.status_code == 404, response.text
    error = response.json()
    assert error["errorCode"].startswith("ATLAS-404-")
    assert "not found" in error["errorMessage"]


def test_the_message_names_the_app(api: httpx.Client) -> None:
    assert "'no-such-app'" in api.get(f"{APPS}/no-such-app").json()["errorMessage"]


@pytest.mark.parametrize("app_id", sorted(KNOWN_APPS))
def test_every_known_app_is_described_with_its_contract(api: httpx.Client, app_id: str) -> None:
    info = api.get(f"{APPS}/{app_id}")
    assert info.status_code == 200, info.text
    assert info.json()["app_id"] == app_id and info.json()["native_ready"] is True
    contract = api.get(f"{APPS}/{app_id}/inputs")
    assert contract.status_code == 200 and contract.json()["type"] == "object"


def test_describing_an_unknown_app_changes_nothing(api: httpx.Client) -> None:
    before = api.get("/_emulator/state").json()
    assert api.get(f"{APPS}/no-such-app").status_code == 404
    assert api.get("/_emulator/state").json() == before
