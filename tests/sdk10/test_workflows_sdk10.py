"""client.workflow of pyatlan 10.0.0 (the last release with it) against the emulator, over a
real socket: run, monitor, connection-delete soft and purge, find, rerun (idempotent too),
stop, archive, runs by status and time, schedules; seed 001's snippets as published.

The clock is virtual (see conftest.py): a test advances it where real time would pass.
monitor() sleeps 5 s before each poll, and rerun(idempotent=True) sleeps 10 s: those few
tests cost that much, no more (each run has finished before the first poll)."""

from __future__ import annotations

import warnings
from typing import Any

import httpx
import pytest
from pyatlan.client.atlan import AtlanClient
from pyatlan.errors import ConflictError, NotFoundError
from pyatlan.model.assets import Asset
from pyatlan.model.enums import AtlanWorkflowPhase, WorkflowPackage
from pyatlan.model.fluent_search import FluentSearch
from pyatlan.model.packages import ConnectionDelete
from pyatlan.model.workflow import WorkflowSchedule

warnings.filterwarnings("ignore", category=DeprecationWarning)

SEED_CONNECTION = "default/snowflake/1234567890"
PHASE_SECONDS = 30  # each phase; the tests advance the virtual clock past them


@pytest.fixture
def api(atlan_emulator) -> Any:
    with httpx.Client(base_url=atlan_emulator.url, headers={"Authorization": f"Bearer {atlan_emulator.api_key}"},
                      timeout=30) as client:
        yield client


@pytest.fixture
def timed(atlan_emulator) -> Any:
    atlan_emulator.configure(workflow_pending_seconds=PHASE_SECONDS, workflow_running_seconds=PHASE_SECONDS,
                             workflow_stop_seconds=PHASE_SECONDS)
    return atlan_emulator


def ensure_connection(api: httpx.Client, qualified_name: str, assets: int = 2) -> list[str]:
    """The connection and its tables (created, or found if the dataset has them); their GUIDs."""
    entities = [{"typeName": "Connection", "attributes": {
        "qualifiedName": qualified_name, "name": "snowflake", "connectorName": "snowflake"}}]
    entities += [{"typeName": "Table", "attributes": {
        "qualifiedName": f"{qualified_name}/DB/SCH/T{i}", "name": f"T{i}", "connectionQualifiedName": qualified_name}}
        for i in range(assets)]
    assert api.post("/api/meta/entity/bulk", json={"entities": entities}).status_code == 200
    guids = []
    for entity in entities:
        r = api.get(f"/api/meta/entity/uniqueAttribute/type/{entity['typeName']}",
                    params={"attr:qualifiedName": entity["attributes"]["qualifiedName"]})
        guids.append(r.json()["entity"]["guid"])
    return guids


def statuses(client: AtlanClient, guids: list[str]) -> list[str | None]:
    found = []
    for guid in guids:
        try:
            found.append(client.asset.get_by_guid(guid, ignore_relationships=True).status.value)
        except NotFoundError:
            found.append(None)
    return found


def searched_statuses(client: AtlanClient, qualified_name: str) -> list[str]:
    """The statuses search reports for the connection and every asset in it."""
    found = []
    for condition in (Asset.QUALIFIED_NAME.eq(qualified_name), Asset.CONNECTION_QUALIFIED_NAME.eq(qualified_name)):
        found += [a.status.value for a in client.asset.search(FluentSearch().where(condition).to_request())]
    return found


def test_whoami_makes_pyatlan_use_the_workflows_family(atlan_client, atlan_emulator) -> None:
    assert atlan_client.role_cache.is_api_token_user() is True
    atlan_emulator.configure(api_token_user=False)
    assert AtlanClient(base_url=atlan_emulator.url, api_key=atlan_emulator.api_key).role_cache.is_api_token_user() is False


