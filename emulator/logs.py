"""Logging for the standalone server: the request lines (middleware/access_log.py) and the
emulator's own messages, as text for terminals or as one JSON object per line for log collectors."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
from typing import Any, TextIO

ACCESS_LOGGER = "atlan_emulator.access"  # the "logger" field of a JSON request line
# Request lines reach the stream within this long; a burst this large is written at once.
FLUSH_SECONDS = 0.1
FLUSH_LINES = 512


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": _utc_time(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            out["error"] = self.formatException(record.exc_info)
        return json.dumps(out)


class AccessLog:
    """One line per request, written in batches.

    Not a ``logging`` record per request: a record, a handler lock and a flush for every GET cost
    about a quarter of the emulator's throughput. Lines are formatted at once (so their times are
    right) and written together, at most ``FLUSH_SECONDS`` later; ``close`` writes the rest.
    """

    def __init__(self, log_format: str, stream: TextIO | None = None) -> None:
        self._json = log_format == "json"
        self._stream = stream if stream is not None else sys.stderr
        self._lines: list[str] = []
        self._timer: asyncio.TimerHandle | None = None

    def write(self, method: str, path: str, status: int | None, duration_ms: float, tenant: str) -> None:
        now = time.time()
        if self._json:
            line = json.dumps({"time": _utc_time(now), "level": "info", "logger": ACCESS_LOGGER, "method": method,
                               "path": path, "status": status, "duration_ms": round(duration_ms, 2),
                               "tenant": tenant})
        else:
            line = f"{_local_time(now)} {method} {path} {status} {duration_ms:.2f}ms tenant={tenant}"
        self._lines.append(line + "\n")
        if len(self._lines) >= FLUSH_LINES:
            self.flush()
        elif self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(FLUSH_SECONDS, self.flush)

    def flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._lines:
            text, self._lines = "".join(self._lines), []
            try:
                self._stream.write(text)
                self._stream.flush()
            except (OSError, ValueError):  # the stream is gone (closed pipe): the lines are lost, not the server
                pass

    close = flush


def configure_logging(log_format: str) -> None:
    """Send the emulator's own messages to standard error, as ``text`` or ``json`` (``off``: warnings only)."""
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    root = logging.getLogger("atlan_emulator")
    root.handlers[:] = [handler]
    root.propagate = False
    root.setLevel(logging.WARNING if log_format == "off" else logging.INFO)


def _utc_time(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{int(seconds * 1000) % 1000:03d}Z"


_second_shown: list[Any] = [-1, ""]  # the last whole second formatted, and its text


def _local_time(seconds: float) -> str:
    # the same shape as logging's asctime, so request lines and messages line up; the date part
    # is formatted once a second, not once a request
    whole = int(seconds)
    if whole != _second_shown[0]:
        _second_shown[:] = [whole, time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(whole))]
    return f"{_second_shown[1]},{int(seconds * 1000) % 1000:03d}"
