"""pyatlan 10.0.0's client.workflow on a generated tenant (seed and size, no docs dataset): its
crawler templates are found by type, their past runs by name, phase and time, and a crawler
reruns to success."""

from __future__ import annotations

import warnings

import pytest
from pyatlan.model.enums import AtlanWorkflowPhase, WorkflowPackage

from emulator.seeding import generate

warnings.filterwarnings("ignore", category=DeprecationWarning)

SEED, ASSETS = 5, 300
pytestmark = pytest.mark.atlan_emulator(dataset="generated", seed=SEED, assets=ASSETS)
GENERATED = generate(SEED, ASSETS)


def runs_of(template: str) -> list[dict]:
    return [r for r in GENERATED["runs"] if r["spec"]["workflowTemplateRef"]["name"] == template]


def test_find_a_generated_crawler_by_type_and_its_runs(atlan_client) -> None:
    snowflake = sorted(qn for qn in (e["attributes"]["qualifiedName"] for e in GENERATED["entities"]
                                     if e["typeName"] == "Connection") if qn.startswith("default/snowflake/"))
    found = atlan_client.workflow.find_by_type(WorkflowPackage.SNOWFLAKE, max_results=50)
    assert sorted(w.source.metadata.name for w in found) == [f"atlan-snowflake-{qn.rsplit('/', 1)[1]}"
                                                             for qn in snowflake]
    crawler = found[0]
    assert crawler.source.metadata.annotations["package.argoproj.io/name"] == "@atlan/snowflake"
    name = crawler.source.metadata.name
    expected = runs_of(name)
    succeeded = atlan_client.workflow.get_runs(name, AtlanWorkflowPhase.SUCCESS)
    assert sorted(r.id for r in succeeded.hits.hits) == sorted(
        r["metadata"]["name"] for r in expected if r["status"]["phase"] == "Succeeded")
    latest = atlan_client.workflow._find_latest_run(name)
    assert latest.id == max(expected, key=lambda r: r["status"]["startedAt"])["metadata"]["name"]
    assert latest.source.status.finished_at is not None


def test_find_generated_runs_by_status_and_time(atlan_client) -> None:
    failed = atlan_client.workflow.find_runs_by_status_and_time_range(
        status=[AtlanWorkflowPhase.FAILED], started_at="now-10y")
    expected = sorted(r["metadata"]["name"] for r in GENERATED["runs"] if r["status"]["phase"] == "Failed")
    assert expected and sorted(r.id for r in failed.hits.hits) == expected
    assert all(r.status == AtlanWorkflowPhase.FAILED for r in failed.hits.hits)
    recent = atlan_client.workflow.find_runs_by_status_and_time_range(
        status=[AtlanWorkflowPhase.SUCCESS, AtlanWorkflowPhase.FAILED], started_at="now-1h")
    assert recent.hits.hits == []  # every generated run is from before the generator's epoch


def test_rerun_a_generated_crawler(atlan_client, atlan_emulator) -> None:
    atlan_emulator.configure(workflow_pending_seconds=30, workflow_running_seconds=30)
    crawler = atlan_client.workflow.find_by_type(WorkflowPackage.POSTGRES)[0]
    name = crawler.source.metadata.name
    rerun = atlan_client.workflow.rerun(crawler)
    assert rerun.status.phase == AtlanWorkflowPhase.PENDING
    assert rerun.spec.workflow_template_ref["name"] == name
    atlan_emulator.advance(60)
    assert atlan_client.workflow.find_run_by_id(rerun.metadata.name).status == AtlanWorkflowPhase.SUCCESS
    assert atlan_client.workflow._find_latest_run(name).id == rerun.metadata.name
    before = len([r for r in runs_of(name) if r["status"]["phase"] == "Succeeded"])
    assert atlan_client.workflow.get_runs(name, AtlanWorkflowPhase.SUCCESS).count == before + 1
