"""pytest-xdist against one shared per-token emulator, as CI runs it: the real CLI serves; a nested
`pytest -n 2` runs pyatlan tests (tests/sdk/test_assets_sdk.py and shared_server_checks.py) in two
workers, each with its own token, through --atlan-emulator-url."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .process import EmulatorProcess

REPO = Path(__file__).resolve().parents[2]


def test_sdk_tests_in_two_xdist_workers_share_one_per_token_server(tmp_path: Path) -> None:
    log, out = tmp_path / "server.log", tmp_path / "checks.txt"
    with EmulatorProcess("--port", "0", "--dataset", "empty", "--tenancy", "per-token", "--max-tenants", "4",
                         "--admin-token", "ci-admin", "--log-format", "json", log_path=log) as server:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "ATLAN_EMULATOR_"))}
        env.update(ATLAN_TEST_EMULATOR_URL=server.url, ATLAN_TEST_EMULATOR_ADMIN_TOKEN="ci-admin",
                   ATLAN_TEST_EMULATOR_TOKEN="job-1", SHARED_CHECK_OUT=str(out))
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-n", "2", "-p", "no:cacheprovider",
             "tests/sdk/test_assets_sdk.py", "tests/standalone/shared_server_checks.py"],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
        )
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
        assert "17 passed" in result.stdout, result.stdout[-2000:]
        assert server.terminate() == 0
    # each worker on its own token; every test from a fresh start (the same seed: the same first GUID)
    rows = [line.split() for line in out.read_text().splitlines()]
    assert len(rows) == 6 and all(token == f"job-1-{worker}" for worker, token, _ in rows)
    assert len({guid for _, _, guid in rows}) == 1
    # the server saw exactly two tenants on its API routes: both workers ran SDK tests, apart
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    tenants = {line["tenant"] for line in lines if line.get("path", "").startswith("/api/")}
    assert len(tenants) == 2 and all(name.startswith("t-") for name in tenants)
