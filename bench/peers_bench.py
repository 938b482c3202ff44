"""The emulator next to what a team would otherwise use, under the same load generator in one run:
a bare aiohttp handler returning the same JSON (the ceiling), WireMock standalone and Prism serving
a static stub of the same response, and moto's server mode on a comparable read (an S3 object GET
of the same bytes). Prints requests/s, p50/p99, the server's CPU time per request and each one's
ratio to the emulator.

On a shared machine the figures drift by 30% from minute to minute, so: every server runs on
CPU 0 and the load generator on the others (they never take turns on one core), and the emulator
and the bare ceiling run side by side, taking bursts in turns, so both see the same machine.

    bench/peers_setup.sh && .venv/bin/python bench/peers_bench.py [--requests 10000] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from entity_bench import HEADERS, free_port, wait_ready  # noqa: E402
from loadgen import LoadResult, run_load  # noqa: E402

PEERS = HERE / ".peers"
GUID = "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
PATH = f"/api/meta/entity/guid/{GUID}"


SERVER_CPUS = {0}
BURSTS = 10  # emulator and ceiling: turns each


def pinned(cmd: list[str]) -> list[str]:
    """The command on the servers' core, when the machine has another one for the load generator."""
    if (os.cpu_count() or 1) > 1 and shutil.which("taskset"):
        return ["taskset", "-c", ",".join(map(str, SERVER_CPUS)), *cmd]
    return cmd


def pin_load_generator() -> None:
    others = set(range(os.cpu_count() or 1)) - SERVER_CPUS
    if others and shutil.which("taskset"):
        os.sched_setaffinity(0, others)


