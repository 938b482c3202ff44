"""64 concurrent clients, a few thousand creates, updates, soft and hard deletes, restores, reads
and searches, with random fault rules active (5xx answers, delays, broken connections); then the
invariants that say nothing was lost or corrupted:

* every write the server acknowledged (200) is in the store as the client last saw it: created
  assets exist with their last acknowledged description, soft-deleted ones are DELETED, restored
  ones ACTIVE, purged ones gone; and nothing that was refused exists;
* the search index holds exactly the store's GUIDs, each in the store's state, and searches by
  state count and list the same assets as the store;
* every 5xx and every broken connection a client saw was asked for by a fault rule (the journal
  marks each faulted request, and the rules' fired counts add up to what the clients saw).

Each client owns its own qualifiedNames, so its sequence of acknowledged writes alone says what
the end state of its assets must be; the interleaving across clients is the server's to get right.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from emulator.entities.model import ACTIVE, DELETED
from emulator.server import BackgroundServer
from emulator.tenant import Tenant

from .conftest import API_KEY

CLIENTS = 64
OPS_PER_CLIENT = 50
SEED = 20261123
BULK = "/api/meta/entity/bulk"
SEARCH = "/api/meta/search/indexsearch"
PURGED = "PURGED"


def random_fault_rules(rng: random.Random) -> list[dict[str, Any]]:
    """Rules drawn from a seeded RNG: an error status on every write and read family, latency,
    and the network faults (reset, empty answer, truncated and malformed bodies)."""
    status = lambda: rng.choice([500, 502, 503, 504])  # noqa: E731
    chance = lambda: round(rng.uniform(0.03, 0.08), 3)  # noqa: E731
    return [
        {"method": "POST", "path": BULK, "status": status(), "probability": chance()},
        {"method": "DELETE", "path": BULK, "status": status(), "probability": chance()},
        {"method": "POST", "path": SEARCH, "status": status(), "probability": chance()},
        {"method": "GET", "path_regex": "/api/meta/entity/guid/.*", "status": status(), "probability": chance()},
        {"method": "POST", "path": BULK, "action": rng.choice(["reset", "empty"]), "probability": 0.02},
        {"method": "POST", "path": SEARCH, "action": rng.choice(["truncate", "malformed"]), "probability": 0.02},
        {"method": "GET", "path_regex": "/api/meta/entity/guid/.*", "action": "reset", "probability": 0.02},
        {"method": "POST", "path": BULK, "status": 429, "headers": {"Retry-After": "0"}, "probability": 0.02},
        {"path_regex": "/api/meta/.*", "delay": {"distribution": "uniform", "min_ms": 0,
                                                     "max_ms": rng.choice([5, 10, 20])}, "probability": 0.1},
    ]


@dataclass
class Asset:
    qualified_name: str
    guid: str
    description: str
    state: str = ACTIVE  # ACTIVE | DELETED | PURGED, as last acknowledged


@dataclass
class Client:
    """One client's own assets, as its acknowledged writes left them, and what it saw."""

    number: int
    rng: random.Random
    assets: list[Asset] = field(default_factory=list)
    refused_names: set[str] = field(default_factory=set)
    statuses: Counter[int] = field(default_factory=Counter)
    broken: int = 0
    created: int = 0

    def pick(self, *states: str) -> Asset | None:
        chosen = [a for a in self.assets if a.state in states]
        return self.rng.choice(chosen) if chosen else None


def table(qualified_name: str, description: str, **extra: Any) -> dict[str, Any]:
    name = qualified_name.rsplit("/", 1)[-1]
    return {"typeName": "Table", "attributes": {"qualifiedName": qualified_name, "name": name,
                                                "description": description}, **extra}


async def call(session: aiohttp.ClientSession, client: Client, method: str, path: str,
               **kwargs: Any) -> tuple[int, Any]:
    """(status, JSON body); status 0 for a connection a fault rule broke."""
    try:
        async with session.request(method, path, **kwargs) as response:
            body = await response.json(content_type=None)
            client.statuses[response.status] += 1
            return response.status, body
    except (aiohttp.ClientError, ValueError):
        client.broken += 1
        return 0, None


