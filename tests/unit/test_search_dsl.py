"""The query evaluator clause by clause, over four small JSON documents whose expected hits were
worked out by hand (the comments say why each one matches)."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.errors import BadRequest
from emulator.search.analysis import stemmed_tokens, tokens
from emulator.search.document import DictDocument
from emulator.search.dsl import compile_query, compile_sort

NOW = 1_700_001_000_000 + 3_600_000  # one hour after "c" was created

DOCS: dict[str, dict[str, Any]] = {
    "a": {"name": "Customer Orders", "qn": "default/snowflake/1/DB/SCH/CUSTOMER_ORDERS", "rows": 100,
          "tags": ["PII", "Finance"], "created": 1_700_000_000_000, "owner": "jsmith",
          "desc": "All the orders placed by customers",
          "columns": [{"name": "id", "type": "int"}, {"name": "email", "type": "string"}]},
    "b": {"name": "customer_addresses", "qn": "default/snowflake/1/DB/SCH/customer_addresses", "rows": 5,
          "tags": ["PII"], "created": 1_700_000_500_000, "desc": "Where customers live", "active": True,
          "columns": [{"name": "email", "type": "int"}]},
    "c": {"name": "Revenue 2024", "qn": "default/bigquery/2/ds/revenue_2024", "rows": 2500,
          "created": 1_700_001_000_000, "desc": "Revenue by running quarter", "active": False},
    "d": {"name": "orders", "qn": "default/bigquery/2/ds/orders", "owner": "Jsmith", "meta": {"labels": {"x.io/y": "z"}}},
}


def hits(query: Any) -> list[str]:
    predicate = compile_query(query, now_ms=NOW)
    return sorted(k for k, doc in DOCS.items() if predicate(DictDocument(doc)))


# --- analysis ---------------------------------------------------------------------------------
def test_tokens_split_on_delimiters_and_before_digits_and_lower_case() -> None:
    assert tokens("Customer_Orders-v2 2024/Q1") == ["customer", "orders", "v", "2", "2024", "q", "1"]
    assert tokens("revenue2024") == ["revenue", "2024"]
    assert stemmed_tokens("running customers") == ["run", "custom"]


# --- term level -------------------------------------------------------------------------------
def test_term_on_a_plain_field_is_exact_and_case_sensitive() -> None:
    assert hits({"term": {"owner": {"value": "jsmith"}}}) == ["a"]  # d's owner is "Jsmith"
    assert hits({"term": {"owner": {"value": "jsmith", "case_insensitive": True}}}) == ["a", "d"]
    assert hits({"term": {"owner": "jsmith"}}) == ["a"]  # the short form


def test_term_on_keyword_subfield_is_normalized_both_sides() -> None:
    assert hits({"term": {"name.keyword": {"value": "CUSTOMER ORDERS"}}}) == ["a"]
    assert hits({"term": {"name": {"value": "customer orders"}}}) == []  # the raw value is "Customer Orders"


def test_term_coerces_numbers_and_booleans_like_elasticsearch() -> None:
    assert hits({"term": {"rows": {"value": "5"}}}) == ["b"]
    assert hits({"term": {"rows": 2500.0}}) == ["c"]
    assert hits({"term": {"active": {"value": "true"}}}) == ["b"]
    assert hits({"term": {"active": False}}) == ["c"]


def test_term_on_text_subfield_matches_one_analyzed_token() -> None:
    assert hits({"term": {"qn.text": "2024"}}) == ["c"]  # revenue_2024 -> revenue, 2024
    assert hits({"term": {"name.text": "orders"}}) == ["a", "d"]


def test_terms_matches_any_value_of_a_multi_valued_field() -> None:
    assert hits({"terms": {"tags": ["Finance", "Marketing"]}}) == ["a"]
    assert hits({"terms": {"tags": ["PII"], "boost": 2}}) == ["a", "b"]
    assert hits({"terms": {"tags": []}}) == []


def test_prefix() -> None:
    assert hits({"prefix": {"qn": {"value": "default/bigquery"}}}) == ["c", "d"]
    assert hits({"prefix": {"name.keyword": {"value": "CUSTOMER"}}}) == ["a", "b"]
    assert hits({"prefix": {"qn": {"value": "DEFAULT"}}}) == []
    assert hits({"prefix": {"qn": {"value": "DEFAULT", "case_insensitive": True}}}) == ["a", "b", "c", "d"]


def test_wildcard_is_anchored_with_star_and_question_mark() -> None:
    assert hits({"wildcard": {"qn": {"value": "*/SCH/*"}}}) == ["a", "b"]
    assert hits({"wildcard": {"name": {"value": "?rders"}}}) == ["d"]
    assert hits({"wildcard": {"name": {"value": "rders"}}}) == []
    assert hits({"wildcard": {"name.keyword": {"value": "CUSTOMER*"}}}) == ["a", "b"]


def test_regexp_is_anchored() -> None:
    assert hits({"regexp": {"name": {"value": "[Rr]evenue [0-9]+"}}}) == ["c"]
    assert hits({"regexp": {"name": {"value": "evenue"}}}) == []
    assert hits({"regexp": {"name": {"value": "REVENUE.*", "case_insensitive": True}}}) == ["c"]


def test_fuzzy_counts_edits_and_transpositions() -> None:
    assert hits({"fuzzy": {"name": {"value": "ordres"}}}) == ["d"]  # one transposition
    assert hits({"fuzzy": {"name": {"value": "oders"}}}) == ["d"]  # 5 letters: AUTO allows 1 edit
    assert hits({"fuzzy": {"owner": {"value": "jsmtih", "fuzziness": 1}}}) == ["a"]
    assert hits({"fuzzy": {"owner": {"value": "jsmtih", "fuzziness": 1, "transpositions": False}}}) == []
    assert hits({"fuzzy": {"name": {"value": "xrders", "prefix_length": 1}}}) == []


def test_range_on_numbers_strings_and_dates() -> None:
    assert hits({"range": {"rows": {"gt": 5, "lte": 2500}}}) == ["a", "c"]
    assert hits({"range": {"rows": {"gte": "100"}}}) == ["a", "c"]
    assert hits({"range": {"owner": {"gte": "j", "lt": "k"}}}) == ["a"]  # "Jsmith" sorts before "j"
    assert hits({"range": {"created": {"gte": "2023-11-14T22:21:40Z"}}}) == ["b", "c"]  # = 1700000500000
    assert hits({"range": {"created": {"gte": "now-1h"}}}) == ["c"]
    assert hits({"range": {"created": {"gt": "now-1h"}}}) == []
    assert hits({"range": {"created": {"lt": "2023-11-15", "format": "yyyy-MM-dd"}}}) == ["a", "b", "c"]


def test_range_time_zone_applies_to_dates_without_one() -> None:
    # b was created 2023-11-14T22:21:40Z = 23:21:40 in Paris (UTC+1 in November)
    assert hits({"range": {"created": {"gte": "2023-11-14T23:21:40", "time_zone": "Europe/Paris"}}}) == ["b", "c"]
    assert hits({"range": {"created": {"gte": "2023-11-14T23:21:40", "time_zone": "+01:00"}}}) == ["b", "c"]
    assert hits({"range": {"created": {"gte": "2023-11-14T23:21:40"}}}) == []  # read as UTC: after all
    with pytest.raises(BadRequest, match="unknown time zone 'Mars/Olympus'"):
        compile_query({"range": {"created": {"gte": "2023-11-14", "time_zone": "Mars/Olympus"}}})


def test_range_date_math_rounds_down() -> None:
    # now = 2023-11-14T23:30:00Z: now-1h = 22:30 (only c, created 22:30:00); rounded to the hour,
    # 22:00, it takes in a (22:13:20) and b (22:21:40) too
    assert hits({"range": {"created": {"gte": "now-1h"}}}) == ["c"]
    assert hits({"range": {"created": {"gte": "now-1h/h"}}}) == ["a", "b", "c"]


def test_exists() -> None:
    assert hits({"exists": {"field": "owner"}}) == ["a", "d"]
    assert hits({"exists": {"field": "active"}}) == ["b", "c"]  # false is a value
    assert hits({"exists": {"field": "meta.labels.x.io/y"}}) == ["d"]  # keys with dots


# --- full text --------------------------------------------------------------------------------
def test_match_or_and_minimum_should_match() -> None:
    assert hits({"match": {"desc": "customers orders"}}) == ["a", "b"]
    assert hits({"match": {"desc": {"query": "customers orders", "operator": "AND"}}}) == ["a"]
    assert hits({"match": {"desc": {"query": "customers orders", "minimum_should_match": 2}}}) == ["a"]
    assert hits({"match": {"name": "REVENUE"}}) == ["c"]
    assert hits({"match": {"name": "customer"}}) == ["a", "b"]  # customer_addresses -> customer, addresses


def test_match_on_stemmed_subfield_stems_both_sides() -> None:
    assert hits({"match": {"desc": "customer"}}) == []  # only "customers" is there
    assert hits({"match": {"desc.stemmed": "customer"}}) == ["a", "b"]
    assert hits({"match": {"desc.stemmed": "runs"}}) == ["c"]  # running -> run


def test_match_with_fuzziness_and_a_named_analyzer() -> None:
    assert hits({"match": {"desc": "custmers"}}) == []
    assert hits({"match": {"desc": {"query": "custmers", "fuzziness": "AUTO"}}}) == ["a", "b"]  # one edit
    assert hits({"match": {"desc": {"query": "xustomers", "fuzziness": 1, "prefix_length": 1}}}) == []
    assert hits({"match": {"name": {"query": "Revenue 2024", "analyzer": "keyword"}}}) == []  # one token
    assert hits({"match": {"name.keyword": {"query": "revenue 2024"}}}) == ["c"]
    with pytest.raises(BadRequest, match="unsupported analyzer 'french'"):
        compile_query({"match": {"name": {"query": "x", "analyzer": "french"}}})


def test_match_phrase_with_slop() -> None:
    assert hits({"match_phrase": {"desc": "placed by customers"}}) == ["a"]
    assert hits({"match_phrase": {"desc": "orders by"}}) == []
    assert hits({"match_phrase": {"desc": {"query": "orders by", "slop": 1}}}) == ["a"]
    assert hits({"match_phrase": {"desc": "customers placed"}}) == []  # order matters


def test_match_all_and_match_none() -> None:
    assert hits({"match_all": {}}) == ["a", "b", "c", "d"]
    assert hits({"match_none": {}}) == []
    assert hits(None) == ["a", "b", "c", "d"]


# --- compound ---------------------------------------------------------------------------------
def test_bool_filter_as_list_and_as_object_and_nested_bools() -> None:
    inner = [{"prefix": {"qn": {"value": "default/snowflake"}}}, {"range": {"rows": {"gt": 10}}}]
    assert hits({"bool": {"filter": inner}}) == ["a"]
    assert hits({"bool": {"filter": {"bool": {"filter": inner}}}}) == ["a"]
    assert hits({"bool": {"must": inner[0], "must_not": {"term": {"rows": 5}}}}) == ["a"]


def test_bool_should_and_minimum_should_match() -> None:
    should = [{"term": {"owner": "jsmith"}}, {"term": {"tags": "PII"}}, {"term": {"rows": 2500}}]
    assert hits({"bool": {"should": should}}) == ["a", "b", "c"]  # alone: at least one
    assert hits({"bool": {"should": should, "minimum_should_match": 2}}) == ["a"]
    assert hits({"bool": {"should": should, "minimum_should_match": "-2"}}) == ["a", "b", "c"]
    # beside a filter, should is only for scoring
    assert hits({"bool": {"filter": [{"prefix": {"qn": "default/bigquery"}}], "should": should}}) == ["c", "d"]
    assert hits({"bool": {"filter": [{"prefix": {"qn": "default/bigquery"}}], "should": should,
                          "minimum_should_match": 1}}) == ["c"]
    assert hits({"bool": {}}) == ["a", "b", "c", "d"]


def test_nested_keeps_conditions_on_the_same_object() -> None:
    same = [{"term": {"columns.name": "email"}}, {"term": {"columns.type": "int"}}]
    assert hits({"bool": {"filter": same}}) == ["a", "b"]  # flattened: a has email and an int column
    assert hits({"nested": {"path": "columns", "query": {"bool": {"filter": same}}}}) == ["b"]


def test_constant_score_and_dis_max() -> None:
    assert hits({"constant_score": {"filter": {"term": {"tags": "Finance"}}, "boost": 1.2}}) == ["a"]
    assert hits({"dis_max": {"queries": [{"term": {"rows": 5}}, {"term": {"owner": "Jsmith"}}]}}) == ["b", "d"]


# --- validation -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"bool": {"filter": [{"term": {"a": "x"}}, {"query_string": {"query": "x"}}]}},
         "query.bool.filter[1]: unsupported query clause 'query_string'"),
        ({"term": {"name": {"case_insensitive": True}}}, "query.term.name: 'value' is required"),
        ({"term": {"name": {"value": "x", "colour": "red"}}}, "query.term.name: unsupported option(s) colour"),
        ({"term": {"a": "x", "b": "y"}}, "query.term: exactly one field is required"),
        ({"bool": {"must": "x"}}, "query.bool.must: a query must be an object"),
        ({"range": {"rows": {"gte": {"x": 1}}}}, "query.range.rows.gte: a string, number or boolean is required"),
        ({"range": {"created": {"gte": "now-1q"}}}, "query.range.created.gte: cannot parse date math"),
        ({"regexp": {"name": "[a-"}}, "query.regexp.name.value: invalid regular expression"),
        ({"match": {"name": {"query": "x", "operator": "XOR"}}}, "query.match.name.operator: must be OR or AND"),
        ({"nested": {"query": {"match_all": {}}}}, "query.nested: 'path' (a string) and 'query' are required"),
        ({"term": {"name": {"value": "x", "case_insensitive": "yes"}}}, "query.term.name.case_insensitive"),
        ([], "query: a query must be an object with exactly one clause"),
    ],
)
def test_invalid_queries_name_the_clause_and_its_path(query: Any, message: str) -> None:
    with pytest.raises(BadRequest) as caught:
        compile_query(query)
    assert message in caught.value.message


def test_validation_happens_before_any_document_is_seen() -> None:
    with pytest.raises(BadRequest):
        compile_query({"bool": {"filter": [{"match_all": {}}, {"bogus": {}}]}})


# --- sort -------------------------------------------------------------------------------------
def ordered(sort: Any) -> list[str]:
    key = compile_sort(sort)
    return sorted(DOCS, key=lambda k: (key(DictDocument(DOCS[k])), k))


def test_sort_by_number_with_missing_last_in_both_directions() -> None:
    assert ordered([{"rows": {"order": "asc"}}]) == ["b", "a", "c", "d"]
    assert ordered([{"rows": {"order": "desc"}}]) == ["c", "a", "b", "d"]
    assert ordered([{"rows": {"order": "desc", "missing": "_first"}}]) == ["d", "c", "a", "b"]
    assert ordered([{"rows": {"order": "asc", "missing": 50}}]) == ["b", "d", "a", "c"]


def test_sort_keyword_subfield_by_lower_cased_value_then_next_key() -> None:
    # customer orders < customer_addresses < orders < revenue 2024 (" " sorts before "_")
    assert ordered([{"name.keyword": {"order": "asc"}}]) == ["a", "b", "d", "c"]
    assert ordered(["owner", {"rows": "desc"}]) == ["d", "a", "c", "b"]  # "Jsmith" < "jsmith"


def test_sort_multi_valued_by_min_ascending_and_max_descending() -> None:
    assert ordered([{"tags": {"order": "asc"}}, {"rows": "asc"}]) == ["a", "b", "c", "d"]  # Finance < PII
    assert ordered([{"tags": {"order": "desc"}}, {"rows": "asc"}]) == ["b", "a", "c", "d"]


def test_nested_sort_reads_only_matching_inner_objects() -> None:
    sort = [{"columns.type": {"order": "asc", "nested": {"path": "columns",
                                                         "filter": {"term": {"columns.name": "email"}}}}}]
    assert ordered(sort) == ["b", "a", "c", "d"]  # b's email column is "int" < a's "string"


def test_bad_sort_is_a_bad_request() -> None:
    with pytest.raises(BadRequest, match=r"sort\[0\].rows.order: must be asc or desc"):
        compile_sort([{"rows": {"order": "up"}}])
