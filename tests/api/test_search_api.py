"""POST /api/meta/search/indexsearch over HTTP: the raw bodies of seed 002, field names, paging,
sort, aggregations, projection, consistency with deletes and the refresh interval, bad input."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from emulator.entities.model import Entity

from .bulk import save

SEARCH = "/api/meta/search/indexsearch"
QN = "default/snowflake/1700000000/db/sc"


def strip_callouts(text: str) -> str:
    """The docs number their annotations inside the JSON (``// (1)``); they are not part of it."""
    return re.sub(r"//\s*\(\d+\)", "", text)


def table(name: str, **attributes: Any) -> dict[str, Any]:
    return {"typeName": "Table", "attributes": {"qualifiedName": f"{QN}/{name}", "name": name, **attributes}}


def search(api: httpx.Client, query: Any = None, **dsl: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"dsl": {"query": query or {"match_all": {}}, "size": 100, **dsl}}
    for key in ("attributes", "relationAttributes", "excludeMeanings", "excludeClassifications"):
        if key in dsl:
            body[key] = body["dsl"].pop(key)
    response = api.post(SEARCH, json=body)
    assert response.status_code == 200, response.text
    return response.json()


def names(reply: dict[str, Any]) -> list[str]:
    return [e["attributes"]["name"] for e in reply.get("entities", [])]


# --- seed 002: data products -------------------------------------------------------------------
SEED_FIND_PRODUCT = """
{   "dsl": {     "from": 0,     "size": 100,     "aggregations": {},     "track_total_hits": true,     "query": {       "bool": {         "filter": [           {             "term": {               "name.keyword": {                 "value": "marketingInfluence" // (1)               }             }           },           {             "term": {               "__typeName.keyword": {                 "value": "DataProduct"               }             }           }         ]       }     },     "sort": [       {         "__guid": {           "order": "asc"         }       }     ]   },   "attributes": [     "certificateStatus"  // (2)   ] }
"""
SEED_PRODUCT_ASSETS = """
{   "dsl": {     "from": 0,     "size": 100,     "aggregations": {},     "track_total_hits": true,     "query": {       "bool": {         "filter": {           "bool": {             "filter": [  // (1)               {                 "term": {                   "__state": {                     "value": "ACTIVE",                     "case_insensitive": false                    }                 }               },               {                 "term": {                   "__typeName.keyword": {                     "value": "Table",                      "case_insensitive": false                    }                 }               }             ]         }         }       }     },     "sort": []   },   "attributes": [ // (2)     "certificateStatus","connectorName",      "__customAttributes", "certificateStatus",    ] }
"""
SEED_ASSETS_DSL = (
    '{"query": {"attributes": ["__traitNames", "connectorName", "__customAttributes", "certificateStatus", '
    '"tenantId", "anchor", "parentQualifiedName", "Query.parentQualifiedName", "AtlasGlossaryTerm.anchor", '
    '"databaseName", "schemaName", "parent", "connectionQualifiedName", "collectionQualifiedName", '
    '"announcementMessage", "announcementTitle", "announcementType", "announcementUpdatedAt", '
    '"announcementUpdatedBy", "allowQuery", "allowQueryPreview", "adminGroups", "adminRoles", "adminUsers", '
    '"category", "credentialStrategy", "connectionSSOCredentialGuid", "certificateStatus", "certificateUpdatedAt", '
    '"certificateUpdatedBy", "classifications", "connectionId", "connectionQualifiedName", "connectorName", '
    '"dataType", "defaultDatabaseQualifiedName", "defaultSchemaQualifiedName", "description", "displayName", '
    '"links", "link", "meanings", "name", "ownerGroups", "ownerUsers", "qualifiedName", "typeName", '
    '"userDescription", "displayDescription", "subDataType", "rowLimit", "queryTimeout", '
    '"previewCredentialStrategy", "policyStrategy", "policyStrategyForSamplePreview", "useObjectStorage", '
    '"objectStorageUploadThreshold", "outputPortDataProducts"], "dsl": {"from": 0, "query": {"bool": {"filter": '
    '{"bool": {"filter": [{"term": {"__state": {"value": "ACTIVE", "case_insensitive": false}}}, {"term": '
    '{"__typeName.keyword": {"value": "Table", "case_insensitive": false}}}, {"term": {"certificateStatus": '
    '{"value": "VERIFIED", "case_insensitive": false}}}, {"term": {"__traitNames": {"value": "Marketing", '
    '"case_insensitive": false}}}]}}}}}, "suppressLogs": true}, "filterScrubbed": true}'
)


@pytest.fixture
def marketing(atlan_emulator, api) -> dict[str, str]:
    """What seed 002's examples look for: a domain, the product, and tables (two verified and tagged)."""
    tag = atlan_emulator.call(lambda t: t.typedefs.add_tag("Marketing"))["name"]
    tagged = [{"typeName": tag}]
    guids = save(api,
                 table("CAMPAIGNS", certificateStatus="VERIFIED", connectorName="snowflake") | {"classifications": tagged},
                 table("LEADS", certificateStatus="VERIFIED") | {"classifications": tagged},
                 table("ORDERS", certificateStatus="VERIFIED"),
                 table("DRAFTS", certificateStatus="DRAFT") | {"classifications": tagged},
                 {"typeName": "View", "attributes": {"qualifiedName": f"{QN}/V", "name": "V"}})
    guids |= save(api, {"typeName": "DataDomain", "attributes": {
        "qualifiedName": "default/domain/8S8vbC9hT6iPLMY2ydXqf/super", "name": "Marketing"}})
    guids |= save(api, {"typeName": "DataProduct", "attributes": {
        "name": "marketingInfluence", "certificateStatus": "DRAFT",
        "qualifiedName": "default/domain/8S8vbC9hT6iPLMY2ydXqf/super/product/marketingInfluence",
        "parentDomainQualifiedName": "default/domain/8S8vbC9hT6iPLMY2ydXqf/super",
        "superDomainQualifiedName": "default/domain/8S8vbC9hT6iPLMY2ydXqf/super",
        "dataProductAssetsDSL": SEED_ASSETS_DSL,
        "dataProductAssetsPlaybookFilter": "{\"condition\":\"AND\",\"isGroupLocked\":false,\"rules\":[]}"},
        "relationshipAttributes": {"dataDomain": {"typeName": "DataDomain", "uniqueAttributes": {
            "qualifiedName": "default/domain/8S8vbC9hT6iPLMY2ydXqf/super"}}}})
    return guids


def test_seed_find_product_by_name(api, marketing) -> None:
    response = api.post(SEARCH, content=strip_callouts(SEED_FIND_PRODUCT), headers={"Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    reply = response.json()
    assert reply["approximateCount"] == 1
    (product,) = reply["entities"]
    assert product["guid"] == marketing["marketingInfluence"]
    assert product["typeName"] == "DataProduct"
    assert product["attributes"]["certificateStatus"] == "DRAFT"


def test_seed_product_assets_body(api, marketing) -> None:
    text = strip_callouts(SEED_PRODUCT_ASSETS)
    # As printed, the example has a stray comma at the end of "attributes": not JSON, and a JSON
    # parser (the real server's too) refuses it with a 400 rather than guessing.
    refused = api.post(SEARCH, content=text, headers={"Content-Type": "application/json"})
    assert refused.status_code == 400
    assert "not valid JSON" in refused.json()["errorMessage"]
    response = api.post(SEARCH, content=re.sub(r",\s*\]", "]", text), headers={"Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    reply = response.json()
    assert sorted(names(reply)) == ["CAMPAIGNS", "DRAFTS", "LEADS", "ORDERS"]
    assert reply["approximateCount"] == 4
    campaigns = next(e for e in reply["entities"] if e["attributes"]["name"] == "CAMPAIGNS")
    assert campaigns["attributes"]["certificateStatus"] == "VERIFIED"
    assert campaigns["attributes"]["connectorName"] == "snowflake"


def test_product_assets_dsl_as_get_assets_sends_it(api, marketing) -> None:
    """DataProduct.get_assets posts json.loads(dataProductAssetsDSL)["query"] with size/sort added."""
    product = api.get(f"/api/meta/entity/guid/{marketing['marketingInfluence']}").json()["entity"]
    body = json.loads(product["attributes"]["dataProductAssetsDSL"])["query"]
    body["dsl"].update({"size": 300, "sort": [], "track_total_hits": True, "aggregations": {}})
    reply = api.post(SEARCH, json=body).json()
    assert sorted(names(reply)) == ["CAMPAIGNS", "LEADS"]  # verified and tagged Marketing (by display name)
    assert all(e["attributes"]["__traitNames"] for e in reply["entities"])


# --- field names ---------------------------------------------------------------------------------
def test_internal_fields(atlan_emulator, api) -> None:
    glossary = save(api, {"typeName": "AtlasGlossary", "attributes": {"qualifiedName": "-1", "name": "G"}})["G"]
    term = save(api, {"typeName": "AtlasGlossaryTerm", "attributes": {
        "qualifiedName": "-2", "name": "Revenue", "anchor": {"typeName": "AtlasGlossary", "guid": glossary}}})["Revenue"]
    glossary_qn = api.get(f"/api/meta/entity/guid/{glossary}").json()["entity"]["attributes"]["qualifiedName"]
    term_qn = api.get(f"/api/meta/entity/guid/{term}").json()["entity"]["attributes"]["qualifiedName"]
    guids = save(api, table("t1", description="Daily revenue by region") | {
        "relationshipAttributes": {"meanings": [{"typeName": "AtlasGlossaryTerm", "guid": term}]}}, table("t2"))

    def found(query: dict[str, Any]) -> list[str]:
        return sorted(names(search(api, query)))

    assert found({"term": {"__guid": guids["t1"]}}) == ["t1"]
    assert found({"term": {"__typeName.keyword": {"value": "TABLE"}}}) == ["t1", "t2"]  # normalized
    assert found({"match": {"__typeName": "TABLE"}}) == ["t1", "t2"]  # analyzed
    assert found({"term": {"__superTypeNames.keyword": "referenceable"}}) == ["G", "Revenue", "t1", "t2"]
    assert found({"terms": {"__superTypeNames.keyword": ["SQL"]}}) == ["t1", "t2"]
    assert found({"term": {"__state": "ACTIVE"}}) == ["G", "Revenue", "t1", "t2"]
    assert found({"term": {"__createdBy": "alice"}}) == ["G", "Revenue", "t1", "t2"]
    assert found({"term": {"__modifiedBy": "bob"}}) == []
    assert found({"term": {"__meanings": term_qn}}) == ["t1"]
    assert found({"term": {"__glossary": glossary_qn}}) == ["Revenue"]
    assert found({"term": {"__hasLineage": False}}) == ["G", "Revenue", "t1", "t2"]
    assert found({"match": {"description.text": "REGION"}}) == ["t1"]
    assert found({"match": {"description.stemmed": "regions"}}) == ["t1"]
    assert found({"prefix": {"qualifiedName": f"{QN}/t"}}) == ["t1", "t2"]
    created = api.get(f"/api/meta/entity/guid/{guids['t1']}").json()["entity"]["createTime"]
    assert "t1" in found({"range": {"__timestamp": {"gte": created, "lte": created}}})
    assert "t1" in found({"range": {"__modificationTimestamp": {"gte": created}}})
    assert found({"range": {"__timestamp": {"gt": "now+1h"}}}) == []


def test_has_lineage_once_a_process_links_assets(api) -> None:
    guids = save(api, table("source"), table("target"), table("alone"))
    lineage = {"term": {"__hasLineage": True}}
    assert names(search(api, lineage)) == []
    save(api, {"typeName": "Process", "attributes": {
        "qualifiedName": f"{QN}/p1", "name": "p1",
        "inputs": [{"typeName": "Table", "guid": guids["source"]}],
        "outputs": [{"typeName": "Table", "guid": guids["target"]}]}})
    assert sorted(names(search(api, lineage))) == ["p1", "source", "target"]
    assert names(search(api, {"term": {"__hasLineage": "false"}})) == ["alone"]


def test_tags_match_by_hashed_id_and_display_name(atlan_emulator, api) -> None:
    tag = atlan_emulator.call(lambda t: t.typedefs.add_tag("PII"))["name"]
    save(api, table("secret") | {"classifications": [{"typeName": tag}]}, table("open"))
    assert names(search(api, {"term": {"__traitNames": tag}})) == ["secret"]
    assert names(search(api, {"term": {"__traitNames": "PII"}})) == ["secret"]
    assert names(search(api, {"exists": {"field": "__propagatedTraitNames"}})) == []
    reply = search(api, {"term": {"__traitNames": "PII"}}, excludeClassifications=True)
    assert "classifications" not in reply["entities"][0] and "classificationNames" not in reply["entities"][0]


# --- results ---------------------------------------------------------------------------------------
def test_nothing_found_has_no_entities_key(api) -> None:
    reply = search(api, {"term": {"name.keyword": "none"}})
    assert reply["approximateCount"] == 0
    assert "entities" not in reply
    assert reply["queryType"] == "INDEX"
    assert json.loads(reply["searchParameters"]["query"])["query"] == {"term": {"name.keyword": "none"}}


def test_from_size_default_size_and_sort(api) -> None:
    save(api, *[table(f"t{i:02d}", columnCount=i % 4) for i in range(15)])
    response = api.post(SEARCH, json={"dsl": {"query": {"prefix": {"name.keyword": "T"}},
                                              "sort": [{"name.keyword": {"order": "desc"}}]}})
    assert names(response.json()) == [f"t{i:02d}" for i in range(14, 4, -1)]  # default size 10
    page = search(api, {"match_all": {}}, **{"from": 12, "size": 5}, sort=[{"name.keyword": "asc"}])
    assert names(page) == ["t12", "t13", "t14"]
    by_count = search(api, None, size=6, sort=[{"columnCount": {"order": "desc"}}, {"name.keyword": "asc"}])
    assert names(by_count) == ["t03", "t07", "t11", "t02", "t06", "t10"]


def test_sort_missing_values(api) -> None:
    save(api, table("a", columnCount=3), table("b"), table("c", columnCount=1))
    assert names(search(api, None, sort=[{"columnCount": {"order": "asc"}}])) == ["c", "a", "b"]
    assert names(search(api, None, sort=[{"columnCount": {"order": "desc"}}])) == ["a", "c", "b"]
    assert names(search(api, None, sort=[{"columnCount": {"order": "asc", "missing": "_first"}}])) == ["b", "c", "a"]


def test_the_10000_window_is_a_clear_400(api) -> None:
    response = api.post(SEARCH, json={"dsl": {"from": 9_950, "size": 100, "query": {"match_all": {}}}})
    assert response.status_code == 400
    assert response.json()["errorMessage"].startswith(
        "dsl: Result window is too large, from + size must be less than or equal to: [10000] but was [10050]")


def test_track_total_hits_and_approximate_count(atlan_emulator, api) -> None:
    def fill(tenant: Any) -> None:
        for i in range(10_010):
            tenant.store.put(Entity(guid=f"00000000-0000-0000-0000-{i:012d}", type_name="Table",
                                    attributes={"qualifiedName": f"{QN}/bulk{i}", "name": f"bulk{i}"}))

    atlan_emulator.call(fill)
    query = {"term": {"__typeName.keyword": "Table"}}
    assert search(api, query, size=1, track_total_hits=True)["approximateCount"] == 10_010
    assert search(api, query, size=1)["approximateCount"] == 10_000  # Elasticsearch's default
    assert search(api, query, size=1, track_total_hits=100)["approximateCount"] == 100


def test_attributes_and_relation_attributes_projection(api) -> None:
    glossary = save(api, {"typeName": "AtlasGlossary", "attributes": {"qualifiedName": "-1", "name": "G",
                                                                      "userDescription": "words"}})["G"]
    term = save(api, {"typeName": "AtlasGlossaryTerm", "attributes": {
        "qualifiedName": "-2", "name": "T", "description": "d",
        "anchor": {"typeName": "AtlasGlossary", "guid": glossary}}})["T"]
    reply = search(api, {"term": {"__guid": term}}, attributes=["anchor", "description", "userDescription"],
                   relationAttributes=["userDescription"])
    attributes = reply["entities"][0]["attributes"]
    assert set(attributes) == {"qualifiedName", "name", "anchor", "description"}  # userDescription is null
    assert attributes["anchor"]["guid"] == glossary
    assert attributes["anchor"]["typeName"] == "AtlasGlossary"
    assert attributes["anchor"]["attributes"] == {"userDescription": "words"}
    inverse = search(api, {"term": {"__guid": glossary}}, attributes=["terms"], relationAttributes=["name"])
    assert [(t["guid"], t["attributes"]) for t in inverse["entities"][0]["attributes"]["terms"]] == [(term, {"name": "T"})]
    plain = search(api, {"term": {"__guid": term}})
    assert set(plain["entities"][0]["attributes"]) == {"qualifiedName", "name"}


def test_aggregations_in_the_shapes_pyatlan_parses(api) -> None:
    save(api, *[table(f"t{i}", columnCount=i, description="Hello" if i < 2 else None) for i in range(5)],
         {"typeName": "View", "attributes": {"qualifiedName": f"{QN}/v", "name": "v", "columnCount": 40}})
    aggregations = {
        "type": {"terms": {"field": "__typeName.keyword", "size": 1},
                 "aggregations": {"guids": {"cardinality": {"field": "__guid"}}}},
        "desc": {"terms": {"field": "description.keyword", "size": 5},
                 "aggregations": {"sourceValue": {"top_hits": {"size": 1, "_source": {"includes": ["description"]}}}}},
        "by_type_asc": {"terms": {"field": "__typeName.keyword"}, "order": [{"_key": "desc"}]},
        "avg_cols": {"avg": {"field": "columnCount"}}, "max_cols": {"max": {"field": "columnCount"}},
        "min_cols": {"min": {"field": "columnCount"}}, "sum_cols": {"sum": {"field": "columnCount"}},
        "none": {"min": {"field": "nothing"}},
    }
    reply = search(api, None, size=0, aggregations=aggregations)
    assert "entities" not in reply and reply["approximateCount"] == 6
    aggs = reply["aggregations"]
    assert aggs["type"] == {"doc_count_error_upper_bound": 0, "sum_other_doc_count": 1,
                            "buckets": [{"key": "table", "doc_count": 5, "guids": {"value": 5}}]}
    (hello,) = aggs["desc"]["buckets"]
    assert (hello["key"], hello["doc_count"]) == ("hello", 2)
    hit = hello["sourceValue"]["hits"]["hits"][0]
    assert hit["_source"] == {"description": "Hello"} and hello["sourceValue"]["hits"]["total"]["value"] == 2
    assert [b["key"] for b in aggs["by_type_asc"]["buckets"]] == ["view", "table"]
    assert aggs["avg_cols"] == {"value": 50 / 6} and aggs["max_cols"] == {"value": 40.0}
    assert aggs["min_cols"] == {"value": 0.0} and aggs["sum_cols"] == {"value": 50.0}
    assert aggs["none"] == {"value": None}


def test_terms_aggregation_missing_include_and_exclude(api) -> None:
    save(api, table("a", ownerUsers=["ann", "bob"]), table("b", ownerUsers=["bob"]), table("c"))

    def buckets(spec: dict[str, Any]) -> list[tuple[Any, int]]:
        reply = search(api, None, size=0, aggregations={"x": {"terms": {"field": "ownerUsers", **spec}}})
        return [(b["key"], b["doc_count"]) for b in reply["aggregations"]["x"]["buckets"]]

    assert buckets({}) == [("bob", 2), ("ann", 1)]
    assert buckets({"missing": "nobody"}) == [("bob", 2), ("ann", 1), ("nobody", 1)]
    assert buckets({"include": "a.*"}) == [("ann", 1)]
    assert buckets({"exclude": ["bob"]}) == [("ann", 1)]


def test_post_filter_filters_hits_not_aggregations(api) -> None:
    save(api, table("t"), {"typeName": "View", "attributes": {"qualifiedName": f"{QN}/v", "name": "v"}})
    reply = search(api, None, post_filter={"term": {"__typeName.keyword": "View"}},
                   aggregations={"types": {"terms": {"field": "__typeName.keyword"}}})
    assert names(reply) == ["v"] and reply["approximateCount"] == 1
    assert {b["key"] for b in reply["aggregations"]["types"]["buckets"]} == {"table", "view"}


# --- consistency --------------------------------------------------------------------------------
def test_archived_asset_is_deleted_in_search_after_the_deletion_delay(atlan_emulator, api) -> None:
    atlan_emulator.clock.use_virtual()
    atlan_emulator.configure(deletion_delay=5)
    guid = save(api, table("gone"))["gone"]
    assert api.delete("/api/meta/entity/bulk", params={"guid": guid, "deleteType": "SOFT"}).status_code == 200
    active = {"bool": {"filter": [{"term": {"__state": "ACTIVE"}}, {"term": {"name.keyword": "gone"}}]}}
    assert names(search(api, active)) == ["gone"]
    atlan_emulator.advance(5)
    assert names(search(api, active)) == []
    deleted = search(api, {"term": {"__state": "DELETED"}})
    assert [(e["guid"], e["status"]) for e in deleted["entities"]] == [(guid, "DELETED")]


def test_search_refresh_interval_delays_what_search_sees(atlan_emulator, api) -> None:
    atlan_emulator.clock.use_virtual()
    atlan_emulator.configure(search_refresh_interval=2)
    guid = save(api, table("late", description="first"))["late"]
    assert names(search(api, {"term": {"name.keyword": "late"}})) == []  # stored, not yet searchable
    assert api.get(f"/api/meta/entity/guid/{guid}").status_code == 200
    atlan_emulator.advance(2)
    assert names(search(api, {"term": {"name.keyword": "late"}})) == ["late"]
    save(api, table("late", description="second"))
    assert names(search(api, {"match": {"description": "second"}})) == []
    atlan_emulator.advance(2)
    assert names(search(api, {"match": {"description": "second"}})) == ["late"]


# --- bad input ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"dsl": {"query": {"script": {"source": "x"}}}}, re.escape("dsl.query: unsupported query clause 'script'")),
        ({"dsl": {"query": {"bool": {"filter": [{"term": {}}]}}}}, re.escape("dsl.query.bool.filter[0].term: exactly one field")),
        ({"dsl": {"query": {"match_all": {}}, "search_after": [1]}}, re.escape("dsl: unsupported key(s) search_after")),
        # (the shape errors below may be caught first by the request contract, which words them its way)
        ({"dsl": {"size": -1}}, r"dsl\.size"),
        ({"dsl": {"sort": [{"name": {"order": "sideways"}}]}}, re.escape("dsl.sort[0].name.order: must be asc or desc")),
        ({"dsl": {"aggregations": {"x": {"percentiles": {"field": "a"}}}}}, re.escape("dsl.aggregations.x: unsupported aggregation")),
        ({"query": {"match_all": {}}}, r"dsl.* required"),
        ({"dsl": {}, "attributes": "name"}, r"attributes.*(list|array)"),
        ([], r"object"),
    ],
)
def test_bad_requests_are_clear_400s(api, body: Any, message: str) -> None:
    response = api.post(SEARCH, json=body)
    assert response.status_code == 400
    assert response.json()["errorCode"].startswith("ATLAS-400-")
    assert re.search(message, response.json()["errorMessage"])


def test_both_path_forms_and_empty_body(api) -> None:
    assert api.post(SEARCH + "/", json={"dsl": {}}).status_code == 200
    assert api.post(SEARCH, content=b"").status_code == 400
