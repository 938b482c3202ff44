"""EmulatorConfig: the one description of how an emulator instance behaves.

Filled, lowest to highest, from defaults, a TOML file, ``ATLAN_EMULATOR_*`` environment
variables and explicit overrides (CLI flags). Unknown keys and bad values are errors that
name the key, raised before anything binds a port.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

ENV_PREFIX = "ATLAN_EMULATOR_"


class ConfigError(ValueError):
    """A configuration key or value that cannot be used; the message names it."""


@dataclass
class EmulatorConfig:
    host: str = field(default="127.0.0.1", metadata={"help": "interface to listen on (0.0.0.0 in containers)"})
    port: int = field(default=8765, metadata={"help": "TCP port; 0 picks a free one"})
    seed: int = field(default=42, metadata={"help": "seed for generated data, GUIDs and random faults"})
    api_keys: list[str] = field(
        default_factory=list,
        metadata={"help": "bearer tokens accepted; empty accepts any non-empty token", "flag": "--api-key"},
    )
    deletion_delay: float = field(
        default=0.0, metadata={"help": "seconds before a delete/purge lands (asynchronous deletion)"}
    )
    clock: str = field(default="real", metadata={"help": "real | virtual", "choices": ("real", "virtual")})
    dataset: str = field(default="docs", metadata={"help": "dataset name (fixtures/) or path to a JSON file"})
    assets: int = field(default=200, metadata={"help": "size of the generated tenant merged into the dataset"})
    username: str = field(default="alice", metadata={"help": "the user the API key acts as"})
    uri_limit: int = field(
        default=8192, metadata={"help": "longest request line in bytes; longer gets 414 (0: no limit)"}
    )
    rate_limit: float = field(default=0.0, metadata={"help": "requests/s per tenant (token bucket); 0: unlimited"})
    rate_burst: int = field(default=0, metadata={"help": "token bucket size; 0: one second's worth of rate_limit"})
    journal_size: int = field(default=1000, metadata={"help": "requests kept in the request journal"})
    max_body_size: int = field(
        default=64 * 1024 * 1024, metadata={"help": "largest request body in bytes; larger gets 413"}
    )
    faults: list[dict[str, Any]] = field(
        default_factory=list,
        metadata={"help": "fault rules active from the start (TOML [[faults]] tables; flag: one JSON object each)",
                  "flag": "--fault"},
    )
    contracts: str = field(
        default="strict",
        metadata={"help": "request validation against contracts/: off | warn | strict (400)",
                  "choices": ("off", "warn", "strict")},
    )
    check_responses: bool = field(
        default=False, metadata={"help": "check every response against contracts/ (the test suite turns it on)"}
    )
    tenancy: str = field(
        default="single",
        metadata={"help": "single: every token shares one tenant | per-token: each bearer token its own tenant",
                  "choices": ("single", "per-token")},
    )
    max_tenants: int = field(
        default=64, metadata={"help": "per-token mode: most tenants at once; a new token beyond gets 429"}
    )
    admin_token: str = field(
        default="",
        metadata={"help": "when set, /_emulator/* (but health) needs header X-Emulator-Admin-Token", "secret": True},
    )
    state_file: str = field(
        default="", metadata={"help": "SQLite file keeping tenant state across restarts; empty: memory only"}
    )
    log_format: str = field(
        default="text", metadata={"help": "one line per request: text | json | off", "choices": ("text", "json", "off")}
    )

    def validate(self) -> None:
        for spec in fields(self):
            choices = spec.metadata.get("choices")
            if choices and getattr(self, spec.name) not in choices:
                raise ConfigError(
                    f"{spec.name}: must be one of {', '.join(choices)}, got {getattr(self, spec.name)!r}"
                )
        if self.max_tenants < 1:
            raise ConfigError(f"max_tenants: must be >= 1, got {self.max_tenants}")
        if self.contracts not in ("off", "warn", "strict"):
            raise ConfigError(f"contracts: must be 'off', 'warn' or 'strict', got {self.contracts!r}")
        if self.clock not in ("real", "virtual"):
            raise ConfigError(f"clock: must be 'real' or 'virtual', got {self.clock!r}")
        if not 0 <= self.port <= 65535:
            raise ConfigError(f"port: must be 0..65535, got {self.port}")
        if self.deletion_delay < 0:
            raise ConfigError(f"deletion_delay: must be >= 0, got {self.deletion_delay}")
        if self.assets < 0:
            raise ConfigError(f"assets: must be >= 0, got {self.assets}")
        for name in ("uri_limit", "rate_limit", "rate_burst"):
            if getattr(self, name) < 0:
                raise ConfigError(f"{name}: must be >= 0, got {getattr(self, name)}")
        if self.max_body_size < 1:
            raise ConfigError(f"max_body_size: must be >= 1, got {self.max_body_size}")
        if self.journal_size < 1:
            raise ConfigError(f"journal_size: must be >= 1, got {self.journal_size}")
        from .faults import check_rules  # the rule language lives in the faults package

        problem = check_rules(self.faults)
        if problem:
            raise ConfigError(f"faults: {problem}")

    @classmethod
    def load(
        cls,
        *,
        file: str | Path | None = None,
        env: Mapping[str, str] | None = None,
        overrides: Mapping[str, Any] | None = None,
    ) -> EmulatorConfig:
        """Build the effective config: defaults < TOML file < environment < overrides."""
        values: dict[str, Any] = {}
        if file is not None:
            with open(file, "rb") as fh:
                values.update(_coerce_all(tomllib.load(fh), source=str(file)))
        env = os.environ if env is None else env
        from_env = {
            key[len(ENV_PREFIX) :].lower(): value
            for key, value in env.items()
            if key.startswith(ENV_PREFIX) and key != ENV_PREFIX + "CONFIG"
        }
        values.update(_coerce_all(from_env, source="environment", from_text=True))
        values.update(_coerce_all({k: v for k, v in (overrides or {}).items() if v is not None}, source="flags"))
        config = cls(**values)
        config.validate()
        return config

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def public_dict(self) -> dict[str, Any]:
        """``as_dict`` with secrets (metadata ``secret``) masked, for printing and logs."""
        out = self.as_dict()
        for spec in fields(self):
            if spec.metadata.get("secret") and out[spec.name]:
                out[spec.name] = "***"
        return out


_FIELDS = {f.name: f for f in fields(EmulatorConfig)}


def _coerce_all(raw: Mapping[str, Any], *, source: str, from_text: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        name = key.replace("-", "_")
        if name not in _FIELDS:
            raise ConfigError(f"{source}: unknown key {key!r}")
        out[name] = _coerce(name, value, from_text=from_text, source=source)
    return out


def _coerce(name: str, value: Any, *, from_text: bool, source: str) -> Any:
    kind = _FIELDS[name].type
    try:
        if kind == "int":
            if isinstance(value, bool):
                raise ValueError(value)
            return int(value)
        if kind == "float":
            if isinstance(value, bool):
                raise ValueError(value)
            return float(value)
        if kind == "bool":
            if isinstance(value, bool):
                return value
            if str(value).lower() in ("1", "true", "yes", "on"):
                return True
            if str(value).lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(value)
        if kind == "list[dict[str, Any]]":
            if from_text and isinstance(value, str):
                value = json.loads(value)
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise ValueError(value)
            return [dict(v) for v in value]
        if kind == "list[str]":
            if from_text and isinstance(value, str):
                return [part.strip() for part in value.split(",") if part.strip()]
            if isinstance(value, str):
                return [value]
            if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
                raise ValueError(value)
            return list(value)
        if not isinstance(value, str):
            raise ValueError(value)
        return value
    except (TypeError, ValueError):
        raise ConfigError(f"{source}: bad value for {name!r}: {value!r} (expected {kind})") from None