@pytest.mark.parametrize("purge, expected", [(False, "DELETED"), (True, None)])
def test_connection_delete_run_and_monitor(atlan_client, api, timed, purge: bool, expected: str | None) -> None:
    qualified_name = "default/snowflake/1700000001"
    guids = ensure_connection(api, qualified_name)
    response = atlan_client.workflow.run(ConnectionDelete(qualified_name=qualified_name, purge=purge).to_workflow())
    name = response.metadata.name
    assert name.startswith("atlan-connection-delete-")
    runs = atlan_client.workflow.get_runs(name, AtlanWorkflowPhase.PENDING)
    assert runs.count == 1
    assert statuses(atlan_client, guids) == ["ACTIVE"] * 3
    timed.advance(PHASE_SECONDS)
    assert atlan_client.workflow.get_runs(name, AtlanWorkflowPhase.RUNNING).count == 1
    timed.advance(PHASE_SECONDS)
    assert atlan_client.workflow.monitor(response) == AtlanWorkflowPhase.SUCCESS
    assert statuses(atlan_client, guids) == [expected] * 3
    assert searched_statuses(atlan_client, qualified_name) == ([expected] * 3 if expected else [])


def test_connection_delete_through_package_workflows(atlan_emulator, api) -> None:
    atlan_emulator.configure(api_token_user=False, workflow_pending_seconds=0, workflow_running_seconds=0)
    client = AtlanClient(base_url=atlan_emulator.url, api_key=atlan_emulator.api_key)
    guids = ensure_connection(api, "default/snowflake/1700000002", assets=1)
    response = client.workflow.run(ConnectionDelete(qualified_name="default/snowflake/1700000002",
                                                    purge=False).to_workflow())
    families = {entry["path"] for entry in atlan_emulator.requests(method="POST")}
    assert "/api/service/package-workflows" in families and "/api/service/workflows" not in families
    assert client.workflow.get_runs(response.metadata.name, AtlanWorkflowPhase.SUCCESS).count == 1
    assert statuses(client, guids) == ["DELETED", "DELETED"]


def test_a_500_before_run_does_not_start_a_second_run(atlan_client, atlan_emulator, api) -> None:
    rule = atlan_emulator.call(lambda tenant: tenant.faults.add(
        {"method": "POST", "path": "/api/service/workflows", "status": 500, "times": 1}).to_dict())
    ensure_connection(api, "default/snowflake/1700000003", assets=0)
    response = atlan_client.workflow.run(ConnectionDelete(qualified_name="default/snowflake/1700000003",
                                                          purge=False).to_workflow())
    every_phase = [AtlanWorkflowPhase(p) for p in ("Pending", "Running", "Succeeded", "Failed", "Error")]
    runs = atlan_client.workflow.find_runs_by_status_and_time_range(status=every_phase, started_at="now-1h")
    assert [r.source.spec.workflow_template_ref["name"] for r in runs.hits.hits].count(response.metadata.name) == 1
    assert atlan_emulator.call(lambda tenant: tenant.faults.get(rule["id"]).to_dict())["fired"] == 1


def test_find_by_type_rerun_stop_and_runs_by_status(atlan_client, timed) -> None:
    existing = atlan_client.workflow.find_by_type(WorkflowPackage.CONNECTION_DELETE, max_results=5)
    assert [w.source.metadata.name for w in existing] == ["atlan-connection-delete-1684500411"]
    assert atlan_client.workflow.find_by_id(existing[0].id).source.metadata.namespace == "default"
    rerun = atlan_client.workflow.rerun(existing[0])
    assert rerun.status.phase == AtlanWorkflowPhase.PENDING
    run_name = rerun.metadata.name
    assert atlan_client.workflow.find_run_by_id(run_name).status == AtlanWorkflowPhase.PENDING
    timed.advance(PHASE_SECONDS)
    stopped = atlan_client.workflow.stop(run_name)
    assert stopped.status.phase == AtlanWorkflowPhase.RUNNING
    assert stopped.status.stored_workflow_template_spec["workflowTemplateRef"]["name"] == existing[0].id
    timed.advance(PHASE_SECONDS)
    assert atlan_client.workflow.find_run_by_id(run_name).status == AtlanWorkflowPhase.FAILED
    failed = atlan_client.workflow.find_runs_by_status_and_time_range(
        status=[AtlanWorkflowPhase.FAILED], started_at="now-1h", finished_at="now")
    assert [r.id for r in failed.hits.hits] == [run_name]  # the dataset's stopped run is years old
    assert atlan_client.workflow.get_runs(existing[0].id, AtlanWorkflowPhase.SUCCESS).count == 1
    with pytest.raises(ConflictError):
        atlan_client.workflow.stop(run_name)


