"""What a bulk mutation reports, over HTTP: the existing assets at the other end of a relationship
the request added or removed are listed under UPDATE (as Atlas records an update on them), and the
header of an asset the request created or changed echoes its attributes."""

from __future__ import annotations

from typing import Any

import httpx

BULK = "/api/meta/entity/bulk"
DB_QN = "default/snowflake/1/db"


def save(api: httpx.Client, *entities: dict[str, Any]) -> dict[str, Any]:
    r = api.post(BULK, json={"entities": list(entities)})
    assert r.status_code == 200, r.text
    return r.json()


def ref(type_name: str, qualified_name: str) -> dict[str, Any]:
    return {"typeName": type_name, "uniqueAttributes": {"qualifiedName": qualified_name}}


def entity(type_name: str, qualified_name: str, name: str, guid: str | None = None, **attributes: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"typeName": type_name, "attributes": {"qualifiedName": qualified_name, "name": name, **attributes}}
    if guid is not None:
        out["guid"] = guid
    return out


def guids(body: dict[str, Any], bucket: str) -> list[str]:
    return [e["guid"] for e in body.get("mutatedEntities", {}).get(bucket, [])]


def get(api: httpx.Client, guid: str) -> dict[str, Any]:
    r = api.get(f"/api/meta/entity/guid/{guid}")
    assert r.status_code == 200, r.text
    return r.json()["entity"]


def make_database(api: httpx.Client) -> str:
    return save(api, entity("Database", DB_QN, "db", "-1"))["guidAssignments"]["-1"]


def make_schema(api: httpx.Client, name: str = "sc") -> str:
    body = save(api, entity("Schema", f"{DB_QN}/{name}", name, "-1", database=ref("Database", DB_QN)))
    return body["guidAssignments"]["-1"]


# --- the other ends of changed relationships ----------------------------------------------------


def test_a_schema_created_under_an_existing_database_reports_the_database_as_updated(api, atlan_emulator) -> None:
    database = make_database(api)
    before = get(api, database)
    atlan_emulator.advance(5)
    body = save(api, entity("Schema", f"{DB_QN}/sc", "sc", "-1", database=ref("Database", DB_QN)))
    schema = body["guidAssignments"]["-1"]
    assert guids(body, "CREATE") == [schema]
    assert guids(body, "UPDATE") == [database]
    header = body["mutatedEntities"]["UPDATE"][0]
    assert header["typeName"] == "Database"
    assert header["attributes"]["qualifiedName"] == DB_QN
    assert header["attributes"]["name"] == "db"
    assert header["status"] == "ACTIVE"
    # GET agrees with the header: the database was touched (updateTime moves), not rewritten.
    after = get(api, database)
    assert after["updateTime"] == header["updateTime"] > before["updateTime"]
    assert after["updatedBy"] == header["updatedBy"]
    assert after["version"] == before["version"]
    assert after["createTime"] == before["createTime"]
    assert [s["guid"] for s in after["relationshipAttributes"]["schemas"]] == [schema]


def test_many_children_of_one_parent_list_the_parent_once(api) -> None:
    make_database(api)
    make_schema(api)
    table = save(api, entity("Table", f"{DB_QN}/sc/t", "t", "-1", atlanSchema=ref("Schema", f"{DB_QN}/sc")))
    table_guid = table["guidAssignments"]["-1"]
    body = save(api, *[entity("Column", f"{DB_QN}/sc/t/c{i}", f"c{i}", f"-{i + 1}", table=ref("Table", f"{DB_QN}/sc/t"))
                       for i in range(3)])
    assert len(guids(body, "CREATE")) == 3
    assert guids(body, "UPDATE") == [table_guid]


def test_an_asset_created_or_changed_by_the_request_is_not_listed_again(api) -> None:
    body = save(api,
                entity("Database", DB_QN, "db", "-1"),
                entity("Schema", f"{DB_QN}/sc", "sc", "-2", database={"typeName": "Database", "guid": "-1"}))
    assert len(guids(body, "CREATE")) == 2
    assert "UPDATE" not in body["mutatedEntities"]
    # The database changes itself and gains a schema: one UPDATE entry, with its own attributes.
    body = save(api,
                entity("Database", DB_QN, "db", description="changed"),
                entity("Schema", f"{DB_QN}/sc2", "sc2", "-3", database=ref("Database", DB_QN)))
    assert len(body["mutatedEntities"]["UPDATE"]) == 1
    assert body["mutatedEntities"]["UPDATE"][0]["attributes"]["description"] == "changed"


