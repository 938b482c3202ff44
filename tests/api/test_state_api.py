"""GET/PUT /_emulator/state and POST /_emulator/reset with a seed, over HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from emulator.seeding import count_types, generate


@pytest.fixture
def restore_start_state(api: httpx.Client) -> Iterator[None]:
    """Tests here change the session server's start state: put the suite's back afterwards."""
    yield
    r = api.post("/_emulator/reset", json={"dataset": "empty", "seed": 42, "assets": 200})
    assert r.status_code == 200, r.text


def test_a_loaded_export_equals_what_was_exported(api: httpx.Client) -> None:
    document = generate(4, 400)
    assert api.put("/_emulator/state", json=document).status_code == 200
    exported = api.get("/_emulator/state").json()
    assert exported["entities"] == document["entities"]
    assert exported["classificationDefs"] == document["classificationDefs"]
    assert api.put("/_emulator/state", json=exported).status_code == 200
    assert api.get("/_emulator/state").json() == exported


def test_loaded_state_is_served_by_the_api(api: httpx.Client) -> None:
    document = generate(4, 400)
    api.put("/_emulator/state", json=document)
    table = next(e for e in document["entities"] if e["typeName"] == "Table")
    r = api.get(f"/api/meta/entity/guid/{table['guid']}")
    assert r.status_code == 200, r.text
    assert r.json()["entity"]["attributes"]["qualifiedName"] == table["attributes"]["qualifiedName"]
    schema = api.get(f"/api/meta/entity/guid/{table['relationships']['atlanSchema']}").json()["entity"]
    assert table["guid"] in {t["guid"] for t in schema["relationshipAttributes"]["tables"]}


@pytest.mark.parametrize("body", [
    b"[]",
    b'{"version": 3}',
    b'{"entities": [{"guid": "g", "typeName": "NoSuchType", "attributes": {"qualifiedName": "q"}}]}',
    b'{"entities": [{"guid": "g", "typeName": "Table", "attributes": {}}]}',
    b'{"entities": [{"guid": "g", "typeName": "Table", "attributes": {"qualifiedName": "q"}}, '
    b'{"guid": "g", "typeName": "Table", "attributes": {"qualifiedName": "r"}}]}',
    b'{"entities": [{"guid": "g", "typeName": "Table", "attributes": {"qualifiedName": "q"}, '
    b'"classifications": [{"typeName": "nope"}]}]}',
    b'{"classificationDefs": "x"}',
    b'{"users": [{"id": "u1", "username": 7}]}',
    b'{"groups": {}}',
    b"not json",
])
def test_a_bad_state_document_is_400_and_changes_nothing(api: httpx.Client, body: bytes) -> None:
    api.put("/_emulator/state", json=generate(4, 60))
    before = api.get("/_emulator/state").json()
    r = api.put("/_emulator/state", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 400, r.text
    assert r.json()["errorCode"].startswith("ATLAS-400-")
    assert api.get("/_emulator/state").json() == before


@pytest.mark.usefixtures("restore_start_state")
def test_reset_with_a_seed_and_size_builds_a_new_start_state(api: httpx.Client) -> None:
    r = api.post("/_emulator/reset", json={"dataset": "generated", "seed": 5, "assets": 300})
    assert r.status_code == 200, r.text
    assert r.json()["entities"] == 300
    expected = generate(5, 300)
    state = api.get("/_emulator/state").json()
    assert [e["guid"] for e in state["entities"]] == [e["guid"] for e in expected["entities"]]
    table = next(e for e in expected["entities"] if e["typeName"] == "Table")
    assert api.delete(f"/api/meta/entity/guid/{table['guid']}", params={"deleteType": "PURGE"}).status_code == 200
    # A plain reset goes back to the new start state, not to the suite's empty one.
    r = api.post("/_emulator/reset")
    assert r.json()["entities"] == 300
    assert api.get(f"/api/meta/entity/guid/{table['guid']}").status_code == 200
    counts = count_types(api.get("/_emulator/state").json())
    assert counts == count_types(expected)


@pytest.mark.usefixtures("restore_start_state")
def test_reset_of_the_docs_dataset_with_a_size(api: httpx.Client) -> None:
    r = api.post("/_emulator/reset", json={"dataset": "docs", "seed": 1, "assets": 50})
    assert r.status_code == 200, r.text
    r = api.get("/api/meta/entity/uniqueAttribute/type/Connection",
                params={"attr:qualifiedName": "default/snowflake/1234567890"})
    assert r.status_code == 200, r.text


@pytest.mark.parametrize("body", [
    {"seed": "x"}, {"assets": -1}, {"assets": True}, {"colour": 1}, {"dataset": ""}, {"dataset": "no-such-set"}, [],
])
def test_a_bad_reset_body_is_400_and_changes_nothing(api: httpx.Client, body) -> None:
    api.put("/_emulator/state", json=generate(4, 60))
    before = api.get("/_emulator/state").json()
    r = api.post("/_emulator/reset", json=body)
    assert r.status_code == 400, r.text
    assert api.get("/_emulator/state").json() == before


def test_loaded_users_are_listed_by_the_users_api(api: httpx.Client) -> None:
    document = generate(4, 2000)
    assert api.put("/_emulator/state", json=document).status_code == 200
    r = api.get("/api/service/users", params={"limit": 100})
    assert r.status_code == 200, r.text
    listed = {u["username"] for u in r.json()["records"]}
    assert {u["username"] for u in document["users"]} <= listed
    assert "alice" in listed
