"""The real pyatlan (latest) against the emulator over a real socket: create, read, update,
archive, restore and purge, as SDK users write it."""

from __future__ import annotations

import pytest
from pyatlan.errors import NotFoundError
from pyatlan.model.assets import AtlasGlossary, AtlasGlossaryTerm, Connection, Database, Schema, Table
from pyatlan.model.enums import AtlanConnectorType, CertificateStatus


@pytest.fixture
def glossary(atlan_client) -> AtlasGlossary:
    response = atlan_client.asset.save(AtlasGlossary.creator(name="Glossary1"))
    return response.assets_created(asset_type=AtlasGlossary)[0]


@pytest.fixture
def table(atlan_client) -> Table:
    admin = atlan_client.role_cache.get_id_for_name("$admin")
    connection = Connection.creator(client=atlan_client, name="conn1", connector_type=AtlanConnectorType.SNOWFLAKE,
                                    admin_roles=[admin])
    connection = atlan_client.asset.save(connection).assets_created(asset_type=Connection)[0]
    database = Database.creator(name="db1", connection_qualified_name=connection.qualified_name)
    database = atlan_client.asset.save(database).assets_created(asset_type=Database)[0]
    schema = Schema.creator(name="sc1", database_qualified_name=database.qualified_name)
    table = Table.creator(name="tbl1", schema_qualified_name=f"{database.qualified_name}/sc1")
    response = atlan_client.asset.save([schema, table])
    assert len(response.assets_created(asset_type=Schema)) == 1
    return response.assets_created(asset_type=Table)[0]


def test_glossary_and_term_round_trip(atlan_client, glossary) -> None:
    assert glossary.guid and not glossary.qualified_name.startswith("-")
    term = AtlasGlossaryTerm.creator(name="Term1", glossary_guid=glossary.guid)
    term = atlan_client.asset.save(term).assets_created(asset_type=AtlasGlossaryTerm)[0]
    assert term.qualified_name.endswith("@" + glossary.qualified_name)
    by_guid = atlan_client.asset.get_by_guid(term.guid, asset_type=AtlasGlossaryTerm, ignore_relationships=False)
    assert by_guid.name == "Term1"
    assert by_guid.anchor.guid == glossary.guid
    by_qn = atlan_client.asset.get_by_qualified_name(qualified_name=glossary.qualified_name, asset_type=AtlasGlossary)
    assert by_qn.guid == glossary.guid


def test_connection_hierarchy_round_trip(atlan_client, table) -> None:
    fetched = atlan_client.asset.get_by_qualified_name(qualified_name=table.qualified_name, asset_type=Table,
                                                       ignore_relationships=False)
    assert fetched.guid == table.guid
    assert fetched.atlan_schema.qualified_name == table.qualified_name.rsplit("/", 1)[0]
    assert fetched.connection_qualified_name == table.qualified_name.rsplit("/", 3)[0]


def test_update_description_and_certificate(atlan_client, table) -> None:
    updater = Table.updater(qualified_name=table.qualified_name, name="tbl1")
    updater.description = "now described"
    updated = atlan_client.asset.save(updater).assets_updated(asset_type=Table)
    assert [t.guid for t in updated] == [table.guid]
    certified = atlan_client.asset.update_certificate(asset_type=Table, qualified_name=table.qualified_name,
                                                      name="tbl1", certificate_status=CertificateStatus.VERIFIED,
                                                      message="ok")
    assert certified.certificate_status == CertificateStatus.VERIFIED
    fetched = atlan_client.asset.get_by_guid(table.guid, asset_type=Table)
    assert fetched.description == "now described"
    assert fetched.certificate_status == CertificateStatus.VERIFIED


def test_archive_restore_purge(atlan_client, table) -> None:
    deleted = atlan_client.asset.delete_by_guid(table.guid).assets_deleted(asset_type=Table)
    assert [t.guid for t in deleted] == [table.guid]
    assert atlan_client.asset.get_by_guid(table.guid, asset_type=Table).status == "DELETED"
    assert atlan_client.asset.restore(asset_type=Table, qualified_name=table.qualified_name) is True
    assert atlan_client.asset.get_by_guid(table.guid, asset_type=Table).status == "ACTIVE"
    purged = atlan_client.asset.purge_by_guid(table.guid).assets_deleted(asset_type=Table)
    assert [t.guid for t in purged] == [table.guid]
    with pytest.raises(NotFoundError):
        atlan_client.asset.get_by_guid(table.guid, asset_type=Table)


def test_archive_a_list_of_three(atlan_client, glossary) -> None:
    terms = [AtlasGlossaryTerm.creator(name=f"T{i}", glossary_guid=glossary.guid) for i in range(3)]
    created = atlan_client.asset.save(terms).assets_created(asset_type=AtlasGlossaryTerm)
    guids = sorted(t.guid for t in created)
    deleted = atlan_client.asset.delete_by_guid(guids).assets_deleted(asset_type=AtlasGlossaryTerm)
    assert sorted(t.guid for t in deleted) == guids
    for guid in guids:
        assert atlan_client.asset.get_by_guid(guid, asset_type=AtlasGlossaryTerm).status == "DELETED"
    restored = atlan_client.asset.restore(asset_type=AtlasGlossaryTerm, qualified_name=created[0].qualified_name)
    assert restored is True


def test_deletion_delay_seen_through_the_sdk(atlan_client, atlan_emulator, table) -> None:
    atlan_emulator.configure(deletion_delay=2)
    deleted = atlan_client.asset.delete_by_guid(table.guid).assets_deleted(asset_type=Table)
    assert deleted[0].status == "DELETED"  # the response says so at once...
    assert atlan_client.asset.get_by_guid(table.guid, asset_type=Table).status == "ACTIVE"  # ...the store not yet
    atlan_emulator.advance(2)
    assert atlan_client.asset.get_by_guid(table.guid, asset_type=Table).status == "DELETED"


def test_restore_while_the_delete_has_not_landed(atlan_client, atlan_emulator, table) -> None:
    """pyatlan re-reads every 2 s while the asset still looks ACTIVE, then restores it."""
    atlan_emulator.configure(deletion_delay=1)
    atlan_client.asset.delete_by_guid(table.guid)
    assert atlan_client.asset.restore(asset_type=Table, qualified_name=table.qualified_name) is True
    assert atlan_client.asset.get_by_guid(table.guid, asset_type=Table).status == "ACTIVE"


def test_purge_of_a_list_with_hard_delete(atlan_client, glossary) -> None:
    from pyatlan.model.enums import AtlanDeleteType

    terms = [AtlasGlossaryTerm.creator(name=f"P{i}", glossary_guid=glossary.guid) for i in range(2)]
    guids = [t.guid for t in atlan_client.asset.save(terms).assets_created(asset_type=AtlasGlossaryTerm)]
    response = atlan_client.asset.purge_by_guid(guids, delete_type=AtlanDeleteType.HARD)
    assert sorted(t.guid for t in response.assets_deleted(asset_type=AtlasGlossaryTerm)) == sorted(guids)
    for guid in guids:
        with pytest.raises(NotFoundError):
            atlan_client.asset.get_by_guid(guid, asset_type=AtlasGlossaryTerm)


def test_missing_asset_is_not_found(atlan_client) -> None:
    with pytest.raises(NotFoundError, match="ATLAS-404-00-005"):
        atlan_client.asset.get_by_guid("00000000-dead-beef-0000-000000000000", asset_type=Table)
    with pytest.raises(NotFoundError, match="ATLAS-404-00-009"):
        atlan_client.asset.get_by_qualified_name(qualified_name="default/x/y", asset_type=Table)
