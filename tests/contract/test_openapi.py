"""GET /_emulator/openapi.json: an OpenAPI 3.1 document built from contracts/, valid against the
OpenAPI 3.1 meta-schema, self-contained (its $refs resolve inside it), covering the routes the
app serves."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DATA = Path(__file__).parent / "data"


def test_openapi_document_is_valid_openapi_3_1(api: httpx.Client) -> None:
    r = api.get("/_emulator/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    assert doc["openapi"].startswith("3.1")
    validate(doc)  # raises on any violation of the OpenAPI 3.1 meta-schema
    bulk = doc["paths"]["/api/meta/entity/bulk"]
    assert set(bulk) >= {"get", "post", "delete"}
    post = bulk["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/entity.bulk-post.request"}
    assert {p["name"] for p in post["parameters"]} >= {"replaceTags", "appendTags"}
    guid = doc["paths"]["/api/meta/entity/guid/{guid}"]["get"]
    assert {"name": "guid", "in": "path", "required": True, "schema": {"type": "string"}} in guid["parameters"]
    assert "requestBody" not in guid


def test_openapi_schemas_resolve_inside_the_document(api: httpx.Client) -> None:
    doc = api.get("/_emulator/openapi.json").json()
    refs = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref":
                    refs.add(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc)
    for ref in refs:
        assert ref.startswith("#/components/schemas/"), ref
        node: object = doc
        for part in ref[2:].split("/"):
            assert isinstance(node, dict) and part in node, f"{ref} does not resolve"
            node = node[part]
    # A recorded real answer validates against the document's own component schema.
    uri = "urn:openapi"
    registry = Registry().with_resource(uri, Resource.from_contents(doc, default_specification=DRAFT202012))
    recorded = json.loads((DATA / "pyatlan" / "asset_mutated_response_update.json").read_text())
    validator = Draft202012Validator({"$ref": f"{uri}#/components/schemas/entity.bulk-post.response"}, registry=registry)
    assert list(validator.iter_errors(recorded)) == []
    assert list(validator.iter_errors({"mutatedEntities": {"DELETE": [{"typeName": "T", "status": "PURGED"}]}}))
