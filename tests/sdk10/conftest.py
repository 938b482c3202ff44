"""pyatlan 10.0.0 suite: the docs dataset (seed 001 needs its workflow) on a virtual clock, so
runs move only when a test advances time and pyatlan's monitor() sees a finished run at its
first poll."""

from __future__ import annotations

import pytest

from emulator.config import EmulatorConfig


@pytest.fixture(scope="session")
def atlan_emulator_config() -> EmulatorConfig:
    return EmulatorConfig(port=0, api_keys=["test-key"], dataset="docs", clock="virtual", assets=0,
                          check_responses=True)
