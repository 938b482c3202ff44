"""The emulator's controls over HTTP: the request journal, the clock, and runtime config."""

from __future__ import annotations

import httpx
import pytest

BULK = "/api/meta/entity/bulk"
WHOAMI = "/api/service/whoami"
REQUESTS = "/_emulator/requests"


def create_table(api: httpx.Client, name: str = "t1") -> str:
    r = api.post(BULK, json={"entities": [{"typeName": "Table", "guid": "-1", "attributes": {
        "qualifiedName": f"default/snowflake/1/db/sc/{name}", "name": name}}]})
    assert r.status_code == 200, r.text
    return r.json()["guidAssignments"]["-1"]


# --- journal ------------------------------------------------------------------------------
def test_journal_records_method_path_query_headers_body_status_duration(api: httpx.Client) -> None:
    guid = create_table(api)
    api.get(f"/api/meta/entity/guid/{guid}", params={"ignoreRelationships": "true"})
    api.get("/api/meta/entity/guid/missing")
    entries = api.get(REQUESTS).json()["requests"]
    assert [(e["method"], e["status"]) for e in entries] == [("POST", 200), ("GET", 200), ("GET", 404)]
    post, get, missing = entries
    assert post["body"]["entities"][0]["attributes"]["name"] == "t1"
    assert get["query"] == {"ignoreRelationships": ["true"]}
    assert get["path"] == f"/api/meta/entity/guid/{guid}"
    assert get["headers"]["Authorization"] == "***"  # tokens are not kept
    assert all(e["durationMs"] >= 0 and e["time"] > 0 for e in entries)
    assert post["id"] < get["id"] < missing["id"]


def test_journal_filters_and_clear(api: httpx.Client) -> None:
    guid = create_table(api)
    api.delete(BULK, params={"guid": [guid]})
    api.get(WHOAMI)
    api.get("/api/meta/entity/guid/missing")
    assert [e["method"] for e in api.get(REQUESTS, params={"method": "delete"}).json()["requests"]] == ["DELETE"]
    by_path = api.get(REQUESTS, params={"path": WHOAMI}).json()
    assert by_path["count"] == 1 and by_path["requests"][0]["path"] == WHOAMI
    assert api.get(REQUESTS, params={"status": "404"}).json()["count"] == 1
    assert api.get(REQUESTS, params={"status": "2xx"}).json()["count"] == 3
    assert api.get(REQUESTS, params={"path_regex": "/api/meta/.*"}).json()["count"] == 3
    assert api.get(REQUESTS, params={"limit": "1"}).json()["requests"][0]["path"] == "/api/meta/entity/guid/missing"
    deleted = api.get(REQUESTS, params={"method": "DELETE"}).json()["requests"][0]
    assert deleted["query"]["guid"] == [guid]
    assert api.delete(REQUESTS).json() == {"removed": 4}
    assert api.get(REQUESTS).json()["count"] == 0


@pytest.mark.parametrize("params", [{"status": "teapot"}, {"path_regex": "("}, {"limit": "-1"}])
def test_journal_bad_filters_are_400(api: httpx.Client, params) -> None:
    r = api.get(REQUESTS, params=params)
    assert r.status_code == 400 and r.json()["errorCode"].startswith("ATLAS-400")


def test_admin_calls_are_not_journaled(api: httpx.Client) -> None:
    api.get("/_emulator/health")
    api.get(REQUESTS)
    assert api.get(REQUESTS).json()["requests"] == []


def test_journal_is_bounded(atlan_emulator, api: httpx.Client) -> None:
    size = api.get(REQUESTS).json()["size"]
    assert size == 1000
    for _ in range(size + 5):
        api.get(WHOAMI)
    entries = api.get(REQUESTS).json()["requests"]
    assert len(entries) == size
    assert entries[-1]["id"] - entries[0]["id"] == size - 1


# --- clock ---------------------------------------------------------------------------------
def test_clock_shows_time_and_advances_deletions_on_a_virtual_clock(api: httpx.Client) -> None:
    r = api.put("/_emulator/clock", json={"mode": "virtual"})
    assert r.status_code == 200 and r.json()["mode"] == "virtual"
    api.patch("/_emulator/config", json={"deletion_delay": 30})
    guid = create_table(api)
    start = api.get("/_emulator/clock").json()
    assert api.delete(BULK, params={"guid": [guid]}).status_code == 200
    assert api.get(f"/api/meta/entity/guid/{guid}").json()["entity"]["status"] == "ACTIVE"
    clock = api.get("/_emulator/clock").json()
    assert clock["now"] == start["now"] and clock["pending"] == 1 and clock["iso"].endswith("Z")

    r = api.post("/_emulator/clock/advance", json={"seconds": 29.5})
    assert r.json()["ran"] == 0
    assert api.get(f"/api/meta/entity/guid/{guid}").json()["entity"]["status"] == "ACTIVE"
    r = api.post("/_emulator/clock/advance", json={"seconds": 0.5})
    assert r.json()["ran"] == 1 and r.json()["now"] == start["now"] + 30_000 and r.json()["pending"] == 0
    assert api.get(f"/api/meta/entity/guid/{guid}").json()["entity"]["status"] == "DELETED"


def test_reset_restores_the_clock_mode(api: httpx.Client) -> None:
    api.put("/_emulator/clock", json={"mode": "virtual"})
    api.post("/_emulator/reset")
    assert api.get("/_emulator/clock").json()["mode"] == "real"


