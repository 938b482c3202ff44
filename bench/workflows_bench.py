"""Workflow domain figures, in one run (read the ratios): runs/indexsearch latency with pyatlan's
monitor query (one template's latest run) at 100 and at 10,000 stored runs of 100 templates, the
same for a query that pins no template (find_runs_by_status_and_time_range: every run is tested), and a connection-delete run over 10,000 assets
in tenants of 20,000 and 100,000 assets (the executor scans the store once).

    .venv/bin/python bench/workflows_bench.py
"""

from __future__ import annotations

import statistics
import time

from emulator.config import EmulatorConfig
from emulator.entities.model import Entity
from emulator.tenant import Tenant

TEMPLATE = "atlan-connection-delete-1700000000"
MONITOR_QUERY = {"from": 0, "size": 1, "query": {"bool": {"filter": [{"nested": {"path": "spec", "query": {
    "term": {"spec.workflowTemplateRef.name.keyword": {"value": TEMPLATE}}}}}]}},
    "sort": [{"status.startedAt": {"order": "desc"}}]}


def tenant() -> Tenant:
    t = Tenant(EmulatorConfig(dataset="empty", clock="virtual"))
    t.settings.workflow_pending_seconds = t.settings.workflow_running_seconds = 1
    return t


STATUS_QUERY = {"from": 0, "size": 100, "query": {"bool": {"must": [
    {"nested": {"path": "metadata", "query": {"terms": {"metadata.labels.workflows.argoproj.io/phase.keyword": ["Failed"]}}}},
    {"range": {"status.startedAt": {"gte": "now-1h"}}}]}}}


def search_latency(runs: int, query: dict) -> float:
    t = tenant()
    templates = [TEMPLATE] + [f"atlan-other-{i:010d}" for i in range(99)]
    for name in templates:
        t.workflows.create({"metadata": {"name": name}, "spec": {}})
    for i in range(runs - len(templates)):
        t.workflows.submit({"resourceName": templates[i % len(templates)]})
    samples = []
    for _ in range(20):
        started = time.perf_counter()
        t.workflows.search_runs(query)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def delete_seconds(total: int, in_connection: int) -> float:
    t = tenant()
    qn = "default/snowflake/1"
    t.store.put(Entity(guid="c", type_name="Connection", attributes={"qualifiedName": qn, "name": "c"}))
    for i in range(total):
        attributes = {"qualifiedName": f"default/other/{i}", "name": f"t{i}"}
        if i < in_connection:
            attributes = {"qualifiedName": f"{qn}/t{i}", "name": f"t{i}", "connectionQualifiedName": qn}
        t.store.put(Entity(guid=f"g{i}", type_name="Table", attributes=attributes))
    t.settings.workflow_pending_seconds = t.settings.workflow_running_seconds = 0
    body = {"metadata": {"name": TEMPLATE}, "spec": {"templates": [{"dag": {"tasks": [{
        "templateRef": {"name": "atlan-connection-delete"},
        "arguments": {"parameters": [{"name": "connection-qualified-name", "value": qn}]}}]}}]}}
    started = time.perf_counter()
    t.workflows.create(body)  # zero durations: the run and its deletions happen here
    elapsed = time.perf_counter() - started
    assert t.store.get("g0") is not None and t.store.get("g0").status == "DELETED"  # type: ignore[union-attr]
    return elapsed


def main() -> None:
    for label, query in (("monitor query", MONITOR_QUERY), ("status/time query", STATUS_QUERY)):
        small, large = search_latency(100, query), search_latency(10_000, query)
        print(f"runs/indexsearch ({label}) median: {small:.2f} ms at 100 runs, {large:.2f} ms at 10,000 "
              f"(x{large / small:.1f})")
    d20, d100 = delete_seconds(20_000, 10_000), delete_seconds(100_000, 10_000)
    print(f"connection-delete of 10,000 assets: {d20:.2f} s in a 20,000-asset tenant, {d100:.2f} s in 100,000 "
          f"(x{d100 / d20:.1f})")


if __name__ == "__main__":
    main()
