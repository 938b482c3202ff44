"""The legacy workflow endpoints under /api/service over HTTP: create-and-run, search both
indexes, runs moving through their phases on the tenant clock, stop, re-run, update,
archive, crons, and connection-delete really archiving/purging a connection's assets."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from emulator.datasets import load_dataset

SERVICE = "/api/service"
BULK = "/api/meta/entity/bulk"
CONNECTION = "default/snowflake/1700000001"
# Each phase lasts 100 s; tests advance the clock 150 s to pass one (the real clock keeps
# ticking during a request, so an advance of exactly one phase could fall short).
SLOW = {"workflow_pending_seconds": 100, "workflow_running_seconds": 100, "workflow_stop_seconds": 100}


def connection_delete(name: str, qualified_name: str = CONNECTION, delete_type: str = "SOFT",
                      **annotations: str) -> dict[str, Any]:
    """The body pyatlan 10's ConnectionDelete(...).to_workflow() sends (trimmed annotations)."""
    return {
        "metadata": {
            "name": name,
            "namespace": "default",
            "annotations": {"package.argoproj.io/name": "@atlan/connection-delete", **annotations},
            "labels": {"orchestration.atlan.com/type": "utility"},
        },
        "spec": {
            "entrypoint": "main",
            "templates": [{"name": "main", "dag": {"tasks": [{
                "name": "run",
                "arguments": {"parameters": [
                    {"name": "connection-qualified-name", "value": qualified_name},
                    {"name": "delete-assets", "value": "true"},
                    {"name": "delete-type", "value": delete_type},
                ]},
                "templateRef": {"name": "atlan-connection-delete", "template": "main", "clusterScope": True},
            }]}}],
            "workflowMetadata": {"annotations": {"package.argoproj.io/name": "@atlan/connection-delete"}},
        },
        "payload": [],
    }


def by_name(name: str) -> dict[str, Any]:
    return {"from": 0, "size": 1, "track_total_hits": True, "query": {"bool": {"filter": [{"nested": {
        "path": "metadata", "query": {"bool": {"must": [{"term": {"metadata.name.keyword": {"value": name}}}]}}}}]}}}


def runs_of(template: str, size: int = 50, sort: list | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"from": 0, "size": size, "track_total_hits": True, "query": {"bool": {"filter": [
        {"nested": {"path": "spec", "query": {"term": {"spec.workflowTemplateRef.name.keyword": {"value": template}}}}}
    ]}}}
    if sort is not None:
        body["sort"] = sort
    return body


def latest_run(api: httpx.Client, template: str) -> dict[str, Any]:
    r = api.post(f"{SERVICE}/runs/indexsearch", json=runs_of(template, 1, [{"status.startedAt": {"order": "desc"}}]))
    assert r.status_code == 200, r.text
    return r.json()["hits"]["hits"][0]["_source"]


def make_connection(api: httpx.Client, qualified_name: str = CONNECTION, assets: int = 3) -> list[str]:
    entities = [{"typeName": "Connection", "guid": "-1", "attributes": {
        "qualifiedName": qualified_name, "name": "conn", "connectorName": "snowflake"}}]
    for i in range(assets):
        entities.append({"typeName": "Table", "guid": f"-{i + 2}", "attributes": {
            "qualifiedName": f"{qualified_name}/db/sc/t{i}", "name": f"t{i}",
            "connectionQualifiedName": qualified_name}})
    r = api.post(BULK, json={"entities": entities})
    assert r.status_code == 200, r.text
    assignments = r.json()["guidAssignments"]
    return [assignments[f"-{i + 1}"] for i in range(assets + 1)]


def status_of(api: httpx.Client, guid: str) -> str | None:
    r = api.get(f"/api/meta/entity/guid/{guid}")
    return r.json()["entity"]["status"] if r.status_code == 200 else None


@pytest.fixture
def slow(atlan_emulator) -> None:
    """Runs stay in each phase until a test moves the clock."""
    atlan_emulator.configure(**SLOW)


def test_whoami_roles_choose_the_workflows_family(api: httpx.Client, atlan_emulator) -> None:
    names = [role["name"] for role in api.get(f"{SERVICE}/whoami").json()["roles"]]
    assert "$api-token-default-access" in names
    atlan_emulator.configure(api_token_user=False)
    names = [role["name"] for role in api.get(f"{SERVICE}/whoami").json()["roles"]]
    assert not {"$api-token-default-access", "$admin"} & set(names)


