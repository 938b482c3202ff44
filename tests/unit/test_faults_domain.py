"""The failure-on-purpose domain without HTTP: fault rules and their firing, delay
distributions, the token bucket, the journal ring, and generic runtime settings."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import pytest

from emulator.config import ConfigError, EmulatorConfig
from emulator.errors import BadRequest, Conflict, NotFound
from emulator.faults import Action, FaultBook, parse_delay
from emulator.journal import Journal
from emulator.rate_limit import TokenBucket, retry_after
from emulator.settings import apply_settings


def fire(book: FaultBook, n: int, method: str = "GET", path: str = "/x") -> list[str | None]:
    out = []
    for _ in range(n):
        decision = book.decide(method, path, now_ms=0)
        out.append(decision.rule_id if decision else None)
    return out


def test_first_firing_rule_wins_and_exhausted_rules_step_aside() -> None:
    book = FaultBook()
    book.add({"id": "a", "path": "/x", "status": 503, "times": 2})
    book.add({"id": "b", "path_regex": "/.*", "status": 500, "times": 1})
    assert fire(book, 4) == ["a", "a", "b", None]
    assert book.get("a").matched == 4 and book.get("a").fired == 2
    assert book.get("b").matched == 2 and book.get("b").fired == 1


def test_after_counts_matches_before_firing() -> None:
    book = FaultBook([{"path": "/x", "status": 404, "after": 1, "times": 2}])
    assert fire(book, 4) == [None, "fault-1", "fault-1", None]


def test_method_path_and_regex_selectors() -> None:
    book = FaultBook([{"method": "post", "path": "/api/x/", "status": 500}])
    assert book.decide("GET", "/api/x", 0) is None
    assert book.decide("POST", "/api/x", 0) is not None  # trailing slash does not matter
    book = FaultBook([{"path_regex": r"/api/meta/entity/guid/[^/]+", "status": 500}])
    assert book.decide("GET", "/api/meta/entity/guid/abc", 0) is not None
    assert book.decide("GET", "/api/meta/entity/guid/abc/extra", 0) is None  # full match only


def test_probability_uses_the_seeded_rng() -> None:
    def decisions(seed: int) -> list[str | None]:
        return fire(FaultBook([{"status": 500, "probability": 0.3}], seed=seed), 200)

    assert decisions(7) == decisions(7)
    assert decisions(7) != decisions(8)
    assert 30 < sum(1 for d in decisions(7) if d) < 90


def test_reset_restores_start_rules_unfired_and_reseeds() -> None:
    book = FaultBook([{"id": "start", "status": 500, "probability": 0.5}], seed=3)
    first = fire(book, 20)
    book.add({"status": 418})
    book.reset()
    assert [r.id for r in book] == ["start"] and book.get("start").fired == 0
    assert fire(book, 20) == first


def test_decision_carries_what_to_do() -> None:
    book = FaultBook([{"status": 429, "headers": {"Retry-After": 2}, "body": {"x": 1}, "delay_ms": 10}])
    decision = book.decide("GET", "/", now_ms=1234)
    assert decision is not None
    assert (decision.status, decision.headers, decision.body, decision.delay_seconds) == (429, {"Retry-After": "2"},
                                                                                          {"x": 1}, 0.01)
    assert book.get("fault-1").last_fired_ms == 1234
    network = FaultBook([{"action": "truncate"}]).decide("GET", "/", 0)
    assert network is not None and network.action is Action.TRUNCATE and not network.passes_on


def test_book_errors() -> None:
    book = FaultBook()
    book.add({"id": "x", "status": 500})
    with pytest.raises(Conflict):
        book.add({"id": "x", "status": 500})
    with pytest.raises(BadRequest):
        book.add({"id": "", "status": 500})
    with pytest.raises(NotFound):
        book.remove("nope")
    assert book.clear() == 1 and len(book) == 0
    assert book.add({"status": 500}).id == "fault-1"


@pytest.mark.parametrize("raw", [
    {"distribution": "fixed", "ms": 5, "extra": 1}, {"distribution": "uniform", "min_ms": 1}, "5", True,
    {"distribution": "lognormal", "median_ms": 10, "sigma": -1}, 10**9,
])
def test_bad_delays(raw) -> None:
    with pytest.raises(BadRequest):
        parse_delay(raw)


def test_delay_distributions_sample_in_range() -> None:
    rng = random.Random(1)
    assert parse_delay(250).sample_seconds(rng) == 0.25
    uniform = parse_delay({"distribution": "uniform", "min_ms": 100, "max_ms": 200})
    samples = [uniform.sample_seconds(rng) for _ in range(500)]
    assert min(samples) >= 0.1 and max(samples) <= 0.2
    lognormal = parse_delay({"distribution": "lognormal", "median_ms": 100, "sigma": 0.5, "max_ms": 300})
    samples = sorted(lognormal.sample_seconds(rng) for _ in range(1001))
    assert max(samples) <= 0.3
    assert 0.08 < samples[500] < 0.12  # the median is the median


def test_token_bucket_refills_with_time() -> None:
    bucket = TokenBucket()
    assert [bucket.take(0.0, rate=2, burst=3) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.take(0.0, rate=2, burst=3) == pytest.approx(0.5)
    assert bucket.take(0.5, rate=2, burst=3) == 0.0
    assert bucket.take(100.0, rate=2, burst=3) == 0.0  # refills to the burst size, no more
    assert [bucket.take(100.0, rate=2, burst=3) for _ in range(3)][-1] > 0
    assert bucket.take(0.0, rate=0, burst=0) == 0.0  # rate 0: no limit
    assert retry_after(0.2) == 1 and retry_after(2.1) == 3


def test_journal_ring_and_filters() -> None:
    journal = Journal(size=3)
    for i, (method, status) in enumerate([("GET", 200), ("POST", 503), ("GET", 404), ("DELETE", None)]):
        entry = journal.open(time_ms=i, method=method, path=f"/p/{i}", query=[("guid", "a"), ("guid", "b")],
                             headers=[("Authorization", "Bearer secret"), ("X", "y")], body=b'{"a": 1}')
        entry.status = status
    assert [e.id for e in journal] == [2, 3, 4]  # the oldest fell out
    assert [e.method for e in journal.find(status="5xx")] == ["POST"]
    assert [e.method for e in journal.find(status="none")] == ["DELETE"]
    assert [e.id for e in journal.find(method="get")] == [3]
    assert [e.id for e in journal.find(limit=2)] == [3, 4]
    shown = journal.find(path="/p/1")[0].to_dict()
    assert shown["query"] == {"guid": ["a", "b"]} and shown["body"] == {"a": 1}
    assert shown["headers"] == {"Authorization": "***", "X": "y"}
    with pytest.raises(BadRequest):
        journal.find(status="often")


def test_journal_cuts_long_bodies() -> None:
    journal = Journal()
    entry = journal.open(time_ms=0, method="POST", path="/", query=[], headers=[], body=b"x" * 300_000)
    assert entry.body_truncated and len(entry.body) == 256 * 1024


@dataclass
class _Settings:
    delay: float = 0.0
    limit: int = field(default=10, metadata={"minimum": 1})
    flag: bool = False
    mode: str = field(default="a", metadata={"choices": ["a", "b"]})
    phases: dict = field(default_factory=dict)

    def validate(self) -> None:
        if self.flag and self.delay == 0:
            raise ValueError("flag needs a delay")


def test_apply_settings_is_generic_and_all_or_nothing() -> None:
    settings = _Settings()
    assert apply_settings(settings, {"delay": 2, "limit": 5, "mode": "b", "phases": {"x": 1}})["limit"] == 5
    assert isinstance(settings.delay, float) and settings.phases == {"x": 1}
    for bad in ({"limit": 0}, {"delay": "1"}, {"flag": 1}, {"mode": "c"}, {"phases": []}, {"nope": 1},
                {"limit": 2.5}, {"delay": 1, "limit": 0}):
        with pytest.raises(BadRequest):
            apply_settings(settings, bad)
    settings.delay = 0.0
    with pytest.raises(BadRequest, match="flag needs a delay"):
        apply_settings(settings, {"flag": True})
    assert settings.flag is False and settings.limit == 5


def test_config_carries_limits_and_start_faults(tmp_path) -> None:
    path = tmp_path / "emulator.toml"
    path.write_text('uri_limit = 4096\nrate_limit = 5.0\n[[faults]]\npath = "/api/service/whoami"\nstatus = 503\n')
    config = EmulatorConfig.load(file=path, env={})
    assert config.uri_limit == 4096 and config.rate_limit == 5.0
    assert config.faults == [{"path": "/api/service/whoami", "status": 503}]
    env = {"ATLAN_EMULATOR_FAULTS": '[{"status": 500, "times": 1}]', "ATLAN_EMULATOR_JOURNAL_SIZE": "10"}
    config = EmulatorConfig.load(env=env)
    assert config.faults == [{"status": 500, "times": 1}] and config.journal_size == 10
    for bad in ({"ATLAN_EMULATOR_FAULTS": "[{"}, {"ATLAN_EMULATOR_FAULTS": '[{"status": 1}]'},
                {"ATLAN_EMULATOR_URI_LIMIT": "-1"}, {"ATLAN_EMULATOR_JOURNAL_SIZE": "0"}):
        with pytest.raises(ConfigError):
            EmulatorConfig.load(env=bad)
