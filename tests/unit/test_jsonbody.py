"""The one JSON body parser: strict (no NaN, valid UTF-8) and bounded in depth, always a
BadRequest for what it refuses, never a RecursionError."""

from __future__ import annotations

import pytest

from emulator.errors import BadRequest
from emulator.jsonbody import MAX_DEPTH, parse_json_body


def nested(depth: int) -> bytes:
    return b'{"a":' * (depth - 1) + b"[1]" + b"}" * (depth - 1)


def test_values_parse_as_json() -> None:
    assert parse_json_body(b'{"a": [1, 2.5, "x", null, true]}') == {"a": [1, 2.5, "x", None, True]}
    assert parse_json_body(b"7") == 7
    assert parse_json_body('"\u00e9"'.encode()) == "\u00e9"


def test_nesting_up_to_the_limit_is_accepted_and_one_more_level_refused() -> None:
    assert parse_json_body(nested(MAX_DEPTH)) is not None
    with pytest.raises(BadRequest, match="nested too deeply"):
        parse_json_body(nested(MAX_DEPTH + 1))


def test_many_shallow_containers_are_not_mistaken_for_depth() -> None:
    wide = b"[" + b",".join([b'{"a": [1]}'] * 5000) + b"]"
    assert len(parse_json_body(wide)) == 5000


@pytest.mark.parametrize("depth", [2_000, 100_000])
def test_depth_that_would_exhaust_the_recursion_limit_is_a_bad_request(depth: int) -> None:
    with pytest.raises(BadRequest, match="nested too deeply"):
        parse_json_body(b"[" * depth + b"]" * depth)


@pytest.mark.parametrize("raw", [b'{"a": NaN}', b"[Infinity]", b"-Infinity"])
def test_nan_and_infinity_are_not_json(raw: bytes) -> None:
    with pytest.raises(BadRequest, match="not a JSON value"):
        parse_json_body(raw)


@pytest.mark.parametrize("raw", [b'{"a": "\xff"}', b"\xc0\xaf", b'"\xed\xa0\x80"'])
def test_invalid_utf8_is_named(raw: bytes) -> None:
    with pytest.raises(BadRequest, match="UTF-8"):
        parse_json_body(raw)


@pytest.mark.parametrize("raw", [b"{", b"{'a': 1}", b'{"a": 1}{}', b"[1,]"])
def test_broken_json_names_the_place(raw: bytes) -> None:
    with pytest.raises(BadRequest, match="line 1 column"):
        parse_json_body(raw)
