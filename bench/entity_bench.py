"""GET-by-GUID throughput of the emulator next to a bare aiohttp handler returning the same JSON
(the ceiling), and bulk-create throughput for 10,000 assets. Both servers run as separate
processes, one at a time, against the same client; read the ratios, not the absolute figures.

    .venv/bin/python bench/entity_bench.py [--requests 20000] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadgen import run_load  # noqa: E402

HEADERS = {"Authorization": "Bearer bench"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str) -> None:
    for _ in range(200):
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"server at {url} did not start")


def start(cmd: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--bulk", type=int, default=10000)
    args = parser.parse_args()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    emulator = start([sys.executable, "-m", "emulator", "serve", "--port", str(port), "--dataset", "empty"])
    try:
        wait_ready(base + "/_emulator/health")
        batch = [{"typeName": "Table", "guid": f"-{i}", "attributes": {
            "qualifiedName": f"default/snowflake/1/db/sc/t{i}", "name": f"t{i}", "description": "bench"}}
            for i in range(args.bulk)]
        started = time.perf_counter()
        for i in range(0, len(batch), 1000):
            r = httpx.post(base + "/api/meta/entity/bulk", json={"entities": batch[i:i + 1000]},
                           headers=HEADERS, timeout=120)
            r.raise_for_status()
        bulk_seconds = time.perf_counter() - started
        guid = r.json()["guidAssignments"]["-" + str(args.bulk - 1)]
        url = f"{base}/api/meta/entity/guid/{guid}?minExtInfo=false&ignoreRelationships=true"
        body = httpx.get(url, headers=HEADERS).content
        emu = asyncio.run(run_load("emulator GET /entity/guid", url, total=args.requests,
                                   concurrency=args.concurrency, headers=HEADERS))
    finally:
        emulator.terminate()
        emulator.wait()

    with tempfile.NamedTemporaryFile("wb", suffix=".json", delete=False) as fh:
        fh.write(body)
    bare_port = free_port()
    bare = start([sys.executable, str(Path(__file__).with_name("bare_server.py")), fh.name, str(bare_port)])
    try:
        bare_url = f"http://127.0.0.1:{bare_port}/api/meta/entity/guid/{guid}"
        wait_ready(bare_url)
        ceiling = asyncio.run(run_load("bare aiohttp handler", bare_url, total=args.requests,
                                       concurrency=args.concurrency))
    finally:
        bare.terminate()
        bare.wait()
        os.unlink(fh.name)

    print(f"machine: {os.cpu_count()} cores; {args.requests} requests at concurrency {args.concurrency}; "
          f"body {len(body)} bytes")
    print(ceiling.row(ceiling))
    print(emu.row(ceiling))
    print(f"bulk create: {args.bulk} assets in {bulk_seconds:.2f} s = {args.bulk / bulk_seconds:,.0f} assets/s "
          f"(batches of 1000 over HTTP)")
    print(json.dumps({"emulator_rps": round(emu.rps), "bare_rps": round(ceiling.rps),
                      "ratio": round(emu.rps / ceiling.rps, 3), "bulk_assets_per_s": round(args.bulk / bulk_seconds)}))


if __name__ == "__main__":
    main()
