#!/usr/bin/env bash
# Installs the peer servers the peer benchmark compares against, into bench/.peers (not committed):
# WireMock standalone and Prism from the npm registry (WireMock runs on the machine's Java),
# and moto's server mode in its own virtualenv.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p .peers
cd .peers
[ -f package.json ] || npm init -y >/dev/null
[ -x node_modules/.bin/wiremock ] || npm install --no-fund --no-audit wiremock@3.13.2 @stoplight/prism-cli@5.16.0
[ -x moto/bin/moto_server ] || { python3 -m venv moto && moto/bin/pip install -q 'moto[server]'; }
echo "peers ready in $(pwd)"
