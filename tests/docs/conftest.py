"""The seed documents' examples run against the default ``docs`` dataset (with its small
generated tenant): each module here marks itself ``atlan_emulator(dataset="docs", ...)``, so the
plugin serves it from a pooled server of its own while the rest of the suite keeps its empty one."""

from __future__ import annotations

import pytest


@pytest.fixture
def sdk_env(atlan_emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    """The snippets call ``AtlanClient()`` with no arguments: it reads these variables."""
    monkeypatch.setenv("ATLAN_BASE_URL", atlan_emulator.url)
    monkeypatch.setenv("ATLAN_API_KEY", atlan_emulator.api_key)
