"""pyatlan 11's client.app.describe / get_input_contract on an app the tenant does not have:
the emulator's 404 reaches the caller as pyatlan's NotFoundError; a builder's app is found."""

from __future__ import annotations

import pytest
from pyatlan.errors import NotFoundError


def test_describe_an_unknown_app_raises_not_found(atlan_client) -> None:
    with pytest.raises(NotFoundError) as raised:
        atlan_client.app.describe("no-such-app")
    assert raised.value.error_code.http_error_code == 404


def test_input_contract_of_an_unknown_app_raises_not_found(atlan_client) -> None:
    with pytest.raises(NotFoundError):
        atlan_client.app.get_input_contract("no-such-app")


def builder_app_ids() -> list[str]:
    """The app ids of pyatlan's per-app builders (pyatlan.model.apps.*)."""
    import importlib
    import pkgutil

    import pyatlan.model.apps as apps
    from pyatlan.model.apps._base import AppBuilder

    found = set()
    for module in pkgutil.iter_modules(apps.__path__):
        if module.name.startswith("_"):
            continue
        for value in vars(importlib.import_module(f"{apps.__name__}.{module.name}")).values():
            if isinstance(value, type) and issubclass(value, AppBuilder) and getattr(value, "_APP_ID", ""):
                found.add(value._APP_ID)
    return sorted(found)


def test_every_builders_app_is_described(atlan_client) -> None:
    ids = builder_app_ids()
    assert len(ids) > 10
    for app_id in ids:
        info = atlan_client.app.describe(app_id)
        assert info.app_id == app_id and info.native_ready is True
        assert atlan_client.app.get_input_contract(app_id) is not None
