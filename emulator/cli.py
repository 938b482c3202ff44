"""`atlan-emulator serve | config show`: the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .config import ConfigError, EmulatorConfig
from .config_flags import add_config_flags, overrides_from, readme_with_reference, reference_table
from .errors import ApiError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="atlan-emulator", description="A local emulator of the Atlan API.")
    parser.add_argument("--version", action="version", version=f"atlan-emulator {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the emulator")
    _config_flags(serve)

    seed = sub.add_parser("seed", help="write a generated tenant (a dataset) as JSON")
    seed.add_argument("--seed", type=int, default=42, help="the same seed gives the same tenant")
    seed.add_argument("--assets", type=int, default=1000, help="how many assets (entities) to generate")
    seed.add_argument("--out", default="-", help="file to write ('-': standard output)")

    contracts = sub.add_parser("contracts", help="the JSON Schemas of contracts/: list them, check captured traffic")
    contracts_sub = contracts.add_subparsers(dest="contracts_command", required=True)
    contracts_sub.add_parser("list", help="every route with its request and response contract")
    check = contracts_sub.add_parser("check", help="check captured exchanges (JSON Lines or HAR); exit 1 on any violation")
    check.add_argument("files", nargs="+", metavar="FILE")

    config = sub.add_parser("config", help="configuration")
    config_sub = config.add_subparsers(dest="config_command", required=True)
    show = config_sub.add_parser("show", help="print the effective configuration as TOML-like lines")
    _config_flags(show)
    reference = config_sub.add_parser("reference", help="the configuration reference as a Markdown table")
    reference.add_argument("--readme", metavar="PATH", help="rewrite the table between the markers in this file")
    return parser


def _config_flags(parser: argparse.ArgumentParser) -> None:
    add_config_flags(parser)  # one flag per EmulatorConfig field, generated (config_flags.py)


def _load_config(args: argparse.Namespace) -> EmulatorConfig:
    overrides = overrides_from(args)
    import os

    file = args.config or os.environ.get("ATLAN_EMULATOR_CONFIG")
    return EmulatorConfig.load(file=file, overrides=overrides)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "contracts":
        from .contract_check import run_check, run_list
        from .contracts import load_contracts

        if args.contracts_command == "list":
            return run_list(load_contracts(), sys.stdout)
        return run_check(load_contracts(), args.files, sys.stdout)
    if args.command == "seed":
        from .seeding.cli import write_generated

        return write_generated(seed=args.seed, assets=args.assets, out=args.out)
    if args.command == "config" and args.config_command == "reference":
        return _write_reference(args.readme)
    try:
        config = _load_config(args)
    except (ConfigError, OSError) as exc:
        print(f"atlan-emulator: configuration error: {exc}", file=sys.stderr)
        return 2
    if args.command == "config":
        for key, value in config.public_dict().items():
            print(f"{key} = {value!r}")
        return 0
    from .logs import configure_logging
    from .server import serve_forever

    configure_logging(config.log_format)

    def ready(url: str) -> None:
        api_key = config.api_keys[0] if config.api_keys else "any-non-empty-token"
        print(f"atlan-emulator {__version__} listening on {url}", flush=True)
        print(f"  dataset={config.dataset} seed={config.seed} clock={config.clock} "
              f"deletion_delay={config.deletion_delay}s", flush=True)
        tenants = f"per-token (at most {config.max_tenants})" if config.tenancy == "per-token" else "single"
        print(f"  tenancy={tenants} state={config.state_file or 'memory'} "
              f"admin={'X-Emulator-Admin-Token required' if config.admin_token else 'open'} "
              f"log_format={config.log_format}", flush=True)
        print(f"export ATLAN_BASE_URL={url}", flush=True)
        print(f"export ATLAN_API_KEY={api_key}", flush=True)

    try:
        serve_forever(config, on_ready=ready)
    except ApiError as exc:
        print(f"atlan-emulator: {exc.message}", file=sys.stderr)
        return 2
    except ConfigError as exc:
        print(f"atlan-emulator: configuration error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"atlan-emulator: cannot listen on {config.host}:{config.port}: {exc}", file=sys.stderr)
        return 1
    return 0


def _write_reference(readme: str | None) -> int:
    if readme is None:
        sys.stdout.write(reference_table())
        return 0
    with open(readme, encoding="utf-8") as fh:
        text = fh.read()
    try:
        updated = readme_with_reference(text)
    except ValueError as exc:
        print(f"atlan-emulator: {exc}", file=sys.stderr)
        return 2
    with open(readme, "w", encoding="utf-8") as fh:
        fh.write(updated)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
