"""pyatlan 10.0.0 (the last release with client.workflow) works against the emulator too."""

from __future__ import annotations

import pyatlan
from pyatlan.model.assets import AtlasGlossary


def test_pyatlan10_saves_and_reads_a_glossary(atlan_client) -> None:
    assert pyatlan.__version__.startswith("10.") if hasattr(pyatlan, "__version__") else True
    created = atlan_client.asset.save(AtlasGlossary.creator(name="G10")).assets_created(asset_type=AtlasGlossary)
    fetched = atlan_client.asset.get_by_guid(created[0].guid, asset_type=AtlasGlossary)
    assert fetched.name == "G10"