def test_an_unchanged_asset_sent_along_is_listed_when_a_new_relationship_reaches_it(api) -> None:
    # Atlas skips an unchanged asset of the request, but the new schema's relationship updates it.
    database = make_database(api)
    body = save(api, entity("Database", DB_QN, "db"),
                entity("Schema", f"{DB_QN}/sc", "sc", "-1", database=ref("Database", DB_QN)))
    assert guids(body, "UPDATE") == [database]


def test_resending_an_existing_relationship_reports_nothing_more(api) -> None:
    make_database(api)
    schema = make_schema(api)
    unchanged = save(api, entity("Schema", f"{DB_QN}/sc", "sc", database=ref("Database", DB_QN)))
    assert unchanged == {"guidAssignments": {}}
    body = save(api, entity("Schema", f"{DB_QN}/sc", "sc", database=ref("Database", DB_QN), description="d"))
    assert guids(body, "UPDATE") == [schema]


def test_moving_a_table_reports_the_schema_it_left_and_the_one_it_joined(api) -> None:
    make_database(api)
    old, new = make_schema(api, "a"), make_schema(api, "b")
    table = save(api, entity("Table", f"{DB_QN}/t", "t", "-1", atlanSchema=ref("Schema", f"{DB_QN}/a")))["guidAssignments"]["-1"]
    body = save(api, entity("Table", f"{DB_QN}/t", "t", atlanSchema=ref("Schema", f"{DB_QN}/b")))
    assert guids(body, "UPDATE") == [table, new, old]
    assert "tables" not in get(api, old)["relationshipAttributes"]
    assert [t["guid"] for t in get(api, new)["relationshipAttributes"]["tables"]] == [table]


def _glossary_with_terms(api: httpx.Client) -> tuple[str, str, str]:
    body = save(api,
                {"typeName": "AtlasGlossary", "guid": "-1", "attributes": {"qualifiedName": "-1", "name": "G"}},
                {"typeName": "AtlasGlossaryTerm", "guid": "-2", "attributes": {"qualifiedName": "-2", "name": "T1",
                 "anchor": {"typeName": "AtlasGlossary", "guid": "-1"}}},
                {"typeName": "AtlasGlossaryTerm", "guid": "-3", "attributes": {"qualifiedName": "-3", "name": "T2",
                 "anchor": {"typeName": "AtlasGlossary", "guid": "-1"}}})
    ids = body["guidAssignments"]
    return ids["-1"], ids["-2"], ids["-3"]


def test_a_term_created_in_an_existing_glossary_reports_the_glossary(api) -> None:
    glossary, _, _ = _glossary_with_terms(api)
    body = save(api, {"typeName": "AtlasGlossaryTerm", "guid": "-9", "attributes": {"qualifiedName": "-9", "name": "T3",
                      "anchor": {"typeName": "AtlasGlossary", "guid": glossary}}})
    assert guids(body, "CREATE") == [body["guidAssignments"]["-9"]]
    assert guids(body, "UPDATE") == [glossary]


def test_relating_two_terms_reports_both_and_not_the_unchanged_anchor(api) -> None:
    # pyatlan's glossary_test.test_user_def_relationship_on_terms: updater(glossary_guid=...) sends
    # the anchor again (unchanged) and userDefRelationshipTo the other term.
    glossary, term1, term2 = _glossary_with_terms(api)
    qn1 = get(api, term1)["attributes"]["qualifiedName"]
    body = save(api, {"typeName": "AtlasGlossaryTerm", "attributes": {"qualifiedName": qn1, "name": "T1",
                      "anchor": {"typeName": "AtlasGlossary", "guid": glossary},
                      "userDefRelationshipTo": [{"typeName": "AtlasGlossaryTerm", "guid": term2,
                                                 "relationshipAttributes": {"typeName": "UserDefRelationship",
                                                                            "attributes": {"toTypeLabel": "x"}}}]}})
    assert "CREATE" not in body["mutatedEntities"]
    assert guids(body, "UPDATE") == [term1, term2]
    assert [e["typeName"] for e in body["mutatedEntities"]["UPDATE"]] == ["AtlasGlossaryTerm"] * 2


