"""The bulk entity endpoints over HTTP: shapes, semantics, and errors in the API's own shape."""

from __future__ import annotations

import httpx
import pytest

BULK = "/api/meta/entity/bulk"


def create_table(api: httpx.Client, name: str = "t1", qn: str | None = None) -> str:
    qn = qn or f"default/snowflake/1/db/sc/{name}"
    r = api.post(BULK, json={"entities": [{"typeName": "Table", "guid": "-1", "attributes": {"qualifiedName": qn, "name": name}}]})
    assert r.status_code == 200, r.text
    return r.json()["guidAssignments"]["-1"]


def test_create_then_update_reports_create_then_update(api: httpx.Client) -> None:
    guid = create_table(api)
    r = api.post(BULK + "/", json={"entities": [{"typeName": "Table", "guid": "-9", "attributes": {
        "qualifiedName": "default/snowflake/1/db/sc/t1", "name": "t1", "description": "d"}}]})
    body = r.json()
    assert r.status_code == 200
    assert [e["guid"] for e in body["mutatedEntities"]["UPDATE"]] == [guid]
    assert body["mutatedEntities"]["UPDATE"][0]["attributes"]["description"] == "d"
    assert body["guidAssignments"] == {"-9": guid}
    entity = api.get(f"/api/meta/entity/guid/{guid}").json()["entity"]
    assert entity["attributes"]["description"] == "d"
    assert entity["version"] == 1


def test_noop_save_reports_nothing(api: httpx.Client) -> None:
    create_table(api)
    r = api.post(BULK, json={"entities": [{"typeName": "Table", "attributes": {
        "qualifiedName": "default/snowflake/1/db/sc/t1", "name": "t1"}}]})
    assert r.json() == {"guidAssignments": {}}


def test_get_by_guid_and_unique_attribute_shapes(api: httpx.Client) -> None:
    guid = create_table(api)
    by_guid = api.get(f"/api/meta/entity/guid/{guid}", params={"minExtInfo": "false", "ignoreRelationships": "true"})
    by_qn = api.get("/api/meta/entity/uniqueAttribute/type/Table",
                    params={"attr:qualifiedName": "default/snowflake/1/db/sc/t1"})
    assert by_guid.status_code == by_qn.status_code == 200
    entity = by_guid.json()["entity"]
    for key in ("typeName", "guid", "status", "attributes", "relationshipAttributes", "createTime", "updateTime",
                "createdBy", "updatedBy", "version", "classifications", "meanings", "labels"):
        assert key in entity
    assert by_guid.json()["referredEntities"] == {}
    assert by_qn.json()["entity"]["guid"] == guid


def test_get_bulk_by_guids(api: httpx.Client) -> None:
    a, b = create_table(api, "a"), create_table(api, "b")
    r = api.get(BULK, params=[("guid", a), ("guid", b)])
    assert [e["guid"] for e in r.json()["entities"]] == [a, b]


def test_relationships_resolve_by_unique_attribute_and_show_inverse(api: httpx.Client) -> None:
    r = api.post(BULK, json={"entities": [
        {"typeName": "Schema", "guid": "-1", "attributes": {"qualifiedName": "c/db/sc", "name": "sc"}},
        {"typeName": "Table", "guid": "-2", "attributes": {"qualifiedName": "c/db/sc/t", "name": "t",
         "atlanSchema": {"typeName": "Schema", "uniqueAttributes": {"qualifiedName": "c/db/sc"}}}},
    ]})
    assert r.status_code == 200, r.text
    ids = r.json()["guidAssignments"]
    table = api.get(f"/api/meta/entity/guid/{ids['-2']}", params={"ignoreRelationships": "false"}).json()["entity"]
    assert table["relationshipAttributes"]["atlanSchema"]["guid"] == ids["-1"]
    schema = api.get(f"/api/meta/entity/guid/{ids['-1']}").json()["entity"]
    assert [t["guid"] for t in schema["relationshipAttributes"]["tables"]] == [ids["-2"]]
    hidden = api.get(f"/api/meta/entity/guid/{ids['-2']}", params={"ignoreRelationships": "true"}).json()["entity"]
    assert hidden["relationshipAttributes"] == {}


def test_unresolvable_reference_is_404_and_nothing_is_applied(api: httpx.Client) -> None:
    r = api.post(BULK, json={"entities": [
        {"typeName": "Table", "guid": "-1", "attributes": {"qualifiedName": "x/t1", "name": "t1"}},
        {"typeName": "Table", "guid": "-2", "attributes": {"qualifiedName": "x/t2", "name": "t2",
         "atlanSchema": {"typeName": "Schema", "uniqueAttributes": {"qualifiedName": "nope"}}}},
    ]})
    assert r.status_code == 404
    assert r.json()["errorCode"] == "ATLAS-404-00-00A"
    missing = api.get("/api/meta/entity/uniqueAttribute/type/Table", params={"attr:qualifiedName": "x/t1"})
    assert missing.status_code == 404
    assert missing.json()["errorCode"] == "ATLAS-404-00-009"


