"""The response check itself (check_responses = true): what it records on the app."""

from __future__ import annotations

from aiohttp import web

from emulator.app import create_app
from emulator.config import EmulatorConfig
from emulator.keys import RESPONSE_VIOLATIONS, UNCOVERED_ROUTES

HEADERS = {"Authorization": "Bearer k"}


async def test_a_route_without_a_contract_is_recorded_as_a_violation(aiohttp_client) -> None:
    app = create_app(EmulatorConfig(dataset="empty", assets=0, check_responses=True))

    async def extra(request: web.Request) -> web.Response:
        return web.json_response({"anything": True})

    app.router.add_get("/api/meta/extra", extra)
    client = await aiohttp_client(app)
    assert (await client.get("/api/meta/extra", headers=HEADERS)).status == 200
    assert (await client.get("/api/service/whoami", headers=HEADERS)).status == 200
    assert (await client.get("/api/nothing/here", headers=HEADERS)).status == 404
    assert app[RESPONSE_VIOLATIONS] == [
        "GET /api/meta/extra -> 200: the route /api/meta/extra has no contract in contracts/routes.json"]
    assert app[UNCOVERED_ROUTES] == {"GET /api/meta/extra"}


async def test_an_answer_that_breaks_its_contract_is_recorded_with_its_path(aiohttp_client) -> None:
    # contracts=off lets a state document in that the state contract would refuse.
    app = create_app(EmulatorConfig(dataset="empty", assets=0, contracts="off", check_responses=True))
    client = await aiohttp_client(app)
    entity = {"guid": "g1", "typeName": "Table", "labels": [1], "attributes": {"qualifiedName": "q", "name": "n"}}
    assert (await client.put("/_emulator/state", json={"entities": [entity]}, headers=HEADERS)).status == 200
    assert app[RESPONSE_VIOLATIONS] == []
    assert (await client.get("/api/meta/entity/guid/g1", headers=HEADERS)).status == 200
    assert app[RESPONSE_VIOLATIONS] == [
        "GET /api/meta/entity/guid/g1 -> 200: response $.entity.labels[0]: 1 is not of type 'string' "
        "(rule 'type', entity/guid-get.response.json)"]
