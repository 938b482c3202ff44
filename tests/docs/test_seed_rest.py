"""Every raw REST example of seeds 000, 002 and 003 with its exact method, URL and body (the
``// (n)`` annotations stripped), against the docs dataset, asserting the documented outcome.

Where a printed body is not valid JSON as it stands (a trailing comma, ``{ ... }`` placeholders)
the test sends it verbatim first and expects a clear 400 that changes nothing, then sends the
smallest repair of it and expects what the page describes.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from . import seed_rest

pytestmark = pytest.mark.atlan_emulator(dataset="docs", clock="virtual")

_ANNOTATION = re.compile(r"\s*// \(\d+\)")


def send(api: httpx.Client, example: tuple[str, str], body: str | None = None) -> httpx.Response:
    head, printed = example
    method, url = head.split(" ", 1)
    text = _ANNOTATION.sub("", printed if body is None else body).strip()
    if not text:
        return api.request(method, url)
    return api.request(method, url, content=text.encode(), headers={"Content-Type": "application/json"})


def state_of(atlan_emulator, guid: str) -> str | None:
    atlan_emulator.call(lambda tenant: tenant.settle())
    return atlan_emulator.call(lambda tenant: getattr(tenant.store.get(guid), "status", None))


def deleted_guids(response: httpx.Response) -> set[str]:
    return {e["guid"] for e in response.json()["mutatedEntities"]["DELETE"]}


# --- seed 000 -------------------------------------------------------------------------------------

def test_000_soft_delete_by_guid(api: httpx.Client, atlan_emulator) -> None:
    r = send(api, seed_rest.S000_1)
    assert r.status_code == 200, r.text
    assert "b4113341-251b-4adc-81fb-2420501c30e6" in deleted_guids(r)
    assert state_of(atlan_emulator, "b4113341-251b-4adc-81fb-2420501c30e6") == "DELETED"


def test_000_purge_by_guid(api: httpx.Client, atlan_emulator) -> None:
    r = send(api, seed_rest.S000_2)
    assert r.status_code == 200, r.text
    assert "b4113341-251b-4adc-81fb-2420501c30e6" in deleted_guids(r)
    assert state_of(atlan_emulator, "b4113341-251b-4adc-81fb-2420501c30e6") is None


def test_000_bulk_soft_delete_with_repeated_guid_parameters(api: httpx.Client, atlan_emulator) -> None:
    glossaries = ["b4113341-251b-4adc-81fb-2420501c30e6", "21e5be62-7a0b-4547-ab7a-6ddf273d0640",
                  "a0fb35e5-690d-4a5b-8918-9ee267c8fa55"]
    r = send(api, seed_rest.S000_3)
    assert r.status_code == 200, r.text
    assert set(glossaries) <= deleted_guids(r)
    assert [state_of(atlan_emulator, g) for g in glossaries] == ["DELETED"] * 3


# --- seed 002 -------------------------------------------------------------------------------------

def test_002_create_a_data_product_under_the_super_domain(api: httpx.Client, atlan_emulator) -> None:
    r = send(api, seed_rest.S002_1)
    assert r.status_code == 200, r.text
    created = r.json()["mutatedEntities"]["CREATE"]
    assert [e["typeName"] for e in created] == ["DataProduct"]
    product = atlan_emulator.call(lambda t: t.store.find(
        "DataProduct", "default/domain/8S8vbC9hT6iPLMY2ydXqf/super/product/marketingInfluence"))
    domain = atlan_emulator.call(lambda t: t.store.find("DataDomain", "default/domain/8S8vbC9hT6iPLMY2ydXqf/super"))
    assert product.guid == created[0]["guid"]
    assert product.relationships["dataDomain"] == domain.guid
    assert json.loads(product.attributes["dataProductAssetsDSL"])["filterScrubbed"] is True


def test_002_find_a_data_product_by_name(api: httpx.Client) -> None:
    r = send(api, seed_rest.S002_2)
    assert r.status_code == 200, r.text
    entities = r.json()["entities"]
    assert [e["guid"] for e in entities] == ["49abc625-9a03-4733-bdfb-ec0cb5315cac"]
    assert entities[0]["attributes"]["certificateStatus"] == "VERIFIED"


def _repaired_trailing_comma(printed: str) -> str:
    return re.sub(r",(\s*(?:// \(\d+\)\s*)?[\]}])", r"\1", printed)


def test_002_list_a_products_assets(api: httpx.Client) -> None:
    # As printed, "attributes" ends with a trailing comma: not JSON, refused without effect.
    assert send(api, seed_rest.S002_3).status_code == 400
    r = send(api, seed_rest.S002_3, _repaired_trailing_comma(seed_rest.S002_3[1]))
    assert r.status_code == 200, r.text
    body = r.json()
    names = {e["attributes"]["name"] for e in body["entities"]}
    assert {"CAMPAIGNS", "CUSTOMERS", "WEB_EVENTS", "ORDERS"} <= names  # active tables, docs' and generated
    assert all(e["typeName"] == "Table" and e["status"] == "ACTIVE" for e in body["entities"])
    assert body["approximateCount"] >= len(body["entities"])


def test_002_update_a_data_product(api: httpx.Client, atlan_emulator) -> None:
    before = api.get("/_emulator/state").json()
    # As printed, the last attribute ends with a trailing comma: not JSON, so a 400 and no change.
    assert send(api, seed_rest.S002_4).status_code == 400
    assert api.get("/_emulator/state").json() == before
    r = send(api, seed_rest.S002_4, _repaired_trailing_comma(seed_rest.S002_4[1]))
    assert r.status_code == 200, r.text
    updated = r.json()["mutatedEntities"]["UPDATE"]
    assert [e["guid"] for e in updated] == ["49abc625-9a03-4733-bdfb-ec0cb5315cac"]
    product = atlan_emulator.call(lambda t: t.store.get("49abc625-9a03-4733-bdfb-ec0cb5315cac"))
    assert product.attributes["userDescription"] == "Now with a description!"
    assert product.attributes["name"] == "Marketing Influence"
    assert '"Digital Marketing"' in product.attributes["dataProductAssetsDSL"]


def test_002_soft_delete_a_data_product(api: httpx.Client, atlan_emulator) -> None:
    r = send(api, seed_rest.S002_5)
    assert r.status_code == 200, r.text
    assert deleted_guids(r) == {"218c8144-dc39-43a5-b0c0-9eeb4d11e74a"}
    assert state_of(atlan_emulator, "218c8144-dc39-43a5-b0c0-9eeb4d11e74a") == "DELETED"


def test_002_purge_a_data_product(api: httpx.Client, atlan_emulator) -> None:
    r = send(api, seed_rest.S002_6)
    assert r.status_code == 200, r.text
    assert deleted_guids(r) == {"218c8144-dc39-43a5-b0c0-9eeb4d11e74a"}
    assert state_of(atlan_emulator, "218c8144-dc39-43a5-b0c0-9eeb4d11e74a") is None


# --- seed 003 -------------------------------------------------------------------------------------

ARCHIVED = "gsNccqJraDZqM6WyGP3ea@FzCMyPR2LxkPFgr8eNGrq"


def _term(atlan_emulator, qualified_name: str) -> Any:
    return atlan_emulator.call(lambda t: t.store.find("AtlasGlossaryTerm", qualified_name))


def test_003_restore_an_archived_term_by_qualified_name(api: httpx.Client, atlan_emulator) -> None:
    term = _term(atlan_emulator, ARCHIVED)
    assert term.status == "DELETED"
    r = send(api, seed_rest.S003_1)
    assert r.status_code == 200, r.text
    assert [e["guid"] for e in r.json()["mutatedEntities"]["UPDATE"]] == [term.guid]
    assert _term(atlan_emulator, ARCHIVED).status == "ACTIVE"


def test_003_restore_in_bulk(api: httpx.Client, atlan_emulator) -> None:
    printed = seed_rest.S003_2[1]
    # The "{ ... }" entries stand for more assets: as printed the body is not JSON.
    assert send(api, seed_rest.S003_2).status_code == 400
    assert _term(atlan_emulator, ARCHIVED).status == "DELETED"
    body = re.sub(r"\s*\{ \.\.\. \},?", "", printed.replace("}     { ... }", "},     { ... }"))
    body = _repaired_trailing_comma(body)
    r = send(api, seed_rest.S003_2, body)
    assert r.status_code == 200, r.text
    mutated = r.json()["mutatedEntities"]
    # The first entity restores the archived term; "..." matches no asset, so (as the page
    # warns) it creates a new term instead of restoring one. That new term's anchor is a new
    # relationship of the glossary, which Atlas reports as updated too, after the request's assets.
    assert _term(atlan_emulator, ARCHIVED).status == "ACTIVE"
    glossary = "51a28d46-b700-4c9d-807d-397f25f2b6d6"
    assert [e["guid"] for e in mutated["UPDATE"]] == [_term(atlan_emulator, ARCHIVED).guid, glossary]
    assert [e["attributes"]["name"] for e in mutated["CREATE"]] == ["Another Example"]
    assert _term(atlan_emulator, "...").status == "ACTIVE"
