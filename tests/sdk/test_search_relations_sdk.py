"""Relationships in search results through the real pyatlan (latest): get_hierarchy with the
categories' terms and their names, both ends of a user-defined relationship with its labels, and
has_lineage asked for on results."""

from __future__ import annotations

import httpx
import pytest
from pyatlan.model.assets import Asset, AtlasGlossary, AtlasGlossaryCategory, AtlasGlossaryTerm, Table
from pyatlan.model.assets.relations import UserDefRelationship
from pyatlan.model.enums import SaveSemantic
from pyatlan.model.fluent_search import FluentSearch


@pytest.fixture
def glossary(atlan_client) -> AtlasGlossary:
    return atlan_client.asset.save(AtlasGlossary.creator(name="Hierarchy")).assets_created(AtlasGlossary)[0]


def test_get_hierarchy_renders_terms_and_their_names(atlan_client, glossary: AtlasGlossary) -> None:
    top = AtlasGlossaryCategory.creator(name="top", anchor=glossary)
    top = atlan_client.asset.save(top).assets_created(AtlasGlossaryCategory)[0]
    mid = AtlasGlossaryCategory.creator(name="mid", anchor=glossary, parent_category=top)
    mid = atlan_client.asset.save(mid).assets_created(AtlasGlossaryCategory)[0]
    term = AtlasGlossaryTerm.creator(name="revenue", glossary_guid=glossary.guid,
                                     categories=[AtlasGlossaryCategory.ref_by_guid(mid.guid)])
    atlan_client.asset.save(term)

    hierarchy = atlan_client.asset.get_hierarchy(glossary, attributes=[AtlasGlossaryCategory.TERMS],
                                                 related_attributes=[AtlasGlossaryTerm.NAME])

    assert [c.name for c in hierarchy.root_categories] == ["top"]
    without_terms = hierarchy.get_category(top.guid)
    assert without_terms.terms == []
    with_term = hierarchy.get_category(mid.guid)
    assert [t.name for t in with_term.terms] == ["revenue"]
    assert [c.name for c in hierarchy.breadth_first] == ["top", "mid"]


def source_and_target(atlan_client, glossary: AtlasGlossary) -> tuple[AtlasGlossaryTerm, AtlasGlossaryTerm,
                                                                       AtlasGlossaryTerm]:
    """Two new terms of the glossary, and an updater of the first (to relate it to the second)."""
    created = atlan_client.asset.save([AtlasGlossaryTerm.creator(name=n, glossary_guid=glossary.guid)
                                       for n in ("source", "target")]).assets_created(AtlasGlossaryTerm)
    source, target = sorted(created, key=lambda t: t.name)
    update = AtlasGlossaryTerm.updater(qualified_name=source.qualified_name, name=source.name,
                                       glossary_guid=glossary.guid)
    return source, target, update


def test_search_shows_both_ends_of_a_user_defined_relationship(atlan_client, glossary: AtlasGlossary) -> None:
    source, target, update = source_and_target(atlan_client, glossary)
    relationship = UserDefRelationship(from_type_label="is used by", to_type_label="uses")
    update.user_def_relationship_to = [relationship.user_def_relationship_to(AtlasGlossaryTerm.ref_by_guid(target.guid))]
    atlan_client.asset.save(update)

    results = (FluentSearch().where_some(AtlasGlossaryTerm.GUID.eq(source.guid))
               .where_some(AtlasGlossaryTerm.GUID.eq(target.guid))
               .include_on_results(AtlasGlossaryTerm.USER_DEF_RELATIONSHIP_TO)
               .include_on_results(AtlasGlossaryTerm.USER_DEF_RELATIONSHIP_FROM)
               .include_relationship_attributes(True)
               .execute(client=atlan_client))
    by_guid = {asset.guid: asset for asset in results}

    assert [a.guid for a in by_guid[source.guid].user_def_relationship_to] == [target.guid]
    assert by_guid[source.guid].user_def_relationship_from == []
    assert [a.guid for a in by_guid[target.guid].user_def_relationship_from] == [source.guid]
    assert by_guid[target.guid].user_def_relationship_to == []
    for end in (by_guid[source.guid].user_def_relationship_to[0], by_guid[target.guid].user_def_relationship_from[0]):
        assert end.attributes.relationship_attributes == relationship  # the labels, seen from either end
    read = atlan_client.asset.get_by_guid(target.guid, AtlasGlossaryTerm, ignore_relationships=False)
    assert [a.guid for a in read.user_def_relationship_from] == [source.guid]


def test_has_lineage_asked_for_on_results_parses_as_a_flag(atlan_client, atlan_emulator) -> None:
    qn = "default/snowflake/1/db/sc"
    tables = [{"typeName": "Table", "guid": f"-{i}", "attributes": {"qualifiedName": f"{qn}/{n}", "name": n}}
              for i, n in ((1, "src"), (2, "dst"), (3, "alone"))]
    process = {"typeName": "Process", "guid": "-4", "attributes": {
        "qualifiedName": f"{qn}/p", "name": "p", "inputs": [{"typeName": "Table", "guid": "-1"}],
        "outputs": [{"typeName": "Table", "guid": "-2"}]}}
    response = httpx.post(f"{atlan_emulator.url}/api/meta/entity/bulk", json={"entities": [*tables, process]},
                          headers={"Authorization": f"Bearer {atlan_emulator.api_key}"})
    assert response.status_code == 200, response.text

    results = (FluentSearch().where(Table.QUALIFIED_NAME.startswith(qn)).where(Asset.TYPE_NAME.eq("Table"))
               .include_on_results(Asset.HAS_LINEAGE).execute(client=atlan_client))
    assert {t.name: t.has_lineage for t in results} == {"src": True, "dst": True, "alone": False}


def test_an_appended_user_defined_relationship_keeps_its_labels(atlan_client, glossary: AtlasGlossary) -> None:
    source, target, update = source_and_target(atlan_client, glossary)
    relationship = UserDefRelationship(from_type_label="is fed by", to_type_label="feeds")
    update.user_def_relationship_to = [relationship.user_def_relationship_to(
        AtlasGlossaryTerm.ref_by_guid(target.guid), semantic=SaveSemantic.APPEND)]
    atlan_client.asset.save(update)

    (found,) = (FluentSearch().where(AtlasGlossaryTerm.GUID.eq(target.guid))
                .include_on_results(AtlasGlossaryTerm.USER_DEF_RELATIONSHIP_FROM)
                .include_relationship_attributes(True).execute(client=atlan_client))
    (end,) = found.user_def_relationship_from
    assert end.guid == source.guid
    assert end.attributes.relationship_attributes == relationship
