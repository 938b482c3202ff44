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

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    def row(self, baseline: LoadResult | None = None) -> str:
        ratio = f"{self.rps / baseline.rps:6.2f}" if baseline and baseline.rps else "     -"
        return (f"{self.name:<28} {self.rps:>9.0f} req/s  p50 {statistics.median(self.latencies_ms):6.2f} ms  "
                f"p99 {self.percentile(99):6.2f} ms  errors {self.errors:<4} ratio {ratio}")


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
