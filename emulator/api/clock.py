"""/_emulator/clock: read the tenant's time, advance it (running what falls due, in order), or
switch it between real and virtual time."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from ..clock import Clock
from ..errors import BadRequest
from .http import ok, read_json, tenant_of

# Ten years: anything larger is a unit mistake (milliseconds for seconds).
MAX_ADVANCE_SECONDS = 10 * 365 * 24 * 3600


def clock_info(clock: Clock) -> dict[str, Any]:
    now = clock.now_ms()
    return {
        "mode": "virtual" if clock.virtual else "real",
        "now": now,
        "iso": datetime.fromtimestamp(now / 1000.0, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "pending": clock.pending,
    }


def advance_seconds(raw: Any) -> float:
    """The ``seconds`` of an advance request, validated."""
    if not isinstance(raw, dict) or set(raw) != {"seconds"}:
        raise BadRequest('expected {"seconds": N}')
    seconds = raw["seconds"]
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not math.isfinite(seconds):
        raise BadRequest(f"seconds: expected a number, got {seconds!r}")
    if not 0 <= seconds <= MAX_ADVANCE_SECONDS:
        raise BadRequest(f"seconds: must be in 0..{MAX_ADVANCE_SECONDS} (the clock never goes backwards), got {seconds}")
    return float(seconds)


async def get_clock(request: web.Request) -> web.Response:
    return ok(clock_info(tenant_of(request).clock))


async def set_clock(request: web.Request) -> web.Response:
    raw = await read_json(request)
    if not isinstance(raw, dict) or set(raw) != {"mode"} or raw["mode"] not in ("real", "virtual"):
        raise BadRequest('expected {"mode": "real"} or {"mode": "virtual"}')
    clock = tenant_of(request).clock
    clock.set_virtual(raw["mode"] == "virtual")
    return ok(clock_info(clock))


async def advance_clock(request: web.Request) -> web.Response:
    seconds = advance_seconds(await read_json(request))
    clock = tenant_of(request).clock
    ran = clock.advance(seconds)
    return ok({"advanced": seconds, "ran": ran, **clock_info(clock)})


def routes(prefix: str = "/_emulator") -> list[web.RouteDef]:
    return [
        web.get(f"{prefix}/clock", get_clock),
        web.put(f"{prefix}/clock", set_clock),
        web.post(f"{prefix}/clock/advance", advance_clock),
    ]
