"""A deterministic corpus of malformed requests for every endpoint family (entity, search,
typedefs, service, workflows, apps, admin): broken JSON, invalid UTF-8, NaN, wrong types, deep
nesting, bodies over the limit, injection attempts in headers, unknown query parameters next to
bad ones, and path traversal in dataset names.

Each case names the status it must get; the generator is plain code (no randomness), so the
corpus is the same on every run and every case has a stable id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from emulator.jsonbody import MAX_DEPTH

BULK = "/api/meta/entity/bulk"
SEARCH = "/api/meta/search/indexsearch"
TYPEDEFS = "/api/meta/types/typedefs"
NO_SUCH_GUID = "00000000-dead-beef-0000-000000000000"


@dataclass(frozen=True)
class Case:
    family: str
    label: str
    method: str
    path: str
    status: int
    body: bytes | None = None
    params: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = field(default=())

    @property
    def id(self) -> str:
        return f"{self.family}:{self.method} {self.path} {self.label}"


def _json(value: Any) -> bytes:
    return json.dumps(value).encode()


def _nested(depth: int, inner: str = "1") -> bytes:
    return ('{"a":' * depth + inner + "}" * depth).encode()


def _nested_arrays(depth: int) -> bytes:
    return ("[" * depth + "]" * depth).encode()


# Broken documents every JSON endpoint must refuse with a 400 before doing anything.
BROKEN_JSON: list[tuple[str, bytes]] = [
    ("truncated object", b'{"entities": ['),
    ("trailing comma", b'{"a": 1,}'),
    ("single quotes", b"{'a': 1}"),
    ("bare word", b"hello"),
    ("two documents", b'{"a": 1}{"b": 2}'),
    ("unterminated string", b'{"a": "b'),
    ("NaN", b'{"a": NaN}'),
    ("Infinity", b'{"a": -Infinity}'),
    ("invalid UTF-8", b'{"a": "\xff\xfe"}'),
    ("lone continuation byte", b'{"a": "\x80"}'),
    ("overlong UTF-8", b'{"a": "\xc0\xaf"}'),
    ("nested one past the limit", _nested(MAX_DEPTH + 1)),
    ("nested arrays 5000 deep", _nested_arrays(5000)),
]

# Every endpoint that takes a JSON body, with a value of the wrong JSON type for it.
JSON_ENDPOINTS: list[tuple[str, str, str, bytes]] = [
    ("entity", "POST", BULK, b'"entities"'),
    ("entity", "POST", "/api/meta/entity", b"[1, 2]"),
    ("entity", "PUT", "/api/meta/entity/uniqueAttribute/type/Table?attr:qualifiedName=q", b"42"),
    ("search", "POST", SEARCH, b'["dsl"]'),
    ("typedefs", "POST", TYPEDEFS, b'"classificationDefs"'),
    ("workflows", "POST", "/api/service/workflows", b"true"),
    ("workflows", "POST", "/api/service/workflows/indexsearch", b'"query"'),
    ("workflows", "POST", "/api/service/package-workflows/indexsearch", b"[]"),
    ("workflows", "POST", "/api/service/runs/indexsearch", b"7"),
    ("workflows", "POST", "/api/service/workflows/submit", b'"name"'),
    ("apps", "POST", "/api/service/v1/app", b"[]"),
    ("admin", "POST", "/_emulator/faults", b'"rule"'),
    ("admin", "PUT", "/_emulator/state", b"[]"),
    ("admin", "PATCH", "/_emulator/config", b"[]"),
    ("admin", "POST", "/_emulator/clock/advance", b"[]"),
    ("admin", "PUT", "/_emulator/clock", b'"virtual"'),
    ("admin", "POST", "/_emulator/reset", b"[]"),
]

TRAVERSALS = [
    "../../etc/passwd", "/etc/passwd", "../../../../../../etc/shadow", "..", "../fixtures/docs",
    "docs/../../../etc/hosts", "..\\..\\windows\\win.ini", "%2e%2e%2fetc%2fpasswd", "/proc/self/environ",
    "fixtures/../pyproject.toml", "./docs.json", "/dev/zero", "docs\x00.json", "~/.ssh/id_rsa.json",
    "file:///etc/passwd", "docs.json/..", " docs", "docs ", "nosuchdataset", "no-such-dataset",
]

BAD_FAULT_RULES: list[tuple[str, Any]] = [
    ("CRLF in header value", {"path": "/x", "status": 503, "headers": {"Retry-After": "1\r\nSet-Cookie: a=1"}}),
    ("LF in header value", {"path": "/x", "status": 503, "headers": {"Retry-After": "1\nX-Evil: 1"}}),
    ("CR in header value", {"path": "/x", "status": 503, "headers": {"Retry-After": "1\rX-Evil: 1"}}),
    ("NUL in header value", {"path": "/x", "status": 503, "headers": {"X-A": "a\x00b"}}),
    ("colon in header name", {"path": "/x", "status": 503, "headers": {"X-A: injected": "1"}}),
    ("space in header name", {"path": "/x", "status": 503, "headers": {"X A": "1"}}),
    ("CRLF in header name", {"path": "/x", "status": 503, "headers": {"X-A\r\nX-B": "1"}}),
    ("empty header name", {"path": "/x", "status": 503, "headers": {"": "1"}}),
    ("non-Latin-1 header value", {"path": "/x", "status": 503, "headers": {"X-A": "\u20ac"}}),
    ("truncate with CRLF header", {"path": "/x", "action": "truncate", "headers": {"X-A": "1\r\n\r\nbody"}}),
    ("status as string", {"path": "/x", "status": "503"}),
    ("status out of range", {"path": "/x", "status": 999}),
    ("status boolean", {"path": "/x", "status": True}),
    ("unknown action", {"path": "/x", "action": "explode"}),
    ("status and action", {"path": "/x", "status": 500, "action": "reset"}),
    ("no effect", {"path": "/x"}),
    ("relative path", {"path": "api/meta", "status": 500}),
    ("bad regex", {"path_regex": "([", "status": 500}),
    ("path and regex", {"path": "/x", "path_regex": "/x", "status": 500}),
    ("negative times", {"path": "/x", "status": 500, "times": -1}),
    ("probability above 1", {"path": "/x", "status": 500, "probability": 1.5}),
    ("probability string", {"path": "/x", "status": 500, "probability": "always"}),
    ("unknown key", {"path": "/x", "status": 500, "when": "always"}),
    ("unknown method", {"method": "BREW", "path": "/x", "status": 500}),
    ("delay negative", {"path": "/x", "delay_ms": -5}),
    ("delay and delay_ms", {"path": "/x", "delay_ms": 5, "delay": {"fixed": 5}}),
    ("array with one bad rule", [{"path": "/x", "status": 500}, {"path": "/y", "status": "bad"}]),
    ("headers without status", {"path": "/x", "delay_ms": 1, "headers": {"X-A": "1"}}),
]


def _case(family: str, label: str, method: str, path: str, status: int, body: bytes | None = None,
          params: dict[str, str] | list[tuple[str, str]] | None = None,
          headers: dict[str, str] | None = None) -> Case:
    items = tuple(params.items()) if isinstance(params, dict) else tuple(params or ())
    return Case(family, label, method, path, status, body, items, tuple((headers or {}).items()))


def build_corpus(body_limit: int) -> list[Case]:
    """Every case, in a fixed order."""
    cases: list[Case] = []
    add = cases.append
    over_limit = b'{"entities": [' + b" " * body_limit + b"]}"

    # 1. The generic malformations, on every JSON endpoint.
    for family, method, path, wrong_type in JSON_ENDPOINTS:
        for label, body in BROKEN_JSON:
            add(_case(family, label, method, path, 400, body))
        add(_case(family, "wrong JSON type", method, path, 400, wrong_type))
        add(_case(family, "over the body limit", method, path, 413, over_limit))

    # 2. Entity: wrong types and missing pieces in otherwise valid JSON.
    def table(**overrides: Any) -> dict[str, Any]:
        base: dict[str, Any] = {"typeName": "Table", "attributes": {"qualifiedName": "default/x/1/db/sc/new",
                                                                    "name": "new"}}
        base.update(overrides)
        return base

    wrong_entities: list[tuple[str, Any, int]] = [
        ("entities object", {"entities": {}}, 400),
        ("entities empty", {"entities": []}, 400),
        ("entity a number", {"entities": [42]}, 400),
        ("entity a string", {"entities": ["Table"]}, 400),
        ("typeName missing", {"entities": [{"attributes": {"qualifiedName": "x", "name": "x"}}]}, 400),
        ("typeName a number", {"entities": [table(typeName=7)]}, 400),
        ("unknown typeName", {"entities": [table(typeName="NoSuchType")]}, 404),
        ("attributes a string", {"entities": [table(attributes="oops")]}, 400),
        ("qualifiedName missing", {"entities": [table(attributes={"name": "x"})]}, 400),
        ("qualifiedName a number", {"entities": [table(attributes={"qualifiedName": 12, "name": "x"})]}, 400),
        ("qualifiedName null", {"entities": [table(attributes={"qualifiedName": None, "name": "x"})]}, 400),
        ("status unknown", {"entities": [table(status="PURGED")]}, 400),
        ("classifications a string", {"entities": [table(classifications="PII")]}, 400),
        ("unknown entity field", {"entities": [table(bogusField=1)]}, 400),
        ("relationship not a reference", {"entities": [table(relationshipAttributes={"atlanSchema": "x"})]}, 400),
        ("guid of nothing", {"entities": [table(guid=NO_SUCH_GUID, attributes={"name": "x"})]}, 404),
        ("labels a number", {"entities": [table(labels=5)]}, 400),
        ("customAttributes a list", {"entities": [table(customAttributes=[1])]}, 400),
    ]
    for label, body, status in wrong_entities:
        add(_case("entity", label, "POST", BULK, status, _json(body)))
    add(_case("entity", "no entity key", "POST", "/api/meta/entity", 400, _json({"entities": [table()]})))
    add(_case("entity", "replaceTags not boolean", "POST", BULK, 400, _json({"entities": [table()]}),
              {"replaceTags": "maybe"}))
    add(_case("entity", "appendTags number", "POST", BULK, 400, _json({"entities": [table()]}), {"appendTags": "2"}))
    add(_case("entity", "delete without guid", "DELETE", BULK, 400))
    add(_case("entity", "delete empty guid", "DELETE", BULK, 400, params={"guid": ""}))
    add(_case("entity", "delete blank guid", "DELETE", BULK, 400, params={"guid": "   "}))
    add(_case("entity", "delete unknown deleteType", "DELETE", BULK, 400,
              params={"guid": NO_SUCH_GUID, "deleteType": "SOMETIMES"}))
    add(_case("entity", "delete unknown params only", "DELETE", BULK, 400,
              params={"bogus": "1", "__proto__": "x", "guids": NO_SUCH_GUID}))
    add(_case("entity", "get unknown guid", "GET", f"/api/meta/entity/guid/{NO_SUCH_GUID}", 404))
    add(_case("entity", "get unknown guid, unknown params", "GET", f"/api/meta/entity/guid/{NO_SUCH_GUID}", 404,
              params={"expand": "all", "x-debug": "1"}))
    add(_case("entity", "get with bad boolean", "GET", f"/api/meta/entity/guid/{NO_SUCH_GUID}", 400,
              params={"ignoreRelationships": "yes"}))
    add(_case("entity", "get guid traversal", "GET", "/api/meta/entity/guid/..%2F..%2Fetc%2Fpasswd", 404))
    add(_case("entity", "get guid percent-encoded junk", "GET", "/api/meta/entity/guid/%FF%FE%00", 404))
    add(_case("entity", "bulk get without guid", "GET", BULK, 400))
    add(_case("entity", "bulk get unknown guid", "GET", BULK, 404, params={"guid": NO_SUCH_GUID}))
    add(_case("entity", "delete unknown guid", "DELETE", f"/api/meta/entity/guid/{NO_SUCH_GUID}", 404))
    add(_case("entity", "unique without qualifiedName", "GET", "/api/meta/entity/uniqueAttribute/type/Table", 400))
    add(_case("entity", "unique with unknown param only", "GET", "/api/meta/entity/uniqueAttribute/type/Table",
              400, params={"attr:name": "x"}))
    add(_case("entity", "unique unknown type", "GET", "/api/meta/entity/uniqueAttribute/type/NoSuchType", 404,
              params={"attr:qualifiedName": "x"}))
    add(_case("entity", "unique type traversal", "GET", "/api/meta/entity/uniqueAttribute/type/..%2F..", 404,
              params={"attr:qualifiedName": "x"}))
    add(_case("entity", "unique missing entity", "GET", "/api/meta/entity/uniqueAttribute/type/Table", 404,
              params={"attr:qualifiedName": "default/nothing"}))
    add(_case("entity", "partial update of nothing", "PUT", "/api/meta/entity/uniqueAttribute/type/Table", 404,
              _json({"entity": {"attributes": {}}}), {"attr:qualifiedName": "default/nothing"}))
    add(_case("entity", "unique delete of nothing", "DELETE", "/api/meta/entity/uniqueAttribute/type/Table", 404,
              params={"attr:qualifiedName": "default/nothing"}))
    add(_case("entity", "method not allowed", "PATCH", BULK, 405))

    # 3. Search: valid JSON, wrong shapes.
    wrong_searches: list[tuple[str, Any]] = [
        ("dsl a string", {"dsl": "match_all"}),
        ("dsl missing", {"attributes": ["name"]}),
        ("size a string", {"dsl": {"size": "ten"}}),
        ("size negative", {"dsl": {"size": -1}}),
        ("from negative", {"dsl": {"from": -5}}),
        ("from + size over the window", {"dsl": {"from": 9_999, "size": 100}}),
        ("query an array", {"dsl": {"query": []}}),
        ("unknown clause", {"dsl": {"query": {"fuzzy_wuzzy": {"name": "x"}}}}),
        ("two clauses in one", {"dsl": {"query": {"term": {"a": 1}, "match_all": {}}}}),
        ("bool must a string", {"dsl": {"query": {"bool": {"must": "x"}}}}),
        ("term without field", {"dsl": {"query": {"term": {}}}}),
        ("sort order sideways", {"dsl": {"sort": [{"name.keyword": {"order": "sideways"}}]}}),
        ("attributes a string", {"dsl": {}, "attributes": "name"}),
        ("aggregation unknown", {"dsl": {"aggs": {"x": {"histogramz": {"field": "a"}}}}}),
        ("range bound not a date", {"dsl": {"query": {"range": {"__timestamp": {"gte": "not-a-date"}}}}}),
        ("range bound bad date math", {"dsl": {"query": {"range": {"__modificationTimestamp": {"lt": "now-x"}}}}}),
        ("range bound an object", {"dsl": {"query": {"range": {"__timestamp": {"gte": {"a": 1}}}}}}),
        ("range unknown operator", {"dsl": {"query": {"range": {"__timestamp": {"above": 1}}}}}),
    ]
    for label, body in wrong_searches:
        add(_case("search", label, "POST", SEARCH, 400, _json(body)))
    add(_case("search", "empty body", "POST", SEARCH, 400, b""))
    add(_case("search", "unknown params and broken body", "POST", SEARCH, 400, b"{", {"debug": "true", "pretty": "1"}))
    add(_case("search", "GET not allowed", "GET", SEARCH, 405))

    # 4. Typedefs.
    add(_case("typedefs", "unknown category", "GET", TYPEDEFS, 400, params={"type": "NOPE"}))
    add(_case("typedefs", "unknown name", "GET", "/api/meta/types/typedef/name/NoSuchTypedef", 404))
    add(_case("typedefs", "name traversal", "GET", "/api/meta/types/typedef/name/..%2F..%2Fetc", 404))
    add(_case("typedefs", "delete unknown name", "DELETE", "/api/meta/types/typedef/name/NoSuchTypedef", 404))
    add(_case("typedefs", "classificationDefs a string", "POST", TYPEDEFS, 400, _json({"classificationDefs": "PII"})))
    add(_case("typedefs", "classificationDef a number", "POST", TYPEDEFS, 400, _json({"classificationDefs": [1]})))
    add(_case("typedefs", "businessMetadataDefs an object", "POST", TYPEDEFS, 400,
              _json({"businessMetadataDefs": {"a": 1}})))
    add(_case("typedefs", "empty body", "POST", TYPEDEFS, 400, b""))

    # 5. Service.
    for path in ("/api/service/users", "/api/service/v2/groups", "/api/service/groups", "/api/service/roles",
                 "/api/service/apikeys"):
        add(_case("service", "offset negative", "GET", path, 400, params={"offset": "-1"}))
        add(_case("service", "limit not a number", "GET", path, 400, params={"limit": "ten"}))
        add(_case("service", "filter not JSON", "GET", path, 400, params={"filter": "{bad"}))
        add(_case("service", "offset overflow text", "GET", path, 400, params={"offset": "1e999"}))
        add(_case("service", "filter nested 1500 deep", "GET", path, 400, params={"filter": "[" * 1500}))
    add(_case("service", "whoami POST", "POST", "/api/service/whoami", 405))

    # 6. Workflows and apps.
    add(_case("workflows", "stop unknown run", "POST", "/api/service/runs/no-such-run/stop", 404))
    add(_case("workflows", "runs range bound not a date", "POST", "/api/service/runs/indexsearch", 400,
              _json({"query": {"range": {"status.startedAt": {"gte": "not-a-date"}}}})))
    add(_case("workflows", "cron of nothing", "GET", "/api/service/runs/cron/no-such-cron", 404))
    add(_case("workflows", "schedule window without dates", "GET",
              "/api/service/runs/cron/scheduleQueriesBetweenDuration", 400))
    add(_case("workflows", "archive unknown template", "POST", "/api/service/workflows/no-such-wf/archive", 404))
    add(_case("workflows", "update unknown template", "POST", "/api/service/workflows/no-such-wf", 404,
              _json({"metadata": {"name": "no-such-wf"}, "spec": {}})))
    add(_case("workflows", "rerun unknown template", "POST", "/api/service/workflows/submit", 404,
              _json({"namespace": "default", "resourceKind": "WorkflowTemplate", "resourceName": "no-such-wf"})))
    add(_case("apps", "unknown app workflow", "GET", "/api/service/v1/app/no-such-slug", 404))
    add(_case("apps", "unknown run", "GET", "/api/service/v1/app/runs/no-such-run", 404))
    add(_case("apps", "describe unknown app", "GET", "/api/service/v1/apps/no-such-app", 404))
    add(_case("apps", "inputs of unknown app", "GET", "/api/service/v1/apps/no-such-app/inputs", 404))
    add(_case("apps", "limit zero", "GET", "/api/service/v1/app", 400, params={"limit": "0"}))

    # 7. Admin: dataset names that try to leave fixtures/, bad fault rules, bad settings, bad state.
    for name in TRAVERSALS:
        add(_case("admin", f"reset dataset {name!r}", "POST", "/_emulator/reset", 400, _json({"dataset": name})))
    add(_case("admin", "reset unknown key", "POST", "/_emulator/reset", 400, _json({"datasett": "docs"})))
    add(_case("admin", "reset seed a string", "POST", "/_emulator/reset", 400, _json({"seed": "7"})))
    add(_case("admin", "reset assets negative", "POST", "/_emulator/reset", 400, _json({"assets": -1})))
    add(_case("admin", "reset assets over the cap", "POST", "/_emulator/reset", 400, _json({"assets": 10**12})))
    add(_case("admin", "reset assets a whole float", "POST", "/_emulator/reset", 400, _json({"assets": 100.0})))
    add(_case("admin", "reset seed a boolean", "POST", "/_emulator/reset", 400, _json({"seed": True})))
    add(_case("admin", "reset seed past 64 bits", "POST", "/_emulator/reset", 400, _json({"seed": 2**64})))
    add(_case("admin", "reset dataset a number", "POST", "/_emulator/reset", 400, _json({"dataset": 7})))
    for label, rule in BAD_FAULT_RULES:
        add(_case("admin", f"fault rule: {label}", "POST", "/_emulator/faults", 400, _json(rule)))
    add(_case("admin", "unknown fault rule", "GET", "/_emulator/faults/no-such-rule", 404))
    add(_case("admin", "remove unknown fault rule", "DELETE", "/_emulator/faults/no-such-rule", 404))
    for label, patch in [("unknown setting", {"no_such_setting": 1}), ("delay a string", {"deletion_delay": "1s"}),
                         ("delay negative", {"deletion_delay": -1}), ("uri_limit boolean", {"uri_limit": True}),
                         ("rate_limit null", {"rate_limit": None}), ("window a string", {"search_max_result_window": "big"}),
                         ("uri_limit a whole float", {"uri_limit": 2.0}), ("uri_limit under 64", {"uri_limit": 5}),
                         ("uri_limit huge", {"uri_limit": 10**30}), ("window zero", {"search_max_result_window": 0}),
                         ("delay absurd, next to a good field", {"deletion_delay": 1e15, "rate_burst": 5})]:
        add(_case("admin", f"config: {label}", "PATCH", "/_emulator/config", 400, _json(patch)))
    for label, advance in [("negative", {"seconds": -1}), ("string", {"seconds": "10"}), ("huge", {"seconds": 1e12}),
                           ("extra key", {"seconds": 1, "run": False})]:
        add(_case("admin", f"clock advance {label}", "POST", "/_emulator/clock/advance", 400, _json(advance)))
    add(_case("admin", "clock mode unknown", "PUT", "/_emulator/clock", 400, _json({"mode": "sideways"})))
    for label, state in [("version 2", {"version": 2, "entities": []}), ("entities a string", {"entities": "x"}),
                         ("entity without type", {"entities": [{"guid": "g"}]}),
                         ("workflows an object", {"entities": [], "workflows": {}})]:
        add(_case("admin", f"state: {label}", "PUT", "/_emulator/state", 400, _json(state)))

    # 8. Auth and header abuse that gets past the HTTP parser.
    for label, value in [("no scheme", "test"), ("basic", "Basic dXNlcjpwYXNz"), ("bearer without token", "Bearer"),
                         ("wrong key", "Bearer not-the-key"), ("key with suffix", "Bearer reliability-key;admin"),
                         ("header-like value", "Bearer x Set-Cookie: a=1"), ("latin-1 junk", "Bearer \u00ff\u00fe")]:
        add(_case("auth", label, "GET", "/api/service/whoami", 401, headers={"Authorization": value}))
    return cases


# Raw requests the HTTP parser itself refuses (CR/LF smuggling, bad request lines): aiohttp
# answers 400 before the app runs, so these get a plain-text 400, not the API's error shape.
RAW_REQUESTS: list[tuple[str, bytes]] = [
    ("bare CR in a header value", b"GET /api/service/whoami HTTP/1.1\r\nHost: x\r\nX-A: 1\rX-B: 2\r\n\r\n"),
    ("header without a colon", b"GET /api/service/whoami HTTP/1.1\r\nHost: x\r\nInjected\r\n\r\n"),
    ("NUL in a header value", b"GET /api/service/whoami HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n"),
    ("space before the colon", b"GET /api/service/whoami HTTP/1.1\r\nHost: x\r\nX-A : 1\r\n\r\n"),
    ("CL and TE together", b"POST /api/meta/entity/bulk HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                           b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
    ("two Content-Lengths", b"POST /api/meta/entity/bulk HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                            b"Content-Length: 3\r\n\r\n{}"),
    ("garbage request line", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"),
    ("bad chunk size", b"POST /api/meta/entity/bulk HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                       b"zz\r\n{}\r\n0\r\n\r\n"),
]
