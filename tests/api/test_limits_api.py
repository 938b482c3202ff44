"""Platform limits over HTTP: the URI-length limit (414) and the per-tenant token bucket (429)."""

from __future__ import annotations

import httpx

BULK = "/api/meta/entity/bulk"
WHOAMI = "/api/service/whoami"


def create_tables(api: httpx.Client, count: int) -> list[str]:
    entities = [
        {"typeName": "Table", "guid": f"-{i + 1}",
         "attributes": {"qualifiedName": f"default/snowflake/1/db/sc/t{i}", "name": f"t{i}"}}
        for i in range(count)
    ]
    r = api.post(BULK, json={"entities": entities})
    assert r.status_code == 200, r.text
    assignments = r.json()["guidAssignments"]
    return [assignments[f"-{i + 1}"] for i in range(count)]


def statuses(api: httpx.Client) -> dict[str, str]:
    return {e["guid"]: e["status"] for e in api.get("/_emulator/state").json()["entities"]}


def test_400_guids_get_414_and_nothing_is_deleted(api: httpx.Client) -> None:
    guids = create_tables(api, 400)
    before = statuses(api)
    r = api.delete(BULK, params={"deleteType": "SOFT", "guid": guids})
    assert r.status_code == 414
    body = r.json()
    assert body["errorCode"] == "ATLAS-414-00-001"
    assert body["limit"] == 8192 and body["length"] > 8192
    assert str(body["length"]) in body["errorMessage"] and "8192" in body["errorMessage"]
    request_line = f"DELETE {r.request.url.raw_path.decode()} HTTP/1.1"
    assert body["length"] == len(request_line)
    assert statuses(api) == before


def test_50_guids_pass_and_a_runtime_limit_of_2048_changes_the_threshold(api: httpx.Client) -> None:
    guids = create_tables(api, 100)
    first, second = guids[:50], guids[50:]
    assert api.delete(BULK, params={"guid": first}).status_code == 200
    assert {statuses(api)[g] for g in first} == {"DELETED"}

    r = api.patch("/_emulator/config", json={"uri_limit": 2048})
    assert r.status_code == 200 and r.json()["uri_limit"] == 2048
    r = api.delete(BULK, params={"guid": second})
    assert r.status_code == 414 and r.json()["limit"] == 2048
    assert {statuses(api)[g] for g in second} == {"ACTIVE"}
    assert api.delete(BULK, params={"guid": second[:20]}).status_code == 200


def test_uri_limit_of_zero_means_no_limit_and_admin_is_never_limited(api: httpx.Client) -> None:
    api.patch("/_emulator/config", json={"uri_limit": 100})
    assert api.get("/api/meta/entity/guid/" + "x" * 200).status_code == 414
    assert api.get("/_emulator/requests", params={"path": "/" + "x" * 200}).status_code == 200
    api.patch("/_emulator/config", json={"uri_limit": 0})
    assert api.get("/api/meta/entity/guid/" + "x" * 20000).status_code == 404


def test_token_bucket_answers_429_with_retry_after(api: httpx.Client, atlan_emulator) -> None:
    atlan_emulator.clock.use_virtual()  # the bucket refills on the tenant clock: no real waiting
    r = api.patch("/_emulator/config", json={"rate_limit": 1, "rate_burst": 3})
    assert r.status_code == 200
    answers = [api.get(WHOAMI) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    limited = answers[3]
    assert limited.headers["Retry-After"] == "1"
    assert limited.json()["errorCode"] == "ATLAS-429-00-001"
    assert api.get("/_emulator/health").status_code == 200  # admin is never rate-limited
    api.post("/_emulator/clock/advance", json={"seconds": 2})
    assert [api.get(WHOAMI).status_code for _ in range(3)] == [200, 200, 429]


def test_slow_rate_says_how_long_to_wait(api: httpx.Client, atlan_emulator) -> None:
    atlan_emulator.clock.use_virtual()
    api.patch("/_emulator/config", json={"rate_limit": 0.1, "rate_burst": 1})
    assert api.get(WHOAMI).status_code == 200
    assert api.get(WHOAMI).headers["Retry-After"] == "10"
    api.post("/_emulator/clock/advance", json={"seconds": 10})
    assert api.get(WHOAMI).status_code == 200


def test_rate_limit_off_by_default_and_after_reset(api: httpx.Client) -> None:
    api.patch("/_emulator/config", json={"rate_limit": 1, "rate_burst": 1})
    api.post("/_emulator/reset")
    assert api.get("/_emulator/config").json()["rate_limit"] == 0
    assert {api.get(WHOAMI).status_code for _ in range(20)} == {200}
