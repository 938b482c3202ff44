"""/api/meta/entity/*: the bulk entity endpoints."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ..entities.mutations import MutationFlags, MutationResult
from ..errors import GuidNotFound, InvalidParameters, UniqueAttributeNotFound
from ..tenant import Tenant
from .http import bool_param, both, ok, read_json, tenant_of


def render_mutation(tenant: Tenant, result: MutationResult) -> dict[str, Any]:
    """AssetMutationResponse: only non-empty buckets; purges are listed under DELETE.

    The request's own assets carry their stored attributes; the other ends of relationships
    it changed follow them in UPDATE (PARTIAL_UPDATE for a partial update) as plain headers.
    """
    renderer = tenant.renderer
    related = [renderer.header(e) for e in result.related]
    deleted = [renderer.header(e, status="DELETED") for e in result.deleted]
    for entry in deleted:
        entry["deleteHandler"] = result.delete_type
    buckets = {
        "CREATE": [renderer.mutated(e) for e in result.created],
        "UPDATE": [renderer.mutated(e) for e in result.updated] + ([] if result.partial else related),
        "PARTIAL_UPDATE": [renderer.mutated(e) for e in result.partially_updated] + (related if result.partial else []),
        "DELETE": deleted,
    }
    body: dict[str, Any] = {}
    mutated = {k: v for k, v in buckets.items() if v}
    if mutated:
        body["mutatedEntities"] = mutated
    if buckets["PARTIAL_UPDATE"]:
        body["partialUpdatedEntities"] = buckets["PARTIAL_UPDATE"]
    if result.guid_assignments is not None:
        body["guidAssignments"] = result.guid_assignments
    return body


def _flags(request: web.Request) -> MutationFlags:
    return MutationFlags(
        replace_tags=bool_param(request, "replaceTags") or bool_param(request, "replaceClassifications"),
        append_tags=bool_param(request, "appendTags"),
        replace_business_attributes=bool_param(request, "replaceBusinessAttributes"),
        overwrite_business_attributes=bool_param(request, "overwriteBusinessAttributes"),
    )


async def bulk_upsert(request: web.Request) -> web.Response:
    tenant = tenant_of(request)
    flags = _flags(request)
    payload = await read_json(request)
    return ok(render_mutation(tenant, tenant.mutator.upsert(payload, flags)))


async def single_upsert(request: web.Request) -> web.Response:
    """POST /entity: one entity as {"entity": {...}}."""
    tenant = tenant_of(request)
    flags = _flags(request)
    payload = await read_json(request)
    if not isinstance(payload, dict) or "entity" not in payload:
        raise InvalidParameters("request body must be an object with an 'entity' object")
    return ok(render_mutation(tenant, tenant.mutator.upsert({"entities": [payload["entity"]]}, flags)))


def _delete_type(request: web.Request) -> str:
    return request.query.get("deleteType", "SOFT")


async def bulk_delete(request: web.Request) -> web.Response:
    tenant = tenant_of(request)
    guids = request.query.getall("guid", [])
    if not guids or any(not g.strip() for g in guids):
        raise InvalidParameters("at least one non-empty guid query parameter is required")
    return ok(render_mutation(tenant, tenant.mutator.delete(guids, _delete_type(request))))


async def delete_by_guid(request: web.Request) -> web.Response:
    tenant = tenant_of(request)
    guid = request.match_info["guid"]
    if tenant.store.get(guid) is None:
        raise GuidNotFound(guid)
    return ok(render_mutation(tenant, tenant.mutator.delete([guid], _delete_type(request))))


async def get_by_guid(request: web.Request) -> web.Response:
    tenant = tenant_of(request)
    guid = request.match_info["guid"]
    bool_param(request, "minExtInfo")
    ignore = bool_param(request, "ignoreRelationships")
    entity = tenant.store.get(guid)
    if entity is None:
        raise GuidNotFound(guid)
    return ok({"entity": tenant.renderer.full(entity, ignore_relationships=ignore), "referredEntities": {}})


async def get_bulk(request: web.Request) -> web.Response:
    tenant = tenant_of(request)
    guids = request.query.getall("guid", [])
    if not guids:
        raise InvalidParameters("at least one guid query parameter is required")
    ignore = bool_param(request, "ignoreRelationships")
    entities = []
    for guid in guids:
        entity = tenant.store.get(guid)
        if entity is None:
            raise GuidNotFound(guid)
        entities.append(tenant.renderer.full(entity, ignore_relationships=ignore))
    return ok({"entities": entities, "referredEntities": {}})


def _unique_target(request: web.Request, tenant: Tenant) -> tuple[str, str]:
    type_name = tenant.types.require(request.match_info["type_name"])
    qualified_name = request.query.get("attr:qualifiedName")
    if not qualified_name:
        raise InvalidParameters("the query parameter attr:qualifiedName is required")
    return type_name, qualified_name


async def get_by_unique_attribute(request: web.Request) -> web.Response:
    tenant = tenant_of(request)
    type_name, qualified_name = _unique_target(request, tenant)
    bool_param(request, "minExtInfo")
    ignore = bool_param(request, "ignoreRelationships")
    entity = tenant.store.find(type_name, qualified_name)
    if entity is None:
        raise UniqueAttributeNotFound(type_name, qualified_name)
    return ok({"entity": tenant.renderer.full(entity, ignore_relationships=ignore), "referredEntities": {}})


async def partial_update_by_unique_attribute(request: web.Request) -> web.Response:
    tenant = tenant_of(request)
    type_name, qualified_name = _unique_target(request, tenant)
    payload = await read_json(request)
    return ok(render_mutation(tenant, tenant.mutator.partial_update(type_name, qualified_name, payload)))


async def delete_by_unique_attribute(request: web.Request) -> web.Response:
    tenant = tenant_of(request)
    type_name, qualified_name = _unique_target(request, tenant)
    entity = tenant.store.find(type_name, qualified_name)
    if entity is None:
        raise UniqueAttributeNotFound(type_name, qualified_name)
    return ok(render_mutation(tenant, tenant.mutator.delete([entity.guid], _delete_type(request))))


def routes(prefix: str = "/api/meta") -> list[web.RouteDef]:
    return [
        *both("POST", f"{prefix}/entity/bulk", bulk_upsert),
        *both("DELETE", f"{prefix}/entity/bulk", bulk_delete),
        *both("GET", f"{prefix}/entity/bulk", get_bulk),
        *both("POST", f"{prefix}/entity", single_upsert),
        web.get(f"{prefix}/entity/guid/{{guid}}", get_by_guid),
        web.delete(f"{prefix}/entity/guid/{{guid}}", delete_by_guid),
        web.get(f"{prefix}/entity/uniqueAttribute/type/{{type_name}}", get_by_unique_attribute),
        web.put(f"{prefix}/entity/uniqueAttribute/type/{{type_name}}", partial_update_by_unique_attribute),
        web.delete(f"{prefix}/entity/uniqueAttribute/type/{{type_name}}", delete_by_unique_attribute),
    ]
