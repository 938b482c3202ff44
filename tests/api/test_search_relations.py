"""How index search renders the relationships a request asks for (``attributes``) and the
attributes of the related assets (``relationAttributes``): list-valued ones with nothing related
are ``[]``, inverse sides show as in GET, user-defined relationships at both ends."""

from __future__ import annotations

from typing import Any

import httpx

from .bulk import save

SEARCH = "/api/meta/search/indexsearch"


def ref(guid: str, type_name: str = "AtlasGlossaryTerm") -> dict[str, Any]:
    return {"typeName": type_name, "guid": guid}


def hits(api: httpx.Client, guids: list[str], attributes: list[str], relation_attributes: list[str]) -> dict[str, Any]:
    body = {"dsl": {"query": {"terms": {"__guid": guids}}, "size": 10},
            "attributes": attributes, "relationAttributes": relation_attributes}
    response = api.post(SEARCH, json=body)
    assert response.status_code == 200, response.text
    return {e["guid"]: e["attributes"] for e in response.json()["entities"]}


def glossary_with_categories(api: httpx.Client) -> dict[str, str]:
    ids = save(api, {"typeName": "AtlasGlossary", "attributes": {"qualifiedName": "g", "name": "G"}})
    anchor = ref(ids["G"], "AtlasGlossary")
    ids |= save(api,
                {"typeName": "AtlasGlossaryCategory", "attributes": {"qualifiedName": "c1", "name": "empty", "anchor": anchor}},
                {"typeName": "AtlasGlossaryCategory", "attributes": {"qualifiedName": "c2", "name": "full", "anchor": anchor}})
    ids |= save(api, {"typeName": "AtlasGlossaryTerm",
                      "attributes": {"qualifiedName": "t1", "name": "term one", "description": "d1", "anchor": anchor,
                                     "categories": [ref(ids["full"], "AtlasGlossaryCategory")]}})
    return ids


def test_a_list_valued_relationship_with_nothing_related_is_an_empty_list(api: httpx.Client) -> None:
    ids = glossary_with_categories(api)
    found = hits(api, [ids["empty"], ids["full"]], ["terms", "childrenCategories", "parentCategory"], ["name"])
    assert found[ids["empty"]]["terms"] == []
    assert found[ids["empty"]]["childrenCategories"] == []
    assert "parentCategory" not in found[ids["empty"]]  # a single-valued one stays absent
    assert "terms" in found[ids["full"]]


def test_related_assets_carry_the_requested_relation_attributes(api: httpx.Client) -> None:
    ids = glossary_with_categories(api)
    found = hits(api, [ids["full"]], ["terms"], ["name", "description"])
    (term,) = found[ids["full"]]["terms"]
    assert term["guid"] == ids["term one"]
    assert term["typeName"] == "AtlasGlossaryTerm"
    assert term["attributes"] == {"name": "term one", "description": "d1"}
    assert term["uniqueAttributes"] == {"qualifiedName": "t1"}


def test_a_user_defined_relationship_shows_at_both_ends_in_search_and_get(api: httpx.Client) -> None:
    ids = save(api, {"typeName": "AtlasGlossary", "attributes": {"qualifiedName": "g", "name": "G"}})
    anchor = ref(ids["G"], "AtlasGlossary")
    ids |= save(api, *({"typeName": "AtlasGlossaryTerm", "attributes": {"qualifiedName": n, "name": n, "anchor": anchor}}
                       for n in ("a", "b", "c")))
    # a -> b saved on a; c -> a saved on a's other end (c's userDefRelationshipFrom names a)
    save(api, {"typeName": "AtlasGlossaryTerm", "guid": ids["a"],
               "attributes": {"qualifiedName": "a", "name": "a", "anchor": anchor, "userDefRelationshipTo": [ref(ids["b"])]}},
         {"typeName": "AtlasGlossaryTerm", "guid": ids["c"],
          "attributes": {"qualifiedName": "c", "name": "c", "anchor": anchor, "userDefRelationshipFrom": [ref(ids["a"])]}})
    found = hits(api, [ids["a"], ids["b"], ids["c"]], ["userDefRelationshipTo", "userDefRelationshipFrom"], ["name"])

    def names(guid: str, attribute: str) -> list[str]:
        return sorted(r["attributes"]["name"] for r in found[guid][attribute])

    assert names(ids["a"], "userDefRelationshipTo") == ["b", "c"]
    assert names(ids["a"], "userDefRelationshipFrom") == []
    assert names(ids["b"], "userDefRelationshipFrom") == ["a"]
    assert names(ids["b"], "userDefRelationshipTo") == []
    assert names(ids["c"], "userDefRelationshipFrom") == ["a"]
    for guid, expected in ((ids["a"], {"b", "c"}), (ids["c"], set())):
        got = api.get(f"/api/meta/entity/guid/{guid}").json()["entity"]["relationshipAttributes"]
        assert {r["guid"] for r in got.get("userDefRelationshipTo", [])} == {ids[n] for n in expected}
    got = api.get(f"/api/meta/entity/guid/{ids['b']}").json()["entity"]["relationshipAttributes"]
    assert [r["guid"] for r in got["userDefRelationshipFrom"]] == [ids["a"]]


def test_an_attribute_that_is_no_relationship_of_the_type_stays_absent(api: httpx.Client) -> None:
    ids = glossary_with_categories(api)
    found = hits(api, [ids["term one"]], ["columns", "terms", "categories"], ["name"])
    attributes = found[ids["term one"]]
    assert "columns" not in attributes and "terms" not in attributes  # not relationships of a term
    assert [r["guid"] for r in attributes["categories"]] == [ids["full"]]


