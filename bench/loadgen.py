"""A fixed-concurrency HTTP load generator (aiohttp client), shared by the benchmarks.

Every figure it gives is meant to be compared with another figure from the same run.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass

import aiohttp


@dataclass
class LoadResult:
    name: str
    requests: int
    seconds: float
    latencies_ms: list[float]
    errors: int
    server_cpu_seconds: float | None = None  # the server process's CPU time over the run, when measured

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    @property
    def cpu_us_per_request(self) -> float | None:
        if self.server_cpu_seconds is None or not self.requests:
            return None
        return self.server_cpu_seconds / self.requests * 1e6

    def merged(self, other: LoadResult) -> LoadResult:
        """Two runs against the same server as one (bursts taken in turns with another server)."""
        cpu = None
        if self.server_cpu_seconds is not None and other.server_cpu_seconds is not None:
            cpu = self.server_cpu_seconds + other.server_cpu_seconds
        return LoadResult(self.name, self.requests + other.requests, self.seconds + other.seconds,
                          self.latencies_ms + other.latencies_ms, self.errors + other.errors, cpu)

    def row(self, baseline: LoadResult | None = None) -> str:
        ratio = f"{self.rps / baseline.rps:6.2f}" if baseline and baseline.rps else "     -"
        cpu = self.cpu_us_per_request
        shown = f"server cpu {cpu:6.1f} us/req" if cpu is not None else "server cpu      - us/req"
        return (f"{self.name:<28} {self.rps:>9.0f} req/s  p50 {statistics.median(self.latencies_ms):6.2f} ms  "
                f"p99 {self.percentile(99):6.2f} ms  {shown}  errors {self.errors:<4} ratio {ratio}")


async def run_load(name: str, url: str, *, total: int, concurrency: int, headers: dict[str, str] | None = None,
                   method: str = "GET", body: bytes | None = None) -> LoadResult:
    latencies: list[float] = []
    errors = 0
    remaining = total
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, headers=headers or {}) as session:
        # warm-up, not counted
        for _ in range(min(50, total)):
            async with session.request(method, url, data=body) as response:
                await response.read()

        async def worker() -> None:
            nonlocal remaining, errors
            while remaining > 0:
                remaining -= 1
                started = time.perf_counter()
                async with session.request(method, url, data=body) as response:
                    await response.read()
                    if response.status != 200:
                        errors += 1
                latencies.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return LoadResult(name, len(latencies), elapsed, latencies, errors)
