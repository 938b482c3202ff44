"""Mixed realistic load on a large generated tenant: 70% index searches (the FluentSearch shapes
pyatlan sends: find by name, a table's columns, a schema's assets by prefix, paging a type, a
type breakdown aggregation), 20% GET-by-GUID, 10% bulk writes (creates of 20 tables, and
soft deletes of what was created), at a fixed concurrency, through the default server (contract
validation strict, as users run it). Prints throughput and p50/p99 overall and per kind.

    .venv/bin/python bench/mixed_bench.py [--assets 100000] [--requests 10000] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import deque
from pathlib import Path
from typing import Any

import aiohttp

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from entity_bench import HEADERS, free_port, wait_ready  # noqa: E402
from loadgen import LoadResult  # noqa: E402

SEARCH = "/api/meta/search/indexsearch"
BULK = "/api/meta/entity/bulk"


def search_body(filters: list[dict[str, Any]], *, size: int = 20, offset: int = 0,
                aggregations: dict[str, Any] | None = None) -> dict[str, Any]:
    """The request FluentSearch builds (attributes, sort on __guid for stable paging)."""
    return {"attributes": ["name", "qualifiedName", "description", "certificateStatus"],
            "dsl": {"from": offset, "size": size, "track_total_hits": True, "aggregations": aggregations or {},
                    "query": {"bool": {"filter": [{"term": {"__state": {"value": "ACTIVE"}}}, *filters]}},
                    "sort": [{"__guid": {"order": "asc"}}]},
            "relationAttributes": ["name"], "requestMetadata": {"saveSearchLog": False, "utmTags": []}}


class Workload:
    """Requests drawn from one seeded RNG over the tenant's own names, GUIDs and schemas."""

    def __init__(self, document: dict[str, Any], seed: int) -> None:
        self.rng = random.Random(seed)
        entities = document["entities"]
        self.guids = [e["guid"] for e in entities]
        self.tables = [e["attributes"] for e in entities if e["typeName"] == "Table"]
        self.schemas = [e["attributes"]["qualifiedName"] for e in entities if e["typeName"] == "Schema"]
        self.connections = sorted({a["connectionQualifiedName"] for a in self.tables})
        self.type_count = sum(1 for e in entities if e["typeName"] == "Table")
        self.created: deque[str] = deque()
        self.serial = 0

    def next(self) -> tuple[str, str, str, Any]:
        """(kind, method, path, JSON body)."""
        roll = self.rng.random()
        if roll < 0.70:
            return self.search()
        if roll < 0.90:
            guid = self.rng.choice(self.guids)
            return "get", "GET", f"/api/meta/entity/guid/{guid}?minExtInfo=false&ignoreRelationships=false", None
        if self.created and self.rng.random() < 0.5:
            doomed = [self.created.popleft() for _ in range(min(20, len(self.created)))]
            return "delete", "DELETE", BULK + "?deleteType=SOFT&" + "&".join(f"guid={g}" for g in doomed), None
        return self.create()

    def search(self) -> tuple[str, str, str, Any]:
        roll = self.rng.random()
        table = self.rng.choice(self.tables)
        if roll < 0.35:
            body = search_body([{"term": {"__typeName.keyword": {"value": "Table"}}},
                                {"term": {"name.keyword": {"value": table["name"]}}}], size=10)
        elif roll < 0.55:
            body = search_body([{"term": {"__typeName.keyword": {"value": "Column"}}},
                                {"term": {"tableQualifiedName": {"value": table["qualifiedName"]}}}], size=50)
        elif roll < 0.75:
            body = search_body([{"prefix": {"qualifiedName": {"value": self.rng.choice(self.schemas) + "/"}}}],
                               size=50)
        elif roll < 0.90:
            offset = self.rng.randrange(0, max(1, min(self.type_count, 5_000) - 100))
            body = search_body([{"term": {"__typeName.keyword": {"value": "Table"}}}], size=100, offset=offset)
        else:
            body = search_body([{"term": {"connectionQualifiedName": {"value": self.rng.choice(self.connections)}}}],
                               size=0, aggregations={"types": {"terms": {"field": "__typeName.keyword", "size": 50}}})
        return "search", "POST", SEARCH, body

    def create(self) -> tuple[str, str, str, Any]:
        schema = self.rng.choice(self.schemas)
        connection = "/".join(schema.split("/")[:3])
        entities = []
        for i in range(20):
            self.serial += 1
            name = f"BENCH_{self.serial:07d}"
            entities.append({"typeName": "Table", "guid": f"-{i + 1}", "attributes": {
                "qualifiedName": f"{schema}/{name}", "name": name, "connectionQualifiedName": connection,
                "connectorName": connection.split("/")[1],
                "atlanSchema": {"typeName": "Schema", "uniqueAttributes": {"qualifiedName": schema}}}})
        return "create", "POST", BULK, {"entities": entities}


