"""Regressions the contracts found (response checks and fuzzing), kept as plain HTTP tests."""

from __future__ import annotations

import httpx

TYPEDEFS = "/api/meta/types/typedefs"


def test_typedefs_never_echo_nulls(api: httpx.Client) -> None:
    r = api.post(TYPEDEFS, json={"businessMetadataDefs": [{"displayName": "RACI", "attributeDefs": None, "options": None}],
                                 "enumDefs": [{"name": "Colour", "description": None, "elementDefs": None}]})
    assert r.status_code == 200, r.text
    assert "attributeDefs" not in r.json()["businessMetadataDefs"][0]
    assert api.get("/api/meta/types/typedef/name/Colour").json() == {"name": "Colour", "category": "ENUM"}


def test_a_rejected_typedefs_request_creates_nothing(api: httpx.Client) -> None:
    before = api.get(TYPEDEFS).json()
    r = api.post(TYPEDEFS, json={"businessMetadataDefs": [{"displayName": "RACI"}],
                                 "classificationDefs": [{"displayName": "PII"}, {"displayName": "PII"}]})
    assert r.status_code == 409 and r.json()["errorCode"] == "ATLAS-409-00-001"
    r = api.post(TYPEDEFS, json={"businessMetadataDefs": [{"displayName": "RACI"}], "enumDefs": [{"name": ""}]})
    assert r.status_code == 400
    assert api.get(TYPEDEFS).json() == before


def test_a_state_document_that_would_render_broken_entities_is_refused(api: httpx.Client) -> None:
    entity = {"guid": "g1", "typeName": "Table", "attributes": {"qualifiedName": "q", "name": "n"}}
    r = api.put("/_emulator/state", json={"entities": [dict(entity, labels=[1])]})
    assert r.status_code == 400 and "$.entities[0].labels[0]" in r.json()["errorMessage"]
    r = api.put("/_emulator/state", json={"entities": [dict(entity, classifications=[{"typeName": "t", "bogus": 1}])]})
    assert r.status_code == 400 and "$.entities[0].classifications[0]" in r.json()["errorMessage"]
    assert api.get("/api/meta/entity/guid/g1").status_code == 404