def test_monitor_a_rerun_response(atlan_client, api, timed) -> None:
    """monitor(rerun(...)) searches the template field for the run's name; the emulator finds the run."""
    guids = ensure_connection(api, SEED_CONNECTION)
    rerun = atlan_client.workflow.rerun(WorkflowPackage.CONNECTION_DELETE)
    timed.advance(2 * PHASE_SECONDS)
    assert atlan_client.workflow.monitor(rerun) == AtlanWorkflowPhase.SUCCESS
    assert statuses(atlan_client, guids) == ["DELETED"] * len(guids)


def test_rerun_idempotent_returns_the_live_run(atlan_client, timed) -> None:
    first = atlan_client.workflow.rerun(WorkflowPackage.CONNECTION_DELETE)
    again = atlan_client.workflow.rerun(WorkflowPackage.CONNECTION_DELETE, idempotent=True)  # sleeps 10 s
    assert again.metadata.name == first.metadata.name
    assert atlan_client.workflow.get_runs("atlan-connection-delete-1684500411", AtlanWorkflowPhase.PENDING).count == 1


def test_delete_archives_the_workflow(atlan_client) -> None:
    atlan_client.workflow.delete("atlan-connection-delete-1684500411")
    assert atlan_client.workflow.find_by_id("atlan-connection-delete-1684500411") is None
    assert atlan_client.workflow.find_by_type(WorkflowPackage.CONNECTION_DELETE) == []
    with pytest.raises(NotFoundError):
        atlan_client.workflow.delete("atlan-connection-delete-1684500411")


def test_schedules(atlan_client) -> None:
    assert atlan_client.workflow.get_all_scheduled_runs() is None
    scheduled = atlan_client.workflow.add_schedule(
        WorkflowPackage.CONNECTION_DELETE, WorkflowSchedule(cron_schedule="45 4 * * *", timezone="Europe/Paris"))
    assert scheduled.metadata.annotations["orchestration.atlan.com/schedule"] == "45 4 * * *"
    cron = atlan_client.workflow.get_scheduled_run("atlan-connection-delete-1684500411")
    assert cron.spec.schedule == "45 4 * * *" and cron.spec.timezone == "Europe/Paris"
    assert [c.metadata.name for c in atlan_client.workflow.get_all_scheduled_runs()] == [
        "atlan-connection-delete-1684500411-cron"]
    atlan_client.workflow.remove_schedule(WorkflowPackage.CONNECTION_DELETE)
    with pytest.raises(NotFoundError):
        atlan_client.workflow.get_scheduled_run("atlan-connection-delete-1684500411")
    owned = atlan_client.workflow.update_owner("atlan-connection-delete-1684500411", "bob")
    assert owned.metadata.labels["workflows.argoproj.io/creator-preferred-username"] == "bob"


# --- seed 001, as published (https://developer.atlan.com/snippets/workflows/packages/connection-delete/)
@pytest.fixture
def seed_env(atlan_emulator, api, monkeypatch) -> list[str]:
    monkeypatch.setenv("ATLAN_BASE_URL", atlan_emulator.url)
    monkeypatch.setenv("ATLAN_API_KEY", atlan_emulator.api_key)
    atlan_emulator.configure(workflow_pending_seconds=0, workflow_running_seconds=0)
    return ensure_connection(api, SEED_CONNECTION)


def test_seed_001_archive_assets(seed_env) -> None:
    from pyatlan.client.atlan import AtlanClient
    from pyatlan.model.packages import ConnectionDelete

    client = AtlanClient()

    workflow = ConnectionDelete(  # (1)
        qualified_name="default/snowflake/1234567890", purge=False  # (2)
    ).to_workflow()  # (3)

    response = client.workflow.run(workflow)  # (4)

    assert response.metadata.name.startswith("atlan-connection-delete-")
    assert statuses(client, seed_env) == ["DELETED"] * len(seed_env)


