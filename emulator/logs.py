"""Logging for the standalone server: request lines (middleware/access_log.py) and the banner,
as text for terminals or as one JSON object per line for log collectors."""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        fields = getattr(record, "access", None)
        if isinstance(fields, dict):
            out.update(fields)
        else:
            out["message"] = record.getMessage()
        if record.exc_info:
            out["error"] = self.formatException(record.exc_info)
        return json.dumps(out)


def configure_logging(log_format: str) -> None:
    """Send the emulator's logs to standard error, as ``text`` or ``json`` (``off``: warnings only)."""
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    root = logging.getLogger("atlan_emulator")
    root.handlers[:] = [handler]
    root.propagate = False
    root.setLevel(logging.WARNING if log_format == "off" else logging.INFO)
