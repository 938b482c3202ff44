"""A generated tenant's workflow templates and past runs over HTTP: reset to a seed and size,
find the crawlers the way pyatlan's find_by_type does, their runs by template and by phase,
re-run one, and see them all in the exported state."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from emulator.seeding import generate

SERVICE = "/api/service"
SEED, ASSETS = 5, 300


@pytest.fixture
def generated(api: httpx.Client) -> Iterator[dict[str, Any]]:
    """The session server reset to a generated tenant (the suite's empty one put back after)."""
    r = api.post("/_emulator/reset", json={"dataset": "generated", "seed": SEED, "assets": ASSETS})
    assert r.status_code == 200, r.text
    yield generate(SEED, ASSETS)
    r = api.post("/_emulator/reset", json={"dataset": "empty", "seed": 42, "assets": 200})
    assert r.status_code == 200, r.text


def by_type(prefix: str, size: int = 10) -> dict[str, Any]:
    """The body pyatlan 10's find_by_type(WorkflowPackage...) sends."""
    regex = prefix.replace("-", "[-]") + "[-][0-9]{10}"
    return {"from": 0, "size": size, "track_total_hits": True,
            "sort": [{"metadata.creationTimestamp": {"nested": {"path": "metadata"}, "order": "desc"}}],
            "query": {"bool": {"filter": [{"nested": {"path": "metadata", "query": {
                "regexp": {"metadata.name.keyword": {"value": regex}}}}}]}}}


def runs_of(template: str, phase: str | None = None) -> dict[str, Any]:
    """The body of pyatlan's get_runs(template, phase)."""
    query: dict[str, Any] = {"bool": {"must": [{"nested": {"path": "spec", "query": {
        "term": {"spec.workflowTemplateRef.name.keyword": {"value": template}}}}}]}}
    if phase:
        query["bool"]["filter"] = [{"term": {"status.phase.keyword": {"value": phase}}}]
    return {"from": 0, "size": 100, "track_total_hits": True, "query": query}


def names(reply: httpx.Response) -> list[str]:
    assert reply.status_code == 200, reply.text
    return [hit["_id"] for hit in reply.json()["hits"]["hits"]]


def crawlers_of(document: dict[str, Any], connector: str) -> list[dict[str, Any]]:
    found = [w for w in document["workflows"] if w["metadata"]["name"].startswith(f"atlan-{connector}-")]
    return sorted(found, key=lambda w: w["metadata"]["creationTimestamp"], reverse=True)


def test_find_by_type_finds_the_crawler_of_each_connection(api: httpx.Client, generated: dict[str, Any]) -> None:
    connections = [e["attributes"]["qualifiedName"] for e in generated["entities"] if e["typeName"] == "Connection"]
    for connector in sorted({qn.split("/")[1] for qn in connections}):
        found = names(api.post(f"{SERVICE}/workflows/indexsearch", json=by_type(f"atlan-{connector}")))
        expected = [w["metadata"]["name"] for w in crawlers_of(generated, connector)]
        assert found == expected and found
        assert sorted(found) == sorted(f"atlan-{connector}-{qn.rsplit('/', 1)[1]}"
                                       for qn in connections if qn.split("/")[1] == connector)


def test_runs_by_template_and_by_phase(api: httpx.Client, generated: dict[str, Any]) -> None:
    crawler = crawlers_of(generated, "snowflake")[0]["metadata"]["name"]
    expected = [r for r in generated["runs"] if r["spec"]["workflowTemplateRef"]["name"] == crawler]
    assert sorted(names(api.post(f"{SERVICE}/runs/indexsearch", json=runs_of(crawler)))) == sorted(
        r["metadata"]["name"] for r in expected)
    succeeded = [r["metadata"]["name"] for r in expected if r["status"]["phase"] == "Succeeded"]
    assert sorted(names(api.post(f"{SERVICE}/runs/indexsearch", json=runs_of(crawler, "Succeeded")))) == sorted(
        succeeded)
    # find_runs_by_status_and_time_range: every Failed run of the tenant, years before now.
    failed = {"from": 0, "size": 100, "track_total_hits": True, "query": {"bool": {"must": [
        {"nested": {"path": "metadata", "query": {
            "terms": {"metadata.labels.workflows.argoproj.io/phase.keyword": ["Failed"]}}}},
        {"range": {"status.startedAt": {"gte": "now-10y"}}},
        {"nested": {"path": "metadata", "query": {"exists": {"field": "metadata.labels.workflows.argoproj.io/creator"}}}},
    ]}}}
    expected_failed = [r["metadata"]["name"] for r in generated["runs"] if r["status"]["phase"] == "Failed"]
    assert expected_failed
    assert sorted(names(api.post(f"{SERVICE}/runs/indexsearch", json=failed))) == sorted(expected_failed)
    failed["query"]["bool"]["must"][1] = {"range": {"status.startedAt": {"gte": "now-1h"}}}
    assert names(api.post(f"{SERVICE}/runs/indexsearch", json=failed)) == []


def test_a_generated_crawler_reruns_and_reset_forgets_the_run(api: httpx.Client, generated: dict[str, Any]) -> None:
    assert api.patch("/_emulator/config", json={"workflow_pending_seconds": 0,
                                                "workflow_running_seconds": 0}).status_code == 200
    crawler = crawlers_of(generated, "postgres")[0]["metadata"]["name"]
    r = api.post(f"{SERVICE}/workflows/submit", json={
        "namespace": "default", "resourceKind": "WorkflowTemplate", "resourceName": crawler})
    assert r.status_code == 200, r.text
    run = r.json()["metadata"]["name"]
    assert run.startswith(f"{crawler}-")
    after = names(api.post(f"{SERVICE}/runs/indexsearch", json=runs_of(crawler, "Succeeded")))
    assert run in after
    assert api.post("/_emulator/reset").status_code == 200
    assert run not in names(api.post(f"{SERVICE}/runs/indexsearch", json=runs_of(crawler)))


def test_the_export_carries_the_generated_workflows_and_runs(api: httpx.Client, generated: dict[str, Any]) -> None:
    state = api.get("/_emulator/state").json()
    assert json.dumps([state["workflows"], state["runs"]], sort_keys=True) == json.dumps(
        [generated["workflows"], generated["runs"]], sort_keys=True)
    other = api.post("/_emulator/reset", json={"dataset": "generated", "seed": SEED + 1, "assets": ASSETS})
    assert other.status_code == 200, other.text
    assert api.get("/_emulator/state").json()["workflows"] != state["workflows"]


def test_the_docs_dataset_keeps_its_connection_delete_first(api: httpx.Client, generated: dict[str, Any]) -> None:
    r = api.post("/_emulator/reset", json={"dataset": "docs", "seed": SEED, "assets": 3000})
    assert r.status_code == 200, r.text
    found = names(api.post(f"{SERVICE}/workflows/indexsearch", json=by_type("atlan-connection-delete")))
    assert found[0] == "atlan-connection-delete-1684500411"
    assert len(found) == 3  # the docs' own and two generated ones of retired connections
    assert names(api.post(f"{SERVICE}/workflows/indexsearch", json=by_type("atlan-snowflake")))