async def run_client(session: aiohttp.ClientSession, client: Client) -> None:
    for step in range(OPS_PER_CLIENT):
        roll = client.rng.random()
        if roll < 0.30 or not client.assets:
            await create(session, client, step)
        elif roll < 0.45:
            await update(session, client, step)
        elif roll < 0.55:
            await delete(session, client, "SOFT")
        elif roll < 0.62:
            await delete(session, client, client.rng.choice(["HARD", "PURGE"]))
        elif roll < 0.70:
            await restore(session, client)
        elif roll < 0.82:
            await read(session, client)
        else:
            await search(session, client)


async def create(session: aiohttp.ClientSession, client: Client, step: int) -> None:
    names = [f"default/load/{client.number}/db/sc/t{step}-{i}" for i in range(client.rng.randint(1, 3))]
    status, body = await call(session, client, "POST", BULK, json={"entities": [
        table(qn, f"v0 {qn}", guid=f"-{i + 1}") for i, qn in enumerate(names)]})
    if status != 200:
        client.refused_names.update(names)
        return
    assignments = body["guidAssignments"]
    assert len(assignments) == len(names), body
    for i, qn in enumerate(names):
        client.assets.append(Asset(qn, assignments[f"-{i + 1}"], f"v0 {qn}"))
    client.created += len(names)


async def update(session: aiohttp.ClientSession, client: Client, step: int) -> None:
    asset = client.pick(ACTIVE)
    if asset is None:
        return
    description = f"v{step} {asset.qualified_name}"
    status, body = await call(session, client, "POST", BULK, json={"entities": [table(asset.qualified_name, description)]})
    if status == 200:
        [header] = body["mutatedEntities"]["UPDATE"]
        assert header["guid"] == asset.guid, body
        asset.description = description


async def delete(session: aiohttp.ClientSession, client: Client, delete_type: str) -> None:
    asset = client.pick(ACTIVE, DELETED) if delete_type != "SOFT" else client.pick(ACTIVE)
    if asset is None:
        return
    status, _ = await call(session, client, "DELETE", BULK, params={"guid": asset.guid, "deleteType": delete_type})
    if status == 200:
        asset.state = DELETED if delete_type == "SOFT" else PURGED


async def restore(session: aiohttp.ClientSession, client: Client) -> None:
    asset = client.pick(DELETED)
    if asset is None:
        return
    status, body = await call(session, client, "POST", BULK, json={"entities": [
        table(asset.qualified_name, asset.description, status=ACTIVE)]})
    if status == 200:
        asset.state = ACTIVE


async def read(session: aiohttp.ClientSession, client: Client) -> None:
    """A read sees the client's own last acknowledged write (read-your-writes)."""
    asset = client.rng.choice(client.assets)
    status, body = await call(session, client, "GET", f"/api/meta/entity/guid/{asset.guid}")
    if status == 0 or status >= 500:
        return
    if asset.state == PURGED:
        assert status == 404, body
    else:
        assert status == 200, body
        assert body["entity"]["status"] == asset.state
        assert body["entity"]["attributes"]["description"] == asset.description


async def search(session: aiohttp.ClientSession, client: Client) -> None:
    """The client's own assets by prefix: the ACTIVE ones it acknowledged, no more, no fewer."""
    prefix = f"default/load/{client.number}/"
    status, body = await call(session, client, "POST", SEARCH, json={"dsl": {"size": 200, "query": {"bool": {
        "filter": [{"prefix": {"qualifiedName": prefix}}, {"term": {"__state": ACTIVE}}]}}}})
    if status != 200:
        return
    found = {e["guid"] for e in body.get("entities", [])}
    assert found == {a.guid for a in client.assets if a.state == ACTIVE}


async def drive(url: str, clients: list[Client]) -> None:
    connector = aiohttp.TCPConnector(limit=CLIENTS)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(url, connector=connector, timeout=timeout,
                                     headers={"Authorization": f"Bearer {API_KEY}"}) as session:
        await asyncio.gather(*(run_client(session, client) for client in clients))


