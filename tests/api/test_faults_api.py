"""Fault rules over HTTP: adding, matching, firing (after/times/probability), latency, network
faults, and that a faulted write changes nothing."""

from __future__ import annotations

import httpx
import pytest

BULK = "/api/meta/entity/bulk"
WHOAMI = "/api/service/whoami"
FAULTS = "/_emulator/faults"


def add(api: httpx.Client, **rule) -> dict:
    r = api.post(FAULTS, json=rule)
    assert r.status_code == 201, r.text
    return r.json()


def table(name: str) -> dict:
    return {"typeName": "Table", "attributes": {"qualifiedName": f"default/snowflake/1/db/sc/{name}", "name": name}}


def test_add_list_get_remove_clear(api: httpx.Client) -> None:
    first = add(api, path=WHOAMI, status=503, times=2, headers={"Retry-After": "1"})
    second = add(api, id="slow-search", method="post", path_regex="/api/meta/search/.*", delay_ms=5)
    assert first["id"] == "fault-1" and first["status"] == 503 and first["fired"] == 0
    assert second["id"] == "slow-search" and second["method"] == "POST"
    assert second["delay"] == {"distribution": "fixed", "ms": 5.0}
    assert [r["id"] for r in api.get(FAULTS).json()["rules"]] == ["fault-1", "slow-search"]
    assert api.get(f"{FAULTS}/slow-search").json()["path_regex"] == "/api/meta/search/.*"
    assert api.delete(f"{FAULTS}/fault-1").json()["removed"] == "fault-1"
    assert api.get(f"{FAULTS}/fault-1").status_code == 404
    assert api.delete(f"{FAULTS}/fault-1").json()["errorCode"].startswith("ATLAS-404")
    assert api.delete(FAULTS).json() == {"removed": 1}
    assert api.get(FAULTS).json() == {"rules": []}


def test_status_rule_fires_times_then_passes_and_records_firing(api: httpx.Client) -> None:
    rule = add(api, path=WHOAMI, status=503, times=2, headers={"Retry-After": "1"})
    answers = [api.get(WHOAMI) for _ in range(3)]
    assert [r.status_code for r in answers] == [503, 503, 200]
    assert answers[0].headers["Retry-After"] == "1"
    body = answers[0].json()
    assert body["errorCode"] == "ATLAS-503-00-001" and rule["id"] in body["errorMessage"]
    state = api.get(f"{FAULTS}/{rule['id']}").json()
    assert state["fired"] == 2 and state["matched"] == 3
    assert isinstance(state["lastFiredAt"], int)


def test_after_skips_the_first_matches(api: httpx.Client) -> None:
    add(api, method="GET", path=WHOAMI, status=404, after=2, times=1)
    assert [api.get(WHOAMI).status_code for _ in range(4)] == [200, 200, 404, 200]


def test_method_and_path_regex_select_requests(api: httpx.Client) -> None:
    add(api, method="POST", path_regex=r"/api/meta/entity/.*", status=500)
    assert api.get(WHOAMI).status_code == 200
    assert api.get("/api/meta/entity/guid/nope").status_code == 404  # GET is not matched
    assert api.post(BULK, json={"entities": [table("t")]}).status_code == 500


def test_custom_body_and_trailing_slash_match(api: httpx.Client) -> None:
    add(api, path=WHOAMI, status=200, body={"custom": True})
    r = api.get(WHOAMI + "/")
    assert r.status_code == 200 and r.json() == {"custom": True}


def test_probability_is_replayed_by_the_seed(api: httpx.Client, atlan_emulator) -> None:
    def run() -> list[int]:
        add(api, path=WHOAMI, status=500, probability=0.5)
        return [api.get(WHOAMI).status_code for _ in range(30)]

    first = run()
    atlan_emulator.reset()
    second = run()
    assert first == second
    assert 0 < first.count(500) < 30  # some fired, some did not


def test_faulted_write_changes_nothing(api: httpx.Client) -> None:
    add(api, method="POST", path=BULK, status=503, times=1)
    before = api.get("/_emulator/state").json()["entities"]
    assert api.post(BULK, json={"entities": [table("t")]}).status_code == 503
    assert api.get("/_emulator/state").json()["entities"] == before
    assert api.post(BULK, json={"entities": [table("t")]}).status_code == 200
    assert len(api.get("/_emulator/state").json()["entities"]) == len(before) + 1


def test_admin_routes_are_never_faulted(api: httpx.Client) -> None:
    add(api, path_regex=".*", status=500)
    assert api.get(WHOAMI).status_code == 500
    assert api.get("/_emulator/health").status_code == 200
    assert api.get(FAULTS).status_code == 200


