"""The fault book's per-request decision in-process (no HTTP, so little noise from a shared
machine): no rules, 100 rules that do not match, one that matches; plus the journal's record.

    .venv/bin/python bench/faults_decide_bench.py
"""

from __future__ import annotations

import timeit

from emulator.faults import FaultBook
from emulator.journal import Journal

PATH = "/api/meta/entity/guid/0f6a1c5e-7d1b-4b7a-9c5e-1b2c3d4e5f60"


def per_call_us(statement, number: int = 20000) -> float:  # type: ignore[no-untyped-def]
    return min(timeit.repeat(statement, number=number, repeat=5)) / number * 1e6


def main() -> None:
    empty = FaultBook()
    many = FaultBook([{"path_regex": f"/api/never/{i}/.*", "status": 500} for i in range(100)])
    many_exact = FaultBook([{"path": f"/api/never/{i}", "status": 500} for i in range(100)])
    matching = FaultBook([{"path_regex": "/api/meta/entity/guid/.*", "delay_ms": 0}])
    journal = Journal(1000)
    headers = [("Authorization", "Bearer x"), ("Content-Type", "application/json"), ("User-Agent", "pyatlan")]
    rows = [
        ("decide: no rules", per_call_us(lambda: empty.decide("GET", PATH, 0))),
        ("decide: 100 non-matching regex rules", per_call_us(lambda: many.decide("GET", PATH, 0))),
        ("decide: 100 non-matching exact paths", per_call_us(lambda: many_exact.decide("GET", PATH, 0))),
        ("decide: 1 matching rule (fires)", per_call_us(lambda: matching.decide("GET", PATH, 0))),
        ("journal: record one request", per_call_us(lambda: journal.open(
            time_ms=0, method="GET", path=PATH, query=[("guid", "a")], headers=headers, body=b"{}"))),
    ]
    base = rows[0][1]
    for name, us in rows:
        print(f"{name:<40} {us:8.2f} us/call   ratio {us / base:7.1f}")


if __name__ == "__main__":
    main()