def test_seed_001_purge_assets(seed_env) -> None:
    from pyatlan.client.atlan import AtlanClient
    from pyatlan.model.packages import ConnectionDelete

    client = AtlanClient()

    workflow = ConnectionDelete(  # (1)
        qualified_name="default/snowflake/1234567890", purge=True  # (2)
    ).to_workflow()  # (3)

    response = client.workflow.run(workflow)  # (4)

    assert response.metadata.name.startswith("atlan-connection-delete-")
    assert statuses(client, seed_env) == [None] * len(seed_env)


def test_seed_001_rerun_existing_workflow(seed_env) -> None:
    from pyatlan.client.atlan import AtlanClient
    from pyatlan.model.enums import WorkflowPackage

    client = AtlanClient()

    existing = client.workflow.find_by_type(  # (1)
      prefix=WorkflowPackage.CONNECTION_DELETE, max_results=5
    )

    # Determine which Connection delete workflow (n)
    # from the list of results you want to re-run.
    n = 0
    response = client.workflow.rerun(existing[n])  # (2)

    assert response.spec.workflow_template_ref["name"] == "atlan-connection-delete-1684500411"
    assert response.status.phase == AtlanWorkflowPhase.SUCCESS  # phases take no time in this test
    assert statuses(client, seed_env) == ["DELETED"] * len(seed_env)


def test_seed_001_raw_rest(api, seed_env) -> None:
    found = api.post("/api/service/workflows/indexsearch", json={
      "from": 0,
      "size": 5,
      "query": {
        "bool": {
          "filter": [
            {
              "nested": {
                "path": "metadata",
                "query": {
                  "prefix": {
                    "metadata.name.keyword": {
                      "value": "atlan-connection-delete"
                    }
                  }
                }
              }
            }
          ]
        }
      },
      "sort": [
        {
          "metadata.creationTimestamp": {
            "nested": {
              "path": "metadata"
            },
            "order": "desc"
          }
        }
      ],
      "track_total_hits": True
    })
    assert found.status_code == 200
    assert found.json()["hits"]["hits"][0]["_source"]["metadata"]["name"] == "atlan-connection-delete-1684500411"
    rerun = api.post("/api/service/workflows/submit", json={
      "namespace": "default",
      "resourceKind": "WorkflowTemplate",
      "resourceName": "atlan-connection-delete-1684500411"
    })
    assert rerun.status_code == 200
    assert rerun.json()["status"]["phase"] == "Succeeded"


def test_schedule_query_workflows(atlan_client, timed) -> None:
    from pyatlan.model.workflow import ScheduleQueriesSearchRequest, Workflow, WorkflowMetadata, WorkflowSpec

    saved_query = "b7a1c2d3"
    workflow = Workflow(
        metadata=WorkflowMetadata(name=f"asq-{saved_query}-1700000000", namespace="default",
                                  annotations={"package.argoproj.io/name": "@atlan/schedule-query",
                                               "orchestration.atlan.com/schedule": "0 * * * *",
                                               "orchestration.atlan.com/timezone": "UTC"}),
        spec=WorkflowSpec(entrypoint="main", templates=[]),
    )
    created = atlan_client.workflow.run(workflow)
    found = atlan_client.workflow.find_schedule_query(saved_query)
    assert [w.id for w in found] == [created.metadata.name]
    assert atlan_client.workflow.get_scheduled_run(created.metadata.name).spec.schedule == "0 * * * *"
    rerun = atlan_client.workflow.re_run_schedule_query(created.metadata.name)
    assert rerun.status.phase == AtlanWorkflowPhase.PENDING
    window = ScheduleQueriesSearchRequest(start_date="2000-01-01T00:00:00.000+05:30",
                                          end_date="2999-01-01T00:00:00.000+05:30")
    assert len(atlan_client.workflow.find_schedule_query_between(window)) == 2
    assert atlan_client.workflow.find_schedule_query_between(window, missed=True) is None
    timed.advance(2 * PHASE_SECONDS)  # no package effect: both runs simply succeed
    assert atlan_client.workflow.get_runs(created.metadata.name, AtlanWorkflowPhase.SUCCESS).count == 2
