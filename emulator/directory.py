"""Users, groups and roles of a tenant, as the Heracles (/api/service) endpoints list them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import BadRequest
from .jsonbody import parse_json_body


@dataclass
class Directory:
    users: list[dict[str, Any]] = field(default_factory=list)
    groups: list[dict[str, Any]] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)
    current_username: str = "alice"

    @classmethod
    def default(cls, username: str = "alice") -> Directory:
        roles = [
            {"id": "11111111-1111-1111-1111-111111111111", "name": "$admin", "description": "Admin"},
            {"id": "22222222-2222-2222-2222-222222222222", "name": "$member", "description": "Member"},
            {"id": "33333333-3333-3333-3333-333333333333", "name": "$guest", "description": "Guest"},
        ]
        people = [(username, "Alice", "Admin", "$admin"), ("bob", "Bob", "Builder", "$member"),
                  ("carol", "Carol", "Curator", "$member"), ("dave", "Dave", "Guest", "$guest")]
        users = []
        for i, (login, first, last, role) in enumerate(people, start=1):
            users.append({
                "id": f"00000000-0000-4000-8000-{i:012d}",
                "username": login,
                "firstName": first,
                "lastName": last,
                "email": f"{login}@example.com",
                "emailVerified": True,
                "enabled": True,
                "workspaceRole": role,
                "roles": [role],
                "defaultRoles": [role],
                "groupCount": 1,
                "createdTimestamp": 1700000000000,
                "attributes": {},
                "personas": [],
            })
        groups = [
            {"id": "10000000-0000-4000-8000-000000000001", "name": "data_team", "alias": "Data Team",
             "path": "/data_team", "attributes": {"alias": ["Data Team"]}, "userCount": 2},
            {"id": "10000000-0000-4000-8000-000000000002", "name": "admins", "alias": "Admins",
             "path": "/admins", "attributes": {"alias": ["Admins"]}, "userCount": 1},
        ]
        return cls(users=users, groups=groups, roles=roles, current_username=username)

    def current_user(self) -> dict[str, Any]:
        for user in self.users:
            if user["username"] == self.current_username:
                return user
        return {"id": "00000000-0000-4000-8000-000000000000", "username": self.current_username}

    def whoami(self, *, api_token_user: bool = True) -> dict[str, Any]:
        """The caller with its role mappings; pyatlan (≤ 10) reads ``roles[*].name``, and an
        API-token role makes it use the ``workflows…`` paths rather than ``package-workflows…``."""
        user = self.current_user()
        roles = [{"id": "44444444-4444-4444-4444-444444444444", "name": "default-roles-default"}]
        if api_token_user:
            roles.insert(0, {"id": "55555555-5555-5555-5555-555555555555", "name": "$api-token-default-access"})
        return dict(user, roles=roles, groups=[])


def page(records: list[dict[str, Any]], *, offset: int, limit: int, filter_text: str | None = None,
         sort: str | None = None) -> dict[str, Any]:
    """One page of a Heracles listing: {totalRecord, filterRecord, records}."""
    if offset < 0 or limit < 0:
        raise BadRequest("offset and limit must be >= 0")
    chosen = records
    if filter_text:
        condition = _parse_filter(filter_text)  # once, and even when there is nothing to filter
        chosen = [r for r in records if _matches(r, condition)]
    if sort:
        key = sort.lstrip("-")
        chosen = sorted(chosen, key=lambda r: str(r.get(key, "")), reverse=sort.startswith("-"))
    return {"totalRecord": len(records), "filterRecord": len(chosen), "records": chosen[offset : offset + limit]}


def _parse_filter(text: str) -> dict[str, Any]:
    try:
        parsed = parse_json_body(text.encode("utf-8", "replace"))
    except BadRequest:
        raise BadRequest(f"filter is not valid JSON: {text[:200]!r}") from None
    if not isinstance(parsed, dict):
        raise BadRequest("filter must be a JSON object")
    return parsed


def _matches(record: dict[str, Any], condition: dict[str, Any]) -> bool:
    """The small filter language Heracles uses: {"field": value | {"$ilike": "x%"} | {"$in": [...]}}."""
    for key, expected in condition.items():
        if key == "$and":
            if not all(_matches(record, c) for c in expected):
                return False
            continue
        if key == "$or":
            if not any(_matches(record, c) for c in expected):
                return False
            continue
        actual = record.get(key)
        if isinstance(expected, dict):
            for op, operand in expected.items():
                if op == "$ilike":
                    if not _ilike(str(actual or ""), str(operand)):
                        return False
                elif op == "$in":
                    if actual not in operand:
                        return False
                elif op == "$eq":
                    if actual != operand:
                        return False
                else:
                    raise BadRequest(f"unsupported filter operator {op!r}")
        elif actual != expected:
            return False
    return True


def _ilike(value: str, pattern: str) -> bool:
    import re

    regex = "".join(".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern)
    return re.fullmatch(regex, value, flags=re.IGNORECASE | re.DOTALL) is not None


def people_of_state(state: dict[str, Any], base: Directory) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The users and groups a tenant has with a state document's ``users`` / ``groups``: the
    built-in ones first, then the document's (a built-in name in the document is not repeated).
    Raises BadRequest naming the first bad record, before anything changes."""
    out: list[list[dict[str, Any]]] = []
    for key, name_key, builtin in (("users", "username", base.users), ("groups", "name", base.groups)):
        records = state.get(key, [])
        if not isinstance(records, list):
            raise BadRequest(f"state.{key} must be an array")
        merged = [dict(r) for r in builtin]
        seen = {r[name_key] for r in builtin}
        for i, record in enumerate(records):
            if not isinstance(record, dict) or not isinstance(record.get("id"), str) \
                    or not isinstance(record.get(name_key), str) or not record[name_key]:
                raise BadRequest(f"state.{key}[{i}] must be an object with a string id and {name_key}")
            if record[name_key] not in seen:
                seen.add(record[name_key])
                merged.append(dict(record))
        out.append(merged)
    return out[0], out[1]