def store_view(tenant: Tenant) -> dict[str, Any]:
    """The store and the search index, read on the server's thread after everything due has run."""
    tenant.settle()
    return {
        "store": {e.guid: (e.status, e.qualified_name, e.attributes.get("description")) for e in tenant.store},
        "index": {guid: e.status for guid, e in tenant.search.index.entities.items()},
        "rules": [rule.to_dict() for rule in tenant.faults],
        "journal": [entry.to_dict() for entry in tenant.journal.find()],
    }


def search_by_state(session_url: str, state: str) -> tuple[int, set[str]]:
    import httpx

    with httpx.Client(base_url=session_url, headers={"Authorization": f"Bearer {API_KEY}"}, timeout=30) as http:
        body = http.post(SEARCH, json={"dsl": {"size": 10_000, "track_total_hits": True,
                                               "query": {"term": {"__state": state}}}}).json()
    return body["approximateCount"], {e["guid"] for e in body.get("entities", [])}


def test_concurrent_writes_reads_and_searches_under_faults_lose_nothing(fresh: BackgroundServer) -> None:
    rng = random.Random(SEED)
    rules = random_fault_rules(rng)
    fresh.call(lambda: [fresh.tenant.faults.add(rule) for rule in rules])
    clients = [Client(n, random.Random(rng.random())) for n in range(CLIENTS)]

    asyncio.run(drive(fresh.url, clients))

    seen = sum((c.statuses for c in clients), Counter())
    broken = sum(c.broken for c in clients)
    assert sum(seen.values()) + broken > CLIENTS * OPS_PER_CLIENT * 0.9  # few ops found nothing to act on
    view = fresh.call(lambda: store_view(fresh.tenant))
    store, index = view["store"], view["index"]

    # Acknowledged writes are all there, as last acknowledged; refused creates left nothing.
    assert sum(c.created for c in clients) > 1000
    for client in clients:
        for asset in client.assets:
            if asset.state == PURGED:
                assert asset.guid not in store, asset
            else:
                assert store.get(asset.guid) == (asset.state, asset.qualified_name, asset.description), asset
    expected_guids = {a.guid for c in clients for a in c.assets if a.state != PURGED}
    assert set(store) == expected_guids, "the store holds assets no acknowledged create made"
    assert not {qn for c in clients for qn in c.refused_names} & {qn for _, qn, _ in store.values()}

    # The index is the store: same GUIDs, same states; searches by state agree with the store.
    assert set(index) == set(store)
    assert {g: s for g, (s, _, _) in store.items()} == index
    for state in (ACTIVE, DELETED):
        in_store = {g for g, (s, _, _) in store.items() if s == state}
        count, guids = search_by_state(fresh.url, state)
        assert (count, guids) == (len(in_store), in_store), state
    assert any(s == DELETED for s, _, _ in store.values()) and any(s == ACTIVE for s, _, _ in store.values())

    # Every 5xx and every broken connection was a fault rule's doing.
    fired = {rule["id"]: rule for rule in view["rules"]}
    fired_5xx = sum(r["fired"] for r in fired.values() if (r["status"] or 0) >= 500)
    fired_network = sum(r["fired"] for r in fired.values() if r["action"])
    assert sum(n for status, n in seen.items() if status >= 500) == fired_5xx > 0
    journal = view["journal"]
    unasked = [e for e in journal if (e["status"] or 0) >= 500 and e["fault"] is None]
    assert not unasked, unasked[:3]
    cut = [e for e in journal if e["status"] is None]
    assert all(e["fault"] and e["fault"]["action"] for e in cut), [e for e in cut if not e["fault"]][:3]
    assert len(cut) == fired_network > 0
    # aiohttp sends a GET again, once, when a kept-alive connection breaks before any answer
    # (RFC 9112 9.3.1): the clients saw fewer broken connections than the server made, and the
    # journal holds exactly those extra requests.
    retried = fired_network - broken
    assert 0 <= retried < fired_network
    assert len(journal) == sum(seen.values()) + broken + retried
    assert set(seen) <= {200, 404, 429, 500, 502, 503, 504}, seen