def test_the_attributes_of_a_relationship_come_back_when_asked_for(api: httpx.Client) -> None:
    ids = save(api, {"typeName": "AtlasGlossary", "attributes": {"qualifiedName": "g", "name": "G"}})
    anchor = ref(ids["G"], "AtlasGlossary")
    ids |= save(api, *({"typeName": "AtlasGlossaryTerm", "attributes": {"qualifiedName": n, "name": n, "anchor": anchor}}
                       for n in ("a", "b")))
    labels = {"typeName": "UserDefRelationship", "attributes": {"toTypeLabel": "uses", "fromTypeLabel": "used by"}}
    save(api, {"typeName": "AtlasGlossaryTerm", "guid": ids["a"],
               "attributes": {"qualifiedName": "a", "name": "a", "anchor": anchor,
                              "userDefRelationshipTo": [dict(ref(ids["b"]), relationshipAttributes=labels,
                                                             relationshipType="UserDefRelationship")]}})
    body = {"dsl": {"query": {"terms": {"__guid": [ids["a"], ids["b"]]}}},
            "attributes": ["userDefRelationshipTo", "userDefRelationshipFrom", "anchor"], "relationAttributes": ["name"]}
    plain = {e["guid"]: e["attributes"] for e in api.post(SEARCH, json=body).json()["entities"]}
    assert plain[ids["a"]]["userDefRelationshipTo"][0]["attributes"] == {"name": "b"}  # not asked for: left out

    asked = api.post(SEARCH, json=dict(body, includeRelationshipAttributes=True)).json()["entities"]
    found = {e["guid"]: e["attributes"] for e in asked}
    assert found[ids["a"]]["userDefRelationshipTo"][0]["attributes"] == {"name": "b", "relationshipAttributes": labels}
    assert found[ids["b"]]["userDefRelationshipFrom"][0]["attributes"] == {"name": "a", "relationshipAttributes": labels}
    assert "relationshipAttributes" not in found[ids["a"]]["anchor"]["attributes"]  # an edge without attributes

    # kept in the tenant's state like the rest of the asset
    state = api.get("/_emulator/state").json()
    (stored,) = [e for e in state["entities"] if e["guid"] == ids["a"]]
    assert stored["edgeAttributes"] == {f"userDefRelationshipTo|{ids['b']}": labels}
    assert api.put("/_emulator/state", json=state).status_code in (200, 204)
    again = {e["guid"]: e["attributes"] for e in api.post(SEARCH, json=dict(body, includeRelationshipAttributes=True)).json()["entities"]}
    assert again == found

    # replacing the relationship forgets the old edge's attributes
    save(api, {"typeName": "AtlasGlossaryTerm", "guid": ids["a"],
               "attributes": {"qualifiedName": "a", "name": "a", "anchor": anchor, "userDefRelationshipTo": [ref(ids["b"])]}})
    after = {e["guid"]: e["attributes"] for e in api.post(SEARCH, json=dict(body, includeRelationshipAttributes=True)).json()["entities"]}
    assert after[ids["a"]]["userDefRelationshipTo"][0]["attributes"] == {"name": "b"}


def test_an_internal_field_asked_for_as_an_attribute_has_its_one_value(api: httpx.Client) -> None:
    qn = "default/snowflake/1/db/sc"
    ids = save(api, *({"typeName": "Table", "attributes": {"qualifiedName": f"{qn}/{n}", "name": n}} for n in ("t1", "t2")))
    save(api, {"typeName": "Process", "attributes": {"qualifiedName": f"{qn}/p", "name": "p",
                                                     "inputs": [ref(ids["t1"], "Table")], "outputs": [ref(ids["t2"], "Table")]}})
    found = hits(api, [ids["t1"]], ["__hasLineage", "__state", "__typeName", "__superTypeNames"], [])
    attributes = found[ids["t1"]]
    assert attributes["__hasLineage"] is True
    assert attributes["__state"] == "ACTIVE"
    assert attributes["__typeName"] == "Table"
    assert "Asset" in attributes["__superTypeNames"]


def test_an_appended_relationship_keeps_its_attributes_and_the_others_theirs(api: httpx.Client) -> None:
    ids = save(api, {"typeName": "AtlasGlossary", "attributes": {"qualifiedName": "g", "name": "G"}})
    anchor = ref(ids["G"], "AtlasGlossary")
    ids |= save(api, *({"typeName": "AtlasGlossaryTerm", "attributes": {"qualifiedName": n, "name": n, "anchor": anchor}}
                       for n in ("a", "b", "c")))

    def labels(to: str) -> dict[str, Any]:
        return {"typeName": "UserDefRelationship", "attributes": {"toTypeLabel": to, "fromTypeLabel": f"not {to}"}}

    for target in ("b", "c"):
        save(api, {"typeName": "AtlasGlossaryTerm", "guid": ids["a"],
                   "attributes": {"qualifiedName": "a", "name": "a", "anchor": anchor},
                   "appendRelationshipAttributes": {"userDefRelationshipTo": [
                       dict(ref(ids[target]), relationshipAttributes=labels(target))]}})
    body = {"dsl": {"query": {"term": {"__guid": ids["a"]}}}, "attributes": ["userDefRelationshipTo"],
            "relationAttributes": ["name"], "includeRelationshipAttributes": True}
    (term,) = api.post(SEARCH, json=body).json()["entities"]
    shown = {r["attributes"]["name"]: r["attributes"]["relationshipAttributes"] for r in term["attributes"]["userDefRelationshipTo"]}
    assert shown == {"b": labels("b"), "c": labels("c")}
