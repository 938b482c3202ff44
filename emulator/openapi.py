"""The OpenAPI 3.1 document, built from contracts/ (never written by hand).

Every contract file becomes one entry of components/schemas, its $refs rewritten to point
inside the document, so the result is self-contained; routes.json gives paths, methods,
parameters and which schema each body and response uses.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .contracts import ContractSet, Route

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_PATH_VARIABLE = re.compile(r"\{([^}:]+)(?::[^}]*)?\}")


def component_name(contract: str) -> str:
    """entity/bulk-post.request.json -> entity.bulk-post.request (a valid component key)."""
    return contract[: -len(".json")].replace("/", ".")


def build_openapi(contracts: ContractSet, routes: list[Route], *, version: str) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    used: set[str] = set()
    for route in routes:
        item = paths.setdefault(route.path, {})
        item[route.method.lower()] = _operation(contracts, route, used)
    schemas = {component_name(name): _rewrite(contracts, name, contracts.schemas[name]) for name in _closure(contracts, used)}
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": DIALECT,
        "info": {
            "title": "Atlan API (as served by atlan-emulator)",
            "version": version,
            "description": "Built from the JSON Schemas in contracts/. Paths are also served with a trailing slash.",
        },
        "tags": [{"name": tag} for tag in sorted({r.tag for r in routes if r.tag})],
        "components": {
            "schemas": schemas,
            "securitySchemes": {"apiKey": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"apiKey": []}],
        "paths": dict(sorted(paths.items())),
    }


def _operation(contracts: ContractSet, route: Route, used: set[str]) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in _PATH_VARIABLE.findall(route.path)
    ]
    for name, spec in route.query.items():
        param: dict[str, Any] = {"name": name, "in": "query", "required": bool(spec.get("required")),
                                 "schema": spec.get("schema", {"type": "string"})}
        if spec.get("description"):
            param["description"] = spec["description"]
        if param["schema"].get("type") == "array":
            param["style"], param["explode"] = "form", True
        parameters.append(param)
    operation: dict[str, Any] = {
        "operationId": route.operation_id,
        "summary": route.summary,
        "parameters": parameters,
        "responses": {
            "200": _content(route.response, "success", used),
            "default": _content(route.error, "error (the API's error body)", used),
        },
    }
    if route.tag:
        operation["tags"] = [route.tag]
    if route.path.startswith("/_emulator"):
        operation["security"] = []
    if not contracts.schemas[route.request].get("$ref", "").endswith("#/$defs/noBody"):
        operation["requestBody"] = {"required": False, **_content(route.request, "request body", used)}
    return operation


def _content(contract: str, description: str, used: set[str]) -> dict[str, Any]:
    used.add(contract)
    ref = {"$ref": f"#/components/schemas/{component_name(contract)}"}
    return {"description": description, "content": {"application/json": {"schema": ref}}}


def _closure(contracts: ContractSet, roots: set[str]) -> list[str]:
    """The contract files reachable from ``roots`` through $refs."""
    from .contracts import resolve_ref

    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for ref in _refs(contracts.schemas[name]):
            todo.append(resolve_ref(name, ref)[0])
    return sorted(seen)


def _refs(node: Any) -> list[str]:
    out: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                out.append(value)
            else:
                out.extend(_refs(value))
    elif isinstance(node, list):
        for value in node:
            out.extend(_refs(value))
    return out


def _rewrite(contracts: ContractSet, name: str, node: Any) -> Any:
    """A copy of a contract with $id/$schema dropped and $refs pointing into components/schemas."""
    from .contracts import resolve_ref

    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in ("$id", "$schema"):
                continue
            if key == "$ref" and isinstance(value, str):
                target, pointer = resolve_ref(name, value)
                out[key] = f"#/components/schemas/{component_name(target)}{pointer}"
            else:
                out[key] = _rewrite(contracts, name, value)
        return out
    if isinstance(node, list):
        return [_rewrite(contracts, name, v) for v in node]
    return node
