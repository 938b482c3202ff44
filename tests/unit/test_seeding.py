"""The seeded tenant generator: determinism, exact size, referential integrity at 50,000 assets,
search counts equal to the generator's, and the snapshot reset that returns to it."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from emulator.cli import main as cli_main
from emulator.config import EmulatorConfig
from emulator.datasets import load_dataset
from emulator.entities.model import Entity
from emulator.errors import BadRequest
from emulator.seeding import count_types, generate
from emulator.seeding import docs as docs_dataset
from emulator.seeding.datasets import dataset_for, merge
from emulator.seeding.progress import Progress, tracked
from emulator.tenant import Tenant


def tenant_of(document: dict[str, Any]) -> Tenant:
    tenant = Tenant(EmulatorConfig(dataset="empty"))
    tenant.reload(document)
    return tenant


def exported_bytes(tenant: Tenant) -> bytes:
    return json.dumps(tenant.export(), sort_keys=True).encode()


def search_count(tenant: Tenant, query: dict[str, Any]) -> int:
    reply = tenant.search.search({"dsl": {"size": 0, "track_total_hits": True, "query": query}})
    return int(reply["approximateCount"])


# --- determinism and size ---------------------------------------------------------------------

def test_same_seed_gives_byte_identical_exports() -> None:
    first, second = tenant_of(generate(7, 3000)), tenant_of(generate(7, 3000))
    assert exported_bytes(first) == exported_bytes(second)
    assert json.dumps(generate(7, 500)) == json.dumps(generate(7, 500))


def test_different_seeds_give_different_tenants() -> None:
    a, b = generate(7, 500), generate(8, 500)
    assert {e["guid"] for e in a["entities"]}.isdisjoint(e["guid"] for e in b["entities"])
    assert [e["attributes"]["name"] for e in a["entities"]] != [e["attributes"]["name"] for e in b["entities"]]


@pytest.mark.parametrize("size", [0, 1, 7, 49, 50, 200, 1234])
def test_a_tenant_has_exactly_the_asked_number_of_assets(size: int) -> None:
    document = generate(3, size)
    assert len(document["entities"]) == size == sum(count_types(document).values())


def test_a_default_sized_tenant_has_every_kind_of_asset() -> None:
    counts = count_types(generate(42, 200))
    for type_name in ("Connection", "Database", "Schema", "Table", "View", "Column", "AtlasGlossary",
                      "AtlasGlossaryCategory", "AtlasGlossaryTerm", "DataDomain", "DataProduct", "Process",
                      "Readme"):
        assert counts.get(type_name, 0) > 0, type_name


def test_timestamps_come_from_the_fixed_epoch_not_the_clock() -> None:
    document = generate(5, 300)
    times = [e["createTime"] for e in document["entities"]] + [e["updateTime"] for e in document["entities"]]
    assert max(times) <= 1_700_000_000_000
    assert document == generate(5, 300)


# --- a 50,000-asset tenant ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def big() -> tuple[dict[str, Any], Tenant]:
    document = generate(11, 50_000)
    return document, tenant_of(document)


def test_every_relationship_resolves(big: tuple[dict[str, Any], Tenant]) -> None:
    _, tenant = big
    assert len(tenant.store) == 50_000
    for entity in tenant.store:
        for attr, target in entity.targets():
            assert target in tenant.store, (entity.type_name, attr, target)


def test_every_qualified_name_is_unique_per_type(big: tuple[dict[str, Any], Tenant]) -> None:
    document, _ = big
    keys = {(e["typeName"], e["attributes"]["qualifiedName"]) for e in document["entities"]}
    assert len(keys) == len(document["entities"])


def _parent(tenant: Tenant, entity: Entity, attr: str) -> Entity:
    guid = entity.relationships[attr]
    assert isinstance(guid, str)
    parent = tenant.store.get(guid)
    assert parent is not None
    return parent


def test_qualified_names_follow_the_sql_hierarchy(big: tuple[dict[str, Any], Tenant]) -> None:
    _, tenant = big
    checked = 0
    for entity in tenant.store:
        a = entity.attributes
        if entity.type_name in ("Database", "Schema", "Table", "View", "Column"):
            assert a["connectionQualifiedName"].startswith(f"default/{a['connectorName']}/")
            assert entity.qualified_name == f"{a.get('schemaQualifiedName') or a.get('databaseQualifiedName') or a['connectionQualifiedName']}/{a['name']}" \
                or entity.type_name == "Column"
        if entity.type_name == "Column":
            parent = _parent(tenant, entity, "table" if "table" in entity.relationships else "view")
            assert entity.qualified_name == f"{parent.qualified_name}/{a['name']}"
            assert parent.qualified_name in (a.get("tableQualifiedName"), a.get("viewQualifiedName"))
            checked += 1
        elif entity.type_name in ("Table", "View"):
            schema = _parent(tenant, entity, "atlanSchema")
            assert schema.qualified_name == a["schemaQualifiedName"]
            database = _parent(tenant, schema, "database")
            assert database.qualified_name == a["databaseQualifiedName"]
            assert tenant.store.find("Connection", a["connectionQualifiedName"]) is not None
        elif entity.type_name in ("AtlasGlossaryTerm", "AtlasGlossaryCategory"):
            glossary = _parent(tenant, entity, "anchor")
            assert entity.qualified_name.endswith("@" + glossary.qualified_name)
        elif entity.type_name == "DataDomain" and "parentDomain" in entity.relationships:
            assert entity.qualified_name.startswith(_parent(tenant, entity, "parentDomain").qualified_name + "/domain/")
        elif entity.type_name == "DataProduct":
            assert entity.qualified_name.startswith(_parent(tenant, entity, "dataDomain").qualified_name + "/product/")
    assert checked > 40_000


def test_every_tag_used_has_a_typedef(big: tuple[dict[str, Any], Tenant]) -> None:
    document, tenant = big
    used = {t["typeName"] for e in document["entities"] for t in e["classifications"]}
    assert used and all(tenant.typedefs.tag_exists(name) for name in used)


def test_search_counts_per_type_equal_the_generators(big: tuple[dict[str, Any], Tenant]) -> None:
    document, tenant = big
    for type_name, expected in count_types(document).items():
        assert search_count(tenant, {"term": {"__typeName.keyword": type_name}}) == expected, type_name


def test_data_products_select_real_assets(big: tuple[dict[str, Any], Tenant]) -> None:
    _, tenant = big
    products = [e for e in tenant.store if e.type_name == "DataProduct"]
    assert len(products) > 5
    for product in products[:2]:  # each selects one connection's tables (a full scan: keep it short)
        dsl = json.loads(product.attributes["dataProductAssetsDSL"])["query"]["dsl"]
        assert search_count(tenant, dsl["query"]) > 0, product.qualified_name


def test_reset_returns_to_the_generated_state(big: tuple[dict[str, Any], Tenant]) -> None:
    _, tenant = big
    before = tenant.export()
    victim = next(e for e in tenant.store if e.type_name == "Table")
    changed = victim.copy()
    changed.attributes["name"] = "RENAMED"
    tenant.store.put(changed)
    tenant.store.remove(next(e for e in tenant.store if e.type_name == "Column").guid)
    tenant.store.put(Entity(guid="new-guid", type_name="Table", attributes={"qualifiedName": "x/y", "name": "y"},
                            relationships={"atlanSchema": victim.relationships["atlanSchema"]}))
    assert tenant.export() != before
    tenant.reset()
    assert tenant.export() == before
    assert "new-guid" not in tenant.store
    assert search_count(tenant, {"term": {"name.keyword": "RENAMED"}}) == 0
    assert search_count(tenant, {"term": {"__typeName.keyword": "Table"}}) == count_types(big[0])["Table"]
    schema_guid = victim.relationships["atlanSchema"]
    assert isinstance(schema_guid, str)
    assert "new-guid" not in tenant.store.inbound(schema_guid).get("tables", set())


# --- datasets, CLI, progress ------------------------------------------------------------------------

def test_the_committed_docs_dataset_is_what_the_builder_writes() -> None:
    assert docs_dataset.FIXTURE.read_text(encoding="utf-8") == docs_dataset.render()


def test_the_default_dataset_is_docs_plus_a_generated_tenant() -> None:
    document = dataset_for(EmulatorConfig(dataset="docs", seed=3, assets=120))
    docs = load_dataset("docs")
    assert len(document["entities"]) == len(docs["entities"]) + 120
    tenant = tenant_of(document)
    assert tenant.store.find("Connection", "default/snowflake/1234567890") is not None
    assert tenant.store.get("b4113341-251b-4adc-81fb-2420501c30e6") is not None
    assert dataset_for(EmulatorConfig(dataset="docs", assets=0)) == docs
    assert merge({"a": [1], "b": 1}, {"a": [2], "c": 3}) == {"a": [1, 2], "b": 1, "c": 3}


def test_generated_datasets_by_name() -> None:
    small = dataset_for(EmulatorConfig(dataset="small", seed=1))
    assert len(small["entities"]) == 1000
    assert len(dataset_for(EmulatorConfig(dataset="generated", seed=1, assets=77))["entities"]) == 77


def test_cli_seed_writes_a_loadable_dataset(tmp_path) -> None:
    out = tmp_path / "tenant.json"
    assert cli_main(["seed", "--seed", "9", "--assets", "300", "--out", str(out)]) == 0
    document = load_dataset(str(out))
    assert document == json.loads(json.dumps(generate(9, 300)))
    assert len(tenant_of(document).store) == 300


def test_load_checks_the_whole_document_before_changing_anything() -> None:
    tenant = tenant_of(generate(2, 100))
    before = exported_bytes(tenant)
    good = tenant.export()
    bad_documents = [
        [],
        {"version": 2},
        {"entities": {}},
        {"entities": [dict(good["entities"][0], typeName="NoSuchType")]},
        {"entities": [good["entities"][0], good["entities"][0]]},
        {"entities": good["entities"] + [dict(good["entities"][-1], guid="other")]},
        {"entities": [dict(good["entities"][0], attributes={})]},
        {"entities": [dict(good["entities"][0], status="GONE")]},
        {"entities": [dict(good["entities"][0], classifications=[{"typeName": "undefined-tag"}])]},
        {"entities": [dict(good["entities"][0], relationships={"atlanSchema": 7})]},
        {"classificationDefs": [{"name": "x"}]},
        {"workflows": {}},
    ]
    for document in bad_documents:
        with pytest.raises(BadRequest):
            tenant.load(document)
        assert exported_bytes(tenant) == before


def test_progress_lines_when_not_a_terminal() -> None:
    stream = io.StringIO()
    progress = Progress(100_000, "generating", stream=stream)
    for _ in range(100_000):
        progress.advance()
    progress.finish()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "generating: 10,000/100,000 (10%)"
    assert len(lines) == 11 and lines[-1].startswith("generating: 100,000 in ")
    quiet = io.StringIO()
    Progress(10, "small", stream=quiet).advance(10)
    assert quiet.getvalue() == ""
    assert list(tracked(range(60_000), 60_000, "loading")) == list(range(60_000))


def test_generated_users_and_groups_join_the_directory_and_own_assets() -> None:
    document = generate(6, 5000)
    tenant = tenant_of(document)
    usernames = {u["username"] for u in tenant.directory.users}
    assert {"alice", "bob"} <= usernames
    assert {u["username"] for u in document["users"]} <= usernames
    assert {g["name"] for g in document["groups"]} <= {g["name"] for g in tenant.directory.groups}
    owners = {o for e in tenant.store for o in e.attributes.get("ownerUsers", [])}
    assert owners <= usernames and owners & {u["username"] for u in document["users"]}
    exported = tenant.export()
    tenant.directory.users = tenant.directory.users[:1]
    tenant.reset()
    assert tenant.export() == exported
    again = tenant_of(exported)
    assert again.export() == exported


# --- workflow templates and past runs -------------------------------------------------------------

def _argo_ms(text: str) -> int:
    from datetime import datetime
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def test_workflows_and_runs_are_the_same_for_the_same_seed() -> None:
    first, second = generate(7, 3000), generate(7, 3000)
    assert first["workflows"] and first["runs"]
    assert json.dumps([first["workflows"], first["runs"]]) == json.dumps([second["workflows"], second["runs"]])
    exported = tenant_of(first).export()
    assert json.dumps([exported["workflows"], exported["runs"]], sort_keys=True) == json.dumps(
        [first["workflows"], first["runs"]], sort_keys=True)


def test_different_seeds_give_different_workflows_and_runs() -> None:
    a, b = generate(7, 500), generate(8, 500)
    assert {w["metadata"]["name"] for w in a["workflows"]}.isdisjoint(w["metadata"]["name"] for w in b["workflows"])
    assert {r["metadata"]["uid"] for r in a["runs"]}.isdisjoint(r["metadata"]["uid"] for r in b["runs"])


def test_each_connection_has_a_crawler_named_after_it_with_past_runs() -> None:
    document = generate(42, 3000)
    connections = {e["attributes"]["qualifiedName"]: e["attributes"]["name"]
                   for e in document["entities"] if e["typeName"] == "Connection"}
    crawlers = [w for w in document["workflows"] if not w["metadata"]["name"].startswith("atlan-connection-delete-")]
    assert len(crawlers) == len(connections)
    for crawler in crawlers:
        name = crawler["metadata"]["name"]
        _, connector, number = name.split("-")
        qualified_name = f"default/{connector}/{number}"
        assert qualified_name in connections, name
        task = crawler["spec"]["templates"][0]["dag"]["tasks"][0]
        assert task["templateRef"]["name"] == f"atlan-{connector}"
        assert crawler["metadata"]["annotations"]["package.argoproj.io/name"] == f"@atlan/{connector}"
        assert crawler["metadata"]["labels"]["orchestration.atlan.com/source"] == connector
        connection = json.loads(next(p["value"] for p in task["arguments"]["parameters"] if p["name"] == "connection"))
        assert connection["attributes"] == dict(connection["attributes"], qualifiedName=qualified_name,
                                                name=connections[qualified_name])
    phases = [r["status"]["phase"] for r in document["runs"]]
    assert phases.count("Succeeded") > phases.count("Failed") > 0
    assert {len([r for r in document["runs"] if r["spec"]["workflowTemplateRef"]["name"] == c["metadata"]["name"]])
            for c in crawlers} <= {2, 3, 4, 5}


def test_every_run_has_its_template_and_happened_before_the_epoch() -> None:
    for seed, size in ((1, 1), (42, 200), (9, 3000)):
        document = generate(seed, size)
        templates = {w["metadata"]["name"]: w for w in document["workflows"]}
        assert len(templates) == len(document["workflows"])
        assert len({r["metadata"]["name"] for r in document["runs"]}) == len(document["runs"])
        for run in document["runs"]:
            template = templates[run["spec"]["workflowTemplateRef"]["name"]]
            labels = run["metadata"]["labels"]
            assert labels["workflows.argoproj.io/workflow-template"] == template["metadata"]["name"]
            assert labels["workflows.argoproj.io/phase"] == run["status"]["phase"]
            assert run["metadata"]["name"].startswith(template["metadata"]["name"] + "-")
            started, finished = _argo_ms(run["status"]["startedAt"]), _argo_ms(run["status"]["finishedAt"])
            created = _argo_ms(template["metadata"]["creationTimestamp"])
            assert created <= started < finished < 1_700_000_000_000


def test_connection_deletes_retired_older_connections_than_the_docs_workflow() -> None:
    document = generate(9, 3000)
    live = {e["attributes"]["qualifiedName"] for e in document["entities"] if e["typeName"] == "Connection"}
    deletes = [w for w in document["workflows"] if w["metadata"]["name"].startswith("atlan-connection-delete-")]
    assert len(deletes) == 2
    for template in deletes:
        params = template["spec"]["templates"][0]["dag"]["tasks"][0]["arguments"]["parameters"]
        assert next(p["value"] for p in params if p["name"] == "connection-qualified-name") not in live
        assert _argo_ms(template["metadata"]["creationTimestamp"]) < 1_684_500_411_000  # the docs' delete is newer
    assert not [w for w in generate(3, 1)["workflows"] if "connection-delete" in w["metadata"]["name"]]


def test_the_default_dataset_keeps_the_docs_workflow_and_adds_the_generated_ones() -> None:
    docs = load_dataset("docs")
    generated = generate(3, 120)
    document = dataset_for(EmulatorConfig(dataset="docs", seed=3, assets=120))
    assert document["workflows"] == docs["workflows"] + generated["workflows"]
    assert document["runs"] == docs["runs"] + generated["runs"]
    exported = tenant_of(document).export()
    assert [w["metadata"]["name"] for w in exported["workflows"]][0] == "atlan-connection-delete-1684500411"
    assert exported["workflows"][0] == docs["workflows"][0]
