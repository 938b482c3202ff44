"""PATCH /_emulator/config: each setting takes a value of its own type within its own range;
anything else is a 400 that names the field, the value and what is allowed, and a body with
one bad field changes nothing, its good fields included."""

from __future__ import annotations

import httpx
import pytest

from emulator.errors import BadRequest

BAD = [
    ({"uri_limit": 2.0}, "uri_limit"),            # a whole float is still not an integer
    ({"uri_limit": 1.5}, "uri_limit"),
    ({"uri_limit": True}, "uri_limit"),           # true is an int in Python, not in JSON
    ({"uri_limit": 5}, "uri_limit"),              # 0 (off) or 64 and up: 5 bytes cannot hold a request line
    ({"uri_limit": 10**30}, "uri_limit"),
    ({"rate_limit": 1e300}, "rate_limit"),
    ({"rate_limit": False}, "rate_limit"),
    ({"rate_burst": -1}, "rate_burst"),
    ({"rate_burst": 3.0}, "rate_burst"),
    ({"search_max_result_window": 0}, "search_max_result_window"),
    ({"search_max_result_window": 10**12}, "search_max_result_window"),
    ({"deletion_delay": 1e15}, "deletion_delay"),
    ({"deletion_delay": -0.5}, "deletion_delay"),
    ({"workflow_running_seconds": 10**9}, "workflow_running_seconds"),
    ({"search_refresh_interval": True}, "search_refresh_interval"),
    ({"api_token_user": 1}, "api_token_user"),
]


@pytest.mark.parametrize(("body", "field"), BAD, ids=[f"{next(iter(b))}={next(iter(b.values()))!r}" for b, _ in BAD])
def test_a_bad_setting_is_a_400_naming_it_and_changes_nothing(api: httpx.Client, body: dict, field: str) -> None:
    before = api.get("/_emulator/config").json()
    patch = {"deletion_delay": 7, "uri_limit": 4096, **body}  # good fields next to the bad one
    response = api.patch("/_emulator/config", json=patch)
    assert response.status_code == 400, response.text
    error = response.json()
    assert error["errorCode"].startswith("ATLAS-400-")
    assert field in error["errorMessage"]
    assert api.get("/_emulator/config").json() == before


def test_messages_say_the_value_and_what_is_allowed(api: httpx.Client) -> None:
    message = api.patch("/_emulator/config", json={"uri_limit": 5}).json()["errorMessage"]
    assert "uri_limit" in message and "5" in message and "0 (off)" in message and "64" in message
    message = api.patch("/_emulator/config", json={"rate_burst": 3.0}).json()["errorMessage"]
    assert "rate_burst" in message and "3.0" in message and "integer" in message
    message = api.patch("/_emulator/config", json={"search_max_result_window": 0}).json()["errorMessage"]
    assert "search_max_result_window" in message and "minimum of 1" in message


@pytest.mark.parametrize("body", [
    {"uri_limit": 0}, {"uri_limit": 64}, {"uri_limit": 1_048_576},
    {"rate_limit": 0}, {"rate_limit": 2.5}, {"rate_burst": 10},
    {"deletion_delay": 0}, {"deletion_delay": 1}, {"deletion_delay": 0.25},
    {"search_max_result_window": 1}, {"search_max_result_window": 1_000_000},
    {"workflow_pending_seconds": 0}, {"search_refresh_interval": 1.5}, {"api_token_user": False},
])
def test_values_at_the_edges_of_each_range_are_taken(api: httpx.Client, body: dict) -> None:
    response = api.patch("/_emulator/config", json=body)
    assert response.status_code == 200, response.text
    (name, value), = body.items()
    assert response.json()[name] == value
    assert type(response.json()[name]) is type(api.get("/_emulator/config").json()[name])


def test_seconds_given_as_integers_are_stored_as_numbers(api: httpx.Client) -> None:
    assert api.patch("/_emulator/config", json={"deletion_delay": 3}).json()["deletion_delay"] == 3.0


def test_the_fixture_configure_checks_the_same_ranges(atlan_emulator, api: httpx.Client) -> None:
    before = api.get("/_emulator/config").json()
    for bad in ({"uri_limit": 2.0}, {"search_max_result_window": 0}, {"deletion_delay": 1e12}, {"rate_burst": True}):
        with pytest.raises(BadRequest):
            atlan_emulator.configure(**{"workflow_stop_seconds": 4, **bad})
    assert api.get("/_emulator/config").json() == before
