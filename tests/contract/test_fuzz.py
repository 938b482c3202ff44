"""Property-based fuzzing of every API route with a request body: bodies generated from the
route's own request contract (hypothesis-jsonschema) and arbitrary JSON, sent over HTTP to an
emulator on a virtual clock (nothing moves between two reads of the state). Properties: never a
5xx, every answer matches its contract, and a rejected request leaves the tenant unchanged.
Bounded: a few examples per route, no shrinking of passing runs, well under a minute in all."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from emulator.config import EmulatorConfig
from emulator.contracts import BODY_METHODS, Route, load_contracts
from emulator.contracts_testing import take_response_violations
from emulator.server import BackgroundServer

CONTRACTS = load_contracts()
# Values for path variables: names that exist in the docs dataset, and ones that do not.
PATH_VALUES = st.sampled_from(["Table", "Connection", "atlan-connection-delete-1684500411", "nope", "-1"])
QUERY = {"attr:qualifiedName": "default/snowflake/1234567890/db/sc/tbl", "submit": "true"}
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
FUZZED = [r for r in CONTRACTS.routes if r.method in BODY_METHODS
          and (r.path.startswith("/api/") or r.path == "/_emulator/state")]
SETTINGS = settings(max_examples=8, deadline=None, database=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def server() -> Iterator[BackgroundServer]:
    config = EmulatorConfig(port=0, dataset="docs", assets=0, clock="virtual", check_responses=True)
    emulator = BackgroundServer(config).start()
    yield emulator
    emulator.stop()


@pytest.fixture(scope="module")
def client(server: BackgroundServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, headers={"Authorization": "Bearer fuzz"}, timeout=30) as c:
        yield c


def concrete(route: Route, value: str) -> str:
    return re.sub(r"\{[^}]*\}", value, route.path)


def snapshot(client: httpx.Client) -> tuple[Any, Any]:
    """What a rejected request must not change: the exported state and the typedefs."""
    return client.get("/_emulator/state").json(), client.get("/api/meta/types/typedefs").json()


def exercise(client: httpx.Client, server: BackgroundServer, route: Route, path: str, body: Any) -> None:
    before = snapshot(client)
    r = client.request(route.method, path, params=QUERY, json=body)
    assert r.status_code < 500, f"{route.method} {path} {body!r} -> {r.status_code} {r.text[:300]}"
    violations = take_response_violations(server)
    assert violations == [], f"{route.method} {path} {body!r}: {violations}"
    if r.status_code >= 400:
        assert r.json()["errorCode"].startswith(f"ATLAS-{r.status_code}")
        assert snapshot(client) == before, f"rejected {route.method} {path} {body!r} changed state"
    elif route.path != "/_emulator/state":
        client.post("/_emulator/reset")  # the next example starts from the dataset again


@pytest.mark.parametrize("route", FUZZED, ids=[f"{r.method} {r.path}" for r in FUZZED])
def test_fuzz_bodies_from_the_contract(route: Route, client: httpx.Client, server: BackgroundServer) -> None:
    bodies = from_schema(CONTRACTS.inlined(route.request))

    @SETTINGS
    @given(body=bodies, value=PATH_VALUES)
    def run(body: Any, value: str) -> None:
        exercise(client, server, route, concrete(route, value), body)

    run()


@pytest.mark.parametrize("route", FUZZED, ids=[f"{r.method} {r.path}" for r in FUZZED])
def test_fuzz_arbitrary_json(route: Route, client: httpx.Client, server: BackgroundServer) -> None:
    @settings(SETTINGS, max_examples=5)
    @given(body=JSON, value=PATH_VALUES)
    def run(body: Any, value: str) -> None:
        exercise(client, server, route, concrete(route, value), body)

    run()


READS = [r for r in CONTRACTS.routes if r.method == "GET" and r.path.startswith("/api/")]


@pytest.mark.parametrize("route", READS, ids=[f"{r.method} {r.path}" for r in READS])
def test_fuzz_reads_with_odd_path_values(route: Route, client: httpx.Client, server: BackgroundServer) -> None:
    @settings(SETTINGS, max_examples=3)
    @given(value=st.text(alphabet="abcXYZ-_.%~0123456789", min_size=1, max_size=12) | PATH_VALUES)
    def run(value: str) -> None:
        exercise(client, server, route, concrete(route, value), None)

    run()


TAGS = ["Xk3wPpM2nQ8vR4tLm9cJaB", "Zq7hT2sWd5yNf8gKc3vLpE"]  # the docs dataset's tags


def as_storable(entity: dict[str, Any], tag: str, n: int) -> dict[str, Any]:
    """A generated entity aimed at something that exists: a Table, the dataset's tags."""
    out = {k: v for k, v in entity.items() if k not in ("relationshipAttributes", "appendRelationshipAttributes",
                                                          "removeRelationshipAttributes", "guid", "status")}
    out["typeName"] = "Table"
    out["guid"] = f"-{n}"
    attributes = {k: v for k, v in (entity.get("attributes") or {}).items() if not isinstance(v, dict | list)}
    out["attributes"] = {**attributes, "qualifiedName": f"default/fuzz/t{n}", "name": f"t{n}"}
    for key in ("classifications", "addOrUpdateClassifications"):
        if out.get(key):
            out[key] = [dict(c, typeName=tag) for c in out[key]]
    out.pop("removeClassifications", None)
    return out


def test_fuzz_what_is_stored_reads_back_valid(client: httpx.Client, server: BackgroundServer) -> None:
    """Entities generated from the request contract, pointed at a real type and real tags: once
    stored, the mutation answer and the GET answer must both match their contracts."""
    entities = from_schema(CONTRACTS.inlined("entity/bulk-post.request.json")["properties"]["entities"]["items"])

    @settings(SETTINGS, max_examples=25)
    @given(entity=entities, tag=st.sampled_from(TAGS), n=st.integers(1, 10**6))
    def run(entity: dict[str, Any], tag: str, n: int) -> None:
        body = {"entities": [as_storable(entity, tag, n)]}
        r = client.post("/api/meta/entity/bulk", params={"appendTags": "true"}, json=body)
        assert r.status_code < 500, f"{body!r} -> {r.status_code} {r.text[:300]}"
        if r.status_code == 200:
            for header in r.json().get("mutatedEntities", {}).get("CREATE", []):
                assert client.get(f"/api/meta/entity/guid/{header['guid']}").status_code == 200
        violations = take_response_violations(server)
        assert violations == [], f"{body!r}: {violations}"
        client.post("/_emulator/reset")

    run()
