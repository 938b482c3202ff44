"""The tenant's fault rules, and the one decision per request: which rule fires, if any.

Rules are tried in the order they were added; the first that matches, is past its ``after``
matches, has ``times`` left and wins its ``probability`` draw fires, and no later rule sees
the request. The draw uses the tenant's seeded RNG, so a seed replays the same faults.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import ApiError, BadRequest, Conflict, NotFound
from .rules import Action, FaultRule, parse_rule


@dataclass(frozen=True)
class Decision:
    """What the request path must do for one request a rule fired on."""

    rule_id: str
    delay_seconds: float
    status: int | None
    headers: dict[str, str]
    body: Any
    has_body: bool
    action: Action | None

    @property
    def passes_on(self) -> bool:
        return self.status is None and self.action is None


class FaultBook:
    def __init__(self, initial: list[dict[str, Any]] | None = None, *, seed: int = 0) -> None:
        self._initial = [dict(raw) for raw in initial or []]
        self._seed = seed
        self.reset()

    def reset(self) -> None:
        """Back to the rules given at start, unfired, with the RNG re-seeded."""
        self._rules: dict[str, FaultRule] = {}
        self._ids = itertools.count(1)
        self._rng = random.Random(self._seed)
        for raw in self._initial:
            self.add(raw)

    def add(self, raw: Any) -> FaultRule:
        rule_id = raw.get("id") if isinstance(raw, dict) else None
        if rule_id is None:
            rule_id = self._next_id()
        elif not isinstance(rule_id, str) or not rule_id.strip():
            raise BadRequest(f"id: must be a non-empty string, got {rule_id!r}")
        elif rule_id in self._rules:
            raise Conflict(f"a fault rule with id {rule_id!r} already exists")
        rule = parse_rule(raw, rule_id)
        self._rules[rule.id] = rule
        return rule

    def _next_id(self) -> str:
        while True:
            candidate = f"fault-{next(self._ids)}"
            if candidate not in self._rules:
                return candidate

    def get(self, rule_id: str) -> FaultRule:
        try:
            return self._rules[rule_id]
        except KeyError:
            raise NotFound(f"no fault rule with id {rule_id!r}") from None

    def remove(self, rule_id: str) -> FaultRule:
        rule = self.get(rule_id)
        del self._rules[rule_id]
        return rule

    def clear(self) -> int:
        removed = len(self._rules)
        self._rules.clear()
        return removed

    def __iter__(self) -> Iterator[FaultRule]:
        return iter(list(self._rules.values()))

    def __len__(self) -> int:
        return len(self._rules)

    def decide(self, method: str, path: str, now_ms: int) -> Decision | None:
        """Count the request against every rule it reaches; return what the first firing rule does."""
        method = method.upper()
        for rule in self._rules.values():
            if not rule.matches(method, path):
                continue
            rule.matched += 1
            if rule.matched <= rule.after or rule.exhausted:
                continue
            if rule.probability < 1.0 and self._rng.random() >= rule.probability:
                continue
            rule.fired += 1
            rule.last_fired_ms = now_ms
            delay = rule.delay.sample_seconds(self._rng) if rule.delay is not None else 0.0
            return Decision(rule.id, delay, rule.status, dict(rule.headers), rule.body, rule.has_body, rule.action)
        return None


def check_rules(raw_rules: list[dict[str, Any]]) -> str | None:
    """The first problem in a list of rules (for config validation), or None."""
    try:
        FaultBook(raw_rules)
    except ApiError as exc:
        return exc.message
    return None
