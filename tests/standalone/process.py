"""The emulator as the container runs it: the real CLI in a subprocess, its URL read from the banner."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

START_TIMEOUT = 60


class EmulatorProcess:
    def __init__(self, *args: str, env: dict[str, str] | None = None, log_path: Path | None = None,
                 cwd: Path | None = None) -> None:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("ATLAN_EMULATOR_")}
        full_env.update(env or {})
        self.log_path = log_path
        self._log = open(log_path, "wb") if log_path else subprocess.DEVNULL  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "emulator", "serve", *args],
            stdout=subprocess.PIPE, stderr=self._log, env=full_env, cwd=cwd,
        )
        self.banner: list[str] = []
        self.url = self._read_url()

    def _read_url(self) -> str:
        assert self.proc.stdout is not None
        while True:
            line = self.proc.stdout.readline().decode()
            if not line:
                code = self.proc.wait(timeout=START_TIMEOUT)
                raise RuntimeError(f"emulator exited with {code} before listening; banner: {self.banner}")
            self.banner.append(line.rstrip("\n"))
            found = re.search(r"listening on (http://\S+)", line)
            if found:
                # the rest of the banner (a fixed number of lines) follows at once
                for _ in range(4):
                    self.banner.append(self.proc.stdout.readline().decode().rstrip("\n"))
                return found.group(1)

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None,
                token: str | None = "test-key") -> tuple[int, Any]:
        """(status, parsed JSON body) of one request; HTTP errors are returned, not raised."""
        data = json.dumps(body).encode() if body is not None else None
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        if token is not None:
            all_headers["Authorization"] = f"Bearer {token}"
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=all_headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"null")

    def terminate(self) -> int:
        """SIGTERM, as `docker stop` sends; the exit code."""
        self.proc.send_signal(signal.SIGTERM)
        return self.close()

    def kill(self) -> int:
        self.proc.kill()
        return self.close()

    def close(self) -> int:
        code = self.proc.wait(timeout=30)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        if self._log is not subprocess.DEVNULL:
            self._log.close()  # type: ignore[union-attr]
        return code

    def __enter__(self) -> EmulatorProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.kill()


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("ATLAN_EMULATOR_")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "emulator", *args], capture_output=True, text=True,
                          env=full_env, cwd=cwd, timeout=60)


def asset(name: str) -> dict[str, Any]:
    """A bulk-create body for one Table (the smallest asset pyatlan makes)."""
    return {"entities": [{"typeName": "Table", "attributes": {
        "qualifiedName": f"default/snowflake/1/db/schema/{name}", "name": name}}]}
