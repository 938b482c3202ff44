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
