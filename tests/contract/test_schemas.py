"""The contracts themselves: they load, they are valid JSON Schema 2020-12, and they describe the
real API: the responses recorded from real tenants and stubs in shared/reference and pyatlan's
own unit-test data pass, the requests pyatlan really sends pass, and what pyatlan would choke on
fails, at the right JSON path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from emulator.contract_check import check_exchange, read_exchanges
from emulator.contracts import ContractSet, load_contracts

DATA = Path(__file__).parent / "data"
CONTRACTS = load_contracts()

# pyatlan's recorded unit-test data (atlan-python tests/unit/data, real tenant answers) -> contract.
PYATLAN_FIXTURES = {
    "asset_mutated_response_empty.json": "entity/bulk-post.response.json",
    "asset_mutated_response_update.json": "entity/bulk-post.response.json",
    "asset_responses_get_by_guid.json": "entity/guid-get.response.json",
    "asset_responses_retrieve_minimal.json": "entity/unique-attribute-get.response.json",
    "search_responses_aggregations_null_value.json": "search/indexsearch-post.response.json",
    "search_responses_glossary_category_by_name.json": "search/indexsearch-post.response.json",
    "search_responses_index_search_paging.json": "search/indexsearch-post.response.json",
    "group_responses_group_list.json": "service/groups-v2-get.response.json",
    "user_responses_user_list.json": "service/users-get.response.json",
    "typedef_responses_get_by_name.json": "types/typedef-name-get.response.json",
    "package_requests_connection_delete_soft.json": "workflows/workflows-post.request.json",
    "package_requests_connection_delete_hard.json": "workflows/package-workflows-post.request.json",
}
# Full entities pyatlan parses (glossary.json ...), wrapped as a GET answer.
PYATLAN_ENTITIES = ["glossary.json", "glossary_category.json", "glossary_term.json"]


def paths(violations: list[Any]) -> list[str]:
    return [v.path for v in violations]


def test_every_contract_is_valid_draft_2020_12() -> None:
    assert len(CONTRACTS.schemas) > 50
    for name, schema in CONTRACTS.schemas.items():
        Draft202012Validator.check_schema(schema)
        assert schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema", name


def test_every_route_has_a_request_and_a_response_contract() -> None:
    assert len(CONTRACTS.routes) >= 40
    for route in CONTRACTS.routes:
        assert route.request.endswith(".request.json") and route.request in CONTRACTS.schemas
        assert route.response.endswith(".response.json") and route.response in CONTRACTS.schemas
        assert route.error in CONTRACTS.schemas


def test_a_route_listed_twice_or_a_missing_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "defs").mkdir()
    (tmp_path / "a.json").write_text('{"type": "object"}')
    route = {"method": "GET", "path": "/x/{id}", "operationId": "x", "request": "a.json", "response": "a.json"}
    (tmp_path / "routes.json").write_text(json.dumps({"errorResponse": "a.json", "routes": [route, dict(route, path="/x/{other}")]}))
    with pytest.raises(ValueError, match="listed twice"):
        ContractSet(tmp_path)
    (tmp_path / "routes.json").write_text(json.dumps({"errorResponse": "a.json", "routes": [dict(route, response="b.json")]}))
    with pytest.raises(ValueError, match="missing file b.json"):
        ContractSet(tmp_path)


@pytest.mark.parametrize("name", sorted(PYATLAN_FIXTURES))
def test_pyatlan_recorded_data_passes(name: str) -> None:
    document = json.loads((DATA / "pyatlan" / name).read_text())
    assert CONTRACTS.validate(PYATLAN_FIXTURES[name], document, direction="response") == []


@pytest.mark.parametrize("name", PYATLAN_ENTITIES)
def test_pyatlan_recorded_entities_pass(name: str) -> None:
    entity = json.loads((DATA / "pyatlan" / name).read_text())
    assert CONTRACTS.validate("entity/guid-get.response.json", {"entity": entity, "referredEntities": {}},
                              direction="response") == []


def _reference_responses() -> list[tuple[str, int, Any]]:
    recorded = json.loads((DATA / "reference" / "responses.json").read_text())
    return [(contract, i, doc) for contract, docs in recorded.items() if not contract.startswith("$")
            for i, doc in enumerate(docs)]


@pytest.mark.parametrize(("contract", "index", "document"), _reference_responses(),
                         ids=[f"{c}#{i}" for c, i, _ in _reference_responses()])
def test_reference_responses_pass(contract: str, index: int, document: Any) -> None:
    assert CONTRACTS.validate(contract, document, direction="response") == []


@pytest.mark.parametrize("capture", ["pyatlan-requests.jsonl", "workflow-requests.jsonl"])
def test_requests_pyatlan_really_sends_pass(capture: str) -> None:
    exchanges = list(read_exchanges(DATA / "reference" / capture))
    assert len(exchanges) >= 10
    for exchange in exchanges:
        outcome = check_exchange(CONTRACTS, exchange)
        assert outcome.route is not None, f"{exchange.label}: {exchange.method} {exchange.path} has no contract"
        assert outcome.violations == [], f"{exchange.label}: {[str(v) for v in outcome.violations]}"


def test_requests_built_by_pyatlan_models_pass() -> None:
    assets = pytest.importorskip("pyatlan.model.assets")
    from pyatlan.model.core import BulkRequest
    from pyatlan.model.enums import CertificateStatus
    from pyatlan.model.fluent_search import CompoundQuery, FluentSearch

    updater = assets.Table.updater(qualified_name="default/snowflake/1/db/sc/t1", name="t1")
    updater.certificate_status = CertificateStatus.VERIFIED
    updater.description = "d"
    entities = [
        assets.Table.creator(name="t1", schema_qualified_name="default/snowflake/1/db/sc"),
        updater,
        assets.AtlasGlossary.creator(name="G"),
        assets.AtlasGlossaryTerm.creator(name="T", glossary_guid="0f000000-0000-4000-8000-000000000001"),
        assets.DataDomain.creator(name="D"),
    ]
    bulk = json.loads(BulkRequest(entities=entities).json(by_alias=True, exclude_unset=True))
    assert CONTRACTS.validate("entity/bulk-post.request.json", bulk, direction="request") == []
    search = (FluentSearch().where(CompoundQuery.active_assets()).where(CompoundQuery.asset_type(assets.Table))
              .page_size(5).include_on_results(assets.Table.DESCRIPTION).to_request())
    body = json.loads(search.json(by_alias=True, exclude_unset=True))
    assert CONTRACTS.validate("search/indexsearch-post.request.json", body, direction="request") == []


HEADER = {"typeName": "Table", "guid": "g1", "status": "ACTIVE", "attributes": {"qualifiedName": "q", "name": "n"}}
BROKEN = [
    # (contract, document, the JSON path the violation must name, the rule)
    ("entity/bulk-post.response.json", {"mutatedEntities": {"DELETE": [dict(HEADER, status="PURGED")]}},
     "$.mutatedEntities.DELETE[0].status", "enum"),
    ("entity/guid-get.response.json",
     {"entity": dict(HEADER, classifications=[{"typeName": "abc", "someNewKey": 1}])},
     "$.entity.classifications[0]", "additionalProperties"),
    ("entity/guid-get.response.json", {"entity": dict(HEADER, attributes=None)}, "$.entity.attributes", "type"),
    ("entity/guid-get.response.json", {"entity": dict(HEADER, createTime="2024-01-01")}, "$.entity.createTime", "type"),
    ("entity/guid-get.response.json", {"referredEntities": {}}, "$", "required"),
    ("search/indexsearch-post.response.json", {"approximateCount": -1}, "$.approximateCount", "minimum"),
    ("search/indexsearch-post.response.json", {"entities": [{"guid": "g"}]}, "$.entities[0]", "required"),
    ("workflows/runs-indexsearch-post.response.json",
     {"hits": {"hits": [{"_id": "r", "_source": {"status": {"phase": "Stopped"}}}]}},
     "$.hits.hits[0]['_source'].status.phase", "oneOf"),
    ("service/whoami-get.response.json", {"username": "u", "roles": ["$admin"]}, "$.roles[0]", "type"),
    ("common/error.response.json", {"message": "no code"}, "$", "required"),
    ("entity/bulk-post.request.json", {"entities": []}, "$.entities", "minItems"),
    ("entity/bulk-post.request.json", {"entities": [{"typeName": 5}]}, "$.entities[0].typeName", "type"),
    ("entity/bulk-post.request.json", {"entities": [{"typeName": "Table", "attribute": {}}]}, "$.entities[0]",
     "additionalProperties"),
    ("entity/bulk-post.request.json",
     {"entities": [{"typeName": "Table", "classifications": [{"typeName": "t", "validityPeriods": [{"x": 1}]}]}]},
     "$.entities[0].classifications[0].validityPeriods[0]", "type"),
    ("search/indexsearch-post.request.json", {"dsl": {"size": "ten"}}, "$.dsl.size", "type"),
    ("workflows/workflows-post.request.json", {"metadata": {}, "spec": {}}, "$.metadata", "required"),
]


@pytest.mark.parametrize(("contract", "document", "path", "rule"), BROKEN, ids=[f"{c}:{p}" for c, _, p, _ in BROKEN])
def test_what_pyatlan_cannot_parse_or_the_api_refuses_fails_at_its_path(contract: str, document: Any, path: str,
                                                                         rule: str) -> None:
    violations = CONTRACTS.validate(contract, document, direction="response")
    assert violations, "expected a violation"
    assert violations[0].path == path and violations[0].rule == rule, [str(v) for v in violations]


def test_routes_match_concrete_paths_literal_first() -> None:
    assert CONTRACTS.match("POST", "/api/service/workflows/indexsearch").operation_id == "searchWorkflows"
    assert CONTRACTS.match("POST", "/api/service/workflows/my-template").operation_id == "updateWorkflow"
    assert CONTRACTS.match("POST", "/api/meta/entity/bulk/?replaceTags=false").operation_id == "bulkUpsertEntities"
    assert CONTRACTS.match("get", "/api/meta/entity/guid/abc").operation_id == "getEntityByGuid"
    assert CONTRACTS.match("GET", "/api/meta/nothing/here") is None


def test_contracts_ship_as_package_data() -> None:
    """contracts/ installs as emulator.contracts_data; every file must match a package-data glob."""
    import fnmatch
    import tomllib

    root = Path(__file__).resolve().parents[2]
    setup = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "emulator.contracts_data" in setup["packages"]
    assert setup["package-dir"]["emulator.contracts_data"] == "contracts"
    globs = setup["package-data"]["emulator.contracts_data"]
    files = [p.relative_to(root / "contracts").as_posix() for p in (root / "contracts").rglob("*.json")]
    assert len(files) == len(CONTRACTS.schemas) + 1  # + routes.json
    unshipped = [f for f in files if not any(fnmatch.fnmatch(f, g) and f.count("/") == g.count("/") for g in globs)]
    assert unshipped == []


def test_inlined_contracts_judge_like_the_originals() -> None:
    """ContractSet.inlined (for generators) keeps the meaning: same verdicts on good and bad documents."""
    cases = [(c, doc) for c, _, doc in _reference_responses()] + [(c, doc) for c, doc, _, _ in BROKEN]
    for contract, document in cases:
        inlined = Draft202012Validator(CONTRACTS.inlined(contract))
        assert inlined.is_valid(document) == (CONTRACTS.validate(contract, document, direction="x") == []), contract
    assert "$ref" not in json.dumps(CONTRACTS.inlined("entity/bulk-post.request.json"))
