"""Request bodies as JSON, parsed once the same way everywhere (contract check, handlers).

Strict where Python's json module is lenient, and bounded so hostile input is a 400, not a 500:
invalid UTF-8, NaN/Infinity (not JSON, and they would be echoed back as invalid JSON), and
nesting deeper than MAX_DEPTH (deep enough for any real payload; deeper input would exhaust
Python's recursion limit somewhere between the parser and the response).
"""

from __future__ import annotations

import json
from typing import Any

from .errors import BadRequest

# serde_json's default recursion limit; pyatlan's deepest search DSL is a few dozen levels.
MAX_DEPTH = 128


def parse_json_body(raw: bytes) -> Any:
    """The JSON value of a non-empty body, or BadRequest naming what is wrong with it."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("request body is not valid UTF-8") from None
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise BadRequest(f"request body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise BadRequest(f"request body is nested too deeply (more than {MAX_DEPTH} levels)") from None
    if raw.count(b"{") + raw.count(b"[") > MAX_DEPTH and _depth_exceeds(value, MAX_DEPTH):
        raise BadRequest(f"request body is nested too deeply (more than {MAX_DEPTH} levels)")
    return value


def _reject_constant(name: str) -> Any:
    raise BadRequest(f"request body is not valid JSON: {name} is not a JSON value")


def _depth_exceeds(value: Any, limit: int) -> bool:
    """Whether arrays/objects nest more than ``limit`` deep (iterative: no recursion of its own)."""
    if not isinstance(value, dict | list):
        return False
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False
