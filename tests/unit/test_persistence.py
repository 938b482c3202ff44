"""The state file as a domain unit: what the store's listener reports is what a new tenant loads,
deletions that land later through the clock included; per-token tenants are copies, capped."""

from __future__ import annotations

from pathlib import Path

import pytest

from emulator.config import EmulatorConfig
from emulator.entities.mutations import MutationFlags
from emulator.persistence import StateFile
from emulator.tenancy import Tenants, TooManyTenants, tenant_key
from emulator.tenant import Tenant


def _create(tenant: Tenant, name: str) -> str:
    payload = {"entities": [{"typeName": "Table", "attributes": {
        "qualifiedName": f"default/snowflake/1/db/schema/{name}", "name": name}}]}
    return tenant.mutator.upsert(payload, MutationFlags()).created[0].guid


def _names(tenant: Tenant) -> set[str]:
    return {str(e.attributes["name"]) for e in tenant.store}


def _reopen(path: Path, config: EmulatorConfig, key: str = "default") -> Tenant:
    tenant = Tenant(config)
    assert StateFile(path).attach(tenant, key)
    return tenant


def test_changes_and_delayed_deletions_reach_the_file(tmp_path: Path) -> None:
    path, config = tmp_path / "s.db", EmulatorConfig(dataset="empty", clock="virtual", deletion_delay=5)
    state, tenant = StateFile(path), Tenant(config)
    assert not state.attach(tenant, "default")
    keep, gone = _create(tenant, "keep"), _create(tenant, "gone")
    tenant.typedefs.add_tag("PII")
    state.flush("default")
    tenant.mutator.delete([gone], "PURGE")
    state.flush("default")
    assert _names(_reopen(path, config)) == {"keep", "gone"}  # not landed yet: 5 s to go
    tenant.clock.advance(5)  # the purge lands through the clock, through the store
    state.flush("default")
    again = _reopen(path, config)
    assert _names(again) == {"keep"} and again.store.get(keep) is not None
    assert [d["displayName"] for d in again.typedefs.classifications.values()] == ["PII"]
    # the id generator resumed where it stopped: the next GUID is new, and the same as the original's
    assert _create(again, "next") == _create(tenant, "next")
    assert len({keep, gone, again.store.find("Table", "default/snowflake/1/db/schema/next").guid}) == 3


def test_a_reset_rewrites_the_tenant_and_keys_stay_apart(tmp_path: Path) -> None:
    path, config = tmp_path / "s.db", EmulatorConfig(dataset="empty")
    state = StateFile(path)
    one, two = Tenant(config), Tenant(config)
    state.attach(one, "one")
    state.attach(two, "two")
    _create(one, "a")
    _create(two, "b")
    state.flush("one")
    state.flush("two")
    one.reset()
    _create(one, "c")
    state.flush("one")
    assert _names(_reopen(path, config, "one")) == {"c"}
    assert _names(_reopen(path, config, "two")) == {"b"}


def test_not_a_database_is_a_config_error(tmp_path: Path) -> None:
    from emulator.config import ConfigError

    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not SQLite" * 100)
    with pytest.raises(ConfigError, match="state_file"):
        StateFile(bad)


def test_per_token_tenants_are_independent_copies_and_capped() -> None:
    tenants = Tenants(EmulatorConfig(dataset="empty", tenancy="per-token", max_tenants=2))
    a, b = tenants.for_token("a"), tenants.for_token("b")
    assert a is tenants.for_token("a") and a is not b
    _create(a, "only-a")
    a.clock.set_virtual(True)
    assert _names(b) == set() and not b.clock.virtual and _names(tenants.default) == set()
    assert tenants.name_of(a) == tenant_key("a") != tenants.name_of(b)
    with pytest.raises(TooManyTenants) as raised:
        tenants.for_token("c")
    assert raised.value.status == 429
    assert tenants.for_token(None) is tenants.default


def test_per_token_with_api_keys_gives_no_tenant_to_unknown_tokens() -> None:
    tenants = Tenants(EmulatorConfig(dataset="empty", tenancy="per-token", api_keys=["k1"]))
    assert tenants.for_token("intruder") is tenants.default
    assert tenants.for_token("k1") is not tenants.default
    assert tenants.count == 1
