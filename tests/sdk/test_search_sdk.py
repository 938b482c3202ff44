"""Index search through the real pyatlan (latest) over a real socket: FluentSearch, count,
paging, bulk paging over more than the 10,000 window, the find_* helpers, data products, and the
SDK flows that search under the hood (tags, terms, get_by_guid with attributes)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from pyatlan.model.assets import (
    Asset,
    AtlasGlossary,
    AtlasGlossaryTerm,
    Connection,
    DataDomain,
    DataProduct,
    Table,
)
from pyatlan.model.enums import AtlanConnectorType, CertificateStatus, SortOrder
from pyatlan.model.fluent_search import CompoundQuery, FluentSearch

QN = "default/snowflake/1700000000/db/sc"


def create_tables(api: httpx.Client, names: list[str], type_name: str = "Table", **attributes: Any) -> dict[str, str]:
    """Tables (or another type) created with one bulk POST; name -> GUID."""
    body = {"entities": [{"typeName": type_name, "guid": f"-{i + 1}",
                          "attributes": {"qualifiedName": f"{QN}/{name}", "name": name, **attributes}}
                         for i, name in enumerate(names)]}
    response = api.post("/api/meta/entity/bulk", json=body)
    assert response.status_code == 200, response.text
    return {e["attributes"]["name"]: e["guid"] for e in response.json()["mutatedEntities"]["CREATE"]}


# --- FluentSearch --------------------------------------------------------------------------------
def test_fluent_search_where_not_some_sort_page_size_and_aggregation(atlan_client, api) -> None:
    names = [f"bt{i:02d}" for i in range(20)]
    guids = create_tables(api, [*names, "other"], description="described")
    create_tables(api, ["bt07"], type_name="View")  # same name, other type
    atlan_client.asset.delete_by_guid(guids["bt02"])  # archived: not ACTIVE any more

    search = (FluentSearch()
              .where(CompoundQuery.active_assets())
              .where(CompoundQuery.asset_type(Table))
              .where_not(Asset.NAME.eq("bt13"))
              .where_some(Asset.NAME.startswith("bt0"))
              .where_some(Asset.NAME.startswith("bt1"))
              .min_somes(1)
              .sort(Asset.NAME.order(SortOrder.DESCENDING))
              .page_size(5)
              .aggregate("type", Asset.TYPE_NAME.bucket_by())
              .include_on_results(Asset.DESCRIPTION))
    results = atlan_client.asset.search(search.to_request())

    expected = sorted(set(names) - {"bt02", "bt13"}, reverse=True)
    assert results.count == 18
    assert [a.name for a in results.current_page()] == expected[:5]
    found = list(results)  # 4 pages of 5, then the empty page that stops pyatlan
    assert [a.name for a in found] == expected
    assert all(isinstance(a, Table) and a.description == "described" for a in found)
    assert {a.guid for a in found} == {guids[n] for n in expected}
    buckets = results.aggregations["type"].buckets
    assert [(b.key, b.doc_count) for b in buckets] == [("table", 18)]


def test_count_and_iterating_more_than_one_page(atlan_client, api) -> None:
    guids = create_tables(api, [f"t{i:03d}" for i in range(45)])
    search = FluentSearch().where(CompoundQuery.asset_type(Table)).page_size(10)
    assert search.count(atlan_client) == 45
    found = [a.guid for a in search.execute(atlan_client)]
    assert found == sorted(guids.values())  # pyatlan sorts by __guid
    assert FluentSearch().where(Asset.NAME.eq("nothing")).count(atlan_client) == 0
    assert list(FluentSearch().where(Asset.NAME.eq("nothing")).execute(atlan_client)) == []


def test_bulk_search_over_12000_assets_returns_each_exactly_once(atlan_emulator, atlan_client, api) -> None:
    created: set[str] = set()
    # 100 per request, and every request's assets share one createTime: a page of 500 then spans
    # several timestamps, so pyatlan pages by `__timestamp >= last` and stays inside the window
    for batch in range(120):
        names = [f"m{batch:03d}_{i:02d}" for i in range(100)]
        created |= set(create_tables(api, names).values())
        atlan_emulator.advance(1)
    assert len(created) == 12_000
    search = FluentSearch().where(CompoundQuery.active_assets()).where(CompoundQuery.asset_type(Table)).page_size(500)
    seen = [a.guid for a in atlan_client.asset.search(search.to_request(), bulk=True)]
    assert len(seen) == 12_000
    assert set(seen) == created


def test_offset_paging_past_the_window_is_a_clear_error(atlan_client, api) -> None:
    create_tables(api, ["w1"])
    request = FluentSearch().where(CompoundQuery.asset_type(Table)).page_size(300).to_request()
    request.dsl.from_ = 9_900
    from pyatlan.errors import InvalidRequestError

    with pytest.raises(InvalidRequestError, match=r"Result window is too large"):
        atlan_client.asset.search(request)


# --- find_* ---------------------------------------------------------------------------------------
def test_find_glossary_and_term_by_name(atlan_client) -> None:
    glossary = atlan_client.asset.save(AtlasGlossary.creator(name="Glossary1")).assets_created(AtlasGlossary)[0]
    other = atlan_client.asset.save(AtlasGlossary.creator(name="Glossary2")).assets_created(AtlasGlossary)[0]
    term = atlan_client.asset.save(AtlasGlossaryTerm.creator(name="Term1", glossary_guid=glossary.guid)
                                   ).assets_created(AtlasGlossaryTerm)[0]
    atlan_client.asset.save(AtlasGlossaryTerm.creator(name="Term1", glossary_guid=other.guid))

    found = atlan_client.asset.find_glossary_by_name("Glossary1")
    assert (found.guid, found.name, found.qualified_name) == (glossary.guid, "Glossary1", glossary.qualified_name)
    found_term = atlan_client.asset.find_term_by_name("Term1", glossary_name="Glossary1")
    assert (found_term.guid, found_term.name) == (term.guid, "Term1")  # not the other glossary's Term1
    from pyatlan.errors import NotFoundError

    with pytest.raises(NotFoundError):
        atlan_client.asset.find_glossary_by_name("Glossary3")


def test_find_connections_by_name(atlan_client) -> None:
    admin = atlan_client.role_cache.get_id_for_name("$admin")
    conn = atlan_client.asset.save(Connection.creator(client=atlan_client, name="conn1",
                                                      connector_type=AtlanConnectorType.SNOWFLAKE,
                                                      admin_roles=[admin])).assets_created(Connection)[0]
    atlan_client.asset.save(Connection.creator(client=atlan_client, name="conn1",
                                               connector_type=AtlanConnectorType.BIGQUERY, admin_roles=[admin]))
    found = atlan_client.asset.find_connections_by_name("conn1", AtlanConnectorType.SNOWFLAKE)
    assert [(c.guid, c.name) for c in found] == [(conn.guid, "conn1")]


def test_find_domain_and_product_by_name_and_product_assets(atlan_client, api) -> None:
    create_tables(api, ["verified1", "verified2"], certificateStatus="VERIFIED")
    create_tables(api, ["draft1"], certificateStatus="DRAFT")
    domain = atlan_client.asset.save(DataDomain.creator(name="Domain1")).assets_created(DataDomain)[0]
    found_domain = atlan_client.asset.find_domain_by_name("Domain1")
    assert (found_domain.guid, found_domain.name) == (domain.guid, "Domain1")

    selection = (FluentSearch()
                 .where(CompoundQuery.active_assets())
                 .where(CompoundQuery.asset_type(Table))
                 .where(Table.CERTIFICATE_STATUS.eq(CertificateStatus.VERIFIED.value))).to_request()
    product = DataProduct.creator(client=atlan_client, name="Product1", asset_selection=selection,
                                  domain_qualified_name=domain.qualified_name)
    created = atlan_client.asset.save(product).assets_created(DataProduct)[0]
    found = atlan_client.asset.find_product_by_name("Product1", attributes=["daapStatus"])
    assert (found.guid, found.name) == (created.guid, "Product1")

    fetched = atlan_client.asset.get_by_guid(created.guid, asset_type=DataProduct)
    assets = fetched.get_assets(atlan_client)
    assert sorted(a.name for a in assets) == ["verified1", "verified2"]
    assert all(a.certificate_status == CertificateStatus.VERIFIED for a in assets)


# --- flows that search under the hood --------------------------------------------------------
def test_add_and_remove_atlan_tag_through_search(atlan_emulator, atlan_client, api) -> None:
    tag_id = atlan_emulator.call(lambda t: t.typedefs.add_tag("PII"))["name"]
    guids = create_tables(api, ["tagged", "plain"])
    qn = f"{QN}/tagged"
    atlan_client.asset.add_atlan_tags(Table, qn, ["PII"])

    by_name = FluentSearch().where(Table.ATLAN_TAGS.eq("PII"))  # the display name, as the docs' DSL sends
    by_id = FluentSearch().where(CompoundQuery.tagged(client=atlan_client, with_one_of=["PII"]))  # the hashed id
    for search in (by_name, by_id):
        found = list(search.execute(atlan_client))
        assert [(a.guid, str(a.atlan_tags[0].type_name)) for a in found] == [(guids["tagged"], "PII")]
    assert atlan_emulator.call(lambda t: [c["typeName"] for c in t.store.get(guids["tagged"]).classifications]) == [
        tag_id]

    atlan_client.asset.remove_atlan_tag(Table, qn, "PII")
    assert list(by_name.execute(atlan_client)) == []
    assert list(by_id.execute(atlan_client)) == []


def test_append_replace_and_remove_terms(atlan_client, api) -> None:
    glossary = atlan_client.asset.save(AtlasGlossary.creator(name="G")).assets_created(AtlasGlossary)[0]
    terms = [atlan_client.asset.save(AtlasGlossaryTerm.creator(name=n, glossary_guid=glossary.guid)
                                     ).assets_created(AtlasGlossaryTerm)[0] for n in ("Revenue", "Cost")]
    revenue, cost = terms
    guid = create_tables(api, ["sales"])["sales"]

    def assigned() -> list[str]:
        asset = atlan_client.asset.get_by_guid(guid, asset_type=Table, attributes=["meanings"])
        return sorted(t.guid for t in asset.assigned_terms or [])

    def tables_with(term: AtlasGlossaryTerm) -> list[str]:
        search = FluentSearch().where(CompoundQuery.assigned_term([term.qualified_name]))
        return [a.guid for a in search.execute(atlan_client)]

    atlan_client.asset.append_terms(Table, [AtlasGlossaryTerm.ref_by_guid(revenue.guid)], guid=guid)
    assert assigned() == [revenue.guid]
    assert tables_with(revenue) == [guid]
    atlan_client.asset.append_terms(Table, [AtlasGlossaryTerm.ref_by_guid(cost.guid)], guid=guid)
    assert assigned() == sorted([revenue.guid, cost.guid])
    atlan_client.asset.replace_terms(Table, [AtlasGlossaryTerm.ref_by_guid(cost.guid)], guid=guid)
    assert assigned() == [cost.guid]
    assert tables_with(revenue) == []
    atlan_client.asset.remove_terms(Table, [AtlasGlossaryTerm.ref_by_guid(cost.guid)], guid=guid)
    assert assigned() == []
    assert tables_with(cost) == []


def test_get_by_guid_and_qualified_name_with_attributes(atlan_client, api) -> None:
    glossary = atlan_client.asset.save(AtlasGlossary.creator(name="Glossary1")).assets_created(AtlasGlossary)[0]
    term = atlan_client.asset.save(AtlasGlossaryTerm.creator(name="Term1", glossary_guid=glossary.guid)
                                   ).assets_created(AtlasGlossaryTerm)[0]
    fetched = atlan_client.asset.get_by_guid(term.guid, asset_type=AtlasGlossaryTerm,
                                             attributes=["anchor", "userDescription"])
    assert fetched.guid == term.guid
    assert fetched.anchor.guid == glossary.guid
    assert fetched.anchor.name == "Glossary1"

    guid = create_tables(api, ["described"], description="hello", userDescription="mine")["described"]
    table = atlan_client.asset.get_by_qualified_name(f"{QN}/described", asset_type=Table,
                                                     attributes=[Table.DESCRIPTION])
    assert (table.guid, table.description, table.user_description) == (guid, "hello", None)  # only what was asked


def test_suggestions_read_aggregations_and_their_source_values(atlan_client, api) -> None:
    """pyatlan's Suggestions: terms buckets on lower-cased keyword values, top_hits for the
    original spelling, owner counts from a multi-valued field."""
    descriptions = ["Orders table", "Orders table", "All orders"]
    create_tables(api, [f"same{i}" for i in range(6)])  # other names: not suggested from
    body = {"entities": [{"typeName": "Table", "guid": f"-{i + 1}", "attributes": {
        "qualifiedName": f"{QN}/dup{i}", "name": "T1", "description": descriptions[i % 3],
        "ownerUsers": ["ann"] if i % 2 else ["bob", "ann"]}} for i in range(6)]}
    assert api.post("/api/meta/entity/bulk", json=body).status_code == 200
    create_tables(api, ["T1x"])
    from pyatlan.model.suggestions import Suggestions

    target = Table.updater(qualified_name=f"{QN}/T1x", name="T1")
    found = (Suggestions().finder(target).include(Suggestions.TYPE.SYSTEM_DESCRIPTION)
             .include(Suggestions.TYPE.INDIVIDUAL_OWNERS).get(atlan_client))
    assert [(s.value, s.count) for s in found.system_descriptions] == [("Orders table", 4), ("All orders", 2)]
    assert [(s.value, s.count) for s in found.owner_users] == [("ann", 6), ("bob", 3)]