def test_latency_rule_adds_delay_measured_by_the_journal(api: httpx.Client) -> None:
    add(api, path=WHOAMI, delay_ms=300, times=1)
    assert api.get(WHOAMI).status_code == 200  # a delay-only rule passes on to the real handler
    assert api.get(WHOAMI).status_code == 200
    slow, fast = api.get("/_emulator/requests", params={"path": WHOAMI}).json()["requests"]
    assert slow["fault"] == {"id": "fault-1", "action": None}
    assert slow["durationMs"] >= 290
    assert fast["fault"] is None


def test_uniform_and_lognormal_delays_stay_in_their_range(api: httpx.Client) -> None:
    add(api, path=WHOAMI, delay={"distribution": "uniform", "min_ms": 50, "max_ms": 80}, times=3)
    add(api, path=WHOAMI, delay={"distribution": "lognormal", "median_ms": 20, "sigma": 0.5, "max_ms": 60}, times=3)
    for _ in range(6):
        api.get(WHOAMI)
    durations = [e["durationMs"] for e in api.get("/_emulator/requests").json()["requests"]]
    assert all(d >= 48 for d in durations[:3])
    assert all(d < 2000 for d in durations)  # capped by max_ms (generous: the machine is shared)


@pytest.mark.parametrize(
    ("action", "error"),
    [
        ("reset", httpx.ReadError),
        ("empty", httpx.RemoteProtocolError),
        ("malformed", httpx.RemoteProtocolError),
        ("truncate", httpx.RemoteProtocolError),
    ],
)
def test_network_faults_break_the_connection(api: httpx.Client, action: str, error: type[Exception]) -> None:
    add(api, path=WHOAMI, action=action, times=1)
    with pytest.raises(error):
        api.get(WHOAMI)
    assert api.get(WHOAMI).status_code == 200  # the next connection is served normally
    entries = api.get("/_emulator/requests", params={"path": WHOAMI}).json()["requests"]
    assert entries[0]["status"] is None and entries[0]["fault"]["action"] == action
    assert entries[1]["status"] == 200


def test_hang_lasts_until_the_client_gives_up(atlan_emulator, api: httpx.Client) -> None:
    add(api, path=WHOAMI, action="hang", times=1)
    with pytest.raises(httpx.ReadTimeout):
        api.get(WHOAMI, timeout=0.5)
    assert api.get(WHOAMI).status_code == 200


def test_hang_is_bounded_by_its_delay(api: httpx.Client) -> None:
    add(api, path=WHOAMI, action="hang", delay_ms=200, times=1)
    with pytest.raises(httpx.RemoteProtocolError):  # closed without an answer, not held forever
        api.get(WHOAMI, timeout=30)


BAD_RULES = [
    {},
    {"path": WHOAMI},
    {"status": 503, "bogus": 1},
    {"status": 99},
    {"status": "503"},
    {"status": 503, "method": "FETCH"},
    {"status": 503, "path": "relative"},
    {"status": 503, "path": "/a", "path_regex": "/a"},
    {"status": 503, "path_regex": "(unclosed"},
    {"action": "explode"},
    {"action": "reset", "status": 503},
    {"status": 503, "times": -1},
    {"status": 503, "after": 1.5},
    {"status": 503, "probability": 2},
    {"delay_ms": -5},
    {"delay_ms": 5, "delay": {"distribution": "fixed", "ms": 5}},
    {"delay": {"distribution": "uniform", "min_ms": 10, "max_ms": 5}},
    {"delay": {"distribution": "gamma"}},
    {"delay": {"distribution": "lognormal", "median_ms": 5}},
    {"body": {"a": 1}},
    {"status": 503, "headers": ["Retry-After"]},
    [1],
    "rule",
]


@pytest.mark.parametrize("rule", BAD_RULES, ids=[str(i) for i in range(len(BAD_RULES))])
def test_bad_rules_are_a_clear_400_and_add_nothing(api: httpx.Client, rule) -> None:
    r = api.post(FAULTS, json=rule)
    assert r.status_code == 400, r.text
    assert r.json()["errorCode"].startswith("ATLAS-400") and r.json()["errorMessage"]
    assert api.get(FAULTS).json()["rules"] == []


def test_duplicate_id_is_a_409_and_array_adds_all_or_nothing(api: httpx.Client) -> None:
    add(api, id="x", path=WHOAMI, status=500)
    assert api.post(FAULTS, json={"id": "x", "status": 500}).status_code == 409
    r = api.post(FAULTS, json=[{"status": 502, "path": "/a"}, {"status": "bad"}])
    assert r.status_code == 400
    assert [rule["id"] for rule in api.get(FAULTS).json()["rules"]] == ["x"]
    r = api.post(FAULTS, json=[{"status": 502, "path": "/a"}, {"status": 504, "path": "/b"}])
    assert r.status_code == 201 and len(r.json()["rules"]) == 2


def test_rules_are_cleared_by_reset(api: httpx.Client) -> None:
    add(api, path=WHOAMI, status=500)
    api.post("/_emulator/reset")
    assert api.get(FAULTS).json()["rules"] == []
    assert api.get(WHOAMI).status_code == 200
