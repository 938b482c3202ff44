"""The runtime settings' ranges (TenantSettings metadata) and the PATCH /_emulator/config request
contract say the same thing, and the domain check refuses what the contract cannot express."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from emulator.errors import BadRequest
from emulator.settings import apply_settings
from emulator.tenant import TenantSettings

CONTRACT = Path(__file__).resolve().parents[2] / "contracts" / "admin" / "config-patch.request.json"


def test_every_setting_has_a_contract_property_with_its_type_and_range() -> None:
    properties = json.loads(CONTRACT.read_text())["properties"]
    fields = dataclasses.fields(TenantSettings)
    assert set(properties) == {f.name for f in fields}
    for spec in fields:
        schema = properties[spec.name]
        if spec.type == "bool":
            assert schema == {"type": "boolean"}
            continue
        assert schema["type"] == ("integer" if spec.type == "int" else "number"), spec.name
        lowest = spec.metadata.get("off", spec.metadata.get("minimum", 0))
        assert (schema["minimum"], schema["maximum"]) == (lowest, spec.metadata["maximum"]), spec.name


def test_every_number_setting_has_an_upper_bound() -> None:
    for spec in dataclasses.fields(TenantSettings):
        if spec.type in ("int", "float"):
            assert "maximum" in spec.metadata, spec.name


@pytest.mark.parametrize("changes", [
    {"uri_limit": 63}, {"uri_limit": 2.0}, {"uri_limit": True}, {"rate_limit": float("nan")},
    {"rate_limit": float("inf")}, {"search_max_result_window": 0}, {"deletion_delay": 1e9}, {"rate_burst": None},
])
def test_the_domain_refuses_and_changes_nothing(changes: dict) -> None:
    settings = TenantSettings()
    with pytest.raises(BadRequest):
        apply_settings(settings, {"deletion_delay": 5, **changes})
    assert settings == TenantSettings()


def test_off_and_edges_are_taken() -> None:
    settings = TenantSettings()
    apply_settings(settings, {"uri_limit": 0, "deletion_delay": 365 * 86_400, "search_max_result_window": 1})
    assert (settings.uri_limit, settings.deletion_delay, settings.search_max_result_window) == (0, 31_536_000.0, 1)
    assert isinstance(settings.deletion_delay, float)
