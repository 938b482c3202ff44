"""One fault rule: which requests it matches, when it fires, and what it does instead of (or
before) the real handler. Matching, firing and the response are kept apart, as WireMock does.

The wire form (POST /_emulator/faults, the config file's [[faults]] tables, the fixture)::

    {"method": "POST", "path": "/api/meta/search/indexsearch",   # or "path_regex"
     "status": 503, "headers": {"Retry-After": "1"}, "body": {...},
     "delay_ms": 300,                                             # or "delay": {distribution...}
     "action": "reset" | "empty" | "malformed" | "truncate" | "hang",
     "after": 0, "times": 2, "probability": 1.0}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ..errors import BadRequest
from .delays import Delay, parse_delay


class Action(StrEnum):
    """Network-level faults: the client sees a broken connection, not an HTTP answer."""

    RESET = "reset"  # TCP reset (RST) instead of an answer
    EMPTY = "empty"  # connection closed with no answer at all
    MALFORMED = "malformed"  # a 200 status line, then a garbage chunk, then close
    TRUNCATE = "truncate"  # headers promise a body the connection never finishes
    HANG = "hang"  # no answer until the client gives up (bounded), then close


# RFC 9110 field names (tokens) and values: no control characters (CR/LF would inject headers)
# and nothing beyond Latin-1 (the wire encoding of header values).
_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_HEADER_FORBIDDEN = re.compile("[\x00-\x08\x0a-\x1f\x7f\u0100-\U0010ffff]")
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
_FIELDS = {
    "id", "method", "path", "path_regex", "status", "headers", "body", "delay_ms", "delay", "action",
    "after", "times", "probability",
}


@dataclass
class FaultRule:
    id: str
    method: str | None = None
    path: str | None = None
    path_regex: re.Pattern[str] | None = None
    path_key: str | None = field(default=None, repr=False)  # path without its trailing slash, for matching
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    has_body: bool = False
    delay: Delay | None = None
    action: Action | None = None
    after: int = 0
    times: int | None = None
    probability: float = 1.0
    # What happened so far: requests that matched the selectors, and how many of them it fired on.
    matched: int = 0
    fired: int = 0
    last_fired_ms: int | None = None

    def matches(self, method: str, path: str) -> bool:
        """``method`` in upper case; ``path`` as received (a trailing slash does not matter for ``path``)."""
        if self.method is not None and method != self.method:
            return False
        if self.path is not None and path.rstrip("/") != self.path_key:
            return False
        return self.path_regex is None or self.path_regex.fullmatch(path) is not None

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.fired >= self.times

    @property
    def passes_on(self) -> bool:
        """A latency-only rule: after its delay the real handler answers."""
        return self.status is None and self.action is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "method": self.method,
            "path": self.path,
            "path_regex": self.path_regex.pattern if self.path_regex is not None else None,
            "status": self.status,
            "headers": dict(self.headers),
            "body": self.body,
            "delay": self.delay.to_dict() if self.delay is not None else None,
            "action": self.action.value if self.action is not None else None,
            "after": self.after,
            "times": self.times,
            "probability": self.probability,
            "matched": self.matched,
            "fired": self.fired,
            "lastFiredAt": self.last_fired_ms,
        }


def parse_rule(raw: Any, rule_id: str) -> FaultRule:
    """Validate the wire form; every problem is a 400 that names the field."""
    if not isinstance(raw, dict):
        raise BadRequest(f"a fault rule must be a JSON object, got {type(raw).__name__}")
    unknown = set(raw) - _FIELDS
    if unknown:
        raise BadRequest(f"unknown fault rule keys: {', '.join(sorted(unknown))} (known: {', '.join(sorted(_FIELDS))})")
    rule = FaultRule(id=rule_id)
    if raw.get("method") is not None:
        method = raw["method"]
        if not isinstance(method, str) or method.upper() not in METHODS:
            raise BadRequest(f"method: must be one of {', '.join(sorted(METHODS))}, got {method!r}")
        rule.method = method.upper()
    if raw.get("path") is not None and raw.get("path_regex") is not None:
        raise BadRequest("give either path or path_regex, not both")
    if raw.get("path") is not None:
        if not isinstance(raw["path"], str) or not raw["path"].startswith("/"):
            raise BadRequest(f"path: must be an absolute path such as /api/meta/entity/bulk, got {raw['path']!r}")
        rule.path = raw["path"]
        rule.path_key = rule.path.rstrip("/")
    if raw.get("path_regex") is not None:
        if not isinstance(raw["path_regex"], str):
            raise BadRequest(f"path_regex: must be a string, got {raw['path_regex']!r}")
        try:
            rule.path_regex = re.compile(raw["path_regex"])
        except re.error as exc:
            raise BadRequest(f"path_regex: not a valid regular expression: {exc}") from None
    if raw.get("status") is not None:
        status = raw["status"]
        if not _is_int(status) or not 100 <= status <= 599:
            raise BadRequest(f"status: must be an HTTP status 100..599, got {status!r}")
        rule.status = status
    if raw.get("headers") is not None:
        headers = raw["headers"]
        if not isinstance(headers, dict) or not all(
            isinstance(k, str) and isinstance(v, str | int | float) and not isinstance(v, bool)
            for k, v in headers.items()
        ):
            raise BadRequest("headers: must be an object of header names to string values")
        for name, value in headers.items():
            if not _HEADER_NAME.fullmatch(name) or _HEADER_FORBIDDEN.search(str(value)):
                raise BadRequest(f"headers: {name!r}: {str(value)!r} is not a valid HTTP header "
                                 "(a token name; no CR, LF or other control characters in the value)")
        rule.headers = {k: str(v) for k, v in headers.items()}
    if "body" in raw and raw["body"] is not None:
        rule.body, rule.has_body = raw["body"], True
    if raw.get("delay_ms") is not None and raw.get("delay") is not None:
        raise BadRequest("give either delay_ms or delay, not both")
    if raw.get("delay_ms") is not None:
        rule.delay = parse_delay(raw["delay_ms"], "delay_ms")
    elif raw.get("delay") is not None:
        rule.delay = parse_delay(raw["delay"], "delay")
    if raw.get("action") is not None:
        try:
            rule.action = Action(raw["action"])
        except ValueError:
            raise BadRequest(
                f"action: must be one of {', '.join(a.value for a in Action)}, got {raw['action']!r}"
            ) from None
        if rule.status is not None:
            raise BadRequest("give either status or action, not both")
    if rule.passes_on and rule.delay is None:
        raise BadRequest("a fault rule needs at least one of status, action, delay_ms or delay")
    if (rule.headers or rule.has_body) and rule.status is None and rule.action != Action.TRUNCATE:
        raise BadRequest("headers and body need a status to answer with")
    rule.after = _count(raw.get("after", 0), "after")
    if raw.get("times") is not None:
        rule.times = _count(raw["times"], "times")
    probability = raw.get("probability", 1.0)
    if not isinstance(probability, int | float) or isinstance(probability, bool) or not 0 <= probability <= 1:
        raise BadRequest(f"probability: must be a number in 0..1, got {probability!r}")
    rule.probability = float(probability)
    return rule


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _count(value: Any, name: str) -> int:
    if not _is_int(value) or value < 0:
        raise BadRequest(f"{name}: must be an integer >= 0, got {value!r}")
    return int(value)
