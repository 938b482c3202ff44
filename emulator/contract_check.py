"""`atlan-emulator contracts check FILE...`: captured exchanges against contracts/.

Reads JSON Lines (one exchange per line: method, path or url, status, request and response
bodies), a JSON array of exchanges or the request journal's export (GET /_emulator/requests saved
as .json), or HAR files (browser and proxy captures), and
reports, per exchange, PASS, FAIL with each violation's JSON path and rule, or SKIP when no
contract covers the route. Lets a user see whether a real tenant's traffic has drifted from the
contracts the emulator speaks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from .contracts import ContractSet, Route, Violation

_MISSING = object()
_REQUEST_KEYS = ("request", "requestBody", "request_body", "body")
_RESPONSE_KEYS = ("response", "responseBody", "response_body")


class CaptureError(ValueError):
    """A capture file that cannot be read as exchanges; the message names the file and line."""


@dataclass
class Exchange:
    label: str  # where it came from: file:line or file#entry
    method: str
    path: str
    status: int | None
    request: Any = _MISSING
    response: Any = _MISSING


@dataclass
class Outcome:
    exchange: Exchange
    route: Route | None
    violations: list[Violation]

    @property
    def verdict(self) -> str:
        if self.route is None and not self.violations:
            return "SKIP"
        return "FAIL" if self.violations else "PASS"


def read_exchanges(path: Path) -> Iterator[Exchange]:
    text = path.read_text(encoding="utf-8")
    stripped = text.lstrip()
    if path.suffix.lower() == ".har" or (stripped.startswith("{") and '"log"' in stripped[:200]):
        yield from _har(path, text)
        return
    if stripped.startswith("[") or (stripped.startswith("{") and path.suffix.lower() == ".json"):
        yield from _document(path, text)
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CaptureError(f"{path}:{number}: not JSON ({exc.msg})") from None
        yield _exchange(raw, f"{path.name}:{number}")


def _document(path: Path, text: str) -> Iterator[Exchange]:
    """One JSON document: an array of exchanges, or GET /_emulator/requests saved as it came."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaptureError(f"{path}: not JSON ({exc.msg})") from None
    entries = document.get("requests") if isinstance(document, dict) else document
    if not isinstance(entries, list):
        raise CaptureError(f"{path}: expected an array of exchanges or a journal export ({{'requests': [...]}})")
    for index, raw in enumerate(entries):
        yield _exchange(raw, f"{path.name}#{index}")


def _exchange(raw: Any, label: str) -> Exchange:
    if not isinstance(raw, dict) or not isinstance(raw.get("method"), str):
        raise CaptureError(f"{label}: an exchange needs at least 'method' and 'path' (or 'url')")
    target = raw.get("path") or raw.get("url")
    if not isinstance(target, str):
        raise CaptureError(f"{label}: an exchange needs at least 'method' and 'path' (or 'url')")
    status = raw.get("status")
    exchange = Exchange(label=label, method=raw["method"].upper(), path=urlsplit(target).path or "/",
                        status=status if isinstance(status, int) else None)
    for key in _REQUEST_KEYS:
        if key in raw:
            exchange.request = _body(raw[key])
            break
    for key in _RESPONSE_KEYS:
        if key in raw:
            exchange.response = _body(raw[key])
            break
    return exchange


def _body(value: Any) -> Any:
    """A body as captured: JSON already, or JSON text (empty text is no body)."""
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def _har(path: Path, text: str) -> Iterator[Exchange]:
    try:
        entries = json.loads(text)["log"]["entries"]
    except (json.JSONDecodeError, KeyError, TypeError):
        raise CaptureError(f"{path}: not a HAR file (log.entries)") from None
    for index, entry in enumerate(entries):
        request, response = entry.get("request", {}), entry.get("response", {})
        raw: dict[str, Any] = {"method": request.get("method"), "url": request.get("url"),
                               "status": response.get("status")}
        if "postData" in request:
            raw["request"] = request["postData"].get("text", "")
        elif request.get("method", "").upper() in ("GET", "DELETE", "HEAD"):
            raw["request"] = None
        content = response.get("content", {})
        if "text" in content and content.get("encoding") != "base64":
            raw["response"] = content["text"]
        yield _exchange(raw, f"{path.name}#{index}")


def check_exchange(contracts: ContractSet, exchange: Exchange) -> Outcome:
    route = contracts.match(exchange.method, exchange.path)
    violations: list[Violation] = []
    if route is not None and exchange.request is not _MISSING:
        violations += contracts.check_request(route, exchange.request)
    status = exchange.status
    if exchange.response is not _MISSING and status is not None and (route is not None or status >= 400):
        violations += contracts.check_response(route, status, exchange.response)
    return Outcome(exchange, route, violations)


def run_check(contracts: ContractSet, files: list[str], out: TextIO) -> int:
    """Check every exchange of every file; 0 if all pass (or are skipped), 1 on any violation."""
    failed = passed = skipped = 0
    for name in files:
        try:
            for exchange in read_exchanges(Path(name)):
                outcome = check_exchange(contracts, exchange)
                status = "" if exchange.status is None else f" {exchange.status}"
                where = f"{exchange.method} {exchange.path}{status}"
                if outcome.verdict == "SKIP":
                    skipped += 1
                    print(f"SKIP {exchange.label} {where}: no contract for this route", file=out)
                    continue
                contract = outcome.route.operation_id if outcome.route else "error body"
                print(f"{outcome.verdict} {exchange.label} {where} ({contract})", file=out)
                for violation in outcome.violations:
                    print(f"    {violation}", file=out)
                if outcome.violations:
                    failed += 1
                else:
                    passed += 1
        except (OSError, CaptureError) as exc:
            print(f"ERROR {exc}", file=out)
            failed += 1
    print(f"{passed} passed, {failed} failed, {skipped} skipped", file=out)
    return 1 if failed else 0


def run_list(contracts: ContractSet, out: TextIO) -> int:
    """Every route with its request and response contract, then every shared definition file."""
    for route in sorted(contracts.routes, key=lambda r: (r.path, r.method)):
        print(f"{route.method:6} {route.path}", file=out)
        print(f"       request:  contracts/{route.request}", file=out)
        print(f"       response: contracts/{route.response}  (errors: contracts/{route.error})", file=out)
    shared = [name for name in contracts.names() if name.startswith("defs/")]
    print(f"{len(contracts.routes)} routes; shared definitions: {', '.join('contracts/' + n for n in shared)}", file=out)
    return 0