@pytest.mark.parametrize("family", ["workflows", "package-workflows"])
def test_run_stores_the_template_and_starts_a_pending_run(api: httpx.Client, slow, family: str) -> None:
    r = api.post(f"{SERVICE}/{family}", params={"submit": "true"}, json=connection_delete("atlan-connection-delete-1700000000"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["metadata"]["name"] == "atlan-connection-delete-1700000000"
    assert body["metadata"]["uid"] and body["metadata"]["creationTimestamp"].endswith("Z")
    assert body["payload"] == []
    found = api.post(f"{SERVICE}/{family}/indexsearch", json=by_name("atlan-connection-delete-1700000000")).json()
    assert found["hits"]["total"]["value"] == 1
    hit = found["hits"]["hits"][0]
    assert hit["_id"] == "atlan-connection-delete-1700000000"
    assert hit["_source"]["kind"] == "WorkflowTemplate" and "payload" not in hit["_source"]
    run = latest_run(api, "atlan-connection-delete-1700000000")
    assert run["status"]["phase"] == "Pending" and run["status"]["startedAt"]
    assert run["metadata"]["labels"]["workflows.argoproj.io/phase"] == "Pending"
    assert run["metadata"]["name"].startswith("atlan-connection-delete-1700000000-")
    assert run["status"]["storedWorkflowTemplateSpec"]["workflowTemplateRef"]["name"] == "atlan-connection-delete-1700000000"


def test_run_moves_through_phases_on_the_clock(api: httpx.Client, atlan_emulator, slow) -> None:
    make_connection(api)
    api.post(f"{SERVICE}/workflows?submit=true", json=connection_delete("atlan-connection-delete-1700000000"))
    seen = [latest_run(api, "atlan-connection-delete-1700000000")["status"]["phase"]]
    atlan_emulator.advance(150)
    seen.append(latest_run(api, "atlan-connection-delete-1700000000")["status"]["phase"])
    atlan_emulator.advance(150)
    final = latest_run(api, "atlan-connection-delete-1700000000")
    seen.append(final["status"]["phase"])
    assert seen == ["Pending", "Running", "Succeeded"]
    assert final["status"]["finishedAt"] and final["status"]["progress"] == "1/1"
    assert final["metadata"]["labels"]["workflows.argoproj.io/phase"] == "Succeeded"
    assert final["metadata"]["labels"]["workflows.argoproj.io/completed"] == "true"


def test_connection_delete_soft_archives_assets_then_the_connection(api: httpx.Client, atlan_emulator) -> None:
    guids = make_connection(api)
    other = make_connection(api, "default/snowflake/1700000002", assets=1)
    atlan_emulator.configure(workflow_pending_seconds=0, workflow_running_seconds=0)
    api.post(f"{SERVICE}/workflows?submit=true", json=connection_delete("atlan-connection-delete-1700000000"))
    assert latest_run(api, "atlan-connection-delete-1700000000")["status"]["phase"] == "Succeeded"
    assert [status_of(api, g) for g in guids] == ["DELETED"] * 4
    assert [status_of(api, g) for g in other] == ["ACTIVE"] * 2


def test_connection_delete_purge_removes_them(api: httpx.Client, atlan_emulator) -> None:
    guids = make_connection(api)
    atlan_emulator.configure(workflow_pending_seconds=0, workflow_running_seconds=0)
    api.post(f"{SERVICE}/workflows?submit=true", json=connection_delete("atlan-connection-delete-1700000000",
                                                                        delete_type="PURGE"))
    assert [status_of(api, g) for g in guids] == [None] * 4


def test_connection_delete_goes_through_the_deletion_delay(api: httpx.Client, atlan_emulator) -> None:
    guids = make_connection(api, assets=1)
    atlan_emulator.configure(workflow_pending_seconds=0, workflow_running_seconds=0, deletion_delay=50)
    api.post(f"{SERVICE}/workflows?submit=true", json=connection_delete("atlan-connection-delete-1700000000"))
    assert latest_run(api, "atlan-connection-delete-1700000000")["status"]["phase"] == "Succeeded"
    assert [status_of(api, g) for g in guids] == ["ACTIVE", "ACTIVE"]
    atlan_emulator.advance(50)
    assert [status_of(api, g) for g in guids] == ["DELETED", "DELETED"]


def test_connection_delete_of_a_missing_connection_fails(api: httpx.Client, atlan_emulator) -> None:
    atlan_emulator.configure(workflow_pending_seconds=0, workflow_running_seconds=0)
    api.post(f"{SERVICE}/workflows?submit=true", json=connection_delete("atlan-connection-delete-1700000000"))
    run = latest_run(api, "atlan-connection-delete-1700000000")
    assert run["status"]["phase"] == "Failed"
    assert CONNECTION in run["status"]["message"]


@pytest.mark.parametrize("outcome", ["Failed", "Error"])
def test_outcome_parameter_forces_a_failure(api: httpx.Client, atlan_emulator, outcome: str) -> None:
    make_connection(api, assets=1)
    body = connection_delete("atlan-connection-delete-1700000000")
    body["spec"]["templates"][0]["dag"]["tasks"][0]["arguments"]["parameters"].append(
        {"name": "emulator-outcome", "value": outcome})
    atlan_emulator.configure(workflow_pending_seconds=0, workflow_running_seconds=0)
    api.post(f"{SERVICE}/workflows?submit=true", json=body)
    assert latest_run(api, "atlan-connection-delete-1700000000")["status"]["phase"] == outcome
    connection = api.get("/api/meta/entity/uniqueAttribute/type/Connection", params={"attr:qualifiedName": CONNECTION})
    assert connection.json()["entity"]["status"] == "ACTIVE"


def test_other_packages_succeed_without_side_effects(api: httpx.Client, atlan_emulator) -> None:
    guids = make_connection(api, assets=1)
    body = connection_delete("csa-api-token-connection-admin-1700000000")
    task = body["spec"]["templates"][0]["dag"]["tasks"][0]
    task["templateRef"]["name"] = "csa-api-token-connection-admin"
    body["metadata"]["annotations"]["package.argoproj.io/name"] = "@csa/api-token-connection-admin"
    body["spec"]["workflowMetadata"]["annotations"]["package.argoproj.io/name"] = "@csa/api-token-connection-admin"
    atlan_emulator.configure(workflow_pending_seconds=0, workflow_running_seconds=0)
    assert api.post(f"{SERVICE}/workflows?submit=true", json=body).status_code == 200
    assert latest_run(api, "csa-api-token-connection-admin-1700000000")["status"]["phase"] == "Succeeded"
    assert [status_of(api, g) for g in guids] == ["ACTIVE", "ACTIVE"]


def test_name_clash_is_409_and_changes_nothing(api: httpx.Client, slow) -> None:
    api.post(f"{SERVICE}/workflows?submit=true", json=connection_delete("atlan-connection-delete-1700000000"))
    r = api.post(f"{SERVICE}/workflows?submit=true", json=connection_delete("atlan-connection-delete-1700000000",
                                                                            delete_type="PURGE"))
    assert r.status_code == 409
    assert r.json()["errorCode"].startswith("ATLAS-409")
    runs = api.post(f"{SERVICE}/runs/indexsearch", json=runs_of("atlan-connection-delete-1700000000")).json()
    assert runs["hits"]["total"]["value"] == 1
    template = api.post(f"{SERVICE}/workflows/indexsearch", json=by_name("atlan-connection-delete-1700000000")).json()
    params = template["hits"]["hits"][0]["_source"]["spec"]["templates"][0]["dag"]["tasks"][0]["arguments"]["parameters"]
    assert {"name": "delete-type", "value": "SOFT"} in params


@pytest.mark.parametrize("body", [
    [], {"spec": {}}, {"metadata": {"name": ""}, "spec": {}}, {"metadata": {"name": "x"}},
    {"metadata": {"name": "x", "labels": {"a": None}}, "spec": {}},
])
def test_bad_workflow_bodies_are_400_and_store_nothing(api: httpx.Client, body: Any) -> None:
    r = api.post(f"{SERVICE}/workflows?submit=true", json=body)
    assert r.status_code == 400, r.text
    assert r.json()["errorCode"].startswith("ATLAS-400")
    assert api.post(f"{SERVICE}/workflows/indexsearch", json={}).json()["hits"]["total"]["value"] == 0
    assert api.post(f"{SERVICE}/runs/indexsearch", json={}).json()["hits"]["total"]["value"] == 0


def test_submit_reruns_and_unknown_templates_are_404(api: httpx.Client, slow) -> None:
    api.post(f"{SERVICE}/workflows?submit=true", json=connection_delete("atlan-connection-delete-1700000000"))
    for family in ("workflows", "package-workflows"):
        r = api.post(f"{SERVICE}/{family}/submit", json={
            "namespace": "default", "resourceKind": "WorkflowTemplate", "resourceName": "atlan-connection-delete-1700000000"})
        assert r.status_code == 200, r.text
        assert r.json()["status"]["phase"] == "Pending"
        assert r.json()["spec"]["workflowTemplateRef"] == {"name": "atlan-connection-delete-1700000000"}
    runs = api.post(f"{SERVICE}/runs/indexsearch", json=runs_of("atlan-connection-delete-1700000000")).json()
    assert runs["hits"]["total"]["value"] == 3
    missing = api.post(f"{SERVICE}/workflows/submit", json={"resourceKind": "WorkflowTemplate", "resourceName": "nope"})
    assert missing.status_code == 404
    assert api.post(f"{SERVICE}/workflows/submit", json={"resourceName": 5}).status_code == 400
    assert api.post(f"{SERVICE}/workflows/submit", json={"resourceName": "atlan-connection-delete-1700000000",
                                                         "resourceKind": "Pod"}).status_code == 400


def test_stop_answers_the_live_run_then_it_fails(api: httpx.Client, atlan_emulator, slow) -> None:
    api.post(f"{SERVICE}/workflows?submit=true", json=connection_delete("atlan-connection-delete-1700000000"))
    atlan_emulator.advance(150)
    run_name = latest_run(api, "atlan-connection-delete-1700000000")["metadata"]["name"]
    r = api.post(f"{SERVICE}/runs/{run_name}/stop")
    assert r.status_code == 200
    assert r.json()["status"]["phase"] == "Running"
    atlan_emulator.advance(150)
    run = latest_run(api, "atlan-connection-delete-1700000000")
    assert run["status"]["phase"] == "Failed" and run["status"]["message"] == "Stopped with strategy 'Stop'"
    assert api.post(f"{SERVICE}/runs/{run_name}/stop").status_code == 409
    assert api.post(f"{SERVICE}/runs/nope-12345/stop").status_code == 404


def test_update_replaces_spec_and_annotations_and_syncs_the_cron(api: httpx.Client, slow) -> None:
    name = "atlan-connection-delete-1700000000"
    api.post(f"{SERVICE}/workflows?submit=true", json=connection_delete(name))
    assert api.get(f"{SERVICE}/runs/cron").json() == {"items": []}
    scheduled = connection_delete(name, **{"orchestration.atlan.com/schedule": "45 4 * * *",
                                           "orchestration.atlan.com/timezone": "Europe/Paris"})
    r = api.post(f"{SERVICE}/package-workflows/{name}", json=scheduled)
    assert r.status_code == 200, r.text
    assert r.json()["metadata"]["annotations"]["orchestration.atlan.com/schedule"] == "45 4 * * *"
    cron = api.get(f"{SERVICE}/runs/cron/{name}-cron").json()
    assert cron["spec"]["schedule"] == "45 4 * * *" and cron["spec"]["timezone"] == "Europe/Paris"
    assert [c["metadata"]["name"] for c in api.get(f"{SERVICE}/runs/cron").json()["items"]] == [f"{name}-cron"]
    del scheduled["metadata"]["annotations"]["orchestration.atlan.com/schedule"]
    api.post(f"{SERVICE}/workflows/{name}", json=scheduled)
    assert api.get(f"{SERVICE}/runs/cron/{name}-cron").status_code == 404
    assert api.post(f"{SERVICE}/workflows/other-name", json=scheduled).status_code == 404
    assert api.post(f"{SERVICE}/workflows/{name}", json=connection_delete("different")).status_code == 400


def test_change_ownership_takes_a_json_body_or_a_query(api: httpx.Client, slow) -> None:
    name = "atlan-connection-delete-1700000000"
    api.post(f"{SERVICE}/workflows?submit=true", json=connection_delete(name))
    r = api.post(f"{SERVICE}/workflows/{name}/changeownership", json={"username": "bob"})
    assert r.json()["metadata"]["labels"]["workflows.argoproj.io/creator-preferred-username"] == "bob"
    r = api.post(f"{SERVICE}/workflows/{name}/changeownership", params={"username": "carol"})
    assert r.json()["metadata"]["labels"]["workflows.argoproj.io/creator-preferred-username"] == "carol"
    assert api.post(f"{SERVICE}/workflows/{name}/changeownership", json={}).status_code == 400


def test_archive_hides_the_template_but_keeps_runs(api: httpx.Client, slow) -> None:
    name = "atlan-connection-delete-1700000000"
    api.post(f"{SERVICE}/workflows?submit=true", json=connection_delete(name))
    r = api.post(f"{SERVICE}/package-workflows/{name}/archive")
    assert r.status_code == 200
    assert api.post(f"{SERVICE}/workflows/indexsearch", json=by_name(name)).json()["hits"]["hits"] == []
    assert api.post(f"{SERVICE}/runs/indexsearch", json=runs_of(name)).json()["hits"]["total"]["value"] == 1
    assert api.post(f"{SERVICE}/workflows/{name}/archive").status_code == 404
    assert api.post(f"{SERVICE}/workflows/submit", json={"resourceName": name}).status_code == 404
    # the name is free again
    assert api.post(f"{SERVICE}/workflows?submit=true", json=connection_delete(name)).status_code == 200


def test_search_regexp_paging_sort_and_status_time_range(api: httpx.Client, atlan_emulator, slow) -> None:
    for epoch in (1700000000, 1700000001, 1700000002):
        api.post(f"{SERVICE}/workflows?submit=true", json=connection_delete(f"atlan-connection-delete-{epoch}"))
        atlan_emulator.advance(1)
    api.post(f"{SERVICE}/workflows?submit=true", json=connection_delete("atlan-connection-delete-x"))
    regexp = {"from": 0, "size": 2, "track_total_hits": True, "query": {"bool": {"filter": [{"nested": {
        "path": "metadata", "query": {"regexp": {"metadata.name.keyword": {
            "value": "atlan[-]connection[-]delete[-][0-9]{10}"}}}}}]}},
        "sort": [{"metadata.creationTimestamp": {"order": "desc", "nested": {"path": "metadata"}}}]}
    page1 = api.post(f"{SERVICE}/workflows/indexsearch", json=regexp).json()
    page2 = api.post(f"{SERVICE}/workflows/indexsearch", json=dict(regexp, **{"from": 2})).json()
    assert page1["hits"]["total"]["value"] == 3
    assert [h["_id"] for h in page1["hits"]["hits"] + page2["hits"]["hits"]] == [
        "atlan-connection-delete-1700000002", "atlan-connection-delete-1700000001", "atlan-connection-delete-1700000000"]
    atlan_emulator.advance(400)  # everything has finished by now (no connection: Failed)
    by_status = {"from": 0, "size": 100, "query": {"bool": {"must": [
        {"nested": {"path": "metadata", "query": {"terms": {
            "metadata.labels.workflows.argoproj.io/phase.keyword": ["Failed"]}}}},
        {"range": {"status.startedAt": {"gte": "now-1h"}}},
        {"range": {"status.finishedAt": {"lte": "now"}}},
        {"nested": {"path": "metadata", "query": {"exists": {"field": "metadata.labels.workflows.argoproj.io/creator"}}}},
    ]}}}
    assert api.post(f"{SERVICE}/runs/indexsearch", json=by_status).json()["hits"]["total"]["value"] == 4
    by_status["query"]["bool"]["must"][1]["range"]["status.startedAt"]["gte"] = "now-1s"
    assert api.post(f"{SERVICE}/runs/indexsearch", json=by_status).json()["hits"]["total"]["value"] == 0


@pytest.mark.parametrize("body", [[1], {"size": -1}, {"from": "a"}, {"query": {"nope": {}}}, {"sort": 5}])
def test_bad_search_bodies_are_400(api: httpx.Client, body: Any) -> None:
    for index in ("workflows", "runs"):
        r = api.post(f"{SERVICE}/{index}/indexsearch", json=body)
        assert r.status_code == 400, (index, body, r.text)


def test_schedule_query_endpoints(api: httpx.Client, atlan_emulator, slow) -> None:
    body = connection_delete("asq-abc-1700000000")
    body["metadata"]["annotations"]["package.argoproj.io/name"] = "@atlan/schedule-query"
    api.post(f"{SERVICE}/workflows?submit=true", json=body)
    r = api.post(f"{SERVICE}/workflows/triggerAsOwner", json={
        "namespace": "default", "resourceKind": "WorkflowTemplate", "resourceName": "asq-abc-1700000000"})
    assert r.status_code == 200 and r.json()["status"]["phase"] == "Pending"
    window = {"startDate": "2000-01-01T00:00:00.000+05:30", "endDate": "2999-01-01T00:00:00.000+05:30"}
    between = api.get(f"{SERVICE}/runs/cron/scheduleQueriesBetweenDuration", params=window)
    assert between.status_code == 200 and len(between.json()) == 2
    assert api.get(f"{SERVICE}/runs/cron/missedScheduleQueriesBetweenDuration", params=window).json() == []
    bad = api.get(f"{SERVICE}/runs/cron/scheduleQueriesBetweenDuration", params={"startDate": "yesterday"})
    assert bad.status_code == 400
    query = {"from": 0, "size": 10, "query": {"bool": {"filter": [
        {"nested": {"path": "metadata", "query": {"prefix": {"metadata.name.keyword": {"value": "asq-abc"}}}}},
        {"nested": {"path": "metadata", "query": {"term": {
            "metadata.annotations.package.argoproj.io/name.keyword": {"value": "@atlan/schedule-query"}}}}},
    ]}}}
    assert api.post(f"{SERVICE}/workflows/indexsearch", json=query).json()["hits"]["total"]["value"] == 1


def test_state_export_and_reset_carry_workflows_and_runs(api: httpx.Client, atlan_emulator, slow) -> None:
    api.post(f"{SERVICE}/workflows?submit=true", json=connection_delete("atlan-connection-delete-1700000000"))
    state = atlan_emulator.call(lambda tenant: tenant.export())
    assert [t["metadata"]["name"] for t in state["workflows"]] == ["atlan-connection-delete-1700000000"]
    assert len(state["runs"]) == 1
    atlan_emulator.reset()
    assert api.post(f"{SERVICE}/workflows/indexsearch", json={}).json()["hits"]["total"]["value"] == 0
    atlan_emulator.call(lambda tenant: tenant.load(state))
    atlan_emulator.configure(**SLOW)
    assert latest_run(api, "atlan-connection-delete-1700000000")["status"]["phase"] == "Pending"
    atlan_emulator.advance(100)  # a loaded live run carries on through its phases
    assert latest_run(api, "atlan-connection-delete-1700000000")["status"]["phase"] == "Running"


def test_seed_001_raw_rest_bodies_against_the_docs_dataset(api: httpx.Client, atlan_emulator) -> None:
    atlan_emulator.call(lambda tenant: tenant.load(load_dataset("docs")))
    search = {
        "from": 0, "size": 5,
        "query": {"bool": {"filter": [{"nested": {"path": "metadata", "query": {"prefix": {
            "metadata.name.keyword": {"value": "atlan-connection-delete"}}}}}]}},
        "sort": [{"metadata.creationTimestamp": {"nested": {"path": "metadata"}, "order": "desc"}}],
        "track_total_hits": True,
    }
    r = api.post(f"{SERVICE}/workflows/indexsearch", json=search)
    assert r.status_code == 200
    assert r.json()["hits"]["hits"][0]["_source"]["metadata"]["name"] == "atlan-connection-delete-1684500411"
    r = api.post(f"{SERVICE}/workflows/submit", json={
        "namespace": "default", "resourceKind": "WorkflowTemplate", "resourceName": "atlan-connection-delete-1684500411"})
    assert r.status_code == 200
    assert r.json()["metadata"]["name"].startswith("atlan-connection-delete-1684500411-")
    past = api.post(f"{SERVICE}/runs/indexsearch", json=runs_of("atlan-connection-delete-1684500411")).json()
    assert past["hits"]["total"]["value"] == 3


def test_phase_durations_are_runtime_settings(api: httpx.Client) -> None:
    r = api.patch("/_emulator/config", json={"workflow_pending_seconds": 0, "workflow_running_seconds": 0})
    assert r.status_code == 200 and r.json()["workflow_running_seconds"] == 0
    assert api.patch("/_emulator/config", json={"workflow_stop_seconds": -1}).status_code == 400
    api.post(f"{SERVICE}/workflows?submit=true", json=connection_delete("atlan-connection-delete-1700000000"))
    assert latest_run(api, "atlan-connection-delete-1700000000")["status"]["phase"] == "Failed"  # no such connection
