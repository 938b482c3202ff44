"""The asset index: what the planner answers from indexes must equal testing every asset with the
compiled predicate, and the index must follow the store (changes, removals, refresh interval)."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.config import EmulatorConfig
from emulator.entities.model import DELETED, Entity
from emulator.search.dsl import compile_query
from emulator.search.entity_document import EntityDocument
from emulator.tenant import Tenant


@pytest.fixture
def tenant() -> Tenant:
    tenant = Tenant(EmulatorConfig(dataset="empty", clock="virtual"))
    for i in range(60):
        tenant.store.put(Entity(
            guid=f"g{i:03d}", type_name=("Table", "View", "Column")[i % 3],
            attributes={"qualifiedName": f"default/snowflake/1/db/sc{i % 4}/N{i:03d}", "name": f"N{i:03d}",
                        "ownerUsers": ["ann", "bob"][: i % 3], "columnCount": i},
            status=DELETED if i % 7 == 0 else "ACTIVE", create_time=1000 + i))
    return tenant


QUERIES: list[dict[str, Any]] = [
    {"term": {"__typeName.keyword": "table"}},
    {"bool": {"filter": [{"term": {"__state": "ACTIVE"}}, {"term": {"name.keyword": "n012"}}]}},
    {"bool": {"filter": {"bool": {"filter": [{"term": {"__state": "ACTIVE"}}, {"prefix": {"name.keyword": "N01"}}]}}}},
    {"bool": {"filter": [{"prefix": {"qualifiedName": {"value": "DEFAULT/snowflake/1/db/SC1", "case_insensitive": True}}}],
              "must_not": [{"terms": {"ownerUsers": ["bob"]}}]}},
    {"bool": {"should": [{"term": {"ownerUsers": "ann"}}, {"prefix": {"name.keyword": "n05"}}]}},
    {"bool": {"should": [{"term": {"ownerUsers": "ann"}}, {"range": {"columnCount": {"lt": 5}}}],
              "minimum_should_match": 1, "filter": [{"term": {"__superTypeNames.keyword": "SQL"}}]}},
    {"bool": {"filter": [{"term": {"__guid": "g010"}}, {"range": {"__timestamp": {"gte": 1005}}}]}},
    {"bool": {"filter": [{"terms": {"__typeName.keyword": ["View", "COLUMN"]}}, {"term": {"__state": "DELETED"}}]}},
    {"bool": {"filter": [{"term": {"__state": "ACTIVE"}}, {"term": {"name.keyword": "nothing"}}]}},
    {"match_all": {}},
    {"range": {"__timestamp": {"gte": 1010, "lt": 1020}}},
    {"bool": {"filter": [{"term": {"__state": "ACTIVE"}}, {"range": {"__timestamp": {"gt": 1050}}}]}},
    {"bool": {"filter": [{"range": {"__timestamp": {"gt": 1005, "lte": "1009"}}}, {"prefix": {"name.keyword": "n00"}}]}},
    {"range": {"__modificationTimestamp": {"lte": 0}}},
]


@pytest.mark.parametrize("query", QUERIES)
def test_planned_hits_equal_a_full_scan(tenant: Tenant, query: dict[str, Any]) -> None:
    predicate = compile_query(query)
    scanned = sorted(e.guid for e in tenant.store if predicate(EntityDocument(e, tenant.search)))
    reply = tenant.search.search({"dsl": {"query": query, "size": 100}})
    planned = sorted(e["guid"] for e in reply.get("entities", []))
    assert planned == scanned
    assert tenant.search.count(query) == reply["approximateCount"] == len(scanned)


def test_index_follows_changes_and_removals(tenant: Tenant) -> None:
    by_name = {"term": {"name.keyword": "renamed"}}
    changed = tenant.store.get("g001").copy()  # type: ignore[union-attr]
    changed.attributes["name"] = "renamed"
    tenant.store.put(changed)
    assert tenant.search.count(by_name) == 1
    assert tenant.search.count({"term": {"name.keyword": "N001"}}) == 0
    tenant.store.remove("g001")
    assert tenant.search.count(by_name) == 0


def test_refresh_interval_holds_changes_back_until_the_clock_passes_it(tenant: Tenant) -> None:
    tenant.settings.search_refresh_interval = 5
    tenant.store.put(Entity(guid="new", type_name="Table", attributes={"qualifiedName": "q", "name": "late"}))
    tenant.store.remove("g002")
    assert tenant.search.count({"term": {"name.keyword": "late"}}) == 0
    assert tenant.search.count({"term": {"__guid": "g002"}}) == 1
    tenant.clock.advance(5)
    assert tenant.search.count({"term": {"name.keyword": "late"}}) == 1
    assert tenant.search.count({"term": {"__guid": "g002"}}) == 0


def test_fields_read_from_other_entities_are_never_stale(tenant: Tenant) -> None:
    """A term stored before its glossary (one bulk request may do that) is found by the glossary's
    qualifiedName once the glossary is there; so are assets by a term's qualifiedName."""
    tenant.store.put(Entity(guid="term", type_name="AtlasGlossaryTerm",
                            attributes={"qualifiedName": "t@gq", "name": "T"}, relationships={"anchor": "gloss"}))
    by_glossary = {"bool": {"filter": [{"term": {"__glossary": "gq"}}, {"term": {"__state": "ACTIVE"}}]}}
    assert tenant.search.count(by_glossary) == 0
    tenant.store.put(Entity(guid="gloss", type_name="AtlasGlossary", attributes={"qualifiedName": "gq", "name": "G"}))
    assert tenant.search.count(by_glossary) == 1
    asset = tenant.store.get("g001").copy()  # type: ignore[union-attr]
    asset.relationships["meanings"] = ["term"]
    tenant.store.put(asset)
    assert tenant.search.count({"term": {"__meanings": "t@gq"}}) == 1


def test_shortening_the_refresh_interval_never_brings_an_older_state_back(tenant: Tenant) -> None:
    tenant.settings.search_refresh_interval = 10
    first = tenant.store.get("g001").copy()  # type: ignore[union-attr]
    first.attributes["name"] = "first"
    tenant.store.put(first)  # lands at +10 s
    tenant.settings.search_refresh_interval = 0
    second = first.copy()
    second.attributes["name"] = "second"
    tenant.store.put(second)  # lands at once
    assert tenant.search.count({"term": {"name.keyword": "second"}}) == 1
    tenant.clock.advance(10)
    assert tenant.search.count({"term": {"name.keyword": "second"}}) == 1
    assert tenant.search.count({"term": {"name.keyword": "first"}}) == 0


@pytest.mark.parametrize("spec", [{}, {"size": 1}, {"include": "a.*"}, {"exclude": ["bob"]},
                                  {"order": {"_key": "asc"}}, {"min_doc_count": 30}])
def test_terms_counted_from_an_index_equal_counting_documents(tenant: Tenant, spec: dict[str, Any]) -> None:
    body = {"dsl": {"size": 0, "query": {"term": {"__state": "ACTIVE"}},
                    "aggregations": {"owners": {"terms": {"field": "ownerUsers", **spec}}}}}
    by_documents = tenant.search.search(body)["aggregations"]
    tenant.search.count({"term": {"ownerUsers": "ann"}})  # builds the ownerUsers index
    assert tenant.search.index.counts("ownerUsers", {e.guid for e in tenant.store}) is not None  # now used
    assert tenant.search.search(body)["aggregations"] == by_documents
    assert by_documents["owners"]["buckets"]
