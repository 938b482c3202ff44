"""/api/service/v1/app… and v1/apps…: the App API that pyatlan 11 drives through ``client.app``."""

from __future__ import annotations

from aiohttp import web

from ..workflows.apps import Apps
from .http import int_param, ok, read_json, tenant_of


def _apps(request: web.Request) -> Apps:
    return tenant_of(request).workflows.apps


async def describe(request: web.Request) -> web.Response:
    return ok(_apps(request).describe(request.match_info["app_id"]))


async def input_contract(request: web.Request) -> web.Response:
    return ok(_apps(request).input_contract(request.match_info["app_id"]))


async def create(request: web.Request) -> web.Response:
    return ok(_apps(request).create(await read_json(request)))


async def list_workflows(request: web.Request) -> web.Response:
    return ok(_apps(request).list_workflows(limit=int_param(request, "limit", 50, minimum=1),
                                            cursor=request.query.get("cursor"), name=request.query.get("name")))


async def get(request: web.Request) -> web.Response:
    return ok(_apps(request).get(request.match_info["slug"]))


async def update(request: web.Request) -> web.Response:
    return ok(_apps(request).update(request.match_info["slug"], await read_json(request)))


async def delete(request: web.Request) -> web.Response:
    return ok(_apps(request).delete(request.match_info["slug"]))


async def submit(request: web.Request) -> web.Response:
    return ok(_apps(request).submit(request.match_info["slug"]))


async def get_run(request: web.Request) -> web.Response:
    return ok(_apps(request).get_run(request.match_info["run_id"]))


async def cancel_run(request: web.Request) -> web.Response:
    return ok(_apps(request).cancel_run(request.match_info["run_id"]))


async def add_schedule(request: web.Request) -> web.Response:
    return ok(_apps(request).add_schedule(request.match_info["slug"], await read_json(request)))


async def remove_schedule(request: web.Request) -> web.Response:
    return ok(_apps(request).remove_schedule(request.match_info["slug"], request.match_info["trigger_id"]))


def routes(prefix: str = "/api/service") -> list[web.RouteDef]:
    app = f"{prefix}/v1/app"
    return [
        web.get(f"{prefix}/v1/apps/{{app_id}}", describe),
        web.get(f"{prefix}/v1/apps/{{app_id}}/inputs", input_contract),
        web.post(app, create),
        web.get(app, list_workflows),
        # runs/… before {slug}: a slug never contains a slash, but "runs" could be mistaken for one.
        web.get(f"{app}/runs/{{run_id}}", get_run),
        web.post(f"{app}/runs/{{run_id}}/cancel", cancel_run),
        web.get(f"{app}/{{slug}}", get),
        web.put(f"{app}/{{slug}}", update),
        web.delete(f"{app}/{{slug}}", delete),
        web.post(f"{app}/{{slug}}/submit", submit),
        web.post(f"{app}/{{slug}}/schedule", add_schedule),
        web.delete(f"{app}/{{slug}}/schedule/{{trigger_id}}", remove_schedule),
    ]