def test_soft_delete_then_restore_with_status_active(api: httpx.Client) -> None:
    guid = create_table(api)
    r = api.delete(BULK, params={"guid": guid, "deleteType": "SOFT"})
    assert r.status_code == 200
    assert r.json()["mutatedEntities"]["DELETE"][0]["status"] == "DELETED"
    assert api.get(f"/api/meta/entity/guid/{guid}").json()["entity"]["status"] == "DELETED"
    r = api.post(BULK, params={"replaceClassifications": "false", "replaceBusinessAttributes": "false",
                               "overwriteBusinessAttributes": "false"},
                 json={"entities": [{"typeName": "Table", "attributes": {"name": "t1",
                       "qualifiedName": "default/snowflake/1/db/sc/t1"}, "status": "ACTIVE"}]})
    assert r.json()["mutatedEntities"]["UPDATE"][0]["status"] == "ACTIVE"
    assert api.get(f"/api/meta/entity/guid/{guid}").json()["entity"]["status"] == "ACTIVE"


def test_purge_removes_and_lists_under_delete(api: httpx.Client) -> None:
    guid = create_table(api)
    r = api.delete(BULK + "/", params={"deleteType": "PURGE", "guid": guid})
    assert list(r.json()["mutatedEntities"]) == ["DELETE"]
    assert api.get(f"/api/meta/entity/guid/{guid}").status_code == 404


def test_deletion_delay_keeps_asset_active_until_it_lands(api: httpx.Client, atlan_emulator) -> None:
    atlan_emulator.configure(deletion_delay=2)
    guid = create_table(api)
    r = api.delete(BULK, params={"guid": guid, "deleteType": "SOFT"})
    assert r.json()["mutatedEntities"]["DELETE"][0]["status"] == "DELETED"
    assert api.get(f"/api/meta/entity/guid/{guid}").json()["entity"]["status"] == "ACTIVE"
    atlan_emulator.advance(2)
    assert api.get(f"/api/meta/entity/guid/{guid}").json()["entity"]["status"] == "DELETED"


def test_purge_with_delay_lands_later(api: httpx.Client, atlan_emulator) -> None:
    atlan_emulator.configure(deletion_delay=5)
    guid = create_table(api)
    api.delete(BULK, params={"guid": guid, "deleteType": "PURGE"})
    assert api.get(f"/api/meta/entity/guid/{guid}").status_code == 200
    atlan_emulator.advance(5)
    assert api.get(f"/api/meta/entity/guid/{guid}").status_code == 404


def test_deleting_a_glossary_archives_its_terms(api: httpx.Client) -> None:
    r = api.post(BULK, json={"entities": [
        {"typeName": "AtlasGlossary", "guid": "-1", "attributes": {"qualifiedName": "-1", "name": "G"}},
        {"typeName": "AtlasGlossaryTerm", "guid": "-2", "attributes": {"qualifiedName": "-2", "name": "T",
         "anchor": {"typeName": "AtlasGlossary", "guid": "-1"}}},
    ]})
    ids = r.json()["guidAssignments"]
    term = api.get(f"/api/meta/entity/guid/{ids['-2']}").json()["entity"]
    glossary = api.get(f"/api/meta/entity/guid/{ids['-1']}").json()["entity"]
    assert term["attributes"]["qualifiedName"].endswith("@" + glossary["attributes"]["qualifiedName"])
    r = api.delete(BULK, params={"guid": ids["-1"], "deleteType": "SOFT"})
    assert sorted(e["guid"] for e in r.json()["mutatedEntities"]["DELETE"]) == sorted(ids.values())
    assert api.get(f"/api/meta/entity/guid/{ids['-2']}").json()["entity"]["status"] == "DELETED"


def test_partial_update_by_unique_attribute(api: httpx.Client) -> None:
    guid = create_table(api)
    r = api.put("/api/meta/entity/uniqueAttribute/type/Table", params={"attr:qualifiedName": "default/snowflake/1/db/sc/t1"},
                json={"entity": {"typeName": "Table", "attributes": {"qualifiedName": "default/snowflake/1/db/sc/t1",
                      "name": "t1", "certificateStatus": "VERIFIED"}}})
    assert r.json()["mutatedEntities"]["PARTIAL_UPDATE"][0]["guid"] == guid
    r = api.put("/api/meta/entity/uniqueAttribute/type/Table", params={"attr:qualifiedName": "default/snowflake/1/db/sc/t1"},
                json={"entity": {"typeName": "Table", "attributes": {"certificateStatus": None}}})
    assert "certificateStatus" not in api.get(f"/api/meta/entity/guid/{guid}").json()["entity"]["attributes"]


