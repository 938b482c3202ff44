"""What the pytest handle offers for failure on purpose: ``.faults``, ``.journal`` and ``.clock``.

Each call runs on the server's thread (where the tenant lives) and goes through the same domain
objects as the /_emulator HTTP routes, so rules, entries and clock readings look the same
both ways (plain dicts, as the JSON the routes return).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from .api.clock import clock_info
from .tenant import Tenant

T = TypeVar("T")


class _Caller(Protocol):
    def __call__(self, fn: Callable[[Tenant], T]) -> T: ...


class FaultControls:
    """``atlan_emulator.faults.add(path=..., status=503, times=2)``; ``.remove(id)``; ``.clear()``."""

    def __init__(self, call: _Caller) -> None:
        self._call = call

    def add(self, rule: dict[str, Any] | None = None, /, **fields: Any) -> dict[str, Any]:
        """Add one rule (the same keys as POST /_emulator/faults); returns it with its ``id``."""
        raw = {**(rule or {}), **fields}
        return self._call(lambda tenant: tenant.faults.add(raw).to_dict())

    def get(self, rule_id: str) -> dict[str, Any]:
        """The rule as it is now, with ``matched``, ``fired`` and ``lastFiredAt``."""
        return self._call(lambda tenant: tenant.faults.get(rule_id).to_dict())

    def list(self) -> list[dict[str, Any]]:
        return self._call(lambda tenant: [rule.to_dict() for rule in tenant.faults])

    def remove(self, rule_id: str) -> dict[str, Any]:
        return self._call(lambda tenant: tenant.faults.remove(rule_id).to_dict())

    def clear(self) -> int:
        return self._call(lambda tenant: tenant.faults.clear())


class JournalControls:
    """``atlan_emulator.journal.requests(method="DELETE", path=...)`` -> entries, oldest first."""

    def __init__(self, call: _Caller) -> None:
        self._call = call

    def requests(
        self,
        *,
        method: str | None = None,
        path: str | None = None,
        path_regex: str | None = None,
        status: str | int | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        return self._call(
            lambda tenant: [
                entry.to_dict()
                for entry in tenant.journal.find(
                    method=method, path=path, path_regex=path_regex, status=status, limit=limit
                )
            ]
        )

    def clear(self) -> int:
        return self._call(lambda tenant: tenant.journal.clear())


class ClockControls:
    """``atlan_emulator.clock.info()``, ``.now_ms``, ``.advance(30)``, ``.use_virtual()``."""

    def __init__(self, call: _Caller) -> None:
        self._call = call

    def info(self) -> dict[str, Any]:
        return self._call(lambda tenant: clock_info(tenant.clock))

    @property
    def now_ms(self) -> int:
        return self._call(lambda tenant: tenant.clock.now_ms())

    @property
    def virtual(self) -> bool:
        return self._call(lambda tenant: tenant.clock.virtual)

    def advance(self, seconds: float) -> int:
        """Move time forward, running what falls due in order; returns how many actions ran."""
        return self._call(lambda tenant: tenant.clock.advance(seconds))

    def use_virtual(self) -> None:
        """Stop time for this tenant (until the next reset): only ``advance`` moves it."""
        self._call(lambda tenant: tenant.clock.set_virtual(True))

    def use_real(self) -> None:
        self._call(lambda tenant: tenant.clock.set_virtual(False))
