"""What request validation against contracts/ costs: GET-by-GUID and bulk-create throughput of
the emulator with ``--contracts strict`` next to ``--contracts off``, in one run, servers one at a
time (alternating rounds, best round kept), same client. Also the bare validator time per bulk
body, in process. Read the ratios, not the absolute figures (2 shared cores).

    .venv/bin/python bench/contracts_bench.py [--requests 5000] [--assets 5000] [--batch 50] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadgen import LoadResult, run_load  # noqa: E402

HEADERS = {"Authorization": "Bearer bench", "Content-Type": "application/json"}
BULK = "/api/meta/entity/bulk/?replaceTags=false&appendTags=false&replaceBusinessAttributes=false&overwriteBusinessAttributes=false"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(mode: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    cmd = [sys.executable, "-m", "emulator", "serve", "--port", str(port), "--dataset", "empty", "--assets", "0",
           "--contracts", mode]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(400):
        try:
            if httpx.get(url + "/_emulator/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"emulator ({mode}) did not start")


def table(run: str, i: int) -> dict:
    """An entity as pyatlan's Table.creator sends it."""
    qn = f"default/snowflake/1700000000/db1/sc1/{run}_t{i}"
    return {"typeName": "Table", "guid": f"-{i + 1}", "businessAttributes": None,
            "attributes": {"qualifiedName": qn, "name": f"{run}_t{i}", "connectorName": "snowflake",
                           "connectionQualifiedName": "default/snowflake/1700000000", "databaseName": "db1",
                           "databaseQualifiedName": "default/snowflake/1700000000/db1", "schemaName": "sc1",
                           "schemaQualifiedName": "default/snowflake/1700000000/db1/sc1", "description": "bench"}}


def bulk_bodies(run: str, assets: int, batch: int) -> list[bytes]:
    return [json.dumps({"entities": [table(run, i) for i in range(start, min(start + batch, assets))]}).encode()
            for start in range(0, assets, batch)]


async def bulk_create(url: str, bodies: list[bytes], concurrency: int) -> tuple[float, int]:
    """Seconds to create every asset in ``bodies`` (concurrent batches) and the non-200 count."""
    queue = list(reversed(bodies))
    errors = 0
    async with aiohttp.ClientSession(headers=HEADERS) as session:

        async def worker() -> None:
            nonlocal errors
            while queue:
                body = queue.pop()
                async with session.post(url + BULK, data=body) as response:
                    await response.read()
                    errors += response.status != 200

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - started, errors


def one_round(mode: str, tag: str, args: argparse.Namespace) -> tuple[LoadResult, float, int]:
    proc, url = start(mode)
    try:
        created = httpx.post(url + BULK, headers=HEADERS, content=json.dumps({"entities": [table("probe", 0)]}))
        guid = created.json()["mutatedEntities"]["CREATE"][0]["guid"]
        get = asyncio.run(run_load(f"GET by GUID ({mode})", f"{url}/api/meta/entity/guid/{guid}?minExtInfo=false&ignoreRelationships=true",
                                   total=args.requests, concurrency=args.concurrency, headers=HEADERS))
        seconds, errors = asyncio.run(bulk_create(url, bulk_bodies(tag, args.assets, args.batch), args.concurrency // 4 or 1))
        return get, seconds, errors
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def validator_cost(batch: int) -> float:
    """Microseconds the strict check of one bulk body of ``batch`` assets takes, in process."""
    from emulator.contracts import load_contracts

    contracts = load_contracts()
    route = contracts.route_for("POST", "/api/meta/entity/bulk")
    assert route is not None
    body = json.loads(bulk_bodies("v", batch, batch)[0])
    rounds = 200
    started = time.perf_counter()
    for _ in range(rounds):
        assert not contracts.check_request(route, body)
    return (time.perf_counter() - started) / rounds * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--assets", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    best: dict[str, tuple[LoadResult, float, int]] = {}
    for n in range(args.rounds):
        for mode in ("strict", "off"):
            get, seconds, errors = one_round(mode, f"r{n}{mode}", args)
            previous = best.get(mode)
            best[mode] = (max(get, previous[0], key=lambda r: r.rps) if previous else get,
                          min(seconds, previous[1]) if previous else seconds, errors + (previous[2] if previous else 0))
    off_get, off_seconds, off_errors = best["off"]
    strict_get, strict_seconds, strict_errors = best["strict"]
    print(f"GET /api/meta/entity/guid/{{guid}}: {args.requests} requests, concurrency {args.concurrency}, best of {args.rounds}")
    print("  " + off_get.row())
    print("  " + strict_get.row(off_get))
    off_rate, strict_rate = args.assets / off_seconds, args.assets / strict_seconds
    print(f"POST /api/meta/entity/bulk: {args.assets} new assets in batches of {args.batch}, best of {args.rounds}")
    print(f"  {'bulk create (off)':<28} {off_rate:>9.0f} assets/s  errors {off_errors}")
    print(f"  {'bulk create (strict)':<28} {strict_rate:>9.0f} assets/s  errors {strict_errors}  ratio {strict_rate / off_rate:6.2f}")
    per_body = validator_cost(args.batch)
    print(f"validator alone: {per_body:.0f} us per bulk body of {args.batch} assets "
          f"({per_body / (strict_seconds / (args.assets / args.batch)) / 1e6 * 100:.1f}% of a strict bulk request's time)")


if __name__ == "__main__":
    main()
