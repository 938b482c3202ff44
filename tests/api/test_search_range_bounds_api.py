"""Range bounds over HTTP: on the asset index's __timestamp / __modificationTimestamp and on the
workflow indexes' Argo timestamps, a bound that is not a date is a 400 in the search error shape
(Elasticsearch: parse_exception), while every form pyatlan sends keeps working."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

SEARCH = "/api/meta/search/indexsearch"
TABLE = {"typeName": "Table", "attributes": {"qualifiedName": "default/snowflake/1/db/sc/ranged", "name": "ranged"}}
GARBAGE: list[dict[str, Any]] = [
    {"gte": "not-a-date"}, {"lt": "yesterday"}, {"gte": "now-garbage"}, {"gte": "2024-13-45"}, {"gte": True},
    {"gte": {"a": 1}}, {"gte": [1]}, {"greater_than": 1}, {"gte": "nope", "format": "strict_date_optional_time"},
]
VALID: list[dict[str, Any]] = [
    {"gte": 0}, {"gte": "0"}, {"gt": 1.5}, {"gte": "now-7d/d"}, {"gte": "now-1h", "lte": "now"},
    {"gte": "2020-01-01"}, {"gte": "2020-01-01T00:00:00Z", "format": "strict_date_optional_time"},
    {"gte": "2020-01-01", "time_zone": "+05:30"}, {"gte": 0, "boost": 1.0}, {"from": 0, "to": "now+1d"},
]


def search(api: httpx.Client, field: str, bounds: dict[str, Any]) -> httpx.Response:
    return api.post(SEARCH, json={"dsl": {"size": 10, "query": {"bool": {"filter": [
        {"term": {"__typeName.keyword": "Table"}}, {"range": {field: bounds}}]}}}, "attributes": ["name"]})


@pytest.mark.parametrize("field", ["__timestamp", "__modificationTimestamp"])
@pytest.mark.parametrize("bounds", GARBAGE, ids=str)
def test_garbage_bounds_on_the_asset_index_are_a_400(api: httpx.Client, field: str, bounds: dict) -> None:
    response = search(api, field, bounds)
    assert response.status_code == 400, response.text
    error = response.json()
    assert error["errorCode"].startswith("ATLAS-400-") and f"range.{field}" in error["errorMessage"]


@pytest.mark.parametrize("bounds", VALID, ids=str)
def test_every_valid_form_finds_the_asset(api: httpx.Client, bounds: dict) -> None:
    assert api.post("/api/meta/entity/bulk", json={"entities": [TABLE]}).status_code == 200
    for field in ("__timestamp", "__modificationTimestamp"):
        response = search(api, field, bounds)
        assert response.status_code == 200, response.text
        assert [e["attributes"]["name"] for e in response.json()["entities"]] == ["ranged"]


def test_the_message_says_what_a_date_bound_may_be(api: httpx.Client) -> None:
    message = search(api, "__timestamp", {"gte": "not-a-date"}).json()["errorMessage"]
    assert "failed to parse date field [not-a-date]" in message and "epoch" in message and "now-7d/d" in message


def test_text_bounds_on_a_keyword_field_are_still_taken(api: httpx.Client) -> None:
    assert api.post("/api/meta/entity/bulk", json={"entities": [TABLE]}).status_code == 200
    response = search(api, "name.keyword", {"gte": "r", "lt": "s"})
    assert response.status_code == 200 and response.json()["approximateCount"] == 1


@pytest.mark.parametrize("index", ["workflows", "package-workflows", "runs"])
@pytest.mark.parametrize("field", ["metadata.creationTimestamp", "status.startedAt", "status.finishedAt"])
def test_garbage_bounds_on_the_workflow_indexes_are_a_400(api: httpx.Client, index: str, field: str) -> None:
    for bounds in ({"gte": "not-a-date"}, {"lte": "now-garbage"}, {"gte": False}):
        response = api.post(f"/api/service/{index}/indexsearch", json={"query": {"range": {field: bounds}}})
        assert response.status_code == 400, (bounds, response.text)
        assert response.json()["errorCode"].startswith("ATLAS-400-")
    valid = api.post(f"/api/service/{index}/indexsearch", json={"query": {"bool": {"filter": [
        {"range": {field: {"gte": "now-1s"}}}, {"range": {field: {"lte": "now", "format": "epoch_millis"}}}]}}})
    assert valid.status_code == 200, valid.text
