#!/usr/bin/env bash
# Every benchmark in one go, one after another on the same machine (never in parallel: they would
# measure each other), with the machine and the date first. Run by hand, not in CI.
#
#   bench/run_all.sh            # the issue-9 set: peers, entity, mixed load on 100k, cost growth 10k/100k/1M
#   bench/run_all.sh --quick    # smaller sizes, for a smoke run (minutes, not tens of minutes)
#   bench/run_all.sh --all      # also the per-area benchmarks (search, seeding, contracts, faults, workflows)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
[ -x "$PY" ] || PY=python3
MODE=${1:-}

echo "== $(date -u '+%Y-%m-%d %H:%M UTC')  $(nproc) cores  $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "   $(free -g | awk '/Mem:/ {print $2 " GiB RAM"}'), load average $(cut -d' ' -f1-3 /proc/loadavg), $($PY --version)"

if [ "$MODE" = "--quick" ]; then
    PEERS=(--requests 2000); ENTITY=(--requests 2000 --bulk 2000)
    MIXED=(--assets 10000 --requests 3000); GROWTH=(--sizes 10000 30000 --runs 11)
else
    PEERS=(--requests 5000); ENTITY=(--requests 5000)
    MIXED=(--assets 100000 --requests 10000); GROWTH=(--sizes 10000 100000 1000000)
fi

echo; echo "== peers: the same GET through the emulator, a bare aiohttp handler, WireMock, Prism, moto"
if [ -x bench/.peers/node_modules/.bin/wiremock ]; then
    "$PY" bench/peers_bench.py "${PEERS[@]}"
else
    echo "(skipped: run bench/peers_setup.sh first)"
fi

echo; echo "== entity: GET-by-GUID against a bare aiohttp handler, bulk create"
"$PY" bench/entity_bench.py "${ENTITY[@]}"

echo; echo "== mixed load: 70% search / 20% GET / 10% bulk writes at concurrency 32"
"$PY" bench/mixed_bench.py "${MIXED[@]}"

echo; echo "== cost growth: search latency and memory by tenant size"
"$PY" bench/growth_bench.py "${GROWTH[@]}"

if [ "$MODE" = "--all" ]; then
    for script in search_bench seeding_bench contracts_bench faults_bench faults_decide_bench workflows_bench; do
        if [ -f "bench/$script.py" ]; then
            echo; echo "== $script"
            PYTHONPATH=. "$PY" "bench/$script.py"
        fi
    done
fi
