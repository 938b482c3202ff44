"""Index-search latency as the tenant grows: median of a term + __state filter query (a find_*
style lookup) and of a prefix query, at 10,000 and at 1,000,000 assets, in one run.

Assets go straight into a Tenant's store (the search index follows through the store listener),
and queries go through ``tenant.search.search`` with the bodies pyatlan sends, so the figures
are the search itself without HTTP. Both queries match the same number of assets at every size
(1 and 10), so the ratio shows how the cost grows with the tenant, not with the answer.

    .venv/bin/python bench/search_bench.py [--sizes 10000 1000000] [--runs 51]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from typing import Any

from emulator.config import EmulatorConfig
from emulator.entities.model import Entity
from emulator.tenant import Tenant

CONNECTION = "default/snowflake/1700000000"


def fill(tenant: Tenant, count: int) -> float:
    started = time.perf_counter()
    for i in range(count):
        name = f"t{i:07d}"
        tenant.store.put(Entity(
            guid=f"00000000-0000-4000-8000-{i:012d}", type_name="Table" if i % 10 else "View",
            attributes={"qualifiedName": f"{CONNECTION}/db/sc{i % 100}/{name}", "name": name,
                        "connectorName": "snowflake", "connectionQualifiedName": CONNECTION,
                        "description": f"table number {i}"},
            create_time=1_700_000_000_000 + i, update_time=1_700_000_000_000 + i, created_by="bench"))
    return time.perf_counter() - started


def body(query: dict[str, Any]) -> dict[str, Any]:
    return {"attributes": [], "dsl": {"from": 0, "size": 300, "aggregations": {}, "track_total_hits": True,
                                      "query": query, "sort": [{"__guid": {"order": "asc"}}]},
            "relationAttributes": ["name"], "requestMetadata": {"saveSearchLog": False, "utmTags": []}}


TERM = body({"bool": {"filter": [{"term": {"__state": {"value": "ACTIVE"}}},
                                 {"term": {"name.keyword": {"value": "t0004242"}}}]}})
PREFIX = body({"bool": {"filter": [{"term": {"__state": {"value": "ACTIVE", "case_insensitive": False}}},
                                   {"prefix": {"name.keyword": {"value": "t000424", "case_insensitive": False}}}]}})


def median_ms(tenant: Tenant, request: dict[str, Any], runs: int, expected: int) -> float:
    reply = tenant.search.search(request)  # warm-up (first use of a prefix index sorts its keys)
    assert reply["approximateCount"] == expected, reply["approximateCount"]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        tenant.search.search(request)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=51)
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        tenant = Tenant(EmulatorConfig(dataset="empty"))
        gc.disable()  # a growing long-lived heap: the cyclic collector would rescan it over and over
        load_s = fill(tenant, size)
        gc.enable()
        gc.collect()
        gc.freeze()
        term = median_ms(tenant, TERM, args.runs, expected=1)
        prefix = median_ms(tenant, PREFIX, args.runs, expected=10)
        rows.append((size, term, prefix, load_s))
        print(f"{size:>10,} assets: term+__state {term:7.3f} ms   prefix {prefix:7.3f} ms   "
              f"(load {load_s:6.1f} s, {size / load_s:,.0f} assets/s)", flush=True)
        del tenant
        gc.unfreeze()
        gc.collect()
    if len(rows) > 1:
        (small, t0, p0, _), (large, t1, p1, _) = rows[0], rows[-1]
        print(f"ratio {large:,} / {small:,}: term {t1 / t0:.2f}x, prefix {p1 / p0:.2f}x")


if __name__ == "__main__":
    main()
