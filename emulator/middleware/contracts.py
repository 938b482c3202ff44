"""Contracts on the wire: request bodies checked against contracts/ (mode off | warn | strict),
and, where the configuration asks for it (the test suite does), every response checked too.

Request bodies are checked last before the handler (middleware/admission.py): a rejected body
never reaches a handler, so it changes nothing. The response check sits outermost, so it sees the final answer, error bodies included.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import web

from ..contracts import BODY_METHODS, RequestContractViolation, Route, Violation
from ..errors import BadRequest
from ..jsonbody import parse_json_body
from ..keys import CONFIG, CONTRACT_VIOLATIONS, CONTRACTS, JSON_BODY, RESPONSE_VIOLATIONS, UNCOVERED_ROUTES
from . import Handler
from .journal import JOURNAL_ENTRY

log = logging.getLogger("atlan_emulator.contracts")


def route_of(request: web.Request) -> Route | None:
    """The contract route of the aiohttp route this request matched, if any."""
    resource = request.match_info.route.resource
    if resource is None:
        return None
    return request.app[CONTRACTS].route_for(request.method, resource.canonical)


async def check_request_body(request: web.Request) -> None:
    """Check a request body against its route's contract (mode off | warn | strict): strict raises
    RequestContractViolation (a 400), warn notes the violations on the request and its journal entry."""
    mode = request.app[CONFIG].contracts
    if mode == "off" or request.method not in BODY_METHODS:
        return
    route = route_of(request)
    if route is None:
        return
    raw = await request.read()
    if raw.strip():
        try:
            body: Any = parse_json_body(raw)
        except BadRequest:
            return  # the handler names the JSON error itself
    else:
        body = None
    violations = request.app[CONTRACTS].check_request(route, body)
    if violations:
        if mode == "strict":
            raise RequestContractViolation(route, violations)
        log.warning("%s %s: request breaks its contract: %s", request.method, request.path,
                    "; ".join(map(str, violations)))
        request[CONTRACT_VIOLATIONS] = violations
        entry = request.get(JOURNAL_ENTRY)
        if entry is not None:
            entry.contract_violations = [{"path": v.path, "rule": v.rule, "message": v.message} for v in violations]
    if body is not None:
        request[JSON_BODY] = body  # read_json need not parse it again


@web.middleware
async def check_responses(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Record every response that breaks its contract, or whose route has none, on the app."""
    response = await handler(request)
    if request.method == "HEAD":
        return response  # no body to check
    entry = request.get(JOURNAL_ENTRY)
    if entry is not None and entry.fault is not None:
        return response  # a fault rule's answer is broken on purpose
    resource = request.match_info.route.resource
    route = route_of(request)
    if resource is not None and route is None:
        # Every route has contracts (tests/contract/test_coverage.py): one without is a failure.
        request.app[UNCOVERED_ROUTES].add(f"{request.method} {resource.canonical}")
        request.app[RESPONSE_VIOLATIONS].append(
            f"{request.method} {request.path} -> {response.status}: the route {resource.canonical} has no "
            f"contract in contracts/routes.json"
        )
        return response
    if not isinstance(response, web.Response):
        return response
    label = f"{request.method} {request.path} -> {response.status}"
    raw = response.body
    if not isinstance(raw, bytes | bytearray):
        return response  # a streamed payload (none of the API's answers)
    try:
        body = json.loads(raw)
    except ValueError:
        request.app[RESPONSE_VIOLATIONS].append(f"{label}: the body is not JSON")
        return response
    violations: list[Violation] = request.app[CONTRACTS].check_response(route, response.status, body)
    request.app[RESPONSE_VIOLATIONS].extend(f"{label}: {v}" for v in violations)
    return response
