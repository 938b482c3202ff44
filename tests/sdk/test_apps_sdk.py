"""pyatlan 11's App API (client.app) against the emulator: create (and run), runs in time on
the tenant clock, the connection-delete app really deleting, duplicate names reused, update,
list, submit (idempotent too), cancel, schedules, delete."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from pyatlan.errors import AtlanError, InvalidRequestError, NotFoundError

SLOW = {"workflow_pending_seconds": 100, "workflow_running_seconds": 100, "workflow_stop_seconds": 100}
CONNECTION = "default/snowflake/1700000009"


@pytest.fixture
def slow(atlan_emulator) -> Any:
    atlan_emulator.configure(**SLOW)
    return atlan_emulator


def make_connection(api: httpx.Client) -> list[str]:
    r = api.post("/api/meta/entity/bulk", json={"entities": [
        {"typeName": "Connection", "guid": "-1", "attributes": {"qualifiedName": CONNECTION, "name": "c",
                                                                "connectorName": "snowflake"}},
        {"typeName": "Table", "guid": "-2", "attributes": {"qualifiedName": f"{CONNECTION}/db/sc/t", "name": "t",
                                                           "connectionQualifiedName": CONNECTION}},
    ]})
    assert r.status_code == 200, r.text
    return [r.json()["guidAssignments"]["-1"], r.json()["guidAssignments"]["-2"]]


def test_describe_and_input_contract(atlan_client) -> None:
    info = atlan_client.app.describe("connection-delete")
    assert info.native_ready and [e.name for e in info.entrypoints] == ["default"]
    contract = atlan_client.app.get_input_contract("connection-delete")
    assert contract.title == "AppInputContract"
    assert contract.required_fields() == ["connection_qualified_name"]


def test_create_runs_in_time_and_connection_delete_archives(atlan_client, api, slow) -> None:
    guids = make_connection(api)
    created = atlan_client.app.create(app_id="connection-delete", name="Delete c",
                                      inputs={"connection_qualified_name": CONNECTION, "delete_type": "SOFT"})
    assert created.execution_mode == "native" and created.version == 1 and created.run_id
    seen = [atlan_client.app.get_run(created.run_id).status]
    slow.advance(150)
    seen.append(atlan_client.app.get_run(created.run_id).status)
    slow.advance(150)
    final = atlan_client.app.get_run(created.run_id)
    seen.append(final.status)
    assert seen == ["Pending", "Running", "Succeeded"]
    assert final.is_terminal and final.is_success and final.slug == created.slug
    statuses = [api.get(f"/api/meta/entity/guid/{g}").json()["entity"]["status"] for g in guids]
    assert statuses == ["DELETED", "DELETED"]


def test_duplicate_name_reuses_the_slug_and_update_get_list(atlan_client, slow) -> None:
    first = atlan_client.app.create(app_id="snowflake-miner", name="Miner", inputs={"a": 1}, run=False)
    assert first.run_id is None
    again = atlan_client.app.create(app_id="snowflake-miner", name="Miner", inputs={"a": 2})
    assert again.slug == first.slug
    updated = atlan_client.app.update(first.slug, inputs={"a": 3})
    assert updated.version == 2
    summary = atlan_client.app.get(first.slug)
    assert summary.name == "Miner" and summary.app_id == "snowflake-miner" and summary.version == 2
    assert summary.dict()["dag"]["extract"]["inputs"]["args"] == {"a": 3}
    listed = atlan_client.app.get_all(name="Miner")
    assert [w.slug for w in listed.workflows] == [first.slug] and listed.has_more is False
    assert atlan_client.app.delete(first.slug).archived is True
    with pytest.raises(NotFoundError):
        atlan_client.app.get(first.slug)


def test_submit_while_running_and_idempotent_submit_and_cancel(atlan_client, slow) -> None:
    created = atlan_client.app.create(app_id="snowflake-miner", name="Busy", inputs={}, run=False)
    run = atlan_client.app.submit(created.slug)
    assert run.status == "Pending" and run.slug == created.slug
    with pytest.raises(AtlanError):
        atlan_client.app.submit(created.slug)  # a run is in progress: the service answers 500
    with pytest.raises(InvalidRequestError):
        atlan_client.app.submit(created.slug, idempotent=True)  # found through the AppWorkflowRun asset
    cancelled = atlan_client.app.cancel_run(run.run_id)
    assert cancelled.cancelled is True
    slow.advance(150)
    assert atlan_client.app.get_run(run.run_id).status == "Stopped"
    second = atlan_client.app.submit(created.slug, idempotent=True)
    assert second.run_id != run.run_id


def test_schedules(atlan_client) -> None:
    created = atlan_client.app.create(app_id="snowflake-miner", name="Scheduled", inputs={}, run=False)
    schedule = atlan_client.app.add_schedule(created.slug, "0 9 * * *")
    assert schedule.timezone == "UTC" and schedule.cron == "0 9 * * *" and schedule.trigger_id
    assert atlan_client.app.remove_schedule(created.slug, schedule.trigger_id).deleted is True
    with pytest.raises(NotFoundError):
        atlan_client.app.remove_schedule(created.slug, schedule.trigger_id)
