"""The effective configuration of the real CLI: defaults < TOML file < ATLAN_EMULATOR_* < flags,
seen by `config show` and by a running server; bad configuration exits non-zero before listening."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from .process import EmulatorProcess, run_cli

TOML = """
dataset = "empty"
deletion_delay = 5.0
uri_limit = 4000
journal_size = 50
api_keys = ["from-file"]
tenancy = "per-token"
"""


def _shown(stdout: str) -> dict[str, str]:
    return dict(line.split(" = ", 1) for line in stdout.splitlines())


def test_config_show_layers_file_env_and_flags(tmp_path: Path) -> None:
    config = tmp_path / "emulator.toml"
    config.write_text(TOML)
    env = {"ATLAN_EMULATOR_DELETION_DELAY": "2.5", "ATLAN_EMULATOR_URI_LIMIT": "3000",
           "ATLAN_EMULATOR_ADMIN_TOKEN": "sekrit", "ATLAN_EMULATOR_CHECK_RESPONSES": "true"}
    result = run_cli("config", "show", "--config", str(config), "--uri-limit", "2048", "--clock", "virtual", env=env)
    assert result.returncode == 0, result.stderr
    shown = _shown(result.stdout)
    assert shown["dataset"] == "'empty'"  # file
    assert shown["journal_size"] == "50"  # file
    assert shown["deletion_delay"] == "2.5"  # env over file
    assert shown["uri_limit"] == "2048"  # flag over env over file
    assert shown["clock"] == "'virtual'"  # flag
    assert shown["check_responses"] == "True"  # env
    assert shown["tenancy"] == "'per-token'"
    assert shown["api_keys"] == "['from-file']"
    assert shown["admin_token"] == "'***'"  # secrets are masked
    assert shown["host"] == "'127.0.0.1'"  # default


def test_config_file_from_environment(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('seed = 7\n')
    result = run_cli("config", "show", env={"ATLAN_EMULATOR_CONFIG": str(config)})
    assert result.returncode == 0, result.stderr
    assert _shown(result.stdout)["seed"] == "7"


def test_running_server_uses_the_effective_config(tmp_path: Path) -> None:
    config = tmp_path / "emulator.toml"
    config.write_text(TOML)
    env = {"ATLAN_EMULATOR_DELETION_DELAY": "2.5", "ATLAN_EMULATOR_URI_LIMIT": "3000"}
    with EmulatorProcess("--config", str(config), "--port", "0", "--rate-limit", "100",
                         "--log-format", "off", env=env) as server:
        assert "tenancy=per-token (at most 64)" in "\n".join(server.banner)
        assert "dataset=empty" in server.banner[1]
        assert "export ATLAN_API_KEY=from-file" in server.banner
        status, settings = server.request("GET", "/_emulator/config", token="from-file")
        assert status == 200, settings
        assert settings["deletion_delay"] == 2.5
        assert settings["uri_limit"] == 3000
        assert settings["rate_limit"] == 100.0
        # the API key list from the file is enforced
        status, body = server.request("GET", "/api/meta/types/typedefs?type=classification", token="other")
        assert status == 401 and body["errorCode"].startswith("ATLAS-401")
        assert server.terminate() == 0  # SIGTERM: a clean stop, exit 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_bad_configuration_exits_non_zero_before_listening(tmp_path: Path) -> None:
    port = str(_free_port())
    bad_file = tmp_path / "bad.toml"
    bad_file.write_text('dataset = "empty"\nno_such_key = 1\n')
    cases = [
        (["--config", str(bad_file)], {}, "no_such_key"),
        ([], {"ATLAN_EMULATOR_PORT": "eighty"}, "port"),
        ([], {"ATLAN_EMULATOR_TENANCY": "shared"}, "tenancy"),
        ([], {"ATLAN_EMULATOR_MAX_TENANTS": "0"}, "max_tenants"),
        (["--deletion-delay", "-1"], {}, "deletion_delay"),
        (["--tenancy", "everyone"], {}, "--tenancy"),
        (["--fault", "[1]"], {}, "--fault"),
        (["--state-file", str(tmp_path)], {}, "state_file"),  # a directory is no SQLite file
    ]
    for args, env, named in cases:
        result = run_cli("serve", "--port", port, "--dataset", "empty", *args, env=env)
        assert result.returncode == 2, (args, env, result.stdout, result.stderr)
        assert named in result.stderr, (named, result.stderr)
        assert "listening" not in result.stdout
        with socket.socket() as s:  # nothing is bound to the port
            s.bind(("127.0.0.1", int(port)))


def test_fault_flag_is_a_start_up_rule() -> None:
    rule = {"path": "/api/meta/entity/bulk", "status": 503, "times": 1}
    with EmulatorProcess("--port", "0", "--dataset", "empty", "--log-format", "off",
                         "--fault", json.dumps(rule)) as server:
        body = {"entities": [{"typeName": "Table", "attributes": {"qualifiedName": "q/t", "name": "t"}}]}
        assert server.request("POST", "/api/meta/entity/bulk", body)[0] == 503
        assert server.request("POST", "/api/meta/entity/bulk", body)[0] == 200
        assert server.terminate() == 0


def test_config_reference_lists_every_field() -> None:
    from dataclasses import fields

    from emulator.config import EmulatorConfig

    result = run_cli("config", "reference")
    assert result.returncode == 0, result.stderr
    for spec in fields(EmulatorConfig):
        assert f"| `{spec.name}` |" in result.stdout
        assert f"`ATLAN_EMULATOR_{spec.name.upper()}`" in result.stdout