async def run_mixed(base: str, workload: Workload, total: int, concurrency: int) -> dict[str, LoadResult]:
    latencies: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    remaining = total
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(base, connector=connector, headers=HEADERS,
                                     timeout=aiohttp.ClientTimeout(total=120)) as session:
        async def worker() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                kind, method, path, body = workload.next()
                started = time.perf_counter()
                async with session.request(method, path, json=body) as response:
                    payload = await response.read()
                    if response.status != 200:
                        errors[kind] = errors.get(kind, 0) + 1
                    elif kind == "create":
                        workload.created.extend(json.loads(payload)["guidAssignments"].values())
                latencies.setdefault(kind, []).append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    results = {kind: LoadResult(kind, len(values), elapsed, values, errors.get(kind, 0))
               for kind, values in sorted(latencies.items())}
    every = [v for values in latencies.values() for v in values]
    results["all"] = LoadResult("all (mixed)", len(every), elapsed, every, sum(errors.values()))
    return results


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--assets", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from emulator.seeding import generate

    started = time.perf_counter()
    document = generate(args.seed, args.assets)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(document, fh)
    print(f"generated {args.assets:,} assets in {time.perf_counter() - started:.1f} s", flush=True)
    workload = Workload(document, args.seed)
    del document

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "emulator", "serve", "--port", str(port), "--dataset", fh.name,
                               "--log-format", "off"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        started = time.perf_counter()
        for _ in range(20):
            try:
                wait_ready(base + "/_emulator/health")
                break
            except RuntimeError:
                continue
        print(f"server ready in {time.perf_counter() - started:.1f} s, RSS {rss_mib(server.pid):,.0f} MiB", flush=True)
        asyncio.run(run_mixed(base, workload, min(500, args.requests), args.concurrency))  # warm-up
        results = asyncio.run(run_mixed(base, workload, args.requests, args.concurrency))
        rss = rss_mib(server.pid)
    finally:
        server.terminate()
        server.wait()
        os.unlink(fh.name)

    print(f"{time.strftime('%Y-%m-%d')}  {os.cpu_count()} cores  {args.assets:,} assets  {args.requests:,} requests "
          f"at concurrency {args.concurrency}; 70% search / 20% GET / 10% bulk create+delete; server RSS {rss:,.0f} MiB")
    for result in results.values():
        print(f"{result.name:<14} {result.requests:>7,} requests  {result.rps:>7.0f} req/s  "
              f"p50 {result.percentile(50):7.2f} ms  p99 {result.percentile(99):7.2f} ms  errors {result.errors}")
    overall = results["all"]
    print(json.dumps({"assets": args.assets, "rps": round(overall.rps), "p50_ms": round(overall.percentile(50), 2),
                      "p99_ms": round(overall.percentile(99), 2), "errors": overall.errors,
                      "server_rss_mib": round(rss)}))


if __name__ == "__main__":
    main()
