"""The request journal: a bounded ring of the tenant's most recent API requests, for tests that
assert on what a client sent ("no more than 50 GUIDs per delete", "it retried exactly twice").

Bounded because an unbounded journal is the classic way a long-running mock runs out of memory.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .errors import BadRequest

# Bodies longer than this are kept cut short: the journal is for assertions, not archives.
MAX_BODY_BYTES = 256 * 1024
REDACTED = ("authorization", "cookie")


@dataclass(slots=True)
class JournalEntry:
    id: int
    time_ms: float  # wall clock when the request arrived (epoch ms)
    method: str
    path: str
    # as received (views of the request's own immutable multidicts): grouped and redacted only
    # when somebody reads the journal, not on every request
    raw_query: Iterable[tuple[str, str]]
    raw_headers: Iterable[tuple[str, str]]
    body: bytes
    body_truncated: bool = False
    status: int | None = None  # None: no HTTP answer (a network fault)
    duration_ms: float = 0.0
    fault: dict[str, Any] | None = field(default=None)  # {"id", "action"} of the rule that fired
    # contracts = warn: how the request body broke its contract ({"path", "rule", "message"} each)
    contract_violations: list[dict[str, str]] | None = field(default=None)

    response_body: bytes = b""
    response_truncated: bool = False

    @property
    def query(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for key, value in self.raw_query:
            grouped.setdefault(key, []).append(value)
        return grouped

    @property
    def headers(self) -> dict[str, str]:
        return {k: ("***" if k.lower() in REDACTED else v) for k, v in self.raw_headers}

    def keep_body(self, body: bytes) -> None:
        self.body = body[:MAX_BODY_BYTES]
        self.body_truncated = len(body) > MAX_BODY_BYTES

    def keep_response(self, body: bytes) -> None:
        self.response_body = body[:MAX_BODY_BYTES]
        self.response_truncated = len(body) > MAX_BODY_BYTES

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "time": round(self.time_ms, 3),
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": self.headers,
            "body": _decode(self.body),
            "bodyTruncated": self.body_truncated,
            "status": self.status,
            "response": _decode(self.response_body),
            "responseTruncated": self.response_truncated,
            "durationMs": round(self.duration_ms, 3),
            "fault": dict(self.fault) if self.fault else None,
            "contractViolations": [dict(v) for v in self.contract_violations] if self.contract_violations else None,
        }


class Journal:
    def __init__(self, size: int = 1000) -> None:
        self._entries: deque[JournalEntry] = deque(maxlen=size)
        self._ids = itertools.count(1)

    @property
    def size(self) -> int:
        return self._entries.maxlen or 0

    def open(
        self,
        *,
        time_ms: float,
        method: str,
        path: str,
        query: Iterable[tuple[str, str]],
        headers: Iterable[tuple[str, str]],
        body: bytes = b"",
    ) -> JournalEntry:
        """Record a request as it arrives; the caller fills status and duration when it ends."""
        entry = JournalEntry(
            id=next(self._ids),
            time_ms=time_ms,
            method=method,
            path=path,
            raw_query=query,
            raw_headers=headers,
            body=b"",
        )
        if body:
            entry.keep_body(body)
        self._entries.append(entry)
        return entry

    def __iter__(self) -> Iterator[JournalEntry]:
        return iter(list(self._entries))

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> int:
        removed = len(self._entries)
        self._entries.clear()
        return removed

    def find(
        self,
        *,
        method: str | None = None,
        path: str | None = None,
        path_regex: str | None = None,
        status: str | int | None = None,
        limit: int | None = None,
    ) -> list[JournalEntry]:
        """Entries oldest first, filtered; ``status`` is a code (``503``) or a class (``"5xx"``);
        ``limit`` keeps the most recent N."""
        wanted_status = _status_filter(status)
        pattern = _compile(path_regex)
        found = [
            entry
            for entry in self._entries
            if (method is None or entry.method == method.upper())
            and (path is None or entry.path.rstrip("/") == path.rstrip("/"))
            and (pattern is None or pattern.fullmatch(entry.path) is not None)
            and wanted_status(entry.status)
        ]
        return found[-limit:] if limit is not None else found


def _compile(path_regex: str | None) -> re.Pattern[str] | None:
    if path_regex is None:
        return None
    try:
        return re.compile(path_regex)
    except re.error as exc:
        raise BadRequest(f"path_regex: not a valid regular expression: {exc}") from None


def _status_filter(status: str | int | None) -> Any:
    if status is None or status == "":
        return lambda _: True
    text = str(status).strip().lower()
    if re.fullmatch(r"[1-5]xx", text):
        low = int(text[0]) * 100
        return lambda code: code is not None and low <= code < low + 100
    if text in ("none", "null"):
        return lambda code: code is None
    if not text.isdigit():
        raise BadRequest(f"status: expected a status code such as 503, a class such as 5xx, or none; got {status!r}")
    number = int(text)
    return lambda code: code == number


def _decode(body: bytes) -> Any:
    if not body:
        return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("utf-8", "replace")
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text
