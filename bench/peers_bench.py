"""The emulator next to what a team would otherwise use, under the same load generator in one run:
a bare aiohttp handler returning the same JSON (the ceiling), WireMock standalone and Prism serving
a static stub of the same response, and moto's server mode on a comparable read (an S3 object GET
of the same bytes). Prints requests/s, p50/p99 and each one's ratio to the emulator.

    bench/peers_setup.sh && .venv/bin/python bench/peers_bench.py [--requests 10000] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
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


@contextmanager
def process(cmd: list[str], ready_url: str, **kwargs: object) -> Iterator[None]:
    # Its own process group: the npm launchers start java/node children that must stop with them.
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                            **kwargs)  # type: ignore[call-overload]
    try:
        wait_ready(ready_url)
        yield
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
    results: list[LoadResult] = []
    work = Path(tempfile.mkdtemp(prefix="peers-"))

    port = free_port()
    with process([sys.executable, "-m", "emulator", "serve", "--port", str(port), "--dataset", "empty"],
                 f"http://127.0.0.1:{port}/_emulator/health"):
        url, body = emulator_body(port)
        results.append(asyncio.run(run_load("atlan-emulator", url, headers=HEADERS, **load)))  # type: ignore[arg-type]
    (work / "body.json").write_bytes(body)

    port = free_port()
    with process([sys.executable, str(HERE / "bare_server.py"), str(work / "body.json"), str(port)],
                 f"http://127.0.0.1:{port}{PATH}"):
        results.append(asyncio.run(run_load("bare aiohttp (ceiling)", f"http://127.0.0.1:{port}{PATH}", **load)))  # type: ignore[arg-type]

    port = free_port()
    wiremock_root(body, work / "wiremock")
    with process([str(PEERS / "node_modules/.bin/wiremock"), "--port", str(port), "--root-dir", str(work / "wiremock"),
                  "--disable-banner", "--no-request-journal"], f"http://127.0.0.1:{port}{PATH}"):
        results.append(asyncio.run(run_load("WireMock standalone", f"http://127.0.0.1:{port}{PATH}", **load)))  # type: ignore[arg-type]

    port = free_port()
    spec = prism_spec(body, work)
    with process([str(PEERS / "node_modules/.bin/prism"), "mock", str(spec), "-p", str(port), "-h", "127.0.0.1"],
                 f"http://127.0.0.1:{port}{PATH}"):
        results.append(asyncio.run(run_load("Prism mock", f"http://127.0.0.1:{port}{PATH}", **load)))  # type: ignore[arg-type]

    port = free_port()
    with process([str(PEERS / "moto/bin/moto_server"), "-p", str(port)], f"http://127.0.0.1:{port}/moto-api/"):
        s3 = f"http://127.0.0.1:{port}/bench"
        aws = {"Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, "
                                "SignedHeaders=host, Signature=0"}  # moto checks presence, not the signature
        httpx.put(s3, headers=aws).raise_for_status()
        httpx.put(s3 + "/entity.json", content=body, headers=aws).raise_for_status()
        results.append(asyncio.run(run_load("moto server (S3 GET)", s3 + "/entity.json", headers=aws, **load)))  # type: ignore[arg-type]

    emulator = results[0]
    print(f"{time.strftime('%Y-%m-%d')}  {os.cpu_count()} cores  {args.requests} requests, concurrency "
          f"{args.concurrency}, body {len(body)} bytes; ratio = requests/s relative to the emulator")
    for result in results:
        print(result.row(emulator))


if __name__ == "__main__":
    main()
