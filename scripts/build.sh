#!/usr/bin/env bash
# scripts/build.sh [TARGET...] — install what is missing, configure once, build into build/
# (everything, or the named targets). Every other script builds through it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KSFUZZ_BUILD_DIR:-$root/build}  # another build tree, e.g. the one ctest runs from
"$root/scripts/deps.sh"
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake --preset default -S "$root" -B "$build" >/dev/null
fi
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build "$build" -j "${KSFUZZ_JOBS:-$(nproc)}" "${targets[@]}"
