"""The container image, without a Docker engine: the Dockerfile's own ENTRYPOINT and HEALTHCHECK
commands, run as the image runs them (configuration by environment, 0.0.0.0, SIGTERM on stop)."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCKERFILE = (REPO / "Dockerfile").read_text()


def _instruction(name: str) -> str:
    """The text of one Dockerfile instruction, continuation lines joined."""
    joined = DOCKERFILE.replace("\\\n", " ")
    found = re.search(rf"^{name}\s+(.*)$", joined, re.MULTILINE)
    assert found, f"Dockerfile has no {name}"
    return found.group(1).strip()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _outward_address() -> str | None:
    """This host's address on its default route (no packet is sent), if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.123", 9))
        except OSError:
            return None
        address = str(s.getsockname()[0])
    return None if address.startswith("127.") else address


def test_dockerfile_is_conventional() -> None:
    assert re.match(r"python:3\.\d+-slim$", _instruction("FROM"))
    assert _instruction("USER") not in ("root", "0")
    assert _instruction("EXPOSE") == "8765"
    assert "/_emulator/health" in _instruction("HEALTHCHECK")
    entrypoint = json.loads(_instruction("ENTRYPOINT"))
    assert entrypoint == ["atlan-emulator", "serve", "--host", "0.0.0.0"]
    ignored = (REPO / ".dockerignore").read_text().split()
    assert ".git" in ignored and ".venv*" in ignored


def test_entrypoint_serves_configured_by_environment_and_passes_its_health_check() -> None:
    entrypoint = json.loads(_instruction("ENTRYPOINT"))
    # the console script pip installs in the image, here from the test environment
    command = [str(Path(sys.executable).parent / entrypoint[0]), *entrypoint[1:]]
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATLAN_EMULATOR_")}
    env.update(ATLAN_EMULATOR_PORT=str(port), ATLAN_EMULATOR_DATASET="empty", ATLAN_EMULATOR_TENANCY="per-token",
               ATLAN_EMULATOR_ADMIN_TOKEN="ci-admin", ATLAN_EMULATOR_LOG_FORMAT="json")
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert f"listening on http://127.0.0.1:{port}" in first, first
        # the HEALTHCHECK command, exactly as written (no admin token needed)
        health = _instruction("HEALTHCHECK").split(" CMD ", 1)[1]
        check = subprocess.run(shlex.split(health), env=env, timeout=30)
        assert check.returncode == 0
        # 0.0.0.0: reachable on the host's other interfaces too (as through a published port)
        for address in {"127.0.0.1", _outward_address()} - {None}:
            with urllib.request.urlopen(f"http://{address}:{port}/_emulator/health", timeout=30) as response:
                assert response.status == 200
        request = urllib.request.Request(f"http://127.0.0.1:{port}/_emulator/state",
                                         headers={"Authorization": "Bearer job", "X-Emulator-Admin-Token": "ci-admin"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert json.loads(response.read())["entities"] == []
        proc.send_signal(signal.SIGTERM)  # `docker stop`
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
