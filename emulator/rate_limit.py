"""A token bucket per tenant: ``rate`` requests per second on average, ``burst`` at once.

Time comes from the tenant's clock, so on a virtual clock the bucket refills only when the
clock is advanced, and a test of throttling never waits for real.
"""

from __future__ import annotations

import math


class TokenBucket:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._tokens: float | None = None  # None: full (set on first use, when the size is known)
        self._last_s = 0.0

    def take(self, now_s: float, *, rate: float, burst: int) -> float:
        """Take one token; return 0 if there was one, else the seconds until there will be.

        ``rate`` <= 0 means no limit."""
        if rate <= 0:
            return 0.0
        size = float(burst) if burst > 0 else max(1.0, rate)
        if self._tokens is None:
            self._tokens = size
        else:
            elapsed = max(0.0, now_s - self._last_s)
            self._tokens = min(size, self._tokens + elapsed * rate)
        self._last_s = now_s
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return 0.0
        return (1.0 - self._tokens) / rate


def retry_after(wait_seconds: float) -> int:
    """The Retry-After header value: whole seconds, at least 1."""
    return max(1, math.ceil(wait_seconds))
