"""Saving assets over HTTP for tests that then search or read them."""

from __future__ import annotations

from typing import Any

import httpx


def save(api: httpx.Client, *entities: dict[str, Any]) -> dict[str, str]:
    """POST the entities in one bulk request (temporary GUIDs -1, -2... where none is given);
    the GUID of every asset the response lists, by name."""
    body = {"entities": [dict(e, guid=e.get("guid", f"-{i + 1}")) for i, e in enumerate(entities)]}
    response = api.post("/api/meta/entity/bulk", json=body)
    assert response.status_code == 200, response.text
    mutated = response.json()["mutatedEntities"]
    return {e["attributes"]["name"]: e["guid"] for bucket in mutated.values() for e in bucket}