def test_see_also_and_categories_report_the_terms_and_categories_they_reach(api) -> None:
    glossary, term1, term2 = _glossary_with_terms(api)
    category = save(api, {"typeName": "AtlasGlossaryCategory", "guid": "-1", "attributes": {"qualifiedName": "-1", "name": "C",
                          "anchor": {"typeName": "AtlasGlossary", "guid": glossary}}})["guidAssignments"]["-1"]
    qn1 = get(api, term1)["attributes"]["qualifiedName"]
    body = save(api, {"typeName": "AtlasGlossaryTerm", "attributes": {"qualifiedName": qn1, "name": "T1",
                      "seeAlso": [{"typeName": "AtlasGlossaryTerm", "guid": term2}],
                      "categories": [{"typeName": "AtlasGlossaryCategory", "guid": category}]}})
    assert sorted(guids(body, "UPDATE")[1:]) == sorted([term2, category])
    assert guids(body, "UPDATE")[0] == term1


def test_appending_and_removing_terms_reports_the_terms(api) -> None:
    _, term1, term2 = _glossary_with_terms(api)
    database = make_database(api)
    appended = save(api, {"typeName": "Database", "attributes": {"qualifiedName": DB_QN, "name": "db"},
                          "appendRelationshipAttributes": {"meanings": [{"typeName": "AtlasGlossaryTerm", "guid": term1},
                                                                        {"typeName": "AtlasGlossaryTerm", "guid": term2}]}})
    assert guids(appended, "UPDATE") == [database, term1, term2]
    removed = save(api, {"typeName": "Database", "attributes": {"qualifiedName": DB_QN, "name": "db"},
                         "removeRelationshipAttributes": {"meanings": [{"typeName": "AtlasGlossaryTerm", "guid": term2}]}})
    assert guids(removed, "UPDATE") == [database, term2]


def test_a_partial_update_lists_the_other_end_as_partially_updated(api) -> None:
    make_database(api)
    schema = make_schema(api)
    table = save(api, entity("Table", f"{DB_QN}/t", "t", "-1"))["guidAssignments"]["-1"]
    r = api.put("/api/meta/entity/uniqueAttribute/type/Table", params={"attr:qualifiedName": f"{DB_QN}/t"},
                json={"entity": {"typeName": "Table", "attributes": {"atlanSchema": ref("Schema", f"{DB_QN}/sc")}}})
    assert r.status_code == 200, r.text
    body = r.json()
    assert guids(body, "PARTIAL_UPDATE") == [table, schema]
    assert [e["guid"] for e in body["partialUpdatedEntities"]] == [table, schema]
    assert "UPDATE" not in body["mutatedEntities"]


def test_a_failed_request_touches_no_other_end(api, atlan_emulator) -> None:
    database = make_database(api)
    before = get(api, database)
    atlan_emulator.advance(5)
    r = api.post(BULK, json={"entities": [
        entity("Schema", f"{DB_QN}/sc", "sc", "-1", database=ref("Database", DB_QN)),
        entity("Table", f"{DB_QN}/sc/t", "t", "-2", atlanSchema=ref("Schema", "nowhere")),
    ]})
    assert r.status_code == 404
    assert get(api, database)["updateTime"] == before["updateTime"]


# --- headers echo the asset's attributes ---------------------------------------------------------


