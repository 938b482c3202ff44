"""Request validation over HTTP: strict (the default) answers a body that breaks its contract
with a 400 in the API's error shape naming the JSON path and the rule, before any handler runs;
warn logs it and lets the handler decide; off does nothing."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import httpx
import pytest

from emulator.config import EmulatorConfig
from emulator.server import BackgroundServer

BULK = "/api/meta/entity/bulk/"
GOOD = {"entities": [{"typeName": "Table", "guid": "-1", "businessAttributes": None,
                      "attributes": {"qualifiedName": "default/snowflake/1/db/sc/t1", "name": "t1"}}]}


def test_strict_rejects_a_malformed_body_with_the_json_path_and_rule(api: httpx.Client) -> None:
    before = api.get("/_emulator/state").json()
    r = api.post(BULK, json={"entities": [{"typeName": 5, "attributes": {"qualifiedName": "x", "name": "x"}}]})
    assert r.status_code == 400
    body = r.json()
    assert body["errorCode"] == "ATLAS-400-00-029"
    assert "$.entities[0].typeName" in body["errorMessage"] and "rule 'type'" in body["errorMessage"]
    assert "entity/bulk-post.request.json" in body["errorMessage"]
    assert body["causes"][0] == {"errorType": "type", "errorMessage": "5 is not of type 'string'",
                                 "location": "$.entities[0].typeName"}
    assert api.get("/_emulator/state").json() == before


def test_strict_names_an_unknown_entity_key_and_a_bad_search_size(api: httpx.Client) -> None:
    r = api.post(BULK, json={"entities": [{"typeName": "Table", "attribute": {"qualifiedName": "x"}}]})
    assert r.status_code == 400 and "at $.entities[0]:" in r.json()["errorMessage"]
    assert "'attribute' was unexpected" in r.json()["errorMessage"]
    r = api.post("/api/meta/search/indexsearch", json={"dsl": {"from": 0, "size": -1}})
    assert r.status_code == 400 and "$.dsl.size" in r.json()["errorMessage"]
    assert "rule 'minimum'" in r.json()["errorMessage"]
    r = api.post("/api/service/workflows", params={"submit": "true"}, json={"metadata": {}, "spec": {}})
    assert r.status_code == 400 and "at $.metadata: 'name' is a required property" in r.json()["errorMessage"]


def test_strict_accepts_what_pyatlan_sends(api: httpx.Client) -> None:
    r = api.post(BULK, params={"replaceTags": "false", "appendTags": "false"}, json=GOOD)
    assert r.status_code == 200, r.text
    assert r.json()["mutatedEntities"]["CREATE"][0]["typeName"] == "Table"
    put = {"entity": {"typeName": "Table", "businessAttributes": None,
                      "attributes": {"qualifiedName": "default/snowflake/1/db/sc/t1", "name": "t1",
                                     "certificateStatus": "VERIFIED", "certificateStatusMessage": None}}}
    r = api.put("/api/meta/entity/uniqueAttribute/type/Table",
                params={"attr:qualifiedName": "default/snowflake/1/db/sc/t1"}, json=put)
    assert r.status_code == 200, r.text
    search = {"dsl": {"from": 0, "size": 300, "aggregations": {}, "track_total_hits": True,
                      "query": {"bool": {"filter": [{"term": {"__state": {"value": "ACTIVE", "case_insensitive": False}}}]}},
                      "sort": [{"__guid": {"order": "asc"}}]},
              "relationAttributes": ["name"], "requestMetadata": {"saveSearchLog": False, "utmTags": ["project_sdk_python"]}}
    r = api.post("/api/meta/search/indexsearch", json=search)
    assert r.status_code == 200 and r.json()["approximateCount"] == 1


def test_a_body_that_is_not_json_still_gets_the_handlers_own_error(api: httpx.Client) -> None:
    r = api.post(BULK, content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "not valid JSON" in r.json()["errorMessage"]


@pytest.fixture(scope="module")
def lenient() -> Iterator[dict[str, BackgroundServer]]:
    servers = {mode: BackgroundServer(EmulatorConfig(port=0, dataset="empty", assets=0, contracts=mode)).start()
               for mode in ("warn", "off")}
    yield servers
    for server in servers.values():
        server.stop()


def test_warn_logs_and_journals_the_violation_and_lets_the_handler_answer(lenient: dict[str, BackgroundServer],
                                                             caplog: pytest.LogCaptureFixture) -> None:
    server = lenient["warn"]
    with caplog.at_level(logging.WARNING, logger="atlan_emulator.contracts"):
        r = httpx.post(server.url + BULK, headers={"Authorization": "Bearer k"},
                       json={"entities": [{"typeName": 5}]})
    assert r.status_code == 400
    assert "contract" not in r.json()["errorMessage"]  # the handler's own message
    assert any("$.entities[0].typeName" in rec.getMessage() for rec in caplog.records)
    journal = httpx.get(server.url + "/_emulator/requests", headers={"Authorization": "Bearer k"}).json()["requests"]
    assert journal[-1]["path"] == BULK and journal[-1]["contractViolations"] == [
        {"path": "$.entities[0].typeName", "rule": "type", "message": "5 is not of type 'string'"}]


def test_off_does_not_look_at_bodies(lenient: dict[str, BackgroundServer], caplog: pytest.LogCaptureFixture) -> None:
    server = lenient["off"]
    with caplog.at_level(logging.WARNING, logger="atlan_emulator.contracts"):
        r = httpx.post(server.url + BULK, headers={"Authorization": "Bearer k"},
                       json={"entities": [{"typeName": 5}]})
    assert r.status_code == 400 and "contract" not in r.json()["errorMessage"]
    assert not [rec for rec in caplog.records if rec.name == "atlan_emulator.contracts"]
    r = httpx.post(server.url + BULK, headers={"Authorization": "Bearer k"}, json=GOOD)
    assert r.status_code == 200
