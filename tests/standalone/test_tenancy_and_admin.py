"""per-token tenancy, the tenant cap, the admin token and the request log, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from .process import EmulatorProcess, asset

BULK = "/api/meta/entity/bulk"
ADMIN = {"X-Emulator-Admin-Token": "let-me-in"}


def _names(server: EmulatorProcess, token: str) -> set[str]:
    status, state = server.request("GET", "/_emulator/state", token=token, headers=ADMIN)
    assert status == 200, state
    return {e["attributes"]["name"] for e in state["entities"]}


def test_per_token_tenants_admin_token_cap_and_json_log(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    with EmulatorProcess("--port", "0", "--dataset", "empty", "--tenancy", "per-token", "--max-tenants", "2",
                         "--admin-token", "let-me-in", "--log-format", "json", "--clock", "virtual",
                         log_path=log) as server:
        assert "admin=X-Emulator-Admin-Token required" in "\n".join(server.banner)
        # two tokens, two worlds
        assert server.request("POST", BULK, asset("only-a"), token="job-a")[0] == 200
        assert server.request("POST", BULK, asset("only-b"), token="job-b")[0] == 200
        assert _names(server, "job-a") == {"only-a"}
        assert _names(server, "job-b") == {"only-b"}
        by_name = "/api/meta/entity/uniqueAttribute/type/Table?attr:qualifiedName=default/snowflake/1/db/schema/only-a"
        assert server.request("GET", by_name, token="job-a")[0] == 200
        status, found = server.request("GET", by_name, token="job-b")
        assert status == 404 and found["errorCode"] != "ATLAS-404-00-004", found  # not found, not "no route"
        # admin calls act on the caller's tenant: a reset of job-a leaves job-b alone
        assert server.request("POST", "/_emulator/reset", token="job-a", headers=ADMIN)[0] == 200
        assert _names(server, "job-a") == set()
        assert _names(server, "job-b") == {"only-b"}
        # and so do settings and the clock
        status, _ = server.request("PATCH", "/_emulator/config", {"deletion_delay": 30}, token="job-b", headers=ADMIN)
        assert status == 200
        assert server.request("GET", "/_emulator/config", token="job-a", headers=ADMIN)[1]["deletion_delay"] == 0
        # a third token is over the cap: 429 in the API's error shape, for API and admin routes
        status, body = server.request("POST", BULK, asset("c"), token="job-c")
        assert status == 429 and body["errorCode"] == "ATLAS-429-00-002", body
        assert "max_tenants" in body["errorMessage"] or "--max-tenants" in body["errorMessage"]
        assert server.request("GET", "/_emulator/state", token="job-c", headers=ADMIN)[0] == 429
        # the admin token: missing -> 401, wrong -> 403, health stays open (container health checks)
        status, body = server.request("GET", "/_emulator/state", token="job-a")
        assert status == 401 and "X-Emulator-Admin-Token" in body["errorMessage"]
        status, body = server.request("GET", "/_emulator/state", token="job-a",
                                      headers={"X-Emulator-Admin-Token": "guess"})
        assert status == 403 and body["errorCode"].startswith("ATLAS-403")
        assert server.request("POST", "/_emulator/reset", token="job-b")[0] == 401
        assert _names(server, "job-b") == {"only-b"}  # the refused reset changed nothing
        assert server.request("GET", "/_emulator/health", token=None)[0] == 200
        # per-token mode: an admin call must say whose tenant it is
        status, body = server.request("GET", "/_emulator/state", token=None, headers=ADMIN)
        assert status == 401 and "Bearer" in body["errorMessage"]
        # the admin token is not an API token
        assert server.request("GET", "/api/meta/types/typedefs", token=None, headers=ADMIN)[0] == 401
        assert server.terminate() == 0
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    requests = [line for line in lines if line.get("logger") == "atlan_emulator.access"]
    assert {"method", "path", "status", "duration_ms", "tenant", "time"} <= set(requests[0])
    first = requests[0]
    assert (first["method"], first["path"], first["status"]) == ("POST", BULK, 200)
    tenants = {line["tenant"] for line in requests if line["path"] == BULK and line["status"] == 200}
    assert len(tenants) == 2 and all(t.startswith("t-") for t in tenants)
    assert any(line["status"] == 429 for line in requests)
    assert "job-a" not in log.read_text() and "let-me-in" not in log.read_text()  # no secrets in logs


def test_single_tenancy_shares_one_tenant_and_text_log(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    with EmulatorProcess("--port", "0", "--dataset", "empty", log_path=log) as server:
        assert server.request("POST", BULK, asset("shared"), token="one")[0] == 200
        status, state = server.request("GET", "/_emulator/state", token="two")
        assert status == 200  # no admin token configured: the admin API is open
        assert {e["attributes"]["name"] for e in state["entities"]} == {"shared"}
        assert server.terminate() == 0
    text = log.read_text()
    assert f"POST {BULK} 200 " in text and "tenant=default" in text