def test_a_created_asset_header_echoes_what_the_request_set(api) -> None:
    bucket_qn = "default/s3/1/arn:aws:s3:::b"
    body = save(api, entity("S3Bucket", bucket_qn, "b", "-1", awsArn="arn:aws:s3:::b", connectorName="s3",
                            connectionQualifiedName="default/s3/1", s3ObjectCount=0))
    header = body["mutatedEntities"]["CREATE"][0]["attributes"]
    assert header["awsArn"] == "arn:aws:s3:::b"
    assert header["connectorName"] == "s3"
    assert header["s3ObjectCount"] == 0
    body = save(api, entity("S3Object", f"{bucket_qn}/o.csv", "o.csv", "-2", s3BucketName="b",
                            s3BucketQualifiedName=bucket_qn, s3ObjectKey="k/o.csv", bucket=ref("S3Bucket", bucket_qn)))
    created = body["mutatedEntities"]["CREATE"][0]
    assert created["attributes"]["s3BucketName"] == "b"
    assert created["attributes"]["s3BucketQualifiedName"] == bucket_qn
    assert created["attributes"]["s3ObjectKey"] == "k/o.csv"
    assert "bucket" not in created["attributes"]  # relationships stay out of the header
    # The bucket is the other end of the new relationship: a short header, without its attributes.
    related = body["mutatedEntities"]["UPDATE"][0]
    assert related["typeName"] == "S3Bucket"
    assert "awsArn" not in related["attributes"]


def test_an_updated_asset_header_carries_its_stored_attributes(api) -> None:
    save(api, entity("Table", f"{DB_QN}/t", "t", "-1", description="kept", rowCount=3))
    body = save(api, entity("Table", f"{DB_QN}/t", "t", userDescription="new"))
    attributes = body["mutatedEntities"]["UPDATE"][0]["attributes"]
    assert attributes == {"qualifiedName": f"{DB_QN}/t", "name": "t", "description": "kept", "rowCount": 3,
                          "userDescription": "new"}


def test_deleted_entries_say_which_delete_handler_ran(api) -> None:
    soft = save(api, entity("Table", f"{DB_QN}/a", "a", "-1"))["guidAssignments"]["-1"]
    hard = save(api, entity("Table", f"{DB_QN}/b", "b", "-1"))["guidAssignments"]["-1"]
    archived = api.delete(f"/api/meta/entity/guid/{soft}").json()["mutatedEntities"]["DELETE"]
    purged = api.delete(BULK, params={"guid": hard, "deleteType": "PURGE"}).json()["mutatedEntities"]["DELETE"]
    assert [(e["guid"], e["deleteHandler"], e["status"]) for e in archived] == [(soft, "SOFT", "DELETED")]
    assert [(e["guid"], e["deleteHandler"]) for e in purged] == [(hard, "PURGE")]


def test_a_delete_lists_the_active_assets_related_to_what_it_deletes(api, atlan_emulator) -> None:
    _, term1, term2 = _glossary_with_terms(api)
    database = make_database(api)
    schema = make_schema(api)
    archived = save(api, entity("Schema", f"{DB_QN}/old", "old", "-1", database=ref("Database", DB_QN)))["guidAssignments"]["-1"]
    api.delete(f"/api/meta/entity/guid/{archived}")
    atlan_emulator.advance(60)
    save(api, {"typeName": "Database", "attributes": {"qualifiedName": DB_QN, "name": "db"},
               "appendRelationshipAttributes": {"meanings": [{"typeName": "AtlasGlossaryTerm", "guid": term1}]}})
    before = get(api, schema)
    # The database points at a term and is pointed at by a live and an archived schema.
    body = api.delete(f"/api/meta/entity/guid/{database}").json()
    assert guids(body, "DELETE") == [database]
    assert guids(body, "UPDATE") == [term1, schema]
    assert get(api, schema)["updateTime"] == before["updateTime"]  # reported, not rewritten
    # What a delete takes with it (a glossary's terms) is deleted, not updated; the database is
    # archived by now (its delete has landed), so its link to term1 no longer counts.
    atlan_emulator.advance(60)
    glossary = get(api, term2)["relationshipAttributes"]["anchor"]["guid"]
    body = api.delete(BULK, params={"guid": glossary, "deleteType": "PURGE"}).json()
    assert sorted(guids(body, "DELETE")) == sorted([glossary, term1, term2])
    assert "UPDATE" not in body["mutatedEntities"]