@pytest.mark.parametrize("body", [{"seconds": -1}, {"seconds": "5"}, {"seconds": True}, {}, {"seconds": 1, "x": 2},
                                  {"seconds": 1e12}, [5]])
def test_bad_advance_is_400_and_time_stays(api: httpx.Client, body) -> None:
    api.put("/_emulator/clock", json={"mode": "virtual"})
    before = api.get("/_emulator/clock").json()["now"]
    r = api.post("/_emulator/clock/advance", json=body)
    assert r.status_code == 400 and r.json()["errorMessage"]
    assert api.get("/_emulator/clock").json()["now"] == before


def test_bad_clock_mode_is_400(api: httpx.Client) -> None:
    assert api.put("/_emulator/clock", json={"mode": "sideways"}).status_code == 400


# --- runtime config ------------------------------------------------------------------------
def test_config_get_and_patch(api: httpx.Client) -> None:
    config = api.get("/_emulator/config").json()
    assert config["deletion_delay"] == 0 and config["uri_limit"] == 8192 and config["rate_limit"] == 0
    r = api.patch("/_emulator/config", json={"deletion_delay": 2.5, "uri_limit": 4096})
    assert r.status_code == 200
    assert r.json()["deletion_delay"] == 2.5 and r.json()["uri_limit"] == 4096
    assert api.get("/_emulator/config").json() == r.json()


@pytest.mark.parametrize("body", [
    {"no_such_setting": 1},
    {"deletion_delay": -1},
    {"deletion_delay": "soon"},
    {"uri_limit": 10.5},
    {"uri_limit": True},
    {"rate_limit": -0.5},
    {"deletion_delay": 1, "bogus": 2},
    [1, 2],
])
def test_bad_config_patch_is_400_and_changes_nothing(api: httpx.Client, body) -> None:
    before = api.get("/_emulator/config").json()
    r = api.patch("/_emulator/config", json=body)
    assert r.status_code == 400, r.text
    assert r.json()["errorCode"].startswith("ATLAS-400") and r.json()["errorMessage"]
    assert api.get("/_emulator/config").json() == before


def test_config_is_reset_with_the_tenant(api: httpx.Client) -> None:
    api.patch("/_emulator/config", json={"deletion_delay": 9})
    api.post("/_emulator/reset")
    assert api.get("/_emulator/config").json()["deletion_delay"] == 0


def test_one_advance_runs_deletion_then_search_refresh_in_order(api: httpx.Client) -> None:
    """Deleted at t=5 with a 10 s delay: the store has it at t=15, the index (5 s refresh) at t=20."""
    api.put("/_emulator/clock", json={"mode": "virtual"})
    api.patch("/_emulator/config", json={"deletion_delay": 10, "search_refresh_interval": 5})

    def active_tables() -> list[str]:
        r = api.post("/api/meta/search/indexsearch", json={"dsl": {"from": 0, "size": 10, "query": {"bool": {
            "filter": [{"term": {"__typeName.keyword": "Table"}}, {"term": {"__state": "ACTIVE"}}]}}},
            "attributes": ["name"]})
        assert r.status_code == 200, r.text
        return [e["attributes"]["name"] for e in r.json().get("entities", [])]

    guid = create_table(api)
    assert active_tables() == []  # not refreshed yet
    api.post("/_emulator/clock/advance", json={"seconds": 5})
    assert active_tables() == ["t1"]
    api.delete(BULK, params={"guid": [guid]})
    api.post("/_emulator/clock/advance", json={"seconds": 12})  # t=17: the deletion ran at t=15
    assert api.get(f"/api/meta/entity/guid/{guid}").json()["entity"]["status"] == "DELETED"
    assert active_tables() == ["t1"]  # the index still has it as it was
    assert api.post("/_emulator/clock/advance", json={"seconds": 3}).json()["ran"] == 1  # t=20: refresh
    assert active_tables() == []


def test_journal_keeps_the_response_the_client_got(api: httpx.Client) -> None:
    guid = create_table(api)
    api.get(f"/api/meta/entity/guid/{guid}")
    api.get("/api/meta/entity/guid/missing")
    api.get("/api/meta/no/such/route")
    created, found, missing, unrouted = api.get(REQUESTS).json()["requests"]
    assert created["response"]["guidAssignments"] == {"-1": guid}
    assert found["response"]["entity"]["guid"] == guid
    assert missing["response"]["errorCode"] == "ATLAS-404-00-005"
    assert unrouted["status"] == 404 and unrouted["response"]["errorCode"] == "ATLAS-404-00-004"
    assert not found["responseTruncated"]


def test_a_journal_export_passes_the_contract_checker(api: httpx.Client, tmp_path) -> None:
    """`.requests[]` as JSON Lines is a capture `atlan-emulator contracts check` reads."""
    import io
    import json

    from emulator.contract_check import run_check
    from emulator.contracts import load_contracts

    guid = create_table(api)
    api.get(f"/api/meta/entity/guid/{guid}")
    api.delete(BULK, params={"guid": [guid]})
    api.get("/api/meta/entity/guid/missing")
    capture = tmp_path / "journal.jsonl"
    capture.write_text("".join(json.dumps(e) + "\n" for e in api.get(REQUESTS).json()["requests"]))
    out = io.StringIO()
    assert run_check(load_contracts(), [str(capture)], out) == 0, out.getvalue()
    assert "4 passed, 0 failed" in out.getvalue()
