"""One injectable clock per tenant: every delay (deletions, search refresh, workflow phases)
goes through it, so tests can make time instant, advance it, or let it run for real.

Scheduled actions run lazily: the clock runs whatever has fallen due when asked
(``run_due``), which the request path does before each request, and ``advance`` does for a
virtual clock. Nothing happens behind the caller's back, and order is deterministic.
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field

Action = Callable[[], None]


@dataclass(order=True)
class _Scheduled:
    due_ms: float
    seq: int
    action: Action = field(compare=False)


class Clock:
    """Real or virtual time in epoch milliseconds, with a queue of actions falling due."""

    def __init__(self, *, virtual: bool = False, start_ms: float | None = None) -> None:
        self.virtual = virtual
        self._offset_ms = 0.0
        self._virtual_now = start_ms if start_ms is not None else time.time() * 1000.0
        self._queue: list[_Scheduled] = []
        self._seq = itertools.count()

    def now_ms(self) -> int:
        return int(self._now())

    def _now(self) -> float:
        if self.virtual:
            return self._virtual_now
        return time.time() * 1000.0 + self._offset_ms

    def schedule(self, delay_seconds: float, action: Action) -> None:
        """Run ``action`` once ``delay_seconds`` have passed; at once when the delay is 0."""
        if delay_seconds <= 0:
            action()
            return
        heapq.heappush(self._queue, _Scheduled(self._now() + delay_seconds * 1000.0, next(self._seq), action))

    def run_due(self) -> int:
        """Run every action whose time has come, oldest first; returns how many ran."""
        now = self._now()
        ran = 0
        while self._queue and self._queue[0].due_ms <= now:
            heapq.heappop(self._queue).action()
            ran += 1
        return ran

    def advance(self, seconds: float) -> int:
        """Move time forward (virtual: exactly; real: by an offset) and run what fell due, in order."""
        if seconds < 0:
            raise ValueError("cannot move the clock backwards")
        target = self._now() + seconds * 1000.0
        ran = 0
        while self._queue and self._queue[0].due_ms <= target:
            item = heapq.heappop(self._queue)
            self._set_now(max(self._now(), item.due_ms))
            item.action()
            ran += 1
        self._set_now(target)
        return ran

    def _set_now(self, now_ms: float) -> None:
        if self.virtual:
            self._virtual_now = now_ms
        else:
            self._offset_ms += now_ms - self._now()

    def set_virtual(self, virtual: bool) -> None:
        """Switch between real and virtual time without a jump: the clock keeps its current reading."""
        now = self._now()
        self.virtual = virtual
        if virtual:
            self._virtual_now = now
        else:
            self._offset_ms = now - time.time() * 1000.0

    @property
    def pending(self) -> int:
        return len(self._queue)

    def clear(self) -> None:
        self._queue.clear()
