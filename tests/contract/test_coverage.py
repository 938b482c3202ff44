"""Every route create_app() serves has a contract in both directions, and every contract route is
served: contracts/routes.json and the route tables never drift apart."""

from __future__ import annotations

import httpx

from emulator.app import create_app
from emulator.config import EmulatorConfig
from emulator.contracts import load_contracts, route_key


def served_routes() -> set[tuple[str, str]]:
    app = create_app(EmulatorConfig(dataset="empty", assets=0))
    return {(route.method, route.resource.canonical) for route in app.router.routes()
            if route.resource is not None and route.method != "HEAD"}


def test_every_served_route_has_a_request_and_a_response_contract() -> None:
    contracts = load_contracts()
    missing = sorted(f"{method} {path}" for method, path in served_routes() if contracts.route_for(method, path) is None)
    assert missing == [], "routes without a contract in contracts/routes.json"


def test_every_contract_route_is_served() -> None:
    served = {(method, route_key(path)) for method, path in served_routes()}
    stale = sorted(f"{r.method} {r.path}" for r in load_contracts().routes if r.key not in served)
    assert stale == [], "contracts/routes.json lists routes the app does not serve"


def test_the_openapi_document_lists_every_served_route(api: httpx.Client) -> None:
    doc = api.get("/_emulator/openapi.json").json()
    listed = {(method.upper(), route_key(path)) for path, item in doc["paths"].items() for method in item}
    assert {(m, route_key(p)) for m, p in served_routes()} <= listed
