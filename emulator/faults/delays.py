"""Latency as a distribution (fixed, uniform, lognormal), sampled from the tenant's seeded RNG,
so that the same seed and the same request sequence give the same delays."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

from ..errors import BadRequest

# A delay longer than this is a typo, not a test: nobody waits ten minutes for a response.
MAX_DELAY_MS = 600_000.0


@dataclass(frozen=True)
class Delay:
    """How long to wait, in milliseconds: ``fixed`` (ms), ``uniform`` (min_ms..max_ms) or
    ``lognormal`` (median_ms, sigma; capped at max_ms), as WireMock models latency."""

    distribution: str
    ms: float = 0.0
    min_ms: float = 0.0
    max_ms: float = MAX_DELAY_MS
    median_ms: float = 0.0
    sigma: float = 0.0

    def sample_seconds(self, rng: random.Random) -> float:
        if self.distribution == "fixed":
            ms = self.ms
        elif self.distribution == "uniform":
            ms = rng.uniform(self.min_ms, self.max_ms)
        else:  # lognormal: median * e^(sigma * N(0,1)), capped
            ms = min(self.median_ms * math.exp(self.sigma * rng.gauss(0.0, 1.0)), self.max_ms)
        return ms / 1000.0

    def to_dict(self) -> dict[str, Any]:
        if self.distribution == "fixed":
            return {"distribution": "fixed", "ms": self.ms}
        if self.distribution == "uniform":
            return {"distribution": "uniform", "min_ms": self.min_ms, "max_ms": self.max_ms}
        return {"distribution": "lognormal", "median_ms": self.median_ms, "sigma": self.sigma, "max_ms": self.max_ms}


_KEYS = {
    "fixed": {"ms"},
    "uniform": {"min_ms", "max_ms"},
    "lognormal": {"median_ms", "sigma", "max_ms"},
}


def parse_delay(raw: Any, where: str = "delay") -> Delay:
    """``{"distribution": "uniform", "min_ms": 100, "max_ms": 300}`` and the like; a bare number is
    a fixed delay in milliseconds."""
    if _is_number(raw):
        return Delay("fixed", ms=_ms(raw, where))
    if not isinstance(raw, dict):
        raise BadRequest(f"{where}: expected milliseconds or an object with a 'distribution', got {raw!r}")
    kind = raw.get("distribution")
    if kind not in _KEYS:
        raise BadRequest(f"{where}.distribution: must be one of fixed, uniform, lognormal, got {kind!r}")
    unknown = set(raw) - _KEYS[kind] - {"distribution"}
    if unknown:
        raise BadRequest(f"{where}: unknown keys for a {kind} delay: {', '.join(sorted(unknown))}")
    if kind == "fixed":
        return Delay("fixed", ms=_ms(_required(raw, "ms", where), f"{where}.ms"))
    if kind == "uniform":
        low = _ms(_required(raw, "min_ms", where), f"{where}.min_ms")
        high = _ms(_required(raw, "max_ms", where), f"{where}.max_ms")
        if high < low:
            raise BadRequest(f"{where}: max_ms ({high}) is below min_ms ({low})")
        return Delay("uniform", min_ms=low, max_ms=high)
    median = _ms(_required(raw, "median_ms", where), f"{where}.median_ms")
    sigma = _required(raw, "sigma", where)
    if not _is_number(sigma) or not 0 <= sigma <= 10:
        raise BadRequest(f"{where}.sigma: must be a number in 0..10, got {sigma!r}")
    cap = _ms(raw.get("max_ms", MAX_DELAY_MS), f"{where}.max_ms")
    return Delay("lognormal", median_ms=median, sigma=float(sigma), max_ms=cap)


def _required(raw: dict[str, Any], key: str, where: str) -> Any:
    if key not in raw:
        raise BadRequest(f"{where}: '{key}' is required for a {raw['distribution']} delay")
    return raw[key]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _ms(value: Any, where: str) -> float:
    if not _is_number(value) or not 0 <= value <= MAX_DELAY_MS:
        raise BadRequest(f"{where}: must be milliseconds in 0..{int(MAX_DELAY_MS)}, got {value!r}")
    return float(value)
