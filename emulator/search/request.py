"""The body of ``POST /api/meta/search/indexsearch``, parsed and validated in full before any
asset is looked at (a bad request changes nothing and costs no scan)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import BadRequest
from .aggregations import Aggregation, compile_aggregations
from .dsl import Node, SortSpec, compile_query, parse_sort
from .entity_document import NUMERIC_FIELDS

DEFAULT_SIZE = 10
# Elasticsearch's track_total_hits default: totals are exact up to this many hits.
DEFAULT_TOTAL_HITS_TRACKED = 10_000
_DSL_KEYS = {"from", "size", "query", "post_filter", "sort", "aggregations", "aggs", "track_total_hits"}


@dataclass
class SearchRequest:
    query: Node
    post_filter: Node | None
    offset: int
    size: int
    sort: list[SortSpec]
    aggregations: list[Aggregation]
    aggregations_requested: bool
    track_total_hits: bool | int
    attributes: list[str] = field(default_factory=list)
    relation_attributes: list[str] = field(default_factory=list)
    exclude_meanings: bool = False
    exclude_classifications: bool = False
    include_classification_names: bool = False
    include_relationship_attributes: bool = False


def parse_request(body: Any, *, now_ms: int, max_result_window: int) -> SearchRequest:
    if not isinstance(body, dict):
        raise BadRequest("the search request must be a JSON object with a 'dsl'")
    dsl = body.get("dsl")
    if not isinstance(dsl, dict):
        raise BadRequest("dsl: an object holding the Elasticsearch query is required")
    unknown = sorted(set(dsl) - _DSL_KEYS)
    if unknown:
        raise BadRequest(f"dsl: unsupported key(s) {', '.join(unknown)} (supported: {', '.join(sorted(_DSL_KEYS))})")
    offset = _non_negative(dsl.get("from", 0), "dsl.from")
    size = _non_negative(dsl.get("size", DEFAULT_SIZE), "dsl.size")
    if offset + size > max_result_window:
        raise BadRequest(
            f"dsl: Result window is too large, from + size must be less than or equal to: [{max_result_window}] "
            f"but was [{offset + size}]. Page with a range filter on __timestamp (pyatlan: search(..., bulk=True)) "
            "to read more results.")
    query = compile_query(dsl.get("query"), path="dsl.query", now_ms=now_ms, date_fields=NUMERIC_FIELDS)
    post_filter = None
    if dsl.get("post_filter") is not None:
        post_filter = compile_query(dsl["post_filter"], path="dsl.post_filter", now_ms=now_ms, date_fields=NUMERIC_FIELDS)
    raw_aggs = dsl.get("aggregations", dsl.get("aggs"))
    track = dsl.get("track_total_hits", False)
    if not isinstance(track, (bool, int)):
        raise BadRequest("dsl.track_total_hits: true, false or a number is required")
    return SearchRequest(
        query=query,
        post_filter=post_filter,
        offset=offset,
        size=size,
        sort=parse_sort(dsl.get("sort"), path="dsl.sort"),
        aggregations=compile_aggregations(raw_aggs, path="dsl.aggregations"),
        aggregations_requested=bool(raw_aggs),
        track_total_hits=track,
        attributes=_names(body.get("attributes"), "attributes"),
        relation_attributes=_names(body.get("relationAttributes"), "relationAttributes"),
        exclude_meanings=_flag(body, "excludeMeanings"),
        exclude_classifications=_flag(body, "excludeClassifications"),
        include_classification_names=_flag(body, "includeClassificationNames"),
        include_relationship_attributes=_flag(body, "includeRelationshipAttributes"),
    )


def reported_total(total: int, track: bool | int) -> int:
    """approximateCount as Elasticsearch reports hits.total for this track_total_hits."""
    if track is True:
        return total
    limit = DEFAULT_TOTAL_HITS_TRACKED if track is False else int(track)
    return min(total, limit)


def _non_negative(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise BadRequest(f"{where}: a non-negative integer is required, got {value!r}")
    return value


def _names(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadRequest(f"{where}: a list of attribute names is required")
    return list(dict.fromkeys(value))


def _flag(body: dict[str, Any], name: str) -> bool:
    value = body.get(name)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise BadRequest(f"{name}: true or false is required, got {value!r}")
    return value
