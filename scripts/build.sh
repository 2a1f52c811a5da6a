#!/usr/bin/env bash
# scripts/build.sh — configure (once) and build ksfuzz into build/. Every script builds through it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
if [ ! -f "$root/build/build.ninja" ]; then
  cmake --preset default -S "$root" >/dev/null
fi
cmake --build "$root/build" -j "$(nproc)" "$@"
