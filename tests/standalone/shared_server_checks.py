"""Run only by test_xdist_shared_server.py, in two xdist workers against one remote per-token
emulator: each worker's tenant is its own, even with the same names written at the same time.
(Not named test_*.py: it needs the remote server that test starts.)"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pyatlan.model.assets import AtlasGlossary


@pytest.mark.parametrize("round_no", range(6))
def test_same_names_in_every_worker_stay_apart(atlan_client, atlan_emulator, round_no: int) -> None:
    created = atlan_client.asset.save(AtlasGlossary.creator(name="Shared name")).assets_created(asset_type=AtlasGlossary)
    assert len(created) == 1
    state = atlan_emulator.admin("GET", "/state")
    assert [e["attributes"]["name"] for e in state["entities"]] == ["Shared name"]  # only this worker's
    with open(Path(os.environ["SHARED_CHECK_OUT"]), "a") as out:
        out.write(f"{os.environ.get('PYTEST_XDIST_WORKER')} {atlan_emulator.api_key} {created[0].guid}\n")


@pytest.mark.atlan_emulator(deletion_delay=5, clock="virtual")
def test_marker_settings_reach_the_remote_tenant(atlan_emulator) -> None:
    assert atlan_emulator.clock.virtual
    assert atlan_emulator.admin("GET", "/config")["deletion_delay"] == 5


def test_and_a_reset_restores_them(atlan_emulator) -> None:
    assert not atlan_emulator.clock.virtual
    assert atlan_emulator.admin("GET", "/config")["deletion_delay"] == 0
