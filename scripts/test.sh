#!/usr/bin/env bash
# scripts/test.sh — the test command: dependencies, configure, build, then every ctest test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh"
cd "${KSFUZZ_BUILD_DIR:-$root/build}"
exec ctest --output-on-failure -j "$(nproc)" "$@"
