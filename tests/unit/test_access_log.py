"""The standalone server's request lines: formatted at once, written in batches."""

from __future__ import annotations

import asyncio
import io
import json

from emulator.logs import ACCESS_LOGGER, FLUSH_LINES, FLUSH_SECONDS, AccessLog


async def test_lines_wait_for_the_timer_then_come_out_together() -> None:
    stream = io.StringIO()
    log = AccessLog("text", stream)
    log.write("GET", "/api/meta/entity/guid/x", 200, 1.234, "default")
    log.write("POST", "/api/meta/entity/bulk", 400, 0.5, "t-abc")
    assert stream.getvalue() == ""  # not one write per request
    await asyncio.sleep(FLUSH_SECONDS * 2)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(" GET /api/meta/entity/guid/x 200 1.23ms tenant=default")
    assert lines[1].endswith(" POST /api/meta/entity/bulk 400 0.50ms tenant=t-abc")


async def test_a_burst_is_written_at_once_and_close_writes_the_rest() -> None:
    stream = io.StringIO()
    log = AccessLog("json", stream)
    for i in range(FLUSH_LINES + 3):
        log.write("GET", f"/p/{i}", None if i == 0 else 200, 0.1, "default")
    assert len(stream.getvalue().splitlines()) == FLUSH_LINES
    log.close()
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert len(lines) == FLUSH_LINES + 3
    assert lines[0]["status"] is None and lines[0]["logger"] == ACCESS_LOGGER and lines[0]["level"] == "info"
    assert {"time", "method", "path", "status", "duration_ms", "tenant"} <= set(lines[-1])
    assert lines[-1]["path"] == f"/p/{FLUSH_LINES + 2}"


async def test_a_closed_stream_loses_lines_not_the_server() -> None:
    stream = io.StringIO()
    log = AccessLog("text", stream)
    stream.close()
    log.write("GET", "/x", 200, 0.1, "default")
    log.close()  # no exception: a closed pipe must not take requests down
