"""Contracts: the JSON Schemas in contracts/ and the one map from (method, route) to them.

Loaded and compiled once per process. Request validation (middleware/contracts.py), the test
suite's response checks, the OpenAPI document and ``atlan-emulator contracts check`` all read
this one object, so the wire format has a single description. Knows nothing of aiohttp.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin

import jsonschema_rs
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .errors import BadRequest

# Schemas get absolute ids under this base so that relative $refs ("../defs/entity.json#/...")
# resolve inside the registry; nothing is ever fetched from it.
BASE_URI = "https://atlan-emulator.invalid/contracts/"
ROUTES_FILE = "routes.json"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_VARIABLE = re.compile(r"\{[^}]*\}")


@dataclass(frozen=True)
class Violation:
    """One way a document breaks its contract: where (a JSON path) and which rule."""

    direction: str  # "request" | "response"
    contract: str  # the contract file, relative to contracts/
    path: str  # JSON path into the document, e.g. $.entities[0].typeName
    rule: str  # the JSON Schema keyword that failed, e.g. "type", "required"
    message: str

    def __str__(self) -> str:
        return f"{self.direction} {self.path}: {self.message} (rule '{self.rule}', {self.contract})"

    def as_dict(self) -> dict[str, str]:
        return {"direction": self.direction, "contract": self.contract, "path": self.path,
                "rule": self.rule, "message": self.message}


@dataclass(frozen=True)
class Route:
    """One endpoint: its request and response contracts and its documented query parameters."""

    method: str
    path: str  # the pattern, e.g. /api/meta/entity/guid/{guid}, without a trailing slash
    operation_id: str
    summary: str
    tag: str
    request: str
    response: str
    error: str
    query: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, route_key(self.path))


def route_key(pattern: str) -> str:
    """The lookup form of a route pattern: no trailing slash, variables unnamed ({guid} -> {})."""
    trimmed = pattern.rstrip("/") or "/"
    return _VARIABLE.sub("{}", trimmed)


class RequestContractViolation(BadRequest):
    """A request body that breaks its contract (strict mode): 400 naming the path and the rule."""

    code = "ATLAS-400-00-029"

    def __init__(self, route: Route, violations: list[Violation]) -> None:
        first = violations[0]
        super().__init__(
            f"request body does not match the contract {route.request}: at {first.path}: "
            f"{first.message} (rule '{first.rule}')"
        )
        self.violations = violations

    def body(self) -> dict[str, Any]:
        out = super().body()
        out["causes"] = [
            {"errorType": v.rule, "errorMessage": v.message, "location": v.path} for v in self.violations[:20]
        ]
        return out


class ContractSet:
    """Every schema under contracts/, compiled, and the route map of contracts/routes.json."""

    def __init__(self, root: Traversable | Path) -> None:
        self.schemas: dict[str, dict[str, Any]] = {}
        for name, text in _walk(root):
            if name == ROUTES_FILE:
                continue
            schema = json.loads(text)
            schema["$id"] = BASE_URI + name
            self.schemas[name] = schema
        self.registry: Registry = Registry().with_resources(
            (BASE_URI + name, Resource.from_contents(schema, default_specification=DRAFT202012))
            for name, schema in self.schemas.items()
        )
        # Two engines over the same files: jsonschema-rs (compiled, ~300x faster) answers "valid?"
        # on every request; the reference implementation, jsonschema, explains a failure (JSON path,
        # rule, best match) and has the last word, so the two can never disagree in effect.
        self._validators = {
            name: Draft202012Validator(schema, registry=self.registry) for name, schema in self.schemas.items()
        }
        fast_registry = jsonschema_rs.Registry([(BASE_URI + name, schema) for name, schema in self.schemas.items()])
        self._fast = {
            name: jsonschema_rs.validator_for(schema, registry=fast_registry) for name, schema in self.schemas.items()
        }
        spec = json.loads(root.joinpath(ROUTES_FILE).read_text(encoding="utf-8"))
        default_error = spec["errorResponse"]
        self.error_contract = default_error
        self.routes: list[Route] = [
            Route(
                method=r["method"].upper(),
                path=r["path"],
                operation_id=r["operationId"],
                summary=r.get("summary", ""),
                tag=r.get("tag", ""),
                request=r["request"],
                response=r["response"],
                error=r.get("error", default_error),
                query=r.get("query", {}),
            )
            for r in spec["routes"]
        ]
        self._by_key: dict[tuple[str, str], Route] = {}
        for route in self.routes:
            if route.key in self._by_key:
                raise ValueError(f"contracts/{ROUTES_FILE}: {route.method} {route.path} is listed twice")
            for name in (route.request, route.response, route.error):
                if name not in self.schemas:
                    raise ValueError(f"contracts/{ROUTES_FILE}: {route.method} {route.path} names a missing file {name}")
            self._by_key[route.key] = route
        # Literal routes win over ones with variables (workflows/indexsearch before workflows/{name}).
        ordered = sorted(self.routes, key=lambda r: (r.path.count("{"), -len(r.path)))
        self._patterns = [(r, _compile(r.path)) for r in ordered]

    # --- lookup --------------------------------------------------------------------------
    def route_for(self, method: str, pattern: str) -> Route | None:
        """The route of a server-side route pattern (aiohttp's canonical form)."""
        return self._by_key.get((method.upper(), route_key(pattern)))

    def match(self, method: str, path: str) -> Route | None:
        """The route a concrete request path falls under (for captured traffic)."""
        method = method.upper()
        path = path.split("?", 1)[0].rstrip("/") or "/"
        for route, regex in self._patterns:
            if route.method == method and regex.fullmatch(path):
                return route
        return None

    # --- validation ----------------------------------------------------------------------
    def validate(self, contract: str, instance: Any, *, direction: str) -> list[Violation]:
        if self._fast[contract].is_valid(instance):
            return []
        errors = list(self._validators[contract].iter_errors(instance))
        if not errors:
            return []
        errors.sort(key=lambda e: (list(map(str, e.absolute_path)), e.validator))
        first = best_match(errors)
        ordered = [first] + [e for e in errors if e is not first]
        return [_violation(e, contract, direction) for e in ordered]

    def check_request(self, route: Route, body: Any) -> list[Violation]:
        return self.validate(route.request, body, direction="request")

    def check_response(self, route: Route | None, status: int, body: Any) -> list[Violation]:
        """A 2xx against the route's response contract; 4xx/5xx against the error contract."""
        if status >= 400:
            return self.validate(route.error if route else self.error_contract, body, direction="response")
        if route is None:
            return []
        return self.validate(route.response, body, direction="response")

    # --- documents -----------------------------------------------------------------------
    def names(self) -> list[str]:
        return sorted(self.schemas)

    def inlined(self, contract: str) -> dict[str, Any]:
        """The contract with every $ref replaced by what it points to (for tools that cannot
        follow references across files, such as data generators). Contracts are not recursive."""
        return _inline(self, contract, self.schemas[contract], depth=0)

    def openapi(self, served: Iterable[tuple[str, str]] | None = None, *, version: str = "0") -> dict[str, Any]:
        """An OpenAPI 3.1 document of the routes (only those ``served`` as (method, pattern), if given)."""
        from .openapi import build_openapi

        keys = None if served is None else {(m.upper(), route_key(p)) for m, p in served}
        routes = [r for r in self.routes if keys is None or r.key in keys]
        return build_openapi(self, routes, version=version)


def _inline(contracts: ContractSet, base: str, node: Any, *, depth: int) -> Any:
    if depth > 32:
        raise ValueError(f"{base}: $refs nest too deeply (a recursive contract?)")
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key not in ("$id", "$schema", "$defs", "$comment", "$ref"):
                out[key] = _inline(contracts, base, value, depth=depth)
        ref = node.get("$ref")
        if not isinstance(ref, str):
            return out
        target, pointer = resolve_ref(base, ref)
        resolved: Any = contracts.schemas[target]
        for part in filter(None, pointer.split("/")):
            resolved = resolved[part.replace("~1", "/").replace("~0", "~")]
        inlined = _inline(contracts, target, resolved, depth=depth + 1)
        return {"allOf": [out, inlined]} if out else inlined
    if isinstance(node, list):
        return [_inline(contracts, base, v, depth=depth) for v in node]
    return node


def _violation(error: ValidationError, contract: str, direction: str) -> Violation:
    return Violation(direction=direction, contract=contract, path=error.json_path,
                     rule=str(error.validator), message=_short(error.message))


def _short(message: str, limit: int = 300) -> str:
    return message if len(message) <= limit else message[: limit - 3] + "..."


def _compile(pattern: str) -> re.Pattern[str]:
    parts = _VARIABLE.split(pattern.rstrip("/"))
    return re.compile("[^/]+".join(re.escape(p) for p in parts))


def _walk(root: Traversable | Path, prefix: str = "") -> Iterator[tuple[str, str]]:
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            if not entry.name.startswith(("_", ".")):
                yield from _walk(entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith(".json"):
            yield f"{prefix}{entry.name}", entry.read_text(encoding="utf-8")


def contracts_root() -> Traversable | Path:
    """contracts/ as installed (package emulator.contracts_data) or next to the source tree."""
    try:
        return resources.files("emulator.contracts_data")
    except ModuleNotFoundError:  # an editable install made before contracts/ was a package
        return Path(__file__).resolve().parent.parent / "contracts"


@lru_cache(maxsize=1)
def load_contracts() -> ContractSet:
    """The process's one ContractSet: read and compiled on first use, then shared."""
    return ContractSet(contracts_root())


def resolve_ref(base: str, ref: str) -> tuple[str, str]:
    """(contract file, JSON pointer) that ``ref`` found in contract ``base`` points to."""
    absolute, fragment = urldefrag(urljoin(BASE_URI + base, ref))
    if not absolute.startswith(BASE_URI):
        raise ValueError(f"{base}: $ref {ref!r} leaves contracts/")
    return absolute[len(BASE_URI):], fragment
