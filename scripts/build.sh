#!/usr/bin/env bash
# scripts/build.sh [TARGET...] — install what is missing, configure once, build into build/
# (everything, or the named targets). Every other script builds through it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
if [ ! -f "$root/build/build.ninja" ]; then
  cmake --preset default -S "$root" >/dev/null
fi
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build "$root/build" -j "${KSFUZZ_JOBS:-$(nproc)}" "${targets[@]}"
