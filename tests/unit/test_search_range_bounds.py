"""Range bounds on the fields an index maps as dates (compile_query's ``date_fields``): every form
pyatlan and the docs send compiles; garbage is a BadRequest, as Elasticsearch's parse_exception."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.errors import BadRequest
from emulator.search.document import DictDocument
from emulator.search.dsl import compile_query

NOW = 1_700_000_000_000
DATES = frozenset({"__timestamp", "status.startedAt"})


def compiles(bounds: dict[str, Any], field: str = "__timestamp") -> bool:
    predicate = compile_query({"range": {field: bounds}}, now_ms=NOW, date_fields=DATES)
    return predicate(DictDocument({field: NOW - 1000}))


@pytest.mark.parametrize("bounds", [
    {"gte": 1_699_999_999_000}, {"gt": 1.5}, {"lte": "1700000000000"}, {"gte": "now-1s"}, {"gte": "now-7d/d"},
    {"gte": "now-1h", "lt": "now"}, {"gte": "2023-11-14"}, {"gte": "2023-11-14T22:13:19Z"},
    {"gte": "2023-11-14T22:13:19.000+00:00", "format": "strict_date_optional_time"},
    {"gte": "1699999999", "format": "epoch_second"}, {"gte": "2023-11-14", "time_zone": "+01:00"},
    {"gte": "2023-11-14||+1d/d"}, {"gte": 0, "boost": 2.0}, {"from": 0, "to": "now", "include_upper": False},
    {"gte": None, "lte": "now"},
])
def test_every_valid_form_compiles(bounds: dict[str, Any]) -> None:
    compiles(bounds)
    compiles(bounds, field="status.startedAt")


def test_a_sub_field_of_a_date_field_is_a_date_too() -> None:
    with pytest.raises(BadRequest, match="failed to parse date field"):
        compile_query({"range": {"__timestamp.date": {"gte": "yesterday"}}}, now_ms=NOW, date_fields=DATES)


@pytest.mark.parametrize(("bounds", "message"), [
    ({"gte": "not-a-date"}, "failed to parse date field \\[not-a-date\\]"),
    ({"lt": ""}, "failed to parse date field"),
    ({"gte": "NaN"}, "failed to parse date field"),
    ({"gte": True}, "failed to parse date field \\[true\\]"),
    ({"gte": "now-garbage"}, "cannot parse date math"),
    ({"gte": "2023-13-45"}, "cannot parse date"),
    ({"gte": "nope", "format": "strict_date_optional_time"}, "cannot parse date"),
    ({"gte": {"a": 1}}, "a string, number or boolean is required"),
    ({"gte": [1]}, "a string, number or boolean is required"),
    ({"greater": 1}, "unsupported option"),
])
def test_garbage_on_a_date_field_is_a_bad_request(bounds: dict[str, Any], message: str) -> None:
    for field in DATES:
        with pytest.raises(BadRequest, match=message):
            compile_query({"range": {field: bounds}}, now_ms=NOW, date_fields=DATES)


def test_strings_on_other_fields_still_compare_as_text() -> None:
    predicate = compile_query({"range": {"name": {"gte": "b", "lt": "d"}}}, now_ms=NOW, date_fields=DATES)
    assert [predicate(DictDocument({"name": n})) for n in ("a", "b", "c", "d")] == [False, True, True, False]
