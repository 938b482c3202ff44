"""/api/service/workflows…, package-workflows… and runs…: the legacy (Argo) workflow API that
pyatlan ≤ 10 drives through ``client.workflow``. Both path families behave identically; pyatlan
picks one from the roles ``whoami`` reports."""

from __future__ import annotations

from aiohttp import web

from ..errors import BadRequest
from ..workflows.service import Workflows
from .http import bool_param, ok, read_json, tenant_of

FAMILIES = ("workflows", "package-workflows")


def _workflows(request: web.Request) -> Workflows:
    return tenant_of(request).workflows


async def create(request: web.Request) -> web.Response:
    """POST workflows?submit=true: store the template and start its first run."""
    if not bool_param(request, "submit", False):
        raise BadRequest("only POST workflows?submit=true is supported: a new workflow always runs")
    return ok(_workflows(request).create(await read_json(request)))


async def submit(request: web.Request) -> web.Response:
    return ok(_workflows(request).submit(await read_json(request)))


async def update(request: web.Request) -> web.Response:
    return ok(_workflows(request).update(request.match_info["name"], await read_json(request)))


async def change_owner(request: web.Request) -> web.Response:
    body = await read_json(request, required=False)
    username = request.query.get("username")
    if isinstance(body, dict) and "username" in body:
        username = body["username"]
    return ok(_workflows(request).change_owner(request.match_info["name"], username))


async def archive(request: web.Request) -> web.Response:
    _workflows(request).archive(request.match_info["name"])
    return ok({})


async def search_templates(request: web.Request) -> web.Response:
    return ok(_workflows(request).search_templates(await read_json(request, required=False) or {}))


async def search_runs(request: web.Request) -> web.Response:
    return ok(_workflows(request).search_runs(await read_json(request, required=False) or {}))


async def stop(request: web.Request) -> web.Response:
    return ok(_workflows(request).stop(request.match_info["run"]))


async def all_crons(request: web.Request) -> web.Response:
    return ok({"items": _workflows(request).crons()})


async def one_cron(request: web.Request) -> web.Response:
    return ok(_workflows(request).cron(request.match_info["cron"]))


async def schedule_queries(request: web.Request) -> web.Response:
    return ok(_schedule_query_runs(request, missed=False))


async def missed_schedule_queries(request: web.Request) -> web.Response:
    return ok(_schedule_query_runs(request, missed=True))


def _schedule_query_runs(request: web.Request, *, missed: bool) -> list:
    return _workflows(request).schedule_query_runs(
        request.query.get("startDate", ""), request.query.get("endDate", ""), missed=missed
    )


def routes(prefix: str = "/api/service") -> list[web.RouteDef]:
    table = [
        web.post(f"{prefix}/runs/indexsearch", search_runs),
        web.post(f"{prefix}/runs/{{run}}/stop", stop),
        # The two schedule-query listings first: they would otherwise match runs/cron/{cron}.
        web.get(f"{prefix}/runs/cron/scheduleQueriesBetweenDuration", schedule_queries),
        web.get(f"{prefix}/runs/cron/missedScheduleQueriesBetweenDuration", missed_schedule_queries),
        web.get(f"{prefix}/runs/cron", all_crons),
        web.get(f"{prefix}/runs/cron/{{cron}}", one_cron),
    ]
    for family in FAMILIES:
        base = f"{prefix}/{family}"
        table += [
            web.post(base, create),
            web.post(f"{base}/indexsearch", search_templates),
            web.post(f"{base}/submit", submit),
            web.post(f"{base}/triggerAsOwner", submit),
            web.post(f"{base}/{{name}}/changeownership", change_owner),
            web.post(f"{base}/{{name}}/archive", archive),
            web.post(f"{base}/{{name}}", update),
        ]
    return table
