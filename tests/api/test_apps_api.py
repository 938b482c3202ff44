"""The App API (/api/service/v1/app…) over HTTP: shapes, runs on the clock, errors."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

APP = "/api/service/v1/app"


@pytest.fixture
def slow(atlan_emulator) -> Any:
    atlan_emulator.configure(workflow_pending_seconds=100, workflow_running_seconds=100, workflow_stop_seconds=100)
    return atlan_emulator


def create(api: httpx.Client, name: str = "Job", **extra: Any) -> dict[str, Any]:
    r = api.post(APP, json={"app_id": "snowflake-miner", "name": name, "inputs": {}, **extra})
    assert r.status_code == 200, r.text
    return r.json()


def test_describe_and_contracts(api: httpx.Client) -> None:
    info = api.get("/api/service/v1/apps/connection-delete").json()
    assert info["native_ready"] is True and info["execution_mode"] == "native"
    contract = api.get("/api/service/v1/apps/connection-delete/inputs").json()
    assert contract["required"] == ["connection_qualified_name"]
    assert api.get("/api/service/v1/apps/snowflake-miner/inputs").json()["properties"] == {}


def test_create_with_schedule_and_run_then_phases(api: httpx.Client, slow) -> None:
    body = create(api, schedule={"cron": "0 9 * * *"})
    assert body["slug"].startswith("job-") and body["version"] == 1 and body["schedule_trigger_id"] and body["run_id"]
    statuses = [api.get(f"{APP}/runs/{body['run_id']}").json()["status"]]
    for _ in range(2):
        slow.advance(150)
        statuses.append(api.get(f"{APP}/runs/{body['run_id']}").json()["status"])
    assert statuses == ["Pending", "Running", "Succeeded"]
    run = api.get(f"{APP}/runs/{body['run_id']}").json()
    assert run["finished_at"] and run["slug"] == body["slug"]


def test_duplicate_name_is_409_with_the_existing_slug(api: httpx.Client) -> None:
    first = create(api, run=False)
    r = api.post(APP, json={"app_id": "snowflake-miner", "name": "Job", "inputs": {}})
    assert r.status_code == 409
    assert r.json()["slug"] == first["slug"] and r.json()["version"] == 1
    assert len(api.get(APP).json()["workflows"]) == 1


def test_list_pages_with_a_cursor(api: httpx.Client) -> None:
    slugs = [create(api, f"Job {i}", run=False)["slug"] for i in range(3)]
    page1 = api.get(APP, params={"limit": 2}).json()
    page2 = api.get(APP, params={"limit": 2, "cursor": page1["next_cursor"]}).json()
    assert page1["has_more"] is True and page2["has_more"] is False and page2["next_cursor"] is None
    assert [w["slug"] for w in page1["workflows"] + page2["workflows"]] == slugs
    assert api.get(APP, params={"cursor": "zzz"}).status_code == 400


def test_submit_while_running_is_500_and_cancel_stops(api: httpx.Client, slow) -> None:
    slug = create(api, run=False)["slug"]
    run = api.post(f"{APP}/{slug}/submit").json()
    busy = api.post(f"{APP}/{slug}/submit")
    assert busy.status_code == 500 and run["run_id"] in busy.json()["errorMessage"]
    cancel = api.post(f"{APP}/runs/{run['run_id']}/cancel").json()
    assert cancel == {"run_id": run["run_id"], "cancelled": True, "status": "Pending", "slug": slug}
    slow.advance(150)
    assert api.get(f"{APP}/runs/{run['run_id']}").json()["status"] == "Stopped"
    assert api.post(f"{APP}/runs/{run['run_id']}/cancel").json()["cancelled"] is False
    assert api.post(f"{APP}/{slug}/submit").status_code == 200


def test_app_runs_are_app_workflow_run_assets(api: httpx.Client, slow) -> None:
    slug = create(api, run=False)["slug"]
    run_id = api.post(f"{APP}/{slug}/submit").json()["run_id"]
    qualified_name = f"default/apps/automation_engine/workflows/{slug}/{run_id}"
    asset = api.get("/api/meta/entity/uniqueAttribute/type/AppWorkflowRun", params={"attr:qualifiedName": qualified_name})
    assert asset.json()["entity"]["attributes"]["appWorkflowRunStatus"] == "Pending"
    slow.advance(150)
    asset = api.get("/api/meta/entity/uniqueAttribute/type/AppWorkflowRun", params={"attr:qualifiedName": qualified_name})
    assert asset.json()["entity"]["attributes"]["appWorkflowRunStatus"] == "Running"


def test_update_delete_and_schedules(api: httpx.Client) -> None:
    slug = create(api, run=False)["slug"]
    assert api.put(f"{APP}/{slug}", json={"inputs": {"x": 1}}).json()["version"] == 2
    assert api.get(f"{APP}/{slug}").json()["dag"]["extract"]["inputs"]["args"] == {"x": 1}
    trigger = api.post(f"{APP}/{slug}/schedule", json={"cron": "0 9 * * *", "timezone": "Europe/Paris"}).json()
    assert trigger["timezone"] == "Europe/Paris"
    assert api.delete(f"{APP}/{slug}/schedule/{trigger['trigger_id']}").json() == {
        "trigger_id": trigger["trigger_id"], "deleted": True}
    assert api.delete(f"{APP}/{slug}").json() == {"slug": slug, "archived": True}
    assert api.get(f"{APP}/{slug}").status_code == 404
    assert api.post(f"{APP}/{slug}/submit").status_code == 404


@pytest.mark.parametrize("body", [
    [], {"name": "x", "inputs": {}}, {"app_id": "a", "name": "", "inputs": {}}, {"app_id": "a", "name": "x"},
    {"app_id": "connection-delete", "name": "x", "inputs": {}},
    {"app_id": "connection-delete", "name": "x", "inputs": {"connection_qualified_name": "c", "delete_type": "NOPE"}},
    {"app_id": "a", "name": "x", "inputs": {}, "schedule": {"cron": "every day"}},
    {"app_id": "a", "name": "x", "inputs": {}, "run": "yes"},
])
def test_bad_create_bodies_are_400_and_create_nothing(api: httpx.Client, body: Any) -> None:
    r = api.post(APP, json=body)
    assert r.status_code == 400, r.text
    assert r.json()["errorCode"].startswith("ATLAS-400")
    assert api.get(APP).json()["workflows"] == []


def test_bad_schedules_and_unknown_things(api: httpx.Client) -> None:
    slug = create(api, run=False)["slug"]
    assert api.post(f"{APP}/{slug}/schedule", json={"cron": "0 9 * * *", "timezone": None}).status_code == 400
    assert api.post(f"{APP}/{slug}/schedule", json={"cron": "0 9"}).status_code == 400
    assert api.delete(f"{APP}/{slug}/schedule/nope").status_code == 404
    assert api.get(f"{APP}/runs/nope").status_code == 404
    assert api.put(f"{APP}/{slug}", json={"inputs": 5}).status_code == 400


def test_state_export_and_load_carry_app_workflows_and_runs(api: httpx.Client, atlan_emulator, slow) -> None:
    body = create(api)
    state = api.get("/_emulator/state")
    assert state.status_code == 200
    kinds = sorted(w.get("kind") for w in state.json()["workflows"])
    assert kinds == ["AppWorkflow"]
    atlan_emulator.reset()
    assert api.get(APP).json()["workflows"] == []
    assert api.put("/_emulator/state", json=state.json()).status_code == 200
    atlan_emulator.configure(workflow_pending_seconds=100, workflow_running_seconds=100)
    assert api.get(f"{APP}/{body['slug']}").json()["name"] == "Job"
    atlan_emulator.advance(100)  # the loaded run carries on
    assert api.get(f"{APP}/runs/{body['run_id']}").json()["status"] == "Running"
