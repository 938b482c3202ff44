"""Seeding: time and peak memory to generate and load 100,000 and 1,000,000 assets, and the
time of POST /_emulator/reset on a 100,000-asset tenant.

    python -m bench.seeding_bench            # 100k and 1M (the 1M run takes minutes)
    python -m bench.seeding_bench --sizes 100000

Each size runs in a fresh process so that its peak memory (max RSS) is its own, twice: without
the search index (generate, check the document, fill the entity store: this area's part) and
with it ("load" is then Tenant.reload: the check, the store and the search index over it).
The reset is timed over HTTP against a running server, after a small change each time (as a
test would make), and reports the server's own figure and the round trip.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time

import httpx


def cpu_s() -> float:
    """CPU seconds of this process so far: the machine is shared, so wall time alone misleads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return round(usage.ru_utime + usage.ru_stime, 2)


def measure(size: int) -> dict[str, float]:
    """One size in this process: generate, then load into a tenant (search index included)."""
    from emulator.config import EmulatorConfig
    from emulator.seeding import generate
    from emulator.tenant import Tenant

    started = time.perf_counter()
    document = generate(42, size)
    generated = time.perf_counter()
    generate_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tenant = Tenant(EmulatorConfig(dataset="empty"))
    tenant.reload(document)
    loaded = time.perf_counter()
    reset_times = []
    table = next(e for e in tenant.store if e.type_name == "Table")
    for _ in range(20):
        changed = table.copy()
        changed.attributes["name"] = "changed"
        tenant.store.put(changed)
        t0 = time.perf_counter()
        tenant.reset()
        reset_times.append((time.perf_counter() - t0) * 1000)
    return {
        "assets": size,
        "generate_s": round(generated - started, 2),
        "load_s": round(loaded - generated, 2),
        "total_s": round(loaded - started, 2),
        "generate_peak_mib": round(generate_rss),
        "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "reset_in_process_ms_median": round(statistics.median(reset_times), 3),
        "cpu_s": cpu_s(),
    }


def measure_store_only(size: int) -> dict[str, float]:
    """The same without the search index: generate, check the document, fill the entity store."""
    from emulator.entities.codec import parse_classification_defs, parse_entities
    from emulator.entities.store import EntityStore
    from emulator.entities.types import TypeRegistry
    from emulator.seeding import generate
    from emulator.seeding.bulk import gc_paused

    started = time.perf_counter()
    document = generate(42, size)
    generated = time.perf_counter()
    types = TypeRegistry.default()
    store = EntityStore(types)
    with gc_paused():
        tags = parse_classification_defs(document["classificationDefs"])
        store.replace_all(parse_entities(document["entities"], types, tags))
    loaded = time.perf_counter()
    return {"assets": size, "search_index": False, "generate_s": round(generated - started, 2),
            "load_s": round(loaded - generated, 2), "total_s": round(loaded - started, 2),
            "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), "cpu_s": cpu_s()}


def reset_over_http(size: int, rounds: int = 30) -> dict[str, float]:
    from emulator.config import EmulatorConfig
    from emulator.server import BackgroundServer

    server = BackgroundServer(EmulatorConfig(port=0, api_keys=["k"], dataset="generated", assets=size)).start()
    try:
        with httpx.Client(base_url=server.url, headers={"Authorization": "Bearer k"}, timeout=60) as client:
            state_guid = next(e.guid for e in server.tenant.store if e.type_name == "Table")
            server_ms, round_trip_ms = [], []
            for i in range(rounds):
                client.post("/api/meta/entity/bulk", json={"entities": [{
                    "typeName": "Table", "attributes": {"qualifiedName": f"bench/t{i}", "name": f"t{i}"}}]})
                client.delete(f"/api/meta/entity/guid/{state_guid}", params={"deleteType": "PURGE"})
                t0 = time.perf_counter()
                reply = client.post("/_emulator/reset").json()
                round_trip_ms.append((time.perf_counter() - t0) * 1000)
                server_ms.append(reply["ms"])
                assert reply["entities"] == size, reply
        return {"assets": size, "reset_server_ms_median": round(statistics.median(server_ms), 3),
                "reset_server_ms_max": round(max(server_ms), 3),
                "reset_round_trip_ms_median": round(statistics.median(round_trip_ms), 3)}
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process mode
    parser.add_argument("--store-only", action="store_true", help="leave the search index out")
    parser.add_argument("--reset", type=int, default=100_000, help="tenant size for the HTTP reset timing")
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure_store_only(args.one) if args.store_only else measure(args.one)))
        return 0
    for size in args.sizes:
        for mode in (["--store-only"], []):
            child = subprocess.run([sys.executable, "-m", "bench.seeding_bench", "--one", str(size), *mode],
                                   capture_output=True, text=True, check=True)
            print(child.stdout.strip().splitlines()[-1], flush=True)
    if args.reset:
        print(json.dumps(reset_over_http(args.reset)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
