"""What --state-file costs: single-asset bulk creates over HTTP against one server in memory and
one with a state file (SQLite WAL, synchronous=FULL, one commit per request), same run, same
client; and the time a restart spends loading the saved tenant.

    .venv/bin/python bench/state_file_bench.py [--writes 500] [--tenant 5000]

One run on the shared 2-core VM (others' tests running; read the ratio):

| mode | median ms/write | p95 ms/write | ratio |
|---|---:|---:|---:|
| memory | 1.24 | 2.72 | 1.00x |
| state file | 3.31 | 8.17 | 2.66x |

restart with 5000 saved assets: 0.46 s (server start incl. loading). The difference is the
fsync of each commit (synchronous=FULL): the price of "acknowledged means durable".
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from emulator.config import EmulatorConfig
from emulator.server import BackgroundServer


def _body(i: int) -> dict[str, object]:
    return {"entities": [{"typeName": "Table", "attributes": {
        "qualifiedName": f"default/snowflake/1/db/schema/t{i}", "name": f"t{i}"}}]}


def timed_writes(server: BackgroundServer, count: int, offset: int = 0) -> list[float]:
    out = []
    with httpx.Client(base_url=server.url, headers={"Authorization": "Bearer bench"}, timeout=60) as client:
        for i in range(offset, offset + count):
            started = time.perf_counter()
            assert client.post("/api/meta/entity/bulk", json=_body(i)).status_code == 200
            out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writes", type=int, default=500)
    parser.add_argument("--tenant", type=int, default=5000, help="assets saved before the restart timing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "bench.sqlite"
        results = {}
        for label, extra in (("memory", {}), ("state file", {"state_file": str(state)})):
            config = EmulatorConfig(port=0, dataset="empty", log_format="off", **extra)  # type: ignore[arg-type]
            server = BackgroundServer(config).start()
            timed_writes(server, 20, offset=1_000_000)  # warm up
            results[label] = timed_writes(server, args.writes)
            if extra:
                timed_writes(server, args.tenant - args.writes - 20, offset=2_000_000)
            server.stop()
        config = EmulatorConfig(port=0, dataset="empty", log_format="off", state_file=str(state))
        started = time.perf_counter()
        server = BackgroundServer(config).start()
        restart = time.perf_counter() - started
        with httpx.Client(base_url=server.url, headers={"Authorization": "Bearer b"}) as client:
            loaded = len(client.get("/_emulator/state").json()["entities"])
        server.stop()
    base = statistics.median(results["memory"])
    print("| mode | median ms/write | p95 ms/write | ratio |\n|---|---:|---:|---:|")
    for label, times in results.items():
        p95 = sorted(times)[int(len(times) * 0.95)]
        print(f"| {label} | {statistics.median(times):.2f} | {p95:.2f} | {statistics.median(times) / base:.2f}x |")
    print(f"restart with {loaded} saved assets: {restart:.2f} s (server start incl. loading)")


if __name__ == "__main__":
    main()
