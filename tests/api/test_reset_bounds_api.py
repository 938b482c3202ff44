"""POST /_emulator/reset {"seed", "assets"}: integers only, and assets capped (MAX_RESET_ASSETS);
anything else is a 400 that leaves the tenant as it was: its current state and its start state
(what a plain reset goes back to)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from emulator.seeding.datasets import MAX_RESET_ASSETS, SEED_RANGE

CONTRACT = Path(__file__).resolve().parents[2] / "contracts" / "admin" / "reset-post.request.json"
TABLE = {"typeName": "Table", "attributes": {"qualifiedName": "default/snowflake/1/db/sc/kept", "name": "kept"}}


@pytest.fixture
def changed_tenant(api: httpx.Client) -> Iterator[None]:
    """A tenant whose current state differs from its start state, put back afterwards."""
    assert api.post("/_emulator/reset").status_code == 200
    assert api.post("/api/meta/entity/bulk", json={"entities": [TABLE]}).status_code == 200
    yield
    api.post("/_emulator/reset")


@pytest.mark.usefixtures("changed_tenant")
@pytest.mark.parametrize("body", [
    {"assets": MAX_RESET_ASSETS + 1}, {"assets": 10**12}, {"assets": -1}, {"assets": 1.0}, {"assets": 2.5},
    {"assets": True}, {"assets": "100"}, {"assets": None},
    {"seed": 1.5}, {"seed": 7.0}, {"seed": True}, {"seed": "7"}, {"seed": 2**64}, {"seed": None},
    {"dataset": "generated", "seed": 3, "assets": MAX_RESET_ASSETS + 1},   # good fields next to a bad one
], ids=lambda body: json.dumps(body))
def test_a_bad_seed_or_size_is_a_400_and_the_tenant_stays_as_it_was(api: httpx.Client, body: dict) -> None:
    before = api.get("/_emulator/state").json()
    response = api.post("/_emulator/reset", json=body)
    assert response.status_code == 400, response.text
    error = response.json()
    assert error["errorCode"].startswith("ATLAS-400-")
    key = "assets" if "assets" in body else "seed"
    assert key in error["errorMessage"], error
    assert api.get("/_emulator/state").json() == before
    # The start state did not change either: a plain reset still goes back to the empty tenant.
    assert api.post("/_emulator/reset").json()["entities"] == 0


@pytest.mark.usefixtures("changed_tenant")
def test_the_message_names_the_cap(api: httpx.Client) -> None:
    message = api.post("/_emulator/reset", json={"assets": MAX_RESET_ASSETS + 1}).json()["errorMessage"]
    assert f"{MAX_RESET_ASSETS}" in message and f"{MAX_RESET_ASSETS + 1}" in message


def test_seeds_at_the_edges_of_64_bits_are_taken(api: httpx.Client, atlan_emulator_config) -> None:
    try:
        for seed in SEED_RANGE:
            response = api.post("/_emulator/reset", json={"seed": seed})
            assert response.status_code == 200, response.text
    finally:  # the session's seed back (GUIDs of later tests come from it)
        api.post("/_emulator/reset", json={"seed": atlan_emulator_config.seed}).raise_for_status()


def test_the_contract_states_the_same_bounds() -> None:
    properties = json.loads(CONTRACT.read_text())["properties"]
    assert (properties["assets"]["minimum"], properties["assets"]["maximum"]) == (0, MAX_RESET_ASSETS)
    assert (properties["seed"]["minimum"], properties["seed"]["maximum"]) == SEED_RANGE
    assert properties["seed"]["type"] == properties["assets"]["type"] == "integer"
