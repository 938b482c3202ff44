"""Malformed requests: each a 4xx in the API's error shape, and the store unchanged after each."""

from __future__ import annotations

import httpx
import pytest

BULK = "/api/meta/entity/bulk"
SEEDED_QN = "default/snowflake/1/db/sc/seeded"


def entity(**overrides):
    base = {"typeName": "Table", "attributes": {"qualifiedName": "default/snowflake/1/db/sc/new", "name": "new"}}
    base.update(overrides)
    return base


MALFORMED = [
    ("POST", BULK, {}, b"{not json", 400),
    ("POST", BULK, {}, b"", 400),
    ("POST", BULK, {}, b"\xff\xfe\x00", 400),
    ("POST", BULK, {}, b"[]", 400),
    ("POST", BULK, {}, b'{"entities": {}}', 400),
    ("POST", BULK, {}, b'{"entities": []}', 400),
    ("POST", BULK, {}, b'{"entities": [42]}', 400),
    ("POST", BULK, {}, {"entities": [{"attributes": {"qualifiedName": "x", "name": "x"}}]}, 400),
    ("POST", BULK, {}, {"entities": [entity(typeName="NoSuchType")]}, 404),
    ("POST", BULK, {}, {"entities": [entity(attributes="oops")]}, 400),
    ("POST", BULK, {}, {"entities": [entity(attributes={"name": "no-qn"})]}, 400),
    ("POST", BULK, {}, {"entities": [entity(attributes={"qualifiedName": "q/no-name"})]}, 400),
    ("POST", BULK, {}, {"entities": [entity(attributes={"qualifiedName": 12, "name": "x"})]}, 400),
    ("POST", BULK, {}, {"entities": [entity(status="PURGED")]}, 400),
    ("POST", BULK, {}, {"entities": [entity(classifications="PII")]}, 400),
    ("POST", BULK, {}, {"entities": [entity(bogusField=1)]}, 400),
    ("POST", BULK, {"replaceTags": "maybe"}, {"entities": [entity()]}, 400),
    ("POST", BULK, {}, {"entities": [entity(), {"typeName": "AtlasGlossaryTerm", "attributes": {"qualifiedName": "-5", "name": "t"}}]}, 400),
    ("POST", BULK, {}, {"entities": [entity(relationshipAttributes={"atlanSchema": "not-a-ref"})]}, 400),
    ("POST", BULK, {}, {"entities": [entity(guid="6a3a2b9e-0000-4000-8000-000000000000", attributes={"name": "x"})]}, 404),
    ("DELETE", BULK, {}, None, 400),
    ("DELETE", BULK, {"guid": ""}, None, 400),
    ("DELETE", BULK, {"guid": "x", "deleteType": "SOMETIMES"}, None, 400),
    ("GET", "/api/meta/entity/guid/00000000-dead-beef-0000-000000000000", {}, None, 404),
    ("GET", "/api/meta/entity/guid/abc", {"ignoreRelationships": "yes"}, None, 400),
    ("GET", "/api/meta/entity/uniqueAttribute/type/Table", {}, None, 400),
    ("GET", "/api/meta/entity/uniqueAttribute/type/NoSuchType", {"attr:qualifiedName": "x"}, None, 404),
    ("PUT", "/api/meta/entity/uniqueAttribute/type/Table", {"attr:qualifiedName": "missing"}, {"entity": {"attributes": {}}}, 404),
    ("PUT", "/api/meta/entity/uniqueAttribute/type/Table", {"attr:qualifiedName": SEEDED_QN}, {"attributes": {}}, 400),
    ("GET", "/api/meta/types/typedefs", {"type": "NOPE"}, None, 400),
    ("GET", "/api/service/users", {"offset": "-1"}, None, 400),
    ("GET", "/api/service/roles", {"filter": "{bad"}, None, 400),
    ("GET", "/api/meta/no/such/route", {}, None, 404),
    ("PATCH", BULK, {}, None, 405),
]


@pytest.mark.parametrize(("method", "path", "params", "body", "status"), MALFORMED,
                         ids=[f"{i:02d}-{m} {p}" for i, (m, p, *_rest) in enumerate(MALFORMED)])
def test_bad_input_is_a_clear_4xx_and_changes_nothing(api: httpx.Client, method, path, params, body, status) -> None:
    api.post(BULK, json={"entities": [entity(attributes={"qualifiedName": SEEDED_QN, "name": "seeded"})]})
    before = api.get("/_emulator/state").json()
    kwargs = {"content": body} if isinstance(body, bytes) else ({"json": body} if body is not None else {})
    r = api.request(method, path, params=params, **kwargs)
    assert r.status_code == status, r.text
    error = r.json()
    assert error["errorCode"].startswith(f"ATLAS-{status}")
    assert len(error["errorMessage"]) > 10
    assert api.get("/_emulator/state").json() == before
