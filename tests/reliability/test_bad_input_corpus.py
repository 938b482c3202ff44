"""Every malformed request of the corpus (tests/reliability/corpus.py) gets the 4xx it names,
in the API's error shape; afterwards the server is healthy and its state (entities, tags,
workflows, fault rules, runtime settings, clock mode) is exactly what it was."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from emulator.server import BackgroundServer

from .conftest import API_KEY, BODY_LIMIT
from .corpus import RAW_REQUESTS, Case, build_corpus

CORPUS = build_corpus(BODY_LIMIT)
SEED_ENTITIES = {"entities": [
    {"typeName": "Table", "attributes": {"qualifiedName": f"default/snowflake/1/db/sc/t{i}", "name": f"t{i}"}}
    for i in range(5)
]}


def test_the_corpus_is_large_and_covers_every_family() -> None:
    assert len(CORPUS) >= 200
    assert len({case.id for case in CORPUS}) == len(CORPUS), "case ids must be unique"
    assert {case.family for case in CORPUS} >= {"entity", "search", "typedefs", "service", "workflows", "apps",
                                                 "admin", "auth"}
    assert [c.id for c in build_corpus(BODY_LIMIT)] == [c.id for c in CORPUS], "the corpus is deterministic"


@pytest.fixture(scope="module")
def seeded(server: BackgroundServer) -> BackgroundServer:
    """The module's server with a few entities and a tag to protect."""
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {API_KEY}"}) as client:
        client.post("/_emulator/reset").raise_for_status()
        client.post("/api/meta/entity/bulk", json=SEED_ENTITIES).raise_for_status()
    return server


@pytest.fixture(scope="module")
def client(seeded: BackgroundServer) -> Iterator[httpx.Client]:
    """One client for the module (making an httpx.Client costs more than a request)."""
    with httpx.Client(base_url=seeded.url, headers={"Authorization": f"Bearer {API_KEY}"}, timeout=30) as client:
        yield client


def observable_state(client: httpx.Client) -> dict[str, Any]:
    """What a malformed request must not change (the journal and fault counters may)."""
    clock = client.get("/_emulator/clock").json()
    return {
        "state": client.get("/_emulator/state").json(),
        "faults": client.get("/_emulator/faults").json(),
        "config": client.get("/_emulator/config").json(),
        "clock": (clock["mode"], clock["pending"]),
    }


def send(client: httpx.Client, case: Case) -> httpx.Response:
    headers = {name: value.encode("latin-1") for name, value in case.headers}
    return client.request(case.method, case.path, content=case.body, params=list(case.params) or None,
                          headers=headers or None)


@pytest.mark.parametrize("case", CORPUS, ids=[case.id for case in CORPUS])
def test_malformed_request_is_a_clear_4xx_and_changes_nothing(client: httpx.Client, case: Case) -> None:
    before = observable_state(client)
    response = send(client, case)
    assert response.status_code == case.status, response.text[:500]
    error = response.json()
    assert set(error) >= {"errorCode", "errorMessage"}, error
    assert error["errorCode"].startswith(f"ATLAS-{case.status}-"), error
    assert isinstance(error["errorMessage"], str) and len(error["errorMessage"]) > 10
    assert client.get("/_emulator/health").json()["status"] == "ok"
    assert observable_state(client) == before


def raw_exchange(port: int, payload: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(payload)  # no half-close: the parser answers, then closes the connection itself
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize(("label", "payload"), RAW_REQUESTS, ids=[label for label, _ in RAW_REQUESTS])
def test_requests_the_http_parser_refuses_are_a_400_and_change_nothing(
        seeded: BackgroundServer, client: httpx.Client, label: str, payload: bytes) -> None:
    before = observable_state(client)
    answer = raw_exchange(seeded.port, payload)
    status_line = answer.split(b"\r\n", 1)[0]
    assert status_line.startswith(b"HTTP/1.") and status_line.split()[1] == b"400", answer[:300]
    assert client.get("/_emulator/health").json()["status"] == "ok"
    assert observable_state(client) == before


def test_a_body_just_under_the_limit_is_read_and_over_it_is_413(client: httpx.Client) -> None:
    """The limit is the configured max_body_size, not aiohttp's default."""
    padding = BODY_LIMIT - 200
    under = b'{"entities": [{"typeName": "Table", "attributes": {"qualifiedName": "default/x/1/db/sc/big", ' \
            b'"name": "big", "description": "' + b"d" * padding + b'"}}]}'
    assert len(under) < BODY_LIMIT
    created = client.post("/api/meta/entity/bulk", content=under)
    assert created.status_code == 200, created.text[:300]
    over = under.replace(b'"big"', b'"big2"').replace(b"/big", b"/big2").replace(b"ddd", b"dddd" * 200, 1)
    assert len(over) > BODY_LIMIT
    refused = client.post("/api/meta/entity/bulk", content=over)
    assert refused.status_code == 413
    assert refused.json()["errorCode"] == "ATLAS-413-00-001"
    assert client.get("/api/meta/entity/uniqueAttribute/type/Table",
                      params={"attr:qualifiedName": "default/x/1/db/sc/big2"}).status_code == 404


def test_json_nested_to_the_limit_is_accepted(client: httpx.Client) -> None:
    """The depth limit refuses only what is deeper than it: a search nested right up to it runs."""
    from emulator.jsonbody import MAX_DEPTH

    inner = '{"match_all": {}}'
    levels = (MAX_DEPTH - 4) // 3  # {"dsl":{"query": ... }} plus 3 levels per bool
    query = '{"bool": {"must": [' * levels + inner + "]}}" * levels
    response = client.post("/api/meta/search/indexsearch", content=f'{{"dsl": {{"query": {query}}}}}'.encode())
    assert response.status_code == 200, response.text[:300]
    active = [e for e in client.get("/_emulator/state").json()["entities"] if e.get("status", "ACTIVE") == "ACTIVE"]
    assert response.json()["approximateCount"] == len(active) >= len(SEED_ENTITIES["entities"])


def test_unknown_query_parameters_alone_are_ignored_as_atlas_does(client: httpx.Client) -> None:
    """Atlas (Jersey) ignores parameters it does not know; so does the emulator, and they change nothing."""
    before = observable_state(client)
    response = client.get("/api/meta/entity/uniqueAttribute/type/Table",
                          params={"attr:qualifiedName": "default/snowflake/1/db/sc/t0", "bogus": "1",
                                  "__proto__": "x", "callback": "alert(1)"})
    assert response.status_code == 200
    assert response.json()["entity"]["attributes"]["name"] == "t0"
    assert observable_state(client) == before
