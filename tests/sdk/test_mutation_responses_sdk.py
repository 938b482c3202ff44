"""The real pyatlan reading bulk mutation responses as its own integration tests do: the existing
parent or related asset under assets_updated, and the attributes it set echoed in assets_created."""

from __future__ import annotations

import pytest
from pyatlan.model.assets import (
    AtlasGlossary,
    AtlasGlossaryTerm,
    Column,
    Connection,
    Database,
    S3Bucket,
    S3Object,
    Schema,
    Table,
)
from pyatlan.model.assets.relations import UserDefRelationship
from pyatlan.model.enums import AtlanConnectorType, EntityStatus

BUCKET_ARN = "arn:aws:s3:::bucket1"
OBJECT_ARN = f"{BUCKET_ARN}/prefix/o.csv"


def _connection(atlan_client, name: str, connector: AtlanConnectorType) -> Connection:
    admin = atlan_client.role_cache.get_id_for_name("$admin")
    connection = Connection.creator(client=atlan_client, name=name, connector_type=connector, admin_roles=[admin])
    return atlan_client.asset.save(connection).assets_created(asset_type=Connection)[0]


@pytest.fixture
def database(atlan_client) -> Database:
    connection = _connection(atlan_client, "conn1", AtlanConnectorType.SNOWFLAKE)
    database = Database.creator(name="db1", connection_qualified_name=connection.qualified_name)
    return atlan_client.asset.save(database).assets_created(asset_type=Database)[0]


def test_a_schema_under_an_existing_database_lists_the_database_as_updated(atlan_client, database) -> None:
    response = atlan_client.asset.save(Schema.creator(name="sc1", database_qualified_name=database.qualified_name))
    schemas = response.assets_created(asset_type=Schema)
    assert len(schemas) == 1
    databases = response.assets_updated(asset_type=Database)
    assert [d.guid for d in databases] == [database.guid]
    assert databases[0].qualified_name == database.qualified_name
    fetched = atlan_client.asset.get_by_guid(databases[0].guid, asset_type=Database, ignore_relationships=False)
    assert [s.guid for s in fetched.schemas] == [schemas[0].guid]
    assert fetched.updated_by == databases[0].updated_by


def test_tables_and_columns_list_their_parent_once(atlan_client, database) -> None:
    schema = atlan_client.asset.save(Schema.creator(name="sc1", database_qualified_name=database.qualified_name))
    schema = schema.assets_created(asset_type=Schema)[0]
    response = atlan_client.asset.save(Table.creator(name="t1", schema_qualified_name=schema.qualified_name))
    table = response.assets_created(asset_type=Table)[0]
    assert [s.guid for s in response.assets_updated(asset_type=Schema)] == [schema.guid]
    columns = [Column.creator(name=f"c{i}", parent_qualified_name=table.qualified_name, parent_type=Table, order=i)
               for i in range(1, 4)]
    response = atlan_client.asset.save(columns)
    assert len(response.assets_created(asset_type=Column)) == 3
    assert [t.guid for t in response.assets_updated(asset_type=Table)] == [table.guid]
    assert response.mutated_entities.UPDATE and len(response.mutated_entities.UPDATE) == 1


def test_an_unchanged_trim_to_required_save_reports_nothing(atlan_client, database) -> None:
    response = atlan_client.asset.save(Schema.creator(name="sc1", database_qualified_name=database.qualified_name))
    schema = atlan_client.asset.get_by_guid(response.assets_created(asset_type=Schema)[0].guid, asset_type=Schema,
                                            ignore_relationships=False)
    assert atlan_client.asset.save(schema.trim_to_required()).mutated_entities is None


def test_s3_bucket_and_object_headers_echo_what_was_set(atlan_client) -> None:
    connection = _connection(atlan_client, "s3conn", AtlanConnectorType.S3)
    response = atlan_client.asset.save(
        S3Bucket.creator(name="bucket1", connection_qualified_name=connection.qualified_name, aws_arn=BUCKET_ARN))
    bucket = response.assets_created(asset_type=S3Bucket)[0]
    assert bucket.aws_arn == BUCKET_ARN
    assert bucket.name == "bucket1"
    assert bucket.connector_name == AtlanConnectorType.S3.value
    assert bucket.connection_qualified_name == connection.qualified_name
    response = atlan_client.asset.save(
        S3Object.creator(name="o.csv", connection_qualified_name=connection.qualified_name, aws_arn=OBJECT_ARN,
                         s3_bucket_name=bucket.name, s3_bucket_qualified_name=bucket.qualified_name))
    s3object = response.assets_created(asset_type=S3Object)[0]
    assert s3object.aws_arn == OBJECT_ARN
    assert s3object.s3_bucket_name == "bucket1"
    assert s3object.s3_bucket_qualified_name == bucket.qualified_name
    assert s3object.s3_object_key is None
    assert [b.guid for b in response.assets_updated(asset_type=S3Bucket)] == [bucket.guid]

    deleted = atlan_client.asset.delete_by_guid(s3object.guid).assets_deleted(asset_type=S3Object)
    assert [(d.guid, d.delete_handler, d.status) for d in deleted] == [(s3object.guid, "SOFT", EntityStatus.DELETED)]


def test_relating_two_terms_lists_both_as_updated(atlan_client) -> None:
    glossary = atlan_client.asset.save(AtlasGlossary.creator(name="G1")).assets_created(asset_type=AtlasGlossary)[0]
    terms = [AtlasGlossaryTerm.creator(name=name, glossary_guid=glossary.guid) for name in ("T1", "T2")]
    response = atlan_client.asset.save(terms)
    term1, term2 = sorted(response.assets_created(asset_type=AtlasGlossaryTerm), key=lambda t: t.name)
    # The new terms' anchor relationships touched the glossary.
    assert [g.guid for g in response.assets_updated(asset_type=AtlasGlossary)] == [glossary.guid]

    relationship = UserDefRelationship(to_type_label="calls", from_type_label="is called by")
    to_update = AtlasGlossaryTerm.updater(qualified_name=term1.qualified_name, name=term1.name,
                                          glossary_guid=glossary.guid)
    to_update.user_def_relationship_to = [relationship.user_def_relationship_to(AtlasGlossaryTerm.ref_by_guid(term2.guid))]
    response = atlan_client.asset.save(to_update)
    assert response.mutated_entities.CREATE is None
    assert {t.guid for t in response.assets_updated(asset_type=AtlasGlossaryTerm)} == {term1.guid, term2.guid}
    assert len(response.mutated_entities.UPDATE) == 2  # the unchanged anchor does not list the glossary
