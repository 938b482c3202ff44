"""The pytest handle for an emulator that runs elsewhere (a CI service container, a shared
per-token server): the same methods as the in-process handle, over the /_emulator HTTP API,
acting on the tenant of this handle's token. Standard library only (urllib)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

ADMIN_TOKEN_HEADER = "X-Emulator-Admin-Token"


class RemoteEmulatorError(RuntimeError):
    """The remote emulator refused an admin call (the message carries its error body)."""


class RemoteEmulatorHandle:
    """``.url``, ``.api_key``, ``.reset()``, ``.configure()``, ``.advance()``, ``.faults``,
    ``.journal``, ``.requests()``, ``.clock``; ``.call`` needs the in-process emulator."""

    def __init__(self, url: str, api_key: str, *, admin_token: str = "", start: dict[str, Any] | None = None) -> None:
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.admin_token = admin_token
        # what reset asks for: {"dataset", "seed", "assets"} (a snapshot swap once the tenant has it)
        self.start = dict(start or {})

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        """One /_emulator call on this handle's tenant; its JSON answer."""
        headers = {"Authorization": f"Bearer {self.api_key}", "Content-Type": "application/json"}
        if self.admin_token:
            headers[ADMIN_TOKEN_HEADER] = self.admin_token
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}/_emulator{path}", data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            raise RemoteEmulatorError(f"{method} /_emulator{path}: {exc.code} {exc.read().decode(errors='replace')}") from None

    def call(self, fn: Callable[[Any], Any]) -> Any:
        raise RemoteEmulatorError("call(fn) runs inside the emulator's process; a remote emulator offers "
                                  "only its HTTP API (reset, configure, advance, faults, journal, clock)")

    def reset(self) -> None:
        self.admin("POST", "/reset", self.start or None)

    def configure(self, **settings: Any) -> None:
        self.admin("PATCH", "/config", settings)

    def advance(self, seconds: float) -> None:
        self.admin("POST", "/clock/advance", {"seconds": seconds})

    @property
    def faults(self) -> RemoteFaults:
        return RemoteFaults(self)

    @property
    def journal(self) -> RemoteJournal:
        return RemoteJournal(self)

    def requests(self, **filters: Any) -> list[dict[str, Any]]:
        return self.journal.requests(**filters)

    @property
    def clock(self) -> RemoteClock:
        return RemoteClock(self)


class RemoteFaults:
    def __init__(self, handle: RemoteEmulatorHandle) -> None:
        self._h = handle

    def add(self, rule: dict[str, Any] | None = None, /, **fields: Any) -> dict[str, Any]:
        added: dict[str, Any] = self._h.admin("POST", "/faults", {**(rule or {}), **fields})
        return added

    def get(self, rule_id: str) -> dict[str, Any]:
        found: dict[str, Any] = self._h.admin("GET", f"/faults/{urllib.parse.quote(rule_id)}")
        return found

    def list(self) -> list[dict[str, Any]]:
        rules: list[dict[str, Any]] = self._h.admin("GET", "/faults")["rules"]
        return rules

    def remove(self, rule_id: str) -> dict[str, Any]:
        rule: dict[str, Any] = self._h.admin("DELETE", f"/faults/{urllib.parse.quote(rule_id)}")["rule"]
        return rule

    def clear(self) -> int:
        return int(self._h.admin("DELETE", "/faults")["removed"])


class RemoteJournal:
    def __init__(self, handle: RemoteEmulatorHandle) -> None:
        self._h = handle

    def requests(self, **filters: Any) -> list[dict[str, Any]]:
        query = urllib.parse.urlencode({k: v for k, v in filters.items() if v is not None})
        entries: list[dict[str, Any]] = self._h.admin("GET", f"/requests?{query}")["requests"]
        return entries

    def clear(self) -> int:
        return int(self._h.admin("DELETE", "/requests")["removed"])


class RemoteClock:
    def __init__(self, handle: RemoteEmulatorHandle) -> None:
        self._h = handle

    def info(self) -> dict[str, Any]:
        info: dict[str, Any] = self._h.admin("GET", "/clock")
        return info

    @property
    def now_ms(self) -> int:
        return int(self.info()["now"])

    @property
    def virtual(self) -> bool:
        return bool(self.info()["mode"] == "virtual")

    def advance(self, seconds: float) -> int:
        return int(self._h.admin("POST", "/clock/advance", {"seconds": seconds})["ran"])

    def use_virtual(self) -> None:
        self._h.admin("PUT", "/clock", {"mode": "virtual"})

    def use_real(self) -> None:
        self._h.admin("PUT", "/clock", {"mode": "real"})
