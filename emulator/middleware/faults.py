"""Adapt a fault decision (emulator.faults) to the wire: latency, an error status, or a broken
connection. A rule answers before the route handler runs, so a faulted write changes nothing.

Network faults act on the raw transport and then hand aiohttp a response it can no longer send;
aiohttp treats that as a client that went away and moves on quietly.
"""

from __future__ import annotations

import asyncio
import json
import socket
import struct

from aiohttp import web

from ..faults import Action, Decision
from ..tenant import Tenant
from .errors import error_response
from .journal import note_fault

# A hang ends when the client gives up, or after this long (or the rule's delay), so nothing
# waits forever and the server can always shut down.
HANG_SECONDS = 30.0
_POLL_SECONDS = 0.05


def fault_decision(request: web.Request, tenant: Tenant) -> Decision | None:
    """The first of the tenant's fault rules that fires on this request, if any."""
    if not tenant.faults:
        return None  # no rules: the common case, answered without looking at the clock
    return tenant.faults.decide(request.method, request.path, tenant.clock.now_ms())


async def fault_answer(request: web.Request, decision: Decision) -> web.StreamResponse | None:
    """What a fault rule that fired makes of this request: its answer (an error status, a broken
    connection, a hang), or None to go on (a rule that only added latency)."""
    note_fault(request, decision.rule_id, decision.action.value if decision.action else None)
    if decision.action is Action.HANG:
        return await _hang(request, decision.delay_seconds or HANG_SECONDS)
    if decision.delay_seconds > 0:
        await asyncio.sleep(decision.delay_seconds)
    if decision.action is not None:
        return _break_connection(request, decision)
    if decision.status is not None:
        return _answer(request, decision)
    return None


def _answer(request: web.Request, decision: Decision) -> web.Response:
    assert decision.status is not None
    if not decision.has_body:
        response = error_response(
            decision.status,
            f"Injected fault {decision.rule_id}: {request.method} {request.path} answered {decision.status}",
        )
    elif isinstance(decision.body, str):
        response = web.Response(status=decision.status, text=decision.body, content_type="text/plain")
    else:
        response = web.json_response(decision.body, status=decision.status)
    response.headers.update(decision.headers)
    return response


def _break_connection(request: web.Request, decision: Decision) -> web.StreamResponse:
    transport = request.transport
    if transport is not None and not transport.is_closing():
        if decision.action is Action.RESET:
            sock = transport.get_extra_info("socket")
            if sock is not None:  # linger 0: close() sends RST instead of FIN
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            transport.abort()
        elif decision.action is Action.EMPTY:
            transport.close()
        elif decision.action is Action.MALFORMED:
            transport.write(_head(200, {"Transfer-Encoding": "chunked"}) + b"zz;not-a-chunk\r\n\x00\xff garbage\r\n")
            transport.close()
        elif decision.action is Action.TRUNCATE:
            body = _truncate_body(decision)
            headers = {**decision.headers, "Content-Length": str(len(body))}
            transport.write(_head(200, headers) + body[: len(body) // 2])
            transport.close()
    return _unsendable()


async def _hang(request: web.Request, seconds: float) -> web.StreamResponse:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while (remaining := deadline - loop.time()) > 0:
        transport = request.transport
        if transport is None or transport.is_closing():
            break  # the client gave up
        await asyncio.sleep(min(_POLL_SECONDS, remaining))
    transport = request.transport
    if transport is not None:
        transport.close()
    return _unsendable()


def _head(status: int, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status} OK", "Content-Type: application/json", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items() if name.lower() != "content-type"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _truncate_body(decision: Decision) -> bytes:
    if decision.has_body:
        body = decision.body if isinstance(decision.body, str) else json.dumps(decision.body)
        return body.encode("utf-8")
    filler = [{"typeName": "Table", "guid": f"00000000-0000-4000-8000-{i:012d}"} for i in range(20)]
    return json.dumps({"approximateCount": len(filler), "entities": filler}).encode("utf-8")


def _unsendable() -> web.Response:
    """What aiohttp gets after the connection was broken on purpose: writing it fails quietly."""
    return web.Response(status=599, text="")