def test_tags_need_a_known_classification_and_append_flag(api: httpx.Client, atlan_emulator) -> None:
    tag = atlan_emulator.call(lambda t: t.typedefs.add_tag("PII"))["name"]
    guid = create_table(api)
    entity = {"typeName": "Table", "attributes": {"qualifiedName": "default/snowflake/1/db/sc/t1", "name": "t1"},
              "addOrUpdateClassifications": [{"typeName": tag, "propagate": False}]}
    r = api.post(BULK, params={"appendTags": "true"}, json={"entities": [entity]})
    assert r.status_code == 200, r.text
    got = api.get(f"/api/meta/entity/guid/{guid}").json()["entity"]
    assert got["classificationNames"] == [tag]
    assert got["classifications"][0]["entityGuid"] == guid
    entity["addOrUpdateClassifications"] = [{"typeName": "NoSuchTag"}]
    r = api.post(BULK, params={"appendTags": "true"}, json={"entities": [entity]})
    assert r.status_code == 404
    assert r.json()["errorCode"] == "ATLAS-404-00-008"


def test_typedefs_filter_and_by_name(api: httpx.Client) -> None:
    r = api.get("/api/meta/types/typedefs/", params=[("type", "CLASSIFICATION"), ("type", "STRUCT")])
    body = r.json()
    assert body["structDefs"] and body["entityDefs"] == []
    table = api.get("/api/meta/types/typedef/name/Table").json()
    assert table["superTypes"] == ["SQL"]
    assert api.get("/api/meta/types/typedef/name/Nope").status_code == 404


def test_service_calls_pyatlan_makes(api: httpx.Client) -> None:
    roles = api.get("/api/service/roles", params={"count": "True", "offset": 0, "limit": 100,
                                                   "filter": '{"name":{"$ilike":"$%"}}'}).json()
    assert {r["name"] for r in roles["records"]} == {"$admin", "$member", "$guest"}
    users = api.get("/api/service/users", params={"offset": 0, "limit": 20}).json()
    assert users["records"][0]["username"]
    assert api.get("/api/service/users", params={"offset": 20, "limit": 20}).json()["records"] == []
    groups = api.get("/api/service/v2/groups", params={"sort": "name", "offset": 0, "limit": 20}).json()
    assert "data_team" in {g["name"] for g in groups["records"]}
    assert api.get("/api/service/users/current").json()["username"] == "alice"
    assert api.get("/api/service/whoami").json()["username"] == "alice"


def test_every_success_is_200_with_an_object(api: httpx.Client) -> None:
    guid = create_table(api)
    for r in (api.delete(BULK, params={"guid": guid}), api.delete(BULK, params={"guid": guid})):
        assert r.status_code == 200
        assert isinstance(r.json(), dict)


def test_reset_restores_start_state(api: httpx.Client, atlan_emulator) -> None:
    create_table(api)
    r = api.post("/_emulator/reset")
    assert r.status_code == 200
    assert api.get("/api/meta/entity/uniqueAttribute/type/Table",
                   params={"attr:qualifiedName": "default/snowflake/1/db/sc/t1"}).status_code == 404


def test_health_needs_no_auth(atlan_emulator) -> None:
    r = httpx.get(atlan_emulator.url + "/_emulator/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer"}, {"Authorization": "Basic abc"},
                                     {"Authorization": "Bearer wrong-key"}])
def test_auth_failures_are_401_in_api_shape(atlan_emulator, headers) -> None:
    r = httpx.get(atlan_emulator.url + "/api/service/whoami", headers=headers)
    assert r.status_code == 401
    assert r.json()["errorCode"].startswith("ATLAS-401")


def test_values_past_64_bits_and_unicode_round_trip(api: httpx.Client) -> None:
    """Answers are encoded with orjson; what it refuses (an integer past 64 bits) still comes back."""
    r = api.post(BULK, json={"entities": [{"typeName": "Table", "guid": "-1", "attributes": {
        "qualifiedName": "default/snowflake/1/db/sc/big", "name": "größe ✓", "rowCount": 2**70}}]})
    assert r.status_code == 200, r.text
    guid = r.json()["guidAssignments"]["-1"]
    got = api.get(f"/api/meta/entity/guid/{guid}")
    assert got.headers["Content-Type"] == "application/json; charset=utf-8"
    attributes = got.json()["entity"]["attributes"]
    assert attributes["rowCount"] == 2**70 and attributes["name"] == "größe ✓"