def group_cpu_seconds(pgid: int) -> float:
    """CPU time of every process in the group (the npm launchers do their work in a java/node child)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def measure(name: str, url: str, pgid: int, *, total: int, concurrency: int,
            headers: dict[str, str] | None = None) -> LoadResult:
    before = group_cpu_seconds(pgid)
    result = asyncio.run(run_load(name, url, headers=headers, total=total, concurrency=concurrency))
    result.server_cpu_seconds = group_cpu_seconds(pgid) - before
    return result


@contextmanager
def process(cmd: list[str], ready_url: str, **kwargs: object) -> Iterator[int]:
    """The server running (pinned), as its process group id."""
    # Its own process group: the npm launchers start java/node children that must stop with them.
    proc = subprocess.Popen(pinned(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, **kwargs)  # type: ignore[call-overload]
    try:
        wait_ready(ready_url)
        yield proc.pid
    finally:
        stop_group(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            stop_group(proc.pid, signal.SIGKILL)


def stop_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(pgid, sig)


def emulator_body(port: int) -> tuple[str, bytes]:
    base = f"http://127.0.0.1:{port}"
    r = httpx.post(base + "/api/meta/entity/bulk", headers=HEADERS, json={"entities": [{"typeName": "Table", "guid": "-1",
        "attributes": {"qualifiedName": "default/snowflake/1/db/sc/t", "name": "t", "description": "bench"}}]})
    guid = r.json()["guidAssignments"]["-1"]
    url = f"{base}/api/meta/entity/guid/{guid}?minExtInfo=false&ignoreRelationships=true"
    return url, httpx.get(url, headers=HEADERS).content


def wiremock_root(body: bytes, folder: Path) -> None:
    (folder / "mappings").mkdir(parents=True)
    (folder / "__files").mkdir()
    (folder / "__files" / "entity.json").write_bytes(body)
    stub = {"request": {"method": "GET", "urlPathPattern": "/api/meta/entity/guid/.*"},
            "response": {"status": 200, "bodyFileName": "entity.json", "headers": {"Content-Type": "application/json"}}}
    (folder / "mappings" / "entity.json").write_text(json.dumps(stub))


def prism_spec(body: bytes, folder: Path) -> Path:
    spec = {"openapi": "3.0.3", "info": {"title": "stub", "version": "1"}, "paths": {
        "/api/meta/entity/guid/{guid}": {"get": {"parameters": [{"name": "guid", "in": "path", "required": True,
                                                                    "schema": {"type": "string"}}],
            "responses": {"200": {"description": "entity", "content": {"application/json": {
                "example": json.loads(body)}}}}}}}}
    path = folder / "openapi.json"
    path.write_text(json.dumps(spec))
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    if not (PEERS / "node_modules" / ".bin" / "wiremock").exists():
        sys.exit("run bench/peers_setup.sh first")
    load = dict(total=args.requests, concurrency=args.concurrency)
    pin_load_generator()
    work = Path(tempfile.mkdtemp(prefix="peers-"))

    port = free_port()
    with process([sys.executable, "-m", "emulator", "serve", "--port", str(port), "--dataset", "empty"],
                 f"http://127.0.0.1:{port}/_emulator/health") as emulator_group:
        url, body = emulator_body(port)
        (work / "body.json").write_bytes(body)
        bare_port = free_port()
        bare_url = f"http://127.0.0.1:{bare_port}{PATH}"
        with process([sys.executable, str(HERE / "bare_server.py"), str(work / "body.json"), str(bare_port)],
                     bare_url) as bare_group:
            results = in_turns([("atlan-emulator", url, emulator_group, HEADERS),
                                ("bare aiohttp (ceiling)", bare_url, bare_group, None)],
                               total=args.requests, concurrency=args.concurrency)

    port = free_port()
    wiremock_root(body, work / "wiremock")
    with process([str(PEERS / "node_modules/.bin/wiremock"), "--port", str(port), "--root-dir", str(work / "wiremock"),
                  "--disable-banner", "--no-request-journal"], f"http://127.0.0.1:{port}{PATH}") as group:
        results.append(measure("WireMock standalone", f"http://127.0.0.1:{port}{PATH}", group, **load))

    port = free_port()
    spec = prism_spec(body, work)
    with process([str(PEERS / "node_modules/.bin/prism"), "mock", str(spec), "-p", str(port), "-h", "127.0.0.1"],
                 f"http://127.0.0.1:{port}{PATH}") as group:
        results.append(measure("Prism mock", f"http://127.0.0.1:{port}{PATH}", group, **load))

    port = free_port()
    with process([str(PEERS / "moto/bin/moto_server"), "-p", str(port)], f"http://127.0.0.1:{port}/moto-api/") as group:
        s3 = f"http://127.0.0.1:{port}/bench"
        aws = {"Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, "
                                "SignedHeaders=host, Signature=0"}  # moto checks presence, not the signature
        httpx.put(s3, headers=aws).raise_for_status()
        httpx.put(s3 + "/entity.json", content=body, headers=aws).raise_for_status()
        results.append(measure("moto server (S3 GET)", s3 + "/entity.json", group, headers=aws, **load))

    emulator, ceiling = results[0], results[1]
    print(f"{time.strftime('%Y-%m-%d %H:%M')}  {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}  "
          f"{args.requests} requests, concurrency {args.concurrency}, body {len(body)} bytes; "
          f"ratio = requests/s relative to the emulator")
    for result in results:
        print(result.row(emulator))
    assert emulator.cpu_us_per_request and ceiling.cpu_us_per_request
    print(f"emulator / bare ceiling: {emulator.rps / ceiling.rps:.2f} of its requests/s, "
          f"{ceiling.cpu_us_per_request / emulator.cpu_us_per_request:.2f} of its requests per CPU second")


def in_turns(servers: list[tuple[str, str, int, dict[str, str] | None]], *, total: int,
             concurrency: int) -> list[LoadResult]:
    """Each server gets ``total`` requests in BURSTS bursts, the servers taking turns (the order
    flipped every round), so a slower minute of the machine falls on all of them alike."""
    merged: dict[str, LoadResult] = {}
    for name, url, group, headers in servers:  # warm-up, not counted
        measure(name, url, group, headers=headers, total=500, concurrency=concurrency)
    for burst in range(BURSTS):
        order = servers if burst % 2 == 0 else servers[::-1]
        for name, url, group, headers in order:
            result = measure(name, url, group, headers=headers, total=total // BURSTS, concurrency=concurrency)
            merged[name] = merged[name].merged(result) if name in merged else result
    return [merged[name] for name, *_ in servers]


if __name__ == "__main__":
    main()
