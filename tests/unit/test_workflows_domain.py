"""The workflows domain without HTTP: the run lifecycle on a virtual clock, stop, executors,
export/load of live runs."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.clock import Clock
from emulator.config import EmulatorConfig
from emulator.errors import BadRequest, Conflict
from emulator.tenant import Tenant
from emulator.workflows.documents import PHASES
from emulator.workflows.executors import Outcome
from emulator.workflows.lifecycle import PhaseDurations, RunLifecycle


def new_run() -> dict[str, Any]:
    return {"metadata": {"name": "t-abcde", "labels": {}}, "spec": {"workflowTemplateRef": {"name": "t"}}, "status": {}}


SUCCESS = Outcome("Succeeded")


def machine(clock: Clock, outcome: Outcome = SUCCESS) -> tuple[RunLifecycle, list[str]]:
    seen: list[str] = []
    lifecycle = RunLifecycle(clock, lambda: PhaseDurations(2, 3, 1), lambda run: outcome,
                             on_change=lambda run: seen.append(run["status"]["phase"]))
    return lifecycle, seen


def test_phases_follow_the_clock() -> None:
    clock = Clock(virtual=True, start_ms=0)
    lifecycle, seen = machine(clock)
    run = new_run()
    lifecycle.start(run)
    clock.advance(1.9)
    assert seen == ["Pending"]
    clock.advance(0.1)
    assert seen == ["Pending", "Running"]
    clock.advance(3)
    assert seen == ["Pending", "Running", "Succeeded"]
    assert run["metadata"]["labels"]["workflows.argoproj.io/phase"] == "Succeeded"
    assert run["status"]["startedAt"] == "1970-01-01T00:00:00Z" and run["status"]["finishedAt"] == "1970-01-01T00:00:05Z"


def test_stop_ends_failed_without_the_effect_and_twice_is_a_conflict() -> None:
    clock = Clock(virtual=True, start_ms=0)
    lifecycle, seen = machine(clock, Outcome("Error", "must not happen"))
    run = new_run()
    lifecycle.start(run)
    clock.advance(2)
    lifecycle.stop(run)
    clock.advance(10)
    assert seen == ["Pending", "Running", "Failed"]
    assert run["status"]["message"] == "Stopped with strategy 'Stop'"
    with pytest.raises(Conflict):
        lifecycle.stop(run)


def test_zero_durations_finish_at_once() -> None:
    clock = Clock(virtual=True, start_ms=0)
    seen: list[str] = []
    lifecycle = RunLifecycle(clock, lambda: PhaseDurations(0, 0, 0), lambda run: Outcome("Failed", "x"),
                             on_change=lambda run: seen.append(run["status"]["phase"]))
    lifecycle.start(new_run())
    assert seen == ["Pending", "Running", "Failed"]
    assert set(seen) <= set(PHASES)


def test_load_rejects_bad_documents_and_keeps_what_was_there() -> None:
    tenant = Tenant(EmulatorConfig(dataset="empty", clock="virtual"))
    tenant.workflows.create({"metadata": {"name": "w-1"}, "spec": {}})
    with pytest.raises(BadRequest):
        tenant.workflows.load([{"metadata": {"name": "x"}, "spec": {}}], [{"metadata": {}}])
    assert list(tenant.workflows.templates) == ["w-1"]
    with pytest.raises(BadRequest):
        tenant.workflows.load([{"metadata": {"name": "x"}, "spec": {}}],
                              [dict(new_run(), status={"phase": "Stopped"})])


def test_export_then_load_resumes_live_runs() -> None:
    tenant = Tenant(EmulatorConfig(dataset="empty", clock="virtual"))
    tenant.settings.workflow_pending_seconds = 5
    tenant.workflows.create({"metadata": {"name": "w-1"}, "spec": {}})
    state = tenant.export()
    tenant.load(state)
    (run,) = tenant.workflows.runs.values()
    assert run["status"]["phase"] == "Pending"
    tenant.clock.advance(5)
    assert run["status"]["phase"] == "Running"


def test_required_values_only_narrows_where_every_hit_must_match() -> None:
    from emulator.workflows.search import required_values

    field = "spec.workflowTemplateRef.name.keyword"
    q6 = {"bool": {"filter": [{"nested": {"path": "spec", "query": {"term": {field: {"value": "T-1"}}}}}]}}
    assert required_values(q6, field) == {"t-1"}
    assert required_values({"bool": {"must": [{"terms": {field: ["a", "B"]}}], "filter": {"term": {field: "b"}}}},
                           field) == {"b"}
    assert required_values({"bool": {"should": [{"term": {field: "a"}}]}}, field) is None
    assert required_values({"bool": {"must_not": [{"term": {field: "a"}}]}}, field) is None
    assert required_values({"term": {"other": "a"}}, field) is None
    assert required_values(None, field) is None


def test_narrowed_run_search_finds_what_a_full_scan_finds() -> None:
    from emulator.workflows.search import search_documents

    tenant = Tenant(EmulatorConfig(dataset="empty", clock="virtual"))
    for name in ("a-1", "b-1"):
        tenant.workflows.create({"metadata": {"name": name}, "spec": {}})
        tenant.workflows.submit({"resourceName": name})
    run_name = next(name for name in tenant.workflows.runs if name.startswith("a-1-"))
    field = "spec.workflowTemplateRef.name.keyword"
    for query in (
        {"bool": {"filter": [{"nested": {"path": "spec", "query": {"term": {field: {"value": "a-1"}}}}}]}},
        {"bool": {"filter": [{"nested": {"path": "spec", "query": {"term": {field: {"value": run_name}}}}}]}},
        {"bool": {"filter": [{"term": {"_id": {"value": run_name}}}]}},
        {"bool": {"must": [{"term": {"_id": run_name}}], "filter": [{"term": {field: "b-1"}}]}},
    ):
        body = {"query": query, "size": 50}
        everything = [(n, r) for n, r in reversed(tenant.workflows.runs.items())]
        expected = search_documents(everything, body, index="workflow-runs", now_ms=tenant.clock.now_ms())
        assert tenant.workflows.search_runs(body)["hits"] == expected["hits"], query


def test_a_run_polled_late_has_moved_on_exactly_on_time() -> None:
    """The clock is lazy (actions run when a request settles it): phases chain from their due
    times, so one late look sees the whole way, with the times it should have had."""
    clock = Clock(virtual=True, start_ms=0)
    lifecycle, seen = machine(clock)
    run = new_run()
    lifecycle.start(run)
    clock._virtual_now = 60_000  # time passes with nobody asking...
    clock.run_due()  # ...then one request settles the clock
    assert seen == ["Pending", "Running", "Succeeded"]
    assert run["status"]["finishedAt"] == "1970-01-01T00:00:05Z"
